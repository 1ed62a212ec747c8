"""cmark-gfm, GitHub's C CommonMark, called through the library that the cmarkgfm wheel ships.

The site's rules are not applied here. What they need of the syntax tree is read from the
HTML cmark-gfm writes of it, with every block's lines in it (``_read_html``), or where that
cannot tell, from the XML it writes of the tree (one C call each, then regular expressions:
walking the tree from Python costs ctypes calls on every node, ~20 a line of prose with raw
HTML, 50 MB of which took a minute). Every heading, link and image is handed to markdown.py's
rules (inline content in markdown-it's words, see ``Inline``), and their answers (a tag each:
``<h2 id="...">``, ``<a href="..." rel="noopener">``, ``<img ...>``) take the place of the tags
cmark-gfm writes for those nodes, which come in the same order. Raw HTML, which cmark writes
as a placeholder, is put back from the Markdown (checked) or the XML. A long text is parsed a
piece at a time where that gives the same HTML (``_pieces``), so that its syntax tree (~40
bytes a byte of text) is never whole in memory. So this module only says how cmark-gfm's tree
reads and how its HTML is spelled where markdown-it spells it otherwise. (The CV reads the
tree's XML itself: ``xml_of``.)

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
OPTIONS = STRIKETHROUGH_DOUBLE_TILDE | TABLE_PREFER_STYLE_ATTRIBUTES

# cmark-gfm.h's node types of a paragraph and a heading: blocks that a blank line has closed.
PARAGRAPH, HEADING = 0x8008, 0x8009

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


def attributes(pairs: list[tuple[str, str]]) -> str:
    """Attributes as markdown-it writes them: only & < > " escaped."""
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class _Library(NamedTuple):
    """cmark-gfm's C functions (declared for ctypes), its two extensions, and the free() of the
    allocator that made what it hands back."""

    c: object  # ctypes.CDLL
    extensions: tuple[int, int]  # table, strikethrough
    release: Callable[[int], None]
    string_at: Callable[[int], bytes]  # ctypes.string_at


@functools.cache
def _library() -> _Library | None:
    """The library the cmarkgfm wheel ships, or None where it cannot be reached this way."""
    try:
        import ctypes

        from cmarkgfm import _cmark

        lib = ctypes.CDLL(_cmark.__file__)  # (lets the GIL go during a call: see renderer's render)
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
                ("cmark_render_xml", pointer, [pointer, number]),
                ("cmark_node_free", None, [pointer]),
                ("cmark_node_last_child", pointer, [pointer]),
                ("cmark_node_get_type", number, [pointer]),
                ("cmark_node_get_end_line", number, [pointer])):
            function = getattr(lib, name)
            function.restype, function.argtypes = result, arguments
        lib.cmark_gfm_core_extensions_ensure_registered()
        extensions = tuple(lib.cmark_find_syntax_extension(name) for name in (b"table", b"strikethrough"))

        class Memory(ctypes.Structure):  # cmark_mem: the allocator that made what we free
            _fields_ = [("calloc", pointer), ("realloc", pointer),
                        ("free", ctypes.CFUNCTYPE(None, pointer))]

        release = ctypes.cast(lib.cmark_get_default_mem_allocator(), ctypes.POINTER(Memory)).contents.free
    except Exception:  # ImportError, OSError, AttributeError from a library built otherwise
        return None
    if not all(extensions):
        return None
    return _Library(lib, extensions, release, ctypes.string_at)


def _parse(library: _Library, data: bytes) -> tuple[int, int]:
    """(parser, root) of ``data``, with tables and strikethrough: both to be freed."""
    lib = library.c
    parser = lib.cmark_parser_new(OPTIONS)
    for extension in library.extensions:
        lib.cmark_parser_attach_syntax_extension(parser, extension)
    lib.cmark_parser_feed(parser, data, len(data))
    return parser, lib.cmark_parser_finish(parser)


