"""Tell connected browsers to reload, in livereload's protocol, over its websocket handler.

We send the protocol's `reload` message ourselves instead of calling the handler's
reload_waiters(): that one reads the path from livereload's own (polling) watcher, which we do
not run; our watchdog events say what changed.
"""

from __future__ import annotations


def reload_browsers(path: str, only=None) -> None:
    """'*' reloads pages; a '.css' path swaps that stylesheet in place. ``only``: these of the
    connected pages (default: all). Call on the event loop."""
    from livereload.handlers import LiveReloadHandler

    message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters if only is None else only):
        try:
            waiter.write_message(message)
        except Exception:  # a tab that closed while we were rebuilding
            LiveReloadHandler.waiters.discard(waiter)
