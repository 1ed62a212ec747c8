"""The CV as a PDF (cv.py, cvmarkup.py, themes/default/templates/cv.typ): built with the site,
read back with poppler's pdftotext, pdfinfo and pdffonts, as an applicant-tracking system or a
recruiter's computer would read it."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_site, run_cli, write_file
from profilegen.cvmarkup import escape_text, markdown_to_typst

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

# What Markdown or Typst markup would leave behind in the text if it were not converted.
RESIDUE = re.compile(r"\*\*|__|\]\(|#(strong|emph|link|list|enum|table|heading|raw|box)\b|\\[#$*_@<>\[\]=.,:;]|^\s*\|")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    # (poppler up to 25.11 prints "Syntax Error: Suspects object is wrong type (boolean)" on
    # stderr for the valid /MarkInfo << /Suspects false >> that Typst writes: not read here)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example_cvs(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("cv") / "example"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "static", site / "static")
    run_cli("build", "--source", site, "-q", check=True)
    return site / "_site"


def test_the_example_has_a_cv_per_language_with_name_role_and_every_experience_entry(example_cvs):
    for cv, role, entries in (
            (example_cvs / "cv.pdf", "Omgevingsmanager",
             ["2021 – nu", "Omgevingsmanager warmtetransitie", "Gemeente Utrecht", "2017 – 2021",
              "Adviseur participatie", "Bureau Stadsgesprek (voorbeeld)", "2012 – 2017",
              "Projectleider gebiedsontwikkeling", "Gemeente Amersfoort", "Master Planologie, Universiteit Utrecht"]),
            (example_cvs / "en" / "cv.pdf", "Community engagement manager",
             ["2021 – now", "Community engagement manager, heat transition", "City of Utrecht",
              "Participation adviser", "Project leader, area development", "City of Amersfoort"])):
        text = pdf_text(cv)
        flat = words(text)
        assert "Sanne Verhoeven" in flat and role in flat
        for entry in entries:
            assert entry in flat, entry
        assert "sanne@example.nl" in flat
        assert not RESIDUE.search(text), RESIDUE.search(text)
        info = pdf_info(cv)
        assert "A4" in info["Page size"] and info["Pages"] in ("1", "2")
        assert info["Tagged"] == "yes" and info["Author"] == "Sanne Verhoeven"
        assert info["Title"] in ("Cv van Sanne Verhoeven", "CV of Sanne Verhoeven")
        fonts = subprocess.run(["pdffonts", str(cv)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # (the "emb" column)
        assert all("Inter" in row for row in rows), fonts  # profilegen's font, never the computer's
    # The words of each language; the private parts of the profile are not there.
    assert "Ervaring" in words(pdf_text(example_cvs / "cv.pdf")).title()
    assert "Experience" in words(pdf_text(example_cvs / "en" / "cv.pdf")).title()


def test_each_home_links_its_own_cv(example_cvs):
    nl = (example_cvs / "index.html").read_text("utf-8")
    en = (example_cvs / "en" / "index.html").read_text("utf-8")
    assert re.search(r'<a [^>]*href="/profilegen/cv.pdf"[^>]*>Download mijn cv \(PDF\)</a>', nl)
    assert re.search(r'<a [^>]*href="/profilegen/en/cv.pdf"[^>]*>Download my CV \(PDF\)</a>', en)


def test_a_bilingual_profile_gets_both_cvs(tmp_path):
    site = copy_site(REPO / "tests" / "sites" / "valid" / "bilingual", tmp_path / "bilingual")
    run_cli("build", "--source", site, "-q", check=True)
    assert "Programmamanager duurzame mobiliteit" in words(pdf_text(site / "_site" / "cv.pdf"))
    english = words(pdf_text(site / "_site" / "en" / "cv.pdf"))
    assert "Noor Bakker" in english and "Programme manager for sustainable mobility" in english


def test_two_builds_give_the_same_bytes_and_an_unchanged_cv_is_not_made_again(example, tmp_path):
    from profilegen.build import build

    run_cli("build", "--source", example, "--output", tmp_path / "one", "-q", check=True)
    shutil.rmtree(example / ".profilegen-cache")
    run_cli("build", "--source", example, "--output", tmp_path / "two", "-q", check=True)
    for name in ("cv.pdf", "en/cv.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    again = build(example, output=tmp_path / "two")
    assert not {"cv.pdf", "en/cv.pdf"} & again.rendered
    text = example / "content" / "experience.md"
    text.write_text(text.read_text("utf-8").replace("Adviseur participatie", "Senior adviseur participatie"), "utf-8")
    edited = build(example, output=tmp_path / "two")
    assert "cv.pdf" in edited.rendered and "en/cv.pdf" not in edited.rendered
    assert "Senior adviseur participatie" in words(pdf_text(tmp_path / "two" / "cv.pdf"))


SPECIAL = r"""---
summary: "Kosten #1 $5 *ster* _laag_ @sanne <tag> \\ ~ [x] = 100% #import"
---
#import "/etc/passwd": *
#read("site.yaml")

