"""The preview's HTTP side: the built site under the base path, the reload channel, the dashboard.

Only files inside the built site are served: paths are decoded once, any '..' or backslash
is refused, symlinks must resolve inside the site, folders are never listed. Requests whose
Host is not this server (DNS rebinding) are refused, and so is the reload socket opened by a
page of another origin.

Everything runs on one tornado event loop, the rebuild included, one file at a time
(PreviewBuilder.rebuild_in_steps): a request that arrives while the site is being rebuilt is
answered with this rebuild's file as soon as it is written, and waits until then, so no page is
ever read half-written or stale, and no lock is needed. A browser is told to reload as soon as
the page it shows is written; the rebuild then pauses until that browser has loaded it (or
PAUSE_LIMIT_SECONDS), so the slow rest of the site (share cards, the CV) is made after the
repaint and does not compete with it. A request for a file not written yet, or another save,
ends a pause; that save is rebuilt right after.
"""

from __future__ import annotations

import asyncio
import errno
import html
import json
import logging
import mimetypes
import os
import signal
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from profilegen.errors import Problem, UsageError, UserError
from profilegen.messages import _, ngettext

log = logging.getLogger(__name__)

PREVIEW_PREFIX = "profilegen-preview-"  # then the server's process id: "profilegen-preview-4242-x1y2z3"

# An editor's save (write a temporary file, rename it, touch the folder) is a burst of events
# within a few milliseconds; 50 ms of quiet makes it one rebuild without a visible delay. After
# an event that ends a write (a file closed after writing, or renamed into place) the file is
# complete, and 15 ms of quiet is enough to gather the rest of the burst.
DEBOUNCE_SECONDS = 0.05
SETTLED_DEBOUNCE_SECONDS = 0.015
# How long a rebuild that has sent a browser its page waits for it to load before making the rest.
PAUSE_LIMIT_SECONDS = 1.0
# Between two files of a rebuild, requests are let in at least this often.
YIELD_SECONDS = 0.01
LIVERELOAD_JS = "/_profilegen/livereload.js"
DASHBOARD = "/_profilegen/"
GENERATION = "/_profilegen/generation"
# A page asks, once its reload socket is connected, whether it is still what the server would
# serve now: a save that landed between sending the page and the socket opening (or a restart
# of the server) would otherwise leave it stale until the next save.
_STALE_CHECK = ("<script>document.addEventListener('LiveReloadConnect',function(){"
                "fetch('%s',{cache:'no-store'}).then(function(r){return r.text()})"
                ".then(function(g){if(g!=='%s')location.reload()})})</script>")


