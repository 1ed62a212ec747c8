"""Render the profiles (one per language) into the files of the site: data, never the disk.

render_site() yields every file of the site, rendered or marked as unchanged; the writer
(write.py) is the only stage that touches the output. The work is planned first (every
output with its template, context and translation key), so that alternates between
languages are known before anything renders, and so that the pages made from content files
can be rendered in worker processes: the expensive part of a big build, and the same bytes
whichever process renders them.

Every output is keyed on a digest of everything its template can read (view.py says what
that is), so a page is left unrendered only when its bytes could not have changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from profilegen import __version__
from profilegen.config import portrait_problems
from profilegen.errors import Problem, UserError
from profilegen.images import (MARKDOWN_WIDTHS, is_photo, make_version, published_as_is, responsive, shown_size,
                               without_metadata)
from profilegen.markdown import LinkContext, MarkdownRenderer, broken_link_message, is_local_path
from profilegen.model import Page, Profile, topic_slug
from profilegen.theme import CACHE_DIR, Theme, bundled_themes_dir, make_environment
from profilegen.view import PageView, minutes_helper, profile_view
from profilegen.messages import _

HOME_NOTES = 5
STATIC_DIR = "static"
# Below this many content pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
LISTINGS_PARALLEL_THRESHOLD = 100  # (a listing shows 20 notes: several times a note page's work)
VERSIONS_PARALLEL_THRESHOLD = 4    # (a photo's smaller versions: tens of milliseconds each)
# A note's HTML over this many characters (a book's length) is in the feed with its summary and
# link only: feed readers refuse or cut entries far smaller, and the feed would hold it whole.
FEED_BODY_LIMIT = 1_000_000


@dataclass(frozen=True)
class OutputFile:
    """One file of the site, as the writer gets it."""

    path: str                   # relative to the output folder: "notes/x/index.html"
    key: str                    # a digest of everything it was made from
    data: bytes | None = None   # rendered by this build
    source: Path | None = None  # else: a file copied as it is (static/)
    reused: bool = False        # the output holds it already, made from the same key: keep it


@dataclass
class RenderMemory:
    """What a build remembers of the pages it did not render this time."""

    excerpts: dict[str, str] = field(default_factory=dict)            # content page key -> excerpt
    warnings: dict[str, list[Problem]] = field(default_factory=dict)  # output path -> its warnings
    feed_bodies: dict[str, str] = field(default_factory=dict)         # body key -> rendered body
    pictures: dict[str, list[str]] = field(default_factory=dict)      # output path -> photos it shows in <picture>


def static_files(source: Path, theme: Theme) -> dict[str, Path]:
    """Output path -> file, from the theme's static folders and then the site's static/ (wins).

    A symlink that points outside its folder is left out: following it could publish a file
    from elsewhere on the computer (a key, a private note) under an innocent name.
    """
    found: dict[str, Path] = {}
    for root in (*theme.static_dirs, source / STATIC_DIR):
        if not root.is_dir():
            continue
        real_root = root.resolve()
        for path in sorted(root.rglob("*")):
            if path.is_file() and not any(p.startswith(".") and p not in (".well-known", ".nojekyll")
                                          for p in path.relative_to(root).parts):
                if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                    continue
                found[path.relative_to(root).as_posix()] = path
    return found


class _Site:
    """Per-language helpers that templates call: URLs, words, dates."""

    def __init__(self, profile: Profile, messages: dict, asset_versions: dict[str, str]) -> None:
        self.profile = profile
        self.settings = profile.settings
        self.messages = messages
        self._asset_versions = asset_versions

    def url(self, path: str = "") -> str:
        """Site-root-relative path -> URL with the base path ('notes/' -> '/repo/notes/')."""
        return self.settings.base_path + path.lstrip("/")

    def abs_url(self, path: str = "") -> str:
        return self.settings.site_url + path.lstrip("/")

    def asset(self, path: str) -> str:
        """A theme or static file's URL with a content hash, so browsers never keep a stale CSS."""
        path = path.lstrip("/")
        version = self._asset_versions.get(path, "")
        return self.url(path) + (f"?v={version}" if version else "")

    def t(self, key: str, **values) -> str:
        """The theme's word for ``key`` ('layers.vision') in the page's language."""
        node = self.messages
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return key
            node = node[part]
        text = str(node)
        return text.format(**values) if values else text

    def format_date(self, value: dt.date | None) -> str:
        """'14 september 2026': month names from the theme's words, never the machine's locale."""
        if value is None:
            return ""
        if not isinstance(value, dt.date):
            raise TemplateArgumentError(f"format_date() takes a date, not {value!r}")
        months = self.messages.get("months") or []
        month = months[value.month - 1] if len(months) == 12 else f"{value.month:02d}"
        pattern = self.messages.get("date_format", "{year}-{month}-{day}")
        return pattern.format(day=value.day, month=month, year=value.year)


