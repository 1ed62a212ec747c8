"""`profilegen check`: a labelled corpus of true hits and near misses, the CLI, and the build."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "benchmarks"))
from check_recall import labelled  # noqa: E402  (the corpus's one reader, shared with the benchmark)

PRIVATE_AND_TONE = ("privacy.", "tone.")


CORPUS_NOTE = "content/notes/2026-01-15-corpus.md"  # a note: tone.bragging reads notes only
CORPUS_FRONT = "tags: [testen]\n"
CORPUS_FIRST_LINE = 5  # of the note, where the corpus text starts


def profile_with(tmp_path: Path, page: str, *, front: str = "", name: str = "content/corpus.md") -> Path:
    """A small valid profile whose author.email is public, with ``page`` as the file ``name``."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "sites" / "valid" / "overrides", site)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace(
        "  location: Zwolle\n", "  location: Zwolle\n  email: sanne@example.nl\n"), "utf-8")
    (site / name).write_text(f"---\ntitle: Corpus\n{front}---\n{page}", "utf-8")
    return site


def check_json(site: Path) -> list[dict]:
    result = run_cli("check", "--source", site, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def corpus_findings(tmp_path: Path, name: str) -> tuple[set, list, list[str]]:
    """(found, expected, lines) of a corpus file checked as a note, through the CLI."""
    text, expected = labelled(name)
    site = profile_with(tmp_path, text, front=CORPUS_FRONT, name=CORPUS_NOTE)
    found = {(f["line"] - CORPUS_FIRST_LINE + 1, f["column"], f["rule"]) for f in check_json(site)
             if f["file"] == CORPUS_NOTE and f["rule"].startswith(PRIVATE_AND_TONE)}
    return found, expected, text.splitlines()


def test_every_true_hit_is_found_at_its_line_and_column(tmp_path):
    found, expected, lines = corpus_findings(tmp_path, "hits.md")
    missing = [(e, lines[e[0] - 1]) for e in expected if e not in found]
    extra = [(f, lines[f[0] - 1]) for f in sorted(found - set(expected))]
    assert missing == [] and extra == [], f"missing: {missing}\nunexpected: {extra}"
    assert len(expected) >= 100
    rules = {rule for _, _, rule in expected}
    assert {"privacy.phone", "privacy.iban", "privacy.national-id", "privacy.email", "privacy.address",
            "privacy.birthdate", "tone.dismissive", "tone.bragging"} <= rules


def test_no_near_miss_is_flagged(tmp_path):
    found, _, lines = corpus_findings(tmp_path, "near-misses.md")
    assert [(f, lines[f[0] - 1]) for f in sorted(found)] == []
    assert len([line for line in lines if line.strip() and not line.startswith("```")]) >= 100


def test_json_shape_severity_and_exit_code(tmp_path):
    site = profile_with(tmp_path, "Bel 06-12345678.\n")
    result = run_cli("check", "--source", site, "--format", "json")
    assert result.returncode == 1
    finding = next(f for f in json.loads(result.stdout) if f["rule"] == "privacy.phone")
    assert set(finding) == {"file", "line", "column", "rule", "severity", "message", "suggestion"}
    assert (finding["file"], finding["line"], finding["column"], finding["severity"]) == \
        ("content/corpus.md", 4, 5, "error")
    text = run_cli("check", "--source", site)
    assert "content/corpus.md:4:5: error: " in text.stdout and "[privacy.phone]" in text.stdout
    assert re.search(r"\d+ errors?, \d+ warnings? in \d+ files?", text.stdout)


def test_front_matter_is_checked_at_its_own_line(tmp_path):
    site = profile_with(tmp_path, "Tekst.\n", front="summary: \"Bel 06-12345678\"\n")
    finding = next(f for f in check_json(site) if f["rule"] == "privacy.phone")
    assert (finding["line"], finding["column"]) == (3, 15)


def test_opt_outs_inline_and_in_site_yaml(tmp_path):
    site = profile_with(tmp_path, "<!-- profilegen: ignore privacy.phone -->\nBel 06-12345678.\n\n"
                                  "Mail jan@elders.example.org of idioten.\n")
    rules = {f["rule"] for f in check_json(site)}
    assert "privacy.phone" not in rules and "privacy.email" in rules
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "check:\n  ignore: [tone]\n  allow_emails: [jan@elders.example.org]\n",
                        "utf-8")
    rules = {f["rule"] for f in check_json(site)}
    assert not rules & {"privacy.email", "tone.dismissive"}
    run_cli("build", "--source", site, "-q", check=True)
    assert "profilegen: ignore" not in (site / "_site" / "corpus" / "index.html").read_text("utf-8")