def _taken(library: _Library, buffer: int) -> bytes:
    """A string cmark allocated, given back to cmark's allocator."""
    try:
        return library.string_at(buffer)
    finally:
        library.release(buffer)


def xml_of(markdown: str) -> bytes | None:
    """cmark-gfm's syntax tree of ``markdown`` (tables and ~~strikethrough~~, as the site reads
    them) as its XML, or None where the library cannot be reached: what the CV reads."""
    library = _library()
    if library is None:
        return None
    parser, root = _parse(library, markdown.encode("utf-8"))
    try:
        return _taken(library, library.c.cmark_render_xml(root, 0))
    finally:
        library.c.cmark_node_free(root)
        library.c.cmark_parser_free(parser)


class _Made(NamedTuple):
    """What cmark wrote of a piece: its HTML with sourcepos (``rendered``, by the options asked
    for) where the piece may be read from its HTML, else its XML and HTML."""

    rendered: dict[int, str] | None
    xml: str | None = None
    html: str | None = None


@functools.cache
def renderer() -> Callable[..., str] | None:
    """Markdown -> HTML with tables, strikethrough and the site's rules, or None when cmark-gfm
    is out of reach: ``render(markdown, rules, raw_html=False)``, where raw HTML is written as
    it is, or else escaped, shown as the text it was written as."""
    library = _library()
    if library is None:
        return None
    lib = library.c
    node_type, end_line = lib.cmark_node_get_type, lib.cmark_node_get_end_line

    def made_of(data: bytes, last: bool, direct: bool) -> _Made | None:
        """What cmark writes of ``data`` (all C, and decoding); None when the piece, not the
        last, does not end with a closed top-level paragraph or heading (see ``_pieces``)."""
        parser, root = _parse(library, data)
        try:
            if not last:
                block = lib.cmark_node_last_child(root)
                if not block or node_type(block) not in (PARAGRAPH, HEADING) or end_line(block) >= data.count(b"\n"):
                    return None
            extensions = lib.cmark_parser_get_syntax_extensions(parser)

            def html_of(options: int) -> str:
                return _taken(library, lib.cmark_render_html(root, OPTIONS | options, extensions)).decode("utf-8", "replace")

            if direct and _may_read_html(data):
                rendered = {SOURCEPOS: html_of(SOURCEPOS)}
                if OMITTED in rendered[SOURCEPOS]:
                    rendered[SOURCEPOS | UNSAFE] = html_of(SOURCEPOS | UNSAFE)
                return _Made(rendered)
            xml = _taken(library, lib.cmark_render_xml(root, SOURCEPOS)).decode("utf-8", "surrogatepass")
            return _Made(None, xml, html_of(0))
        finally:
            lib.cmark_node_free(root)
            lib.cmark_parser_free(parser)

    def written(data: bytes, made: _Made, rules: PageRules, line_offset: int, raw_html: bool,
                again: Callable[[bytes], _Made]) -> str:
        """A piece's HTML with the rules' tags and its raw HTML in it, from what cmark wrote of it
        (``again``: its XML, when the HTML could not tell after all)."""
        if made.rendered is not None:
            html = _read_html(data, made.rendered.__getitem__, rules, line_offset, raw_html)
            if html is not None:
                return html
            made = again(data)
        tags = Tags([], [], [], [], [])
        read_xml(made.xml, rules, tags, line_offset)
        return tags.html_written_into(markdown_it_spelling(tags.written_into(made.html)), raw=raw_html)

    def render(markdown: str, rules: PageRules, raw_html: bool = False, piece_size: int = PIECE_SIZE,
               direct: bool = True) -> str:
        """(``direct``: read the HTML where that gives the same, see ``_read_html``; False: always
        cmark's XML, what tests hold the other to.)"""
        data = markdown.encode("utf-8", "surrogatepass")
        pieces = _pieces(data, piece_size)
        if len(pieces) == 1:
            return written(data, made_of(data, True, direct), rules, 0, raw_html, lambda data: made_of(data, True, False))
        # A text of several pieces: cmark parses and writes the next piece on another thread
        # (ctypes lets the GIL go for a C call) while this one is read; all of cmark's calls are
        # made there, one at a time. At most two pieces are in memory.
        from concurrent.futures import ThreadPoolExecutor

        html, line = [], 0
        with ThreadPoolExecutor(1) as ahead:
            def again(data: bytes) -> _Made:
                return ahead.submit(made_of, data, True, False).result()

            coming = ahead.submit(made_of, data[pieces[0][0]:pieces[0][1]], False, direct)
            for index, (start, stop) in enumerate(pieces):
                made = coming.result()
                if index + 1 < len(pieces):
                    following = pieces[index + 1]
                    coming = ahead.submit(made_of, data[following[0]:following[1]], index + 2 == len(pieces), direct)
                if made is None:  # (not cut where a paragraph starts after all: the rest in one)
                    rest = data[start:]
                    html.append(written(rest, ahead.submit(made_of, rest, True, direct).result(), rules, line,
                                        raw_html, again))
                    break
                html.append(written(data[start:stop], made, rules, line, raw_html, again))
                line += data.count(b"\n", start, stop)
        return "".join(html)

    return render


