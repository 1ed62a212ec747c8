"""Render the Profile into the files of the site, in memory: {output path: bytes}.

Pure apart from reading templates: the writer is the only stage that touches the output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from profilegen import __version__
from profilegen.errors import Problem, UserError
from profilegen.markdown import LinkContext, MarkdownRenderer
from profilegen.model import Page, Profile
from profilegen.theme import CACHE_DIR, Theme, bundled_themes_dir, make_environment

FEED_SIZE = 20
HOME_NOTES = 5
STATIC_DIR = "static"


@dataclass
class SiteOutput:
    """What a build writes: generated files, files copied as they are, and the warnings."""

    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def static_files(source: Path, theme: Theme) -> dict[str, Path]:
    """Output path -> file, from the theme's static folders and then the site's static/ (wins)."""
    found: dict[str, Path] = {}
    for root in (*theme.static_dirs, source / STATIC_DIR):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not any(p.startswith(".") and p not in (".well-known", ".nojekyll")
                                          for p in path.relative_to(root).parts):
                found[path.relative_to(root).as_posix()] = path
    return found


class _Site:
    """Per-build helpers that templates call: URLs, words, dates."""

    def __init__(self, profile: Profile, messages: dict, assets: dict[str, Path]) -> None:
        self.profile = profile
        self.settings = profile.settings
        self.messages = messages
        self._asset_versions: dict[str, str] = {}
        self._assets = assets

    def url(self, path: str = "") -> str:
        """Site-root-relative path -> URL with the base path ('notes/' -> '/repo/notes/')."""
        return self.settings.base_path + path.lstrip("/")

    def abs_url(self, path: str = "") -> str:
        return self.settings.site_url + path.lstrip("/")

    def asset(self, path: str) -> str:
        """A theme or static file's URL with a content hash, so browsers never keep a stale CSS."""
        path = path.lstrip("/")
        if path not in self._asset_versions:
            file = self._assets.get(path)
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file else ""
            self._asset_versions[path] = digest
        version = self._asset_versions[path]
        return self.url(path) + (f"?v={version}" if version else "")

    def t(self, key: str, **values) -> str:
        """The theme's word for ``key`` ('layers.vision') in the site's language."""
        node = self.messages
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return key
            node = node[part]
        text = str(node)
        return text.format(**values) if values else text

    def format_date(self, value: dt.date | None) -> str:
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


def person_jsonld(profile: Profile, site: _Site) -> dict:
    """schema.org Person: what search engines show for the name. Locality only, never a street."""
    author = profile.author
    person: dict = {"@context": "https://schema.org", "@type": "Person", "name": author.name,
                    "url": site.abs_url()}
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


def render_site(profile: Profile, theme: Theme, source: Path) -> SiteOutput:
    """Every page, feed and file of the site, rendered in memory."""
    import jinja2

    settings = profile.settings
    output = SiteOutput()
    assets = static_files(source, theme)
    messages = theme.messages(settings.language)
    site = _Site(profile, messages, assets)
    env = make_environment(theme, source / CACHE_DIR)
    markdown = MarkdownRenderer(allow_html=settings.markdown.html)
    page_urls = {page.source: page.url for page in profile.all_pages}
    site_files = frozenset(assets)
    host = urlsplit(settings.site_url).hostname or ""

    def to_html(page: Page, *, id_prefix: str = "", heading_shift: int = 0, report: bool = True) -> str:
        context = LinkContext(page.source, settings.base_path, host, page_urls, site_files,
                              id_prefix, heading_shift)
        rendered, links = markdown.render(page.body, context)
        if report:
            for line, href in links.broken:
                output.warnings.append(Problem(page.source, page.body_line + (line or 1) - 1, None,
                                               f"broken link '{href}': no such page or file", "warning"))
        return rendered

    bodies = {page.source: to_html(page) for page in profile.all_pages}
    home_layers = [(page, to_html(page, id_prefix=f"{page.layer}-", heading_shift=1, report=False))
                   for page in profile.layers]
    excerpts = {page.source: page.summary or _excerpt(bodies[page.source]) for page in profile.notes}

    common = {"site": site, "settings": settings, "profile": profile, "author": profile.author,
              "lang": settings.language, "t": site.t, "url": site.url, "abs_url": site.abs_url,
              "asset": site.asset, "format_date": site.format_date, "excerpts": excerpts,
              "person": person_jsonld(profile, site), "version": __version__,
              "build_date": max((p.lastmod for p in profile.notes if p.lastmod), default=None)}

    def render(template: str, out_path: str, **context) -> None:
        try:
            text = env.get_template(template).render(**common, **context)
        except jinja2.TemplateError as exc:
            raise UserError(_template_problem(exc, source)) from None
        except Exception as exc:  # an error inside a user's template expression
            if isinstance(exc, UserError):
                raise
            raise UserError(_template_problem(exc, source)) from None
        output.files[out_path] = text.encode("utf-8")

    def page_context(page: Page | None, url: str, title: str, description: str, og_type: str = "website"):
        return {"page": page, "page_url": url, "canonical": site.abs_url(url), "title": title,
                "description": description, "og_type": og_type}

    render("home.html", "index.html", layers=home_layers, notes=profile.notes[:HOME_NOTES],
           **page_context(None, "", settings.title, profile.description, "profile"))
    for index, page in enumerate(profile.layers):
        neighbours = {"previous": profile.layers[index - 1] if index else None,
                      "next": profile.layers[index + 1] if index + 1 < len(profile.layers) else None}
        render("layer.html", page.output_path, content=bodies[page.source], **neighbours,
               **page_context(page, page.url, page.title, page.summary or profile.description))
    for page in profile.pages:
        render("page.html", page.output_path, content=bodies[page.source],
               **page_context(page, page.url, page.title, page.summary or profile.description))
    for index, page in enumerate(profile.notes):
        neighbours = {"newer": profile.notes[index - 1] if index else None,
                      "older": profile.notes[index + 1] if index + 1 < len(profile.notes) else None}
        render("note.html", page.output_path, content=bodies[page.source], **neighbours,
               **page_context(page, page.url, page.title, excerpts[page.source], "article"))
    render("notes.html", "notes/index.html", notes=profile.notes,
           **page_context(None, "notes/", site.t("notes.title"), site.t("notes.description",
                                                                         name=profile.author.name)))
    render("404.html", "404.html", **page_context(None, "404.html", site.t("not_found.title"),
                                                   profile.description))
    render("feed.xml", "feed.xml", notes=profile.notes[:FEED_SIZE], bodies=bodies)
    render("sitemap.xml", "sitemap.xml", pages=profile.all_pages)
    render("robots.txt", "robots.txt")
    if "favicon.svg" not in assets:
        render("favicon.svg", "favicon.svg")
    output.files[".nojekyll"] = b""

    for out_path, file in assets.items():
        if out_path in output.files and out_path.endswith(".html"):
            output.warnings.append(Problem(f"{STATIC_DIR}/{out_path}", None, None,
                                           "this file replaces a page that profilegen writes", "warning"))
        output.files.pop(out_path, None)
        output.copies[out_path] = file
    return output
