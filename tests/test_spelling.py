"""spelling.unknown: real misspellings found with the right suggestion, correct Dutch left alone,
markup skipped, `check --learn` editing site.yaml safely, builds and the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, run_cli

CORPUS = Path(__file__).parent / "spelling_corpus"
SITE = """\
# Mijn profiel
title: "Sanne Verhoeven"
base_url: "https://example.nl/"
language: nl
languages: [en]
author:
  name: Sanne Verhoeven
  organisation: Gemeente Utrecht
  location: Utrecht
topics: [participatie, energietransitie, omgevingswet]
"""


def _site(tmp_path: Path, notes: dict[str, str], *, settings: str = SITE, english: dict[str, str] = {}) -> Path:
    site = tmp_path / "site"
    for folder, files in (("content/notes", notes), ("content/en/notes", english)):
        (site / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (site / folder / name).write_text(text, "utf-8")
    (site / "site.yaml").write_text(settings, "utf-8")
    return site


def _spelling(site: Path, *extra: str) -> list[dict]:
    result = run_cli("check", "--source", site, "--format", "json", *extra)
    assert result.returncode in (0, 1) and result.stdout.startswith("["), result.stderr  # (1: a privacy error)
    return [f for f in json.loads(result.stdout) if f["rule"] == "spelling.unknown"]


def _word(finding: dict) -> str:
    return finding["message"].split("'")[1]


def _misspellings() -> list[tuple[str, str, str]]:
    lines = (CORPUS / "misspellings.tsv").read_text("utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def test_real_misspellings_are_found_with_the_right_word_suggested(tmp_path):
    rows = _misspellings()
    assert len(rows) >= 40
    note = lambda lang: "---\ntitle: Notitie\n---\n" + "\n\n".join(
        f"Dit woord is {typo} geschreven." if lang == "nl" else f"This word is {typo} here."
        for typo, _, language in rows if language == lang)
    site = _site(tmp_path, {"2026-01-01-a.md": note("nl")}, english={"2026-01-01-a.md": note("en")})
    findings = {(_word(f), "en" if "/en/" in f["file"] else "nl"): f for f in _spelling(site)}
    found = [(typo, meant) for typo, meant, lang in rows if (typo, lang) in findings]
    right = [typo for typo, meant in found if meant in findings[(typo, dict((r[0], r[2]) for r in rows)[typo])]
             ["suggestion"].split("?")[0]]
    # "calender" is an English word too (a machine that presses cloth): no dictionary can flag it.
    assert len(found) >= len(rows) - 1 and len(found) >= 40
    assert len(right) / len(found) >= 0.9, sorted(set(t for t, _ in found) - set(right))


def test_three_hundred_lines_of_professional_dutch_give_no_finding(tmp_path):
    text = (CORPUS / "correct-nl.md").read_text("utf-8")
    assert len(text.splitlines()) >= 300
    for compound in ("gemeenteraadsvergadering", "energietransitie", "stakeholders", "workshop", "kick-off"):
        assert compound in text.lower()
    site = _site(tmp_path, {"2026-03-01-lessen.md": text})
    assert [(f["line"], _word(f)) for f in _spelling(site)] == []


def test_the_example_profile_checks_clean():
    result = run_cli("check", "--source", REPO, "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


NOTE = """\
---
title: "Een definatief plan"
summary: "Over de vergaderring"
tags: [participatie, wijkaanpkak]
draft: false
---
Ik schreef `onmiddelijk` in code, en dit:

```
definatief = True
```