# What the rules need from cmark's XML (cmark.c's xml.c): every "<" in it starts a tag (text
# and attribute values are escaped: & < > " only, as in HTML), each node is one tag, a node
# without children one closed by "/>". The leaf blocks that hold inline content (paragraph,
# heading, table cell: they do not nest), links and images, and raw HTML (escaped already).
_XML_BLOCKS_AND_LINKS = (
    r'<(?:(paragraph|heading|table_cell)(?: sourcepos="(\d+):\d+-(\d+):\d+")?(?: level="(\d)")?[^>]*?( /)?>'
    r'|(link|image)(?: sourcepos="[^"]*")? destination="([^"]*)" title="([^"]*)"( /)?>|{})')
_XML_HTML = r'html_(inline|block)[^>]*>([^<]*)'
_XML_WANTED = re.compile(_XML_BLOCKS_AND_LINKS.format(_XML_HTML))
_XML_WANTED_BUT_HTML = re.compile(_XML_BLOCKS_AND_LINKS.format("(?!)()()"))  # (the same groups, never raw HTML)
_XML_ALL_HTML = re.compile("<" + _XML_HTML)
_XML_INLINE = re.compile(r'<(text|code|html_inline)[^>]*>([^<]*)<|<(softbreak|linebreak) />|<image [^>]*?( /)?>|</image>')
_XML_IMAGE = re.compile(r'<image [^>]*?( /)?>|</image>')
XML_TOKEN_TYPES = {"text": "text", "code": "code_inline", "html_inline": "html_inline", "softbreak": "softbreak",
                   "linebreak": "hardbreak"}
SOURCEPOS = 1 << 1  # CMARK_OPT_SOURCEPOS: the lines of every node, in the XML
PIECE_SIZE = 1 << 20  # bytes of Markdown parsed at a time, where the text can be cut (see _pieces)


def _unescape(text: str) -> str:
    """Text or an attribute of cmark's XML (or HTML) as it was: the four escapes undone."""
    if "&" not in text:
        return text
    return text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _inline_tokens(xml: str, *, with_html: bool) -> list[Inline]:
    """The inline content in ``xml`` (a heading's or an image's) as tokens: text, code, breaks
    and images (with their description); raw HTML only if ``with_html`` or inside an image.
    Links, emphasis and strikethrough count for their text."""
    tokens: list[Inline] = []
    stack = [tokens]
    for match in _XML_INLINE.finditer(xml):
        kind = match[1] or match[3]
        if kind:
            if kind != "html_inline" or with_html or len(stack) > 1:
                stack[-1].append(Inline(XML_TOKEN_TYPES[kind], _unescape(match[2] or "")))
        elif match[0][1] == "/":
            stack.pop()
        else:
            inner: list[Inline] = []
            stack[-1].append(Inline("image", "", inner))
            if not match[4]:
                stack.append(inner)
    return tokens