def test_words_can_be_added_per_language(tmp_path):
    site = profile_with(tmp_path, "Wat een zuurpruimen daar.\n")
    assert not any(f["rule"] == "tone.dismissive" for f in check_json(site))
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "check:\n  words:\n    nl: [zuurpruimen]\n", "utf-8")
    assert any(f["rule"] == "tone.dismissive" for f in check_json(site))


def test_layers_focus_links_and_images(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    (site / "content" / "notes" / "2026-03-01-elders.md").write_text(
        "---\ntitle: Elders\ntags: [koken]\n---\n[kapot](bestaat-niet.md) ![](/images/x.png)\n", "utf-8")
    (site / "content" / "network.md").unlink()
    rules = [f["rule"] for f in check_json(site)]
    for expected in ("content.placeholder", "layers.no-future", "focus.off-topic", "links.broken", "a11y.image-alt"):
        assert expected in rules, expected
    assert "layers.missing" not in rules  # network is optional
    assert "layers.empty" not in rules  # every layer holds init's placeholder: that is said once, per file
    (site / "content" / "vision.md").write_text("---\ntitle: Visie\n---\n", "utf-8")
    assert "layers.empty" in [f["rule"] for f in check_json(site)]
    assert "linkedin.layer-empty" not in rules  # already said by layers.empty for the same files


def test_the_example_and_a_filled_in_scaffold_check_clean(tmp_path, example):
    assert check_json(example) == []
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    for path in (site / "content").rglob("*.md"):
        text = re.sub(r"<!-- profilegen: placeholder.*?-->\n", "", path.read_text("utf-8"))
        path.write_text(text, "utf-8")
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("  role: Jouw rol of vak", "  role: Adviseur")
                        .replace("[thema een, thema twee]", "[thema een, thema twee, water]")
                        .replace("jouw-gebruikersnaam.github.io", "adviseur.github.io"), "utf-8")
    assert [f for f in check_json(site) if f["severity"] == "error" or not f["rule"].startswith("linkedin")] == []


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_with_a_phone_number_stops_and_keeps_the_previous_site(example):
    run_cli("build", "--source", example, "-q", check=True)
    before = tree(example / "_site")
    drives = example / "content" / "drives.md"
    drives.write_text(drives.read_text("utf-8") + "\nBel me: 06-12345678\n", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1
    line = drives.read_text("utf-8").splitlines().index("Bel me: 06-12345678") + 1
    assert f"content/drives.md:{line}:9: error: " in result.stderr
    assert "[privacy.phone]" in result.stderr and "<!-- profilegen: ignore privacy.phone -->" in result.stderr
    assert tree(example / "_site") == before


def test_the_check_beside_the_render_still_comes_first_and_remembers_what_it_read(example):
    """The check runs in a child while the pages render: its errors are reported instead of a
    template's (as when it ran before the render), and the findings it remembers per file come
    back into the build cache, so the next build checks only what changed."""
    from profilegen.cache import load_cache

    run_cli("build", "--source", example, "-q", check=True)
    memo = load_cache(example).checked
    files = {key[0] for key in memo}
    assert "content/drives.md" in files and any(f.startswith("content/notes/") for f in files)
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "note.html").write_text("{{ page.title | no_such_filter }}\n", "utf-8")
    drives = example / "content" / "drives.md"
    drives.write_text(drives.read_text("utf-8") + "\nBel me: 06-12345678\n", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1 and "[privacy.phone]" in result.stderr, result.stderr
    assert "no_such_filter" not in result.stderr
    drives.write_text(drives.read_text("utf-8").replace("\nBel me: 06-12345678\n", ""), "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1 and "templates/note.html:1" in result.stderr, result.stderr


def test_build_prints_other_findings_as_warnings_and_strict_stops(example):
    vision = example / "content" / "vision.md"
    vision.write_text(vision.read_text("utf-8") + "\nDie critici zijn echt gestoord.\n", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 0 and "warning:" in result.stderr and "[tone.dismissive]" in result.stderr
    assert run_cli("build", "--source", example, "--strict").returncode == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_check_never_raises_on_arbitrary_markdown(tmp_path, text):
    from profilegen.build import load_profile
    from profilegen.check import focus, links, make_scan, privacy, tone  # noqa: F401  (they register)
    from profilegen.model import Page

    loaded = load_profile(REPO)
    profile = loaded.profile
    page = Page("page", "content/x.md", "x/", "X", None, text, 3, front="title: X\n")
    from profilegen.check import TEXT_RULES, Shared
    from profilegen.markdown import MarkdownRenderer

    scan = make_scan(page, profile)
    scan.shared = Shared({}, frozenset(), MarkdownRenderer(allow_html=False))
    for function in TEXT_RULES.values():
        for finding in function(scan):
            assert finding.line is None or finding.line >= 2


# Words and numbers the privacy and tone rules react to, glued by hypothesis with spaces,
# newlines and blank lines: the digit-region shortcut must find exactly what a scan of the
# whole text finds, also where a match crosses lines.
_WORDS = ["Kerkstraat", "12", "12a", "3512 AB", "2000", "Antwerpen", "06-12345678", "+31 6 1234 5678",
          "NL91 ABNA 0417 1643 00", "BSN", "111222333", "geboren op", "12-03-1980", "idioot",
          "die mensen zijn allemaal", "Those people are always", "“idioot”", "half-wit", "é", "٣", "x@y.nl",
          "`06-12345678`"]
_GLUE = [" ", "\n", "\n\n", "\n   \n", ": ", ""]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), max_size=12))
@example([("Kerkstraat", "\n"), ("12", "")])
@example([("2000", "\n\n"), ("Antwerpen", "")])
@example([("geboren op", "\n   \n"), ("12-03-1980", "")])
def test_digit_regions_find_what_a_whole_text_scan_finds(pieces):
    from profilegen.build import load_profile
    from profilegen.check import TEXT_RULES, Scan, make_scan, privacy, tone  # noqa: F401  (they register)
    from profilegen.model import Page

    profile = load_profile(REPO).profile
    text = "".join(word + glue for word, glue in pieces)
    page = Page("page", "content/x.md", "x/", "X", None, text, 3, front="title: X\n")
    rules = [f for rule_id, f in TEXT_RULES.items() if rule_id.startswith(PRIVATE_AND_TONE)]
    assert len(rules) == 8
    fast = make_scan(page, profile)
    whole = make_scan(page, profile)
    whole._regions = [(0, len(whole.text))]
    assert Scan.digit_regions(whole) == [(0, len(whole.text))]
    assert [f for rule in rules for f in rule(fast)] == [f for rule in rules for f in rule(whole)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
       | st.lists(st.sampled_from(["idioot", "half-wit", "-x-", "a_b", "“q”", "é", "e\u0301", "\u00a0", "٣", "—", ",",
                                   " ", "\n", "\x1c", "ß", "İ"]), max_size=20).map("".join))
