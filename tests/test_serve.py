"""`profilegen serve` driven as a user does: a real server process and a real Chromium.

Edits append to files or insert lines rather than replace phrases, so the tests keep working
while the example profile they copy is rewritten.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from conftest import REPO, run_cli

BASE = "/profilegen/"  # the example's base_url path
CONNECTED = "() => window.LiveReload && window.LiveReload.connector._isSocketConnected()"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def previews(pid: int | None = None) -> set[str]:
    """The preview folders (of the server with process ``pid``: other tests run servers too)."""
    pattern = f"profilegen-preview-{pid}-*" if pid is not None else "profilegen-preview-*"
    return {p.name for folder in (tempfile.gettempdir(), "/dev/shm") if Path(folder).is_dir()
            for p in Path(folder).glob(pattern)}


def wait_until(condition, timeout: float = 10, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    def __init__(self, source: Path, *extra: str, ignoring_sigint: bool = False) -> None:
        self.source = source
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "profilegen", "serve", "--no-open", "--port", str(self.port),
             "--source", str(source), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUTF8": "1"},
            # (as a shell script's background job starts it: `profilegen serve &`)
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignoring_sigint else None)
        self.url = f"http://127.0.0.1:{self.port}"

        def answers() -> bool:
            assert self.process.poll() is None, self.process.communicate()
            try:
                with urlopen(self.url + "/_profilegen/generation", timeout=1):
                    return True
            except OSError:
                return False

        wait_until(answers, 20, "the preview to start")

    def get(self, path: str, host: str = "127.0.0.1", headers: dict | None = None) -> tuple[int, bytes]:
        """A request sent as written: http.client does not normalise the path."""
        # (a hang detector, not a speed limit: the dashboard runs the whole check, which on a
        # machine loaded by the rest of the suite can take seconds)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", f"{host}:{self.port}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        self.last_headers = dict(response.getheaders())
        return response.status, response.read()

    def generation(self) -> bytes:
        return self.get("/_profilegen/generation")[1]

    def stop(self, sig=signal.SIGINT) -> tuple[int, str, str]:
        self.process.send_signal(sig)
        try:
            out, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # (killed, so that no server outlives its test)
            self.process.kill()
            out, err = self.process.communicate()
            raise AssertionError(f"the preview did not stop within 10 s of {signal.Signals(sig).name}:\n{err}") from None
        return self.process.returncode, out, err


def _start(source: Path, *extra: str):
    running = Server(source, *extra)
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def server(example):
    """A preview of a fresh copy of the example profile, for tests that edit it."""
    yield from _start(example)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One preview for the tests that only read (and add harmless files)."""
    source = tmp_path_factory.mktemp("shared") / "example"
    source.mkdir()
    shutil.copy(REPO / "site.yaml", source / "site.yaml")
    shutil.copytree(REPO / "content", source / "content")
    shutil.copytree(REPO / "static", source / "static")
    yield from _start(source)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def open_connected(browser, url: str, context=None):
    page = (context or browser).new_page()
    page.goto(url)
    page.wait_for_function(CONNECTED, timeout=10_000)
    return page


@pytest.mark.browser
def test_an_edit_shows_without_any_action_and_errors_show_in_the_page(server, browser):
    page = open_connected(browser, server.url + BASE + "drives/")
    drives = server.source / "content" / "drives.md"
    good = drives.read_text("utf-8")
    append(drives, "\nEen zin die de test schreef.\n")
    page.wait_for_selector("text=Een zin die de test schreef.", timeout=10_000)

    # Broken front matter: the error, naming the file, shows in the page; the server stays up.
    broken = good.replace("---\n", "---\ntitle: [\n", 1) + "\nEen zin die de test schreef.\n"
    drives.write_text(broken, "utf-8")
    page.wait_for_selector("#profilegen-error", timeout=10_000)
    assert re.search(r"content/drives\.md:\d+:\d+: error: invalid YAML", page.inner_text("#profilegen-error"))
    assert "Een zin die de test schreef." in page.inner_text("main")  # the last good page stays readable
    other = open_connected(browser, server.url + BASE)  # every page shows it, not only the broken one
    assert "content/drives.md:" in other.inner_text("#profilegen-error")
    other.close()
    assert b"content/drives.md:" in server.get("/_profilegen/")[1]

    drives.write_text(good + "\nHersteld.\n", "utf-8")
    page.wait_for_selector("#profilegen-error", state="detached", timeout=10_000)
    page.wait_for_selector("text=Hersteld.", timeout=10_000)
    assert server.process.poll() is None
    page.close()


