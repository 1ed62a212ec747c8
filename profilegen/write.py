"""The only stage that writes: a whole new site in a staging folder, swapped in when complete.

What the output folder holds is always a complete build: the previous one, or the new one.
A build locks its output (a second build of the same folder waits), writes every file into
a fresh staging folder beside it (files that did not change are hard-linked from the
current output, not rendered again), writes the manifest last, and swaps the two folders.
A build that is killed leaves marked leftovers that the next build removes; one killed in
the middle of a two-rename swap is completed or rolled back by the next build, first thing.

Nothing profilegen did not write is deleted: a folder is replaced only when every file in it
is listed in its manifest. Before that, the folder itself is checked so that a typo can
never remove a user's project (MkDocs, Zola and Sphinx users have lost whole projects to
`--output .`).
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Callable

from profilegen.errors import Problem, UserError
from profilegen.messages import _

MANIFEST = ".profilegen-manifest"
_MANIFEST_HEADER = "# written by profilegen: the files of this folder it may replace\n"
_MARK = ".profilegen-"            # every leftover beside the output: .<name>.profilegen-...
_NEW = ".profilegen-new-"         # a staging folder
_OLD = ".profilegen-old-"         # the previous site during a two-rename swap
_LOCK = ".profilegen-lock"        # held while a build runs
_LEGACY_TEMP = ".profilegen-tmp-"  # written inside the output by profilegen 0.1's in-place builds

Stamp = tuple[int, int, int]


def stamp_of(stat: os.stat_result) -> Stamp:
    """What identifies a file's present contents without reading it."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def safe_output_folder(source: Path, output: Path, *, explicit: bool) -> Path:
    """Refuse an output folder whose replacement would destroy something of the user's."""
    source = source.resolve()
    output = output.resolve()

    def refuse(reason: str) -> UserError:
        return UserError(Problem("--output" if explicit else "site.yaml", None, None,
                                 _("refusing to build into {output}: {reason}; nothing was deleted").format(output=output, reason=reason)))

    if output == source:
        raise refuse(_("it is the source folder"))
    if source.is_relative_to(output):
        raise refuse(_("it contains the source folder"))
    if output == Path(output.anchor) or output == Path.home():
        raise refuse(_("it is the root or your home folder"))
    if not output.is_relative_to(source) and not explicit:
        raise refuse(_("it is outside the source folder (pass --output to mean it)"))
    for folder in ("content", "static", "templates", "themes"):
        if output.is_relative_to(source / folder):
            raise refuse(_("it is part of your {folder}/ folder").format(folder=folder))
    if output.exists() and not output.is_dir():
        raise refuse(_("it is a file, not a folder"))
    for precious in ("site.yaml", "content", ".git", "pyproject.toml"):
        if (output / precious).exists():
            raise refuse(_("it holds {precious}, so it looks like a project, not a built site").format(precious=precious))
    return output


