"""What a build writes: pages, links, escaping, and the files GitHub Pages and search engines read."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli

SITES = Path(__file__).resolve().parent / "sites" / "valid"
BASE = "https://x.github.io/repo/"
NASTY = "Tom & \"Jerry\" <b>bold</b> </script><script>alert('x')</script>"


def build(source: Path, *args: str) -> Path:
    run_cli("build", "--source", source, "--base-url", BASE, "-q", *args, check=True)
    return source / "_site"


def copy(case: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITES / case, tmp_path / case))


@pytest.fixture(scope="module")
def example_site(example_built) -> Path:
    return example_built


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_home_carries_lang_canonical_description_opengraph_and_a_person(example_site):
    html = (example_site / "index.html").read_text("utf-8")
    assert '<html lang="nl">' in html
    assert f'<link rel="canonical" href="{BASE}">' in html
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    for prop in ("og:type", "og:title", "og:description", "og:url", "og:locale", "og:image"):
        assert f'property="{prop}"' in html, prop
    assert 'name="twitter:card"' in html
    person = jsonld(html)
    assert person["@type"] == "Person" and person["name"] == "Sanne Verhoeven"
    assert person["jobTitle"] == "Omgevingsmanager"
    assert person["worksFor"] == {"@type": "Organization", "name": "Gemeente Utrecht"}
    assert person["url"] == BASE
    assert person["address"] == {"@type": "PostalAddress", "addressLocality": "Utrecht"}
    assert person["knowsAbout"] == ["participatie", "energietransitie", "omgevingswet"]
    assert "https://www.linkedin.com/in/sanne-verhoeven-voorbeeld" in person["sameAs"]


def test_pages_have_pretty_urls_and_their_own_title_and_description(example_site):
    for layer in ("stand", "drives", "expertise", "experience", "insights", "vision", "future", "network"):
        html = (example_site / layer / "index.html").read_text("utf-8")
        assert f'<link rel="canonical" href="{BASE}{layer}/">' in html
    vision = (example_site / "vision" / "index.html").read_text("utf-8")
    assert "<title>Visie · Sanne Verhoeven</title>" in vision
    assert 'content="Over tien jaar beslist elke wijk mee' in vision
    assert (example_site / "notes" / "2025-05-12-wijkaanpak-warmte" / "index.html").is_file()
    assert (example_site / "notes" / "index.html").is_file()


def test_github_pages_files(example_site):
    assert (example_site / ".nojekyll").read_bytes() == b""
    robots = (example_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    urls = [loc.text for loc in ET.parse(example_site / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE in urls and f"{BASE}vision/" in urls and f"{BASE}en/vision/" in urls
    assert all(url.startswith(BASE) for url in urls)
    assert not any("404" in url for url in urls)
    not_found = (example_site / "404.html").read_text("utf-8")
    assert 'href="/repo/css/style.css' in not_found and 'href="/repo/"' in not_found
    assert (example_site / "favicon.svg").read_text("utf-8").startswith("<svg")


def test_the_feed_is_valid_atom_with_absolute_links_and_no_drafts(example_site):
    feed = feedparser.parse((example_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Kiezen met data, beslissen met mensen"  # newest first
    assert "Een open handboek participatie (concept)" not in titles  # draft: left out
    for entry in feed.entries:
        assert entry.link.startswith(BASE + "notes/")
        assert entry.summary and entry.content[0].value
    html = (example_site / "index.html").read_text("utf-8")
    assert f'type="application/atom+xml" href="{BASE}feed.xml"' in html


def test_a_note_longer_than_a_book_is_in_the_feed_with_its_summary_and_link_only(tmp_path):
    site = copy("overrides", tmp_path)
    paragraph = ("De wijkavond over het warmtenet begon rustig, maar na de pauze wilde iedereen weten "
                 "wat het zou kosten en wie er zou beslissen. ")
    note = site / "content" / "notes" / "2026-03-05-verslag.md"
    note.write_text("---\ntitle: Het hele verslag\ndate: 2026-03-05\nsummary: Alles van de wijkavond.\n---\n"
                    + (paragraph * 8 + "\n\n") * 1100, "utf-8")
    out = build(site)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {entry.title: entry for entry in feed.entries}
    assert "content" not in entries["Het hele verslag"] and entries["Het hele verslag"].summary == "Alles van de wijkavond."
    assert entries["Het hele verslag"].link == BASE + "notes/2026-03-05-verslag/"
    assert all(entry.content[0].value for title, entry in entries.items() if title != "Het hele verslag")
    assert (out / "feed.xml").stat().st_size < 200_000
    assert "na de pauze" in (out / "notes" / "2026-03-05-verslag" / "index.html").read_text("utf-8")  # the page is whole


def test_links_between_content_files_and_root_relative_links_get_the_base_path(example_site):
    experience = (example_site / "experience" / "index.html").read_text("utf-8")
    assert 'href="/repo/vision/"' in experience
    assert 'href="/repo/notes/2025-05-12-wijkaanpak-warmte/"' in experience
    note = (example_site / "notes" / "2025-05-12-wijkaanpak-warmte" / "index.html").read_text("utf-8")
    assert 'src="/repo/images/deelnemers.svg"' in note and 'href="/repo/vision/"' in note
    talks = (example_site / "talks" / "index.html").read_text("utf-8")
    assert 'href="/repo/notes/"' in talks
    assert 'href="https://mastodon.example/@sanneverhoeven" rel="me noopener"' in talks


def test_heading_ids_are_unique_on_the_home_page(example_site):
    html = (example_site / "index.html").read_text("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def test_markup_in_settings_and_front_matter_is_escaped_everywhere(tmp_path):
    source = copy("overrides", tmp_path)
    yaml_nasty = json.dumps(NASTY)
    settings = source / "site.yaml"
    text = settings.read_text("utf-8").replace('"Test Profiel"', yaml_nasty).replace("Test Persoon", yaml_nasty)
    text = text.replace("role: Tester", f"role: {yaml_nasty}")
    settings.write_text(text, "utf-8")
    note = source / "content" / "notes" / "2026-01-02-een.md"
    note.write_text(f"---\ntitle: {yaml_nasty}\nsummary: {yaml_nasty}\ntags: [testen]\n---\nTekst.\n", "utf-8")
    site = build(source)
    for path in [site / "index.html", site / "notes" / "2026-01-02-een" / "index.html", site / "notes" / "index.html"]:
        html = path.read_text("utf-8")
        assert "<b>bold</b>" not in html and "alert('x')</script>" not in html, path
        assert html.count("</script>") == html.count("<script"), f"{path}: a </script> escaped its element"
    home = (site / "index.html").read_text("utf-8")
    person = jsonld(home)
    assert person["name"] == NASTY and person["jobTitle"] == NASTY
    assert re.search(r'<meta property="og:title" content="Tom &amp; (&#34;|&quot;)Jerry', home)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == NASTY
    ET.parse(site / "sitemap.xml")  # still well-formed XML


def test_raw_html_is_escaped_unless_allowed_and_javascript_links_never_pass(tmp_path):
    allowed = build(copy("raw-html", tmp_path))
    html = (allowed / "stand" / "index.html").read_text("utf-8")
    assert '<div class="eigen">' in html and 'href="javascript' not in html
    source = copy("raw-html", tmp_path / "off")
    settings = source / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("html: true", "html: false"), "utf-8")
    html = (build(source) / "stand" / "index.html").read_text("utf-8")
    assert "&lt;div class=&quot;eigen&quot;&gt;" in html or "&lt;div class=\"eigen\"&gt;" in html
    assert '<div class="eigen">' not in html
    for scheme in ("javascript:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4="):
        page = source / "content" / "page.md"
        page.write_text(f"[klik]({scheme}) <{scheme}>\n", "utf-8")
        html = (build(source) / "page" / "index.html").read_text("utf-8")
        assert f'href="{scheme.split(":")[0]}' not in html, scheme


def test_external_links_get_noopener_and_broken_internal_links_warn(tmp_path):
    source = copy("overrides", tmp_path)
    (source / "content" / "page.md").write_text(
        "[extern](https://example.org/x) [kapot](bestaat-niet.md) [weg](/images/weg.png)\n", "utf-8")
    result = run_cli("build", "--source", source, "--base-url", BASE)
    assert result.returncode == 0
    html = (source / "_site" / "page" / "index.html").read_text("utf-8")
    assert '<a href="https://example.org/x" rel="noopener">' in html
    assert "content/page.md:1: warning: broken link 'bestaat-niet.md'" in result.stderr
    assert "content/page.md:1: warning: broken link '/images/weg.png'" in result.stderr
    strict = run_cli("build", "--source", source, "--strict")
    assert strict.returncode == 1 and "broken link" in strict.stderr


def test_bom_and_crlf_are_tolerated(tmp_path):
    site = build(copy("bom-crlf", tmp_path))
    html = (site / "stand" / "index.html").read_text("utf-8")
    assert "<h1>Waar ik voor sta</h1>" in html and "<li>punt</li>" in html and "\r" not in html


def test_overrides_static_files_and_drafts(tmp_path):
    source = copy("overrides", tmp_path)
    site = build(source)
    layer = (site / "stand" / "index.html").read_text("utf-8")
    assert 'class="from-site-templates"' in layer and 'class="from-site-theme"' in layer
    assert '<h1>' in layer  # super() kept the bundled theme's content
    assert (site / "CNAME").read_text("utf-8") == "profiel.example.nl\n"
    assert (site / "images" / "foto.svg").is_file()
    assert "Mijn notities" in (site / "index.html").read_text("utf-8")
    assert not (site / "notes" / "2026-02-03-concept").exists()
    with_drafts = build(source, "--drafts")
    assert (with_drafts / "notes" / "2026-02-03-concept" / "index.html").is_file()


def test_a_slug_cannot_write_outside_the_output_folder(tmp_path):
    source = copy("overrides", tmp_path)
    for bad in ("../../evil", "a/b", "..", "/etc"):
        (source / "content" / "page.md").write_text(f"---\nslug: {json.dumps(bad)}\n---\nx\n", "utf-8")
        result = run_cli("build", "--source", source)
        assert result.returncode == 1 and "content/page.md:2:7: error: 'slug'" in result.stderr, bad
    assert not (tmp_path / "evil").exists()


def test_the_fast_template_calls_keep_jinjas_meaning():
    # theme.py calls plain functions and methods straight away; whatever jinja passes a
    # context to, and macros, callers and loop helpers, must behave exactly as before.
    import jinja2

    from profilegen.theme import _fast_call_context

    env = jinja2.Environment()
    env.context_class = _fast_call_context()
    env.globals.update(double=lambda x: x * 2, named=jinja2.pass_context(lambda context, x: context["name"] + x),
                       stop=lambda: next(iter(())))
    template = env.from_string("{% for i in [1, 2] %}{{ double(i) }}{{ named('!') }}{{ loop.cycle('a', 'b') }}"
                               "{% endfor %}{% macro box() %}[{{ caller() }}]{% endmacro %}"
                               "{% call box() %}in{% endcall %}{{ 'x'.upper() }}|{{ stop() }}|")
    assert template.render(name="n") == "2n!a4n!b[in]X||"


@pytest.mark.parametrize("template, where, message", [
    ("{% extends '!theme/note.html' %}\n{% block main %}{{ nope.deeper }}{% endblock %}\n",
     "templates/note.html:2:", "'nope' is undefined"),
    ("<p>\n{% for x in %}\n", "templates/note.html:2:", "template error: Expected an expression"),
    ("{% extends '!theme/note.html' %}\n{% block main %}\n{{ format_date('gisteren') }}{% endblock %}\n",
     "templates/note.html:3:", "format_date() takes a date, not 'gisteren'"),
    ("{% extends '!theme/note.html' %}\n{% block main %}{{ 1 // 0 }}{% endblock %}\n",
     "templates/note.html:2:", "by zero"),
    ("{% include '_missing.html' %}\n", "templates/note.html:1:", "template not found: _missing.html"),
])
def test_a_mistake_in_a_users_template_is_their_error_with_its_place(tmp_path, template, where, message):
    site = copy("overrides", tmp_path)
    (site / "templates" / "note.html").write_text(template, "utf-8")
    result = run_cli("build", "--source", site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(where) and message in line, line


def test_an_exception_in_profilegens_own_code_while_rendering_is_a_bug(tmp_path):
    """Called from a user's template or the bundled one, a failing helper of ours is exit 3."""
    import subprocess
    import sys

    site = copy("overrides", tmp_path)
    crash = ("import sys, profilegen.render as r\n"
             "r._Site.asset = lambda self, path: r.paginate(None, 2)\n"  # a TypeError inside render.py
             "from profilegen.cli import main\n"
             "sys.exit(main(['build', '--source', sys.argv[1]] + sys.argv[2:]))\n")
    for extra in ([], ["--debug"]):
        result = subprocess.run([sys.executable, "-c", crash, str(site), *extra], capture_output=True, text=True)
        assert result.returncode == 3, result.stderr
        assert "internal error: TypeError" in result.stderr and "This is a bug in profilegen" in result.stderr
        assert ("Traceback" in result.stderr) == bool(extra)
        assert "render.py" in result.stderr or not extra


