"""File events from watchdog's native observer, debounced into one rebuild per burst."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED = ("content", "static", "themes", "templates")
SETTINGS = "site.yaml"
_IGNORED_PARTS = {".profilegen-cache", "_site", ".git", "__pycache__", "node_modules"}


class _Handler(FileSystemEventHandler):
    def __init__(self, source: Path, notify: Callable[[set[str]], None]) -> None:
        self.source = source.resolve()
        self.notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: the file event that caused it is reported too
        paths = {event.src_path, getattr(event, "dest_path", "") or ""}
        relevant = set()
        for raw in filter(None, paths):
            path = Path(str(raw))
            try:
                rel = path.resolve().relative_to(self.source)
            except (ValueError, OSError):
                continue
            parts = rel.parts
            if not parts or _IGNORED_PARTS & set(parts):
                continue
            name = parts[-1]
            if name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913":
                continue  # editors' scratch files
            if parts[0] in WATCHED or rel.as_posix() == SETTINGS:
                relevant.add(rel.as_posix())
        if relevant:
            self.notify(relevant)


def start_watching(source: Path, notify: Callable[[set[str]], None]):
    """Watch what a build reads; ``notify`` gets the changed paths (relative), from a thread.

    Only site.yaml and the folders a build reads are watched (recursively), not the whole
    source folder: a profile kept in a big repository would overflow inotify's queue.
    """
    observer = Observer()
    handler = _Handler(source, notify)
    watched: set[str] = set()

    def watch_folders(changed: set[str] | None = None) -> None:
        for name in WATCHED:
            folder = source / name
            if name not in watched and folder.is_dir():
                observer.schedule(handler, str(folder), recursive=True)
                watched.add(name)
        if changed:
            notify(changed)

    # The source folder itself, not recursive: site.yaml, and folders that appear later.
    top = _Handler(source, watch_folders)
    observer.schedule(top, str(source), recursive=False)
    watch_folders()
    observer.daemon = True
    observer.start()
    return observer
