"""Markdown -> Typst markup for the CV: the one converter every text on the PDF goes through.

Typst markup is code as much as text: `#` starts an expression (`#import`, `#read`), `$`
maths, `*` `_` `=` `-` `+` `/` `@` `<` `[` `]` `~` `\\` markup, `//` a comment, `http://` a
link. So the user's words are never written as they are: every ASCII punctuation character
in them is escaped with a backslash (Typst prints any escaped character as itself), and what
comes from Markdown is written as function calls (`#strong[...]`, `#list([...], [...])`,
`#link("...")[...]`), never as Typst's own shorthand, which depends on line starts and word
boundaries. Strings in code (URLs, code spans) are Typst string literals, escaped as such.
What the user wrote therefore prints as written and never runs (tests/test_cv.py holds that
for any text). Raw HTML shows as text, as on the site, unless the site renders it.

The Markdown is read by cmark-gfm, as the site's pages are (cmark.py): its syntax tree, as
XML in one C call, becomes a flat list of events that one writer turns into markup. Where
cmark-gfm cannot be reached, markdown-it-py's tokens give the same events (tested).
"""

from __future__ import annotations

import re
from typing import Callable

from profilegen.cmark import xml_of
from profilegen.markdown import DIRECTIVE, shared_parser

LinkResolver = Callable[[str], "str | None"]   # href as written -> absolute URL, or None for text only
ImageResolver = Callable[[str], "str | None"]  # src as written -> a path Typst can read, or None

# Every ASCII punctuation character: each is markup somewhere in Typst, or may become so.
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
# Invisible controls (not tab or newline) and lone surrogates: nothing a PDF can show.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_WHITESPACE = re.compile(r"[ \t\n]+")


def escape_text(text: str) -> str:
    """Plain text as Typst markup that prints exactly that text (runs of white space as one)."""
    text = _UNSHOWABLE.sub("", text)
    return _PUNCTUATION.sub(r"\\\g<0>", _WHITESPACE.sub(" ", text))