def _excerpt(rendered: str, limit: int = 220) -> str:
    # The first paragraph: the text between the first "<p>" and the first "</p>" after it. (A
    # search of "<p>(.*?)</p>" reads to the end from every "<p>" when none is closed after
    # it, as raw HTML allowed can write: the square of the page's length.)
    start = rendered.find("<p>")
    end = rendered.find("</p>", start + 3) if start != -1 else -1
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered[start + 3:end])) if end != -1 else ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(",;:") + "…"




def person_jsonld(profile: Profile, site: _Site) -> dict:
    """schema.org Person: what search engines show for the name. Locality only, never a street."""
    author = profile.author
    person: dict = {"@context": "https://schema.org", "@type": "Person", "name": author.name,
                    "url": site.abs_url(profile.home_url)}
    if author.role:
        person["jobTitle"] = author.role
    if author.organisation:
        person["worksFor"] = {"@type": "Organization", "name": author.organisation}
    if author.location:
        person["address"] = {"@type": "PostalAddress", "addressLocality": author.location}
    if author.email:
        person["email"] = f"mailto:{author.email}"
    if author.image:
        person["image"] = site.abs_url(author.image)
    same_as = [url for url in author.links.values() if url.startswith("http")]
    if same_as:
        person["sameAs"] = same_as
    if profile.topics:
        person["knowsAbout"] = list(profile.topics)
    stand = profile.layer("stand")
    if stand and stand.summary:
        person["description"] = stand.summary
    return person




class TemplateArgumentError(ValueError):
    """A helper of ours, called from a template with a value it cannot take: the template's error."""


def template_error(exc: Exception, source: Path, template_dirs: tuple[Path, ...]) -> UserError | None:
    """A failure inside a user's template as a located problem; None when it is our own bug.

    The user's templates are those under the profile folder (templates/, themes/). A syntax
    error or an undefined name there, or an exception raised by template code there, is the
    user's. An exception raised inside profilegen's own Python code, or one that only the
    bundled theme's templates were involved in, is a bug (exit 3, traceback under --debug).
    """
    import traceback

    import jinja2

    source = source.resolve()
    roots = [d.resolve() for d in template_dirs]

    def users(filename: str | None) -> bool:
        return bool(filename) and Path(filename).resolve().is_relative_to(source)

    if isinstance(exc, jinja2.TemplateSyntaxError):
        if users(exc.filename):
            return UserError(Problem(_shown(exc.filename, source), exc.lineno, None, _("template error: {message}").format(message=exc.message)))
        return None
    frames = traceback.extract_tb(exc.__traceback__)
    if (frames and Path(frames[-1].filename).resolve().is_relative_to(_PACKAGE)
            and not isinstance(exc, TemplateArgumentError)):
        return None  # raised by profilegen's own code (a helper, a filter of ours)
    in_templates = [f for f in frames if any(Path(f.filename).resolve().is_relative_to(r) for r in roots)]
    mine = [f for f in in_templates if users(f.filename)]
    if not mine:
        return None
    place = mine[-1]
    message = _("template not found: {name}").format(name=exc.name) if isinstance(exc, jinja2.TemplateNotFound) else _("template error: {exc}").format(exc=exc)
    return UserError(Problem(_shown(place.filename, source), place.lineno, None, message))


_PACKAGE = Path(__file__).resolve().parent


def _shown(filename: str, source: Path) -> str:
    """A template's path as the user knows it: relative to the site, or inside the bundled theme."""
    path = Path(filename).resolve()
    for root, prefix in ((source.resolve(), ""), (bundled_themes_dir(), "(bundled) themes/")):
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return filename


def topic_path(profile: Profile, index: int) -> str:
    """The site path of a topic's page: '/topics/energietransitie/' (under the language's home)."""
    return f"{profile.home_url}topics/{topic_slug(profile.topics[index], index)}/"


def paginate(items: tuple, per_page: int) -> list[tuple]:
    """Items in pages of ``per_page``; always at least one (empty) page."""
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [()]


def page_url(base: str, number: int) -> str:
    """'notes/' for page 1, 'notes/page/2/' after: the first page keeps the short URL."""
    return base if number == 1 else f"{base}page/{number}/"




