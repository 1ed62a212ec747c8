"""`profilegen serve` driven as a user does: a real server process and a real Chromium."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from conftest import REPO, copy_site, run_cli

BASE = "/profilegen/"  # the example's base_url path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def previews() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("profilegen-preview-*")}


class Server:
    def __init__(self, source: Path, *extra: str) -> None:
        self.source = source
        self.port = free_port()
        self.before = previews()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "profilegen", "serve", "--no-open", "--port", str(self.port),
             "--source", str(source), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urlopen(self.url + BASE, timeout=1):
                    return
            except OSError:
                assert self.process.poll() is None, self.process.communicate()
                time.sleep(0.05)
        raise AssertionError("the preview did not start")

    def stop(self, sig=signal.SIGINT) -> tuple[int, str, str]:
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=10)
        return self.process.returncode, out, err


@pytest.fixture
def server(tmp_path):
    source = tmp_path / "example"
    source.mkdir()
    for name in ("site.yaml", "content", "static"):
        src = REPO / name
        (copy_site if src.is_dir() else shutil.copy)(src, source / name)
    running = Server(source)
    yield running
    if running.process.poll() is None:
        running.stop()


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_an_edit_shows_without_any_action_and_errors_show_in_the_page(server, browser):
    page = browser.new_page()
    page.goto(server.url + BASE + "drives/")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                           "window.LiveReload.connector._isSocketConnected()", timeout=10_000)
    drives = server.source / "content" / "drives.md"
    edit(drives, "Ik groeide op in een dorp", "Ik groeide op in een klein dorp")
    page.wait_for_selector("text=Ik groeide op in een klein dorp", timeout=10_000)

    # Broken front matter: the error, naming the file, shows in the page; the server stays up.
    drives.write_text(drives.read_text("utf-8").replace("summary:", "summary: [", 1), "utf-8")
    page.wait_for_selector("#profilegen-error", timeout=10_000)
    assert re.search(r"content/drives.md:\d+:\d+: error: invalid YAML", page.inner_text("#profilegen-error"))
    assert "klein dorp" in page.inner_text("main")  # the last good page stays readable
    drives.write_text(drives.read_text("utf-8").replace("summary: [", "summary:", 1), "utf-8")
    page.wait_for_selector("#profilegen-error", state="detached", timeout=10_000)
    assert server.process.poll() is None
    page.close()


def test_a_css_edit_applies_without_a_navigation(server, browser):
    css = server.source / "themes" / "default" / "static" / "css" / "style.css"
    css.parent.mkdir(parents=True)
    css.write_bytes((REPO / "themes" / "default" / "static" / "css" / "style.css").read_bytes())
    time.sleep(0.5)  # let the new theme folder's first build land
    page = browser.new_page()
    page.goto(server.url + BASE)
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()",
                           timeout=10_000)
    page.evaluate("window.keptState = 42")
    css.write_text(css.read_text("utf-8") + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n", "utf-8")
    page.wait_for_function("getComputedStyle(document.body).outlineWidth === '7px'", timeout=10_000)
    assert page.evaluate("window.keptState") == 42
    page.close()


def test_dashboard_copy_buttons_put_the_exact_text_on_the_clipboard(server, browser):
    expected = json.loads(run_cli("linkedin", "--source", server.source, "--format", "json", check=True).stdout)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server.url + "/_profilegen/")
    assert f"{expected['about']['length']}/2600" in page.inner_text("[data-testid=about-count]")
    assert page.locator(".fold").count() == 1
    page.click("button[data-copy=about]")
    page.wait_for_selector("button[data-copy=about]:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == expected["about"]["text"]
    page.click("button[data-copy=headline]")
    page.wait_for_selector("button[data-copy=headline]:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == expected["headline"]["text"]
    assert "No findings" in page.inner_text("#h-check + ul")
    context.close()


def raw_get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"{host}:{port}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("path", [
    "/profilegen/../site.yaml", "/profilegen/../../../../etc/passwd", "/profilegen/%2e%2e/site.yaml",
    "/profilegen/%2E%2E%2Fsite.yaml", "/profilegen/..%2f..%2fetc%2fpasswd", "/profilegen/%252e%252e/site.yaml",
    "/profilegen/..\\site.yaml", "/profilegen/%5c..%5csite.yaml", "/profilegen/css/", "/profilegen/%00",
])
def test_traversal_never_returns_a_file_outside_the_site(server, path):
    status, body = raw_get(server.port, path)
    assert status in (400, 403, 404), (path, status)
    assert b"base_url" not in body and b"root:" not in body
    assert b"Index of" not in body


def test_symlinks_out_of_the_site_are_not_followed(server):
    (server.source / "static" / "escape.txt").symlink_to(server.source / "site.yaml")
    (server.source / "static" / "inside.txt").write_text("ok", "utf-8")
    deadline = time.monotonic() + 10
    while raw_get(server.port, BASE + "inside.txt")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    status, body = raw_get(server.port, BASE + "escape.txt")
    assert status == 404 and b"base_url" not in body


def test_a_foreign_host_header_is_refused_and_only_loopback_listens(server):
    assert raw_get(server.port, BASE, host="evil.example")[0] == 403
    assert raw_get(server.port, BASE, host="localhost")[0] == 200
    others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            others.add(probe.getsockname()[0])
    except OSError:
        pass
    for address in others - {"127.0.0.1"}:
        with socket.socket() as attempt:
            attempt.settimeout(1)
            assert attempt.connect_ex((address, server.port)) != 0, f"answers on {address}"


def test_build_output_never_has_the_reload_script_and_ctrl_c_cleans_up(server):
    run_cli("build", "--source", server.source, "-q", check=True)
    assert "livereload" not in (server.source / "_site" / "index.html").read_text("utf-8")
    code, out, _ = server.stop(signal.SIGINT)
    assert code == 0
    assert previews() - server.before == set()


def test_a_port_in_use_is_a_clear_error(server):
    result = run_cli("serve", "--no-open", "--port", str(server.port), "--source", server.source)
    assert result.returncode == 1
    assert f"--port: error: port {server.port} on 127.0.0.1 is already in use" in result.stderr