def test_the_fast_word_set_is_the_regex_word_set(text):
    from profilegen.check.tone import _WORD, words_of

    lowered = text.lower()
    assert words_of(lowered) == set(_WORD.findall(lowered))


# Pieces of the listed phrases and of everyday Dutch around them ("niet" in most sentences).
_TONE_PIECES = ["niet", "erg", "snugger", "niet snugger", "niet erg snugger", "idioot", "die", "mensen", "zijn",
                "allemaal", "not", "very", "bright", "not very bright", "the", "brightest", "not the brightest",
                "half-wit", "Niet", "SNUGGER", "wel", "bewoners", "."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TONE_PIECES), st.sampled_from([" ", "\n", ", ", "-"])), max_size=14))
def test_the_tone_shortcut_finds_what_reading_every_word_finds(pieces):
    """_hits skips texts in which no phrase has all its words; reading every word must agree."""
    from profilegen.check.tone import _WORD, _hits, _words, words_of

    text = "".join(word + glue for word, glue in pieces)
    for language in ("nl", "en"):
        phrases = _words(language, ("niet erg",))
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        expected = []
        for index, (start, _, word) in enumerate(tokens):
            for phrase in phrases.get(word, ()):  # (longest first, as _words orders them)
                following = tokens[index:index + len(phrase)]
                if len(following) == len(phrase) and all(t[2] == w for t, w in zip(following, phrase)):
                    expected.append((start, following[-1][1]))
                    break
        assert list(_hits(text, phrases, words_of(text.lower()))) == expected


# --- every published place is read, located, and stops the build -------------------------------

def _line_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def _stops_build_at(site: Path, where: str, rule: str = "privacy.phone") -> None:
    """check names the place; build exits 1 naming it too and writes no site."""
    findings = [f for f in check_json(site) if f["rule"] == rule]
    places = [f"{f['file']}:{f['line']}:{f['column']}" if f["line"] else f["file"] for f in findings]
    assert where in places, places
    result = run_cli("build", "--source", site)
    assert result.returncode == 1, result.stderr
    assert f"{where}: error: " in result.stderr and f"[{rule}]" in result.stderr
    assert not (site / "_site").exists()


def test_a_phone_number_in_a_site_yaml_value_is_found_there(tmp_path):
    site = profile_with(tmp_path, "Tekst.\n")
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + 'linkedin:\n  call_to_action: "Bel me op 06-12345678."\n'
                        "check:\n  allow_emails: [info@example.nl]\n", "utf-8")
    line, column = _line_col(settings, "06-12345678")
    _stops_build_at(site, f"site.yaml:{line}:{column}")