@dataclass
class _Output:
    """One planned HTML page: where it goes, from which template, and its translation key."""

    lang: str
    key: str
    url: str
    template: str
    context: dict
    content_page: Page | None = None  # rendered in a worker when set

    @property
    def path(self) -> str:
        return self.url if self.url.endswith(".html") else self.url + "index.html"


# Characters that XML 1.0 forbids even as references (C0 controls but tab, newline and
# return; U+FFFE, U+FFFF; lone surrogates, which UTF-8 cannot hold), and the C1 controls and
# DEL, which HTML counts as errors: pasted text and YAML escapes bring them in.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


# The same in the UTF-8 bytes (lone surrogates cannot be encoded): looked for with a
# translate that keeps only the control bytes, and two searches that start with a literal,
# which run at memchr speed; a pattern that starts with a character class is tried at every
# character (1.5 s for a page of 90 MB).
_BYTES_BUT_CONTROLS = bytes(set(range(256)) - set(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                  b"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"))
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")
_NONCHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")


def _published(text: str) -> bytes:
    """Every rendered page, feed and sitemap goes out through here: well-formed as XML and HTML,
    in UTF-8. (Only text that has such a character is rewritten.)"""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = None
    if data is not None and not data.translate(None, _BYTES_BUT_CONTROLS) and not _C1_CONTROL.search(data) \
            and not _NONCHARACTER.search(data):
        return data
    return _UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text).encode("utf-8")


