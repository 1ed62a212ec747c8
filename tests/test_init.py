"""`profilegen init`: a profile that builds at once, guides the writer, and publishes itself."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from conftest import run_cli

LAYER_FILES = ["stand", "drives", "expertise", "experience", "insights", "vision", "future", "network"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_init_writes_a_profile_that_builds_at_once(tmp_path, lang):
    target = tmp_path / "mijn-profiel"
    result = run_cli("init", target, "--lang", lang)
    assert result.returncode == 0, result.stderr
    settings = (target / "site.yaml").read_text("utf-8")
    assert settings.startswith("# yaml-language-server: $schema=site.schema.json")
    assert (target / "site.schema.json").is_file()
    assert yaml.safe_load(settings)["base_url"].endswith("/mijn-profiel/")
    assert f"language: {lang}" in settings
    for layer in LAYER_FILES:
        text = (target / "content" / f"{layer}.md").read_text("utf-8")
        assert "?" in text, f"{layer}.md asks no question"
        assert "lorem" not in text.lower()
    assert list((target / "content" / "notes").glob("*.md"))
    assert "_site/" in (target / ".gitignore").read_text("utf-8")
    build = run_cli("build", "--source", target)
    assert build.returncode == 0, build.stderr
    # The only remarks: the files still hold init's questions (and that is the point of them),
    # and base_url is still the example address.
    assert {re.search(r"\[([\w.\-]+)\]$", line).group(1) for line in build.stderr.splitlines()
            if ": warning: " in line} <= {"content.placeholder", "layers.no-future", "publish.placeholder-address"}
    home = (target / "_site" / "index.html").read_text("utf-8")
    assert "profilegen: placeholder" not in home


def test_the_workflow_publishes_with_the_official_pages_actions(tmp_path):
    run_cli("init", tmp_path / "p", "-q", check=True)
    workflow = yaml.safe_load((tmp_path / "p" / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = [step.get("uses", step.get("run", "")) for job in workflow["jobs"].values() for step in job["steps"]]
    text = "\n".join(steps)
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text
    assert "pip install" in text and "profilegen build" in text
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_init_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path):
    target = tmp_path / "bestaand"
    target.mkdir()
    (target / "notities.txt").write_text("van mij", "utf-8")
    result = run_cli("init", target)
    assert result.returncode == 1 and "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notities.txt"]
    assert (target / "notities.txt").read_text("utf-8") == "van mij"


def test_init_with_an_unknown_language_is_a_usage_error(tmp_path):
    result = run_cli("init", tmp_path / "x", "--lang", "de")
    assert result.returncode == 2 and not (tmp_path / "x").exists()


@pytest.mark.parametrize("name, repo", [("mijn profiel", "mijn-profiel"), ("café", "cafe"),
                                        (os.fsdecode(b"prof\xe9l"), "profl"), ("???", "profiel")])
def test_a_profile_made_in_any_folder_builds_and_takes_notes(tmp_path, name, repo):
    """Whatever the folder is called (a space, an accent, a byte that is not UTF-8), what init
    and import write builds: the repository name in base_url is one GitHub would make."""
    folder = tmp_path / name
    run_cli("init", folder, "-q", check=True)
    assert f'.github.io/{repo}/"' in (folder / "site.yaml").read_text("utf-8")
    run_cli("new", "note", "Eerste gedachte", "--source", folder, "-q", check=True)
    run_cli("build", "--source", folder, "-q", check=True)
    resume = tmp_path / "cv.json"
    resume.write_text('{"basics": {"name": "Femke de Vries"}}', "utf-8")
    imported = tmp_path / (name + "-import")
    run_cli("import", "jsonresume", resume, imported, "-q", check=True)
    run_cli("build", "--source", imported, "-q", check=True)