def remove_abandoned_previews(folder: str | None = None) -> None:
    """Remove the preview folders of servers that are gone without cleaning up (killed, or the
    computer slept through a crash): on Linux's RAM disk they would hold memory until a reboot.
    A folder is named after its server's process; one whose process still runs is kept."""
    for leftover in Path(folder or tempfile.gettempdir()).glob(f"{PREVIEW_PREFIX}*-*"):
        pid = leftover.name[len(PREVIEW_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(leftover, ignore_errors=True)
        except (OSError, OverflowError):
            pass  # another user's process, or not ours to judge: kept


def _memory_folder() -> str | None:
    """Linux's RAM disk when it has room, for the preview's site: every save builds a new
    folder of it and removes the old one, which on a busy disk costs milliseconds a folder
    (on tmpfs, microseconds). None (the usual temporary folder) elsewhere."""
    shm = "/dev/shm"
    try:
        if os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30:
            return shm
    except OSError:
        pass
    return None


class Preview:
    """The state shared by the handlers: the builder, the last error, the reload channel."""

    def __init__(self, source: Path, host: str, port: int) -> None:
        from profilegen.build import PreviewBuilder

        self.source = source
        self.host = host
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREVIEW_PREFIX}{os.getpid()}-", dir=_memory_folder()))
        self.site = self.folder / "site"
        self.builder = PreviewBuilder(source, self.site)
        self.error: str | None = None
        self.shown: dict = {}  # the problems printed by the last rebuild (serve prints only changes)
        self.base_path = "/"
        self.check_memo: dict = {}  # the dashboard's full check, one file re-checked per edit
        self.builds = 0
        self.attempts = 0
        self.running: _Rebuild | None = None
        self.loop = None  # the event loop's asyncio loop (serve() sets it)
        self.queued: set[str] | None = None  # what changed while a rebuild was under way
        self.started = f"{time.time_ns():x}"
        self.allowed_hosts = {"localhost", "127.0.0.1", "::1", host.strip("[]").lower()}

    @property
    def generation(self) -> str:
        """Changes with every rebuild, good or failed, and with every start of the server."""
        return f"{self.started}.{self.attempts}"

    def host_allowed(self, host_header: str, default_port: int = 80) -> bool:
        """Is a Host (or an Origin's host and port) this server? Anything else is DNS rebinding,
        or a page of another server on this computer (another port is another origin)."""
        try:
            parts = urlsplit(f"//{host_header}")
            port = parts.port or default_port
        except ValueError:  # a port that is not a number, or out of range
            return False
        return (parts.hostname or "").lower() in self.allowed_hosts and port == self.port

    def _settings_base_path(self) -> str:
        from profilegen.config import load_settings

        try:
            return load_settings(self.source).base_path
        except UserError:
            return self.base_path

    def report(self, problems) -> None:
        """Print what changed since the last rebuild: the new problems, grouped per file, and how
        many of the ones shown before are gone (a save of one note does not repeat them all)."""
        from profilegen.check import grouped_lines

        current = list(dict.fromkeys(problems))
        new = [p for p in current if p not in self.shown]
        gone = len(self.shown.keys() - set(current))
        self.shown = dict.fromkeys(current)
        if new:
            print("\n".join(grouped_lines(new)), file=sys.stderr, flush=True)
        if gone:
            print(ngettext("{gone} finding fixed since the last rebuild", "{gone} findings fixed since the last rebuild", gone).format(gone=gone)
                  + (_("; {count} still open").format(count=len(current)) if current else ""), file=sys.stderr, flush=True)

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Rebuild (incrementally) on the event loop. A save while a rebuild is under way is
        rebuilt right after it (which then no longer pauses for the browsers)."""
        from livereload.handlers import LiveReloadHandler

        if self.running is not None:
            self.queued = (self.queued or set()) | (changed or set())
            self.running.hurry()
            return
        self.attempts += 1
        run = _Rebuild(self.builder.rebuild_in_steps(), changed, set(LiveReloadHandler.waiters))
        self.running = run
        run.task = asyncio.ensure_future(self._build(run), loop=self.loop)
        run.task.add_done_callback(lambda _: self._next())

    def _next(self) -> None:
        if self.running is None and self.queued is not None:
            changed, self.queued = self.queued, None
            self.rebuild(changed)

    async def _build(self, run: "_Rebuild") -> None:
        """Run a rebuild to its end, telling each browser to reload once its page is written."""
        from livereload.handlers import LiveReloadHandler

        from profilegen.serve.reload import reload_browsers

        changed = run.changed
        # A stylesheet edit swaps the stylesheet in place (the page keeps its state); anything else
        # reloads the page.
        only_css = bool(changed) and all(path.endswith(".css") for path in changed) and not self.error
        message = next(iter(changed)) if only_css else "*"
        let_in = time.perf_counter()
        try:
            while True:
                started = time.perf_counter()
                try:
                    rel = next(run.steps)
                except StopIteration as finished:
                    result = finished.value
                    break
                finally:
                    run.work += time.perf_counter() - started
                run.written(rel)
                readers = [page for page in LiveReloadHandler.waiters
                           if page not in run.told and self._shows(page, rel)]
                if readers:
                    if not run.told:  # (raises the check's errors: then no page of this rebuild is shown)
                        self.builder.check_passed()
                    run.told.update(readers)
                    reload_browsers(message, readers)
                    if message == "*":  # (a stylesheet swapped in place loads no page to wait for)
                        await run.pause()
                    let_in = time.perf_counter()
                elif time.perf_counter() - let_in > YIELD_SECONDS:
                    await asyncio.sleep(0)
                    let_in = time.perf_counter()
        except UserError as exc:
            self._ended(run)
            self.error = "\n".join(str(p) for p in exc.problems)
            self.report(exc.problems)
            if self.builds == 0:  # no good build yet: the settings alone may still say the base path
                self.base_path = self._settings_base_path()
            reload_browsers("*")
            return
        except Exception as exc:  # a bug: keep serving the last good pages, say so in the page
            self._ended(run)
            self.error = _("internal error: {kind}: {exc} (a bug in profilegen; please report it)").format(kind=type(exc).__name__, exc=exc)
            log.exception("rebuild crashed")
            reload_browsers("*")
            return
        finally:
            run.steps.close()  # (a no-op once it ended)
        self._ended(run)
        self.error = None
        self.builds += 1
        self.base_path = self.builder.loaded.settings.base_path
        self.report(result.warnings)
        if changed:
            print(_("Rebuilt in {took:.0f} ms: {changed}").format(took=run.work * 1000, changed=', '.join(sorted(changed))), flush=True)
        # The pages not told yet; not those connected since the start: they loaded this build's
        # files, or reload when they connect (their generation is not this build's).
        reload_browsers(message, [page for page in run.present & LiveReloadHandler.waiters if page not in run.told])

    def _ended(self, run: "_Rebuild") -> None:
        if self.running is run:
            self.running = None
        run.end()

    def _shows(self, page, rel: str) -> bool:
        """Does a connected page show the site's file ``rel`` (by the base path of this rebuild)?"""
        url_path = getattr(page, "page_path", None)
        loaded = self.builder.loaded
        return url_path is not None and loaded is not None and site_file(url_path, loaded.settings.base_path) == rel

    async def settled(self) -> None:
        """Wait until no rebuild is under way."""
        while (run := self.running) is not None:
            await run.wait_for(None)

    async def staged(self, url_path: str) -> Path | None:
        """While a rebuild is under way: its file for ``url_path``, as soon as it is written (it
        waits until then). None once no rebuild is under way: then the site answers."""
        while (run := self.running) is not None:
            loaded = self.builder.loaded
            rel = site_file(url_path, loaded.settings.base_path) if loaded is not None else None
            file = self.builder.staged_file(rel) if rel is not None else None
            if file is not None:
                return file
            await run.wait_for(rel)
        return None

    def page_loaded(self) -> None:
        """A page has loaded and connected (it asks for the generation): a rebuild paused for
        the pages it sent may go on once they all have."""
        run = self.running
        if run is not None and run.told:
            run.loaded += 1
            if run.loaded >= len(run.told):
                run.resume.set()


class _Rebuild:
    """A rebuild under way (PreviewBuilder.rebuild_in_steps), and the requests waiting for it."""

    def __init__(self, steps, changed: set[str] | None, present: set) -> None:
        self.steps = steps
        self.changed = changed
        self.present = present  # the pages connected when it started
        self.hurried = False    # another save waits: no pausing
        self.task: asyncio.Future | None = None
        self.work = 0.0         # seconds spent building, pauses not counted
        self.told: set = set()  # the pages sent their reload (the file they show was written)
        self.loaded = 0         # how many pages loaded since (see Preview.page_loaded)
        self.resume = asyncio.Event()
        self.waiting: dict[str | None, list[asyncio.Future]] = {}  # file (None: the end) -> requests

    def wait_for(self, rel: str | None) -> asyncio.Future:
        """A future done when ``rel`` is written, or the rebuild ended (None: only then)."""
        future = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(rel, []).append(future)
        self.resume.set()  # someone waits: no pausing
        return future

    async def pause(self) -> None:
        """Wait for the pages told to reload to load (their repaint comes first), unless a
        request waits for a file not yet made, at most PAUSE_LIMIT_SECONDS."""
        if self.waiting or self.hurried:
            return
        self.resume.clear()
        try:
            await asyncio.wait_for(self.resume.wait(), PAUSE_LIMIT_SECONDS)
        except asyncio.TimeoutError:
            pass

    def written(self, rel: str) -> None:
        for future in self.waiting.pop(rel, ()):
            if not future.done():
                future.set_result(None)

    def end(self) -> None:
        for futures in self.waiting.values():
            for future in futures:
                if not future.done():
                    future.set_result(None)
        self.waiting.clear()
        self.resume.set()

    def hurry(self) -> None:
        self.hurried = True
        self.resume.set()

    def stop(self) -> None:
        """Drop it (the server stops): nothing of it is committed."""
        self.steps.close()
        if self.task is not None:
            self.task.cancel()
        self.end()


def _inject(page: bytes, preview: Preview, request_host: str, *, overlay: bool = True) -> bytes:
    """Add the reload client (and the error overlay, if any) to a served page only."""
    hostname = urlsplit(f"//{request_host}").hostname or "127.0.0.1"
    script = (f'<script async src="{LIVERELOAD_JS}?host={html.escape(hostname)}&amp;port={preview.port}'
              '&amp;mindelay=100&amp;maxdelay=1000"></script>' + _STALE_CHECK % (GENERATION, preview.generation))
    panel = ""
    if preview.error and overlay:
        panel = ('<div id="profilegen-error" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:2147483647;'
                   'max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#8b1a1a;color:#fff;'
                   'font:14px/1.5 ui-monospace,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.3)">'
                   '<button type="button" onclick="this.parentNode.remove()" aria-label="Hide until the next save" '
                   'style="float:right;font:inherit;background:none;color:inherit;border:1px solid;cursor:pointer">'
                   '\u00d7</button>'
                   '<strong style="font-family:system-ui,sans-serif">profilegen could not rebuild the site; '
                   'you see the last good version. Fix this and save:</strong>'
                   f'<pre style="white-space:pre-wrap;margin:.5rem 0 0">{html.escape(preview.error)}</pre></div>')
    addition = (panel + script).encode("utf-8")
    marker = page.rfind(b"</body>")
    return page[:marker] + addition + page[marker:] if marker != -1 else page + addition


def _error_page(preview: Preview, request_host: str) -> bytes:
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>profilegen: build error</title>"
            "</head><body style=\"font-family:system-ui,sans-serif;margin:2rem\"><h1>The site could not be built</h1>"
            "<p>Fix the problem below and save; this page reloads by itself.</p></body></html>").encode()
    return _inject(page, preview, request_host)


