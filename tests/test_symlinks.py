"""Content is inside the profile: a link (symlink) in content/, templates/ or themes/ that leads
outside the profile folder, nowhere or round in a loop stops every command with a located
error and is never published; links that stay inside the profile keep working.

Every profile is built through the CLI, as a user runs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

SECRET = "OUTSIDE-SECRET-4f1c9 +31 6 12345678"  # (a phone number: `check` would report it if it read it)

NOTE = f"---\ntitle: Extern {SECRET}\ndate: 2026-11-20\ntags: [participatie]\n---\nTekst {SECRET}.\n"


def nowhere(site: Path, text: str = "OUTSIDE-SECRET-4f1c9") -> None:
    """``text`` is in no file of the built site (feed.xml, sitemap, every page and asset)."""
    if not site.exists():
        return
    for path in site.rglob("*"):
        if path.is_file():
            assert text.encode() not in path.read_bytes(), path


def somewhere(site: Path, text: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and text.encode() in p.read_bytes())


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the profile, as /etc or a private folder would be."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md").write_text(NOTE, "utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "2026-11-20-extern.md").write_text(NOTE, "utf-8")
    return folder


def refused(example: Path, message: str, *, commands=("build", "check", "linkedin")) -> None:
    """Every command exits 1 with exactly the one located error line, and reads nothing outside."""
    for command in commands:
        result = run_cli(command, "--source", example)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert result.stderr.splitlines() == [message], (command, result.stderr)
        assert "Traceback" not in result.stderr and "OUTSIDE-SECRET" not in result.stdout + result.stderr
    nowhere(example / "_site")


def outside_message(shown: str, target: Path, kind: str = "file") -> str:
    return (f"{shown}: error: this is a link to a {kind} outside the profile folder ({os.path.realpath(target)}); "
            f"profilegen never publishes what lies elsewhere on your computer: copy the {kind} into the "
            "profile folder instead of linking to it")


def test_a_note_linked_to_a_file_outside_is_refused_and_the_last_site_stays(example, outside):
    run_cli("build", "--source", example, "-q", check=True)
    before = {p: p.read_bytes() for p in (example / "_site").rglob("*") if p.is_file()}
    (example / "content" / "notes" / "2026-11-20-passwd.md").symlink_to(outside / "secret.md")
    refused(example, outside_message("content/notes/2026-11-20-passwd.md", outside / "secret.md"))
    assert {p: p.read_bytes() for p in (example / "_site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("link, target, kind", [
    ("content/passwd.md", "secret.md", "file"),             # a page of its own, linked out
    ("content/notes/extern", "notes", "folder"),             # a folder of notes linked out
    ("content/en/notes", "notes", "folder"),                 # ... replacing a real folder's place
])
def test_links_out_of_content_are_refused(example, outside, link, target, kind):
    place = example / link
    if place.is_dir():
        shutil.rmtree(place)
    place.symlink_to(outside / target)
    refused(example, outside_message(link, outside / target, kind))


def test_a_content_folder_that_is_a_link_out_of_the_profile_is_refused(example, tmp_path):
    """content/ itself may be a link only to a folder inside the profile (see the next test)."""
    elsewhere = tmp_path / "elsewhere-content"
    (example / "content").rename(elsewhere)
    (example / "content").symlink_to(elsewhere)
    refused(example, outside_message("content", elsewhere, "folder"))


def test_links_inside_the_profile_keep_working(example):
    """A linked note, a linked folder of notes and a content/ that is itself a link, all inside."""
    shared = example / "shared"
    (shared / "notes").mkdir(parents=True)
    (shared / "2026-11-21-gedeeld.md").write_text(NOTE.replace(SECRET, "INSIDE-LINKED-FILE")
                                                  .replace("2026-11-20", "2026-11-21"), "utf-8")
    (shared / "notes" / "2026-11-22-map.md").write_text(NOTE.replace(SECRET, "INSIDE-LINKED-FOLDER")
                                                        .replace("2026-11-20", "2026-11-22"), "utf-8")
    (example / "src").mkdir()
    (example / "content").rename(example / "src" / "content")
    (example / "content").symlink_to(Path("src") / "content")            # relative, inside
    notes = example / "src" / "content" / "notes"
    (notes / "2026-11-21-gedeeld.md").symlink_to(shared / "2026-11-21-gedeeld.md")   # absolute, inside
    (notes / "map").symlink_to(Path("..") / ".." / ".." / "shared" / "notes")
    result = run_cli("build", "--source", example, "-q")
    assert result.returncode == 0, result.stderr
    site = example / "_site"
    for text in ("INSIDE-LINKED-FILE", "INSIDE-LINKED-FOLDER"):
        found = somewhere(site, text)
        assert "index.html" in found and "feed.xml" in found, (text, found)
    assert (site / "notes" / "2026-11-21-gedeeld" / "index.html").is_file()
    for command in ("check", "linkedin"):
        result = run_cli(command, "--source", example)
        assert "error: this is a link" not in result.stderr and "Traceback" not in result.stderr, command


def test_a_dangling_link_and_link_loops_are_located_errors(example):
    content = example / "content"
    (content / "gone.md").symlink_to(example / "nowhere.md")
    (content / "a.md").symlink_to("b.md")
    (content / "b.md").symlink_to("a.md")
    (content / "notes" / "terug").symlink_to("..")                      # a folder that contains itself
    (content / "_skipped.md").symlink_to("/etc/passwd")                 # skipped by name: never looked at
    (content / "photo.jpg").symlink_to("/etc/hostname")                 # not a content file: never read
    result = run_cli("build", "--source", example)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    loop = "this is a link that leads back to itself through other links (a loop), so it points at nothing; " \
           "remove the link"
    assert result.stderr.splitlines() == [
        f"content/a.md: error: {loop}",
        f"content/b.md: error: {loop}",
        f"content/gone.md: error: this is a link to '{example / 'nowhere.md'}', which does not exist; remove the "
        "link or point it at a file in the profile folder",
        "content/notes/terug: error: this is a link to a folder that contains it, so reading it would never end "
        "(a loop); remove the link",
    ]


def test_a_loop_through_two_folder_links_ends(example):
    """content/notes/x -> ../../elders, elders/y -> ../content: each alone looks harmless."""
    (example / "elders").mkdir()
    (example / "content" / "notes" / "x").symlink_to(Path("..") / ".." / "elders")
    (example / "elders" / "y").symlink_to(Path("..") / "content")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == ["content/notes/x/y: error: this is a link to a folder that contains "
                                          "it, so reading it would never end (a loop); remove the link"]


def _use_theme(example: Path) -> None:
    """theme: eigen in site.yaml (the example has no theme: line)."""
    text = (example / "site.yaml").read_text("utf-8").replace("language: nl\n", "language: nl\ntheme: eigen\n", 1)
    (example / "site.yaml").write_text(text, "utf-8")


def _own_theme(example: Path) -> Path:
    _use_theme(example)
    theme = example / "themes" / "eigen"
    for part in ("templates", "static", "i18n"):
        (theme / part).mkdir(parents=True)
    return theme


@pytest.mark.parametrize("link, kind", [
    ("templates/_footer.html", "file"),
    ("templates", "folder"),
    ("themes/eigen/templates/_footer.html", "file"),
    ("themes/eigen/static/secret.css", "file"),
    ("themes/eigen/i18n/nl.yaml", "file"),
    ("themes/eigen", "folder"),
])
def test_links_out_of_templates_and_themes_are_refused(example, outside, link, kind):
    _own_theme(example)
    (outside / "_footer.html").write_text(f"<footer>{SECRET}</footer>\n", "utf-8")
    (outside / "nl.yaml").write_text(f"skip_to_content: {SECRET}\n", "utf-8")
    (outside / "secret.css").write_text(f"/* {SECRET} */\n", "utf-8")
    for folder in ("templates", "static", "i18n"):
        (outside / folder).mkdir()
        (outside / folder / "_footer.html").write_text(f"<footer>{SECRET}</footer>\n", "utf-8")
    target = outside / (Path(link).name if kind == "file" else "")
    place = example / link
    if place.is_dir():
        shutil.rmtree(place)
    place.parent.mkdir(parents=True, exist_ok=True)
    place.symlink_to(target)
    refused(example, outside_message(link, target, kind))


def test_a_theme_linked_from_inside_the_profile_builds(example):
    """themes/eigen -> ../mijn-thema, with a template and the theme's words that are links inside too."""
    mine = example / "mijn-thema"
    (mine / "templates").mkdir(parents=True)
    (mine / "i18n").mkdir()
    (example / "stukken").mkdir()
    (example / "stukken" / "voet.html").write_text('{% extends "!theme/_footer.html" %}\n', "utf-8")
    (example / "stukken" / "nl.yaml").write_text("skip_to_content: INSIDE-LINKED-WORDS\n", "utf-8")
    (mine / "templates" / "_footer.html").symlink_to(Path("..") / ".." / "stukken" / "voet.html")
    (mine / "i18n" / "nl.yaml").symlink_to(example / "stukken" / "nl.yaml")
    _use_theme(example)
    (example / "themes").mkdir()
    (example / "themes" / "eigen").symlink_to(Path("..") / "mijn-thema")
    result = run_cli("build", "--source", example, "-q")
    assert result.returncode == 0, result.stderr
    assert "index.html" in somewhere(example / "_site", "INSIDE-LINKED-WORDS")
