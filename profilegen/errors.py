"""Two kinds of failure: the user's (a clean, located message, exit 1) and ours (a bug, exit 3).

Every stage gathers the problems it finds and raises them together, so a user fixes a whole
batch per run instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from profilegen.messages import _


@dataclass(frozen=True)
class Problem:
    """One located message, printed like a compiler does: ``file:line:col: error: message``."""

    file: str
    line: int | None
    column: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.severity}: {self.message}"


class UserError(Exception):
    """Something in the user's content, settings or command line is wrong; never a bug."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("profilegen", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(UserError):
    """The command line itself is wrong (exit code 2)."""


def did_you_mean(word: str, choices) -> str:
    """A short suggestion for a misspelt key or value, or an empty string."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _(" (did you mean '{close}'?)").format(close=close[0]) if close else ""
