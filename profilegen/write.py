"""The only stage that writes: the site goes to a temporary sibling folder, then swaps in.

A failed build leaves the previous output byte for byte as it was. Before anything is
deleted, the output folder is checked so that a typo can never remove a user's project
(MkDocs, Zola and Sphinx users have lost whole projects to `--output .`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
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


def write_site(site: SiteOutput, output: Path) -> None:
    """Write ``site`` to a temporary sibling of ``output`` and swap it in when complete."""
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(parent, output.name)
    temp = Path(tempfile.mkdtemp(prefix=f".{output.name}{_TEMP_MARK}", dir=parent))
    try:
        made: set[Path] = set()
        for rel, data in site.files.items():
            target = _inside(temp, rel)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        for rel, file in site.copies.items():
            target = _inside(temp, rel)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            shutil.copyfile(file, target)
        os.chmod(temp, 0o755)  # mkdtemp makes 0700; a web server must be able to read it
        _swap(temp, output)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def update_site(site: SiteOutput, output: Path, copied: dict[str, tuple], before: set[str]) -> None:
    """Bring an output folder that holds exactly the previous build up to date, in two phases.

    Only used when the build cache vouches for every file in ``output`` (see cache.py). All
    new files are first written beside their targets; only when every one of them is on disk
    are they renamed into place and stale files removed, so a failure while writing leaves
    the previous site as it was. ``copied`` is the stamp of each static file's source when it
    was last copied; unchanged ones are not copied again. ``before`` lists the files the
    previous build wrote, so stale ones are removed without walking the folder.
    """
    from profilegen.cache import stamp

    pending: list[tuple[Path, Path]] = []
    try:
        for rel, data in site.files.items():
            target = _inside(output, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(target.name + _TEMP_MARK + str(os.getpid()))
            pending.append((temp, target))
            temp.write_bytes(data)
        for rel, file in site.copies.items():
            target = _inside(output, rel)
            if copied.get(rel) == stamp(file) and target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(target.name + _TEMP_MARK + str(os.getpid()))
            pending.append((temp, target))
            shutil.copyfile(file, temp)
    except BaseException:
        for temp, _ in pending:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in pending:
        os.replace(temp, target)
    wanted = set(site.files) | site.kept | set(site.copies)
    for rel in sorted(before - wanted):
        target = _inside(output, rel)
        target.unlink(missing_ok=True)
        for folder in target.parents:  # the folders it leaves empty go too
            if folder == output or not folder.is_relative_to(output) or any(folder.iterdir()):
                break
            folder.rmdir()


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
