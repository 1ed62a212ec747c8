"""The Profile: one in-memory model of a profile that every output reads.

Built from settings and parsed documents by a pure function; it decides what each file *is*
(a layer, a note, a plain page), its URL, and the order things are shown in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from profilegen.config import NAME_MAX, Author, Settings
from profilegen.content import LAYERS, NOTES_DIR, Document, FileText, body_of, is_placeholder_text, slugify
from profilegen.errors import Problem, UserError
from profilegen.messages import _

# URLs that profilegen itself writes (per language, under its prefix); a content file may not take them.
RESERVED_URLS = {"": _("the home page"), "notes": _("the notes list"), "404.html": _("the not-found page"),
                 "feed.xml": _("the Atom feed"), "sitemap.xml": _("the sitemap"), "robots.txt": "robots.txt",
                 "favicon.svg": _("the site's icon"), "topics": _("the topic pages"), "cv.pdf": _("the CV")}

# Folders under content/ that look like a language; one that is not configured is an error
# rather than a silent section of the main language.
LANGUAGE_CODES = frozenset("""ar bg ca cs da de el en es et eu fi fr fy ga gl he hi hr hu id is it ja
ko lb lt lv mt nb nl nn no pl pt ro ru sk sl sq sr sv tr uk zh""".split())

_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[-_]?")


class PageAddress:
    """Where a page is written and its date of last change, from its url, date and updated."""

    url: str
    date: dt.date | None
    updated: dt.date | None

    @property
    def output_path(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url

    @property
    def lastmod(self) -> dt.date | None:
        return self.updated or self.date


@dataclass(frozen=True)
class Page(PageAddress):
    """A page of the site made from one content file."""

    kind: str                 # "layer", "note" or "page"
    source: str               # "content/drives.md"
    url: str                  # relative to the site root: "drives/", "notes/2026-09-14-panel/"
    title: str
    summary: str | None
    markdown: str | FileText  # the body: see `body`
    body_line: int
    layer: str | None = None
    order: int = 0
    date: dt.date | None = None
    updated: dt.date | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    image: str | None = None  # shown when the page is shared, instead of its card (under static/)
    key: str = ""             # the same in every language: "layer:vision", "notes/x.md"
    lang: str = ""
    digest: str = ""          # of the source file's text (see content.Document)
    front: str = ""           # the front matter as written, starting on line 2 of the file
    words: int = 0            # in the body

    @property
    def body(self) -> str:
        """The Markdown (read again from its file when the parsed document left it there)."""
        return body_of(self.markdown)

    @property
    def is_placeholder(self) -> bool:
        """Still init's guiding text (marked with `<!-- profilegen: placeholder -->`)."""
        return is_placeholder_text(self.markdown)


def is_empty(page: Page | None) -> bool:
    """No text, or still init's guiding placeholder."""
    return page is None or page.is_placeholder or not (page.body.strip() or page.summary)


@dataclass(frozen=True)
class Profile:
    """Everything the site, the LinkedIn text, the check and the exports are made from."""

    settings: Settings
    layers: tuple[Page, ...]  # in LAYERS order, only those that exist
    notes: tuple[Page, ...]   # newest first
    pages: tuple[Page, ...]   # other pages, by order then title
    by_source: dict[str, Page]
    home_url: str = ""        # "" for the main language, "en/" for another one

    @property
    def author(self) -> Author:
        return self.settings.author

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self.settings.topics)

    @property
    def all_pages(self) -> tuple[Page, ...]:
        return self.layers + self.pages + self.notes

    def layer(self, name: str) -> Page | None:
        return next((page for page in self.layers if page.layer == name), None)

    @property
    def missing_layers(self) -> tuple[str, ...]:
        present = {page.layer for page in self.layers}
        return tuple(name for name in LAYERS if name not in present)

    @property
    def description(self) -> str:
        """The site-wide meta description: settings first, then what the person stands for."""
        stand = self.layer("stand")
        return (self.settings.description or (stand.summary if stand else None)
                or ", ".join(filter(None, [self.author.name, self.author.role])))


def _title_of(document: Document, default: str) -> str:
    if document.meta.title:
        return document.meta.title
    return document.heading or default


def _note_date(document: Document) -> dt.date | None:
    return document.meta.date or date_in_name(document.stem)


def date_in_name(stem: str) -> dt.date | None:
    """The date a file name starts with ('2026-03-01-panel'), if it is a real date."""
    match = _DATED_NAME.match(stem)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def split_languages(settings: Settings, documents: list[Document]) -> dict[str, list[Document]]:
    """Documents per language: content/<code>/ holds another language, the rest the main one."""
    others = set(settings.all_languages[1:])
    split: dict[str, list[Document]] = {code: [] for code in settings.all_languages}
    problems = []
    for document in documents:
        top = document.folder.split("/", 1)[0]
        if top in others:
            split[top].append(document)
        elif top in LANGUAGE_CODES and top != settings.language:
            problems.append(Problem(document.path, None, None,
                                    _("content/{top}/ looks like the '{top}' version of the profile, but '{top}' is "
                                    "not in 'languages' in site.yaml; add it there (languages: [{top}]) or "
                                    "rename the folder").format(top=top)))
        else:
            split[settings.language].append(document)
    if problems:
        raise UserError(problems[:1] + [p for p in problems[1:] if p.message != problems[0].message])
    return split


