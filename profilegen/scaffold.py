"""`profilegen init` and `new note`: new files, written whole or not at all.

A new profile is filled in a hidden folder and renamed into place when it is complete; a new
note is written to a hidden file and linked to its name. A failure half-way (a full disk, an
interrupted import, a bug) leaves the target as it was, so the same command can be run again.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from profilegen import __version__
from profilegen.errors import Problem, UserError
from profilegen.messages import _

_SCAFFOLD = Path(__file__).resolve().parent / "scaffold"

# Files in the package whose names cannot be dotfiles in a wheel, and where they go.
_RENAMES = {"gitignore.txt": ".gitignore", "pages.yml": ".github/workflows/pages.yml"}

# The hidden folder a new profile is filled in, inside a target folder that already exists.
STAGING_PREFIX = ".profilegen-staging-"
# Errors of the disk or of a name, not of profilegen: said in one line, exit 1.
_DISK_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENAMETOOLONG,
                errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR, errno.ELOOP}
# Texts that YAML's plain and single-quoted styles do not keep exactly: line breaks (also NEL,
# LS, PS), tabs, controls, a BOM and non-characters: they are double-quoted, as escapes.
_QUOTE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# Characters beyond the BMP (an emoji), which YAML's double quotes would write as escapes.
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")

# A note's file name: the date, a slug of at most this many characters, '.md' (well within the
# 255 bytes a file system allows a name, and still a readable URL).
NOTE_SLUG_MAX = 80


def disk_problem(exc: OSError, shown: str, doing: str, *, any_error: bool = False) -> UserError | None:
    """A located UserError for an OSError the user can act on (no room, no permission, …);
    with ``any_error``, for every OSError (where only the user's disk can have raised it)."""
    if exc.errno not in _DISK_ERRORS and not any_error:
        return None
    return UserError(Problem(shown, None, None, _("cannot {doing}: {value}").format(doing=doing, value=exc.strerror or exc)))


def _new_mode(directory: bool) -> int:
    """The mode a plain mkdir or open would give (mkdtemp and mkstemp give 0700 and 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def refuse_non_empty(directory: Path, command: str) -> None:
    """Never write into a folder that has something in it; checked before any input is read.

    A hidden staging folder left by an interrupted run of profilegen does not count (it is
    removed when the new profile is written).
    """
    if directory.is_symlink() and not directory.exists():
        raise UserError(Problem(str(directory), None, None, _("is a link that leads nowhere; remove it, or give "
                                "another folder")))
    if directory.exists() and not directory.is_dir():
        raise UserError(Problem(str(directory), None, None, _("exists and is not a folder")))
    if directory.is_dir() and any(not p.name.startswith(STAGING_PREFIX) for p in directory.iterdir()):
        raise UserError(Problem(str(directory), None, None, _("the folder is not empty; {command} only writes "
                                "into an empty or new folder, so nothing of yours is overwritten").format(command=command)))


@contextlib.contextmanager
def staged_folder(target: Path):
    """Yield an empty folder to fill; it becomes ``target`` only if the block completes.

    An absent target (with any missing folders above it) is filled beside it under a hidden
    name and renamed into place in one step. An empty folder that exists (such as '.') keeps
    its identity: the block fills a hidden folder inside it, whose entries are then moved up.
    On any failure, everything the block wrote is removed.
    """
    if target.is_dir():
        for leftover in target.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging = _mkdtemp(target, STAGING_PREFIX, str(target))
        moved: list[Path] = []
        try:
            yield staging
            for entry in sorted(staging.iterdir()):
                if (target / entry.name).exists() or (target / entry.name).is_symlink():
                    raise UserError(Problem(str(target / entry.name), None, None, _("appeared while profilegen "
                                            "was writing this folder; nothing was changed")))
                os.rename(entry, target / entry.name)
                moved.append(target / entry.name)
            staging.rmdir()
        except BaseException as exc:
            for path in moved:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            shutil.rmtree(staging, ignore_errors=True)
            _raise_disk_problem(exc, str(target))
            raise
        return
    top = target  # the highest folder that does not exist yet: renaming it publishes all below
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    root = _mkdtemp(top.parent, f".{top.name[:100]}.profilegen-", str(target))  # (room for the suffix)
    try:
        staging = root / target.relative_to(top)
        staging.mkdir(parents=True, exist_ok=True)
        yield staging
        os.chmod(root, _new_mode(directory=True))
        os.rename(root, top)
    except BaseException as exc:
        shutil.rmtree(root, ignore_errors=True)
        _raise_disk_problem(exc, str(target))
        raise


def _mkdtemp(parent: Path, prefix: str, shown: str) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError as exc:
        raise disk_problem(exc, shown, _("make a folder in {parent}").format(parent=parent)) or exc from None


def _raise_disk_problem(exc: BaseException, shown: str) -> None:
    if isinstance(exc, OSError):
        problem = disk_problem(exc, shown, _("write the new profile"))
        if problem is not None:
            raise problem from None


def write_file(path: Path, text: str | bytes, *, shown: str, overwrite: bool) -> None:
    """Write ``text`` to ``path`` whole or not at all: a hidden file beside it, then its name.

    ``overwrite`` replaces a file that is there (os.replace); otherwise an existing file is
    never touched, even in a race: the name is taken with os.link (or, where a file system has
    no links, reserved with O_EXCL), which fails if it exists.
    """
    parent = path.parent
    if path.is_dir():
        raise UserError(Problem(shown, None, None, _("is a folder; give the name of a file in it")))
    if not parent.is_dir():
        raise UserError(Problem(shown, None, None, _("the folder '{parent}' does not exist").format(parent=parent)))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise disk_problem(exc, shown, _("write the file"), any_error=True) from None
    try:
        with (os.fdopen(handle, "wb") if isinstance(text, bytes) else
              os.fdopen(handle, "w", encoding="utf-8", newline="\n")) as out:
            out.write(text)
        keep = overwrite and path.is_file()
        os.chmod(temporary, (os.stat(path).st_mode & 0o7777) if keep else _new_mode(directory=False))
        if overwrite:
            os.replace(temporary, path)
        else:
            _take_name(temporary, path, shown)
    except OSError as exc:
        raise disk_problem(exc, shown, _("write the file"), any_error=True) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _take_name(temporary: str, path: Path, shown: str) -> None:
    exists = UserError(Problem(shown, None, None, _("this file already exists; nothing was changed")))
    try:
        os.link(temporary, path)
        return
    except FileExistsError:
        raise exists from None
    except OSError as exc:  # no hard links here (some network and FAT file systems)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV):
            raise
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise exists from None
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(path)
        raise


def yaml_text(value: str) -> str:
    """A text as one quoted YAML scalar, escaped by the YAML library (never by hand).

    Double quotes, as init's files write text; single quotes (which keep an emoji as it is)
    for a text with an emoji and nothing that needs an escape.
    """
    import yaml

    style = "'" if _ASTRAL.search(value) and not _QUOTE.search(value) else '"'
    return yaml.dump(value, Dumper=_dumper(), default_style=style, allow_unicode=True, width=float("inf")
                     ).removesuffix("\n").removesuffix("\n...")


def yaml_lines(value: dict) -> str:
    """A mapping as block YAML lines (front matter), every text escaped by the YAML library."""
    import yaml

    return yaml.dump(value, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=float("inf"))


@functools.lru_cache(maxsize=None)
def _dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        """Texts YAML's other styles would not keep exactly (line breaks of any kind,
        controls, a BOM) are double-quoted, where its escapes are exact."""

    def text(dumper, value: str):
        style = '"' if _QUOTE.search(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def _scaffold_files(language: str) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for root in (_SCAFFOLD / "common", _SCAFFOLD / language):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name != ".gitkeep" and "__pycache__" not in path.parts:
                rel = path.relative_to(root).as_posix()
                files[_RENAMES.get(rel, rel)] = path
    return files


def default_install() -> str:
    """What the publishing workflow installs: exactly the profilegen that wrote the profile."""
    return f"profilegen=={__version__}"


# A pip requirement or a path/URL to install from, as one shell word: letters, digits and the
# punctuation of version specifiers, URLs and paths; nothing the shell would expand or split.
_INSTALL_SPEC = re.compile(r"[A-Za-z0-9._\-\[\],=<>!~+/:@#%]+")


def check_install_spec(spec: str) -> str:
    if not _INSTALL_SPEC.fullmatch(spec):
        raise UserError(Problem("--install", None, None, _("{spec!r} is not something pip can install as one word: "
                                "give a requirement like 'profilegen==0.1.0', a URL like "
                                "'git+https://github.com/profilegen/profilegen@main' or a path to a wheel, "
                                "without spaces or quotes").format(spec=spec)))
    return spec


def write_scaffold(folder: Path, *, language: str, repo: str, install: str | None = None) -> list[str]:
    """Init's files, written into the (empty) ``folder``; ``repo`` is the profile folder's name;
    ``install``: what the publishing workflow installs (default: this version of profilegen)."""
    from profilegen.config import SCHEMA_URL, Settings
    from profilegen.schema import json_schema

    spec = check_install_spec(install) if install is not None else default_install()
    replacements = {"__REPO__": repo, "__VERSION__": __version__, "__INSTALL__": f'"{spec}"'}
    written = []
    for rel, template in _scaffold_files(language).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = template.read_text("utf-8")
        for key, value in replacements.items():
            text = text.replace(key, value)
        target.write_text(text, "utf-8")
        written.append(rel)
    schema = json_schema(Settings, "profilegen site.yaml", SCHEMA_URL)
    (folder / "site.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (folder / "static").mkdir(exist_ok=True)
    written.append("site.schema.json")
    return written


def repo_name(directory: Path) -> str:
    """The name the profile's GitHub repository will have, from its folder's: as GitHub makes
    one (letters, digits, '.', '-' and '_'; 'mijn profiel' -> 'mijn-profiel', 'café' -> 'cafe'),
    so that the base_url init writes is a web address, whatever the folder is called (a space,
    a byte that is not UTF-8)."""
    import unicodedata

    name = unicodedata.normalize("NFKD", directory.resolve().name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:100] or "profiel"


def create_profile(directory: Path, *, language: str = "nl", install: str | None = None) -> list[str]:
    """Write a new profile into ``directory`` (which must be empty or absent); return the paths."""
    if install is not None:
        check_install_spec(install)
    refuse_non_empty(directory, "'profilegen init'")
    with staged_folder(directory) as folder:
        return write_scaffold(folder, language=language, repo=repo_name(directory), install=install)


_NOTE_TEXT = {
    "nl": ("Schrijf hier je notitie. Wat heb je gezien, geleerd of gedaan dat een collega verder helpt?",
           "Eén of twee zinnen: waar gaat deze notitie over?", "je thema's",
           "concept: 'profilegen serve' toont hem, 'build' nog niet. Klaar? Zet op false."),
    "en": ("Write your note here. What did you see, learn or do that helps a colleague along?",
           "One or two sentences: what is this note about?", "your topics",
           "a draft: 'profilegen serve' shows it, 'build' does not yet. Ready? Set it to false."),
}


def note_slug(title: str) -> str:
    """The title as a file name's slug, cut at a word boundary to NOTE_SLUG_MAX characters."""
    from profilegen.content import slugify

    slug = slugify(title)
    if len(slug) > NOTE_SLUG_MAX:
        cut = slug[:NOTE_SLUG_MAX + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:NOTE_SLUG_MAX]
    return slug.strip("-") or "notitie"