Zie https://example.nl/onmiddelijk of mail naar onmiddelijk@example.nl, of lees verslagg.pdf.
<span class="onmiddelijk">tekst</span> en ![een foto van de vergaderringg](images/onmiddelijk.png)
Een [link naar de agenda](https://example.nl/agendaa) en GGD, VvE, LinkedIn, 3e, Verhoeven.
<!-- profilegen: ignore spelling.unknown -->
Deze regel heeft definatief een uitzondering.
Maar deze regel niet: eigelijk. Bijv. dhr. Jansen, evt. incl. btw, enz.
Voor gemeenteraads- en beleids- of uitvoeringsorganisaties, woning- en wijkaanpak.
"""


def test_markup_is_skipped_and_titles_summaries_tags_and_alt_texts_are_read(tmp_path):
    site = _site(tmp_path, {"2026-02-01-plan.md": NOTE})
    found = [(f["line"], f["column"], _word(f)) for f in _spelling(site)]
    assert found == [(2, 13, "definatief"), (3, 19, "vergaderring"), (4, 22, "wijkaanpkak"),
                     (14, 61, "vergaderringg"), (18, 23, "eigelijk")]


def test_words_of_the_author_topics_tags_and_the_word_list_are_known(tmp_path):
    settings = SITE.replace("name: Sanne Verhoeven", "name: Femke Wubbolts").replace(
        "organisation: Gemeente Utrecht", "organisation: Resonantz").replace("location: Utrecht", "location: Hoogkerk")
    settings = settings.replace("topics: [participatie", "topics: [omgevingslab, participatie")
    note = ("---\ntitle: Kwartiermaken\ntags: [Hengstdalaanpak]\n---\n"
            "Femke Wubbolts van Resonantz in Hoogkerk: het Omgevingslab, de Hengstdalaanpak en Dokk.\n")
    site = _site(tmp_path, {"2026-02-01-a.md": note}, settings=settings)
    # A tag is checked where it is written (line 3), and then known in the text.
    assert [(f["line"], _word(f)) for f in _spelling(site)] == [(2, "Kwartiermaken"), (3, "Hengstdalaanpak"),
                                                                (5, "Dokk")]
    site.joinpath("site.yaml").write_text(settings + "check:\n  words_known: [kwartiermaken, hengstdalaanpak, Dokk]\n")
    assert _spelling(site) == []


def test_learn_adds_words_to_site_yaml_keeping_comments_and_layout(tmp_path):
    site = _site(tmp_path, {"2026-02-01-a.md": "---\ntitle: Notitie\n---\nHet Omgevingslab van Resonantz.\n"},
                 settings=SITE + "check:\n  ignore: [focus]   # later\n  # mijn woorden\n")
    assert {_word(f) for f in _spelling(site)} == {"Omgevingslab", "Resonantz"}
    assert _spelling(site, "--learn", "Omgevingslab", "Resonantz") == []
    assert (site / "site.yaml").read_text("utf-8") == SITE + (
        "check:\n  ignore: [focus]   # later\n  words_known: [Omgevingslab, Resonantz]\n  # mijn woorden\n")
    run_cli("check", "--source", site, "--learn", "omgevingslab", "yes", check=True)  # known already; 'yes' quoted
    assert (site / "site.yaml").read_text("utf-8").count('words_known: [Omgevingslab, Resonantz, "yes"]') == 1


@pytest.mark.parametrize("check_section, expected", [
    ("", "check:\n  words_known: [Zorgpoort]\n"),
    ("check:\n  words_known:\n    - Buurtkamer   # van de wijk\n", "check:\n  words_known:\n    - Buurtkamer   # van de wijk\n    - Zorgpoort\n"),
    ("check:\n  words_known: []\n", "check:\n  words_known: [Zorgpoort]\n"),
])
def test_learn_extends_the_list_where_it_is(tmp_path, check_section, expected):
    site = _site(tmp_path, {}, settings=SITE + check_section)
    run_cli("check", "--source", site, "--learn", "Zorgpoort", check=True)
    assert (site / "site.yaml").read_text("utf-8") == SITE + expected


def test_learn_refuses_what_it_cannot_edit_safely_and_leaves_the_file_as_it_was(tmp_path):
    settings = (SITE + "check: {ignore: [focus]}\n").replace("\n", "\r\n").encode("utf-8")
    site = _site(tmp_path, {})
    (site / "site.yaml").write_bytes(b"\xef\xbb\xbf" + settings)
    result = run_cli("check", "--source", site, "--learn", "Zorgpoort")
    assert result.returncode == 1 and "add the words to check.words_known yourself" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "site.yaml").read_bytes() == b"\xef\xbb\xbf" + settings
    assert [p.name for p in site.iterdir() if p.name.startswith(".site.yaml")] == []


def test_learn_keeps_crlf_line_ends(tmp_path):
    site = _site(tmp_path, {})
    (site / "site.yaml").write_bytes(SITE.replace("\n", "\r\n").encode())
    run_cli("check", "--source", site, "--learn", "Zorgpoort", check=True)
    assert (site / "site.yaml").read_bytes() == (SITE + "check:\n  words_known: [Zorgpoort]\n").replace("\n", "\r\n").encode()


def test_words_known_is_validated_like_every_setting(tmp_path):
    site = _site(tmp_path, {}, settings=SITE + "check:\n  words_known: {Zorgpoort: ja}\n")
    result = run_cli("check", "--source", site)
    assert result.returncode == 1 and result.stderr.startswith("site.yaml:12:16: error:"), result.stderr
    assert "Traceback" not in result.stderr
    # A list may be written as one text with commas, as everywhere; --learn leaves that to the user.
    site.joinpath("site.yaml").write_text(SITE + "check:\n  words_known: Omgevingslab, Resonantz\n")
    assert _spelling(site) == []
    refused = run_cli("check", "--source", site, "--learn", "Dokk")
    assert refused.returncode == 1 and "add the words to check.words_known yourself: Dokk" in refused.stderr


def test_a_build_spells_only_with_check_spelling_and_strict_stops_it(tmp_path):
    site = _site(tmp_path, {"2026-02-01-a.md": "---\ntitle: Notitie\n---\nEen definatief plan.\n"})
    assert "spelling.unknown" not in run_cli("build", "--source", site, check=True).stderr
    site.joinpath("site.yaml").write_text(SITE + "check:\n  spelling: true\n")
    built = run_cli("build", "--source", site, check=True)
    assert "'definatief' is not in the Dutch dictionary [spelling.unknown]" in built.stderr
    assert run_cli("build", "--source", site, "--strict").returncode == 1


def test_the_dashboard_lists_unknown_words_with_suggestions_and_counts(tmp_path):
    from profilegen.build import load_profile
    from profilegen.serve.dashboard import dashboard_page

    site = _site(tmp_path, {"2026-02-01-a.md": "---\ntitle: Notitie\n---\nEen definatief plan, definatief echt.\n"})
    page = dashboard_page(load_profile(site), None)
    assert "<mark>definatief</mark></td><td>2</td><td>definitief</td>" in page


def test_the_dictionaries_are_loaded_before_the_check_forks_its_workers(tmp_path, monkeypatch):
    """Each forked worker used to load Dutch (about a second) and its English fallback again."""
    import profilegen.check as check
    import profilegen.parallel as parallel
    from profilegen.build import load_profile
    from profilegen.check import spelling

    notes = {f"2026-01-{day:02d}-notitie.md": f"---\ntitle: Notitie {day}\n---\nDit plan is definatief, "
             "zei de wethouder over de kick-off.\n" for day in range(1, 7)}
    site = _site(tmp_path, notes, settings=SITE + "check:\n  spelling: true\n")
    at_fork = []
    real_fork_imap = parallel.fork_imap

    def recording(function, count, workers):
        if function.__qualname__.startswith("_check_pages"):
            at_fork.append((workers, spelling.dictionary.cache_info().currsize))
        return real_fork_imap(function, count, workers)

    monkeypatch.setattr(parallel, "fork_imap", recording)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(check, "PARALLEL_THRESHOLD", 2)
    spelling.dictionary.cache_clear()
    result = check.run_check(load_profile(site))
    assert at_fork == [(2, 2)]  # (nl and its fallback en_GB, in this process)
    assert sorted(f.file for f in result.findings if f.rule == "spelling.unknown" and "definatief" in f.message) \
        == sorted(f"content/notes/{name}" for name in notes)


def test_a_word_longer_than_any_is_reported_without_searching_for_what_it_meant(tmp_path, monkeypatch):
    """Found by the long fuzz run: `check` spent minutes and gigabytes on the 200,000 edits of
    a 3,000-letter 'word' (a pasted entity). It is unknown, with no suggestion, and the limit
    is above the longest compounds in use."""
    from profilegen.check import spelling

    long_word = "a" * 3000
    site = _site(tmp_path, {"2026-01-01-a.md": f"---\ntitle: Notitie\n---\nDit is {long_word} geplakt.\n"})
    findings = {_word(f): f for f in _spelling(site)}
    assert long_word in findings and "?" not in findings[long_word]["suggestion"]
    def no_search(word):
        raise AssertionError(f"edits of a {len(word)}-letter word were made")

    monkeypatch.setattr(spelling, "_one_edit_away", no_search)
    assert spelling.dictionary("nl").suggest(long_word) == ()
    assert len("kindercarnavalsoptochtvoorbereidingswerkzaamheden") <= spelling.LONGEST_SUGGESTED
