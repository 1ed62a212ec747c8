"""YAML in, with positions: the node tree keeps line and column for every value.

We compose nodes with libyaml (CSafeLoader) when available and validate the node tree, so an
error points at ``file:line:col`` in the user's file at no extra parsing cost.
"""

from __future__ import annotations

import yaml

from profilegen.errors import Problem, UserError

try:  # libyaml is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as FastLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as FastLoader  # type: ignore[assignment]


class YamlDocument:
    """A composed YAML document: its root node and the loader that can construct values."""

    def __init__(self, text: str, file: str, line_offset: int = 0) -> None:
        self.file = file
        self.line_offset = line_offset  # lines of the file before the YAML text starts
        self._loader = FastLoader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise UserError(self._problem_from(exc)) from None
        except yaml.YAMLError as exc:
            raise UserError(Problem(file, line_offset + 1, 1, f"invalid YAML: {exc}")) from None

    def construct(self, node):
        """The Python value of a node (deep), as yaml.safe_load would give it."""
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise UserError(self._problem_from(exc)) from None
        except ValueError as exc:  # e.g. a timestamp like 2026-13-45 that is no real date
            raise UserError(self.problem(node, f"'{getattr(node, 'value', '')}' is not a valid value: {exc}")) from None

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
        if node is None:
            return Problem(self.file, self.line_offset + 1 if self.line_offset else 1, 1, message)
        line, column = self.position(node)
        return Problem(self.file, line, column, message)

    def _problem_from(self, exc: yaml.MarkedYAMLError) -> Problem:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if "\t" in reason or "tab" in reason:
            hint = " (YAML does not allow tabs for indentation; use spaces)"
        elif "mapping values are not allowed" in reason:
            hint = " (put text that contains ': ' between quotes)"
        if mark is None:
            return Problem(self.file, self.line_offset + 1, 1, f"invalid YAML: {reason}{hint}")
        return Problem(
            self.file, mark.line + 1 + self.line_offset, mark.column + 1, f"invalid YAML: {reason}{hint}"
        )

    def dispose(self) -> None:
        self._loader.dispose()
