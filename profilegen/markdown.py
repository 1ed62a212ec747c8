"""Markdown to HTML with markdown-it-py: CommonMark plus tables, strikethrough and heading ids.

Links are rewritten for the site here, in one core rule: a link to another content file
(`vision.md`) becomes that page's URL, a root-relative link gets the base path, an external
link gets rel="noopener". Raw HTML is escaped unless the site allows it.
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

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
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def heading_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\- ]+", "", text)
    return re.sub(r"[\s]+", "-", text.strip()) or "section"


class MarkdownRenderer:
    """One configured markdown-it per site; render() is pure apart from its LinkReport."""

    def __init__(self, *, allow_html: bool) -> None:
        self.md = MarkdownIt("commonmark", {"html": allow_html, "xhtmlOut": False, "typographer": False})
        self.md.enable(["table", "strikethrough"])
        self.md.core.ruler.push("profilegen_links", _rewrite_links)
        self.md.core.ruler.push("profilegen_headings", _heading_ids)

    def render(self, text: str, context: LinkContext) -> tuple[str, LinkReport]:
        report = LinkReport()
        env = {"profilegen": context, "report": report}
        if "profilegen:" in text:
            text = DIRECTIVE.sub("", text)  # keeps the line, so line numbers stay true
        html = self.md.render(text, env)
        return html, report


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
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] + 1 if block.map else None
        for token in block.children:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                new, ok = resolve_link(href, context)
                token.attrSet("href", new)
                if not ok:
                    report.broken.append((line, href))
                host = urlsplit(new).hostname if new.startswith(("http:", "https:", "//")) else None
                if host and host != context.site_host:
                    token.attrSet("rel", "noopener")
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                new, ok = resolve_link(src, context)
                token.attrSet("src", new)
                if not ok:
                    report.broken.append((line, src))
                if not token.children and not token.content:
                    report.images_without_alt.append((line, src))


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
            base = prefix + heading_id(tokens[i + 1].content)
            count = seen.get(base, 0)
            seen[base] = count + 1
            token.attrSet("id", base if count == 0 else f"{base}-{count}")
