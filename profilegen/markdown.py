"""Markdown to HTML: CommonMark plus tables, strikethrough and heading ids.

Links are rewritten for the site here: a link to another content file (`vision.md`)
becomes that page's URL, a root-relative link gets the base path, an external link gets
rel="noopener". Raw HTML is escaped unless the site allows it.

Two engines, one output. Text without a "<" (no raw HTML, no autolink: nearly every note)
is rendered by cmark-gfm, GitHub's C implementation (cmark.py; ~10x faster than
markdown-it-py, the Python parser), and its HTML is finished here: links, heading ids,
and the few spellings in which the two differ (``<br />``, ``<del>``, table alignment).
Everything else goes through markdown-it-py with the same rules as core rules, because
only there can raw HTML be escaped instead of dropped. A test renders generated documents
with both and requires the same bytes.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# `<!-- profilegen: ignore privacy.email -->` talks to `check`; it never shows on a page, even
# with raw HTML off (where it would otherwise be escaped into visible text).
DIRECTIVE = re.compile(r"^[ \t]*<!--[ \t]*profilegen:[^\n]*?-->[ \t]*$", re.M)


@dataclass
class LinkReport:
    """What one render found: internal links that go nowhere, for the build and `check`."""

    broken: list[tuple[int | None, str]] = field(default_factory=list)  # (line in body, href)
    images_without_alt: list[tuple[int | None, str]] = field(default_factory=list)


@dataclass(frozen=True)
class LinkContext:
    """What the link rule needs to know about the page being rendered and the site."""

    source: str                     # "content/notes/x.md"
    base_path: str                  # "/repo/"
    site_host: str                  # "x.github.io"
    page_urls: dict[str, str]       # content path -> URL relative to the site root
    static_files: frozenset[str]    # files under static/, relative to it
    id_prefix: str = ""             # keeps heading ids unique when several bodies share a page
    heading_shift: int = 0          # 1 when the body sits under an <h2> of the page


@functools.cache
def shared_parser() -> MarkdownIt:
    """A plain CommonMark + tables parser for converters (LinkedIn text, check).

    Raw HTML is recognised as HTML here, so a converter can drop it instead of showing it.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def heading_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\- ]+", "", text)
    return re.sub(r"[\s]+", "-", text.strip()) or "section"


class MarkdownRenderer:
    """One configured renderer per site; render() is pure apart from its LinkReport."""

    def __init__(self, *, allow_html: bool, fast: bool = True) -> None:
        self.allow_html = allow_html
        from profilegen.cmark import renderer

        self._cmark = renderer() if fast else None

    @functools.cached_property
    def md(self) -> "MarkdownIt":
        """markdown-it-py, made (and imported: ~17 ms) only when a text needs it."""
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"html": self.allow_html, "xhtmlOut": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.core.ruler.push("profilegen_links", _rewrite_links)
        md.core.ruler.push("profilegen_headings", _heading_ids)
        return md

    def render(self, text: str, context: LinkContext) -> tuple[str, LinkReport]:
        report = LinkReport()
        if "profilegen:" in text:
            text = DIRECTIVE.sub("", text)  # keeps the line, so line numbers stay true
        if text and not text.endswith("\n"):
            text += "\n"  # (an unclosed code fence at the very end: both engines then agree)
        finder = _LinkLines(text)
        if self._cmark is not None and _cmark_can_render(text):
            return _finish(self._cmark(text), context, report, finder), report
        html_text = self.md.render(text, {"profilegen": context, "report": report, "lines": finder})
        return html_text, report


def _cmark_can_render(text: str) -> bool:
    """Whether cmark-gfm writes what markdown-it would: no raw HTML or autolink (a "<"), and no
    link markdown-it refuses to make (javascript:, vbscript:, file: and data: URLs stay text)."""
    if "<" in text:
        return False
    if ":" in text:
        lowered = text.lower()
        return not ("script:" in lowered or "file:" in lowered or "data:" in lowered)
    return True


class _LinkLines:
    """The line of the body a link is written on, found in the source (for broken-link warnings).

    Both engines ask in document order; each occurrence of an href is found once, so a link
    written twice is reported at both of its lines.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._after: dict[str, int] = {}

    def line(self, href: str) -> int | None:
        source, start = self.source, self._after.get(href, 0)
        for needle in dict.fromkeys((href, unquote(href), html.unescape(href))):
            at = source.find(needle, start)
            while at != -1 and source[at - 1:at] not in ("(", "<", " ", "\t"):
                at = source.find(needle, at + 1)  # as a link destination, not in running text
            if at != -1:
                self._after[href] = at + 1
                return source.count("\n", 0, at) + 1
        return None


def _attr(value: str) -> str:
    """An attribute value as markdown-it writes it: only & < > " escaped."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _rewritten(href: str, context: LinkContext, report: LinkReport, finder: _LinkLines) -> tuple[str, bool]:
    """(the URL to write, whether it goes to another site): the link rule of both engines."""
    new, ok = resolve_link(href, context)
    if not ok:
        report.broken.append((finder.line(href), href))
    host = urlsplit(new).hostname if new.startswith(("http:", "https:", "//")) else None
    return new, bool(host and host != context.site_host)


_TAG = re.compile(r"<[^>]*>")