def resolve_request_path(site: Path, url_path: str, base_path: str) -> Path | None:
    """The file a request path names inside ``site``, or None (never anything outside it)."""
    if not url_path.startswith(base_path):
        return None
    rel = unquote(url_path[len(base_path):], errors="strict")
    if "\x00" in rel or "\\" in rel or any(part == ".." for part in rel.split("/")):
        return None
    try:
        target = (site / rel).resolve() if rel else site.resolve()
        root = site.resolve()
        if target != root and not target.is_relative_to(root):
            return None  # a symlink pointing out of the site
        if target.is_dir():
            if not url_path.endswith("/"):
                return target  # the caller redirects to the slash form
            target = target / "index.html"
        return target if target.is_file() else None
    except OSError:  # a name longer than the file system allows, say: no such page
        return None


def site_file(url_path: str, base_path: str) -> str | None:
    """The site's file a request path names by its path alone ('' and 'x/' name their
    index.html), or None (outside the base path, or not UTF-8). Only ever compared with the
    names of files a build wrote, never opened as it is."""
    if not url_path.startswith(base_path):
        return None
    try:
        rel = unquote(url_path[len(base_path):], errors="strict")
    except UnicodeDecodeError:
        return None
    return rel + "index.html" if not rel or rel.endswith("/") else rel