@pytest.mark.parametrize("slug, clash", [
    ("feed.xml", "the Atom feed"), ("robots.txt", "robots.txt"), ("sitemap.xml", "the sitemap"),
    ("favicon.svg", "the site's icon"), ("404.html", "the not-found page"), ("notes", "the notes list"),
    ("topics", "the topic pages"),
])
def test_a_page_cannot_take_the_name_of_a_file_profilegen_writes(tmp_path, slug, clash):
    site = copy("overrides", tmp_path)
    (site / "content" / "talks.md").write_text(f"---\ntitle: Talks\nslug: \"{slug}\"\n---\nPraatjes.\n", "utf-8")
    result = run_cli("build", "--source", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"content/talks.md:1:1: error: this file's address /{slug}/ clashes with {clash}" in result.stderr


@pytest.mark.parametrize("static, message", [
    ("stand", "static/stand: error: this file has the name of a folder of the site (it holds /stand/index.html)"),
    ("feed.xml/hidden.txt", "static/feed.xml/hidden.txt: error: this file would be inside /feed.xml"),
])
def test_a_static_file_that_clashes_with_a_folder_of_the_site_is_named(tmp_path, static, message):
    site = copy("overrides", tmp_path)
    target = site / "static" / static
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("x", "utf-8")
    result = run_cli("build", "--source", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_control_characters_never_reach_the_pages_the_feed_or_the_sitemap(tmp_path):
    site = copy("overrides", tmp_path)
    note = site / "content" / "notes" / "2026-03-04-plakken.md"
    note.write_text('---\ntitle: "Geplakt\\x07 uit Word"\ndate: 2026-03-04\n---\nTekst.\n', "utf-8")
    refused = run_cli("build", "--source", site)  # in a setting, a located error (config.py)
    assert refused.returncode == 1 and "2026-03-04-plakken.md:2:8: error: 'title' holds the control character U+0007" \
        in refused.stderr
    note.write_text("---\ntitle: Geplakt uit Word\ndate: 2026-03-04\n---\n"
                    "Tekst\x01 met\x0c controle\u0085tekens en \ufffe meer.\n", "utf-8")
    out = build(site)
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(out / name)  # well-formed XML
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and any(e.title == "Geplakt uit Word" for e in feed.entries)
    page = (out / "notes" / "2026-03-04-plakken" / "index.html").read_text("utf-8")
    assert "Tekst met controletekens en  meer." in page
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", page)


def test_topics_that_would_share_one_page_are_an_error(tmp_path):
    site = copy("overrides", tmp_path)
    settings = site / "site.yaml"
    text = re.sub(r"(?m)^topics:.*$", "topics: [Omgevingswet, omgevingswet!, participatie]", settings.read_text("utf-8"))
    settings.write_text(text if "topics:" in text else text + "topics: [Omgevingswet, omgevingswet!, participatie]\n",
                        "utf-8")
    result = run_cli("build", "--source", site)
    assert result.returncode == 1
    assert ("site.yaml: error: the topics 'Omgevingswet' and 'omgevingswet!' would share one page, "
            "/topics/omgevingswet/") in result.stderr


@settings(max_examples=2000, deadline=None)
@given(st.text(st.one_of(st.characters(codec=None, exclude_categories=()),
                         st.sampled_from(["\x00", "\x08", "\t", "\n", "\r", "\x0b", "\x1f", "\x7f", "\x80", "\x9f",
                                          "\xa0", "\xc2", "©", "\ufffd", "\ufffe", "\uffff", "\uefbf", "\ud800",
                                          "\udfff", "é", "€", "😀"]))))
def test_a_page_is_made_safe_as_the_pattern_over_its_text_made_it(text):
    # (render._published looks in the bytes, at memchr speed; it must publish what the pattern did)
    from profilegen.render import _UNSAFE, _published

    expected = _UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text).encode("utf-8")
    assert _published(text) == expected


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(["a", "é", " ", "\n", "\t", "\xa0", "\u3000", "\x1c", "\x85", "-", "\r", "\x0b", "\x0c",
                                "\x1f", "\x1b", "\u2028", "\u2019", "\ud800", "x"])), st.integers(1, 7))
def test_a_texts_words_are_counted_as_split_counts_them(text, piece):
    # (content.word_count counts a piece at a time, for the reading time: no list of every word;
    # where the only white space is ASCII's, it counts the ends of words in the text's bytes)
    from profilegen.content import word_count

    assert word_count(text, piece) == len(text.split())


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<p", "p>", "</", "a", "&amp;", "<b>", "\n", " "]), max_size=12).map("".join))
def test_an_excerpt_is_the_first_paragraph_the_pattern_found(rendered):
    # (render._excerpt finds the first <p> and the </p> after it: a search of the pattern read
    # to the end from every unclosed <p>)
    import html as html_module

    from profilegen.render import _excerpt

    match = re.search(r"<p>(.*?)</p>", rendered, re.S)
    text = " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split()) if match else ""
    assert _excerpt(rendered, limit=10_000) == text
