"""Render the profiles (one per language) into the files of the site, in memory.

Pure apart from reading templates: the writer is the only stage that touches the output.
The work is planned first (every output with its template, context and translation key),
so that alternates between languages are known before anything renders, and so that the
pages made from content files can be rendered in worker processes: the expensive part of a
big build, and the same bytes whichever process renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from profilegen import __version__
from profilegen.content import slugify
from profilegen.errors import Problem, UserError
from profilegen.markdown import LinkContext, MarkdownRenderer
from profilegen.model import Page, Profile
from profilegen.theme import CACHE_DIR, Theme, bundled_themes_dir, make_environment

HOME_NOTES = 5
STATIC_DIR = "static"
# Below this many content pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
LISTINGS_PARALLEL_THRESHOLD = 100  # (a listing shows 20 notes: several times a note page's work)


@dataclass
class SiteOutput:
    """What a build writes: generated files, files copied as they are, and the warnings."""

    files: dict[str, bytes] = field(default_factory=dict)    # rendered this time, kept in memory
    written: set[str] = field(default_factory=set)           # rendered this time (in files or staged)
    copies: dict[str, Path] = field(default_factory=dict)    # copied as they are (static/)
    warnings: list[Problem] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)              # unchanged: already in the output folder
    keys: dict[str, str] = field(default_factory=dict)       # output path -> digest of its inputs
    page_warnings: dict[str, list[Problem]] = field(default_factory=dict)
    excerpts: dict[str, str] = field(default_factory=dict)
    feed_bodies: dict[str, str] = field(default_factory=dict)  # input key -> body, for the next feed
    staging: object = None                 # write.Staging: rendered files go there, not to ``files``
    shadowed: frozenset[str] = frozenset()  # replaced by a static file: not written

    def put(self, rel: str, data: bytes) -> bytes | None:
        """Hand over a rendered file. Returns the bytes when they must travel back to the
        parent process (no staging: the site is kept in memory), else None."""
        if rel in self.shadowed:
            return None
        if self.staging is None:
            self.files[rel] = data
            return data
        self.staging.put(rel, data)
        return None

    def emit(self, rel: str, data: bytes) -> None:
        """put(), in the parent process: also records the file as written."""
        self.put(rel, data)
        if rel not in self.shadowed:
            self.written.add(rel)

    def memory(self) -> "RenderMemory":
        return RenderMemory(dict(self.excerpts), dict(self.page_warnings), dict(self.feed_bodies))


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
        months = self.messages.get("months") or []
        month = months[value.month - 1] if len(months) == 12 else f"{value.month:02d}"
        pattern = self.messages.get("date_format", "{year}-{month}-{day}")
        return pattern.format(day=value.day, month=month, year=value.year)


def _excerpt(rendered: str, limit: int = 220) -> str:
    match = re.search(r"<p>(.*?)</p>", rendered, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(",;:") + "…"


def reading_minutes(page: Page, words_per_minute: int) -> int:
    return max(1, math.ceil((page.words or len(page.body.split())) / words_per_minute))


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


def _template_problem(exc: Exception, source: Path) -> Problem:
    """A template error as a located problem in the template file (never a traceback)."""
    import traceback

    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(_shown(exc.filename or exc.name or "template", source), exc.lineno, None,
                       f"template error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem("templates", None, None, f"template not found: {exc.name}")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2", ".svg")):
            return Problem(_shown(frame.filename, source), frame.lineno, None, f"template error: {exc}")
    return Problem("templates", None, None, f"template error: {exc}")


def _shown(filename: str, source: Path) -> str:
    """A template's path as the user knows it: relative to the site, or inside the bundled theme."""
    path = Path(filename).resolve()
    for root, prefix in ((source.resolve(), ""), (bundled_themes_dir(), "(bundled) themes/")):
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return filename