def _image_end(xml: str, at: int) -> int:
    """Where the image whose opening tag ends at ``at`` ends (images nest in descriptions)."""
    depth = 1
    for match in _XML_IMAGE.finditer(xml, at):
        if match[0][1] == "/":
            depth -= 1
            if not depth:
                return match.end()
        elif not match[1]:
            depth += 1
    return len(xml)


def read_xml(xml: str, rules: PageRules, tags: Tags, line_offset: int = 0) -> None:
    """Hands the rules every heading, link and image in cmark's XML of a text, in document
    order, and keeps the tags they answer and the text's raw HTML (for cmark's placeholders).
    Nothing inside an image is a link or raw HTML: cmark writes its description as alt text.
    ``line_offset``: the lines of the text before this piece of it."""
    block = told = (0, 0)  # the lines of the innermost block, and of the one the rules know
    skip_to = 0  # the end of the image being read: its description is only its alt text
    links, images, html, html_blocks = tags.links, tags.images, tags.html, tags.html_blocks
    wanted = _XML_WANTED
    if "<image " not in xml:  # (no description to leave out: all raw HTML at once, without a loop)
        found = _XML_ALL_HTML.findall(xml)
        html_blocks += [index for index, (kind, _) in enumerate(found, len(html)) if kind == "block"]
        html += [literal for _, literal in found]
        wanted = _XML_WANTED_BUT_HTML
    for match in wanted.finditer(xml):
        if match.start() < skip_to:
            continue
        kind = match[1]
        if kind:
            block = (int(match[2]) + line_offset, int(match[3]) + line_offset) if match[2] else (0, 0)
            if kind == "heading":
                content = "" if match[5] else xml[match.end():xml.index("</heading>", match.end())]
                number, anchor = rules.heading(int(match[4]), _inline_tokens(content, with_html=False))
                tags.headings.append((f"<h{number}{attributes([('id', anchor)])}>", f"</h{number}>"))
        elif match[10]:
            if match[10] == "block":
                html_blocks.append(len(html))
            html.append(match[11])
        else:
            if block != told:
                rules.block(*block)
                told = block
            destination = markdown_it_href(_unescape(match[7]))
            title = _unescape(match[8])
            if match[6] == "link":
                href, external = rules.link(destination)
                pairs = [("href", href)]
                if title:
                    pairs.append(("title", title))
                if external:
                    pairs.append(("rel", "noopener"))
                links.append(f"<a{attributes(pairs)}>")
            else:
                end = match.end() if match[9] else _image_end(xml, match.end())
                src, alt = rules.image(destination, _inline_tokens(xml[match.end():end], with_html=True))
                pairs = [("src", src), ("alt", alt)]
                if title:
                    pairs.append(("title", title))
                pairs += rules.image_size(src)
                images.append(rules.image_tag(pairs))
                skip_to = end


# Reading cmark's HTML instead of its XML, where that gives the same (``_read_html``): the XML
# of a text is ~9 times its size (50 MB of Markdown with raw HTML on every line: 476 MB of
# XML, two thirds of the time of a render), the HTML about twice. cmark-gfm writes every
# block's lines in the HTML too (data-sourcepos), which is what the rules need for a link;
# what the HTML lacks is the raw HTML (a placeholder each, see OMITTED) and an image's
# description as inline content. So a piece is read so only when it has no image and no line
# that could start an HTML block (both looked for in the Markdown, as a superset), and the raw
# HTML it holds is each inline: the Markdown's candidates for it (every "<...>" that is raw
# HTML as CommonMark 0.29 has it) are checked against the HTML cmark writes with raw HTML in
# it. That check is proof, not a guess: the grammar is prefix-free (no raw HTML is the start
# of another), so the HTML with the candidates in the placeholders' places is cmark's only if
# every candidate is the raw HTML at its place. Anything else is read from the XML.
UNSAFE = 1 << 17  # CMARK_OPT_UNSAFE: raw HTML written as it is
_SPACE = r"[ \t\n\v\f\r]"
_ATTRIBUTE = (rf"{_SPACE}+[A-Za-z_:][A-Za-z0-9_.:-]*"
              rf"(?:{_SPACE}*={_SPACE}*(?:[^ \t\n\v\f\r\"'=<>`\x00]+|'[^'\x00]*'|\"[^\"\x00]*\"))?")