def test_a_street_address_in_author_location_is_found_and_settings_no_page_shows_are_not_read(tmp_path):
    site = profile_with(tmp_path, "Tekst.\n")
    settings = site / "site.yaml"
    text = settings.read_text("utf-8").replace("  location: Zwolle", '  location: "Kerkstraat 12, 3512 AB Utrecht"')
    settings.write_text(text + "# profilegen: ignore privacy.phone\ndescription: Bel 0612345678\n"
                        "output: _site\ncheck:\n  ignore: []\n  words: {nl: [\"06 12 34 56 78\"]}\n", "utf-8")
    found = {(f["rule"], f["line"], f["column"]) for f in check_json(site) if f["file"] == "site.yaml"}
    line, column = _line_col(settings, "Kerkstraat 12")
    assert found == {("privacy.address", line, column), ("privacy.address", line, column + 15)}


def test_a_phone_number_in_an_html_comment_is_found(tmp_path):
    site = profile_with(tmp_path, "Over mij.\n\n<!-- prive: bel me op 06-12345678 -->\n")
    _stops_build_at(site, "content/corpus.md:6:23")
    settings = site / "site.yaml"  # with raw HTML on, the comment is in the page's source: still published
    settings.write_text(settings.read_text("utf-8") + "markdown:\n  html: true\n", "utf-8")
    _stops_build_at(site, "content/corpus.md:6:23")


def test_a_phone_number_in_a_file_name_or_slug_is_found(tmp_path):
    site = profile_with(tmp_path, "Bel me gerust.\n", front="tags: [testen]\n",
                        name="content/notes/2026-03-01-bel-me-op-06-12345678.md")
    _stops_build_at(site, "content/notes/2026-03-01-bel-me-op-06-12345678.md")
    message = next(f["message"] for f in check_json(site) if f["rule"] == "privacy.phone")
    assert message.startswith("in the file name, which becomes the page's address: '06 12345678'")
    (site / "content" / "notes" / "2026-03-01-bel-me-op-06-12345678.md").unlink()
    site = profile_with(tmp_path / "b", "Tekst.\n", front="slug: whatsapp-31612345678\n", name="content/contact.md")
    _stops_build_at(site, "content/contact.md:3:7")  # the slug in front matter, at its line
    assert [f["line"] for f in check_json(site) if f["rule"] == "privacy.phone"] == [3]  # once, not twice


def test_a_phone_number_in_a_link_url_is_found(tmp_path):
    site = profile_with(tmp_path, "Stuur een [appje](https://wa.me/31612345678) of [bel](tel:+32478123456).\n")
    findings = [(f["line"], f["column"]) for f in check_json(site) if f["rule"] == "privacy.phone"]
    assert findings == [(4, 33), (4, 59)]
    _stops_build_at(site, "content/corpus.md:4:33")


def test_a_phone_number_in_an_alt_text_is_found(tmp_path):
    site = profile_with(tmp_path, "Mijn kaartje:\n\n![visitekaartje, bel 06 12 34 56 78](/images/kaart.png)\n")
    _stops_build_at(site, "content/corpus.md:6:22")