def topic_path(profile: Profile, index: int) -> str:
    """The site path of a topic's page: '/topics/energietransitie/' (under the language's home)."""
    return f"{profile.home_url}topics/{slugify(profile.topics[index]) or index}/"


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
        self.host = urlsplit(self.settings.site_url).hostname or ""
        self.sites = {code: _Site(profile, theme.messages(code), versions) for code, profile in profiles.items()}
        self.translations: dict[str, dict[str, str]] = {}  # key -> {lang: url}
        self._common: dict[str, dict] = {}

    def site_key(self) -> str:
        """A digest of everything every page may show: settings, theme files, URLs and titles.

        Page bodies are not in it: a body edit re-renders that page and the lists and feed
        whose excerpts or content it changes, nothing else.
        """
        theme_files = []
        for folder in (*self.theme.template_dirs, self.theme.bundled_dir / "templates",
                       *(d.parent / "i18n" for d in self.theme.template_dirs)):
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    st = path.stat()
                    theme_files.append((str(path), st.st_mtime_ns, st.st_size))
        pages = [[(p.kind, p.url, p.title, p.key, p.lang, p.layer, p.date, p.updated, p.tags, p.summary,
                   p.order, p.draft) for p in profile.all_pages] for profile in self.profiles.values()]
        return _digest(__version__, [p.settings for p in self.profiles.values()], theme_files,
                       sorted(self.sites[self.settings.language]._asset_versions.items()),
                       sorted(self.site_files), sorted(self.page_urls.items()), pages,
                       sorted(self.translations.items()))

    # --- Markdown ---------------------------------------------------------------------------

    def body(self, page: Page, *, id_prefix: str = "", heading_shift: int = 0) -> tuple[str, list[Problem]]:
        context = LinkContext(page.source, self.settings.base_path, self.host, self.page_urls,
                              self.site_files, id_prefix, heading_shift)
        rendered, links = self.markdown.render(page.body, context)
        warnings = [Problem(page.source, page.body_line + (line or 1) - 1, None,
                            f"broken link '{href}': no such page or file", "warning")
                    for line, href in links.broken]
        return rendered, warnings

    # --- Templates --------------------------------------------------------------------------

    def common(self, lang: str) -> dict:
        """The template context every page of a language shares (made once per language)."""
        if lang not in self._common:
            self._common[lang] = self._make_common(lang)
        return self._common[lang]

    def _make_common(self, lang: str) -> dict:
        profile, site = self.profiles[lang], self.sites[lang]
        return {"site": site, "settings": profile.settings, "profile": profile, "author": profile.author,
                "lang": lang, "t": site.t, "url": site.url, "abs_url": site.abs_url, "asset": site.asset,
                "format_date": site.format_date, "home": profile.home_url, "version": __version__,
                "person": person_jsonld(profile, site),
                "build_date": max((p.lastmod for p in profile.notes if p.lastmod), default=None),
                "feed_url": site.abs_url(profile.home_url + "feed.xml"),
                "topic_urls": {topic: site.url(topic_path(profile, index)) for index, topic in enumerate(profile.topics)},
                "reading_minutes": self._minutes_of(profile)}

    @staticmethod
    def _minutes_of(profile: Profile):
        """Reading time of a note (its words were counted when its file was parsed)."""
        speed = profile.settings.notes.words_per_minute

        def minutes(page: Page) -> int:
            return reading_minutes(page, speed)
        return minutes

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

    def render_template(self, output: _Output, common: dict, **extra) -> bytes:
        import jinja2

        alternates, switcher = self.languages_of(output)
        site = self.sites[output.lang]
        context = {**common, "page_url": output.url, "canonical": site.abs_url(output.url),
                   "alternates": alternates, "language_links": switcher, **output.context, **extra}
        try:
            return self.env.get_template(output.template).render(context).encode("utf-8")
        except UserError:
            raise
        except jinja2.TemplateError as exc:
            raise UserError(_template_problem(exc, self.source)) from None
        except Exception as exc:  # an error inside a template expression of the user's
            raise UserError(_template_problem(exc, self.source)) from None