def build_profile(settings: Settings, documents: list[Document], *, drafts: bool = False,
                  layer_titles: dict[str, str] | None = None, root: str = "") -> Profile:
    """Decide kind, URL and order of every document; gather every problem and raise once.

    ``root`` is the language folder under content/ ("en") for another language: its pages
    live under /en/ and its files are matched to their translations by their path below it.
    """
    layer_titles = layer_titles or {}
    prefix = f"{root}/" if root else ""
    problems: list[Problem] = []
    layers: dict[str, Page] = {}
    notes: list[Page] = []
    pages: list[Page] = []
    taken: dict[str, str] = {}
    topic_pages: dict[str, str] = {}
    for index, topic in enumerate(settings.topics):
        name = topic_slug(topic, index)
        if len(name) > NAME_MAX:
            where = f"i18n.{settings.language}.topics" if root else "topics"
            problems.append(Problem("site.yaml", None, None, _("'{where}[{index}]' makes a page name of {count} "
                                    "characters (topics/{name}…/); a file system allows {NAME_MAX} bytes a "
                                    "name: choose a shorter topic").format(where=where, index=index, count=len(name), name=name[:20], NAME_MAX=NAME_MAX)))
        elif name in topic_pages:
            problems.append(Problem("site.yaml", None, None, _("the topics '{topic_pages}' and '{topic}' would "
                                    "share one page, /{prefix}topics/{name}/; write them the same way or "
                                    "choose distinct names").format(topic_pages=topic_pages[name], topic=topic, prefix=prefix, name=name)))
        topic_pages.setdefault(name, topic)

    for document in documents:
        meta = document.meta
        if meta.draft and not drafts:
            continue
        slug = meta.slug or slugify(document.stem) or "page"
        if len(slug) > NAME_MAX:  # (a file name's letters can spell out longer: '㎯' is 'rads2')
            problems.append(Problem(document.path, 1, 1, _("this file's name makes a URL name of {count} "
                                    "characters; a file system allows {NAME_MAX} bytes a name: give it a shorter "
                                    "'slug' or name").format(count=len(slug), NAME_MAX=NAME_MAX)))
            continue
        folder = document.folder[len(root):].lstrip("/") if root else document.folder
        relative = "/".join(filter(None, [folder, document.stem + ".md"]))
        common = dict(source=document.path, summary=meta.summary, markdown=document.markdown,
                      body_line=document.body_line, order=meta.order or 0, updated=meta.updated,
                      tags=tuple(meta.tags), draft=meta.draft, extra=meta.extra, image=meta.image, key=relative,
                      lang=settings.language, digest=document.digest, front=document.front,
                      words=document.words)
        if folder == NOTES_DIR or folder.startswith(NOTES_DIR + "/"):
            date = _note_date(document)
            if date is None:
                problems.append(Problem(document.path, 1, 1, _("a note needs a date: add 'date: YYYY-MM-DD' "
                                        "to its front matter or start its file name with the date")))
                continue
            page = Page("note", url=f"{prefix}{NOTES_DIR}/{slug}/", title=_title_of(document, document.stem),
                        date=date, **common)
            notes.append(page)
        else:
            layer = meta.layer or (document.stem if document.stem in LAYERS and not folder else None)
            url = prefix + "/".join(filter(None, [slugify_path(folder), slug])) + "/"
            if layer:
                common["key"] = f"layer:{layer}"
                if layer in layers:
                    problems.append(Problem(document.path, 1, 1, _("the layer '{layer}' is already given by "
                                            "{source}; a layer is one file").format(layer=layer, source=layers[layer].source)))
                    continue
                page = Page("layer", url=url, title=_title_of(document, layer_titles.get(layer, layer)),
                            layer=layer, date=meta.date, **common)
                layers[layer] = page
            else:
                page = Page("page", url=url, title=_title_of(document, document.stem), date=meta.date, **common)
                pages.append(page)
        # (the first part of the path: a page at feed.xml/ would make feed.xml a folder)
        first = page.url[len(prefix):].split("/", 1)[0] if page.kind != "note" and page.url.startswith(prefix) else None
        reserved = RESERVED_URLS.get(first) if first is not None else None
        if first in settings.languages and not prefix:
            reserved = _("the home page of the '{first}' language").format(first=first)
        if reserved:
            problems.append(Problem(document.path, 1, 1, _("this file's address /{url} clashes with "
                                    "{reserved}; give it another 'slug'").format(url=page.url, reserved=reserved)))
        elif page.url in taken:
            problems.append(Problem(document.path, 1, 1, _("this file would write the same URL /{url} "
                                    "as {taken}; rename one or give it a 'slug'").format(url=page.url, taken=taken[page.url])))
        else:
            taken[page.url] = document.path
    if problems:
        raise UserError(problems)

    ordered_layers = tuple(layers[name] for name in LAYERS if name in layers)
    notes.sort(key=lambda p: (p.date, p.order, p.source), reverse=True)
    pages.sort(key=lambda p: (p.order, p.title.lower()))
    by_source = {page.source: page for page in (*ordered_layers, *pages, *notes)}
    return Profile(settings=settings, layers=ordered_layers, notes=tuple(notes), pages=tuple(pages),
                   by_source=by_source, home_url=prefix)


def topic_slug(topic: str, index: int) -> str:
    """The last part of a topic page's URL: its slug, or its place in `topics` when it has none."""
    return slugify(topic) or str(index)


def slugify_path(folder: str) -> str:
    return "/".join(slugify(part) or "x" for part in folder.split("/")) if folder else ""
