"""cmark-gfm, GitHub's C CommonMark, called through the library that the cmarkgfm wheel ships.

The site's rules are not applied here. The syntax tree is read, every heading, link and image
is handed to markdown.py's rules (inline content in markdown-it's words, see ``Inline``), and
their answers (a tag each: ``<h2 id="...">``, ``<a href="..." rel="noopener">``, ``<img ...>``)
take the place of the tags cmark-gfm writes for those nodes, which come in the same order.
So this module only says how cmark-gfm's tree reads and how its HTML is spelled where
markdown-it spells it otherwise. (Editing the tree instead, with a node of HTML for each tag,
gives the same pages but costs ~40% more a note: ctypes calls at ~0.3 us each.)

Why not cmarkgfm's own functions: they never free the syntax tree or the HTML buffer they
get from C, so every call leaks about 20 KB (10,000 notes: +90 MB; a preview server: more
with every save; theacodes/cmarkgfm#53), and they cannot reach the tree. Here the C
functions are called with ctypes and every allocation is given back to cmark's allocator.
(ctypes, not cffi: declaring the functions with cffi parses C at every start, 20 ms of a
small site's build.)

``renderer()`` is None where the library cannot be reached this way (no wheel for the
interpreter, or a platform whose extension does not export its C functions); markdown.py
then renders everything with markdown-it-py, which writes the same HTML (tested).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Callable, NamedTuple

if TYPE_CHECKING:
    from profilegen.markdown import PageRules

# cmark-gfm.h: ~~two tildes~~ only (as markdown-it), and table alignment as a style attribute.
STRIKETHROUGH_DOUBLE_TILDE = 1 << 14
TABLE_PREFER_STYLE_ATTRIBUTES = 1 << 15

# cmark-gfm.h's node types. The table and strikethrough extensions number theirs at run time,
# so the walk below takes a type it does not know for one with children.
DOCUMENT, BLOCK_QUOTE, LIST, ITEM, CODE_BLOCK, HTML_BLOCK = range(0x8001, 0x8007)
PARAGRAPH, HEADING, THEMATIC_BREAK = range(0x8008, 0x800B)
TEXT, SOFTBREAK, LINEBREAK, CODE, HTML_INLINE = range(0xC001, 0xC006)
LINK, IMAGE = 0xC009, 0xC00A
INLINE_FLAG = 0xC000  # (a block's type has only 0x8000 of it)
HOLDS_HEADINGS = frozenset({DOCUMENT, BLOCK_QUOTE, LIST, ITEM})
WITHOUT_CHILDREN = frozenset({CODE_BLOCK, HTML_BLOCK, THEMATIC_BREAK, HTML_INLINE})
TOKEN_TYPES = {TEXT: "text", CODE: "code_inline", SOFTBREAK: "softbreak", LINEBREAK: "hardbreak"}

# A URL that markdown-it's normalizeLink leaves as it is (hypothesis-tested in
# tests/test_markdown.py): checking it spares importing markdown-it (~17 ms) for every note.
_NORMAL_URL = re.compile(r"(?:(?:https?:)?//[A-Za-z0-9.-]+|mailto:[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+)?"
                         r"(?:[A-Za-z0-9/._~!$&'()*+,;=?#-]|%[0-9A-Fa-f]{2})*")


class Inline(NamedTuple):
    """An inline element as a markdown-it token has it (type, content, children), so that the
    rules read a heading's or an image's text the same way from either engine."""

    type: str
    content: str = ""
    children: list[Inline] | None = None


def markdown_it_href(url: str) -> str:
    """A link's destination as markdown-it writes it into its token (percent-encoded, the
    host in punycode): cmark's tree has it decoded."""
    if _NORMAL_URL.fullmatch(url):
        return url
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def lines_to_walk(markdown: str) -> list[int]:
    """The lines (numbered as cmark does: from 1, after any of \\n, \\r\\n, \\r) on which a "["
    (a link or an image) or a "<" (raw HTML, an autolink) stands, the last first."""
    if "\r" in markdown:
        markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    lines, line, counted = [], 1, 0
    for match in _WALK_FOR.finditer(markdown):
        at = match.start()
        line += markdown.count("\n", counted, at)
        if not lines or lines[-1] != line:
            lines.append(line)
        counted = at
    return lines[::-1]


_WALK_FOR = re.compile(r"[\[<]")