Tekens: # $ * _ @ < > \ ~ [ ] = en `code #x` en \*geen nadruk\* en // geen commentaar /* ook niet */.

= Geen kop, -- geen streepje, ... geen beletselteken, "rechte" en 'enkele' aanhalingstekens.

- $x^2$ en \u{41} en https://example.nl/pad_met*tekens
- <b>geen vet</b> en #set text(red)

| a#b | $c |
| --- | --- |
| <x> | @y ~z |
"""


def test_typst_and_markdown_characters_show_as_written_and_never_run(example):
    write_file(example / "content" / "expertise.md", SPECIAL)
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [expertise, stand]\n  full: [expertise, stand]\n", "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    text = words(pdf_text(example / "_site" / "cv.pdf"))
    for shown in ['#import "/etc/passwd": *', '#read("site.yaml")', "Tekens: # $ * _ @ < > \\ ~ [ ] = en code #x en",
                  "*geen nadruk*", "// geen commentaar /* ook niet */", "= Geen kop, -- geen streepje, ... geen",
                  '"rechte" en \'enkele\'', "$x^2$ en \\u{41} en https://example.nl/pad_met*tekens",
                  "<b>geen vet</b> en #set text(red)", "a#b", "$c", "<x>", "@y ~z"]:
        assert shown in text, shown
    assert "base_url" not in text  # site.yaml was not read into the PDF


# A text of words and every character that means something to Typst or Markdown.
SPECIAL_TEXT = st.lists(st.sampled_from(list("#$*_@<>\\~[]=-+/`'\".,:;!?(){}|^%&") +
                                       ["a", "b", "é", "ij", " ", "\n", "1", "u{41}", "//", "/*", "http://"]),
                        max_size=40).map("".join)


def _typst_text(markup: str) -> str:
    """What Typst makes of markup, as plain text (its content tree, flattened)."""
    import typst

    document = b'''#let plain(c) = {
  if type(c) == str { c } else if c.func() == [ ].func() { " " }
  else if c.has("text") { c.text } else if c.has("children") { c.children.map(plain).join() }
  else if c.has("body") { plain(c.body) } else { "" }
}
#metadata(plain(eval(sys.inputs.markup, mode: "markup"))) <out>
'''
    found = typst.query(document, "<out>", field="value", one=True, format="json", sys_inputs={"markup": markup})
    return json.loads(found) or ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SPECIAL_TEXT)
def test_escaped_text_is_exactly_the_text_in_typst(text):
    assert words(_typst_text(escape_text(text))) == words(text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["# Kop", "#", "## <b></b>", "### ![alt](x.png)", "#### diep", "###### diepst", "|  |  |\n| - | - |\n|  |  |", "> ", "1. ", "\\", "- punt", "- ", "[](https://x.nl)", "1. een", "> citaat", "| a | b |\n| - | - |\n| c | d |",
                                 "**vet**", "*schuin*", "[link](https://x.nl)", "![alt](images/x.png)",
                                 "`code`", "```\nblok\n```", "---", "<b>html</b>", "~~weg~~", "  \n"]) | SPECIAL_TEXT,
                max_size=8))
def test_any_markdown_converts_to_markup_that_typst_takes(blocks):
    markup = markdown_to_typst("\n\n".join(blocks), links=lambda href: "https://x.nl/" + href,
                               images=lambda src: None)
    _typst_text(markup)  # raises if Typst refuses it (or if user text had become code)
    import typst

    typst.compile(b'#set document(title: "cv")\n#set text(lang: "nl")\n= Sectie\n#eval(sys.inputs.markup, mode: "markup")',
                  format="pdf", pdf_standards=["ua-1"], sys_inputs={"markup": markup})  # a tagged PDF takes it


def test_cv_settings_choose_layers_paper_photo_and_none_at_all(example):
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [vision, experience]\n  full: [vision]\n"
                                       "  paper: letter\n  photo: false\n", "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    cv = example / "_site" / "cv.pdf"
    text = words(pdf_text(cv))
    assert text.index("VISIE") < text.index("ERVARING")
    assert "Eerst de wijk, dan de techniek." in text  # vision in full
    assert "Twaalf jaar gebiedsontwikkeling en participatie" in text  # experience: its summary
    assert "Gemeente Amersfoort" not in text and "DRIJFVEREN" not in text
    assert "612 x 792 pts" in pdf_info(cv)["Page size"]  # (US Letter)
    images = subprocess.run(["pdfimages", "-list", str(cv)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) <= 2  # (the header lines: no portrait)
    (example / "site.yaml").write_text(yaml + "cv:\n  enabled: false\n", "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    assert not (example / "_site" / "cv.pdf").exists() and not (example / "_site" / "en" / "cv.pdf").exists()
    assert "cv.pdf" not in (example / "_site" / "index.html").read_text("utf-8")


def test_a_layer_in_full_must_be_on_the_cv(example):
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [stand]\n  full: [vision]\n", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1
    line = yaml.count("\n") + 3
    assert f"site.yaml:{line}:10: error: 'cv.full[0]' is 'vision', which is not in 'cv.layers'" in result.stderr
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [vision, stand]\n", "utf-8")  # (not the default's)
    run_cli("build", "--source", example, "-q", check=True)


def test_private_data_in_the_settings_the_cv_shows_stops_the_build(example):
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml.replace("location: Utrecht", "location: Domstraat 12, Utrecht"), "utf-8")
    for command in ("build", "cv"):
        result = run_cli(command, "--source", example, cwd=example)
        assert result.returncode == 1
        assert re.match(r"site\.yaml:\d+:\d+: error: 'Domstraat 12' looks like a street address", result.stderr), \
            result.stderr
    assert not (example / "cv.pdf").exists() and not (example / "_site").exists()


def test_the_cv_command_writes_the_pdf_and_never_replaces_a_file_it_did_not_make(example, tmp_path):
    run_cli("cv", "--source", example, "-q", cwd=tmp_path, check=True)
    assert "Omgevingsmanager" in pdf_text(tmp_path / "cv.pdf")
    run_cli("cv", "--source", example, "-q", cwd=tmp_path, check=True)  # its own: replaced
    run_cli("cv", "--source", example, "--lang", "en", "-q", cwd=tmp_path, check=True)
    assert "Community engagement manager" in pdf_text(tmp_path / "cv-en.pdf")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "cv.pdf").write_bytes(b"%PDF-1.4 my own CV, made by hand\n")
    refused = run_cli("cv", "--source", example, cwd=mine)
    assert refused.returncode == 1 and "profilegen did not make it" in refused.stderr
    assert (mine / "cv.pdf").read_bytes() == b"%PDF-1.4 my own CV, made by hand\n"
    run_cli("cv", "--source", example, "-o", mine / "cv.pdf", "-q", check=True)  # asked for: replaced
    assert b"made by hand" not in (mine / "cv.pdf").read_bytes()
    assert run_cli("cv", "--source", example, "--lang", "fr").returncode == 2


def test_a_typst_error_in_the_users_template_is_located_and_one_in_ours_is_a_bug(example, monkeypatch):
    templates = example / "templates"
    templates.mkdir()
    bundled = (REPO / "themes" / "default" / "templates" / "cv.typ").read_text("utf-8")
    (templates / "cv.typ").write_text(bundled + '#import "parts.typ": extra\n#extra\n', "utf-8")
    (templates / "parts.typ").write_text("#let extra = [Extra]\n#let broken = (\n", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 1
    assert result.stderr.startswith("templates/parts.typ:2:15: error: Typst error: unclosed delimiter"), result.stderr
    (templates / "parts.typ").write_text("#let extra = [Extra uit mijn eigen sjabloon]\n", "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    assert "Extra uit mijn eigen sjabloon" in words(pdf_text(example / "_site" / "cv.pdf"))

    import profilegen.cv as cv
    from profilegen.cli import EXIT_BUG, main

    shutil.rmtree(templates)
    broken = example.parent / "bundled-but-broken.typ"
    broken.write_text(bundled.replace("#let words = cv.words", "#let words = cv.wordz"), "utf-8")
    monkeypatch.setattr(cv, "find_template", lambda theme: cv.Template(broken, users=False))
    assert main(["cv", "--source", str(example), "-o", str(example / "x.pdf"), "-q"]) == EXIT_BUG


def test_a_picture_typst_cannot_read_names_the_file(example):
    (example / "static" / "images" / "sanne.svg").write_text("dit is geen plaatje", "utf-8")
    result = run_cli("build", "--source", example)
    assert result.returncode == 0, result.stderr
    assert "static/images/sanne.svg: warning: Typst error: failed to parse SVG" in result.stderr, result.stderr
    (example / "static" / "images" / "sanne.png").write_bytes(b"\x89PNG kapot")
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml.replace("images/sanne.svg", "images/sanne.png"), "utf-8")
    result = run_cli("build", "--source", example)  # (the portrait: the CV goes without it, and says so)
    assert result.returncode == 0, result.stderr
    assert "static/images/sanne.png: warning: Typst cannot read this picture for the CV: failed to decode image" \
        in result.stderr and "made without the portrait" in result.stderr
    assert (example / "_site" / "cv.pdf").read_bytes().startswith(b"%PDF")


def test_a_process_forked_after_a_cv_was_made_makes_the_same_cv(example, tmp_path):
    """Typst's worker threads are not inherited by a fork, where Typst would wait for them for
    ever: there the CV is compiled in a new process (the incremental walk forks its cold builds)."""
    import os
    import signal

    from profilegen.build import build

    build(example, output=tmp_path / "parent", use_cache=False, jobs=1)  # (jobs=1: Typst runs here)
    pid = os.fork()
    if pid == 0:
        signal.alarm(120)  # (never a hanging test run)
        try:
            build(example, output=tmp_path / "child", use_cache=False)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert (tmp_path / "child" / "cv.pdf").read_bytes() == (tmp_path / "parent" / "cv.pdf").read_bytes()


def test_a_build_compiles_the_cv_in_a_child_and_never_holds_typst_itself(example, tmp_path):
    """Typst's fonts and layout (~25 MB) stay out of the building process, whose memory is the
    build's peak at 10,000 notes; with one process (jobs=1) it compiles there, and so does the
    preview, after the pages (a child forked beside them would delay the page)."""
    import sys

    builds = {"build": "build(source, output=output, use_cache=False)",
              "jobs=1": "build(source, output=output, use_cache=False, jobs=1)",
              "preview": "PreviewBuilder(source, output).rebuild()"}
    for name, typst_here in (("build", "False"), ("jobs=1", "True"), ("preview", "True")):
        output = tmp_path / name
        script = ("import sys; from pathlib import Path; from profilegen.build import PreviewBuilder, build; "
                  f"source, output = Path(sys.argv[1]), Path(sys.argv[2]); {builds[name]}; "
                  "print('typst' in sys.modules)")
        result = subprocess.run([sys.executable, "-c", script, str(example), str(output)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [typst_here], (name, result.stdout, result.stderr)
        assert (output / "cv.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "jobs=1" / "cv.pdf").read_bytes() == (tmp_path / "build" / "cv.pdf").read_bytes()


def test_a_build_after_typst_ran_outside_profilegen_does_not_wait_for_its_threads(example, tmp_path):
    """Typst run by someone else in this process (a test, a user's script) may have started its
    threads: the build's child, forked from it, compiles the CV in a new process."""
    import sys

    script = ("import sys, typst; from pathlib import Path; from profilegen.build import build; "
              "typst.compile(b'= Eerder'); build(Path(sys.argv[1]), output=Path(sys.argv[2]), use_cache=False)")
    result = subprocess.run([sys.executable, "-c", script, str(example), str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "cv.pdf").read_bytes().startswith(b"%PDF")


def test_a_character_no_font_has_still_gives_a_tagged_cv(example):
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml.replace("name: Sanne Verhoeven", "name: Sanne Verhoeven 😀"), "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    cv = example / "_site" / "cv.pdf"
    assert pdf_info(cv)["Tagged"] == "yes" and "Sanne Verhoeven" in pdf_text(cv)


MARKDOWN_BLOCKS = st.lists(st.sampled_from(
    ["# Kop", "## Tweede *kop*", "### ![alt *schuin*](x.png)", "> citaat met **vet**", "> - punt in citaat", "1. een",
     "3. drie\n4. vier", "- punt\n- punt twee", "- los\n\n- lijstje", "- geneste\n  - lijst", "| a | b |\n| - | - |\n| c |",
     "| alleen | kop |\n| --- | --- |", "**vet** en *schuin* en ~~weg~~", "[link](https://x.nl/a b) en <https://x.nl>",
     "![alt](images/x.png) en ![](leeg.png)", "`code`", "```\nblok\n```", "    ingesprongen", "---",
     "<div>\nhtml\n</div>", "<b>html</b>", "regel  \nbreuk", "&amp; &copy; &#35;"]) | SPECIAL_TEXT, max_size=6)


KNOWN_ENGINE_DIFFERENCES = re.compile(r"\w~+[*_]|~~~|^[ \t]*(?:[*+-]|\d+[.)])[ \t]*$", re.M)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN_BLOCKS, st.booleans())
def test_cmark_and_markdown_it_give_the_same_markup(blocks, first_paragraph):
    """The converter reads cmark-gfm's tree (as the site does); markdown-it-py, where cmark-gfm
    cannot be reached, must give the same markup."""
    from profilegen import cvmarkup

    markdown = "\n\n".join(blocks)
    # Known differences of the two engines, not of the converter (the site's pages differ
    # alike): after a letter, cmark-gfm's strikethrough hides a tilde from the emphasis rules
    # ("a~*/*" stays text; markdown-it reads <em>/</em>, as the CommonMark spec does); it closes
    # "~~" only with a run as long ("~~#~~~": markdown-it strikes "#"); and it makes one list of
    # empty items that blank lines separate, where markdown-it makes one list each.
    assume(not KNOWN_ENGINE_DIFFERENCES.search(markdown))
    convert = functools.partial(markdown_to_typst, markdown, links=lambda href: "https://x.nl/" + href,
                                images=lambda src: "/static/" + src, first_paragraph=first_paragraph)
    with_cmark = convert()
    assert cvmarkup.xml_of(markdown) is not None  # (here, cmark-gfm is reached)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cvmarkup, "xml_of", lambda markdown: None)
        assert convert() == with_cmark


def test_a_quote_and_a_table_keep_their_text():
    markup = markdown_to_typst("> Wie niet komt, is *niet* tegen.\n\n| Periode | Rol |\n| --- | --- |\n| 2021 – nu |\n\n"
                               "| alleen | een kop |\n| --- | --- |", links=lambda href: None, images=lambda src: None)
    assert markup.startswith("#quote(block: true)[")
    # (the flattened text has no space between table cells)
    assert _typst_text(markup).replace(" ", "") == "Wienietkomt,isniettegen.PeriodeRol2021–nualleeneenkop"
    assert "#table(columns: 2, table.header([alleen], [een kop]))" in markup


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=())))
def test_any_characters_convert(text):
    """Controls, lone surrogates and non-characters included: cmark-gfm's XML cannot hold some."""
    markup = markdown_to_typst(text, links=lambda href: None, images=lambda src: None)
    assert "\x00" not in markup and "\ufffe" not in markup


