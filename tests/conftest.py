"""Shared fixtures: real builds in temp folders, the CLI as a subprocess, a static server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PROFILEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run_cli(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m profilegen ARGS` as a user would, capturing text output."""
    result = subprocess.run([sys.executable, "-m", "profilegen", *map(str, args)], cwd=cwd,
                            capture_output=True, text=True, env={**os.environ, "PYTHONUTF8": "1"})
    if check and result.returncode != 0:
        raise AssertionError(f"profilegen {' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def cli():
    return run_cli


def copy_site(src: Path, dest: Path) -> Path:
    """A copy of a profile without its built output, to build and change freely."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_site", ".profilegen-cache"))
    return dest


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the repository's own example profile."""
    dest = tmp_path / "example"
    dest.mkdir()
    shutil.copy(REPO / "site.yaml", dest / "site.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", dest / "static")
    return dest


@pytest.fixture(scope="session")
def example_built(tmp_path_factory) -> Path:
    """The example profile built once for https://x.github.io/repo/ (read-only for tests)."""
    dest = tmp_path_factory.mktemp("example-built")
    shutil.copy(REPO / "site.yaml", dest / "site.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", dest / "static")
    run_cli("build", "--source", dest, "--base-url", "https://x.github.io/repo/", "-q", check=True)
    return dest / "_site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def serve_under():
    """Serve a built site under a URL prefix, as GitHub Pages serves /<repo>/; yields a starter."""
    servers = []

    def start(site: Path, prefix: str = "/repo/") -> str:
        root = site.parent / f"_served_{site.name}"
        if root.exists():
            shutil.rmtree(root)
        target = root / prefix.strip("/") if prefix.strip("/") else root
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(site, target)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files under tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class PageLinks(HTMLParser):
    """What a crawler needs from a page: every href/src, the <html lang>, hreflang alternates."""

    def __init__(self, html: str = "") -> None:
        super().__init__()
        self.lang: str | None = None
        self.refs: list[str] = []
        self.alternates: dict[str, str] = {}
        if html:
            self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append(attrs[name])
