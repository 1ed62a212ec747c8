"""Content files: Markdown with YAML front matter, read into Documents (no HTML yet)."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from profilegen.config import NAME_MAX, read_text
from profilegen.errors import Problem, UserError
from profilegen.schema import Format, doc, formatted, load
from profilegen.yamlio import YamlDocument
from profilegen.messages import N_, _

CONTENT_DIR = "content"
NOTES_DIR = "notes"

# The layers of a profile in the order they are read: who I am before what I did.
LAYERS = ("stand", "drives", "expertise", "experience", "insights", "vision", "future", "network")
LayerName = Literal["stand", "drives", "expertise", "experience", "insights", "vision", "future", "network"]

def _explain_slug(value: str) -> str:
    return (_("must be lowercase letters, digits and dashes, one URL segment "
            "(no '/', '..' or spaces), e.g. '{value}'").format(value=slugify(value)[:NAME_MAX] or 'my-page'))


SLUG = Format(N_("a URL name"), N_("URL names"), r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", N_("such as 'mijn-pagina'"),
              max_length=NAME_MAX, too_long=f"the last part of a URL becomes a folder on disk, and a file "
                                            f"system allows {NAME_MAX} bytes a name", explain=_explain_slug)


@functools.lru_cache(maxsize=1 << 16)  # (the preview server slugifies the same names at every save)
def slugify(text: str) -> str:
    """'Één visie op Zorg!' -> 'een-visie-op-zorg': ASCII, lowercase, dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True, kw_only=True)
class FrontMatter:
    """The front matter of a content file (the YAML between the --- lines)."""

    title: str | None = doc("The page title; defaults to the layer's name or the file name.", default=None)
    layer: LayerName | None = doc("Which layer of the profile this file is; defaults to the file name "
                                  "(stand, drives, expertise, experience, insights, vision, future, network).",
                                  default=None)
    order: int | None = doc("Sort position among pages of the same kind (lower first).", default=None)
    summary: str | None = doc("One or two sentences: used in meta descriptions and the LinkedIn text.",
                              default=None)
    image: str | None = doc("A PNG or JPEG under static/ to show when the page is shared, e.g. "
                            "'images/panel.jpg' (1200 × 627 px suits LinkedIn); defaults to the page's share card.",
                            default=None)
    draft: bool = doc("true: left out of the site unless you build with --drafts.", default=False)
    date: dt.date | None = doc("For notes: the publication date (YYYY-MM-DD).", default=None)
    updated: dt.date | None = doc("The date of the last real change (YYYY-MM-DD).", default=None)
    tags: list[str] = doc("For notes: the topics the note is about.", factory=list)
    slug: formatted(SLUG) | None = doc("The last part of the page's URL; defaults to the file name.",
                                       default=None)
    extra: dict[str, Any] = doc("Anything else, for your own templates (page.extra.<key>).", factory=dict)


PLACEHOLDER_MARK = "<!-- profilegen: placeholder"
_FIRST_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


@dataclass(frozen=True)
class FileText:
    """A content file's Markdown left in its file, read again when a stage asks for it.

    Parsed documents travel from the parsing workers to the build, and into the build cache,
    without their text: at 10,000 notes the texts were most of a build's memory, and most of
    them are only read again where their page is rendered (in a worker) or not at all (an
    unchanged page). What the build needs of every text without reading it is kept here.
    The text read again is checked against the digest, so a page is never made from a file
    other than the one its key describes.
    """

    file: str        # the file to read (as found by discover)
    shown: str       # the file as the user sees it: "content/notes/x.md"
    digest: str      # of the file's whole text (see _text_digest)
    start: int       # where the Markdown body starts in that text
    placeholder: bool

    def read(self) -> str:
        text = read_text(Path(self.file), self.shown)
        if _text_digest(self.shown, text) != self.digest:
            raise UserError(Problem(self.shown, None, None, _("this file changed while the site was being "
                                    "built; build again")))
        return text[self.start:]