def test_a_block_quote_is_spaced_as_a_paragraph(example):
    """Typst's own spacing around a block quote is about twice a paragraph's."""
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [expertise]\n  full: [expertise]\n", "utf-8")

    def tops(body: str) -> list[float]:
        write_file(example / "content" / "expertise.md", f"---\ntitle: Expertise\n---\n{body}\n")
        run_cli("build", "--source", example, "-q", check=True)
        boxes = subprocess.run(["pdftotext", "-bbox", str(example / "_site" / "cv.pdf"), "-"], capture_output=True,
                               text=True, check=True).stdout
        found = dict(re.findall(r'yMin="([\d.]+)"[^>]*>(Eerste|Midden|Derde)<', boxes))
        return sorted(float(y) for y in found)

    paragraphs = tops("Eerste alinea.\n\nMidden alinea.\n\nDerde alinea.")
    quoted = tops("Eerste alinea.\n\n> Midden citaat.\n\nDerde alinea.")
    assert len(paragraphs) == len(quoted) == 3
    for gap, quote_gap in zip(map(float.__sub__, paragraphs[1:], paragraphs), map(float.__sub__, quoted[1:], quoted)):
        assert abs(quote_gap - gap) < 1.5  # points


@pytest.mark.parametrize("nested", [
    "".join(f"{'  ' * depth}- niveau {depth}\n" for depth in range(60)),               # a list 60 deep
    "".join(f"{'> ' * depth}citaat {depth}\n\n" for depth in range(1, 60)),             # quotes 60 deep
    "*" * 60 + "diep benadrukt" + "*" * 60,                                              # emphasis 60 deep
], ids=["list", "quotes", "emphasis"])
def test_text_nested_deeper_than_typst_allows_is_on_the_cv_flattened(example, nested):
    # (Typst stops at a few dozen nested show rules: found by the fuzz test as an exit 3)
    write_file(example / "content" / "expertise.md", "---\ntitle: Expertise\n---\n\n" + nested)
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml + "cv:\n  layers: [expertise]\n  full: [expertise]\n", "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    text = words(pdf_text(example / "_site" / "cv.pdf"))
    last = "niveau 59" if "niveau" in nested else "citaat 59" if "citaat" in nested else "diep benadrukt"
    assert last in text