def _versioned(query: dict, data: bytes) -> bool:
    """Is this a request for an asset by its version (render's site.asset(): ?v= and the first
    10 hex digits of its content's SHA-256) that these bytes are? A URL whose v is another's
    (a page older than the file) is not."""
    import hashlib

    version = query.get("v")
    return (len(query) == 1 and version is not None and len(version) == 1
            and version[0] == hashlib.sha256(data).hexdigest()[:10].encode("ascii"))


def make_app(preview: Preview):
    import tornado.web
    from livereload.handlers import LiveReloadHandler

    from profilegen.serve.dashboard import dashboard_page

    class Guarded(tornado.web.RequestHandler):
        def prepare(self) -> None:
            if not preview.host_allowed(self.request.host):
                raise tornado.web.HTTPError(403, reason="Host not allowed")

        def set_default_headers(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")

    class SiteHandler(Guarded):
        async def get(self) -> None:
            path = self.request.path
            staged = await preview.staged(path)
            if staged is not None:  # a page of the rebuild under way: no overlay (that was the last build's)
                return self.send(staged, overlay=False)
            # (no rebuild is under way now)
            if preview.base_path != "/" and path in ("/", preview.base_path.rstrip("/")):
                return self.redirect(preview.base_path)
            if preview.builds == 0:  # nothing good to show yet
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                return self.finish(_error_page(preview, self.request.host))
            try:
                target = resolve_request_path(preview.site, path, preview.base_path)
            except UnicodeDecodeError:
                target = None
            if target is not None and target.is_dir():
                return self.redirect(path + "/")
            if target is None:
                self.set_status(404)
                target = preview.site / "404.html"
                if not target.is_file():
                    return self.finish("Not found")
            return self.send(target)

        def send(self, target: Path, *, overlay: bool = True) -> None:
            data = target.read_bytes()
            if _versioned(self.request.query_arguments, data):
                # The URL names these very bytes: the browser may keep them, and a reload then
                # paints without asking for the stylesheet again. (Anything else: no-store.)
                self.set_header("Cache-Control", "max-age=31536000, immutable")
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = _inject(data, preview, self.request.host, overlay=overlay)
                kind += "; charset=utf-8"
            elif kind.startswith("text/") or kind in ("application/xml", "image/svg+xml", "application/atom+xml"):
                kind += "; charset=utf-8"
            self.set_header("Content-Type", kind)
            self.finish(data)

        head = get

    class Dashboard(Guarded):
        async def get(self) -> None:
            await preview.settled()
            self.set_header("Content-Type", "text/html; charset=utf-8")
            page = dashboard_page(preview.builder.loaded, preview.error, self.get_query_argument("lang", None),
                                  preview.check_memo)
            # The dashboard shows a build error in its own section, not as the overlay.
            self.finish(_inject(page.encode("utf-8"), preview, self.request.host, overlay=False))

    class Generation(Guarded):
        def get(self) -> None:
            preview.page_loaded()
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(preview.generation)

    class ReloadScript(Guarded):
        def get(self) -> None:
            import livereload

            self.set_header("Content-Type", "application/javascript; charset=utf-8")
            self.finish((Path(livereload.__file__).parent / "vendors" / "livereload.js").read_bytes())

    class ReloadSocket(LiveReloadHandler):
        def prepare(self) -> None:
            if not preview.host_allowed(self.request.host):
                raise tornado.web.HTTPError(403, reason="Host not allowed")

        def on_message(self, message) -> None:
            super().on_message(message)
            # livereload.js says which page it is in: that page is reloaded as soon as it is rebuilt.
            try:
                said = json.loads(message)
            except ValueError:
                return
            if isinstance(said, dict) and said.get("command") == "info" and isinstance(said.get("url"), str):
                self.page_path = urlsplit(said["url"]).path

        def check_origin(self, origin: str) -> bool:
            # Only our own pages may listen (livereload's handler accepts any origin).
            parts = urlsplit(origin)
            return parts.scheme in ("http", "https") and preview.host_allowed(
                parts.netloc, 443 if parts.scheme == "https" else 80)

    return tornado.web.Application([
        (r"/livereload", ReloadSocket),
        (LIVERELOAD_JS.replace(".", r"\."), ReloadScript),
        (DASHBOARD, Dashboard),
        (GENERATION, Generation),
        (r"/.*", SiteHandler),
    ], compress_response=False)


def serve(source: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True,
          quiet: bool = False) -> int:
    """Run the preview until Ctrl-C; return the exit code."""
    import tornado.ioloop
    from livereload.handlers import LiveReloadHandler

    from profilegen.serve.watch import start_watching

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # refused requests are not news
    source = source.resolve()
    if not (source / "site.yaml").is_file():
        raise UserError(Problem("site.yaml", None, None, _("no site.yaml in {source} (run 'profilegen init' first, "
                                "or pass --source)").format(source=source)))
    remove_abandoned_previews(_memory_folder())
    preview = Preview(source, host, port)
    app = make_app(preview)
    try:
        server = app.listen(port, address=host)
    except OSError as exc:
        shutil.rmtree(preview.folder, ignore_errors=True)
        if exc.errno == errno.EADDRINUSE:
            raise UserError(Problem("--port", None, None, _("port {port} on {host} is already in use; "
                                    "choose another with --port, e.g. --port {value}").format(port=port, host=host, value=port + 1))) from None
        raise UsageError(Problem("--host", None, None, _("cannot listen on {host}:{port}: {strerror}").format(host=host, port=port, strerror=exc.strerror))) from None
    loop = tornado.ioloop.IOLoop.current()
    LiveReloadHandler.waiters = set()  # the pages connected to this server (a class attribute of livereload's)
    # Ctrl-C and SIGTERM (a test harness, a process manager) stop the loop between two of its
    # steps, so a rebuild under way is closed whole: a KeyboardInterrupt raised anywhere could be
    # swallowed (livereload catches everything while it sends a reload) or land mid-write. A
    # second Ctrl-C, for a long step, interrupts at once. Set here, Ctrl-C works even when a
    # script started the preview in the background (the shell makes it ignore SIGINT).
    stopped_by: list[int] = []

    def stop(signum: int, _frame) -> None:
        if stopped_by and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stopped_by.append(signum)
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # The first build runs once the loop starts; requests wait for it, and a save meanwhile supersedes it.
    preview.base_path = preview._settings_base_path()
    preview.loop = loop.asyncio_loop
    preview.rebuild()
    pending: set[str] = set()
    timer = None

    def schedule(changed: set[str], settled: bool) -> None:
        nonlocal timer
        pending.update(changed)
        if timer is not None:
            loop.remove_timeout(timer)
        timer = loop.call_later(SETTLED_DEBOUNCE_SECONDS if settled else DEBOUNCE_SECONDS, flush)

    def flush() -> None:
        nonlocal timer
        timer = None
        changed = set(pending)
        pending.clear()
        preview.rebuild(changed)

    observer = start_watching(source, lambda changed, settled: loop.add_callback(schedule, changed, settled))
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}{preview.base_path}"
    if host in ("0.0.0.0", "::"):
        print(_("warning: --host {host} makes the preview reachable from other computers on the network; "
              "drafts and unpublished text are visible to them").format(host=host), file=sys.stderr, flush=True)
        preview.allowed_hosts.add(_own_address())
    if not quiet:
        print(_("Serving {name} at {url} (dashboard: http://{shown_host}:{port}{DASHBOARD}). "
              "Press Ctrl-C to stop.").format(name=source.name, url=url, shown_host=shown_host, port=port, DASHBOARD=DASHBOARD), flush=True)
    if open_browser:
        import webbrowser

        loop.call_later(0.2, lambda: webbrowser.open(url))
    try:
        loop.start()
        interrupted = signal.SIGINT in stopped_by
    except KeyboardInterrupt:
        interrupted = True
    finally:
        observer.stop()
        server.stop()
        if preview.running is not None:
            preview.running.stop()
        shutil.rmtree(preview.folder, ignore_errors=True)
    if interrupted and not quiet:
        print("\n" + _("Stopped."), flush=True)
    return 0


def _own_address() -> str:
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing address
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"

