"""Markdown -> plain text that LinkedIn shows well: the one converter every LinkedIn text uses.

LinkedIn renders no Markdown (`**bold**` shows its asterisks), keeps line breaks, and
mangles leading spaces; so lists become `•` lines, links `text (url)`, and emphasis simply
goes. Never "Unicode bold": screen readers spell it out letter by letter.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Callable

from profilegen.markdown import DIRECTIVE, shared_parser

if TYPE_CHECKING:  # markdown-it-py is imported when text is converted, not by `build`
    from markdown_it.token import Token

Resolver = Callable[[str], str]  # href as written -> absolute URL


def linkedin_length(text: str) -> int:
    """Length as LinkedIn counts it: UTF-16 code units (JavaScript's string.length) after NFC."""
    return len(unicodedata.normalize("NFC", text).encode("utf-16-le")) // 2


def _inline(tokens: list[Token], resolve: Resolver) -> str:
    out: list[str] = []
    link_stack: list[tuple[str, int]] = []  # (href, position in out where its text starts)
    for token in tokens:
        kind = token.type
        if kind == "text":
            out.append(token.content)
        elif kind == "code_inline":
            out.append(token.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open":
            link_stack.append((str(token.attrGet("href") or ""), len(out)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            label = "".join(out[start:]).strip()
            url = resolve(href)
            del out[start:]
            if href.startswith("mailto:"):
                shown = href[len("mailto:"):]
                out.append(label if label == shown or not label else f"{label} ({shown})")
            elif not url or url.startswith("#"):
                out.append(label)
            elif not label or label.rstrip("/") == url.rstrip("/") or label == href:
                out.append(url)
            else:
                out.append(f"{label} ({url})")
        # images, raw HTML, emphasis and strikethrough markers: nothing of them shows
    return "".join(out)


def _clean(line: str) -> str:
    return re.sub(r"[ \t]+", " ", line).strip()


def markdown_to_text(markdown: str, resolve: Resolver | None = None) -> str:
    """Plain text for LinkedIn: blocks separated by one blank line, no trailing spaces, NFC."""
    resolve = resolve or (lambda href: href)
    markdown = DIRECTIVE.sub("", markdown)
    tokens = shared_parser().parse(markdown)
    blocks: list[str] = []
    lists: list[dict] = []   # open lists: {"ordered": bool, "number": int}
    quote_depth = 0
    item_lines: list[str] | None = None
    table_rows: list[list[str]] | None = None
    row: list[str] | None = None

    def emit(text: str) -> None:
        if quote_depth:
            text = "\n".join(f"“{line}”" if line else line for line in text.split("\n"))
        if item_lines is not None:
            item_lines.append(text)
        else:
            blocks.append(text)

    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append({"ordered": kind == "ordered_list_open", "number": start})
            if len(lists) == 1:
                item_lines = []
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and item_lines is not None:
                lines, item_lines = item_lines, None
                emit("\n".join(line for line in lines if line))
        elif kind == "list_item_open":
            current = lists[-1]
            marker = f"{current['number']}. " if current["ordered"] else ("• " if len(lists) == 1 else "◦ ")
            current["number"] += 1
            # The item's first paragraph gets the marker; later ones follow on their own lines.
            j = i + 1
            while j < len(tokens) and tokens[j].type not in ("inline", "list_item_close"):
                j += 1
            if j < len(tokens) and tokens[j].type == "inline":
                text = _clean(_inline(tokens[j].children or [], resolve))
                item_lines.append(marker + text)
                tokens[j] = tokens[j].copy(content="", children=[])
        elif kind == "heading_open":
            emit(_clean(_inline(tokens[i + 1].children or [], resolve)))
            i += 2
        elif kind == "paragraph_open":
            text = "\n".join(_clean(line) for line in _inline(tokens[i + 1].children or [], resolve).split("\n"))
            if text.strip():
                emit(text.strip())
            i += 2
        elif kind in ("fence", "code_block"):
            code = "\n".join(line.rstrip() for line in token.content.rstrip("\n").split("\n"))
            if code.strip():
                emit(code)
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "table_open":
            table_rows = []
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open") and row is not None:
            row.append(_clean(_inline(tokens[i + 1].children or [], resolve)))
        elif kind == "tr_close" and table_rows is not None and row is not None:
            table_rows.append(row)
            row = None
        elif kind == "table_close" and table_rows is not None:
            header, *body = table_rows
            lines = []
            for cells in body:
                pairs = [f"{h}: {c}" if h and c else c for h, c in zip(header, cells)]
                lines.append("• " + " · ".join(p for p in pairs if p))
            emit("\n".join(lines) if body else " · ".join(header))
            table_rows = None
        i += 1
    text = "\n\n".join(block for block in blocks if block.strip())
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_SENTENCE_END = re.compile(r"[.!?…](?:[”’\")\]]*)(?=\s)|\n")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` (LinkedIn count): at a sentence end if one is near,
    else at a word boundary with '…'. Never inside a word."""
    if linkedin_length(text) <= limit:
        return text
    # The longest prefix within the limit (counting as LinkedIn does).
    budget, end = 0, 0
    for index, char in enumerate(text):
        budget += 2 if ord(char) > 0xFFFF else 1
        if budget > limit - 1:  # keep room for the ellipsis
            break
        end = index + 1
    head = text[:end]
    # Look one character past the cut: a '.' there is only a sentence end if a space follows.
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text[:end + 1]) if m.end() <= end]
    if sentence_ends and sentence_ends[-1] >= end * 0.5:
        return head[:sentence_ends[-1]].rstrip()
    cut = max(head.rfind(" "), head.rfind("\n"))
    if end < len(text) and not text[end].isspace() and cut > 0:
        head = head[:cut]
    elif cut <= 0 and end < len(text) and not text[end].isspace():
        return ""  # a single word longer than the limit: nothing fits whole
    return head.rstrip(" ,;:–-\n") + "…"
