"""The README's theme API lists exactly what templates receive (recorded from a real build)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import jinja2

from profilegen.build import build
from profilegen.view import PageView

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")
PER_PAGE = {"page_url", "canonical", "alternates", "language_links"}  # (rendered into every output)
HTML_PAGE = {"page", "title", "description", "og_type", "share"}


def _section(name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert match, f"README has no {name} section"
    return match.group(1)


def _names(cell: str) -> set[str]:
    """`profile`, `t(key, **values)` -> {"profile", "t"} (the first code name of each item)."""
    return {re.match(r"\w+", code).group(0) for code in re.findall(r"`([^`]+)`", cell)}


def _documented() -> tuple[set[str], dict[str, set[str]]]:
    common: set[str] = set()
    for row in _section("theme-api-common").splitlines()[2:]:
        common |= _names(row.split("|")[1])
    templates = {}
    for row in _section("theme-api-templates").splitlines()[2:]:
        _, names, receives, _ = row.split("|")
        for template in re.findall(r"`([^`]+)`", names):
            # (in the cell: the names before a parenthesis; what is inside one explains them)
            templates[template] = _names(re.sub(r"\([^)]*\)", "", receives))
    return common, templates


def test_the_readme_lists_what_every_template_receives(tmp_path, monkeypatch):
    site = tmp_path / "example"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    received: dict[str, set[str]] = {}
    render = jinja2.Template.render

    def recording(self, *args, **kwargs):
        context = dict(*args, **kwargs)
        received.setdefault(self.name, set()).update(context)
        return render(self, *args, **kwargs)
    monkeypatch.setattr(jinja2.Template, "render", recording)
    build(site, output=tmp_path / "out", use_cache=False, jobs=1)

    common, templates = _documented()
    assert set(templates) == set(received), "the README's template table and the templates rendered differ"
    everywhere = set.intersection(*received.values())
    assert common | PER_PAGE == everywhere, "names every template receives"
    for name, names in received.items():
        documented = names - everywhere
        expected = templates[name] | (HTML_PAGE if name.endswith(".html") else set())
        assert documented == expected, f"{name}: receives {sorted(documented)}, README says {sorted(expected)}"


def test_the_readme_lists_every_field_of_a_page_view():
    listed = set(re.findall(r"`(\w+)`", _section("theme-api-view")))
    fields = {f.name for f in dataclasses.fields(PageView)} | {"output_path", "lastmod"}
    assert listed == fields