@pytest.mark.browser
def test_a_page_sent_just_before_a_save_catches_up_when_it_connects(server, browser):
    """The save lands between sending the page and its reload socket opening: no reload message
    reaches it, so the page asks whether it is current once connected."""
    held = []

    def save_while_the_client_loads(route):  # the page is sent; its reload client not yet
        if held:
            return route.continue_()
        before = server.generation()
        append(server.source / "content" / "drives.md", "\nNa het versturen geschreven.\n")
        wait_until(lambda: server.generation() != before, what="the rebuild")
        held.append(route.request.url)
        route.continue_()

    page = browser.new_page()
    page.route("**/_profilegen/livereload.js*", save_while_the_client_loads)
    page.goto(server.url + BASE + "drives/")
    page.wait_for_selector("text=Na het versturen geschreven.", timeout=10_000)
    assert len(held) == 1
    page.close()


RELOAD_CLIENT = re.compile(rb'<script[^>]* src="/_profilegen/livereload\.js[^"]*"></script><script>[^<]*</script>(?=</body>)')


@pytest.mark.browser
def test_the_cv_and_cards_made_after_the_reload_are_never_stale_and_the_site_ends_as_a_cold_build(server, browser,
                                                                                                   tmp_path):
    """The preview reloads a page as soon as that page is rebuilt, and makes the CV and the share
    cards after the page has loaded. Fetched in between (the page's 'loaded' request is held back,
    so the rebuild waits for it), each is the new one, never the last build's; once done, every
    file is served as a cold build of the same files has it."""
    drives = server.source / "content" / "drives.md"
    page = open_connected(browser, server.url + BASE + "drives/")
    before = {path: server.get(BASE + path)[1] for path in ("cv.pdf", "drives/card.png")}
    page.route("**/_profilegen/generation*", lambda route: None)  # never answered: the rebuild pauses
    text = drives.read_text("utf-8")
    summary = text.split("\n")[1]
    assert summary.startswith("summary:") and "\ntitle:" not in text.split("---")[1]
    drives.write_text(text.replace(summary, 'summary: "Mij drijft een wijk die haar eigen plan maakt."\n'
                                            "title: Wat mij drijft in Zuilen", 1)  # (on the CV and the card)
                      + "\nDe wijkraad van Zuilen las mee en schreef terug.\n", "utf-8")
    page.wait_for_selector("text=De wijkraad van Zuilen las mee en schreef terug.", timeout=10_000)
    after = {path: server.get(BASE + path) for path in before}  # (the rest of the rebuild is paused)

    cold = shutil.copytree(server.source, tmp_path / "cold", ignore=shutil.ignore_patterns(".profilegen-cache", "_site"))
    run_cli("build", "--source", cold, "--drafts", "-q", check=True)
    site = cold / "_site"
    for path, (status, data) in after.items():
        assert status == 200 and data == (site / path).read_bytes(), f"{path} is not the new one"
        assert data != before[path], f"{path} did not change: the edit did not reach it"
    for file in sorted(p for p in site.rglob("*") if p.is_file() and p.name != ".profilegen-manifest"):
        rel = file.relative_to(site).as_posix()
        status, data = server.get(BASE + quote(rel))
        assert status == 200, rel
        if rel.endswith(".html"):
            data, injected = RELOAD_CLIENT.subn(b"", data)
            assert injected == 1, rel
        assert data == file.read_bytes(), f"{rel} differs from a cold build's"
    page.close()


