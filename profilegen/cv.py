"""The CV as a PDF (cv.pdf, and <language>/cv.pdf): the same profile, typeset by Typst.

The theme's cv.typ (overridable like every template) gets the profile as JSON: plain texts as
strings, and the layers' Markdown already converted to Typst markup by cvmarkup.py, which
escapes everything the user wrote. Typst comes from the `typst` wheel (no browser, no system
library), imported only when a CV is compiled; the fonts are those shipped in
profilegen/fonts/ and Typst's own, never the computer's, and the PDF's date is the date of
the profile's newest page, so the same profile gives the same bytes anywhere.

Each CV is keyed on everything it is made from (the texts and settings, the theme's words,
the template and every .typ file beside it, the images it shows, the fonts, the version of
profilegen and of Typst), without converting or compiling anything: an unchanged CV is not
made again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from profilegen import __version__
from profilegen.cvtypst import FONTS_DIR, compile_cv
from profilegen.errors import Problem, UserError
from profilegen.markdown import LinkContext, resolve_link
from profilegen.model import Page, Profile, is_empty
from profilegen.theme import Theme, bundled_themes_dir
from profilegen.messages import _

CV_FILE = "cv.pdf"
TEMPLATE = "cv.typ"
MARK = b"made with profilegen"  # in the PDF's keywords: `profilegen cv` may replace such a file
# What Typst can show as an image (by file name; Typst reads the format from the bytes).
# The portrait is 27 mm wide on the page: 480 px is 450 dpi, sharp in print.
CV_PHOTO_WIDTH = 480
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
PAPER = {"a4": "a4", "letter": "us-letter"}


class PlannedCv:
    """One language's CV: where it goes, its key, and how to make it (only when needed).

    Never compiled beside the pages in a thread of its own: the build forks worker processes
    (cards, photos, pages) at moments a thread could hold a lock, and a child forked then waits
    for that lock for ever. A build compiles it in a child forked for it alone, before the pages;
    the preview and a build with one process, last, in their own process (render.SiteRender)."""

    def __init__(self, path: str, key: str, make: Callable[[list[Problem]], bytes]) -> None:
        self.path, self.key, self._make = path, key, make
        self.warnings: list[Problem] = []  # (filled by make)

    def make(self) -> bytes:
        return self._make(self.warnings)


def plan_cvs(profiles: dict[str, Profile], theme: Theme, source: Path, assets: dict[str, Path],
             page_urls: dict[str, str]) -> list[PlannedCv]:
    """The CV of every language, when `cv.enabled`; nothing is converted or compiled here."""
    main = next(iter(profiles.values()))
    if not main.settings.cv.enabled:
        return []
    template = find_template(theme)
    template_key = _typ_files_digest(theme)
    planned = []
    for profile in profiles.values():
        job = _CvJob(profile, theme, source, assets, page_urls, template)
        planned.append(PlannedCv(profile.home_url + CV_FILE, job.key(template_key), job.pdf))
    return planned


def made_by_profilegen(path: Path) -> bool:
    """Whether a file is a CV that profilegen made (the bundled template marks it in its keywords)."""
    try:
        with open(path, "rb") as file:
            data = file.read(4 << 20)
    except OSError:
        return False
    return data.startswith(b"%PDF") and MARK in data


def cv_pdf(loaded, language: str | None) -> bytes:
    """The PDF of one language (`profilegen cv`), from a loaded profile."""
    from profilegen.render import static_files

    profile = loaded.profile_for(language)
    page_urls = {p.source: p.url for each in loaded.profiles.values() for p in each.all_pages}
    job = _CvJob(profile, loaded.theme, loaded.source, static_files(loaded.source, loaded.theme), page_urls,
                 find_template(loaded.theme))
    return job.pdf()


@dataclass(frozen=True)
class Template:
    path: Path
    users: bool  # under the profile folder (the user's), or bundled with profilegen

    def shown_in(self, source: Path) -> str:
        """Its name as the user knows it: 'templates/cv.typ', '(bundled) themes/default/…'."""
        if self.users:
            return self.path.resolve().relative_to(source.resolve()).as_posix()
        return "(bundled) themes/" + self.path.resolve().relative_to(bundled_themes_dir().resolve()).as_posix()


def find_template(theme: Theme) -> Template:
    """The first cv.typ of the theme's lookup (the site's templates/, its theme, the bundled one)."""
    bundled = bundled_themes_dir().resolve()
    for folder in theme.template_dirs:
        path = folder / TEMPLATE
        if path.is_file():
            return Template(path, not path.resolve().is_relative_to(bundled))
    raise RuntimeError(f"no {TEMPLATE} in the bundled theme")  # profilegen is installed incompletely


def _typ_files_digest(theme: Theme) -> str:
    """Every .typ file of the theme's template folders (a template may import the others)."""
    digest = hashlib.sha256()
    for folder in theme.template_dirs:
        for path in sorted(folder.rglob("*.typ")):
            digest.update(f"{path}\0".encode("utf-8", "surrogateescape") + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _engine_key() -> str:
    """Typst's version and the fonts, without importing Typst (a build that reuses its CV never does)."""
    import importlib.util

    spec = importlib.util.find_spec("typst")
    found = []
    if spec is not None and spec.origin:
        package = Path(spec.origin).parent
        found = sorted(p.name for p in package.parent.glob("typst-*.dist-info"))
        found += [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(package.glob("_typst*"))]
    fonts = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(FONTS_DIR.iterdir())]
    return repr((found, fonts))