def test_a_build_of_prose_without_candidates_does_not_import_the_libraries(example):
    import subprocess
    import sys

    # (jobs=1: the check runs in this process, not in a child beside the render)
    code = ("import sys; from pathlib import Path; from profilegen.build import build; "
            f"build(Path({str(example)!r}), jobs=1); print(sorted(m for m in ('phonenumbers', 'stdnum') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert result.stdout.strip() == "[]", result.stderr


# --- placeholders, bragging, and the same check in build and serve -----------------------------

def test_the_init_example_note_is_a_finding_build_warns_and_linkedin_refuses_it(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    note = "content/notes/2026-01-15-mijn-eerste-notitie.md"
    line, _ = _line_col(site / note, "<!-- profilegen: placeholder")
    found = [f for f in check_json(site) if f["file"] == note and f["rule"] == "content.placeholder"]
    assert [(f["line"], f["column"], f["severity"]) for f in found] == [(line, 1, "warning")]
    result = run_cli("build", "--source", site)
    assert result.returncode == 0
    assert f"{note}:{line}:1: warning: " in result.stderr and "[content.placeholder]" in result.stderr
    refused = run_cli("linkedin", "--source", site, "--note", note)
    assert refused.returncode == 1 and f"{note}:{line}:1: error: " in refused.stderr and "--force" in refused.stderr
    assert refused.stdout == ""
    forced = run_cli("linkedin", "--source", site, "--note", note, "--force")
    assert forced.returncode == 0 and "Mijn eerste notitie" in forced.stdout


def test_an_imported_placeholder_is_a_finding(tmp_path):
    from profilegen.importers import PLACEHOLDER

    site = profile_with(tmp_path, f"{PLACEHOLDER}\nIk werk sinds 2019 als adviseur.\n", name="content/experience.md")
    found = [f for f in check_json(site) if f["rule"] == "content.placeholder"]
    assert [(f["file"], f["line"], f["column"]) for f in found] == [("content/experience.md", 4, 1)]
    assert "an import's first draft" in found[0]["message"]


def test_a_bragging_note_is_a_finding_in_check_and_in_the_post_draft(tmp_path):
    note = "content/notes/2026-04-01-nieuwe-baan.md"
    site = profile_with(tmp_path, "Ik ben zo trots om aan te kondigen dat ik begin als programmamanager!\n",
                        front="tags: [testen]\n", name=note)
    found = [f for f in check_json(site) if f["rule"] == "tone.bragging"]
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in found] == [(note, 5, 1, "warning")]
    assert "keep posts about your own successes to a minimum" in found[0]["suggestion"]
    post = run_cli("linkedin", "--source", site, "--note", note)
    assert post.returncode == 0 and f"{note}:5: warning: " in post.stderr and "[tone.bragging]" in post.stderr
    assert run_cli("linkedin", "--source", site, "--note", note, "--strict").returncode == 1
    # A real milestone, once: the ignore comment works; on a page that is not a note it is no finding.
    path = site / note
    path.write_text(path.read_text("utf-8").replace("Ik ben zo", "<!-- profilegen: ignore tone.bragging -->\nIk ben zo"),
                    "utf-8")
    assert not any(f["rule"] == "tone.bragging" for f in check_json(site))
    page = profile_with(tmp_path / "b", "Ik ben zo trots om aan te kondigen dat het plan er is.\n")
    assert not any(f["rule"] == "tone.bragging" for f in check_json(page))


def test_build_shows_what_check_shows_each_once_grouped_per_file_with_a_count(tmp_path):
    site = profile_with(tmp_path, "Wat een idioten.\n\n![](/images/x.png)\n\nZulke types willen nooit meedenken.\n")
    checked = [(f["file"], f["line"], f["rule"]) for f in check_json(site) if f["rule"] != "links.broken"]
    result = run_cli("build", "--source", site)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # (The build's own broken-link warning stands for links.broken: the image is not in static/.)
    shown = [line.strip() for line in lines if ": warning: " in line and "broken link" not in line]
    assert len(shown) == len(set(shown)) == len(checked)  # every finding, each once
    for file, line, rule in checked:
        place = f"{file}:{line}:" if line else f"{file}: "
        assert any(s.startswith(place) and f"[{rule}]" in s for s in shown), (file, line, rule)
    assert "content/corpus.md: 4 warnings" in lines  # (with the broken link)
    assert "a11y.image-alt" in result.stderr
    # Errors stop the build, and the warnings are shown with them.
    corpus = site / "content" / "corpus.md"
    corpus.write_text(corpus.read_text("utf-8") + "\nBel 06-12345678.\n", "utf-8")
    stopped = run_cli("build", "--source", site)
    assert stopped.returncode == 1
    assert "content/corpus.md: 1 error, 3 warnings" in stopped.stderr.splitlines()  # (rendering never began)


def test_serve_prints_only_what_changed_since_the_last_rebuild(tmp_path, capsys):
    from profilegen.errors import Problem
    from profilegen.serve.server import Preview

    preview = Preview.__new__(Preview)  # (only its printing: no server, no folder)
    preview.shown = {}
    first = [Problem("content/a.md", 3, 1, "one", "warning"), Problem("content/b.md", 5, 2, "two", "warning")]
    preview.report(first)
    assert capsys.readouterr().err.count("warning: ") == 2
    preview.report(first)
    assert capsys.readouterr().err == ""
    preview.report([first[1], Problem("content/a.md", 4, 1, "three", "warning")])
    err = capsys.readouterr().err
    assert "three" in err and "two" not in err and "1 finding fixed since the last rebuild; 2 still open" in err


# --- the fast paths of the text rules find what their plain definitions find --------------------

# Trigger words and phrases of the tone and privacy rules, and the marks that end sentences,
# mixed into real prose: every fast path must give exactly the plain path's findings.
_MIXED_IN = ["allemaal", "altijd", "nooit", "die mensen zijn allemaal hetzelfde", "dat soort mensen",
             "Mensen die dat niet snappen, zijn allemaal hetzelfde", "een hekel aan die types", "raar", "weird",
             "Those people are always", "people like that", "Wie tegen windmolens is, is een beetje raar",
             "Ik ben zo trots om aan te kondigen", "Thrilled to announce", "Super blij en dankbaar", "trots",
             "niet snugger", "idioot", "half-wit", ".", "!", "?", "…", ". ", "\n\n", "\n \n", ".\n\n", "\n",
             "BSN 111222333", "geboren op 3 maart 1985", "Kerkstraat 12", "06-12345678", "x@y.nl", "-", "é",
             "06 12 34 56 78", "06–12345678", "(020) 123 45 67", "+32 470 12 34 56", "NL91 ABNA 0417 1643 00",
             "be68 5390 0754 7034", "ABNA0417", "3512 AB", "3512AB Utrecht", "2960 Brecht", "B-8930 Menen",
             "1180\u00a0Ukkel", "2024 De", "9000\nGent", "12\u2009AB", "“niet", "niet’", "half-wit’s", "a_tegen",
             "-trots", "allemaal-hetzelfde", "\n```\n06-12345678\n```\n", "\n    06-12345678\n",
             "<!-- profilegen: ignore privacy.phone -->\n", "<!-- bel 06-12345678 -->", "~~~", "٣٣٣٣ AB",
             "Laan van Meerdervoort 12", "Laan op de Berg", "rue de la Loi 16", "Rue Haute", "16 rue de la Loi",
             "Chaussée de Waterloo 1234", "Place Flagey 7", "avenue Louise", "10 Downing Street", "221B Baker",
             "ik woon aan de Meir 50", "bezoekadres: Spui 21", "thuis: Vismarkt 3", "I live at Elm",
             "J'habite Rue", "Grote Markt 1", "Oude Gracht 12a", "Stationsweg 4-6", "\t", "\t12",
             "Spui" + "e" * 90, "Spuiééé", "xx" + "K" + "e" * 70 + "rkstraat 12", "İ live on Main", "WOON OP DE", "Tussen 2024 en", "12345",
             # (birth words, obfuscated addresses, ID numbers with their words, and the letters
             # beyond ASCII that IGNORECASE reads as ASCII ones, before an address)
             "d.o.b. 03/03/1985", "né le 3 mars 1985", "°12-03-1980", "jarig op 3 maart 1985", "verjaardag: 3-3-1985",
             "date de naissance 3 mars 1985", "geb. 3-3-1985", "Geboortedatum: 1985-03-03", "birthday: March 3, 1985",
             "sanne [at] gmail [dot] com", "x (at) y (punt) nl", "a@]", "bij)", "(bij) ", "BSN 111.222.333",
             "rijksregisternummer 85.07.30-033.61", "111222333", "niss", "adreſ: Spui 21", "thuİs: Vismarkt 3",
             "ﬁ", "woon aan de Meir 50 ’", "J'habite Rue de la Loi 16 é", "rue Haute 12 “", "€ 880.000", "2024 Antwerpen",
             # (the groups and the kind words of the sentence rules, spelt as the tries branch on them)
             "die collega's zijn altijd", "zulke ict'ers doen nooit", "Randstedelingen die altijd klagen, zijn allemaal hetzelfde",
             "die ouders willen altijd", "deze ouderen zijn nooit", "projectontwikkelaars die nooit luisteren, zijn allemaal",
             "Those developers are always", "those neighbours who never", "die OUDERS zijn allemaal welkom",
             "a hekel aan projectontwikkelaars", "I can't stand those parents", "welcome", "Bewoners zijn altijd welkom",
             # (a word in lower case on the line before the street name, or a tab between them)
             "op de\nKerkstraat 12", "in de\tStationsweg 4", "aan de \nGrote Markt 1", "12 avenue Louise", "12 bis rue Haute",
             "7 place Flagey", "3 ter Chaussée de Waterloo", "12 quai des Usines", "12 impasse Sainte", "12 allée des Roses"]


def _plain_sentence_around(lowered: str, at: int) -> tuple[int, int]:
    import bisect

    from profilegen.check.tone import _sentence_ends

    ends = _sentence_ends(lowered)
    index = bisect.bisect_right(ends, at)
    return ends[index - 1] if index else 0, ends[index] if index < len(ends) else len(lowered)


def _plain_last_space(last_space, text: str, start: int, end: int) -> int:
    return last_space(text, 0, end)  # (read back from the start of the text, whatever the window)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ,.-/€:a\nK٣", max_size=60))
def test_the_house_numbers_are_the_digit_runs_of_at_most_four(text):
    import re

    from profilegen.check.privacy import _NUMBER

    plain = [m.span() for m in re.finditer(r"\d(?<![\w.,/€$£:-]\d)\d*", text) if m.end() - m.start() <= 4]
    assert [m.span() for m in _NUMBER.finditer(text)] == plain


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 ,.-/€$£:_a\nK٣²½()–’\u00a0x", max_size=60))
def test_the_house_numbers_found_from_the_character_classes_are_those_the_pattern_finds(text):
    from profilegen.check import character_classes
    from profilegen.check.privacy import _NUMBER, _house_numbers

    assert list(_house_numbers(text, character_classes(text))) == [m.span() for m in _NUMBER.finditer(text)]


def _mixed_prose(rng, pieces: int) -> str:
    from conftest import dutch_prose, realistic_prose

    words = (realistic_prose if rng.random() < 0.5 else dutch_prose)(rng, rng.randint(20, 400))
    text = "\n\n".join(words)
    for _ in range(pieces):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice([" ", ""]) + rng.choice(_MIXED_IN) + rng.choice([" ", "", ", "]) + text[at:]
    return text


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 30), st.integers(1, 400))
def test_the_sentence_around_a_word_is_the_one_a_whole_text_scan_finds(rng, pieces, look_back):
    from profilegen.check.tone import _sentence_around

    lowered = _mixed_prose(rng, pieces).lower()
    for at in [i for i, ch in enumerate(lowered) if ch.isalnum()][::7]:
        assert _sentence_around(lowered, at, look_back) == _plain_sentence_around(lowered, at), at


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 30), st.sampled_from(["note", "page"]))
def test_the_text_rules_fast_paths_find_what_their_plain_paths_find(rng, pieces, kind):
    from unittest import mock

    from profilegen.build import load_profile
    import profilegen.check as check
    from profilegen.check import TEXT_RULES, make_scan, privacy, tone  # noqa: F401  (they register)
    from profilegen.model import Page

    profile = load_profile(REPO).profile
    text = _mixed_prose(rng, pieces)
    page = Page(kind, "content/x.md", "x/", "X", None, text, 3, front="title: X\n")
    rules = [f for rule_id, f in TEXT_RULES.items() if rule_id.startswith(PRIVATE_AND_TONE)]
    scan = make_scan(page, profile)
    fast = (scan.text, scan.ignored, [f for rule in rules for f in rule(scan)])
    # The plain paths: sentences found from the start of the text, every word of the text in the
    # set the tone rules start from, every privacy pattern run, every line read for code blocks.
    with mock.patch.object(tone, "_sentence_around", lambda lowered, at: _plain_sentence_around(lowered, at)), \
            mock.patch.object(tone, "present_words", lambda scan: tone.words_of(scan.lowered)), \
            mock.patch.object(privacy, "may_hold_phone", lambda classes: True), \
            mock.patch.object(privacy, "_may_hold_phone", lambda scan: True), \
            mock.patch.object(privacy, "may_hold_iban", lambda classes: True), \
            mock.patch.object(privacy, "may_hold_postcode", lambda classes: True), \
            mock.patch.object(privacy, "_LAAN_NEEDS", ""), \
            mock.patch.object(privacy, "_FRENCH_NEEDS", ("",)), \
            mock.patch.object(privacy, "_SAID_NEEDS", ("",)), \
            mock.patch.object(privacy, "_last_space", functools.partial(_plain_last_space, privacy._last_space)), \
            mock.patch.object(privacy, "_may_mention_birth", lambda lowered, start, end: True), \
            mock.patch.object(privacy, "_may_be_obfuscated", lambda lowered: True), \
            mock.patch.object(privacy, "_lower_case_before", lambda text, at: False), \
            mock.patch.object(privacy, "_FRENCH_FIRST", "abcdefghijklmnopqrstuvwxyz"), \
            mock.patch.object(check, "_may_hold_blocks", lambda markdown: True):
        scan = make_scan(page, profile)
        plain = (scan.text, scan.ignored, [f for rule in rules for f in rule(scan)])
    assert fast == plain


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
       | st.lists(st.sampled_from(["niet", "tegen", "half-wit", "-niet", "niet-", "a_b", "“niet”", "é", "e\u0301",
                                   "\u00a0", "٣", "—", ",", " ", "\n", "\x1c", "ß", "İ", "niet’s", "\x85", "\u2028",
                                   "\x0b", "\t", "123", "niet2", "\ud800", "NIET", "wit-"]), max_size=20
                  ).map("".join),
       st.sets(st.sampled_from(["niet", "tegen", "half-wit", "a_b", "s", "é", "ß", "wit", "b"])))
