"""The only stage that writes: files go to a staging place as they are rendered, then swap in.

A failed build leaves the previous output byte for byte as it was. Before anything is
deleted, the output folder is checked so that a typo can never remove a user's project
(MkDocs, Zola and Sphinx users have lost whole projects to `--output .`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from profilegen.errors import Problem, UserError
from profilegen.render import SiteOutput

_TEMP_MARK = ".profilegen-tmp-"
_OLD_MARK = ".profilegen-old-"


def safe_output_folder(source: Path, output: Path, *, explicit: bool) -> Path:
    """Refuse an output folder whose replacement would destroy something of the user's."""
    source = source.resolve()
    output = output.resolve()

    def refuse(reason: str) -> UserError:
        return UserError(Problem("--output" if explicit else "site.yaml", None, None,
                                 f"refusing to build into {output}: {reason}; nothing was deleted"))

    if output == source:
        raise refuse("it is the source folder")
    if source.is_relative_to(output):
        raise refuse("it contains the source folder")
    if output == Path(output.anchor) or output == Path.home():
        raise refuse("it is the root or your home folder")
    if not output.is_relative_to(source) and not explicit:
        raise refuse("it is outside the source folder (pass --output to mean it)")
    for folder in ("content", "static", "templates", "themes"):
        if output.is_relative_to(source / folder):
            raise refuse(f"it is part of your {folder}/ folder")
    if output.exists() and not output.is_dir():
        raise refuse("it is a file, not a folder")
    for precious in ("site.yaml", "content", ".git", "pyproject.toml"):
        if (output / precious).exists():
            raise refuse(f"it holds {precious}, so it looks like a project, not a built site")
    # Replacing a folder deletes what is in it: only ever one that profilegen built (it always
    # writes .nojekyll there), or an empty one.
    if output.is_dir() and not (output / ".nojekyll").exists() and any(output.iterdir()):
        raise refuse("it is not empty and was not built by profilegen (it has no .nojekyll); "
                     "empty it or choose another folder")
    return output


class Staging:
    """Where a build puts its files while it runs: nothing shows in the output folder before commit().

    ``put`` may be called from worker processes (forked from the one that made the
    Staging): it only writes files, and the names it writes to follow from the output path
    alone, so the parent can commit what the workers wrote.
    """

    def __init__(self, output: Path) -> None:
        self.output = output

    def put(self, rel: str, data: bytes) -> None:
        raise NotImplementedError

    def commit(self, site: SiteOutput, copied: dict[str, tuple], before: set[str]) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class FreshFolder(Staging):
    """A whole new site in a temporary sibling of the output folder, swapped in when complete.

    A failed build leaves the previous output byte for byte as it was.
    """

    def __init__(self, output: Path) -> None:
        super().__init__(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(output.parent, output.name)
        # Named by this process (leftovers of a crashed build were just removed); not tempfile,
        # whose import is a few ms of a small site's build.
        self.temp = output.parent / f".{output.name}{_TEMP_MARK}{os.getpid()}"
        self.temp.mkdir()
        self._root = str(self.temp) + os.sep
        self._made: set[str] = set()

    def put(self, rel: str, data: bytes) -> None:
        target = self._root + _checked(rel)
        folder = os.path.dirname(target)
        if folder not in self._made:  # (per process: a worker learns its own folders)
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        with open(target, "wb") as handle:
            handle.write(data)

    def commit(self, site: SiteOutput, copied: dict[str, tuple], before: set[str]) -> None:
        for rel, file in site.copies.items():
            target = self._root + _checked(rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(file, target)
        _swap(self.temp, self.output)

    def abort(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


class InPlace(Staging):
    """An output folder that holds exactly the previous build, brought up to date in two phases.

    Only used when the build cache vouches for every file in the output folder (cache.py).
    New files are first written beside their targets; only when every one of them is on disk
    are they renamed into place and stale files removed, so a failure while rendering or
    writing leaves the previous site as it was.
    """

    def __init__(self, output: Path) -> None:
        super().__init__(output)
        self._suffix = _TEMP_MARK + str(os.getpid())  # the parent's: workers write the same names

    def _temp(self, target: Path) -> Path:
        return target.with_name(target.name + self._suffix)

    def put(self, rel: str, data: bytes) -> None:
        target = _inside(self.output, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._temp(target).write_bytes(data)

    def commit(self, site: SiteOutput, copied: dict[str, tuple], before: set[str]) -> None:
        """``copied``: each static file's source stamp when it was last copied (unchanged ones are
        not copied again); ``before``: the files the previous build wrote (stale ones go)."""
        from profilegen.cache import stamp

        pending = [_inside(self.output, rel) for rel in site.written]
        try:
            for rel, file in site.copies.items():
                target = _inside(self.output, rel)
                if copied.get(rel) == stamp(file) and target.exists():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                pending.append(target)
                shutil.copyfile(file, self._temp(target))
        except BaseException:
            self.abort()
            raise
        for target in pending:
            os.replace(self._temp(target), target)
        wanted = site.written | site.kept | set(site.copies)
        for rel in sorted(before - wanted):
            target = _inside(self.output, rel)
            target.unlink(missing_ok=True)
            for folder in target.parents:  # the folders it leaves empty go too
                if folder == self.output or not folder.is_relative_to(self.output) or any(folder.iterdir()):
                    break
                folder.rmdir()

    def abort(self) -> None:
        """Remove what this build wrote beside its targets (workers may have written any)."""
        for folder, _, files in os.walk(self.output):
            for name in files:
                if name.endswith(self._suffix):
                    os.unlink(os.path.join(folder, name))


def _checked(rel: str) -> str:
    """``rel`` if it stays inside the folder it is written to (a bug guard; rel is ours)."""
    if rel.startswith(("/", "\\")) or ".." in rel.split("/") or "\0" in rel:
        raise UserError(Problem(rel, None, None, "this output path would be written outside the output folder"))
    return rel


def _inside(root: Path, rel: str) -> Path:
    """``root/rel``, refusing any path that would land outside ``root`` (a bug guard)."""
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UserError(Problem(rel, None, None, "this output path would be written outside the output folder"))
    return target


def _swap(new: Path, output: Path) -> None:
    if not output.exists():
        new.rename(output)
        return
    old = output.with_name(f".{output.name}{_OLD_MARK}{os.getpid()}")
    output.rename(old)
    try:
        new.rename(output)
    except BaseException:
        old.rename(output)  # put the previous site back before reporting the failure
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(parent: Path, name: str) -> None:
    """Temporary folders of an interrupted build (only ever our own, by their marked names)."""
    for path in parent.glob(f".{name}.profilegen-*"):
        if path.is_dir() and (_TEMP_MARK in path.name or _OLD_MARK in path.name):
            shutil.rmtree(path, ignore_errors=True)
