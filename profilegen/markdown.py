"""Markdown to HTML: CommonMark plus tables, strikethrough and heading ids.

Links are rewritten for the site here: a link to another content file (`vision.md`)
becomes that page's URL, a root-relative link gets the base path, an external link gets
rel="noopener"; headings get ids from their text. Raw HTML is escaped unless the site
allows it. These rules are written once, in ``PageRules``.

Two engines parse. Nearly every text is parsed by cmark-gfm, GitHub's C implementation
(cmark.py; several times faster than markdown-it-py, the Python parser); markdown-it-py
parses only what the two would write differently (see ``_cmark_can_render``). Each hands
every link, image and heading to ``PageRules`` (markdown-it from a core rule, over its
tokens; cmark.py from cmark's XML of its syntax tree) and writes the answer. A test renders
generated documents with both and requires the same bytes.
"""

from __future__ import annotations

import bisect
import functools
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence
from urllib.parse import quote, unquote, urlsplit

from profilegen.messages import _

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
    pictures: list[str] = field(default_factory=list)  # static photos shown through <picture>, for their versions


@dataclass(frozen=True)
class LinkContext:
    """What the link rule needs to know about the page being rendered and the site."""

    source: str                     # "content/notes/x.md"
    base_path: str                  # "/repo/"
    site_host: str                  # "x.github.io"
    page_urls: dict[str, str]       # content path -> URL relative to the site root
    static_files: frozenset[str]    # files under static/, relative to it
    id_prefix: str = ""             # keeps heading ids unique when several bodies share a page
    top_level: int = 2              # what a body's top headings become: 2 under the page's <h1>, 3 under an <h2>
    image_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # static photo -> (width, height)
    pictures: dict = field(default_factory=dict)  # static photo -> images.Responsive: its smaller versions


# How deep markdown-it reads blocks and links inside each other (a quote is one level, a list
# item two): past it, it drops the rest of the text. The commonmark preset's 20 is a list ten
# deep, which cmark-gfm reads whole; 200 still leaves markdown-it's recursion (about two
# Python frames a level, for links inside links) well inside Python's limit of 1,000.
MAX_NESTING = 200


