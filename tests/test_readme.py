"""The README's reference tables are generated from the settings declarations; keep them equal.

Regenerate with: python tests/test_readme.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from profilegen.config import Settings
from profilegen.content import FrontMatter
from profilegen.schema import reference_table

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = {"settings-reference": Settings, "front-matter-reference": FrontMatter}


def expected_readme(text: str) -> str:
    for name, cls in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        assert pattern.search(text), f"README lacks the {name} markers"
        text = pattern.sub(lambda m: m.group(1) + reference_table(cls) + m.group(2), text)
    return text


def test_reference_tables_match_the_declarations():
    text = README.read_text("utf-8")
    assert text == expected_readme(text), "README reference is stale: run python tests/test_readme.py --write"


def test_readme_setup_commands_are_the_ones_ci_runs():
    text = README.read_text("utf-8")
    assert "python3 -m pip install -e . && python3 -m profilegen build" in text
    assert "bash tests/run.sh" in text
    ci = (README.parent / ".ci" / "run").read_text("utf-8")
    assert "bash tests/run.sh" in ci


if __name__ == "__main__" and "--write" in sys.argv:
    README.write_text(expected_readme(README.read_text("utf-8")), "utf-8")


def test_the_repository_schema_file_is_current():
    """site.yaml's `yaml-language-server` comment points at site.schema.json; keep it in step."""
    import json

    from profilegen.config import SCHEMA_URL
    from profilegen.schema import json_schema

    committed = json.loads((README.parent / "site.schema.json").read_text("utf-8"))
    assert committed == json_schema(Settings, "profilegen site.yaml", SCHEMA_URL), \
        "run: python3 -m profilegen schema > site.schema.json"
