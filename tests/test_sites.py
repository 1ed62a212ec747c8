"""Whole fixture profiles: every invalid one fails cleanly with its located error line."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

from profilegen.write import MANIFEST, manifest_text  # noqa: E402

SITES = Path(__file__).resolve().parent / "sites"
INVALID = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p.name for p in (SITES / "valid").iterdir() if p.is_dir())


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_profile_exits_1_with_its_error_line_and_keeps_the_previous_site(case, tmp_path):
    source = tmp_path / case
    shutil.copytree(SITES / "invalid" / case, source, ignore=shutil.ignore_patterns("expected.txt"))
    expected = (SITES / "invalid" / case / "expected.txt").read_text("utf-8").strip()
    # A previous good site in _site/, made from a valid profile with the same output folder.
    previous = source / "_site"
    previous.mkdir()
    (previous / "index.html").write_text("<p>the site as it was</p>", "utf-8")
    (previous / ".nojekyll").write_text("", "utf-8")
    (previous / MANIFEST).write_text(manifest_text(["index.html", ".nojekyll"]), "utf-8")
    before = tree(previous)

    result = run_cli("build", "--source", source)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert tree(previous) == before
    leftovers = [p.name for p in source.iterdir() if p.name.startswith("._site.profilegen-")]
    assert leftovers == []


@pytest.mark.parametrize("case", VALID)
def test_valid_profile_builds_with_no_error_and_no_broken_link(case, tmp_path):
    source = tmp_path / case
    shutil.copytree(SITES / "valid" / case, source)
    result = run_cli("build", "--source", source)
    assert result.returncode == 0, result.stderr
    assert "error:" not in result.stderr and "broken link" not in result.stderr, result.stderr
    assert (source / "_site" / "index.html").is_file()