def string_literal(text: str) -> str:
    """Text as a Typst string literal: "…" with backslash, quote and line ends escaped."""
    text = _UNSHOWABLE.sub("", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t") + '"'


def markdown_to_typst(markdown: str, *, links: LinkResolver, images: ImageResolver,
                      first_paragraph: bool = False, html_as_text: bool = True) -> str:
    """A Markdown body as Typst markup; headings start at level 2 (the CV's sections are 1).

    ``first_paragraph``: only the body's first top-level paragraph (a layer "in short").
    ``html_as_text``: raw HTML shows as the text it is, as on the site with `markdown.html`
    off; with it on, the site renders the HTML, which a PDF cannot: its tags are left out.
    """
    if "profilegen:" in markdown:
        markdown = DIRECTIVE.sub("", markdown)
    # (what no PDF shows, and XML cannot carry, goes before parsing)
    markdown = _NOT_IN_XML.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n"))
    xml = xml_of(markdown)
    events = _xml_events(xml) if xml is not None else _markdown_it_events(markdown)
    if first_paragraph:
        events = _first_paragraph(events)
    levels = [int(value["level"]) for kind, name, value in events if kind == START and name == "heading"]
    return _Writer(links, images, min(levels, default=2), html_as_text).write(events).strip()


# The syntax tree as a flat list of events, in cmark-gfm's names (its XML's elements):
# (START, name, attributes), (END, name, None), or (LEAF, name, text) for a node that holds text.
START, END, LEAF = range(3)
Event = tuple  # (kind, name, attributes | text | None)
_LEAVES = frozenset({"text", "code", "code_block", "html_block", "html_inline"})
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")




def _xml_events(xml: bytes) -> list[Event]:
    from xml.parsers import expat

    events: list[Event] = []
    text: list[str] = []

    def started(name: str, attributes: dict) -> None:
        if name in _LEAVES:
            text.clear()
        elif name != "document":
            events.append((START, name, attributes))

    def ended(name: str) -> None:
        if name in _LEAVES:
            events.append((LEAF, name, "".join(text)))
        elif name != "document":
            events.append((END, name, None))

    parser = expat.ParserCreate("utf-8")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = started, ended
    parser.CharacterDataHandler = text.append  # (white space between elements is cleared unread)
    parser.Parse(xml, True)
    return events


def _markdown_it_events(markdown: str) -> list[Event]:
    """The same events from markdown-it-py, where cmark-gfm cannot be reached (see cmark.py)."""
    tokens = shared_parser().parse(markdown)
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # (as markdown-it counts them)
    events: list[Event] = []
    header = False  # (a row in <thead> is cmark's table_header)

    def inline(children) -> None:
        for token in children:
            kind = token.type
            if kind in _MARKDOWN_IT_INLINE:
                events.append((LEAF, _MARKDOWN_IT_INLINE[kind], token.content))
            elif kind in ("softbreak", "hardbreak"):
                name = "softbreak" if kind == "softbreak" else "linebreak"
                events.extend([(START, name, {}), (END, name, None)])
            elif kind.endswith("_open") and kind[:-5] in _MARKDOWN_IT_SPANS:
                attributes = {"destination": str(token.attrGet("href") or "")} if kind == "link_open" else {}
                events.append((START, _MARKDOWN_IT_SPANS[kind[:-5]], attributes))
            elif kind.endswith("_close") and kind[:-6] in _MARKDOWN_IT_SPANS:
                events.append((END, _MARKDOWN_IT_SPANS[kind[:-6]], None))
            elif kind == "image":
                events.append((START, "image", {"destination": str(token.attrGet("src") or "")}))
                inline(token.children or [])
                events.append((END, "image", None))

    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            inline(token.children or [])
        elif kind in ("code_block", "fence", "html_block"):
            events.append((LEAF, "html_block" if kind == "html_block" else "code_block", token.content))
        elif kind == "hr":
            events.extend([(START, "thematic_break", {}), (END, "thematic_break", None)])
        elif kind in ("thead_open", "thead_close"):
            header = kind == "thead_open"
        elif kind.endswith("_open") and kind[:-5] in _MARKDOWN_IT_BLOCKS:
            name, attributes = _MARKDOWN_IT_BLOCKS[kind[:-5]], {}
            if kind == "heading_open":
                attributes = {"level": token.tag[1]}
            elif kind == "tr_open" and header:
                name = "table_header"
            elif name == "list":
                attributes = {"type": "bullet" if kind == "bullet_list_open" else "ordered",
                              "start": str(token.attrGet("start") or 1),
                              "tight": "true" if _is_tight(tokens, index, lines) else "false"}
            events.append((START, name, attributes))
        elif kind.endswith("_close") and kind[:-6] in _MARKDOWN_IT_BLOCKS:
            name = _MARKDOWN_IT_BLOCKS[kind[:-6]]
            events.append((END, "table_header" if kind == "tr_close" and header else name, None))
    return events


_MARKDOWN_IT_INLINE = {"text": "text", "code_inline": "code", "html_inline": "html_inline"}
_MARKDOWN_IT_SPANS = {"em": "emph", "strong": "strong", "s": "strikethrough", "link": "link"}
_MARKDOWN_IT_BLOCKS = {"paragraph": "paragraph", "heading": "heading", "bullet_list": "list",
                       "ordered_list": "list", "list_item": "item", "blockquote": "block_quote",
                       "table": "table", "tr": "table_row", "th": "table_cell", "td": "table_cell"}


def _is_tight(tokens: list, start: int, lines: list[str]) -> bool:
    """A list is tight when its paragraphs are hidden (markdown-it marks them so). A list whose
    items hold no paragraph ("*\n\n*", items of nested lists) carries no such mark: it is loose,
    as CommonMark (and cmark-gfm) has it, when a blank line ends an item before the next one."""
    opened = tokens[start]
    starts = []
    for token in tokens[start + 1:]:
        if token.type == "paragraph_open" and token.level == opened.level + 2:
            return token.hidden
        if token.type == "list_item_open" and token.level == opened.level + 1 and token.map:
            starts.append(token.map[0])
        if token.level <= opened.level and token.type.endswith("_close"):
            break
    return not any(0 < line <= len(lines) and not lines[line - 1].strip() for line in starts[1:])


def _first_paragraph(events: list[Event]) -> list[Event]:
    """The events of the body's first paragraph at the top level, or none."""
    depth, first = 0, None
    for index, (kind, name, _) in enumerate(events):
        if first is None and kind == START and name == "paragraph" and depth == 0:
            first = index
        depth += (kind == START) - (kind == END)
        if first is not None and depth == 0:
            return events[first:index + 1]
    return []


class _Writer:
    def __init__(self, links: LinkResolver, images: ImageResolver, top_level: int, html_as_text: bool) -> None:
        self.html_as_text = html_as_text
        self.links = links
        self.images = images
        self.shift = 2 - top_level  # the body's highest heading becomes level 2
        self.level = 1              # of the heading before: the section's own title

    def write(self, events: list[Event]) -> str:
        """The events as markup, by a stack of open containers (a text each); walked, not
        recursed, as quotes and lists can nest thousands deep."""
        from profilegen.cmark import markdown_it_href

        stack: list[list[str]] = [[]]
        opened: list[tuple[str, dict]] = []  # the open containers: (name, attributes)
        links: list[bool] = []      # per open link: whether it was written as #link
        pictures: list[tuple[dict | None, list[str]]] = []  # per open image: (its attributes, its text)
        tables: list[dict] = []
        spans: list[bool] = []      # per open emphasis: whether it was written (not too deep)
        for kind, name, value in events:
            out = stack[-1]
            if pictures:  # (in an image's description only the text counts, an inner image's too)
                alt = pictures[-1][1]
                if kind == LEAF and name in ("text", "code"):
                    alt.append(value)
                elif kind == START and name in ("softbreak", "linebreak"):
                    alt.append(" ")
                elif kind == START and name == "image":
                    pictures.append((None, alt))
                elif kind == END and name == "image":
                    attributes, _ = pictures.pop()
                    if attributes is not None:
                        out.append(self._image(attributes, "".join(alt)))
                continue
            if kind == LEAF:
                if name == "text":
                    out.append(escape_text(value))
                elif name == "code":
                    out.append(f"#raw({string_literal(value)})")
                elif name == "code_block":
                    out.append(f"#raw(block: true, {string_literal(value.rstrip(chr(10)))})\n\n")
                elif name == "html_block" and self.html_as_text:
                    out.append(escape_text(value.strip()) + "\n\n")
                elif name == "html_inline" and self.html_as_text:
                    out.append(escape_text(value))
                continue
            if kind == START:
                if name == "softbreak":
                    out.append(" ")
                elif name == "linebreak":
                    out.append("#linebreak()")
                elif name == "thematic_break":
                    out.append("#line(length: 100%)\n\n")
                elif name in _SPANS:
                    spans.append(len(spans) < MAX_NESTING)  # (deeper: the text without the span)
                    if spans[-1]:
                        out.append(_SPANS[name])
                elif name == "link":
                    url = self.links(markdown_it_href(value.get("destination", "")))
                    links.append(url is not None)
                    if url is not None:
                        out.append(f"#link({string_literal(url)})[")
                elif name == "image":
                    pictures.append((value, []))
                elif name == "table":
                    tables.append({"header": [], "rows": [], "row": []})
                elif name in ("table_header", "table_row"):
                    pass  # (a row's cells are kept in the table, see END)
                else:  # paragraph, heading, list, item, block_quote, table_cell: a text of their own
                    nested = sum(1 for container, _ in opened if container in _NESTING)
                    flat = name in _NESTING and nested >= MAX_NESTING  # (deeper: its text in the one around it)
                    opened.append(("flat" if flat else name, value))
                    stack.append([])
                continue
            # END
            if name in _SPANS:
                if spans.pop():
                    out.append("]")
            elif name == "link":
                if links and links.pop():
                    out.append("]")
            elif name == "table":
                out.append(_table(tables.pop()))
            elif name in ("table_header", "table_row"):
                table = tables[-1]
                table["header" if name == "table_header" else "rows"].append(table["row"])
                table["row"] = []
            elif name not in ("softbreak", "linebreak", "thematic_break", "table_header", "table_row"):
                container, attributes = opened.pop()
                text = "".join(stack.pop())
                if container == "flat":
                    stack[-1].append(text.strip() + " ")
                else:
                    self._close(name, attributes, text, opened, stack[-1], tables)
        return "".join(stack[0])

    def _close(self, name: str, attributes: dict, text: str, opened: list, out: list[str], tables: list) -> None:
        if name == "paragraph":  # (in a tight list, as markdown-it writes it: one line end)
            tight = len(opened) >= 2 and opened[-1][0] == "item" and opened[-2][1].get("tight") == "true"
            out.append(text + ("\n" if tight else "\n\n"))
        elif name == "heading":  # (an empty heading is left out: a tagged PDF may not have one)
            # (never a level skipped after the one before: a tagged PDF's outline is a tree)
            level = min(6, max(2, int(attributes["level"]) + self.shift), self.level + 1)
            title = text.strip()
            if title.replace("#linebreak()", "").strip():
                out.append(f"#heading(level: {level})[{title}]\n\n")
                self.level = level
        elif name == "item":
            out.append(f"[{text.strip()}], ")
        elif name == "list":
            items = text.removesuffix(", ")
            tight = attributes.get("tight", "true")
            if attributes.get("type") == "ordered":
                out.append(f"#enum(tight: {tight}, start: {int(attributes.get('start') or 1)}, {items})\n\n")
            else:
                out.append(f"#list(tight: {tight}, {items})\n\n")
        elif name == "block_quote":
            out.append(f"#quote(block: true)[{text.strip()}]\n\n")
        elif name == "table_cell":
            tables[-1]["row"].append(f"[{text.strip()}]")

    def _image(self, attributes: dict, alt: str) -> str:
        from profilegen.cmark import markdown_it_href

        path = self.images(markdown_it_href(attributes.get("destination", "")))
        if path is not None and alt:
            return f"#box(image({string_literal(path)}, alt: {string_literal(alt)}, width: 40%))"
        return escape_text(alt)


_SPANS = {"emph": "#emph[", "strong": "#strong[", "strikethrough": "#strike["}
# Typst stops at a few dozen nested show rules ("maximum show rule depth exceeded"): lists,
# quotes and emphasis nested deeper than this are written flat, their text kept.
MAX_NESTING = 8
_NESTING = ("list", "item", "block_quote")


def _table(table: dict) -> str:
    columns = max((len(row) for row in (*table["header"], *table["rows"])), default=1)
    cells = []
    if table["header"]:
        header = table["header"][0]
        cells.append("table.header(" + ", ".join(header + ["[]"] * (columns - len(header))) + ")")
    for row in table["rows"]:
        cells.extend(row + ["[]"] * (columns - len(row)))
    return f"#table(columns: {columns}, {', '.join(cells)})\n\n"