def test_a_phone_photo_as_portrait_is_embedded_small_and_without_its_metadata(example):
    """A 12 MP phone photo of 3 MB embedded as it was made the CV 3 MB, and carried the phone's
    EXIF (camera, where it was taken) into a file people send around."""
    import io

    from PIL import Image

    photo = Image.effect_noise((2400, 3200), 60).convert("RGB")  # (noise: a photo's weight)
    exif = Image.Exif()
    exif[0x0110] = "Pixel 8 Pro"
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 31.0), 3: "E", 4: (5.0, 7.0, 12.0)})
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"Thuis, Sanne Verhoeven")
    (example / "static" / "images" / "sanne.jpg").write_bytes(out.getvalue())
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml.replace("images/sanne.svg", "images/sanne.jpg"), "utf-8")
    run_cli("build", "--source", example, "-q", check=True)
    cv = (example / "_site" / "cv.pdf").read_bytes()
    assert len(out.getvalue()) > 2_000_000 and len(cv) < 250_000, len(cv)
    listed = subprocess.run(["pdfimages", "-list", str(example / "_site" / "cv.pdf")], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert len(listed) == 1 and listed[0].split()[3:5] == ["480", "640"], listed  # (width, height)
    assert b"Pixel 8 Pro" not in cv and b"Thuis, Sanne" not in cv
