"""`profilegen new note`: a dated draft note with front matter, never overwriting a file."""

from __future__ import annotations

import datetime as dt

from conftest import run_cli


def test_new_note_is_a_dated_draft_that_builds_with_drafts(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    result = run_cli("new", "note", "Wat ik leerde: één ding!", "--source", site, check=True)
    path = site / "content" / "notes" / f"{dt.date.today().isoformat()}-wat-ik-leerde-een-ding.md"
    assert path.is_file(), result.stdout
    text = path.read_text("utf-8")
    assert 'title: "Wat ik leerde: één ding!"' in text and "draft: true" in text
    run_cli("build", "--source", site, "-q", "--drafts", check=True)
    assert (site / "_site" / "notes" / path.stem / "index.html").is_file()
    run_cli("build", "--source", site, "-q", check=True)
    assert not (site / "_site" / "notes" / path.stem).exists()


def test_new_note_refuses_to_overwrite(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    run_cli("new", "note", "Twee keer", "--source", site, check=True)
    path = next((site / "content" / "notes").glob("*-twee-keer.md"))
    path.write_text("mijn tekst", "utf-8")
    again = run_cli("new", "note", "Twee keer", "--source", site)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text("utf-8") == "mijn tekst"


def test_new_note_with_a_language_the_site_lacks_is_a_usage_error(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    result = run_cli("new", "note", "x", "--lang", "de", "--source", site)
    assert result.returncode == 2 and "--lang" in result.stderr and "Traceback" not in result.stderr
