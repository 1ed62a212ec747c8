"""File events from watchdog's native observer (inotify on Linux; never polling).

The caller debounces: ``notify`` is called from the observer's thread for every relevant
event, with the changed paths relative to the source folder, and whether the event ends a write
(a file closed after writing, or renamed into place: its contents are complete).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED = ("content", "static", "themes", "templates")
SETTINGS = "site.yaml"
_IGNORED_PARTS = {".profilegen-cache", "_site", ".git", "__pycache__", "node_modules"}


def _is_scratch(name: str) -> bool:
    """Editors' temporary files (Emacs lock, vim swap and its write test, backups)."""
    return name.startswith(".#") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


class _Handler(FileSystemEventHandler):
    def __init__(self, source: Path, notify: Callable[[set[str], bool], None]) -> None:
        self.source = source
        self.notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: the file event that caused it is reported too
        relevant = set()
        settled = False
        for raw in filter(None, (event.src_path, getattr(event, "dest_path", ""))):
            # Not resolved: the paths are under the folders we watch, and a content/ that is a
            # symlink to elsewhere must still count as content/.
            try:
                rel = Path(str(raw)).relative_to(self.source)
            except ValueError:
                continue
            parts = rel.parts
            if not parts or _IGNORED_PARTS & set(parts) or _is_scratch(parts[-1]):
                continue
            if parts[0] in WATCHED or rel.as_posix() == SETTINGS:
                relevant.add(rel.as_posix())
                # Complete: a file closed after writing (inotify's IN_CLOSE_WRITE; systems without
                # close events always wait the longer debounce), or renamed into place. Not a
                # rename's source: it is gone, and an editor may be writing it anew.
                settled = not event.is_directory and (event.event_type == "closed" or (
                    event.event_type == "moved" and raw == event.dest_path))
        if relevant:
            self.notify(relevant, settled)


def start_watching(source: Path, notify: Callable[[set[str], bool], None]):
    """Watch what a build reads; ``notify`` gets the changed paths (relative) and whether the
    event ends a write, from a thread.

    Only site.yaml and the folders a build reads are watched (recursively), not the whole
    source folder: a profile kept in a big repository would overflow inotify's queue. A folder
    that appears later (a first theme override), or is replaced (a branch switch), is watched
    from then on.
    """
    observer = Observer()
    handler = _Handler(source, notify)
    watches: dict[str, object] = {}

    def watch_folders(changed: set[str] | None = None, settled: bool = False) -> None:
        for name in WATCHED:
            folder = source / name
            # inotify watches a folder, not its name: one created, removed or renamed is watched anew.
            if name in watches and (name in (changed or ()) or not folder.is_dir()):
                try:
                    observer.unschedule(watches.pop(name))
                except (KeyError, OSError):
                    pass  # its watch already ended with the folder
            if name not in watches and folder.is_dir():
                watches[name] = observer.schedule(handler, str(folder), recursive=True)
        if changed:
            notify(changed, settled)

    # The source folder itself, not recursive: site.yaml, and the folders that come and go.
    observer.schedule(_Handler(source, watch_folders), str(source), recursive=False)
    watch_folders()
    observer.daemon = True
    observer.start()
    return observer