def attributes(pairs: list[tuple[str, str]]) -> str:
    """Attributes as markdown-it writes them: only & < > " escaped."""
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@functools.cache
def renderer() -> Callable[..., str] | None:
    """Markdown -> HTML with tables, strikethrough and the site's rules, or None when cmark-gfm
    is out of reach: ``render(markdown, rules, raw_html=False)``, where raw HTML is written as
    it is, or else escaped, shown as the text it was written as."""
    try:
        import ctypes

        from cmarkgfm import _cmark

        lib = ctypes.PyDLL(_cmark.__file__)  # (keeps the GIL: half the cost of a call, ~0.2 us)
        pointer, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for name, result, arguments in (
                ("cmark_get_default_mem_allocator", pointer, []),
                ("cmark_gfm_core_extensions_ensure_registered", None, []),
                ("cmark_find_syntax_extension", pointer, [text]),
                ("cmark_parser_new", pointer, [number]),
                ("cmark_parser_free", None, [pointer]),
                ("cmark_parser_attach_syntax_extension", number, [pointer, pointer]),
                ("cmark_parser_feed", None, [pointer, text, ctypes.c_size_t]),
                ("cmark_parser_finish", pointer, [pointer]),
                ("cmark_parser_get_syntax_extensions", pointer, [pointer]),
                ("cmark_render_html", pointer, [pointer, number, pointer]),
                ("cmark_node_free", None, [pointer]),
                ("cmark_node_first_child", pointer, [pointer]),
                ("cmark_node_next", pointer, [pointer]),
                ("cmark_node_get_type", number, [pointer]),
                ("cmark_node_get_literal", text, [pointer]),
                ("cmark_node_get_url", text, [pointer]),
                ("cmark_node_get_title", text, [pointer]),
                ("cmark_node_get_heading_level", number, [pointer]),
                ("cmark_node_get_start_line", number, [pointer]),
                ("cmark_node_get_end_line", number, [pointer])):
            function = getattr(lib, name)
            function.restype, function.argtypes = result, arguments
        lib.cmark_gfm_core_extensions_ensure_registered()
        extensions = [lib.cmark_find_syntax_extension(name) for name in (b"table", b"strikethrough")]

        class Memory(ctypes.Structure):  # cmark_mem: the allocator that made what we free
            _fields_ = [("calloc", pointer), ("realloc", pointer),
                        ("free", ctypes.CFUNCTYPE(None, pointer))]

        release = ctypes.cast(lib.cmark_get_default_mem_allocator(), ctypes.POINTER(Memory)).contents.free
        string_at = ctypes.string_at
    except Exception:  # ImportError, OSError, AttributeError from a library built otherwise
        return None
    if not all(extensions):
        return None
    options = STRIKETHROUGH_DOUBLE_TILDE | TABLE_PREFER_STYLE_ATTRIBUTES
    first_child, following, node_type = lib.cmark_node_first_child, lib.cmark_node_next, lib.cmark_node_get_type
    literal, url, title = lib.cmark_node_get_literal, lib.cmark_node_get_url, lib.cmark_node_get_title
    heading_level, end_line = lib.cmark_node_get_heading_level, lib.cmark_node_get_end_line
    start_line = lib.cmark_node_get_start_line

    def string(value: bytes | None) -> str:
        return value.decode("utf-8", "surrogatepass") if value else ""

    def description(image: int) -> list[Inline]:
        """An image's description as tokens: only its text counts, nothing in it is a link.
        (Walked with a stack, not by recursion: emphasis can nest thousands deep.)"""
        tokens: list[Inline] = []
        stack = [(first_child(image), tokens)]
        while stack:
            child, into = stack.pop()
            if not child:
                continue
            stack.append((following(child), into))
            kind = node_type(child)
            if kind in TOKEN_TYPES or kind == HTML_INLINE:
                into.append(Inline(TOKEN_TYPES.get(kind, "html_inline"), string(literal(child))))
            elif kind == IMAGE:
                inner: list[Inline] = []
                into.append(Inline("image", "", inner))
                stack.append((first_child(child), inner))
            elif kind not in WITHOUT_CHILDREN:
                stack.append((first_child(child), into))
        return tokens

    def visit(root: int, rules: PageRules, tags: Tags, brackets: list[int]) -> None:
        """Hands the rules every heading, link and image in document order and keeps the tags
        they answer. Walked with a stack of levels, not by recursion: quotes and lists can nest
        ten thousand deep.

        A level is [next node, tokens, block, parent]: ``tokens`` (inside a heading) collects
        its text; ``block`` is the innermost block node, whose lines the rules are told before
        a link or image in it; ``parent`` the heading or paragraph whose children end with the
        level (else None).
        ``brackets`` are the lines with a "[" not yet passed, last first: a paragraph without
        one has no link or image, and is not walked (wrapped prose has a node a line)."""
        told = None  # the block whose lines the rules know
        stack: list[list] = [[first_child(root), None, root, None]]
        while stack:
            level = stack[-1]
            child, tokens, block, parent = level
            if not child:
                stack.pop()
                if parent is None:
                    pass
                elif node_type(parent) == HEADING:
                    number, anchor = rules.heading(heading_level(parent), tokens)
                    tags.headings.append((f"<h{number}{attributes([('id', anchor)])}>", f"</h{number}>"))
                else:
                    _pass_brackets(brackets, end_line(parent))
                continue
            level[0] = following(child)
            kind = node_type(child)
            if kind in TOKEN_TYPES:
                if tokens is not None:
                    tokens.append(Inline(TOKEN_TYPES[kind], string(literal(child))))
            elif kind == HEADING:
                stack.append([first_child(child), [], child, child])
            elif kind == LINK or kind == IMAGE:
                if block != told:
                    rules.block(start_line(block), end_line(block))
                    told = block
                if kind == LINK:
                    href, external = rules.link(markdown_it_href(string(url(child))))
                    pairs = [("href", href)]
                    if link_title := string(title(child)):
                        pairs.append(("title", link_title))
                    if external:
                        pairs.append(("rel", "noopener"))
                    tags.links.append(f"<a{attributes(pairs)}>")
                    stack.append([first_child(child), tokens, block, None])
                else:
                    text = description(child)
                    src, alt = rules.image(markdown_it_href(string(url(child))), text)
                    pairs = [("src", src), ("alt", alt)]
                    if image_title := string(title(child)):
                        pairs.append(("title", image_title))
                    pairs += rules.image_size(src)
                    tags.images.append(rules.image_tag(pairs))
                    if tokens is not None:
                        tokens.append(Inline("image", "", text))
            elif kind == HTML_INLINE or kind == HTML_BLOCK:
                tags.html.append((kind == HTML_BLOCK, string(literal(child))))
            elif kind == PARAGRAPH:
                if brackets and brackets[-1] <= end_line(child):
                    stack.append([first_child(child), None, child, child])
                else:
                    _pass_brackets(brackets, end_line(child))
            elif kind in HOLDS_HEADINGS or (kind not in WITHOUT_CHILDREN and (brackets or tokens is not None)):
                inner = child if kind & INLINE_FLAG != INLINE_FLAG else block
                stack.append([first_child(child), tokens, inner, None])

    def render(markdown: str, rules: PageRules, raw_html: bool = False) -> str:
        data = markdown.encode("utf-8", "surrogatepass")
        tags = Tags([], [], [], [])
        parser = lib.cmark_parser_new(options)
        try:
            for extension in extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                visit(root, rules, tags, lines_to_walk(markdown))
                html = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    out = string_at(html).decode("utf-8", "replace")
                finally:
                    release(html)
            finally:
                lib.cmark_node_free(root)
        finally:
            lib.cmark_parser_free(parser)
        return tags.html_written_into(markdown_it_spelling(tags.written_into(out)), raw=raw_html)

    return render