def _plan(renderer: _Renderer) -> list[_Output]:
    """Every HTML page of every language, before anything renders."""
    outputs: list[_Output] = []
    for lang, profile in renderer.profiles.items():
        site = renderer.sites[lang]
        settings = profile.settings
        home = profile.home_url

        def add(key: str, url: str, template: str, title: str, description: str, og_type: str = "website",
                page: Page | None = None, **context) -> None:
            outputs.append(_Output(lang, key, url, template,
                                   {"page": page, "title": title, "description": description,
                                    "og_type": og_type, **context}, page))

        add("home", home, "home.html", settings.title, profile.description, "profile")
        for index, page in enumerate(profile.layers):
            add(page.key, page.url, "layer.html", page.title, page.summary or profile.description, page=page,
                previous=profile.layers[index - 1] if index else None,
                next=profile.layers[index + 1] if index + 1 < len(profile.layers) else None)
        for page in profile.pages:
            add(page.key, page.url, "page.html", page.title, page.summary or profile.description, page=page)
        for index, page in enumerate(profile.notes):
            add(page.key, page.url, "note.html", page.title, page.summary or "", "article", page=page,
                newer=profile.notes[index - 1] if index else None,
                older=profile.notes[index + 1] if index + 1 < len(profile.notes) else None)

        per_page = settings.notes.per_page
        notes_title = site.t("notes.title")
        notes_description = site.t("notes.description", name=profile.author.name)
        chunks = paginate(profile.notes, per_page)
        for number, chunk in enumerate(chunks, 1):
            add(f"notes:{number}", page_url(home + "notes/", number), "notes.html",
                notes_title if number == 1 else f"{notes_title} ({number})", notes_description,
                notes=chunk, pagination=_pagination(site, home + "notes/", number, len(chunks)))
        topic_entries = []
        for index, topic in enumerate(profile.topics):
            tagged = tuple(n for n in profile.notes if topic in n.tags)
            base = topic_path(profile, index)
            topic_entries.append({"name": topic, "url": base, "count": len(tagged)})
            chunks = paginate(tagged, per_page)
            for number, chunk in enumerate(chunks, 1):
                add(f"topic:{index}:{number}", page_url(base, number), "topic.html", topic,
                    site.t("topic.description", topic=topic, name=profile.author.name),
                    notes=chunk, topic=topic, pagination=_pagination(site, base, number, len(chunks)))
        if profile.topics:
            add("topics", home + "topics/", "topics.html", site.t("topic.all"),
                site.t("topic.all_description", name=profile.author.name), topics=topic_entries)
    main = renderer.profiles[renderer.settings.language]
    outputs.append(_Output(renderer.settings.language, "404", "404.html", "404.html",
                           {"page": None, "title": renderer.sites[main.settings.language].t("not_found.title"),
                            "description": main.description, "og_type": "website"}))
    return outputs


def _pagination(site: _Site, base: str, number: int, count: int) -> dict | None:
    if count <= 1:
        return None
    return {"number": number, "count": count,
            "previous": site.url(page_url(base, number - 1)) if number > 1 else None,
            "next": site.url(page_url(base, number + 1)) if number < count else None}


# Set in the parent before worker processes fork; they read it, never write it.
_WORKER: _Renderer | None = None
_WORKER_OUTPUTS: list[_Output] = []
_WORKER_SITE: SiteOutput | None = None
_WORKER_BODIES: frozenset[str] = frozenset()  # sources whose rendered body the parent needs (feed)


def _render_content_page(index: int) -> tuple[str, bytes | None, str | None, str, list[Problem]]:
    """Render one content page (Markdown + template) and hand it to the site's staging.

    Returns (output path, the bytes when they must travel back, the body when the parent
    needs it, excerpt, warnings): a worker sends back little more than the excerpt.
    """
    renderer, output, site = _WORKER, _WORKER_OUTPUTS[index], _WORKER_SITE
    assert renderer is not None and output.content_page is not None and site is not None
    page = output.content_page
    body, warnings = renderer.body(page)
    data = site.put(page.output_path, renderer.render_template(output, renderer.common(output.lang), content=body))
    return (page.output_path, data, body if page.source in _WORKER_BODIES else None,
            page.summary or _excerpt(body), warnings)


def _render_listing(index: int) -> tuple[str, bytes | None]:
    """Render one page that lists others (its context is complete) and hand it to the staging."""
    renderer, output, site = _WORKER, _WORKER_OUTPUTS[index], _WORKER_SITE
    assert renderer is not None and site is not None
    out_path = output.url if output.url.endswith(".html") else output.url + "index.html"
    return out_path, site.put(out_path, renderer.render_template(output, _WORKER_COMMON[output.lang]))


_WORKER_COMMON: dict[str, dict] = {}  # per language: the shared context with the excerpts