class _Renderer:
    """Everything a build shares between pages; a worker process inherits it by fork."""

    def __init__(self, profiles: dict[str, Profile], theme: Theme, source: Path) -> None:
        self.profiles = profiles
        self.theme = theme
        self.source = source
        main = next(iter(profiles.values()))
        self.settings = main.settings
        self.assets = static_files(source, theme)
        versions = {}
        for name in ("css/style.css", "css/print.css", "favicon.svg"):
            if name in self.assets:
                versions[name] = hashlib.sha256(self.assets[name].read_bytes()).hexdigest()[:10]
        self.env = make_environment(theme, source / CACHE_DIR)
        self.markdown = MarkdownRenderer(allow_html=self.settings.markdown.html)
        self.page_urls = {p.source: p.url for profile in profiles.values() for p in profile.all_pages}
        self.site_files = frozenset(self.assets)
        # Each photo's width and height for Markdown's <img> (its header only: images.py).
        self.image_sizes = {path: size for path, file in self.assets.items()
                            if is_photo(path) and (size := shown_size(file)) is not None}
        # Their smaller versions for <picture> in Markdown, made for the photos a page shows
        # (not one the user keeps byte for byte: images.publish_as_is).
        as_is = self.settings.images.publish_as_is
        self.pictures = {path: made for path in self.image_sizes if not published_as_is(path, as_is)
                         and (made := responsive(path, self.assets[path], MARKDOWN_WIDTHS)) is not None}
        self.host = urlsplit(self.settings.site_url).hostname or ""
        self.sites = {code: _Site(profile, theme.messages(code), versions) for code, profile in profiles.items()}
        self.views: dict[str, dict[str, PageView]] = {}   # per language: source -> view
        self.viewed: dict[str, Profile] = {}              # per language: the profile templates see
        for code, profile in profiles.items():
            self.viewed[code], self.views[code] = profile_view(profile)
        self.translations: dict[str, dict[str, str]] = {}  # key -> {lang: url}
        self.portrait = None  # images.Responsive: the portrait's versions, once planned
        self._common: dict[str, dict] = {}

    def view(self, page: Page | None) -> PageView | None:
        return None if page is None else self.views[page.lang or self.settings.language][page.source]

    def base_key(self) -> str:
        """A digest of what every output may depend on besides the pages: settings, the theme's
        files (their bytes), static files, URLs and translations. Also the key of a body's
        Markdown (links resolve against the URLs and files in it)."""
        theme_files = []
        for folder in (*self.theme.template_dirs, self.theme.bundled_dir / "templates",
                       *(d.parent / "i18n" for d in self.theme.template_dirs)):
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        theme_files.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        return _digest(__version__, [p.settings for p in self.profiles.values()], theme_files,
                       sorted(self.sites[self.settings.language]._asset_versions.items()),
                       sorted(self.site_files), sorted(self.page_urls.items()), sorted(self.translations.items()),
                       sorted(self.image_sizes.items()))

    def view_key(self, base_key: str) -> str:
        """base_key and every page's view: what any template can read of any page but its own."""
        return _digest(base_key, [[view.signature() for view in views.values()] for views in self.views.values()])

    # --- Markdown ---------------------------------------------------------------------------

    def body(self, page: Page, *, id_prefix: str = "", top_level: int = 2) -> tuple[str, list[Problem], list[str]]:
        """A page's text as HTML, its warnings, and the photos it shows through <picture>."""
        context = LinkContext(page.source, self.settings.base_path, self.host, self.page_urls,
                              self.site_files, id_prefix, top_level, self.image_sizes, self.pictures)
        rendered, links = self.markdown.render(page.body, context)
        warnings = [Problem(page.source, page.body_line + (line or 1) - 1, None,
                            broken_link_message(href) if is_local_path(href)
                            else _("broken link '{href}': no such page or file").format(href=href), "warning")
                    for line, href in links.broken]
        return rendered, warnings, links.pictures

    # --- Templates --------------------------------------------------------------------------

    def common(self, lang: str) -> dict:
        """The template context every page of a language shares (made once per language)."""
        if lang not in self._common:
            self._common[lang] = self._make_common(lang)
        return self._common[lang]

    def _make_common(self, lang: str) -> dict:
        profile, site = self.viewed[lang], self.sites[lang]
        return {"site": site, "settings": profile.settings, "profile": profile, "author": profile.author,
                "lang": lang, "t": site.t, "url": site.url, "abs_url": site.abs_url, "asset": site.asset,
                "format_date": site.format_date, "home": profile.home_url, "version": __version__,
                "person": person_jsonld(profile, site), "portrait": self.portrait,
                "build_date": max((p.lastmod for p in profile.notes if p.lastmod), default=None),
                "feed_url": site.abs_url(profile.home_url + "feed.xml"),
                "topic_urls": {topic: site.url(topic_path(profile, index)) for index, topic in enumerate(profile.topics)},
                "reading_minutes": minutes_helper(profile.settings.notes.words_per_minute)}

    def languages_of(self, output: _Output) -> tuple[list[dict], list[dict]]:
        """(alternates for <link hreflang>, the language switcher's entries) of one page."""
        versions = self.translations.get(output.key, {})
        alternates = []
        if len(versions) > 1:
            alternates = [{"lang": code, "href": self.sites[code].abs_url(url)} for code, url in versions.items()]
            main = self.settings.language
            if main in versions:
                alternates.append({"lang": "x-default", "href": self.sites[main].abs_url(versions[main])})
        switcher = []
        for code, profile in self.profiles.items():
            if code == output.lang:
                continue
            target = versions.get(code, profile.home_url)
            switcher.append({"lang": code, "name": self.sites[code].t("language_name"),
                             "url": self.sites[code].url(target), "translated": code in versions})
        return alternates, switcher

    def render_template(self, output: _Output, **extra) -> bytes:
        import jinja2

        alternates, switcher = self.languages_of(output)
        site = self.sites[output.lang]
        context = {**self.common(output.lang), "page_url": output.url, "canonical": site.abs_url(output.url),
                   "alternates": alternates, "language_links": switcher, **output.context, **extra}
        try:
            return _published(self.env.get_template(output.template).render(context))
        except UserError:
            raise
        except (jinja2.TemplateError, Exception) as exc:
            failure = template_error(exc, self.source, self.theme.template_dirs)
            if failure is None:
                raise  # profilegen's own bug: the CLI reports it as one
            raise failure from None

    # --- One page each ----------------------------------------------------------------------

    def content_page(self, output: _Output, want_body: bool) -> tuple[bytes, str | None, str, list[Problem], list[str]]:
        """A page made from a content file: (bytes, its body when asked for, excerpt, warnings,
        the photos it shows through <picture>)."""
        page = output.content_page
        assert page is not None
        body, warnings, pictures = self.body(page)
        data = self.render_template(output, content=body)
        return data, _feed_body(body) if want_body else None, page.summary or _excerpt(body), warnings, pictures

    def home_layers(self, profile: Profile) -> list[tuple[Page, str]]:
        """The layers with their bodies as the home page shows them: ids prefixed, headings under
        the layer's <h2>."""
        return [(page, self.body(page, id_prefix=f"{page.layer}-", top_level=3)[0]) for page in profile.layers]