def _finish(out: str, context: LinkContext, report: LinkReport, finder: _LinkLines) -> str:
    """cmark-gfm's HTML as markdown-it would write it, with the site's links and heading ids.

    The text had no "<", so every tag here is cmark's own: plain string searches are exact.
    """
    out = out.replace(" />", ">").replace("<del>", "<s>").replace("</del>", "</s>")
    if "text-align: " in out:
        out = out.replace('style="text-align: ', 'style="text-align:')
    if "<a href=" in out or "<img src=" in out:
        out = _finish_links(out, context, report, finder)
    if "<h" in out:
        out = _finish_headings(out, context)
    return out


def _finish_links(out: str, context: LinkContext, report: LinkReport, finder: _LinkLines) -> str:
    parts, at = [], 0
    while True:
        link, image = out.find('<a href="', at), out.find('<img src="', at)
        if link == -1 and image == -1:
            break
        is_link = image == -1 or (link != -1 and link < image)
        start = (link if is_link else image) + (9 if is_link else 10)
        end = out.index('"', start)
        href = html.unescape(out[start:end])
        parts.append(out[at:start])
        if is_link:
            new, external = _rewritten(href, context, report, finder)
            close = out.index(">", end)
            parts.append(_attr(new) + out[end:close] + (' rel="noopener"' if external else ""))
            at = close
        else:
            new, ok = resolve_link(href, context)
            if not ok:
                report.broken.append((finder.line(href), href))
            if out.startswith('" alt=""', end):
                report.images_without_alt.append((finder.line(href) if ok else report.broken[-1][0], href))
            parts.append(_attr(new))
            at = end
    parts.append(out[at:])
    return "".join(parts)


def _finish_headings(out: str, context: LinkContext) -> str:
    seen: dict[str, int] = {}
    parts, at = [], 0
    start = out.find("<h")
    while start != -1:
        level = out[start + 2:start + 3]
        if level in "123456" and level and out[start + 3:start + 4] == ">":
            close = out.index(f"</h{level}>", start)
            text = html.unescape(_TAG.sub("", out[start + 4:close]))
            shown = str(min(6, int(level) + context.heading_shift))
            parts += [out[at:start], f'<h{shown} id="{_attr(_unique_id(context.id_prefix, text, seen))}">',
                      out[start + 4:close], f"</h{shown}>"]
            at = close + 5
        start = out.find("<h", start + 2)
    parts.append(out[at:])
    return "".join(parts)


def _unique_id(prefix: str, text: str, seen: dict[str, int]) -> str:
    base = prefix + heading_id(text)
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def resolve_link(href: str, context: LinkContext) -> tuple[str, bool]:
    """The URL to write for ``href`` and whether it points somewhere that exists."""
    if href.startswith("#") or not href:
        return href, True
    if href.startswith("//") or _SCHEME.match(href):
        return href, True
    parts = urlsplit(href)
    path = unquote(parts.path)
    suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    if path.startswith("/"):
        target = path.lstrip("/")
        ok = target in context.static_files or target.rstrip("/") + "/" in context.page_urls.values() \
            or not posixpath.splitext(target)[1] or target.endswith(".html")
        return context.base_path + target + suffix, ok
    here = posixpath.dirname(context.source)
    resolved = posixpath.normpath(posixpath.join(here, path))
    if path.endswith(".md"):
        url = context.page_urls.get(resolved)
        if url is None:
            return href, False
        return context.base_path + url + suffix, True
    if resolved.startswith("static/"):  # ../static/images/me.png, as an editor's preview sees it
        target = resolved[len("static/"):]
        return context.base_path + target + suffix, target in context.static_files
    # Pages live at pretty URLs (/vision/), so a plain relative path would break; users mean
    # "from the site root" (static/ is copied there), so write it that way.
    target = posixpath.normpath(path).lstrip("./")
    return context.base_path + target + suffix, target in context.static_files


def _rewrite_links(state) -> None:
    context: LinkContext | None = state.env.get("profilegen")
    if context is None:
        return
    report: LinkReport = state.env["report"]
    finder: _LinkLines = state.env["lines"]
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "link_open":
                new, external = _rewritten(str(token.attrGet("href") or ""), context, report, finder)
                token.attrSet("href", new)
                if external:
                    token.attrSet("rel", "noopener")
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                new, ok = resolve_link(src, context)
                if not ok:
                    report.broken.append((finder.line(src), src))
                token.attrSet("src", new)
                if not token.children and not token.content:
                    report.images_without_alt.append((finder.line(src) if ok else report.broken[-1][0], src))


def _heading_text(inline) -> str:
    """A heading's text as a reader sees it (no markup, link targets or image alt texts)."""
    text = []
    for token in inline.children or ():
        if token.type == "image":
            continue
        if token.type in ("text", "code_inline"):
            text.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            text.append("\n")
    return "".join(text)


def _heading_ids(state) -> None:
    context: LinkContext | None = state.env.get("profilegen")
    prefix = context.id_prefix if context else ""
    shift = context.heading_shift if context else 0
    seen: dict[str, int] = {}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        if shift:
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
        if token.type == "heading_open":
            token.attrSet("id", _unique_id(prefix, _heading_text(tokens[i + 1]), seen))
