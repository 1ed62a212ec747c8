"""tone.dismissive: wording that puts people or groups down, in Dutch and English.

Reputation is built in years and lost in a sentence; a profile is read by people who think
differently too. Word lists are data files per language (data/tone-<lang>.txt) that a
profile extends with `check.words` in site.yaml.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Iterator

from profilegen.check import WARNING, Finding, Scan, rule

_DATA = Path(__file__).resolve().parent / "data"

# "die mensen zijn allemaal …", "those people are all …": a whole group in one judgement.
_GENERALISATIONS = {
    "nl": re.compile(r"\b(die|deze|al die|zulke)\s+(\w+)\s+(zijn|doen|willen|kunnen)\s+(allemaal|altijd|nooit)\b", re.I),
    "en": re.compile(r"\b(those|these|all those|such)\s+(\w+)\s+are\s+(all|always|never|just)\b", re.I),
}


@functools.lru_cache(maxsize=8)
def _words(language: str, extra: tuple[str, ...]) -> re.Pattern | None:
    path = _DATA / f"tone-{language}.txt"
    words = list(extra)
    if path.is_file():
        words += [line.strip() for line in path.read_text("utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
    if not words:
        return None
    alternatives = sorted({re.escape(w.lower()) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(alternatives).replace(r"\ ", r"\s+") + r")(?![\w-])", re.I)


@rule("tone.dismissive")
def dismissive(scan: Scan) -> Iterator[Finding]:
    # The page's language, and English too: professionals write English phrases in any language.
    languages = dict.fromkeys([scan.profile.language.split("-")[0], "en"])
    for language in languages:
        extra = tuple(scan.profile.settings.check.words.get(language, ()))
        pattern = _words(language, extra)
        if pattern is None:
            continue
        for match in pattern.finditer(scan.text):
            yield scan.finding(match.start(), "tone.dismissive", WARNING,
                               f"'{match.group(0)}' puts people down; readers who feel meant stop listening, "
                               "and it sticks to your name",
                               "say what you disagree with and why, not what you think of the people")
    for language in languages:
        general = _GENERALISATIONS.get(language)
        if general is None:
            continue
        for match in general.finditer(scan.text):
            yield scan.finding(match.start(), "tone.dismissive", WARNING,
                               f"'{match.group(0)}' judges a whole group at once",
                               "speak of what you saw, with an example, instead of what 'they all' are")