def _plan(renderer: _Renderer) -> list[_Output]:
    """Every HTML page of every language, before anything renders.

    A content page's context holds the page itself; every other page in a context is a view.
    """
    outputs: list[_Output] = []
    view = renderer.view
    for lang, profile in renderer.profiles.items():
        site = renderer.sites[lang]
        settings = profile.settings
        home = profile.home_url

        def add(key: str, url: str, template: str, title: str, description: str, og_type: str = "website",
                page: Page | None = None, **context) -> None:
            outputs.append(_Output(lang, key, url, template,
                                   {"page": page, "title": title, "description": description,
                                    "og_type": og_type, **context}, page))

        def views(pages) -> tuple[PageView, ...]:
            return tuple(view(p) for p in pages)

        add("home", home, "home.html", settings.title, profile.description, "profile",
            notes=views(profile.notes[:HOME_NOTES]))
        for index, page in enumerate(profile.layers):
            add(page.key, page.url, "layer.html", page.title, page.summary or profile.description, page=page,
                previous=view(profile.layers[index - 1]) if index else None,
                next=view(profile.layers[index + 1]) if index + 1 < len(profile.layers) else None)
        for page in profile.pages:
            add(page.key, page.url, "page.html", page.title, page.summary or profile.description, page=page)
        for index, page in enumerate(profile.notes):
            add(page.key, page.url, "note.html", page.title, page.summary or "", "article", page=page,
                newer=view(profile.notes[index - 1]) if index else None,
                older=view(profile.notes[index + 1]) if index + 1 < len(profile.notes) else None)

        per_page = settings.notes.per_page
        notes_title = site.t("notes.title")
        notes_description = site.t("notes.description", name=profile.author.name)
        chunks = paginate(profile.notes, per_page)
        for number, chunk in enumerate(chunks, 1):
            add(f"notes:{number}", page_url(home + "notes/", number), "notes.html",
                notes_title if number == 1 else f"{notes_title} ({number})", notes_description,
                notes=views(chunk), pagination=_pagination(site, home + "notes/", number, len(chunks)))
        topic_entries = []
        for index, topic in enumerate(profile.topics):
            tagged = tuple(n for n in profile.notes if topic in n.tags)
            base = topic_path(profile, index)
            topic_entries.append({"name": topic, "url": base, "count": len(tagged)})
            chunks = paginate(tagged, per_page)
            for number, chunk in enumerate(chunks, 1):
                add(f"topic:{index}:{number}", page_url(base, number), "topic.html", topic,
                    site.t("topic.description", topic=topic, name=profile.author.name),
                    notes=views(chunk), topic=topic, pagination=_pagination(site, base, number, len(chunks)))
        if profile.topics:
            add("topics", home + "topics/", "topics.html", site.t("topic.all"),
                site.t("topic.all_description", name=profile.author.name), topics=topic_entries)
    main = renderer.profiles[renderer.settings.language]
    outputs.append(_Output(renderer.settings.language, "404", "404.html", "404.html",
                           {"page": None, "title": renderer.sites[main.settings.language].t("not_found.title"),
                            "description": main.description, "og_type": "website"}))
    return outputs


def _feed_body(body: str) -> str:
    """A note's HTML as the feed holds it: "" (no <content>) when over FEED_BODY_LIMIT."""
    return body if len(body) <= FEED_BODY_LIMIT else ""


def _pagination(site: _Site, base: str, number: int, count: int) -> dict | None:
    if count <= 1:
        return None
    return {"number": number, "count": count,
            "previous": site.url(page_url(base, number - 1)) if number > 1 else None,
            "next": site.url(page_url(base, number + 1)) if number < count else None}