@pytest.mark.browser
def test_a_page_the_check_stops_is_never_shown_early(server, browser):
    """The preview shows a rebuilt page before the rest of the site is made, but never before the
    check (which runs beside the render) has passed: a phone number saved in a layer shows as the
    error panel over the last good page, and no response ever carried it."""
    page = open_connected(browser, server.url + BASE + "drives/")
    bodies = []
    page.on("response", lambda response: bodies.append(response.body()) if response.url.endswith("/drives/") else None)
    append(server.source / "content" / "drives.md", "\nBel me gerust op 06-12345678.\n")
    page.wait_for_selector("#profilegen-error", timeout=10_000)
    assert "privacy.phone" in page.inner_text("#profilegen-error")
    assert "06-12345678" not in page.inner_text("main")  # (the panel quotes it: not the page's own text)
    assert bodies and not any(b"Bel me gerust op 06-12345678" in body for body in bodies)
    page.close()


@pytest.mark.browser
def test_a_css_edit_applies_without_a_navigation(server, browser):
    css = server.source / "themes" / "default" / "static" / "css" / "style.css"
    css.parent.mkdir(parents=True)
    css.write_text((REPO / "themes" / "default" / "static" / "css" / "style.css").read_text("utf-8")
                   + "\n/* the site's own copy */\n", "utf-8")
    wait_until(lambda: b"the site's own copy" in server.get(BASE + "css/style.css")[1], what="the override")
    page = open_connected(browser, server.url + BASE)
    page.evaluate("window.keptState = 42")
    append(css, "\nbody { outline: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function("getComputedStyle(document.body).outlineWidth === '7px'", timeout=10_000)
    assert page.evaluate("window.keptState") == 42
    page.close()


@pytest.mark.browser
def test_dashboard_copy_buttons_put_the_exact_text_on_the_clipboard_and_it_updates(server, browser):
    expected = json.loads(run_cli("linkedin", "--source", server.source, "--format", "json", check=True).stdout)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = open_connected(browser, server.url + "/_profilegen/", context)
    assert page.inner_text("[data-testid=headline-count]") == f"{expected['headline']['length']}/220"
    assert page.inner_text("[data-testid=about-count]") == f"{expected['about']['length']}/2600"
    assert page.locator(".fold").count() == 1
    assert page.inner_text(".before-fold") == expected["about"]["fold"]
    for which in ("about", "headline"):
        page.click(f"button[data-copy={which}]")
        page.wait_for_selector(f"button[data-copy={which}]:has-text('Copied')")
        assert page.evaluate("navigator.clipboard.readText()") == expected[which]["text"]
    assert "filled" in page.inner_text("#h-layers + table")

    # A save that adds a finding shows it, with its file:line, without any action.
    append(server.source / "content" / "drives.md", "\nZie [mijn oude pagina](bestaat-niet.md).\n")
    page.wait_for_selector("text=links.broken", timeout=10_000)
    findings = json.loads(run_cli("check", "--source", server.source, "--format", "json").stdout)
    shown = page.inner_text("#h-check + ul")
    assert findings and all(f"{f['file']}:{f['line']}" in shown for f in findings)
    context.close()


LONG_TITLE = "Waarom de energietransitie in Overvecht begint bij de keukentafel en niet bij het gemeentehuis"
LONG_SUMMARY = ("Over bewonersavonden, warmtenetten en de vraag wie er eigenlijk beslist wanneer een wijk van het "
                "gas af gaat; met wat ik leerde van drie jaar gesprekken in Overvecht, Kanaleneiland en Zuilen.")


@pytest.mark.browser
def test_dashboard_shows_each_page_as_linkedin_and_google_show_it_and_warns_about_descriptions(server, browser):
    from profilegen.serve.previews import DESCRIPTION_CUT, TITLE_PIXELS, title_width

    notes = server.source / "content" / "notes"
    (notes / "2026-11-02-keukentafel.md").write_text(
        f"---\ntitle: {LONG_TITLE}\ndate: 2026-11-02\nsummary: {LONG_SUMMARY}\n---\nEen notitie.\n", "utf-8")
    (notes / "2026-11-03-kort.md").write_text("---\ntitle: Korte notitie\ndate: 2026-11-03\n---\nZonder samenvatting.\n",
                                              "utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 1400})
    page.goto(server.url + "/_profilegen/")
    page.wait_for_selector("summary:has-text('Korte notitie')", timeout=10_000)
    shared = page.locator("[data-testid=shared]")
    assert shared.first.locator("summary").inner_text() == "Home"
    names = [s.split(" ·")[0] for s in shared.locator("summary").all_inner_texts()]
    assert names[1:3] == ["Korte notitie", LONG_TITLE], "the home, then every note, newest first"

    home, short, long = shared.nth(0), shared.nth(1), shared.nth(2)
    for details in (short, long):
        details.locator("summary").click()
    for details, card in ((home, "card.png"), (long, "notes/2026-11-02-keukentafel/card.png")):
        image = details.locator("[data-testid=linkedin] img")
        assert image.get_attribute("src") == BASE + card
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1200, 627]
        assert details.locator(".li-domain").inner_text() == "profilegen.github.io"
    assert long.locator(".li-title").inner_text() == LONG_TITLE

    # Google: the title cut at a word where 600 px of Arial end, the URL, the description cut near 155.
    title = long.locator(".g-title").inner_text()
    assert title.endswith(" …") and LONG_TITLE.startswith(title[:-2])
    kept = title[:-2]
    next_word = LONG_TITLE[len(kept):].split()[0]
    assert title_width(title) <= TITLE_PIXELS < title_width(f"{kept} {next_word} …")
    assert long.locator(".g-url").inner_text() == "profilegen.github.io › profilegen › notes › 2026-11-02-keukentafel"
    description = long.locator(".g-description").inner_text()
    assert description.endswith(" …") and LONG_SUMMARY.startswith(description[:-2])
    assert DESCRIPTION_CUT - 20 <= len(description) <= DESCRIPTION_CUT + 2
    assert "Google cuts it near 155" in long.locator("[data-testid=description-warning]").inner_text()
    assert "no description" in short.locator("[data-testid=description-warning]").inner_text()
    assert short.locator(".g-title").inner_text() == "Korte notitie · Sanne Verhoeven"
    assert home.locator("[data-testid=description-warning]").count() == 0
    long.scroll_into_view_if_needed()
    page.screenshot(path=str(server.source / "dashboard-shared.png"))
    page.close()


def test_search_titles_and_descriptions_are_cut_at_a_word_and_never_past_the_limit():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from profilegen.serve.previews import DESCRIPTION_CUT, TITLE_PIXELS, cut_description, cut_title, title_width

    words = st.lists(st.sampled_from(["energietransitie", "Overvecht", "één", "wijk", "Ü", "—", "participatie",
                                      "Zuid-Holland", "’s", "a", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"]),
                     min_size=1, max_size=40).map(" ".join)

    @settings(max_examples=300, deadline=None)
    @given(words)
    def check(text):
        title, cut = cut_title(text)
        assert title_width(title) <= TITLE_PIXELS
        assert cut == (title != text) and (not cut or (title.endswith(" …") or title.endswith("…")))
        assert text.startswith(title.removesuffix(" …").removesuffix("…"))
        if cut and " " in title.removesuffix(" …"):  # cut at a word unless one word is too long alone
            assert text[len(title) - 2] == " "
        description = cut_description(text)
        assert len(description) <= DESCRIPTION_CUT + 2
        assert description == text or text.startswith(description.removesuffix(" …"))

    check()
    assert title_width("WWWW") > title_width("iiii"), "proportional, as Arial is"


@pytest.mark.browser
def test_a_site_that_never_built_shows_its_error_until_it_is_fixed(example, browser):
    drives = example / "content" / "drives.md"
    good = drives.read_text("utf-8")
    drives.write_text(good.replace("---\n", "---\ntitle: [\n", 1), "utf-8")
    running = Server(example)
    try:
        status, body = running.get(BASE)
        assert status == 500 and b"content/drives.md:" in body
        assert running.get("/")[0] == 302 and running.last_headers["Location"] == BASE  # from site.yaml alone
        assert b"No successful build yet" in running.get("/_profilegen/")[1]
        page = browser.new_page()
        page.goto(running.url + BASE)
        page.wait_for_function(CONNECTED, timeout=10_000)
        drives.write_text(good, "utf-8")
        page.wait_for_selector("#profilegen-error", state="detached", timeout=10_000)
        assert page.locator("main").count() == 1
        page.close()
    finally:
        assert running.stop()[0] == 0


@pytest.mark.parametrize("path", [
    "/profilegen/../site.yaml", "/profilegen/../../../../etc/passwd", "/profilegen/%2e%2e/site.yaml",
    "/profilegen/%2E%2E%2Fsite.yaml", "/profilegen/..%2f..%2fetc%2fpasswd", "/profilegen/%252e%252e/site.yaml",
    "/profilegen/..\\site.yaml", "/profilegen/%5c..%5csite.yaml", "/profilegen/css/", "/profilegen/%00",
    "/profilegen//etc/passwd", "/profilegen/%2fetc%2fpasswd", "/profilegen/.%2e/.%2e/site.yaml",
    "/profilegen/%c0%ae%c0%ae/site.yaml", "/../site.yaml", "/_profilegen/../site.yaml",
    "//etc/passwd", "http://127.0.0.1/../site.yaml",
])
def test_traversal_never_returns_a_file_outside_the_site(shared, path):
    status, body = shared.get(path)
    assert status in (400, 403, 404), (path, status)
    assert b"base_url" not in body and b"root:" not in body
    assert b"Index of" not in body


def test_symlinks_out_of_the_site_are_not_followed(shared):
    (shared.source / "static" / "escape.txt").symlink_to(shared.source / "site.yaml")
    (shared.source / "static" / "inside.txt").write_text("ok", "utf-8")
    wait_until(lambda: shared.get(BASE + "inside.txt")[0] == 200, what="the rebuild")
    status, body = shared.get(BASE + "escape.txt")
    assert status == 404 and b"base_url" not in body


def test_the_root_and_the_bare_prefix_redirect_to_the_site(shared):
    for path in ("/", BASE.rstrip("/")):
        assert shared.get(path)[0] == 302
        assert shared.last_headers["Location"] == BASE
    status, body = shared.get(BASE + "drives/")
    assert status == 200 and b"/_profilegen/livereload.js" in body
    status, body = shared.get("/_profilegen/livereload.js")
    assert status == 200 and b"LiveReload" in body


def test_a_foreign_host_or_origin_is_refused_and_only_loopback_listens(shared):
    assert shared.get(BASE, host="evil.example")[0] == 403
    assert shared.get("/_profilegen/", host="evil.example")[0] == 403
    assert shared.get(BASE, host="localhost")[0] == 200
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    assert shared.get("/livereload", headers={**upgrade, "Origin": "http://evil.example"})[0] == 403
    assert shared.get("/livereload", host="evil.example", headers=upgrade)[0] == 403
    assert shared.get("/livereload", headers={**upgrade, "Origin": f"http://127.0.0.1:{shared.port}"})[0] == 101
    # A page of another server on this computer is another origin: another port, or no port.
    for origin in (f"http://127.0.0.1:{shared.port + 1}", "http://localhost", f"https://127.0.0.1:{shared.port + 2}",
                   f"http://localhost:{shared.port}x", "null"):
        assert shared.get("/livereload", headers={**upgrade, "Origin": origin})[0] == 403, origin

    others = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this picks the outgoing address
            others.add(probe.getsockname()[0])
    except OSError:
        pass
    for address in others - {"127.0.0.1"}:
        with socket.socket() as attempt:
            attempt.settimeout(1)
            assert attempt.connect_ex((address, shared.port)) != 0, f"answers on {address}"


def test_a_very_long_path_is_not_found_not_a_crash(shared):
    for path in (BASE + "x" * 10_000, BASE + ("a/" * 3_000), BASE + "%ff" * 300):
        status, body = shared.get(path)
        assert status == 404, (len(path), status)


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_a_port_that_is_not_one_is_a_usage_error(example, port):
    result = run_cli("serve", "--no-open", "--port", port, "--source", example)
    assert result.returncode == 2
    assert f"--port: '{port}' is not a port: give a number from 1 to 65535" in result.stderr


def test_a_port_in_use_is_a_clear_error(shared):
    result = run_cli("serve", "--no-open", "--port", str(shared.port), "--source", shared.source)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"--port: error: port {shared.port} on 127.0.0.1 is already in use; "
                                     f"choose another with --port, e.g. --port {shared.port + 1}")


def test_a_save_burst_is_one_rebuild_build_output_has_no_reload_script_and_ctrl_c_cleans_up(server):
    drives = server.source / "content" / "drives.md"
    text = drives.read_text("utf-8")
    for n in range(3):  # an editor's save: write a temporary file, rename it over the original
        scratch = drives.with_name(f".drives.md.{n}.tmp")
        scratch.write_text(text + f"\nVersie {n}.\n", "utf-8")
        os.replace(scratch, drives)
    wait_until(lambda: b"Versie 2." in server.get(BASE + "drives/")[1], what="the rebuild")
    time.sleep(0.3)  # room for a second rebuild, if the burst were split

    run_cli("build", "--source", server.source, "-q", check=True)
    for page in (server.source / "_site").rglob("*.html"):
        assert "livereload" not in page.read_text("utf-8") and "_profilegen" not in page.read_text("utf-8")
    assert server.get(BASE)[0] == 200  # the user's _site/ is not what the preview serves from
    code, out, err = server.stop(signal.SIGINT)
    assert code == 0, err
    assert len(re.findall(r"^Rebuilt in \d+ ms: content/drives\.md$", out, re.M)) == 1, out
    assert previews(server.process.pid) == set()


def test_ctrl_c_stops_a_preview_started_where_sigint_is_ignored(example):
    running = Server(example, ignoring_sigint=True)
    assert len(previews(running.process.pid)) == 1
    code, out, err = running.stop(signal.SIGINT)
    assert code == 0, err
    assert previews(running.process.pid) == set()


def test_the_folders_of_killed_previews_are_removed_and_others_are_kept(example):
    killed = Server(example)
    folder = next(iter(previews(killed.process.pid)))
    killed.process.kill()
    killed.process.communicate()
    root = "/dev/shm" if Path("/dev/shm", folder).exists() else tempfile.gettempdir()
    old_style = Path(root, "profilegen-preview-abc123_x")  # (no process in the name: not ours to judge)
    old_style.mkdir()
    try:
        running = Server(example)  # (the killed one's process id is gone)
        assert not Path(root, folder).exists()
        assert old_style.exists() and len(previews(running.process.pid)) == 1
        assert running.stop()[0] == 0
    finally:
        old_style.rmdir()


def test_listening_on_every_address_warns(example):
    running = Server(example, "--host", "0.0.0.0")
    try:
        assert running.get(BASE, host="evil.example")[0] == 403
    finally:
        code, _, err = running.stop(signal.SIGTERM)
    assert code == 0
    assert "warning: --host 0.0.0.0 makes the preview reachable from other computers on the network" in err