def test_the_wanted_words_of_a_text_are_those_of_its_word_set(text, wanted):
    from unittest import mock

    from profilegen.check import tone
    from profilegen.check.tone import _WORD, words_among

    lowered = text.lower()
    words = set(_WORD.findall(lowered))  # (the plain definition of a text's words)
    wanted = frozenset(wanted | set(list(words)[:3]))
    assert words_among(lowered, wanted) == words & wanted
    with mock.patch.object(tone, "WORDS_PIECE", 3):  # (a long text is split a piece at a time)
        assert words_among(lowered, wanted) == words & wanted


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 30))
def test_the_sentence_patterns_said_to_start_with_a_letter_find_what_the_plain_ones_find(rng, pieces):
    import re

    from profilegen.check.tone import DISMISSIVE_RULES, LETTER_FIRST, _sentence_ends

    text = _mixed_prose(rng, pieces)
    sentences = list(zip([0, *_sentence_ends(text.lower())], [*_sentence_ends(text.lower()), len(text)]))
    patterns = [p for r in DISMISSIVE_RULES for p in (r.pattern, r.needs, r.unless) if p is not None]
    assert sum(p.source.startswith(LETTER_FIRST) for p in patterns) == 9
    for pattern in patterns:
        plain = re.compile(pattern.source.removeprefix(LETTER_FIRST), pattern.flags)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for start, end in sentences:
            found, expected = pattern.search(text, start, end), plain.search(text, start, end)
            assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 30))