def create_note(source: Path, title: str, *, language: str, topics: list[str], folder: str = "content/notes",
                today=None) -> Path:
    """Write a new dated note with front matter; refuse to overwrite an existing file."""
    import datetime as dt

    if not title.strip():
        raise UserError(Problem("TITLE", None, None, _("a note needs a title, e.g. profilegen new note \"Wat ik leerde\"")))
    if _CONTROL.search(title):
        raise UserError(Problem("TITLE", None, None, _("the title holds a control character or a byte that is "
                                "not UTF-8 text; type it again")))
    date = today or dt.date.today()
    path = source / folder / f"{date.isoformat()}-{note_slug(title)}.md"
    shown = path.relative_to(source).as_posix()
    if path.exists():
        raise UserError(Problem(shown, None, None, _("this note already exists; nothing was changed")))
    body, summary, topics_word, draft_hint = _NOTE_TEXT.get(language, _NOTE_TEXT["en"])
    hint = _CONTROL.sub(" ", ", ".join(topics).replace("\n", " ")) if topics else "—"
    text = (f"---\ntitle: {yaml_text(title)}\ndate: {date.isoformat()}\n"
            f"# {topics_word}: {hint}\ntags: []\nsummary: {yaml_text(summary)}\n"
            f"draft: true  # {draft_hint}\n---\n{body}\n")
    _refuse_outside(source, path.parent, shown)
    made = _make_folders(source, path.parent)
    try:
        write_file(path, text, shown=shown, overwrite=False)
    except BaseException:
        for created in reversed(made):  # only folders this command made, and only when empty
            with contextlib.suppress(OSError):
                created.rmdir()
        raise
    return path


# Control characters (but tab and newline) and the lone surrogates that stand for bytes of a
# command line that are not UTF-8.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _make_folders(source: Path, folder: Path) -> list[Path]:
    missing = []
    while not folder.exists() and folder != source:
        missing.append(folder)
        folder = folder.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            for created in reversed(made):
                created.rmdir()
            raise disk_problem(exc, path.relative_to(source).as_posix(), _("make the folder")) or exc from None
        made.append(path)
    return made


def _refuse_outside(source: Path, folder: Path, shown: str) -> None:
    """content/notes/ may be a link, but to a folder inside the profile (as the build requires)."""
    while not folder.exists() and folder != source:
        folder = folder.parent
    real, profile = folder.resolve(), source.resolve()
    if real != profile and profile not in real.parents:
        raise UserError(Problem(shown, None, None, _("the notes folder leads outside the profile (to {real}); "
                                "nothing was written").format(real=real)))
