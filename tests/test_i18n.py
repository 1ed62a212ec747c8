"""Two languages from one source: URLs, alternates, theme words, feeds and errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from conftest import PageLinks, run_cli

BILINGUAL = Path(__file__).resolve().parent / "sites" / "valid" / "bilingual"
BASE = "https://x.github.io/repo/"


def parse(path: Path) -> PageLinks:
    return PageLinks(path.read_text("utf-8"))


def local_file(site: Path, url: str) -> Path | None:
    """The built file a same-site URL points at, or None for another host."""
    parts = urlsplit(url)
    if parts.scheme and not url.startswith(BASE):
        return None
    path = urlsplit(urljoin(BASE, url)).path
    assert path.startswith("/repo/"), f"{url} escapes the /repo/ base path"
    rel = path[len("/repo/"):]
    return site / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("bilingual") / "site"
    shutil.copytree(BILINGUAL, source)
    run_cli("build", "--source", source, "--base-url", BASE, "-q", check=True)
    return source / "_site"


def test_each_language_lives_under_its_own_prefix_with_the_right_lang(built):
    pages = sorted(built.rglob("*.html"))
    assert (built / "en" / "index.html").is_file() and (built / "index.html").is_file()
    for page in pages:
        expected = "en" if page.relative_to(built).parts[0] == "en" else "nl"
        assert parse(page).lang == expected, page


def test_no_broken_link_and_every_alternate_exists_in_both_languages(built):
    for page in sorted(built.rglob("*.html")):
        links = parse(page)
        for ref in links.refs:
            if ref.startswith(("mailto:", "#")):
                continue
            target = local_file(built, ref)
            if target is not None:
                assert target.is_file(), f"{page.relative_to(built)} links to missing {ref}"
        for lang, href in links.alternates.items():
            assert href.startswith(BASE), href
            assert local_file(built, href).is_file(), f"{page}: alternate {lang} -> {href} is missing"


def test_translated_pages_point_at_each_other_and_x_default(built):
    nl = parse(built / "vision" / "index.html").alternates
    en = parse(built / "en" / "vision" / "index.html").alternates
    assert nl == en == {"nl": BASE + "vision/", "en": BASE + "en/vision/", "x-default": BASE + "vision/"}
    # A note with no translation has no alternates, and its language switch goes to the other home.
    untranslated = built / "notes" / "2025-11-20-alleen-nl" / "index.html"
    assert parse(untranslated).alternates == {}
    assert 'href="/repo/en/" lang="en"' in untranslated.read_text("utf-8")


def test_theme_words_dates_and_settings_are_in_the_pages_language(built):
    en_home = (built / "en" / "index.html").read_text("utf-8")
    nl_home = (built / "index.html").read_text("utf-8")
    assert "What I stand for" in en_home and "Waar ik voor sta" not in en_home
    assert "Programme manager for sustainable mobility" in en_home
    assert "Waar ik voor sta" in nl_home and "What I stand for" not in nl_home
    en_note = (built / "en" / "notes" / "2026-03-02-deelauto" / "index.html").read_text("utf-8")
    nl_note = (built / "notes" / "2026-03-02-deelauto" / "index.html").read_text("utf-8")
    assert "2 March 2026" in en_note and "2 maart 2026" in nl_note
    assert 'og:locale" content="en_GB"' in en_home and 'og:locale" content="nl_NL"' in nl_home
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', en_home, re.S).group(1)
    assert '"jobTitle": "Programme manager for sustainable mobility"' in jsonld
    assert '"url": "https://x.github.io/repo/en/"' in jsonld


def test_a_feed_and_topic_pages_per_language(built):
    for prefix, title in (("", "Wat de deelauto ons leerde"), ("en/", "What the shared car taught us")):
        feed = feedparser.parse((built / prefix / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert title in [entry.title for entry in feed.entries]
        assert all(entry.link.startswith(BASE + prefix) for entry in feed.entries)
    assert (built / "en" / "topics" / "mobility" / "index.html").is_file()
    assert (built / "topics" / "mobiliteit" / "index.html").is_file()


def test_sitemap_lists_alternates(built):
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{BASE}en/vision/"/>' in sitemap


def test_an_unconfigured_language_folder_is_an_error(tmp_path):
    source = tmp_path / "site"
    shutil.copytree(BILINGUAL, source)
    (source / "content" / "de").mkdir()
    (source / "content" / "de" / "stand.md").write_text("Hallo\n", "utf-8")
    result = run_cli("build", "--source", source)
    assert result.returncode == 1
    assert "content/de/stand.md: error: content/de/ looks like the 'de' version" in result.stderr


def test_i18n_for_a_language_that_is_not_configured_is_an_error_with_its_line(tmp_path):
    source = tmp_path / "site"
    shutil.copytree(BILINGUAL, source)
    settings = source / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "  fr:\n    title: Bonjour\n", "utf-8")
    result = run_cli("build", "--source", source)
    assert result.returncode == 1
    line = settings.read_text("utf-8").splitlines().index("  fr:") + 1
    assert f"site.yaml:{line}:3: error: 'i18n.fr' is not another language" in result.stderr