def test_the_word_tries_of_the_sentence_rules_find_what_their_word_lists_find(rng, pieces):
    import re

    from profilegen.check import tone

    text = _mixed_prose(rng, pieces)
    sentences = list(zip([0, *tone._sentence_ends(text.lower())], [*tone._sentence_ends(text.lower()), len(text)]))
    tries = {tone._GROUPS_NL_TRIE: tone._GROUPS_NL, tone._GROUPS_EN_TRIE: tone._GROUPS_EN,
             tone._POSITIVE_TRIE: tone._POSITIVE_WORDS}
    for trie, words in tries.items():  # every word, and what a word starts with, or ends in, or is added to
        listed = words.lower().split("|")
        for word in {*listed, *(w[:cut] for w in listed for cut in range(1, len(w))), *(w + "s" for w in listed),
                     *(w[1:] for w in listed), *(w.upper() for w in listed)}:
            assert bool(re.fullmatch(trie, word, re.I)) == bool(re.fullmatch(words, word, re.I)), word
    patterns = [p for r in tone.DISMISSIVE_RULES for p in (r.pattern, r.needs, r.unless) if p is not None]
    assert sum(any(t in p.source for t in tries) for p in patterns) == 6
    for pattern in patterns:
        source = pattern.source
        for trie, words in tries.items():
            source = source.replace(trie, words)
        plain = re.compile(source, pattern.flags)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for start, end in sentences:
            found, expected = pattern.search(text, start, end), plain.search(text, start, end)
            assert (found and found.span()) == (expected and expected.span())