class _CvJob:
    """What one language's CV is made from, and the making."""

    def __init__(self, profile: Profile, theme: Theme, source: Path, assets: dict[str, Path],
                 page_urls: dict[str, str], template: Template) -> None:
        self.profile = profile
        self.settings = profile.settings
        self.theme = theme
        self.source = source
        self.assets = assets
        self.page_urls = page_urls
        self.template = template
        self.messages = theme.messages(profile.language)
        cv = self.settings.cv
        self.sections = [(page, name in cv.full) for name in cv.layers
                         if not is_empty(page := profile.layer(name))]
        self.bodies = {page.source: page.body for page, _ in self.sections}  # (read from their files once)

    # --- The key ----------------------------------------------------------------------------

    def key(self, template_key: str) -> str:
        bodies = [(page.source, page.digest or self.bodies[page.source], page.summary, full)
                  for page, full in self.sections]
        # A link to another content file resolves to its URL; a picture to its file's bytes.
        links = sorted(self.page_urls.items()) if any(".md" in body for body in self.bodies.values()) else ()
        images = sorted(self._image_stamp(name) for name in self._image_names())
        return hashlib.sha256(repr((__version__, _engine_key(), template_key, str(self.template.path),
                                    self.settings, self.messages, bodies, links, images, self._date(),
                                    str(self.source.resolve()))).encode("utf-8", "surrogatepass")).hexdigest()

    def _image_names(self) -> list[str]:
        names = [self.settings.author.image] if self.settings.author.image and self.settings.cv.photo else []
        if any("![" in body for body in self.bodies.values()):  # (any picture could be shown)
            names += [name for name in self.assets if posixpath.splitext(name)[1].lower() in IMAGE_SUFFIXES]
        return names

    def _image_stamp(self, name: str) -> tuple:
        path = self.assets.get(name.lstrip("/"))
        if path is None:
            return (name,)
        stat = path.stat()
        return (name, str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def _date(self) -> dt.date | None:
        """The PDF's date: of the newest page of this language (never the clock: same bytes)."""
        return max((p.lastmod for p in self.profile.all_pages if p.lastmod), default=None)

    # --- The data the template gets ---------------------------------------------------------

    def data(self) -> dict:
        from profilegen.cvmarkup import escape_text, markdown_to_typst

        settings, author = self.settings, self.settings.author
        words = self.messages

        def t(key: str, **values) -> str:
            node = words
            for part in key.split("."):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            return str(node).format(**values) if node != {} else key

        sections = []
        for page, full in self.sections:
            links, images = self._resolvers(page)
            if full or not page.summary:
                body = markdown_to_typst(self.bodies[page.source], links=links, images=images, first_paragraph=not full,
                                         html_as_text=not settings.markdown.html)
            else:
                body = escape_text(page.summary)
            sections.append({"layer": page.layer, "title": t(f"layers.{page.layer}"), "full": full, "body": body})
        home = settings.site_url + self.profile.home_url
        date = self._date()
        language, _, region = self.profile.language.partition("-")
        return {
            "lang": language, "region": region or None, "paper": PAPER[settings.cv.paper],
            "title": t("cv.title", name=author.name), "description": self.profile.description,
            "date": [date.year, date.month, date.day] if date else None,
            "name": author.name, "role": author.role, "organisation": author.organisation,
            "location": author.location, "email": author.email,
            "website": home, "website_label": _without_scheme(home),
            "links": [{"label": t(f"links.{name}") if f"links.{name}" != t(f"links.{name}") else name.capitalize(),
                       "url": url} for name, url in author.links.items()],
            "photo": self._photo(), "photo_data": self._photo_data(), "photo_alt": t("portrait_alt", name=author.name),
            "topics": list(self.profile.topics), "sections": sections,
            "words": {"topics": t("topics"), "more": t("cv.more", url="{url}"),
                      "page": t("pagination.page", number="{number}", count="{count}")},
        }

    def _photo(self) -> str | None:
        image = self.settings.author.image
        return self._typst_path(image) if image and self.settings.cv.photo else None

    def _photo_data(self) -> list[int] | None:
        """A photo as portrait (JPEG, PNG, WebP) as the CV shows it: at most CV_PHOTO_WIDTH
        wide, upright, without metadata, as the numbers Typst makes bytes of. Embedded as it
        is, a phone's photo would make the PDF 4 MB and carry where it was taken."""
        from profilegen.images import make_version, responsive

        if self._photo() is None:
            return None
        name = self.settings.author.image.lstrip("/")
        made = responsive(name, self.assets[name], (CV_PHOTO_WIDTH,))
        if made is None:
            return None  # (an SVG: as it is)
        from PIL import Image

        try:
            return list(make_version(made.fallback[0]))
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
            return None  # (Typst reads the file itself, and says what it cannot read)

    def _typst_path(self, name: str) -> str | None:
        """A static file as Typst reads it: from the profile folder (Typst's root), or None."""
        path = self.assets.get(name.lstrip("/"))
        if path is None or posixpath.splitext(name)[1].lower() not in IMAGE_SUFFIXES:
            return None
        try:
            return "/" + path.resolve().relative_to(self.source.resolve()).as_posix()
        except ValueError:
            return None  # a theme's own picture, outside the profile folder

    def _resolvers(self, page: Page):
        settings = self.settings
        context = LinkContext(page.source, settings.base_path, urlsplit(settings.site_url).hostname or "",
                              self.page_urls, frozenset(self.assets))

        def absolute(href: str) -> str | None:
            url, _ = resolve_link(href, context)
            if url.startswith(settings.base_path) and not url.startswith("//"):
                return settings.site_url + url[len(settings.base_path):]
            if url.startswith("//"):
                return "https:" + url
            return url if url.lower().startswith(("http://", "https://", "mailto:")) else None

        def image(src: str) -> str | None:
            url, ok = resolve_link(src, context)
            if not ok or not url.startswith(settings.base_path):
                return None
            return self._typst_path(url[len(settings.base_path):])
        return absolute, image

    # --- Compiling ----------------------------------------------------------------------------

    def pdf(self, warnings: list[Problem] | None = None) -> bytes:
        try:
            return self._pdf(self.data())
        except UserError as error:
            # A portrait Typst cannot decode (the site and the cards show it, or go without it):
            # the CV goes without it, with a warning, rather than stopping the build.
            data = self.data()
            if not data["photo"] or not all(p.file.startswith(STATIC_PREFIX) for p in error.problems):
                raise
            pdf = self._pdf({**data, "photo": None})
            if warnings is not None:
                warnings.extend(Problem(p.file, None, None, _("{message}; the CV ({home_url}cv.pdf) "
                                        "is made without the portrait").format(message=p.message, home_url=self.profile.home_url), "warning") for p in error.problems)
            return pdf

    def _pdf(self, fields: dict) -> bytes:
        data = json.dumps(fields, ensure_ascii=False)
        template = self.template
        date = self._date() or dt.date(2000, 1, 1)
        stamp = int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).timestamp())
        # The user's template is compiled from its file (so its own imports resolve beside it);
        # the bundled one, outside the profile folder, from its text.
        main = str(template.path.resolve()) if template.users else template.path.read_text("utf-8")
        job = {"main": main, "from_file": template.users, "root": str(self.source.resolve()), "data": data,
               "stamp": stamp}
        pdf, failure = compile_cv(job)
        if failure is not None:
            raise self._failure(failure)
        return pdf

    def _failure(self, exc) -> Exception:
        """A Typst error as the user's located problem (their template, a file of theirs, a
        picture Typst cannot read), or, in the bundled template, a bug (raised as one)."""
        report = exc.diagnostic or exc.message
        problems = []
        for message, file, line, column in _DIAGNOSTIC.findall(report):
            if file.rsplit("/", 1)[-1] == _BYTES_NAME:  # (only the bundled template is compiled from its text)
                pictures = [f"static/{name.lstrip('/')}" for name in self._image_names() if self._typst_path(name)]
                if _BAD_PICTURE.search(message) and pictures:
                    problems.append(Problem(pictures[0] if len(pictures) == 1 else ", ".join(pictures), None, None,
                                            _("Typst cannot read {value} "
                                            "for the CV: {message}").format(value='this picture' if len(pictures) == 1 else 'one of these pictures', message=message)))
                continue
            # (Typst names a file from the working folder, and counts columns from 0)
            where = (Path.cwd() / file).resolve()
            shown = where.relative_to(self.source.resolve()).as_posix() if where.is_relative_to(
                self.source.resolve()) else file
            problems.append(Problem(shown, int(line), int(column) + 1, _("Typst error: {message}").format(message=message)))
        if problems:
            return UserError(problems)
        if self.template.users:
            return UserError(Problem(self.template.shown_in(self.source), None, None, _("Typst error: {exc}").format(exc=exc)))
        return RuntimeError(f"the bundled {TEMPLATE} failed: {report}")


_BYTES_NAME = "__typst_py_bytes__.typ"
STATIC_PREFIX = "static/"  # (where the pictures a CV shows are: see _failure)
# "error: unknown variable: foo\n  ┌─ templates/cv.typ:3:1": each error in Typst's report, with
# its file (relative to the profile folder, Typst's root) and place.
_DIAGNOSTIC = re.compile(r"^error: (.+)\n\s*┌─ (.+?):(\d+):(\d+)", re.M)
_BAD_PICTURE = re.compile(r"failed to (?:decode|parse|load) (?:image|SVG)", re.I)


def _without_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")