@dataclass(frozen=True)
class Document:
    """One content file as read from disk: where it is, its front matter and its Markdown."""

    path: str  # relative to the source folder, with forward slashes: "content/drives.md"
    meta: FrontMatter
    markdown: str | FileText  # the body (see FileText for when it is left in the file)
    body_line: int  # the 1-based line of the file where the Markdown body starts
    digest: str = ""  # of the file's text: what the build cache compares
    front: str = ""   # the front matter as written (from line 2), for `check` to scan
    words: int = 0    # in the body: for the reading time (counted where files are parsed, in parallel)
    heading: str | None = None  # the text of the body's first '# ' heading
    file: str = ""    # where it was read from, to read the body again; "" when not from a file
    body_start: int = 0  # where the body starts in the file's text

    @property
    def body(self) -> str:
        return body_of(self.markdown)

    def __reduce__(self):
        """Pickled (to the build or the cache) without its text when it can be read again."""
        markdown = self.markdown
        if isinstance(markdown, str) and self.file:
            markdown = FileText(self.file, self.path, self.digest, self.body_start, PLACEHOLDER_MARK in markdown)
        return Document, (self.path, self.meta, markdown, self.body_line, self.digest, self.front, self.words,
                          self.heading, self.file, self.body_start)

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]

    @property
    def folder(self) -> str:
        """The folder inside content/, '' at the top: 'notes' for content/notes/x.md."""
        inner = self.path[len(CONTENT_DIR) + 1:]
        return inner.rsplit("/", 1)[0] if "/" in inner else ""


def body_of(markdown: str | FileText) -> str:
    return markdown if isinstance(markdown, str) else markdown.read()


def is_placeholder_text(markdown: str | FileText) -> bool:
    """Still init's guiding text (marked with `<!-- profilegen: placeholder -->`)."""
    return PLACEHOLDER_MARK in markdown if isinstance(markdown, str) else markdown.placeholder


def _text_digest(path: str, text: str) -> str:
    import hashlib

    return hashlib.sha256(f"{path}\0{text}".encode()).hexdigest()


def word_count(text: str, piece: int = 1 << 20) -> int:
    """``len(text.split())``, a piece at a time: the list of a 50 MB text's words would take
    ~450 MB. A word that a cut falls in is counted once, in the piece where it ends.

    Where the only white space is ASCII's (as in nearly every text), a piece's UTF-8 is mapped
    to one byte for a space and another for the rest, and the word ends are counted in C: a
    list of a piece's words costs five times as much as that."""
    if not text.isascii() and _SPACE_BEYOND_ASCII.search(text):  # (isascii: known, not read)
        return _word_count_of_pieces(text, piece)
    count = 0
    for start in range(0, len(text), piece):
        marks = text[start:start + piece].encode("utf-8", "surrogatepass").translate(_WORD_MARKS)
        if b"?" in marks:
            return _word_count_of_pieces(text, piece)
        count += marks.count(b"x ")
        if marks.endswith(b"x") and (start + piece >= len(text) or text[start + piece].isspace()):
            count += 1
    return count


def _word_count_of_pieces(text: str, piece: int) -> int:
    count = 0
    for start in range(0, len(text), piece):
        count += len(text[start:start + piece].split())
        if start and not text[start - 1].isspace() and not text[start].isspace():
            count -= 1
    return count


# White space that str.split() splits on besides ASCII's space, tab and line ends; and every
# byte of UTF-8 as " " (ASCII's white space), "?" (the rest of str.split()'s in ASCII) or "x"
# (the rest: a word's).
_SPACE_BEYOND_ASCII = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_WORD_MARKS = bytes(32 if byte in b" \t\n\r\x0b\x0c" else 63 if 0x1c <= byte <= 0x1f else 120 for byte in range(256))


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)


def parse_document(text: str, path: str, file: str = "") -> Document:
    """Split front matter from Markdown and validate it; positions are lines of the .md file.

    ``file``: where the text was read, so that the body can be read again from there."""
    meta, start, body_line, front = _parse(text, path)
    body = text[start:]
    heading = None
    if not meta.title and (found := _FIRST_H1.search(body)):
        heading = found.group(1).strip()
    return Document(path, meta, body, body_line, _text_digest(path, text), front, word_count(body),
                    heading, file, start)