def test_the_letters_that_ignorecase_reads_as_ascii_letters_are_those_the_address_rule_knows():
    import re

    from profilegen.check import privacy

    letter = re.compile("[a-z]", re.I)
    beyond_ascii = [chr(c) for c in range(0x80, 0x110000)]
    assert [ch for ch in beyond_ascii if letter.fullmatch(ch)] == \
        [ch for ch in beyond_ascii if privacy._FOLDS_TO_ASCII.fullmatch(ch)]


_BIRTH_GLUE = ["", " ", "\n", "-", ".", "x", "é", "’", "3"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["geboren", "geboorte", "geb.", "born", "birth", "dob", "d.o.b", "°",
                                           "verjaardag", "jarig", "né", "naissance", "GEB", "ge", "b", "jaar", "ne",
                                           "naissanc", "do", "d.o.", "verj", "12", "mensen"]),
                          st.sampled_from(_BIRTH_GLUE)), max_size=8),
       st.integers(0, 40), st.integers(0, 40))
def test_the_birth_word_letters_find_every_birth_word(pieces, start, length):
    from profilegen.check import privacy

    lowered = "".join(word + glue for word, glue in pieces).lower()
    end = min(len(lowered), start + length)
    if any(lowered.find(word, start, end) != -1 for word in privacy._BIRTH_WORDS):
        assert privacy._may_mention_birth(lowered, start, end)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="at@bij)](x [", max_size=30))
def test_the_obfuscated_address_shortcut_is_the_five_searches(lowered):
    from profilegen.check import privacy

    plain = "at]" in lowered or "at)" in lowered or "@]" in lowered or "@)" in lowered or "bij)" in lowered
    assert privacy._may_be_obfuscated(lowered) == plain


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["bel", "me", "06", "12345678", "0612345678", "31612345678", "nl91", "abna", "0417",
                                 "164300", "x@y.nl", "sanne", "at)", "(at)", "[at]", "gmail", "(punt)", "gmail.com", "com", "٣",
                                 "NL91ABNA0417164300", "be68539007547034", "notitie", "2024", "sanne (at) gmail (punt) com",
                                 "sanne [at] gmail.com", "bel 06 12345678"]), max_size=8),
       st.sampled_from([" ", "\n"]))
@example(["sanne (at) gmail (punt) com"], " ")
@example(["sanne [at] gmail.com"], " ")
@example(["bel", "0612345678"], " ")
@example(["NL91ABNA0417164300"], " ")
def test_a_name_that_its_rule_lets_go_holds_nothing_the_rule_finds(words, glue):
    from profilegen.build import load_profile
    from profilegen.check import NAME_RULES, TEXT_RULES, Scan, privacy  # noqa: F401  (it registers)
    from profilegen.model import Page

    profile = load_profile(REPO).profile
    text = glue.join(words)
    page = Page("note", "content/notes/x.md", "notes/x/", "X", None, "", 3)
    assert len(NAME_RULES) == 3
    for rule_id, may_find in NAME_RULES.items():
        if not may_find(text):
            assert list(TEXT_RULES[rule_id](Scan(page, profile, text, 1, where="name"))) == [], rule_id