def _in_workers(function, renderer: _Renderer, outputs: list[_Output], jobs: int | None, site: SiteOutput,
                *, bodies: frozenset[str] = frozenset(), common: dict | None = None, threshold: int) -> list:
    """``[function(i) for i in range(len(outputs))]``, on all cores when it pays (parallel.py).

    Workers are forked, so they inherit the renderer and the outputs instead of receiving
    them pickled; they write what they render themselves and send back only small results.
    """
    from profilegen.parallel import fork_map, workers_for

    global _WORKER, _WORKER_OUTPUTS, _WORKER_SITE, _WORKER_BODIES, _WORKER_COMMON
    _WORKER, _WORKER_OUTPUTS, _WORKER_SITE = renderer, outputs, site
    _WORKER_BODIES, _WORKER_COMMON = bodies, common or {}
    try:
        return fork_map(function, len(outputs), workers_for(len(outputs), threshold, jobs))
    finally:
        _WORKER, _WORKER_OUTPUTS, _WORKER_SITE = None, [], None
        _WORKER_BODIES, _WORKER_COMMON = frozenset(), {}


def _page_key(site_key: str, page: Page) -> str:
    """What a content page's output depends on: its own text, and what the site key covers.

    Both parts are already digests, so joining them is enough: no repr and hash per page."""
    return site_key + page.digest if page.digest else _digest(site_key, page)