def _texts_digest(texts) -> str:
    """A digest of several texts (excerpts): joined and hashed, not repr'd (escaping 1,500 lists
    of 20 excerpts took 50 ms of every rebuild at 10,000 notes)."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _own_key(prefix: str, page: Page) -> str:
    """A key that joins ``prefix`` (already a digest) with a page's own text (its file's digest)."""
    return prefix + page.digest if page.digest else _digest(prefix, page)


def _in_workers(function, items: list, jobs: int | None, threshold: int) -> Iterator[tuple[int, object]]:
    """(index, function(item)) for every item, on all cores when there are enough (parallel.py).

    Workers are forked: ``function`` and the items reach them as they are, by inheritance."""
    from profilegen.parallel import fork_imap, workers_for

    return fork_imap(lambda index: function(items[index]), len(items),
                     workers_for(len(items), threshold, jobs))


class SiteRender:
    """Every file of the site, in the order it is made: iterate it once, then read the results.

    ``previous``: output path -> key of each file the output folder holds as a build made it;
    a file whose key is the same is not rendered again but yielded as ``reused``. ``memory``:
    what the build that made them remembered (excerpts, warnings, feed bodies). ``jobs``: the
    number of processes for content pages and lists (default one per core); the bytes are the
    same whatever it is. ``pages_first``: nothing but the pages until they are made (the
    preview, whose browser waits for one of them): no CV compiled beside them.
    """

    def __init__(self, profiles: dict[str, Profile], theme: Theme, source: Path, *, jobs: int | None = None,
                 previous: dict[str, str] | None = None, memory: RenderMemory | None = None,
                 pages_first: bool = False) -> None:
        self.profiles, self.theme, self.source, self.jobs = profiles, theme, source, jobs
        self.pages_first = pages_first
        self.previous = previous or {}
        self.remembered = memory or RenderMemory()
        self.warnings: list[Problem] = []
        self.memory = RenderMemory()   # for the next build (complete once iterated)
        self.pages = 0                 # HTML pages in the site
        self.rendered: set[str] = set()  # files rendered (not reused) by this build

    def __iter__(self) -> Iterator[OutputFile]:
        renderer = _Renderer(self.profiles, self.theme, self.source)
        outputs = _plan(renderer)
        for planned in outputs:
            renderer.translations.setdefault(planned.key, {})[planned.lang] = planned.url
        from profilegen import cards  # (share cards: their og:image tags now, the PNGs in step 5)

        share = cards.plan(self.profiles, renderer.sites, renderer.assets, self.theme, self.source, outputs)
        self.warnings.extend(share.warnings)
        image = renderer.settings.author.image
        renderer.portrait = responsive(image.lstrip("/"), renderer.assets[image.lstrip("/")]) \
            if image and image.lstrip("/") in renderer.assets else None
        base_key = renderer.base_key()
        view_key = renderer.view_key(_digest(base_key, share.digest, renderer.portrait))
        remembered, memory = self.remembered, self.memory
        page_warnings: dict[str, list[Problem]] = {}
        shadowed = frozenset(renderer.assets)  # a static file of that name replaces a page

        def made(path: str, key: str, data: bytes | None = None) -> OutputFile:
            if data is None:
                return OutputFile(path, key, reused=True)
            self.rendered.add(path)
            return OutputFile(path, key, data)

        def unchanged(path: str, key: str) -> bool:
            return path not in shadowed and self.previous.get(path) == key

        # The CVs (made in step 5), planned now: their paths are files the site writes.
        from profilegen.cv import plan_cvs

        cvs = [cv for cv in plan_cvs(self.profiles, self.theme, self.source, renderer.assets, renderer.page_urls)
               if cv.path not in shadowed]
        # A CV to make is compiled now, by a child forked while this process is still small, and
        # collected in step 5: Typst's fonts and layout (~25 MB) then never add to the memory the
        # pages hold, which is a large site's peak. When the build stops before step 5, the child
        # is stopped with it (parallel.Background). Not for the preview: the fork and the child's
        # work would delay the page its browser waits for.
        to_compile = [cv for cv in cvs if not unchanged(cv.path, cv.key)]
        compiling = None
        if to_compile and self.jobs != 1 and not self.pages_first:
            from profilegen.parallel import in_background

            compiling = in_background(lambda: [(cv.make(), cv.warnings) for cv in to_compile])

        # 1. Static files, copied as they are; one that was already copied is kept.
        planned_paths = {o.path for o in outputs}
        _refuse_folder_clashes(renderer.assets, planned_paths | {
            *(profile.home_url + name for profile in self.profiles.values() for name in ("feed.xml", "cv.pdf")),
            "sitemap.xml", "robots.txt", "favicon.svg", ".nojekyll"})
        to_clean: list[tuple[str, Path, str]] = []  # photos to publish without their metadata
        for path, file in renderer.assets.items():
            if path in planned_paths and path.endswith(".html"):
                self.warnings.append(Problem(f"{STATIC_DIR}/{path}", None, None,
                                             _("this file replaces a page that profilegen writes"), "warning"))
            st = os.stat(file)
            key = f"static:{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"
            if is_photo(path) and not published_as_is(path, renderer.settings.images.publish_as_is):
                key = f"photo:{__version__}:{key}"  # (published without its metadata: images.py)
                if self.previous.get(path) != key:
                    to_clean.append((path, file, key))
                    continue
            yield OutputFile(path, key, source=file, reused=self.previous.get(path) == key)
        # (A photo a phone stored on its side is turned, so encoded again: a few hundred ms, on all cores.)
        for index, cleaned in _in_workers(lambda item: without_metadata(item[1]), to_clean, self.jobs,
                                          VERSIONS_PARALLEL_THRESHOLD):
            path, file, key = to_clean[index]
            yield made(path, key, cleaned) if cleaned is not None else OutputFile(path, key, source=file)

        # 1b. The portrait's smaller versions (images.py), made again only when the photo changed.
        def made_versions(wanted: list) -> Iterator[OutputFile]:
            """Photos' smaller versions (images.py), made on all cores, again only when the photo changed."""
            to_make = []
            for version in wanted:
                if unchanged(version.path, version.key):
                    yield made(version.path, version.key)
                else:
                    to_make.append(version)
            for index, data in _in_workers(make_version, to_make, self.jobs, VERSIONS_PARALLEL_THRESHOLD):
                yield made(to_make[index].path, to_make[index].key, data)

        versions = [v for v in (renderer.portrait.versions if renderer.portrait else ()) if v.path not in shadowed]
        yield from made_versions(versions)

        self.warnings += portrait_problems(renderer.settings, frozenset(renderer.assets))

        # 2. The pages made from content files: the bulk of the work, possibly in parallel.
        excerpts: dict[str, str] = {}   # content source -> excerpt
        bodies: dict[str, str] = {}     # content source -> rendered body, for the feeds
        in_feeds = frozenset(n.source for profile in self.profiles.values()
                             for n in profile.notes[:profile.settings.notes.feed_size])
        todo = []
        for planned in outputs:
            page = planned.content_page
            if page is None:
                continue
            key = _own_key(view_key, page)
            if unchanged(page.output_path, key) and key in remembered.excerpts:
                excerpts[page.source] = memory.excerpts[key] = remembered.excerpts[key]
                page_warnings[page.output_path] = memory.warnings[page.output_path] = \
                    remembered.warnings.get(page.output_path, [])
                memory.pictures[page.output_path] = remembered.pictures.get(page.output_path, [])
                yield made(page.output_path, key)
            else:
                todo.append((planned, key))
        rendered = _in_workers(lambda item: renderer.content_page(item[0], item[0].content_page.source in in_feeds),
                               todo, self.jobs, PARALLEL_THRESHOLD)
        for index, (data, body, excerpt, warnings, pictures) in rendered:
            planned, key = todo[index]
            page = planned.content_page
            excerpts[page.source] = memory.excerpts[key] = excerpt
            page_warnings[page.output_path] = memory.warnings[page.output_path] = warnings
            memory.pictures[page.output_path] = pictures
            if body is not None:
                bodies[page.source] = body
            if page.output_path not in shadowed:
                yield made(page.output_path, key, data)

        # 2b. The smaller versions of the photos the pages show (their bodies hold every layer's
        # and note's text: the home and the feeds show no photo they do not), as for the portrait.
        wanted = {v.path: v for path in sorted({p for shown in memory.pictures.values() for p in shown})
                  for v in renderer.pictures[path].versions if v.path not in shadowed}
        for version in versions:  # (the portrait's, made in 1b; the same file when a text shows it too)
            wanted.pop(version.path, None)
        yield from made_versions(list(wanted.values()))

        def body_of(page: Page) -> str:
            """A feed note's body: rendered in step 2, remembered from the last build, or rendered now."""
            key = _own_key(base_key, page)  # its text, and the URLs its links resolve to
            if page.source not in bodies:
                remembered_body = remembered.feed_bodies.get(key)
                bodies[page.source] = _feed_body(renderer.body(page)[0]) if remembered_body is None else remembered_body
            memory.feed_bodies[key] = bodies[page.source]
            return bodies[page.source]

        # 3. Pages that list others: they need the excerpts of step 2, of the notes they list only.
        listings: list[tuple[_Output, str]] = []
        for lang, profile in self.profiles.items():
            for planned in outputs:
                if planned.lang != lang or planned.content_page is not None:
                    continue
                listed = planned.context.get("notes", ())
                shown = {n.source: excerpts[n.source] for n in listed}
                key = _digest(view_key, planned.key, planned.url, planned.template, _texts_digest(shown.values()),
                              [p.digest or p for p in profile.layers] if planned.key == "home" else ())
                if unchanged(planned.path, key):
                    yield made(planned.path, key)
                    continue
                context = {**planned.context, "excerpts": shown} if "notes" in planned.context else planned.context
                if planned.key == "home":
                    context["layers"] = renderer.home_layers(profile)
                listings.append((dataclasses.replace(planned, context=context), key))
            feed_notes = profile.notes[:profile.settings.notes.feed_size]
            feed_path = profile.home_url + "feed.xml"
            key = _digest(view_key, "feed", lang, [n.digest or n for n in feed_notes])
            if unchanged(feed_path, key):
                yield made(feed_path, key)
                for note in feed_notes:  # (kept for the next build, which may need them)
                    body_key = _own_key(base_key, note)
                    if body_key in remembered.feed_bodies:
                        memory.feed_bodies[body_key] = remembered.feed_bodies[body_key]
            elif feed_path not in shadowed:
                feed = _Output(lang, "feed", feed_path, "feed.xml", {"notes": tuple(map(renderer.view, feed_notes))})
                yield made(feed_path, key, renderer.render_template(
                    feed, excerpts={n.source: excerpts[n.source] for n in feed_notes},
                    bodies={n.source: body_of(n) for n in feed_notes}))
        for index, data in _in_workers(lambda item: renderer.render_template(item[0]), listings, self.jobs,
                                       LISTINGS_PARALLEL_THRESHOLD):
            planned, key = listings[index]
            if planned.path not in shadowed:
                yield made(planned.path, key, data)

        # 4. Files about the whole site: they change only with what view_key covers.
        main = renderer.settings.language
        for name in ("sitemap.xml", "robots.txt", "favicon.svg"):
            key = _digest(view_key, name)
            if name in shadowed:
                continue
            if unchanged(name, key):
                yield made(name, key)
                continue
            extra = {}
            if name == "sitemap.xml":
                extra["urls"] = [{"loc": renderer.sites[o.lang].abs_url(o.url), "alternates": renderer.languages_of(o)[0],
                                  "lastmod": o.content_page.lastmod if o.content_page else
                                  (renderer.common(o.lang)["build_date"] if o.key == "home" else None)}
                                 for o in outputs if o.key != "404"]
            yield made(name, key, renderer.render_template(_Output(main, name, name, name, {}), **extra))
        # 5. Share cards, drawn only when what one shows has changed (cards.py).
        to_draw = []
        for card in share.cards:
            if card.path in shadowed:
                continue
            if unchanged(card.path, card.key):
                yield made(card.path, card.key)
            else:
                to_draw.append(card)
        for index, data in cards.draw_cards(to_draw, share.layout, self.jobs):
            yield made(to_draw[index].path, to_draw[index].key, data)

        if ".nojekyll" not in shadowed:
            yield made(".nojekyll", "empty", None if unchanged(".nojekyll", "empty") else b"")

        # 5. The CV as a PDF per language (cv.py), made only when what it is made from changed.
        compiled = dict(zip((cv.path for cv in to_compile), compiling.result())) if compiling else {}
        for cv in cvs:
            if cv.path in compiled:
                data, warnings = compiled[cv.path]
                cv.warnings.extend(warnings)
            else:
                data = None if unchanged(cv.path, cv.key) else cv.make()
            yield made(cv.path, cv.key, data)
            self.warnings.extend(cv.warnings)

        self.pages = sum(1 for o in outputs if o.path not in shadowed)
        order = {o.path: i for i, o in enumerate(outputs)}
        for path in sorted(page_warnings, key=order.__getitem__):
            self.warnings.extend(page_warnings[path])


