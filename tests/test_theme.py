"""The default theme as visitors and validators see it: served under /repo/ like GitHub Pages.

W3C Nu validator (vnu-jar) with 0 errors and axe-core with 0 violations on every page, in
light and dark mode; no request to another host; the home page under 50 KB; no horizontal
scrolling on a phone; a crawl finds no broken link or asset.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from conftest import REPO, PageLinks, run_cli

TOOLS = Path(__file__).resolve().parent / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
BILINGUAL = Path(__file__).resolve().parent / "sites" / "valid" / "bilingual"
INSTALL_HINT = "run `bash tests/run.sh`, which installs the npm validators"


def _need(path: Path) -> Path:
    assert path.is_file(), f"{path} is missing: {INSTALL_HINT}"
    return path


@pytest.fixture(scope="module", params=["example", "bilingual"])
def built(request, tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp(request.param) / "site"
    if request.param == "example":
        source.mkdir()
        for name in ("site.yaml", "content", "static"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, source / name)
    else:
        shutil.copytree(BILINGUAL, source)
    run_cli("build", "--source", source, "--base-url", "https://x.github.io/repo/", "-q", check=True)
    return source / "_site"


@pytest.fixture(scope="module")
def served(built, serve_under) -> str:
    return serve_under(built, "/repo/")


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_url(base: str, rel: str) -> str:
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_passes_the_w3c_nu_validator(built):
    result = subprocess.run(["java", "-jar", str(_need(VNU)), "--errors-only", "--format", "json",
                             "--skip-non-html", str(built)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('_site')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    assert len(html_pages(built)) >= 10


def test_a_crawl_from_the_home_page_finds_no_broken_link_or_asset(served):
    seen, queue, checked = set(), [served], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url) as response:  # raises on 404
            body = response.read()
            kind = response.headers.get("Content-Type", "")
        checked += 1
        if "html" in kind:
            refs = PageLinks(body.decode("utf-8")).refs
        elif "css" in kind:
            refs = re.findall(r"url\(['\"]?([^'\")]+)", body.decode("utf-8"))
        else:
            continue
        for ref in refs:
            target = urljoin(url, ref).split("#")[0]
            if target.startswith(served):
                queue.append(target)
            elif urlsplit(target).netloc == urlsplit(served).netloc:
                pytest.fail(f"{url} links to {ref}, outside the /repo/ base path")
    assert checked >= 10


def test_home_page_is_under_50_kb_before_images(built):
    home = (built / "index.html").read_bytes()
    css = b"".join((built / "css" / name).read_bytes() for name in ("style.css", "print.css"))
    favicon = (built / "favicon.svg").read_bytes()
    assert len(home) + len(css) + len(favicon) < 50_000


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_and_nothing_is_fetched_from_other_hosts(built, served, browser, scheme):
    axe = _need(AXE).read_text("utf-8")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if not request.url.startswith(served.split("/repo/")[0]) else None)
    problems = []
    for rel in html_pages(built):
        page.goto(page_url(served, rel) if rel != "404.html" else served + "404.html")
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
        problems.extend(f"{rel} ({scheme}): {violation}" for violation in result)
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
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_the_print_stylesheet_hides_navigation(built, served, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.layers')).display") != "none"
    context.close()
