"""`profilegen new note`: a dated draft note with front matter, never overwriting a file."""

from __future__ import annotations

import datetime as dt
import shutil

import yaml

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


def test_a_very_long_title_gets_a_file_name_cut_at_a_word(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    title = " ".join(["Participatie"] * 23) + " en nog veel meer woorden"  # 320 characters
    assert len(title) > 300
    result = run_cli("new", "note", title, "--source", site)
    assert result.returncode == 0, result.stderr
    path = next(p for p in (site / "content" / "notes").glob("*.md") if "participatie" in p.name)
    today = dt.date.today().isoformat()
    assert path.name.startswith(f"{today}-participatie-") and path.name.endswith("-participatie.md")
    assert len(path.stem) - len(today) - 1 <= 80 and len(path.name.encode()) <= 255
    assert result.stdout.strip().endswith(f"content/notes/{path.name}")
    assert yaml.safe_load(path.read_text("utf-8").split("---\n")[1])["title"] == title
    assert run_cli("build", "--source", site, "-q", "--drafts").returncode == 0
    assert (site / "_site" / "notes" / path.stem / "index.html").is_file()


def test_a_title_is_written_into_yaml_by_the_yaml_library(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    title = 'Back\\slash, "quotes": #hash & *ster 😀'
    run_cli("new", "note", title, "--source", site, check=True)
    path = next((site / "content" / "notes").glob("*-back-slash-*.md"))
    assert yaml.safe_load(path.read_text("utf-8").split("---\n")[1])["title"] == title
    run_cli("build", "--source", site, "-q", "--drafts", check=True)


def test_a_title_with_a_control_character_is_refused_and_nothing_is_written(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    before = sorted((site / "content" / "notes").iterdir())
    result = run_cli("new", "note", "Wat\x1b[31m ik leerde", "--source", site)
    assert result.returncode == 1
    assert result.stderr == ("TITLE: error: the title holds a control character or a byte that is not UTF-8 text; "
                             "type it again\n")
    assert sorted((site / "content" / "notes").iterdir()) == before
    assert run_cli("new", "note", "Wat ik leerde", "--source", site).returncode == 0


def test_a_notes_folder_that_leads_outside_the_profile_gets_nothing(tmp_path):
    site, elsewhere = tmp_path / "p", tmp_path / "elders"
    run_cli("init", site, "-q", check=True)
    elsewhere.mkdir()
    shutil.rmtree(site / "content" / "notes")
    (site / "content" / "notes").symlink_to(elsewhere)
    result = run_cli("new", "note", "Buiten", "--source", site)
    assert result.returncode == 1
    assert result.stderr == (f"content/notes/{dt.date.today().isoformat()}-buiten.md: error: the notes folder leads "
                             f"outside the profile (to {elsewhere.resolve()}); nothing was written\n")
    assert list(elsewhere.iterdir()) == []
    (site / "content" / "notes").unlink()
    assert run_cli("new", "note", "Buiten", "--source", site).returncode == 0  # the folder is made again


def test_a_full_disk_leaves_no_half_note_and_no_folder(tmp_path, monkeypatch, capsys):
    import errno
    import gc
    import os

    from profilegen.cli import main

    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    shutil.rmtree(site / "content" / "notes")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", full)
    try:
        assert main(["new", "note", "Vol", "--source", str(site)]) == 1
    finally:
        gc.enable()  # (main() switches the collector off for the rest of a one-shot process)
    name = f"content/notes/{dt.date.today().isoformat()}-vol.md"
    assert capsys.readouterr().err == f"{name}: error: cannot write the file: No space left on device\n"
    assert not (site / "content" / "notes").exists()  # the folder it made is gone again
    monkeypatch.undo()
    assert main(["new", "note", "Vol", "--source", str(site), "-q"]) == 0
    gc.enable()
    assert [p.name for p in (site / "content" / "notes").iterdir()] == [name.rsplit("/", 1)[1]]
    assert oct((site / name).stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # not mkstemp's 0600


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