class SiteWriter:
    """Writes one build of ``output``: open() -> put/keep/copy ... -> commit() -> abort().

    Only this class writes into the output or beside it. From open() to abort() the build
    holds the output's lock, so what ``current`` says stays true; abort() after commit()
    only unlocks.
    """

    def __init__(self, output: Path, *, on_wait: Callable[[str], None] | None = None) -> None:
        self.output = output
        self._on_wait = on_wait
        self._lock: _Lock | None = None
        self.staging: Path | None = None
        self.current: dict[str, Stamp] = {}   # the files in the output now, with their stamps
        self.written: dict[str, Stamp] = {}   # the files of the new build, with their stamps
        self._made: set[str] = set()
        self._faults = _Faults.from_environment()

    # --- open ---------------------------------------------------------------------------------

    def open(self) -> "SiteWriter":
        """Lock the output, repair what an interrupted build left, and start a staging folder."""
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _Lock(self.output.parent / f".{self.output.name}{_LOCK}")
        self._lock.acquire(self._on_wait, self.output)
        try:
            _recover(self.output)
            self.current = _files_of(self.output)
            _check_ownership(self.output, self.current)
            self.staging = self.output.parent / f".{self.output.name}{_NEW}{os.getpid()}"
            self.staging.mkdir()
            self._root = str(self.staging) + os.sep
            self._output_root = str(self.output) + os.sep
        except BaseException:
            self.abort()
            raise
        return self

    # --- files ----------------------------------------------------------------------------------

    def _target(self, rel: str) -> str:
        if rel.startswith(("/", "\\")) or ".." in rel.split("/") or "\0" in rel or rel == MANIFEST:
            raise ValueError(f"not an output path of the site: {rel!r}")  # a bug guard: rel is ours
        target = self._root + rel
        folder = os.path.dirname(target)
        if folder not in self._made:
            try:
                os.mkdir(folder)  # (its parent is nearly always made already: one call, not makedirs' two)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        return target

    def put(self, rel: str, data: bytes) -> None:
        """A file rendered by this build."""
        target = self._target(rel)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            self.written[rel] = stamp_of(os.fstat(descriptor))
        finally:
            os.close(descriptor)
        self._faults.after_file(len(self.written))

    def keep(self, rel: str) -> None:
        """A file the current output holds as this build would write it: linked, not rewritten."""
        target = self._target(rel)
        here = self._output_root + rel
        try:
            os.link(here, target)
            self.written[rel] = self.current[rel]  # (the same file: its stamp is the same)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            shutil.copy2(here, target)  # (a file system without hard links)
            self.written[rel] = stamp_of(os.stat(target))
        self._faults.after_file(len(self.written))

    def copy(self, rel: str, file: Path) -> None:
        """A file copied as it is (static/)."""
        target = self._target(rel)
        shutil.copyfile(file, target)
        self.written[rel] = stamp_of(os.stat(target))
        self._faults.after_file(len(self.written))

    # --- commit -------------------------------------------------------------------------------

    def commit(self) -> None:
        """Swap the staging folder in as the output; the previous site is removed after."""
        assert self.staging is not None, "open() first"
        try:
            self._faults.at("manifest")
            with open(self._root + MANIFEST, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(manifest_text(self.written))
            previous = _swap(self.staging, self.output, self._faults)
        except BaseException:
            self.abort()
            raise
        self.staging = None
        self._faults.at("cleanup")
        if previous is not None:
            _remove_tree(previous, self.current)

    def abort(self) -> None:
        """Forget this build, if it was not committed (the output stays as it was); unlock."""
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging = None
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _files_of(folder: Path) -> dict[str, Stamp]:
    """Every file under ``folder`` (symlinks as files, not followed), with its stamp."""
    found: dict[str, Stamp] = {}
    root = str(folder)
    prefix = len(root) + 1
    stack = [root]
    while stack:
        path = stack.pop()
        try:
            entries = os.scandir(path)
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    found[entry.path[prefix:].replace(os.sep, "/")] = stamp_of(entry.stat(follow_symlinks=False))
    return found


def _remove_tree(folder: Path, files) -> None:
    """Remove ``folder``, which holds ``files`` (paths relative to it) and their folders.

    From the listing made under the lock: a third of shutil.rmtree's time, which opens and
    lists every folder again. Anything else found there (a file dropped in by hand since)
    is left to rmtree.
    """
    root = str(folder) + os.sep
    folders = set()
    try:
        for rel in files:
            os.unlink(root + rel)
            head = rel.rpartition("/")[0]
            while head and head not in folders:
                folders.add(head)
                head = head.rpartition("/")[0]
        if os.path.lexists(root + MANIFEST):
            os.unlink(root + MANIFEST)
        for rel in sorted(folders, key=len, reverse=True):  # (deepest first)
            os.rmdir(root + rel)
        os.rmdir(folder)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def manifest_text(paths) -> str:
    """The manifest of a folder that holds ``paths`` (sorted, so the same build gives the same bytes)."""
    return _MANIFEST_HEADER + "".join(f"{rel}\n" for rel in sorted(paths))


def read_manifest(output: Path) -> set[str] | None:
    try:
        text = (output / MANIFEST).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(_MANIFEST_HEADER):
        return None
    return set(text[len(_MANIFEST_HEADER):].splitlines())


def _check_ownership(output: Path, files: dict[str, Stamp]) -> None:
    """Refuse to replace a folder that holds a file profilegen did not write there."""
    if not files:
        return
    listed = read_manifest(output)
    if listed is None:
        strangers = sorted(files)
        why = _("it is not empty and was not built by profilegen (it has no {MANIFEST})").format(MANIFEST=MANIFEST)
    else:
        strangers = sorted(rel for rel in files if rel not in listed and rel != MANIFEST
                           and _LEGACY_TEMP not in rel.rsplit("/", 1)[-1])
        why = _("profilegen did not write this file") if len(strangers) == 1 else _("profilegen did not write these files")
    if strangers:
        if len(strangers) == 1:
            message = _("refusing to build into {output}: {why}; it would be lost; "
                        "move it elsewhere or choose another folder; nothing was deleted")
        else:
            message = _("refusing to build into {output}: {why}; it and {count} more would be lost; "
                        "move them elsewhere or choose another folder; nothing was deleted")
        raise UserError(Problem(str(output / strangers[0]), None, None,
                                message.format(output=output, why=why, count=len(strangers) - 1)))


def _leftovers(output: Path) -> list[Path]:
    """What interrupted builds left beside the output (only ever our own, by their marked names)."""
    start = f".{output.name}{_MARK}"
    try:
        names = os.listdir(output.parent)
    except FileNotFoundError:
        return []
    return [output.parent / name for name in names if name.startswith(start) and not name.endswith(_LOCK)]


def _recover(output: Path) -> None:
    """Complete or roll back a swap that was interrupted, then remove every leftover."""
    leftovers = _leftovers(output)
    if not os.path.lexists(output):
        finished = [p for p in leftovers if _NEW in p.name and (p / MANIFEST).is_file()]
        previous = [p for p in leftovers if _OLD in p.name and p.is_dir()]
        # A staging folder with its manifest is a complete build that was being swapped in.
        for candidate in (*finished, *previous)[:1]:
            candidate.rename(output)
            leftovers.remove(candidate)
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _swap(new: Path, output: Path, faults: "_Faults") -> Path | None:
    """Put ``new`` in place of ``output``; returns where the previous site now is, if any."""
    if not os.path.lexists(output):
        faults.at("swap")
        new.rename(output)
        return None
    if faults.exchange and _exchange(new, output, faults):
        return new  # (the names were exchanged: the staging name now holds the previous site)
    old = output.with_name(f".{output.name}{_OLD}{os.getpid()}")
    output.rename(old)
    # If the process dies here, the next build's _recover() finds no output, the complete
    # staging folder (its manifest is written) and the old site, and completes the swap.
    try:
        faults.at("swap")
        new.rename(output)
    except BaseException:
        old.rename(output)  # put the previous site back before reporting the failure
        raise
    return old


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(new: Path, output: Path, faults: "_Faults") -> bool:
    """Linux's renameat2(RENAME_EXCHANGE): both folders trade names in one step, so there is
    no moment without a site. False where the system or the file system cannot."""
    libc = _libc()
    if libc is None:
        return False
    faults.at("swap")
    result = libc.renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(output), _RENAME_EXCHANGE)
    if result == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(output))