@functools.cache
def shared_parser() -> MarkdownIt:
    """A plain CommonMark + tables parser for converters (LinkedIn text, check).

    Raw HTML is recognised as HTML here, so a converter can drop it instead of showing it.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])


_NOT_IN_ID = re.compile(r"[^\w\- ]+")
_SPACES = re.compile(r"\s+")


def heading_id(text: str) -> str:
    text = _NOT_IN_ID.sub("", unicodedata.normalize("NFKC", text).lower())
    return _SPACES.sub("-", text.strip()) or "section"


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

        md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False, "typographer": False,
                                       "maxNesting": MAX_NESTING})
        md.enable(["table", "strikethrough"])
        if not self.allow_html:  # raw HTML as CommonMark reads it, shown as the text it is
            from markdown_it.common.utils import escapeHtml

            for kind in ("html_inline", "html_block"):
                md.add_render_rule(kind, lambda self, tokens, i, options, env: escapeHtml(tokens[i].content))
        md.core.ruler.push("profilegen", _apply_to_tokens)
        # The tag the rules write (<img>, or <picture> for a photo), with the alt text they gave.
        md.add_render_rule("image", lambda self, tokens, i, options, env:
                           env["rules"].image_tag([(k, str(v)) for k, v in tokens[i].attrs.items()]))
        return md

    def render(self, text: str, context: LinkContext) -> tuple[str, LinkReport]:
        if "profilegen:" in text:
            text = DIRECTIVE.sub("", text)  # keeps the line, so line numbers stay true
        if text and not text.endswith("\n"):
            text += "\n"  # (an unclosed code fence at the very end: both engines then agree)
        rules = PageRules(context, text)
        if self._cmark is not None and _cmark_can_render(text):
            return self._cmark(text, rules, self.allow_html), rules.report
        return self.md.render(text, {"rules": rules}), rules.report


# An autolink, as CommonMark has it (a URL, or an e-mail address).
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
                       r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")
_PLAIN_AUTOLINKS = re.compile(r"[A-Za-z0-9.+:/@_~!$'()*,;=?#\x00-]*")
# Raw HTML that CommonMark 0.29 (cmark-gfm) and 0.31 (markdown-it-py) read differently: a
# declaration in lower case, <textarea> (in any case) as a block that may hold blank lines, and
# comments 0.29 does not allow (starting with ">" or "->", holding "--", ending in "-").
_LOWER_DECLARATION = re.compile(r"<![a-z]")
_NEWER_BLOCKS = (b"<textarea", b"<search", b"<source")
# Schemes markdown-it refuses, in any case (ASCII letters only: see _cmark_can_render).
_REFUSED_SCHEMES = (b"script:", b"file:", b"data:")
_OLD_COMMENT = re.compile(r"<!--(?!>|->)(?:[^-]|-(?!-))*?(?<!-)-->")


def _cmark_can_render(text: str) -> bool:
    """Whether cmark-gfm gives what markdown-it would: no autolink that markdown-it spells
    otherwise (one with an entity, a percent sign or a host in another script: markdown-it
    decodes them for the link's text), and no URL markdown-it refuses (javascript:,
    vbscript:, file:, data:, however they are written: ``javascrip&#116;:``,
    ``javascript\\:``). markdown-it leaves such a link as text, where cmark-gfm would make it
    a link with an empty href."""
    lower = None  # the text's bytes with the ASCII letters lowered, once made
    if "<" in text:
        # (bytes.lower() lowers the ASCII letters and nothing else; a pattern with a class of two
        # letters at every place is tried at every character: 2 s for 50 MB)
        lower = text.encode("utf-8", "surrogatepass").lower()
        if _LOWER_DECLARATION.search(text) or any(tag in lower for tag in _NEWER_BLOCKS):
            return False
        comments = text.count("<!--")
        if comments and comments != len(_OLD_COMMENT.findall(text)):
            return False
        # (all autolinks at once, "\x00" between them: it is in neither pattern)
        autolinks = "\x00".join(_AUTOLINK.findall(text))
        if not _PLAIN_AUTOLINKS.fullmatch(autolinks) or "xn--" in autolinks.lower():
            return False
    # An entity may hide a scheme (javascrip&#116;:) but "&amp;" cannot: its "&" stays where it
    # was, between the same letters. (html.unescape reads 50 MB in half a second.)
    if "&" in text and text.count("&") != text.count("&amp;"):
        text, lower = html.unescape(text), None
    if lower is None:
        if "\\" in text:
            text = text.replace("\\", "")
        if ":" not in text:
            return True
        lower = text.encode("utf-8", "surrogatepass").lower()
    elif b"\\" in lower:
        lower = lower.replace(b"\\", b"")
    return b":" not in lower or not any(scheme in lower for scheme in _REFUSED_SCHEMES)


class PageRules:
    """The site's Markdown rules, for one render. Both engines hand every link, image and
    heading here in document order (inline content as markdown-it tokens or cmark.Inline) and
    write what comes back; this is the only place the rules are written."""

    def __init__(self, context: LinkContext, text: str) -> None:
        self.context = context
        self.report = LinkReport()
        self._lines = _LinkLines(text)
        self._ids: dict[str, int] = {}
        self._outline: list[tuple[int, int]] = []  # (level written, level shown) of the open sections
        self._images = 0  # images written so far

    def block(self, first_line: int, last_line: int) -> None:
        """The lines (from 1, both included) of the block whose links and images come next."""
        self._lines.block(first_line, last_line)

    def link(self, href: str) -> tuple[str, bool]:
        """(the URL to write, whether it goes to another site, so gets rel="noopener")."""
        new, ok = resolve_link(href, self.context)
        if not ok:
            self.report.broken.append((self._lines.line(href), href))
        host = hostname(new) if new.startswith(("http:", "https:", "//")) else None
        return new, bool(host and host != self.context.site_host)

    def web_links(self, hrefs: list[str]) -> list[bool] | None:
        """link() of every one of ``hrefs`` at once, where each is a plain http(s) URL (host and
        path of letters, digits and the few signs link() and markdown-it leave as they are):
        link() writes such a URL unchanged and never reports it, so all that is left to tell is
        whether each goes to another site. None if any href is not one (then ask link() for
        each). Two regular expressions instead of a few calls a link (a page can hold 400,000)."""
        if not hrefs:
            return []
        joined = "\x00" + "\x00".join(hrefs)
        if not _WEB_LINKS.fullmatch(joined):
            return None
        site = self.context.site_host
        return [host != site for host in _WEB_LINK_HOST.findall(joined.lower())]

    def would_report(self, href: str) -> bool:
        """Whether link(href) would report the link broken (and so ask for its line)."""
        return not resolve_link(href, self.context)[1]

    def image(self, src: str, description: Sequence) -> tuple[str, str]:
        """(the URL to write, the alt text: the description without markup, as CommonMark has it)."""
        new, ok = resolve_link(src, self.context)
        alt = _plain_text(description, alt=True)
        if not ok or not alt:
            line = self._lines.line(src)  # (asked once: each occurrence is found once)
            if not ok:
                self.report.broken.append((line, src))
            if not alt:
                self.report.images_without_alt.append((line, src))
        return new, alt

    def image_size(self, src: str) -> list[tuple[str, str]]:
        """width and height of an image under static/ as written (``src`` as image() gave it), so
        the page does not jump while it loads; none for any other image."""
        base = self.context.base_path
        size = self.context.image_sizes.get(src[len(base):]) if src.startswith(base) else None
        return [("width", str(size[0])), ("height", str(size[1]))] if size else []

    def image_tag(self, pairs: list[tuple[str, str]]) -> str:
        """The HTML for an image with these attributes (src first, as image() and image_size()
        gave them): a photo under static/ with smaller versions becomes a <picture> of WebP
        versions and versions in its own format, loaded lazily unless it is the first image of
        the page's own text (which may be in the first screen); anything else an <img>."""
        from profilegen.cmark import attributes

        src = pairs[0][1]
        first = self._images == 0 and not self.context.id_prefix
        self._images += 1
        base = self.context.base_path
        path = src[len(base):] if src.startswith(base) else None
        made = self.context.pictures.get(path) if path is not None else None
        if made is None:
            return f"<img{attributes(pairs)}>"
        from profilegen.images import PROSE_SIZES, picture_srcsets

        self.report.pictures.append(path)
        # (quoted: a space or comma in a file name would end a URL in srcset)
        webp, fallback, plain = picture_srcsets(made, lambda path: base + quote(path))
        img = [("src", plain), ("srcset", fallback), ("sizes", PROSE_SIZES), *pairs[1:]]
        img += [("decoding", "async")] if first else [("loading", "lazy"), ("decoding", "async")]
        return (f'<picture><source{attributes([("type", "image/webp"), ("srcset", webp), ("sizes", PROSE_SIZES)])}>'
                f"<img{attributes(img)}></picture>")

    def heading(self, level: int, inline: Sequence) -> tuple[int, str]:
        """(the level to show, the id). The level follows the page, not the author's count of
        '#': a heading sits one level below the nearest heading before it that the author wrote
        less deep, and the least deep at ``top_level`` — so a body that starts at '###' or
        jumps from '#' to '###' skips no level, wherever it is shown. The id comes from the
        text as shown, unique in the page."""
        while self._outline and self._outline[-1][0] >= level:
            self._outline.pop()
        shown = min(6, self._outline[-1][1] + 1 if self._outline else self.context.top_level)
        self._outline.append((level, shown))
        base = self.context.id_prefix + heading_id(_plain_text(inline, alt=False))
        count = self._ids.get(base, 0)
        self._ids[base] = count + 1
        return shown, base if count == 0 else f"{base}-{count}"