def _refuse_folder_clashes(assets: dict[str, Path], pages: set[str]) -> None:
    """A static file whose name is a folder the site needs (static/stand beside the page
    stand/), or one inside a name the site writes as a file, cannot be written: say which."""
    folders: dict[str, str] = {}
    for path in (*pages, *assets):
        head = path.rpartition("/")[0]
        while head and head not in folders:
            folders[head] = path
            head = head.rpartition("/")[0]
    problems = []
    for path in assets:
        if path in folders:
            problems.append(Problem(f"{STATIC_DIR}/{path}", None, None,
                                    _("this file has the name of a folder of the site (it holds /{folders}); "
                                    "rename the file or move it into a folder").format(folders=folders[path])))
    for path in pages:
        if path in folders and folders[path] in assets:
            problems.append(Problem(f"{STATIC_DIR}/{folders[path]}", None, None,
                                    _("this file would be inside /{path}, which the site writes as a file; "
                                    "move it").format(path=path)))
    if problems:
        raise UserError(problems)


def render_site(profiles: dict[str, Profile], theme: Theme, source: Path, **options) -> SiteRender:
    """The site's files, to iterate once (see SiteRender)."""
    return SiteRender(profiles, theme, source, **options)


def render_in_memory(profiles: dict[str, Profile], theme: Theme, source: Path, *, jobs: int | None = None
                     ) -> tuple[dict[str, bytes], list[Problem]]:
    """Every file the site would have, as bytes, and the warnings: a build with no output folder."""
    site = render_site(profiles, theme, source, jobs=jobs)
    files = {f.path: f.data if f.data is not None else Path(f.source).read_bytes() for f in site}
    return files, site.warnings