_LIBC: list = []


def _libc():
    if not _LIBC:
        library = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                candidate = ctypes.CDLL(None, use_errno=True)
                if hasattr(candidate, "renameat2"):  # glibc 2.28+, musl 1.2.2+
                    library = candidate
            except OSError:
                library = None
        _LIBC.append(library)
    return _LIBC[0]


class _Lock:
    """An exclusive lock on a file beside the output, held until release() or the process ends.

    flock (fcntl) where there is one: the system drops it when the holder dies, so a killed
    build never leaves a stale lock. The holder's pid is written in it for the waiting message.
    The file is removed on release, so none is left beside the output; a waiting build that
    then holds the lock of a removed file tries again with the file now at that name.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def acquire(self, on_wait: Callable[[str], None] | None, output: Path) -> None:
        told = False
        while True:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if not _try_lock(descriptor):
                    if on_wait is not None and not told:
                        holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
                        on_wait(_("waiting for another build of {output} to finish").format(output=output)
                                + (f" (process {holder})" if holder.isdigit() else ""))
                        told = True
                    _lock_blocking(descriptor)
                try:
                    current = os.stat(self.path).st_ino
                except FileNotFoundError:
                    current = None
                if current != os.fstat(descriptor).st_ino:  # released and removed while we waited
                    os.close(descriptor)
                    continue
                os.ftruncate(descriptor, 0)
                os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
            except BaseException:
                os.close(descriptor)
                raise
            self._descriptor = descriptor
            return

    def release(self) -> None:
        if self._descriptor is not None:
            try:
                self.path.unlink(missing_ok=True)  # (before the lock is dropped: see the class)
            finally:
                os.close(self._descriptor)  # (closing drops the lock)
                self._descriptor = None


try:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _lock_blocking(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
except ImportError:  # Windows
    import msvcrt
    import time

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _lock_blocking(descriptor: int) -> None:
        while not _try_lock(descriptor):
            time.sleep(0.1)


class _Faults:
    """Failures injected by the tests, at the steps where a crash would hurt most.

    PROFILEGEN_FAULT=<kill|raise>:<write:N|manifest|swap|cleanup>; PROFILEGEN_SWAP=rename
    turns the one-step exchange off, so the two-rename swap and its recovery are tested too.
    """

    def __init__(self, action: str = "", point: str = "", after: int = 0, exchange: bool = True) -> None:
        self.action, self.point, self.after, self.exchange = action, point, after, exchange

    @classmethod
    def from_environment(cls) -> "_Faults":
        exchange = os.environ.get("PROFILEGEN_SWAP") != "rename"
        spec = os.environ.get("PROFILEGEN_FAULT", "")
        action, _, point = spec.partition(":")
        if action not in ("kill", "raise"):
            return cls(exchange=exchange)
        point, _, count = point.partition(":")
        return cls(action, point, int(count) if count.isdigit() else 0, exchange)

    def after_file(self, written: int) -> None:
        if self.point == "write" and written == self.after:
            self._fail()

    def at(self, point: str) -> None:
        if self.point == point:
            self._fail()

    def _fail(self) -> None:
        if self.action == "kill":
            import signal

            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError(errno.EIO, f"injected failure at {self.point}")