def _parse(text: str, path: str) -> tuple[FrontMatter, int, int, str]:
    """(front matter, where the Markdown body starts, the body's first line, the front matter as written)."""
    if not text.startswith("---"):
        first = text.split("\n", 1)[0]
        if re.match(r"^[A-Za-z_]+:\s", first) and _FENCE.search(text):
            raise UserError(Problem(path, 1, 1, _("this looks like front matter without its opening "
                                                "'---' line; did you forget to add '---' on line 1?")))
        return FrontMatter(), 0, 1, ""
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].strip() != "---":
        return FrontMatter(), 0, 1, ""
    closing = _FENCE.search(text, first_end + 1)
    if closing is None:
        raise UserError(Problem(path, 1, 1, _("the front matter starts with '---' on line 1 but has no "
                                            "closing '---' line")))
    yaml_text = text[first_end + 1:closing.start()]
    after = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body_line = text.count("\n", 0, after) + 1
    document = YamlDocument(yaml_text, path, line_offset=1)
    try:
        meta = load(document, FrontMatter)
    finally:
        document.dispose()
    return meta, after, body_line, yaml_text


def discover(source: Path) -> list[tuple[str, str]]:
    """Every Markdown file under content/ as (path, path shown to the user), sorted.

    Names starting with '_' or '.' are skipped. Plain strings, not Paths: at thousands of
    files, making, comparing and relativising Path objects was a third of a rebuild's load.
    Links are followed only while they stay inside the profile folder (see walk_inside).
    """
    files, problems = walk_inside(source, CONTENT_DIR, skip=("_", "."), wanted=".md")
    if problems:
        raise UserError(problems)
    return sorted(files, key=lambda item: item[1].split("/"))  # (as Paths sort: folder by folder)


def walk_inside(source: Path, folder: str, *, skip: tuple[str, ...] = (), wanted: str = ""
                ) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The files under source/folder whose names end in ``wanted``, as (path, path shown to
    the user), and a Problem for every link that may not be followed.

    A symlink (to a file or a folder, at any depth, or the folder itself) is followed only when
    it resolves inside the profile folder; one that points outside it, nowhere, or round in
    a loop is a located error, never skipped: a link to /etc/passwd or a private folder
    would otherwise be published, and a skipped one would leave the site silently half
    built. Only entries that are links are resolved (DirEntry.is_symlink() costs nothing),
    so a walk of 10,000 plain files costs less than os.walk did. Names starting with one of
    ``skip`` are passed over before anything is looked at. A missing folder has no files.
    """
    root = str(source / folder)
    profile = os.path.realpath(source)
    real_root, problems = folder_inside(source, folder, profile)
    if real_root is None:
        return [], problems
    found = []
    # (folder as walked, as shown, the real folders on the way there: a link back to one is a loop)
    stack = [(root, folder, (real_root,))]
    while stack:
        path, shown, chain = stack.pop()
        try:
            entries = list(os.scandir(path))
        except FileNotFoundError:  # removed since it was listed (an editor's save dance, a checkout)
            continue
        except OSError as exc:
            problems.append(Problem(shown, None, None, _("cannot read the folder: {strerror}").format(strerror=exc.strerror)))
            continue
        for entry in entries:
            name = entry.name
            if skip and name.startswith(skip):
                continue
            if entry.is_symlink():
                is_dir = os.path.isdir(entry.path)  # (DirEntry.is_dir raises on a loop)
                if not is_dir and not name.endswith(wanted) and os.path.exists(entry.path):
                    continue  # (a file that is never read: a link to an image, say)
                real, problem = _follow(entry.path, f"{shown}/{name}", profile)
                if problem is not None:
                    problems.append(problem)
                elif not is_dir:
                    found.append((entry.path, f"{shown}/{name}"))
                elif real in chain:
                    problems.append(Problem(f"{shown}/{name}", None, None, _("this is a link to a folder that "
                                            "contains it, so reading it would never end (a loop); remove "
                                            "the link")))
                else:
                    stack.append((entry.path, f"{shown}/{name}", (*chain, real)))
            elif entry.is_dir():
                stack.append((entry.path, f"{shown}/{name}", (*chain, os.path.join(chain[-1], name))))
            elif name.endswith(wanted):
                found.append((entry.path, f"{shown}/{name}"))
    return found, sorted(problems, key=lambda p: p.file.split("/"))


def folder_inside(source: Path, folder: str, profile: str | None = None) -> tuple[str | None, list[Problem]]:
    """The real path of the folder source/folder when it is one inside the profile folder
    (``profile``, its real path); None when there is no such folder, or (with a Problem) when
    it is a link that leads outside the profile folder or nowhere."""
    root = str(source / folder)
    profile = profile or os.path.realpath(source)
    if not os.path.isdir(root):
        if not os.path.islink(root):
            return None, []
        real, problem = _follow(root, folder, profile)
        return None, [problem or Problem(folder, None, None, _("this is a link to a file ({real}), not a folder").format(real=real))]
    real_root = os.path.realpath(root)
    if _inside(real_root, profile):
        return real_root, []
    if os.path.islink(root):
        return None, [_outside(folder, real_root, "folder")]
    return None, [Problem(folder, None, None, _("this folder leads outside the profile folder, to {real_root}; "
                          "profilegen never publishes what lies elsewhere on your computer: copy the folder "
                          "into the profile folder").format(real_root=real_root))]


def _inside(real: str, profile: str) -> bool:
    return real == profile or real.startswith(profile.rstrip(os.sep) + os.sep)


def _outside(shown: str, real: str, kind: str) -> Problem:
    return Problem(shown, None, None, _("this is a link to a {kind} outside the profile folder ({real}); profilegen "
                                      "never publishes what lies elsewhere on your computer: copy the {kind} "
                                      "into the profile folder instead of linking to it").format(kind=kind, real=real))


def _follow(path: str, shown: str, profile: str) -> tuple[str, Problem | None]:
    """Where the symlink at ``path`` leads, and why it may not be followed (None: it stays inside
    the profile folder ``profile``, a real path)."""
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "", Problem(shown, None, None, _("this is a link that leads back to itself through other "
                                                  "links (a loop), so it points at nothing; remove the link"))
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return "", Problem(shown, None, None, _("this is a link to '{target}', which does not exist; remove "
                                              "the link or point it at a file in the profile folder").format(target=target))
    if not _inside(real, profile):
        return real, _outside(shown, real, "folder" if os.path.isdir(real) else "file")
    return real, None


class DocumentCache:
    """Parsed documents kept between builds (the preview server), keyed by file stamp.

    A file whose size and modification time are unchanged is not read or parsed again.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, ...], Document]] = {}

    @staticmethod
    def stamp(path: str) -> tuple[int, ...]:
        stat = os.stat(path)
        return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)

    def fresh(self, path: str, stamp: tuple[int, ...]) -> Document | None:
        entry = self._entries.get(path)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def store(self, path: str, stamp: tuple[int, ...], document: Document) -> None:
        self._entries[path] = (stamp, document)

    def forget_missing(self, present: set[str]) -> None:
        for path in set(self._entries) - present:
            del self._entries[path]

    @property
    def entries(self) -> dict[str, tuple[tuple[int, ...], Document]]:
        """Path -> (stamp, document), for the build cache to save and restore."""
        return self._entries