def _pass_brackets(brackets: list[int], last_line: int) -> None:
    """Forget the "[" of the lines up to ``last_line``: a paragraph that ends there is done."""
    while brackets and brackets[-1] <= last_line:
        brackets.pop()


class Tags(NamedTuple):
    """The tags the rules answered, in document order, for those cmark-gfm writes, and the
    text's raw HTML, for cmark's placeholders."""

    headings: list[tuple[str, str]]  # (opening, closing)
    links: list[str]
    images: list[str]
    html: list[tuple[bool, str]]  # (a block, not inline; as written)

    def written_into(self, html: str) -> str:
        """``html`` with these tags in place of cmark-gfm's. cmark wrote a placeholder for raw
        HTML, so every tag in it is cmark's own; an <a> or <img> ends at its first ">" (values
        are escaped)."""
        if self.headings:
            parts, at = [], 0
            for opening, closing in self.headings:
                start = _HEADING.search(html, at).start()
                end = html.index("</h", start)
                parts += [html[at:start], opening, html[start + 4:end], closing]
                at = end + 5
            html = "".join(parts) + html[at:]
        for tags, start_of_tag in ((self.links, '<a href="'), (self.images, '<img src="')):
            parts, at = [], 0
            for tag in tags:
                start = html.index(start_of_tag, at)
                parts += [html[at:start], tag]
                at = html.index(">", start) + 1
            if parts:
                html = "".join(parts) + html[at:]
        return html


    def html_written_into(self, html: str, *, raw: bool) -> str:
        """``html`` with the raw HTML in place of cmark's placeholders (in document order, and
        nothing else writes one: the user's own "<!-- raw HTML omitted -->" is raw HTML too),
        as it was written, or escaped. markdown-it writes a block as it is, with its line end."""
        if not self.html:
            return html
        parts, at = [], 0
        for block, literal in self.html:
            start = html.index(OMITTED, at)
            parts += [html[at:start], literal if raw else _escape(literal)]
            at = start + len(OMITTED)
            if block and literal.endswith("\n") and html.startswith("\n", at):
                at += 1
        return "".join(parts) + html[at:]


OMITTED = "<!-- raw HTML omitted -->"  # what cmark-gfm writes for raw HTML without CMARK_OPT_UNSAFE
_HEADING = re.compile("<h[1-6]>")  # (not "<h": <hr /> starts so too)


def markdown_it_spelling(html: str) -> str:
    """cmark-gfm's HTML with markdown-it's spelling of breaks, rules, strikethrough and table
    alignment. The text had no "<", so every tag here is cmark's own or made above."""
    html = html.replace(" />", ">").replace("<del>", "<s>").replace("</del>", "</s>")
    if "text-align: " in html:
        html = html.replace('style="text-align: ', 'style="text-align:')
    return html
