"""YAML in, with positions: the node tree keeps line and column for every value.

We compose nodes with libyaml (CSafeLoader) when available and validate the node tree, so an
error points at ``file:line:col`` in the user's file at no extra parsing cost. Parser errors
are reworded for people who never heard of YAML: the tab, the quote that is never closed and
the alias that repeats itself are named where they are.
"""

from __future__ import annotations

import re

import yaml

from profilegen.errors import Problem, UserError
from profilegen.messages import N_, _

# PyYAML's most common reasons, said in the user's language too (others stay as PyYAML says them).
_REASONS = (N_("mapping values are not allowed here"), N_("mapping values are not allowed in this context"),
            N_("did not find expected key"),
            N_("could not find expected ':'"), N_("did not find expected ',' or ']'"),
            N_("did not find expected ',' or '}'"), N_("found character that cannot start any token"),
            N_("found undefined alias"), N_("invalid YAML"))

try:  # libyaml is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as FastLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as FastLoader  # type: ignore[assignment]

# What aliases (*name) may add to a document, in values plus characters, beyond what the
# file itself holds: a few repeated blocks pass, a "billion laughs" (aliases of aliases,
# a few hundred bytes that expand to gigabytes) is refused before anything is built from it.
ALIAS_BUDGET = 10_000


class YamlDocument:
    """A composed YAML document: its root node and the loader that can construct values."""

    def __init__(self, text: str, file: str, line_offset: int = 0) -> None:
        self.file = file
        self.line_offset = line_offset  # lines of the file before the YAML text starts
        self._text = text
        self._loader = FastLoader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            self._loader.dispose()
            raise UserError(self._problem_from(exc)) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
            self._loader.dispose()
            raise UserError(self._reader_problem(exc)) from None
        except yaml.YAMLError as exc:
            self._loader.dispose()
            raise UserError(Problem(file, line_offset + 1, 1, _("invalid YAML: {exc}").format(exc=exc))) from None
        # (An alias needs an anchor: without both characters there is nothing to walk.)
        if self.root is not None and "*" in text and "&" in text:
            problem = self._alias_problem()
            if problem is not None:
                self._loader.dispose()
                raise UserError(problem)

    def construct(self, node):
        """The Python value of a node (deep), as yaml.safe_load would give it."""
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise UserError(self._problem_from(exc)) from None
        except ValueError as exc:  # e.g. a timestamp like 2026-13-45 that is no real date
            raise UserError(self.problem(node, _("'{value}' is not a valid value: {exc}").format(value=getattr(node, 'value', ''), exc=exc))) from None

    def flatten(self, node) -> None:
        """Apply merge keys (``<<: *defaults``) of a mapping node in place, as PyYAML does: the
        merged pairs come first, and a key written in the mapping itself replaces its merged one."""
        if not any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
            return
        try:
            self._loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as exc:
            raise UserError(self._problem_from(exc)) from None
        last = {getattr(key, "value", id(key)): index for index, (key, _) in enumerate(node.value)}
        node.value = [pair for index, pair in enumerate(node.value)
                      if last[getattr(pair[0], "value", id(pair[0]))] == index]

    def find(self, path: list[str], *, key: bool = False):
        """The value node (or with ``key``, the key node) at a path of mapping keys, or None."""
        from yaml import MappingNode

        node, found = self.root, None
        for part in path:
            if not isinstance(node, MappingNode):
                return found
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == part:
                    found, node = (key_node if key else value_node), value_node
                    break
            else:
                return found
        return found

    def position(self, node) -> tuple[int, int]:
        """1-based line and column of a node in the user's file."""
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def problem(self, node, message: str) -> Problem:
        if node is None or getattr(node, "start_mark", None) is None:
            return Problem(self.file, self.line_offset + 1, 1, message)
        line, column = self.position(node)
        return Problem(self.file, line, column, message)

    def _line(self, index: int) -> str:
        lines = self._text.split("\n")
        return lines[index] if 0 <= index < len(lines) else ""

    def _problem_from(self, exc: yaml.MarkedYAMLError) -> Problem:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        message = _("invalid YAML: {reason}").format(reason=_(reason))
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None \
                and "end of stream" in reason:
            # The scanner reads on to the end of the text looking for the closing quote; the
            # place that helps is where the quote was opened.
            mark = exc.context_mark
            quote = self._line(mark.line)[mark.column:mark.column + 1] or '"'
            message = (_("invalid YAML: the quote ({quote}) opened on line {line} is "
                       "never closed; add the closing {quote} at the end of the text").format(quote=quote, line=mark.line + 1 + self.line_offset))
        elif mark is not None and self._line(mark.line)[mark.column:mark.column + 1] == "\t":
            message = (_("invalid YAML: a tab at line {line}, column {column}; "
                       "YAML does not allow tabs for indentation: use spaces").format(line=mark.line + 1 + self.line_offset, column=mark.column + 1))
        elif "mapping values are not allowed" in reason:
            message += _(" (put text that contains ': ' between quotes)")
        elif mark is not None and self._line(mark.line)[mark.column:mark.column + 1] in ("@", "`"):
            char = self._line(mark.line)[mark.column]
            message += _(" (text that starts with {char} must be put between quotes)").format(char=char)
        elif "escape" in reason:
            message += _(" (write the character itself, or a \\u escape of a whole character)")
        elif "expected a single document" in (exc.context or ""):
            message = (_("invalid YAML: a second document starts here (a line '---' ends the first); remove "
                       "the line, or put the text that holds it between quotes"))
        if mark is None:
            return Problem(self.file, self.line_offset + 1, 1, message)
        return Problem(self.file, mark.line + 1 + self.line_offset, mark.column + 1, message)

    def _reader_problem(self, exc) -> Problem:
        before = self._text[:exc.position]
        line = before.count("\n") + 1 + self.line_offset
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return Problem(self.file, line, column,
                       _("this file holds the control character U+{char:04X}, which YAML does not allow "
                       "(it is invisible; it came with pasted text or from another program); remove it").format(char=char))

    def _alias_problem(self) -> Problem | None:
        """A located Problem when aliases refer to the value they are in (a loop), or repeat
        more than ALIAS_BUDGET beyond what the file holds; None when they are harmless.

        The composed graph shares one node per anchor, so this walk is as long as the text:
        the expanded size of each node is worked out once and added up where it is reused.
        """
        from yaml import MappingNode, ScalarNode

        def children(node):
            if isinstance(node, MappingNode):
                return [part for pair in node.value for part in pair]
            return node.value

        sizes: dict[int, int] = {}   # node -> values plus characters it stands for, expanded
        path: set[int] = set()       # nodes being walked: meeting one again is a loop
        added = 0                    # what aliases add beyond the file
        written = 0                  # what the file holds
        stack = [(self.root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                path.discard(key)
                sizes[key] = min(1 + sum(sizes[id(child)] for child in children(node)), 1 << 40)
                continue
            if key in path:
                return self.problem(node, _("an alias ({alias}) inside the value it refers to "
                                          "repeats it without end (a loop); write the value out instead").format(alias=self._anchor_at(node, '*')))
            if key in sizes:  # met again: an alias
                added += sizes[key]
                if added > ALIAS_BUDGET + written:
                    return self.problem(node, _("the value of the anchor {anchor} is repeated by "
                                              "its aliases into far more than the file holds (like a 'billion "
                                              "laughs'), so it is not read; write the values out, or use fewer "
                                              "aliases (*)").format(anchor=self._anchor_at(node, '&')))
                continue
            if isinstance(node, ScalarNode):
                sizes[key] = 1 + len(node.value)
                written += sizes[key]
                continue
            written += 1
            path.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children(node)))
        return None

    def _anchor_at(self, node, sigil: str) -> str:
        """'&name' (or '*name') for the anchor written where ``node`` starts, if it can be read."""
        mark = node.start_mark
        match = re.match(r"&([^\s,\[\]{}]+)", self._line(mark.line)[mark.column:])
        return f"'{sigil}{match.group(1)}'" if match else "here"

    def dispose(self) -> None:
        self._loader.dispose()
