"""What is published besides a file's text: the settings that reach a page, and file names.

site.yaml is read as the text rules read a content file: its text with everything that is
not published blanked out (keys, comments, settings no page shows), so every finding keeps
its line and column in site.yaml. A file name becomes the page's address (and an address in
the feed, the sitemap and a LinkedIn post), so the privacy rules read it too.
"""

from __future__ import annotations

import re

from profilegen.model import Page

# Settings no page, feed or export shows (at the top level and under i18n.<language>).
UNPUBLISHED = frozenset({"check", "theme", "output", "language", "languages", "markdown", "notes", "base_url"})
SETTINGS_PAGE_KIND = "settings"


def published_settings_text(text: str) -> str:
    """``text`` (a site.yaml) with only the values that reach a page kept, the rest spaces."""
    import yaml

    from profilegen.yamlio import YamlDocument

    document = YamlDocument(text, "site.yaml")
    try:
        spans: list[tuple[int, int, int, int]] = []

        def walk(node, path: tuple[str, ...]) -> None:
            if isinstance(node, yaml.ScalarNode):
                if path:  # (a bare scalar document publishes nothing)
                    spans.append((node.start_mark.line, node.start_mark.column,
                                  node.end_mark.line, node.end_mark.column))
            elif isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    walk(item, path)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    name = str(getattr(key, "value", ""))
                    top = len(path) == 0 or (len(path) == 2 and path[0] == "i18n")
                    if not (top and name in UNPUBLISHED):
                        walk(value, (*path, name))

        if document.root is not None:
            walk(document.root, ())
    finally:
        document.dispose()
    lines = text.split("\n")
    kept = [[" "] * len(line) for line in lines]
    for start_line, start_column, end_line, end_column in spans:
        for number in range(start_line, min(end_line, len(lines) - 1) + 1):
            line = lines[number]
            first = start_column if number == start_line else 0
            last = end_column if number == end_line else len(line)
            kept[number][first:last] = line[first:last]
    return "\n".join("".join(chars) for chars in kept)


def settings_page() -> Page:
    """A stand-in Page for site.yaml, so its Scan reports 'site.yaml:line:col'."""
    return Page(SETTINGS_PAGE_KIND, "site.yaml", "", "site.yaml", None, "", 1)


_YAML_IGNORE = re.compile(r"#\s*profilegen:\s*ignore\s+([\w.\-, ]+)")


def settings_ignored(text: str) -> dict[int, set[str]]:
    """``# profilegen: ignore privacy.phone`` in site.yaml: the rules ignored on the next line."""
    ignored: dict[int, set[str]] = {}
    if "profilegen:" in text:
        for number, line in enumerate(text.split("\n"), 1):
            match = _YAML_IGNORE.search(line)
            if match:
                ignored.setdefault(number + 1, set()).update(match.group(1).replace(",", " ").split())
    return ignored


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]?")


def name_text(page: Page) -> str:
    """A file's name and its page's address as words: what a reader of the URL sees.

    The date in front of a note's name is dropped (a date is no finding); '-' and '_' become
    spaces, as they are read: 'bel-me-06-12345678' is 'bel me 06 12345678'.
    """
    names = []
    stem = page.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    names.append(_DATE_PREFIX.sub("", stem))
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    slug = _DATE_PREFIX.sub("", slug.rsplit(".", 1)[0] if slug.endswith(".html") else slug)
    if slug and slug.lower() != names[0].lower():
        names.append(slug)
    return "\n".join(re.sub(r"[-_]+", " ", name) for name in names)