def _texts_digest(texts) -> str:
    """A digest of several texts (excerpts): joined and hashed, not repr'd (escaping 1,500 lists
    of 20 excerpts took 50 ms of every rebuild at 10,000 notes)."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def render_site(profiles: dict[str, Profile], theme: Theme, source: Path, *, jobs: int | None = None,
                previous: dict[str, str] | None = None, cached: "RenderMemory | None" = None,
                staging=None) -> SiteOutput:
    """Every page, feed and file of the site, rendered into ``staging`` or else in memory.

    ``jobs`` is the number of processes for content pages (default: one per core); the
    output is the same bytes whatever it is. With ``previous`` (output path -> input key of
    what is already in the output folder) and ``cached`` (excerpts and warnings of the last
    build), files whose inputs did not change are not rendered again: they are listed in
    ``SiteOutput.kept`` instead of ``files``. With ``staging`` (write.Staging), rendered files
    are written there as they are made, by the process that made them, instead of being kept
    in ``files``; ``written`` lists them either way.
    """
    previous = previous or {}
    cached = cached or RenderMemory()
    renderer = _Renderer(profiles, theme, source)
    output = SiteOutput(staging=staging, shadowed=frozenset(renderer.assets))
    outputs = _plan(renderer)
    for planned in outputs:
        renderer.translations.setdefault(planned.key, {})[planned.lang] = planned.url
    site_key = renderer.site_key()

    def unchanged(out_path: str, key: str) -> bool:
        output.keys[out_path] = key
        if previous.get(out_path) == key:
            output.kept.add(out_path)
            return True
        return False

    # 1. The pages made from content files: the bulk of the work, possibly in parallel.
    content = [o for o in outputs if o.content_page is not None]
    excerpts: dict[str, str] = {}
    bodies: dict[str, str] = {}
    todo = []
    for planned in content:
        page = planned.content_page
        # A page's own text is in its digest; its URL, title and neighbours are in site_key.
        if unchanged(page.output_path, _page_key(site_key, page)) and page.source in cached.excerpts:
            excerpts[page.source] = cached.excerpts[page.source]
            output.page_warnings[page.output_path] = cached.warnings.get(page.output_path, [])
        else:
            output.kept.discard(page.output_path)
            todo.append(planned)
    in_feeds = frozenset(n.source for profile in profiles.values()
                         for n in profile.notes[:profile.settings.notes.feed_size])
    for planned, (out_path, data, body, excerpt, warnings) in zip(
            todo, _in_workers(_render_content_page, renderer, todo, jobs, output, bodies=in_feeds,
                              threshold=PARALLEL_THRESHOLD)):
        if data is not None:
            output.files[out_path] = data
        if out_path not in output.shadowed:
            output.written.add(out_path)
        output.page_warnings[out_path] = warnings
        excerpts[planned.content_page.source] = excerpt
        if body is not None:
            bodies[planned.content_page.source] = body

    def body_of(page: Page) -> str:
        """A feed note's body: rendered in step 1, remembered from the last build, or rendered now."""
        key = _page_key(site_key, page)  # its text, and the URLs its links resolve to
        if page.source not in bodies:
            bodies[page.source] = cached.feed_bodies.get(key) or renderer.body(page)[0]
        output.feed_bodies[key] = bodies[page.source]
        return bodies[page.source]

    # 2. Pages that list others: they need the excerpts from step 1.
    commons = {lang: {**renderer.common(lang), "excerpts": excerpts} for lang in profiles}
    listings: list[_Output] = []
    for lang, profile in profiles.items():
        common = commons[lang]
        for planned in (o for o in outputs if o.lang == lang and o.content_page is None):
            out_path = planned.url if planned.url.endswith(".html") else planned.url + "index.html"
            listed = planned.context.get("notes", ())
            if planned.key == "home":
                listed = profile.notes[:HOME_NOTES]
            key = _digest(site_key, planned.key, planned.url, planned.template,
                          _texts_digest(excerpts.get(n.source) or "" for n in listed),
                          [p.digest or p for p in profile.layers] if planned.key == "home" else ())
            if unchanged(out_path, key):
                continue
            if planned.key == "home":
                layers = [(page, renderer.body(page, id_prefix=f"{page.layer}-", heading_shift=1)[0])
                          for page in profile.layers]
                planned = dataclasses.replace(planned, context={**planned.context, "layers": layers, "notes": listed})
            listings.append(planned)
        feed_notes = profile.notes[:profile.settings.notes.feed_size]
        feed = _Output(lang, "feed", profile.home_url + "feed.xml", "feed.xml", {"notes": feed_notes})
        if not unchanged(feed.url, _digest(site_key, "feed", lang, [n.digest or n for n in feed_notes],
                                           _texts_digest(excerpts[n.source] for n in feed_notes))):
            output.emit(feed.url, renderer.render_template(
                feed, common, bodies={p.source: body_of(p) for p in feed_notes}))

    for out_path, data in _in_workers(_render_listing, renderer, listings, jobs, output, common=commons,
                                      threshold=LISTINGS_PARALLEL_THRESHOLD):
        if data is not None:
            output.files[out_path] = data
        if out_path not in output.shadowed:
            output.written.add(out_path)

    # 3. Files about the whole site: they change only with what site_key covers.
    main = renderer.settings.language
    common = {**renderer.common(main), "excerpts": excerpts}
    if not unchanged("sitemap.xml", _digest(site_key, "sitemap")):
        sitemap = []
        for planned in outputs:
            if planned.key == "404":
                continue
            page = planned.content_page
            lastmod = page.lastmod if page else (common["build_date"] if planned.key == "home" else None)
            sitemap.append({"loc": renderer.sites[planned.lang].abs_url(planned.url), "lastmod": lastmod,
                            "alternates": renderer.languages_of(planned)[0]})
        output.emit("sitemap.xml", renderer.render_template(
            _Output(main, "sitemap", "sitemap.xml", "sitemap.xml", {}), common, urls=sitemap))
    if not unchanged("robots.txt", _digest(site_key, "robots")):
        output.emit("robots.txt", renderer.render_template(
            _Output(main, "robots", "robots.txt", "robots.txt", {}), common))
    if "favicon.svg" not in renderer.assets and not unchanged("favicon.svg", _digest(site_key, "favicon")):
        output.emit("favicon.svg", renderer.render_template(
            _Output(main, "favicon", "favicon.svg", "favicon.svg", {}), common))
    if not unchanged(".nojekyll", "empty"):
        output.emit(".nojekyll", b"")

    for out_path, file in renderer.assets.items():
        if out_path in output.keys and out_path.endswith(".html"):
            output.warnings.append(Problem(f"{STATIC_DIR}/{out_path}", None, None,
                                           "this file replaces a page that profilegen writes", "warning"))
        output.kept.discard(out_path)
        output.keys.pop(out_path, None)
        output.copies[out_path] = file
    for page_warnings in output.page_warnings.values():
        output.warnings.extend(page_warnings)
    output.excerpts = excerpts
    for profile in profiles.values():  # a feed that was kept keeps its bodies for the next build
        for note in profile.notes[:profile.settings.notes.feed_size]:
            key = _page_key(site_key, note)
            if key not in output.feed_bodies and key in cached.feed_bodies:
                output.feed_bodies[key] = cached.feed_bodies[key]
    return output


@dataclass
class RenderMemory:
    """What a build remembers of the pages it did not render this time."""

    excerpts: dict[str, str] = field(default_factory=dict)            # content source -> excerpt
    warnings: dict[str, list[Problem]] = field(default_factory=dict)  # output path -> its warnings
    feed_bodies: dict[str, str] = field(default_factory=dict)         # input key -> rendered body
