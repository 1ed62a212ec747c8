"""`profilegen serve`: a local preview that rebuilds on save and reloads the browser by itself.

How the parts fit (and why):
- watchdog's native observer (inotify) reports saves; 50 ms of quiet turns an editor's
  save-rename-write burst into one rebuild (watch.py, server.py).
- The rebuild is the build's own incremental render (build.PreviewBuilder) into a temporary
  folder, never the user's _site/. It runs on the server's event loop, so no request is ever
  answered from a half-written folder: requests simply wait for it (server.py).
- The browser side is livereload's own client, livereload.js, served from this server, and
  its websocket protocol handler from the livereload package, on tornado (which livereload
  brings). We do not use livereload's Server: it watches by polling (every 0.8 s), throttles
  reloads to one per 3 s and serves folders with listings and no Host check. Our watchdog
  events send the protocol's reload message instead (reload.py). The stdlib's HTTP server with
  Server-Sent Events would have spared tornado (~85 ms of import, paid by `serve` alone), but
  then we would write and maintain the client, including livereload.js's in-place stylesheet
  swap; with the package, that is its tested code.
- A page checks once its socket is connected whether it is still current (a save may land
  between sending the page and connecting, or the server may have restarted).
- A failed rebuild keeps the last good pages and shows the error as an overlay on every page,
  sent through the same reload; the next good save removes it.
- /_profilegen/ is the dashboard (dashboard.py): LinkedIn text, check findings, layers.
"""

from profilegen.serve.server import serve

__all__ = ["serve"]
