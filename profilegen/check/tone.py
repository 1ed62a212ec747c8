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
_GENERALISING = {"nl": {"allemaal", "altijd", "nooit"}, "en": {"all", "always", "never", "just"}}
_GENERALISATIONS = {
    "nl": re.compile(r"\b(die|deze|al die|zulke)\s+(\w+)\s+(zijn|doen|willen|kunnen)\s+(allemaal|altijd|nooit)\b", re.I),
    "en": re.compile(r"\b(those|these|all those|such)\s+(\w+)\s+are\s+(all|always|never|just)\b", re.I),
}


@functools.lru_cache(maxsize=8)
def _words(language: str, extra: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """First word -> the phrases (as word tuples) that start with it, from the list and ``extra``."""
    path = _DATA / f"tone-{language}.txt"
    entries = list(extra)
    if path.is_file():
        entries += [line.strip() for line in path.read_text("utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        words = tuple(_WORD.findall(entry.lower()))
        if words:
            phrases.setdefault(words[0], []).append(words)
    for options in phrases.values():
        options.sort(key=len, reverse=True)  # the longest phrase wins
    return phrases


# Words as the lists hold them: letters and digits, with inner hyphens ("half-wit").
_WORD = re.compile(r"\w+(?:-\w+)*")
# The verbs a generalisation needs, besides its opening and its "all/always/never".
_GENERALISING_VERBS = {"nl": {"zijn", "doen", "willen", "kunnen"}, "en": {"are"}}
_GENERALISING_OPENERS = {"nl": {"die", "deze", "al", "zulke"}, "en": {"those", "these", "all", "such"}}
# ASCII bytes that end a word (neither \w nor "-") become spaces; other bytes stay.
_WORD_BREAKS = bytes(byte if byte >= 128 or re.match(r"[\w-]", chr(byte)) else ord(" ") for byte in range(256))


def words_of(lowered: str) -> set[str]:
    """The set of ``_WORD.findall(lowered)``, three times faster.

    ASCII word breaks become spaces at C speed (bytes.translate), then str.split and set do
    the rest; only the few chunks that are not one plain word (hyphens, underscores, curly
    quotes, accents written as combining marks) go through the regex.
    """
    text = lowered.encode("utf-8", "surrogatepass").translate(_WORD_BREAKS).decode("utf-8", "surrogatepass")
    words = set(text.split())
    odd = [chunk for chunk in words if not chunk.isalnum()]
    if odd:
        words.difference_update(odd)
        for chunk in odd:
            words.update(_WORD.findall(chunk))
    return words


def _hits(text: str, phrases: dict[str, list[tuple[str, ...]]], present: set[str]):
    """(start, end) of every listed phrase in ``text``: one pass over its words, no big regex.

    ``present`` is the set of the text's words. Only a phrase all of whose words are present
    can match, and in real writing there is rarely one: "niet" is in most Dutch paragraphs,
    "niet snugger" in almost none. So the text is read word by word only when there is.
    """
    possible = {}
    for first in present.intersection(phrases):
        options = [phrase for phrase in phrases[first] if present.issuperset(phrase)]
        if options:
            possible[first] = options
    if not possible:
        return
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    for index, (start, _, word) in enumerate(tokens):
        for phrase in possible.get(word, ()):
            following = tokens[index:index + len(phrase)]
            if len(following) == len(phrase) and all(t[2] == w for t, w in zip(following, phrase)):
                yield start, following[-1][1]
                break


@rule("tone.dismissive")
def dismissive(scan: Scan) -> Iterator[Finding]:
    # The page's language, and English too: professionals write English phrases in any language.
    languages = dict.fromkeys([scan.profile.language.split("-")[0], "en"])
    present = words_of(scan.lowered)
    for language in languages:
        extra = tuple(scan.profile.settings.check.words.get(language, ()))
        for start, end in _hits(scan.text, _words(language, extra), present):
            yield scan.finding(start, "tone.dismissive", WARNING,
                               f"'{scan.text[start:end]}' puts people down; readers who feel meant stop listening, "
                               "and it sticks to your name",
                               "say what you disagree with and why, not what you think of the people")
    for language in languages:
        general = _GENERALISATIONS.get(language)
        if general is None or any(present.isdisjoint(needed) for needed in (
                _GENERALISING[language], _GENERALISING_OPENERS[language], _GENERALISING_VERBS[language])):
            continue
        for match in general.finditer(scan.text):
            yield scan.finding(match.start(), "tone.dismissive", WARNING,
                               f"'{match.group(0)}' judges a whole group at once",
                               "speak of what you saw, with an example, instead of what 'they all' are")