# cmark-gfm's scanners.re: an open tag, a closing tag, a comment. (Processing instructions,
# declarations and CDATA run to a terminator that may never come: looking for them from every
# "<?" of a text that has none would take the square of its length. A text with one is read
# from the XML: see _may_read_html.)
_RAW_INLINE = re.compile(rf"<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*{_SPACE}*/?>|</[A-Za-z][A-Za-z0-9-]*{_SPACE}*>"
                         r"|<!---->|<!--(?:-?[^\x00>-])(?:-?[^\x00-])*-->")
# A line that may start an HTML block (scanners.re's _scan_html_block_start and _7, a superset):
# after indentation, quote and list markers, "<!", "<?", a block's tag name, or a tag that
# ends the line.
_BLOCK_TAG_NAMES = (rb"address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
                    rb"dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|"
                    rb"hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|"
                    rb"section|source|title|summary|table|tbody|td|tfoot|th|thead|tr|track|ul|script|pre|style|textarea")
_HTML_BLOCK_LINE = (rb"[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t>]*)*<(?:[!?]|/?(?i:" + _BLOCK_TAG_NAMES +
                    rb")(?:[ \t\f\v>/\r\n]|\Z)|[^\r\n]*>[ \t\f\v]*(?:[\r\n]|\Z))")
_HTML_BLOCK_FIRST, _HTML_BLOCK_AFTER_LF, _HTML_BLOCK_AFTER_CR = (
    re.compile(start + _HTML_BLOCK_LINE) for start in (b"", b"\n", b"\r"))
_UNTERMINATED = re.compile(rb"<[?]|<![A-Z\[]")  # a processing instruction, a declaration, CDATA
# In cmark's HTML (with sourcepos): a link (1 href, 2 title), a block's opening tag (3 its
# name, 4-5 its lines), or the end of a block (6). (The link first: most tags are links.)
_HTML_EVENTS = re.compile(
    r'<a href="([^"]*)"(?: title="([^"]*)")?>'
    r'|<([a-z][a-z0-9]*)[^<>]*? data-sourcepos="(\d+):\d+-(\d+):\d+"'
    r'|</(h[1-6]|p|td|th|li|ul|ol|blockquote|pre|table|thead|tbody|tr)>')
