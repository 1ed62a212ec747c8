"""The default theme as visitors and validators see it: served under /repo/ like GitHub Pages.

Three profiles: the repository's example, a bilingual one and `theme-showcase` (every Markdown
feature: tables, code, quotes, images, headings in bodies, very long words and URLs). On each:
W3C Nu validator (vnu-jar) with 0 errors and axe-core with 0 violations on every page, in
light and dark mode; no request to another host; the home page under 50 KB; no sideways
scrolling on a phone; the skip link first; a crawl finds no broken link or asset; the 404
page works at any depth; printing gives the profile without the site's furniture.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.request import urlopen

import pytest
import yaml

from conftest import REPO, PageLinks, crawl, run_cli

TESTS = Path(__file__).resolve().parent
TOOLS = TESTS / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
SITES = TESTS / "sites" / "valid"
THEME = REPO / "themes" / "default"
BASE_URL = "https://x.github.io/repo/"
INSTALL_HINT = "run `bash tests/run.sh`, which installs the npm validators (npm ci --prefix tests) and Java"


def _need(path: Path) -> Path:
    assert path.is_file(), f"{path} is missing: {INSTALL_HINT}"
    return path


def _java() -> str:
    java = shutil.which("java")
    assert java, f"no Java runtime for the W3C Nu validator: {INSTALL_HINT}"
    return java


def vnu_errors(*paths: Path) -> list[str]:
    """The Nu validator's errors on HTML files or folders, as 'file:line: message'."""
    result = subprocess.run([_java(), "-jar", str(_need(VNU)), "--errors-only", "--format", "json",
                             "--skip-non-html", *map(str, paths)], capture_output=True, text=True)
    report = result.stderr.strip() or result.stdout.strip()
    assert report.startswith("{"), f"vnu did not report (exit {result.returncode}): {report[:500]}"
    return [f"{m.get('url', '').split('/_site/')[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in json.loads(report)["messages"]]


AXE_RUN = ("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
           ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(_need(AXE)))
    return page.evaluate(AXE_RUN)


@pytest.fixture(scope="module", params=["example", "bilingual", "theme-showcase"])
def built(request, tmp_path_factory) -> Path:
    if request.param == "example":
        return request.getfixturevalue("example_built")
    source = tmp_path_factory.mktemp(request.param) / "site"
    shutil.copytree(SITES / request.param, source)
    run_cli("build", "--source", source, "--base-url", BASE_URL, "-q", check=True)
    return source / "_site"


@pytest.fixture(scope="module")
def served(built, serve_under) -> str:
    return serve_under(built, "/repo/")


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_url(base: str, rel: str) -> str:
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_passes_the_w3c_nu_validator(built):
    assert vnu_errors(built) == []
    assert len(html_pages(built)) >= 10


def test_a_crawl_from_the_home_page_finds_no_broken_link_or_asset(served):
    assert crawl(served) >= 10


def test_home_page_is_under_50_kb_before_images(built):
    home = (built / "index.html").read_bytes()
    css = b"".join((built / "css" / name).read_bytes() for name in ("style.css", "print.css"))
    favicon = (built / "favicon.svg").read_bytes()
    assert len(home) + len(css) + len(favicon) < 50_000


def test_the_404_page_links_with_the_full_base_path(built, served, browser):
    """GitHub Pages serves 404.html at any missing URL, so no link of it may be relative."""
    links = PageLinks((built / "404.html").read_text("utf-8"))
    relative = [ref for ref in links.refs
                if not ref.startswith(("/repo/", "https://", "http://", "mailto:", "#"))]
    assert relative == []
    context = browser.new_context()
    page = context.new_page()
    html = urlopen(served + "404.html").read().decode("utf-8")
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.route(served + "some/missing/deep/page/", lambda route: route.fulfill(status=404, body=html,
                                                                               content_type="text/html"))
    page.goto(served + "some/missing/deep/page/")
    styled = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert [url for url in failed if not url.endswith("/some/missing/deep/page/")] == []
    assert styled not in ("rgba(0, 0, 0, 0)", "transparent"), "the stylesheet did not load"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_and_nothing_is_fetched_from_other_hosts(built, served, browser, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    origin = served.split("/repo/")[0] + "/"
    foreign: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if not request.url.startswith(origin) else None)
    problems = []
    for rel in html_pages(built):
        page.goto(page_url(served, rel))
        problems.extend(f"{rel} ({scheme}): {violation}" for violation in axe_violations(page))
    context.close()
    assert problems == []
    assert foreign == []


def test_phone_width_has_no_horizontal_scroll_and_the_skip_link_comes_first(built, served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for rel in html_pages(built):
        page.goto(page_url(served, rel))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{rel} scrolls sideways by {overflow}px at 390 px"
    page.goto(served)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0, "the skip link stays hidden"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_the_home_page_shows_name_role_stand_layers_notes_and_contact(built):
    home = (built / "index.html").read_text("utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", home, re.S)
    assert h1 and h1.group(1).strip()
    assert 'class="role"' in home and 'class="stand-summary"' in home
    stand = home.index('class="stand-summary"')
    assert stand < home.index('class="layers"'), "the stand statement comes before the layers"
    for layer in ("stand", "vision", "future"):
        assert f'id="{layer}"' in home and f'href="#{layer}"' in home
    assert 'class="latest-notes"' in home and 'id="contact"' in home


def test_the_print_stylesheet_prints_a_clean_cv(built, served, browser):
    context = browser.new_context(color_scheme="dark")  # a dark screen still prints black on white
    page = context.new_page()
    page.goto(served)
    page.emulate_media(media="print")
    hidden = "el => getComputedStyle(el).display"
    for selector in (".site-header nav", ".skip-link", ".toc", ".actions", ".latest-notes"):
        assert page.eval_on_selector(selector, hidden) == "none", f"{selector} is printed"
    for selector in (".hero h1", ".stand-summary", ".layers", "#contact"):
        assert page.eval_on_selector(selector, hidden) != "none", f"{selector} is not printed"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in ("rgb(255, 255, 255)",
                                                                                 "rgba(0, 0, 0, 0)")
    dark = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getClientRects().length)
        .map(e => [e.tagName, getComputedStyle(e).backgroundColor, getComputedStyle(e).color])
        .filter(([, bg, fg]) => !['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(bg)
                               || !/^rgb\\((\\d{1,2}|1[0-1]\\d), /.test(fg))""")
    assert dark == [], "printed elements that are not dark text on white"
    pdf = page.pdf(format="A4")
    context.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def _template_keys() -> set[str]:
    keys = set()
    for template in (THEME / "templates").rglob("*"):
        if template.is_file() and "linkedin" not in template.parts:
            keys |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']\s*[,)]""", template.read_text("utf-8")))
    return keys


def _flatten(words: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in words.items():
        keys |= _flatten(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return keys


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_word_of_the_theme_is_translated(lang):
    words = _flatten(yaml.safe_load((THEME / "i18n" / f"{lang}.yaml").read_text("utf-8")))
    used = _template_keys()
    assert len(used) > 20
    assert sorted(used - words) == []
    other = _flatten(yaml.safe_load((THEME / "i18n" / ("en" if lang == "nl" else "nl")).with_suffix(".yaml")
                                    .read_text("utf-8")))
    assert sorted(words ^ other) == []


def test_the_validators_can_fail(tmp_path, browser):
    """A broken page must be caught, or a green run above proves nothing."""
    broken = tmp_path / "_site" / "broken.html"
    broken.parent.mkdir()
    broken.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
                      '<main><h1>x</h1><p style="color:#bbb;background:#fff">faint</p>'
                      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p><div>bad nesting</div></p>'
                      '</main></body></html>', "utf-8")
    assert vnu_errors(broken), "vnu found no error in a page with a missing alt and a <div> in a <p>"
    context = browser.new_context()
    page = context.new_page()
    page.goto(broken.as_uri())
    found = " ".join(axe_violations(page))
    context.close()
    assert "image-alt" in found and "color-contrast" in found


@pytest.mark.parametrize("words, message", [
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n", r"i18n/nl.yaml:3:4: error: the value of the anchor '&c' is repeated"),
    ("a: &a [*a]\n", r"i18n/nl.yaml:1:4: error: an alias \('\*a'\) inside the value it refers to"),
    ("nav:\n  home: [1]\n", r"i18n/nl.yaml:2:9: error: the theme's words hold text, .*; nav.home is a list with more"),
    ("nav: 12\n", r"i18n/nl.yaml:1:6: error: .*; nav is a number"),
    ("[1]\n", r"i18n/nl.yaml:1:1: error: .*; the file is not a mapping of names"),
    ("nav: {home: 'open\n", r"i18n/nl.yaml:1:13: error: invalid YAML: the quote \(\'\) opened on line 1 is never closed"),
])
def test_the_themes_words_are_read_as_site_yaml_is(example, words, message):
    (example / "templates").mkdir(exist_ok=True)
    (example / "i18n").mkdir()
    (example / "i18n" / "nl.yaml").write_text(words, "utf-8")
    result = run_cli("build", "--source", example, "-q")
    assert result.returncode == 1, result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_the_themes_words_not_in_utf8_are_named_so(example):
    (example / "templates").mkdir(exist_ok=True)
    (example / "i18n").mkdir()
    (example / "i18n" / "nl.yaml").write_bytes("nav: {home: Thuisbasis café}\n".encode("cp1252"))
    result = run_cli("build", "-q", cwd=example)
    assert result.returncode == 1
    assert result.stderr.startswith("i18n/nl.yaml:1:27: error: this file is not saved as UTF-8 (it looks like Windows-1252)")