# Above this many files to parse, they are parsed on all cores (parallel.py).
PARALLEL_THRESHOLD = 300


def _read_and_parse(path: str, shown: str) -> Document | list[Problem]:
    try:
        return parse_document(read_text(Path(path), shown), shown, os.path.abspath(path))
    except UserError as exc:
        return exc.problems
    except OSError as exc:  # deleted between listing and reading (an editor's save dance)
        return [Problem(shown, None, None, _("cannot read the file: {strerror}").format(strerror=exc.strerror))]


def load_documents(source: Path, cache: DocumentCache | None = None) -> list[Document]:
    """Read and parse every content file; all problems are gathered and raised together."""
    from profilegen.parallel import fork_map, workers_for

    found = discover(source)
    paths = [path for path, _ in found]
    documents: list[Document | list[Problem] | None] = [None] * len(paths)
    todo, stamps = [], {}
    for index, (path, shown) in enumerate(found):
        if cache is not None:
            try:
                stamps[index] = DocumentCache.stamp(path)
            except OSError as exc:
                documents[index] = [Problem(shown, None, None, _("cannot read the file: {strerror}").format(strerror=exc.strerror))]
                continue
            documents[index] = cache.fresh(path, stamps[index])
        if documents[index] is None:
            todo.append(index)

    def _read_and_parse_at(number: int) -> Document | list[Problem]:  # (workers inherit ``found``)
        return _read_and_parse(*found[todo[number]])
    parsed = fork_map(_read_and_parse_at, len(todo), workers_for(len(todo), PARALLEL_THRESHOLD))
    for index, result in zip(todo, parsed):
        documents[index] = result
        if cache is not None and isinstance(result, Document):
            cache.store(paths[index], stamps[index], result)
    if cache is not None:
        cache.forget_missing(set(paths))
    problems = [p for d in documents if isinstance(d, list) for p in d]
    if problems:
        raise UserError(problems)
    return documents  # type: ignore[return-value]
