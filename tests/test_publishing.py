"""Slips that only show once the site is online (check's publish.* and i18n.* rules), through the
CLI: a hint each, warned by `check` and by `build`, an error under `build --strict`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli

BILINGUAL = Path(__file__).resolve().parent / "sites" / "valid" / "bilingual"


@pytest.fixture
def profile(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", site / "static")
    return site


def findings(site: Path, rule: str) -> list[dict]:
    result = run_cli("check", "--source", site, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout) if f["rule"] == rule]


def assert_build_warns_and_strict_stops(site: Path, rule: str, said: str | None = None) -> None:
    said = said or f"[{rule}]"
    built = run_cli("build", "--source", site)
    assert built.returncode == 0 and said in built.stderr, built.stderr
    strict = run_cli("build", "--source", site, "--strict")
    assert strict.returncode == 1 and said in strict.stderr and "Traceback" not in strict.stderr


def test_the_example_has_none_of_these_slips(profile):
    result = run_cli("check", "--source", profile, "--format", "json")
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert not {r for r in rules if r.startswith(("publish.", "i18n."))}, rules


@pytest.mark.parametrize("name, layer", [("visie", "vision"), ("drijfveren", "drives"), ("ervaring", "experience"),
                                         ("toekomst", "future"), ("netwerk", "network"),
                                         ("waar-ik-voor-sta", "stand"), ("future-goals", "future"),
                                         ("Visoin", "vision"), ("experiance", "experience")])
def test_a_file_named_like_a_layer_gets_a_hint_to_rename_it(profile, name, layer):
    existing = profile / "content" / f"{layer}.md"
    text = existing.read_text("utf-8")
    existing.unlink()
    (profile / "content" / f"{name}.md").write_text(text, "utf-8")
    (found,) = findings(profile, "publish.layer-name")
    assert found["file"] == f"content/{name}.md" and found["line"] == 1
    assert f"'{layer}'" in found["message"] and f"rename the file to {layer}.md" in found["suggestion"]
    assert f"layer: {layer}" in found["suggestion"]


def test_a_page_of_its_own_beside_the_real_layer_is_no_slip(profile):
    (profile / "content" / "visie.md").write_text("---\ntitle: Visie op participatie\n---\nEen pagina.\n", "utf-8")
    assert findings(profile, "publish.layer-name") == []
    (profile / "content" / "contact.md").write_text("---\ntitle: Contact\n---\nMail me.\n", "utf-8")
    assert findings(profile, "publish.layer-name") == []


def test_the_hint_for_a_layer_name_warns_in_the_build(profile):
    (profile / "content" / "future.md").rename(profile / "content" / "toekomst.md")
    assert_build_warns_and_strict_stops(profile, "publish.layer-name")


def test_inits_example_address_is_a_warning(tmp_path):
    run_cli("init", tmp_path / "p", check=True)
    (found,) = findings(tmp_path / "p", "publish.placeholder-address")
    assert found["file"] == "site.yaml" and "jouw-gebruikersnaam.github.io" in found["message"]
    run_cli("init", tmp_path / "e", "--lang", "en", check=True)
    assert len(findings(tmp_path / "e", "publish.placeholder-address")) == 1
    assert_build_warns_and_strict_stops(tmp_path / "p", "publish.placeholder-address")


def test_a_note_whose_file_name_says_another_date_is_a_warning_at_its_date_line(profile):
    note = profile / "content" / "notes" / "2026-03-01-verschil.md"
    note.write_text("---\ntitle: Een notitie\ntags: [participatie]\ndate: 2026-03-08\n---\nTekst.\n", "utf-8")
    (found,) = findings(profile, "publish.note-date")
    assert (found["file"], found["line"]) == ("content/notes/2026-03-01-verschil.md", 4)
    assert "2026-03-01" in found["message"] and "2026-03-08" in found["message"]
    assert_build_warns_and_strict_stops(profile, "publish.note-date")
    note.write_text("---\ntitle: Een notitie\ntags: [participatie]\ndate: 2026-03-01\n---\nTekst.\n", "utf-8")
    assert findings(profile, "publish.note-date") == []


def test_untranslated_settings_are_named_once_and_the_pages_speak_one_language(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(BILINGUAL, site)
    settings = (site / "site.yaml").read_text("utf-8")
    settings = re.sub(r"(?s)\ni18n:.*", "\ni18n:\n  en:\n    topics: [mobility, collaboration]\n", settings)
    settings = settings.replace("topics: [mobiliteit, samenwerking]\n",
                                "topics: [mobiliteit, samenwerking]\n"
                                'description: "Ik verbind overheden en bedrijven rond deelmobiliteit."\n'
                                'linkedin:\n  call_to_action: "Mail me gerust over deelmobiliteit."\n')
    (site / "site.yaml").write_text(settings, "utf-8")
    found = findings(site, "i18n.untranslated")
    assert sorted(re.search(r"'([\w.]+)' has no text in 'en'", f["message"])[1] for f in found) == [
        "author.role", "description", "linkedin.call_to_action"]
    built = run_cli("build", "--source", site, check=True)
    assert built.stderr.count("[i18n.untranslated]") == 3
    english = (site / "_site" / "en" / "index.html").read_text("utf-8")
    dutch = (site / "_site" / "index.html").read_text("utf-8")
    assert "deelmobiliteit" in dutch and "Mail me gerust" in dutch
    assert "deelmobiliteit" not in english and "Mail me" not in english  # left out, not shown in Dutch
    assert "Programmamanager duurzame mobiliteit" in english  # the documented fallback for a role


def test_a_fully_translated_profile_has_no_finding():
    result = run_cli("check", "--source", BILINGUAL, "--format", "json")
    assert [f for f in json.loads(result.stdout) if f["rule"] == "i18n.untranslated"] == []


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_no_page_skips_a_heading_level_however_the_layers_begin(profile):
    from test_theme import vnu_errors

    bodies = {
        "stand": "### Waar ik voor sta\n\nTekst.\n\n##### Dieper\n\nMeer.\n\n### Nog een\n\nSlot.\n",
        "drives": "# Wat mij drijft\n\nTekst.\n\n### Overgeslagen niveau\n\nMeer.\n",
        "vision": "## Visie\n\nTekst.\n\n#### Twee dieper\n\nMeer.\n\n# Terug naar boven\n\nSlot.\n",
    }
    for layer, body in bodies.items():
        path = profile / "content" / f"{layer}.md"
        front, _, _ = path.read_text("utf-8").partition("\n---\n")
        path.write_text(front + "\n---\n" + body, "utf-8")
    note = profile / "content" / "notes" / "2026-03-01-koppen.md"
    note.write_text("---\ntitle: Koppen\ntags: [participatie]\n---\n#### Begint diep\n\nTekst.\n\n"
                    "###### Nog dieper\n\nMeer.\n", "utf-8")
    run_cli("build", "--source", profile, check=True)
    site = profile / "_site"
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        levels = heading_levels(page.read_text("utf-8"))
        assert levels and levels[0] == 1, (page, levels)
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not skips, f"{page.relative_to(site)}: {levels}"
    home = heading_levels((site / "index.html").read_text("utf-8"))
    assert 4 in home and 5 not in home  # stand's ##### sits one below its ###, under the layer's h2
    assert heading_levels((site / "notes" / "2026-03-01-koppen" / "index.html").read_text("utf-8"))[:3] == [1, 2, 3]
    stand = (site / "stand" / "index.html").read_text("utf-8")
    assert '<h2 id="waar-ik-voor-sta">' in stand and '<h3 id="dieper">' in stand  # ids stay the text's
    assert vnu_errors(site) == []


@pytest.mark.parametrize("path", ["C:\\Users\\sanne\\Pictures\\ik.jpg", "c:/Users/sanne/ik.jpg",
                                  "\\\\nas\\fotos\\ik.jpg"])  # (file: URLs never become links)
def test_an_image_on_the_writers_own_disk_is_a_warning_not_a_url(profile, path):
    stand = profile / "content" / "stand.md"
    stand.write_text(stand.read_text("utf-8") + f"\n![Sanne]({path})\n", "utf-8")
    (found,) = [f for f in findings(profile, "links.broken") if "own computer" in f["message"]]
    assert found["file"] == "content/stand.md" and path.replace("\\\\", "\\") in found["message"]
    assert_build_warns_and_strict_stops(profile, "links.broken", "is a path on your own computer")
