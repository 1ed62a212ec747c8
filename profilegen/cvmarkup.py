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
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from profilegen.markdown import DIRECTIVE, shared_parser

if TYPE_CHECKING:  # markdown-it-py is imported when a CV is made, not by every build
    from markdown_it.token import Token

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
    tokens = shared_parser().parse(markdown)
    if first_paragraph:
        tokens = _first_paragraph(tokens)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    return _Writer(links, images, min(levels, default=2), html_as_text).blocks(tokens).strip()


def _first_paragraph(tokens: list[Token]) -> list[Token]:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            return tokens[index:index + 3]  # paragraph_open, inline, paragraph_close
    return []


class _Writer:
    def __init__(self, links: LinkResolver, images: ImageResolver, top_level: int, html_as_text: bool) -> None:
        self.html_as_text = html_as_text
        self.links = links
        self.images = images
        self.shift = 2 - top_level  # the body's highest heading becomes level 2
        self.level = 1              # of the heading before: the section's own title

    def blocks(self, tokens: list[Token]) -> str:
        """Block tokens as markup, by a stack of open containers (lists, items, quotes, tables)."""
        stack: list[list[str]] = [[]]
        lists: list[tuple[Token, bool]] = []  # the open lists: (their opening token, tight)
        tables: list[dict] = []
        for index, token in enumerate(tokens):
            kind, out = token.type, stack[-1]
            if kind == "inline":
                out.append(self.inline(token.children or []))
            elif kind == "paragraph_close":
                out.append("\n" if token.hidden else "\n\n")
            elif kind == "heading_open":
                stack.append([])
            elif kind == "heading_close":  # (an empty heading is left out: a tagged PDF may not have one)
                # (never a level skipped after the one before: a tagged PDF's outline is a tree)
                level = min(6, max(2, int(token.tag[1]) + self.shift), self.level + 1)
                title = "".join(stack.pop()).strip()
                if title.replace("#linebreak()", "").strip():
                    stack[-1].append(f"#heading(level: {level})[{title}]\n\n")
                    self.level = level
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append((token, _is_tight(tokens, index)))
                stack.append([])
            elif kind in ("list_item_open", "blockquote_open", "th_open", "td_open"):
                stack.append([])
            elif kind == "list_item_close":
                item = "".join(stack.pop()).strip()
                stack[-1].append(f"[{item}]")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                items = ", ".join(stack.pop())
                opened, tight_list = lists.pop()
                tight = "true" if tight_list else "false"
                if kind == "bullet_list_close":
                    stack[-1].append(f"#list(tight: {tight}, {items})\n\n")
                else:
                    start = int(opened.attrGet("start") or 1)
                    stack[-1].append(f"#enum(tight: {tight}, start: {start}, {items})\n\n")
            elif kind == "blockquote_close":
                stack[-1].append(f"#quote(block: true)[{''.join(stack.pop()).strip()}]\n\n")
            elif kind in ("code_block", "fence"):
                out.append(f"#raw(block: true, {string_literal(token.content.rstrip(chr(10)))})\n\n")
            elif kind == "hr":
                out.append("#line(length: 100%)\n\n")
            elif kind == "table_open":
                tables.append({"header": [], "rows": [], "row": []})
            elif kind in ("th_close", "td_close"):
                tables[-1]["row"].append(f"[{''.join(stack.pop()).strip()}]")
            elif kind == "tr_close":
                table = tables[-1]
                table["rows"].append(table["row"])
                table["row"] = []
            elif kind == "thead_close":
                table = tables[-1]
                table["header"], table["rows"] = table["rows"], []
            elif kind == "table_close":
                out.append(_table(tables.pop()))
            elif kind == "html_block" and self.html_as_text:
                out.append(escape_text(token.content.strip()) + "\n\n")
            # the other closing tags: nothing
        return "".join(stack[0])

    def inline(self, tokens: list[Token]) -> str:
        out: list[str] = []
        opened_links: list[bool] = []  # per open link: whether it was written as #link
        for token in tokens:
            kind = token.type
            if kind == "text":
                out.append(escape_text(token.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("#linebreak()")
            elif kind == "code_inline":
                out.append(f"#raw({string_literal(token.content)})")
            elif kind in ("em_open", "strong_open", "s_open"):
                out.append({"em_open": "#emph[", "strong_open": "#strong[", "s_open": "#strike["}[kind])
            elif kind in ("em_close", "strong_close", "s_close"):
                out.append("]")
            elif kind == "link_open":
                url = self.links(str(token.attrGet("href") or ""))
                opened_links.append(url is not None)
                if url is not None:
                    out.append(f"#link({string_literal(url)})[")
            elif kind == "link_close":
                if opened_links and opened_links.pop():
                    out.append("]")
            elif kind == "image":
                alt = _alt_text(token.children or [])
                path = self.images(str(token.attrGet("src") or ""))
                if path is not None and alt:
                    out.append(f"#box(image({string_literal(path)}, alt: {string_literal(alt)}, width: 40%))")
                else:
                    out.append(escape_text(alt))
            elif kind == "html_inline" and self.html_as_text:
                out.append(escape_text(token.content))
        return "".join(out)


def _is_tight(tokens: list[Token], start: int) -> bool:
    """A list is tight when its paragraphs are hidden (markdown-it marks them so)."""
    opened = tokens[start]
    for token in tokens[start + 1:]:
        if token.type == "paragraph_open" and token.level == opened.level + 2:
            return token.hidden
        if token.level <= opened.level and token.type.endswith("_close"):
            break
    return True


def _alt_text(tokens: list[Token]) -> str:
    return "".join(t.content if t.type in ("text", "code_inline") else _alt_text(t.children or [])
                   if t.type == "image" else " " if t.type in ("softbreak", "hardbreak") else ""
                   for t in tokens)


def _table(table: dict) -> str:
    columns = max((len(row) for row in (table["header"], *table["rows"])), default=1)
    cells = []
    if table["header"]:
        header = table["header"][0]
        cells.append("table.header(" + ", ".join(header + ["[]"] * (columns - len(header))) + ")")
    for row in table["rows"]:
        cells.extend(row + ["[]"] * (columns - len(row)))
    return f"#table(columns: {columns}, {', '.join(cells)})\n\n"
