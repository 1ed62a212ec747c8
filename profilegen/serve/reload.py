"""Tell connected browsers to reload, through livereload's websocket handler (its protocol)."""

from __future__ import annotations


from types import SimpleNamespace


def reload_browsers(path: str) -> None:
    """'*' reloads pages; a '.css' path swaps that stylesheet in place. Call on the event loop."""
    from livereload.handlers import LiveReloadHandler

    # The handler logs its own (polling) watcher's last path; ours is watchdog, so stand in for it.
    LiveReloadHandler.watcher = SimpleNamespace(filepath=path)
    if LiveReloadHandler.waiters:
        LiveReloadHandler.reload_waiters(path)