# PageRules.web_links: hrefs, each after a NUL, that are http(s) URLs with a host and a path of
# characters that resolve_link, hostname and markdown-it's normalizeLink take as they are, and
# that need no escaping in an attribute (no & < > " ' %, no port or user: ":" and "@" only
# in the scheme, which is in lower case, as link() looks for it).
_WEB_LINKS = re.compile(r"(?:\x00https?://[A-Za-z0-9.-]+(?:[/?#][A-Za-z0-9/._~!$()*+,;=?#-]*)?)*")
_WEB_LINK_HOST = re.compile(r"\x00https?://([a-z0-9.-]+)")


def hostname(url: str) -> str | None:
    """``urlsplit(url).hostname``, worked out once for each site linked to (a page can hold
    tens of thousands of links to one site). The host is read from the authority alone, so it
    is the authority's that is remembered; urlsplit drops tabs and line ends before it reads."""
    authority = _AUTHORITY.match(url)
    if authority is None or "\t" in url or "\n" in url or "\r" in url:
        return urlsplit(url).hostname
    return _authority_hostname(authority[0])


_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*|//[^/?#]*")


@functools.lru_cache(maxsize=1024)
def _authority_hostname(authority: str) -> str | None:
    return urlsplit(authority).hostname


def _plain_text(inline: Sequence, *, alt: bool) -> str:
    """Inline tokens as text: a heading's as a reader sees it (no image, no raw HTML), or an
    image's alt text (its description's text, raw HTML and inner images' descriptions too)."""
    parts = []
    for token in inline:
        kind = token.type
        if kind in ("text", "code_inline") or (alt and kind == "html_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif alt and kind == "image":
            parts.append(_plain_text(token.children or (), alt=True))
    return "".join(parts)


class _LinkLines:
    """The line of the body a link is written on, found in the source (for broken-link warnings).

    Both engines ask in document order, and say first which block (its lines) the link is in:
    the destination is looked for in that block, from where the previous link of the block was
    found (so each occurrence of an href is found once, and a link written twice is reported at
    both of its lines); a reference link's, whose destination is written elsewhere, from where
    this href was last found in the whole body. Bounded work: a paragraph of 40,000 links
    is read about once, not once a link; past a budget of a few passes over the body (20,000
    reference links, each looked for in its block first), a link is given its block's first line.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._after: dict[str, int] = {}
        self._block = (1, None)  # lines of the block being read: (first, last), from 1
        self._span: tuple[int, int] | None = None  # that block in the source, made when asked
        self._cursor = 0
        self._starts: list[int] | None = None  # where every line starts (\n, \r\n or \r end one)
        self._budget = 4 * len(source) + 65536

    def block(self, first: int, last: int) -> None:
        if (first, last) != self._block:
            self._block, self._span = (first, last), None

    def line(self, href: str) -> int:
        source, starts = self.source, self._line_starts()
        if self._span is None:
            first, last = self._block
            start = starts[min(max(first, 1), len(starts)) - 1]
            end = starts[last] if last is not None and 0 < last < len(starts) else len(source)
            self._span, self._cursor = (start, max(start, end)), start
        start, end = self._span
        needles = dict.fromkeys((href, unquote(href), html.unescape(href)))
        after = self._after.get(href, 0)
        for needle in needles:
            at = self._find(needle, max(after, self._cursor), end)
            if at != -1:
                self._cursor = at + 1
                break
        else:  # not written in its block: a reference link, found where its definition is
            for needle in needles:
                at = self._find(needle, after, len(source))
                if at != -1:
                    break
            else:
                return bisect.bisect_right(starts, start)
        self._after[href] = at + 1
        return bisect.bisect_right(starts, at)

    def _find(self, needle: str, start: int, end: int) -> int:
        """The first place from ``start`` where ``needle`` stands as a link destination, not in
        running text (after "(", "<", a space or a tab), or -1; -1 too once the budget is spent."""
        source = self.source
        if self._budget <= 0:
            return -1
        at = source.find(needle, start, end)
        while at != -1 and source[at - 1:at] not in ("(", "<", " ", "\t"):
            at = source.find(needle, at + 1, end)
        self._budget -= (end if at == -1 else at) - start
        return at

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_END.finditer(self.source)]
        return self._starts


_LINE_END = re.compile(r"\r\n?|\n")


# A path on the writer's own disk (C:\Users\…, \\server\share, file:///…): it means nothing
# online. ('C:' would otherwise pass as a URL scheme.) The engines hand a backslash over
# percent-encoded, as %5C.
_LOCAL_PATH = re.compile(r"^(?:[A-Za-z]:(?:[\\/]|%5[Cc])|file:)|\\|%5[Cc]")
_LOCAL_START = re.compile(r"[A-Za-z]:(?:[\\/]|%5[Cc])|file:")


def is_local_path(href: str) -> bool:
    """``_LOCAL_PATH.search(href)``, the start matched and the rest found: a search tries a
    pattern with alternatives at every character (a page can hold 400,000 links)."""
    return "\\" in href or "%5" in href and ("%5C" in href or "%5c" in href) or bool(_LOCAL_START.match(href))


def broken_link_message(href: str) -> str:
    if is_local_path(href):
        return (_("'{unquote}' is a path on your own computer, which no visitor can open: put the file in "
                "static/ and link it from the site root, e.g. /images/photo.jpg").format(unquote=unquote(href)))
    return _("the link '{href}' goes nowhere: there is no such content file or file in static/").format(href=href)


def resolve_link(href: str, context: LinkContext) -> tuple[str, bool]:
    """The URL to write for ``href`` and whether it points somewhere that exists."""
    if href.startswith("#") or not href:
        return href, True
    if is_local_path(href):
        return href, False
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


def _apply_to_tokens(state) -> None:
    """The rules on markdown-it's tokens: a core rule, after parsing and before rendering."""
    rules: PageRules = state.env["rules"]
    tokens = state.tokens
    for i, block in enumerate(tokens):
        if block.type == "heading_open":
            level, anchor = rules.heading(int(block.tag[1]), tokens[i + 1].children or ())
            block.tag = tokens[i + 2].tag = f"h{level}"  # heading_open, inline, heading_close
            block.attrSet("id", anchor)
        elif block.type == "inline" and block.children:
            if block.map:
                rules.block(block.map[0] + 1, block.map[1])
            for token in block.children:
                if token.type == "link_open":
                    href, external = rules.link(str(token.attrGet("href") or ""))
                    token.attrSet("href", href)
                    if external:
                        token.attrSet("rel", "noopener")
                elif token.type == "image":
                    src, alt = rules.image(str(token.attrGet("src") or ""), token.children or ())
                    token.attrSet("src", src)
                    token.attrSet("alt", alt)
                    for name, value in rules.image_size(src):
                        token.attrSet(name, value)
