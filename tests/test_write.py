"""Output safety: a dangerous output folder is refused before anything is deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

SITE = Path(__file__).resolve().parent / "sites" / "valid" / "overrides"


@pytest.fixture
def source(tmp_path) -> Path:
    return Path(shutil.copytree(SITE, tmp_path / "profiel"))


def snapshot(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.parametrize("output, reason", [
    (".", "it is the source folder"),
    ("..", "it contains the source folder"),
    ("content", "it is part of your content/ folder"),
    ("content/notes", "it is part of your content/ folder"),
    ("static", "it is part of your static/ folder"),
    ("keep", "it holds site.yaml"),
    ("mine", "was not built by profilegen"),
])
def test_dangerous_output_folders_are_refused_and_nothing_is_deleted(source, output, reason):
    keep = source / "keep"
    keep.mkdir()
    (keep / "site.yaml").write_text("title: mine\n", "utf-8")
    (source / "mine").mkdir()
    (source / "mine" / "thesis.docx").write_text("years of work", "utf-8")
    (source / "content" / "notes").mkdir(exist_ok=True)
    before = snapshot(source.parent)
    result = run_cli("build", "--source", source, "--output", source / output)
    assert result.returncode == 1
    assert "refusing to build into" in result.stderr and reason in result.stderr
    assert "nothing was deleted" in result.stderr
    assert snapshot(source.parent) == before


def test_output_setting_outside_the_source_needs_an_explicit_flag(source, tmp_path):
    settings = source / "site.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(text + "output: ../elders\n", "utf-8")
    result = run_cli("build", "--source", source)
    assert result.returncode == 1 and "site.yaml:" in result.stderr and "to build elsewhere, pass --output" in result.stderr
    assert not (tmp_path / "elders").exists()
    settings.write_text(text, "utf-8")
    explicit = run_cli("build", "--source", source, "--output", tmp_path / "elders", "-q")
    assert explicit.returncode == 0 and (tmp_path / "elders" / "index.html").is_file()


def test_a_git_work_tree_is_never_an_output(source, tmp_path):
    other = tmp_path / "project"
    (other / ".git").mkdir(parents=True)
    (other / "README").write_text("mine", "utf-8")
    result = run_cli("build", "--source", source, "--output", other)
    assert result.returncode == 1 and "holds .git" in result.stderr
    assert (other / "README").read_text("utf-8") == "mine"


def test_a_successful_build_replaces_the_whole_output_and_leaves_no_temporary_folders(source):
    run_cli("build", "--source", source, "-q", check=True)
    notes = sorted((source / "content" / "notes").glob("*.md"))
    gone = source / "_site" / "notes" / notes[0].stem / "index.html"
    assert gone.is_file()
    notes[0].unlink()
    run_cli("build", "--source", source, "-q", check=True)
    assert not gone.exists() and (source / "_site" / "index.html").is_file()
    assert [p.name for p in source.iterdir() if p.name.startswith("._site.profilegen-")] == []