_INLINE_CONTAINERS = frozenset({"p", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_TEXT = re.compile(r'<h[1-6] data-sourcepos="[^"]*">(.*?)</h[1-6]>', re.S)
_HEADING_TAG = re.compile(r'<h[1-6] data-sourcepos="[^"]*">|</h[1-6]>')
_LINK_TAG = re.compile(r'<a href="[^"]*"(?: title="[^"]*")?>')
_SOURCEPOS_ATTRIBUTE = re.compile(r' data-sourcepos="[^"]*"')
_HREF = re.compile(r'<a href="([^"]*)"')
_LINK_OPENING = re.compile(r'(<a href="[^"]*")>')
_TAG = re.compile(r"<[^>]*>")


def _may_read_html(data: bytes) -> bool:
    """Whether a piece may be read from its HTML: no image, no line that may start an HTML
    block, no raw HTML whose end the grammar looks for far ahead (all in a superset)."""
    if b"![" in data or _HTML_BLOCK_FIRST.match(data) or _HTML_BLOCK_AFTER_LF.search(data):
        return False
    if b"\r" in data and _HTML_BLOCK_AFTER_CR.search(data):
        return False
    return b"<" not in data or not _UNTERMINATED.search(data)


def _read_html(data: bytes, html_of: Callable[[int], str], rules: PageRules, line_offset: int,
               raw_html: bool) -> str | None:
    """The piece's HTML with the rules' tags and its raw HTML in it, read from cmark's HTML, or
    None where that cannot be told from the HTML (the rules are then not asked anything):
    a link whose destination cmark percent-encoded (it may have been written either way) or
    left out (javascript:, which markdown.py gives markdown-it anyway), raw
    HTML the Markdown's candidates do not give, or a link whose block's lines are not in the
    HTML (a paragraph of a tight list item) and that the rules would report broken."""
    html = html_of(SOURCEPOS)
    if "%" in html and any("%" in href for href in _HREF.findall(html)) or '<a href=""' in html:
        return None  # (an empty href: none written, or one cmark found unsafe, such as javascript:)
    literals: list[str] = []
    if OMITTED in html:
        literals = _RAW_INLINE.findall(data.decode("utf-8", "surrogatepass"))
        if len(literals) != html.count(OMITTED):
            return None
        if html.replace("%", "%%").replace(OMITTED, "%s") % tuple(literals) != html_of(SOURCEPOS | UNSAFE):
            return None
    # Where no heading needs its id and every link is a plain web address without a title, the
    # rules answer for all links at once, none of them broken (PageRules.web_links).
    plain = ' title="' not in html and ("<h" not in html or not _HEADING_TAG.search(html))
    web = rules.web_links(_HREF.findall(html)) if plain else None
    if web is not None:
        html = _web_links_into(html, web)
    else:
        if "<li" in html:  # (only a tight list item's paragraph is written without its lines)
            block = None
            for href, _, tag, _, _, closed in _HTML_EVENTS.findall(html):
                if tag:
                    block = tag in _INLINE_CONTAINERS
                elif not closed:
                    if not block and rules.would_report(markdown_it_href(_unescape_href(href))):
                        return None
                else:
                    block = None
        html = _rules_into(html, rules, line_offset)
    html = markdown_it_spelling(html)
    if not literals:
        return html
    if not raw_html:
        literals = _escape("\x00".join(literals)).split("\x00")  # (cmark's HTML has no NUL)
    return html.replace("%", "%%").replace(OMITTED, "%s") % tuple(literals)


def _unescape_href(href: str) -> str:
    """A link's destination from cmark's href, one that cmark percent-encoded nothing of."""
    return href.replace("&#x27;", "'").replace("&amp;", "&") if "&" in href else href


def _web_links_into(html: str, external: list[bool]) -> str:
    """cmark's HTML (with sourcepos, no heading) with the rules' tags for its links, when each
    is a plain web address without a title, which the rules write as it is (``external``: which
    get rel="noopener", see PageRules.web_links), and without the sourcepos: what _rules_into
    gives it, without a Python call a link."""
    html = _SOURCEPOS_ATTRIBUTE.sub("", html)
    if not any(external):
        return html
    parts = _LINK_OPENING.split(html)  # the text before each link, then the link's '<a href="..."'
    parts[1::2] = [opening + ' rel="noopener">' if away else opening + ">"
                   for opening, away in zip(parts[1::2], external)]
    return "".join(parts)


def _rules_into(html: str, rules: PageRules, line_offset: int) -> str:
    """cmark's HTML (with sourcepos) with the rules' tags for its headings and links, and
    without the sourcepos; the rules are told each link's block, as read_xml tells them.
    (The tags go in at once, into a template with "%s" in the place of each.)"""
    tags = []  # the rules' tags for cmark's headings and links, in document order
    block = told = None  # the lines of the inline container being read, and of the one the rules know
    headings = iter(_HEADING_TEXT.findall(html)) if "<h" in html else iter(())
    closing = ""  # the rules' closing tag of the heading being read
    link = rules.link
    for href, title, tag, first, last, closed in _HTML_EVENTS.findall(html):
        if tag:
            block = (first, last) if tag in _INLINE_CONTAINERS else None
            if tag[0] == "h" and block:  # (its text as the rules read it: tags out, escapes undone)
                text = _unescape(_TAG.sub("", next(headings)))
                number, anchor = rules.heading(int(tag[1]), [Inline("text", text)])
                tags.append(f"<h{number}{attributes([('id', anchor)])}>")
                closing = f"</h{number}>"
        elif not closed:  # a link
            if block is not told and block is not None:
                rules.block(int(block[0]) + line_offset, int(block[1]) + line_offset)
                told = block
            href, external = link(markdown_it_href(_unescape_href(href)))
            opening = f'<a href="{_escape(href)}"'
            if title:
                opening += f' title="{_escape(_unescape(title))}"'
            tags.append(opening + ' rel="noopener">' if external else opening + ">")
        else:
            block = None
            if closed[0] == "h":
                tags.append(closing)
    if not tags:
        return _SOURCEPOS_ATTRIBUTE.sub("", html)
    template = _SOURCEPOS_ATTRIBUTE.sub("", _LINK_TAG.sub("%s", _HEADING_TAG.sub("%s", html.replace("%", "%%"))))
    return template % tuple(tags)


# Where a text may be cut into pieces that cmark parses one after the other, giving the HTML
# it gives for the whole: a line that starts with a letter after an empty line (so it starts a
# top-level paragraph: no list item, quote, fence, HTML or code goes on there), in a text with
# no link reference definition (which would count for the whole text: "]:" is in every one).
# The piece before must end with a closed top-level paragraph or heading, which cmark shows
# (render_piece checks it); nothing that is still open, such as a fenced code block. A 50 MB
# note is then parsed a megabyte at a time, in ~50 MB of memory instead of ~2 GB of syntax tree.
_CUT = re.compile(rb"\n\n(?=[A-Za-z])")


def _pieces(data: bytes, size: int) -> list[tuple[int, int]]:
    """(start, stop) of the pieces of ``data`` to parse, each about ``size`` bytes or one piece."""
    if not size or len(data) <= size or b"]:" in data or b"\r" in data:
        return [(0, len(data))]
    pieces, start = [], 0
    while len(data) - start > size:
        cut = _CUT.search(data, start + size)
        if cut is None:
            break
        pieces.append((start, cut.start() + 2))
        start = cut.start() + 2
    pieces.append((start, len(data)))
    return pieces


class Tags(NamedTuple):
    """The tags the rules answered, in document order, for those cmark-gfm writes, and the
    text's raw HTML, for cmark's placeholders."""

    headings: list[tuple[str, str]]  # (opening, closing)
    links: list[str]
    images: list[str]
    html: list[str]  # escaped (& < > "), as cmark's XML has it
    html_blocks: list[int]  # which of them are blocks, not inline

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
        as it was written, or escaped. markdown-it writes a block as it is, with its line end:
        where cmark ends the block's line too, one of the two goes."""
        if not self.html:
            return html
        between = html.split(OMITTED)
        literals = _unescape("\x00".join(self.html)).split("\x00") if raw else list(self.html)  # (cmark has no NUL)
        for index in self.html_blocks:
            if literals[index].endswith("\n") and between[index + 1].startswith("\n"):
                literals[index] = literals[index][:-1]
        literals.append("")
        return "".join([part for pair in zip(between, literals) for part in pair])


OMITTED = "<!-- raw HTML omitted -->"  # what cmark-gfm writes for raw HTML without CMARK_OPT_UNSAFE
_HEADING = re.compile("<h[1-6]>")  # (not "<h": <hr /> starts so too)


def markdown_it_spelling(html: str) -> str:
    """cmark-gfm's HTML with markdown-it's spelling of breaks, rules, strikethrough and table
    alignment. The text had no "<", so every tag here is cmark's own or made above."""
    html = html.replace(" />", ">").replace("<del>", "<s>").replace("</del>", "</s>")
    if "text-align: " in html:
        html = html.replace('style="text-align: ', 'style="text-align:')
    return html
