"""`profilegen serve`: a local preview that rebuilds on save and reloads the browser by itself.

How the parts fit (and why):
- watchdog's native observer (inotify) reports saves; a short debounce turns an editor's
  save-rename-write burst into one rebuild (watch.py).
- The rebuild is the build's own incremental render (build.PreviewBuilder) into a temporary
  folder, never the user's _site/. It runs on the server's event loop, so no request is ever
  answered from a half-written folder: requests simply wait for it (server.py).
- The browser side is livereload's own client, livereload.js, served from this server, and
  its websocket protocol handler from the livereload package. We do not use livereload's
  Server: it watches by polling (every 0.8 s) and throttles reloads to one per 3 s. Our
  watchdog events call the handler's reload directly instead.
- A failed rebuild keeps the last good pages and shows the error as an overlay on every page,
  sent through the same reload; the next good save removes it.
"""

from profilegen.serve.server import serve

__all__ = ["serve"]
