"""spelling.unknown: words that neither the page's dictionary nor the author knows.

Hunspell (through chunspell, imported only when this rule runs) with the dictionaries shipped
in profilegen/dictionaries/: OpenTaal's Dutch one (which allows the compounds Dutch makes,
"gemeenteraadsvergadering") and an English one; nothing is ever fetched. A dictionary is
loaded the first time a page in its language is checked (Dutch takes about a second), and
`run_check` remembers each file's findings by its digest, so an edit re-checks one file.

What is read: the body without code, URLs, e-mail addresses, file names and HTML, and in the
front matter only the values of title, summary, description and tags (not its keys). What is
known without a dictionary: words with digits, abbreviations in capitals, names written with
an inner capital ("LinkedIn"), the author's name, role, organisation and location, the
profile's topics, the page's tags and `check.words_known` (which `check --learn` extends).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Iterator

from profilegen.check import WARNING, Finding, Scan, rule

DICTIONARIES = Path(__file__).resolve().parent.parent / "dictionaries"
RULE = "spelling.unknown"

# The dictionary of a language tag, and the one a page in that language falls back to (only
# asked about words the first does not know): professional Dutch borrows English phrases
# ("lessons learned") no Dutch list holds, and a Dutch professional's English pages name Dutch
# places and institutions ("Amersfoort", "Rijkswaterstaat") no English list holds.
_DICTIONARY_OF = {"nl": "nl", "en": "en_GB", "en-us": "en_US"}
_FALLBACK = {"nl": "en_GB", "en": "nl"}
_LANGUAGE_NAME = {"nl": "Dutch", "en_GB": "English", "en_US": "English"}

# Words as people write them: letters and digits, with apostrophes and hyphens inside
# ("collega's", "kick-off"). Underscores belong to the word too, so an identifier is one word.
_WORD = re.compile(r"[\w]+(?:['’\-][\w]+)*")
_SKIPPED = re.compile("|".join([
    r"<!--.*?-->",                                        # (comments: already blank in a Scan)
    r"</?[A-Za-z][^<>\n]*>",                              # HTML tags
    r"&#?\w+;",                                           # entities
    r"\]\([^)\n]*\)",                                     # link and image destinations
    r"^ {0,3}\[[^\]\n]+\]:[^\n]*",                    # reference definitions
    r"\b(?:https?|ftp|mailto|tel):[^\s<>)\]]+",           # URLs
    r"\bwww\.[^\s<>)\]]+",
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",                   # e-mail addresses
    r"(?:[\w.\-~]*/)+[\w.\-]*\.\w+|(?<!\w)[./~][\w.\-]*/[\w./\-]*",  # paths
    r"\b[\w\-]+(?:\.[\w\-]+)*\.(?:md|markdown|ya?ml|json|toml|txt|csv|pdf|docx?|xlsx?|pptx?|odt|html?|css|js|py"
    r"|png|jpe?g|gif|svg|webp|zip)\b",                   # file names
    r"(?<!\w)@[\w.]+|(?<!\w)#[\w\-]+",                     # handles, hashtags, anchors
]), re.S | re.I | re.M)
# Front matter keys whose values are prose; the rest (dates, layers, images) is not.
_PROSE_KEYS = {"title", "summary", "description", "tags"}
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w\-]*)\s*:")

MESSAGE = "'{word}' is not in the {language} dictionary"
_MESSAGE = re.compile(r"^'(?P<word>.+)' is not in the \w+ dictionary$")
_SUGGESTIONS = re.compile(r"^did you mean: (?P<words>.+?)\?")


class Dictionary:
    """One Hunspell dictionary, with what it said about each word remembered."""

    def __init__(self, name: str) -> None:
        import hunspell  # chunspell; ~25 ms, and only when a page is spell-checked

        self.name = name
        self._speller = hunspell.Hunspell(name, hunspell_data_dir=str(DICTIONARIES))
        supplement = DICTIONARIES / f"{name}-profilegen.txt"
        if supplement.is_file():  # professional words the dictionary lacks (see the file)
            for line in supplement.read_text("utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    self._speller.add(line.strip())
        self._known: dict[str, bool] = {}
        self._suggested: dict[str, tuple[str, ...]] = {}

    def knows(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = bool(self._speller.spell(word))
        return known

    def suggest(self, word: str) -> tuple[str, ...]:
        """Up to three words this one was probably meant to be, the likeliest first.

        Words one edit away (a letter doubled, dropped, swapped or wrong: most typing errors)
        are tried first, against `knows`: about 10 ms a word. Only when none is a word does
        Hunspell's own search run, which weighs all of Dutch's compounds and takes 0.2-2 s.
        """
        if word not in self._suggested:
            found = [w for w in _one_edit_away(word) if self.knows(w)]
            found.sort(key=lambda w: _likeness(word, w))
            if not found and not word[:1].isupper():  # (a capital: mostly a name, nothing to suggest)
                found = [w for w in self._speller.suggest(word) if w != word]
            self._suggested[word] = tuple(dict.fromkeys(found))[:3]
        return self._suggested[word]


_LETTERS = "abcdefghijklmnopqrstuvwxyzéëèïöüäáó"


def _one_edit_away(word: str) -> list[str]:
    """Words one deletion, swap of neighbours, replacement or insertion away, and a split."""
    lower = word.lower()
    capital = word[:1].isupper()
    pieces = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
    edits = [a + b[1] + b[0] + b[2:] for a, b in pieces if len(b) > 1]
    edits += [a + b[1:] for a, b in pieces if b]
    edits += [a + c + b for a, b in pieces for c in _LETTERS]
    edits += [a + c + b[1:] for a, b in pieces if b for c in _LETTERS if c != b[0]]
    edits = [e for e in dict.fromkeys(edits) if e and e != lower]
    if capital:
        edits = [e[:1].upper() + e[1:] for e in edits]
    return edits


def _likeness(typed: str, candidate: str) -> tuple:
    """Sort key: the first letter kept (people rarely mistype it), then the same letters in
    another order, then a letter doubled or undoubled, then the rest."""
    first_changed = typed[:1].lower() != candidate[:1].lower()
    if sorted(typed.lower()) == sorted(candidate.lower()):
        return (first_changed, 0)
    longer, shorter = (candidate, typed) if len(candidate) > len(typed) else (typed, candidate)
    doubled = len(longer) == len(shorter) + 1 and re.search(r"(.)\1", longer.lower()) is not None
    return (first_changed, 1 if doubled else 2)


@functools.lru_cache(maxsize=4)
def dictionary(name: str) -> Dictionary:
    return Dictionary(name)


def dictionaries_for(language: str) -> list[str]:
    """The dictionaries a page in ``language`` is read against (none for other languages)."""
    tag = language.lower()
    name = _DICTIONARY_OF.get(tag) or _DICTIONARY_OF.get(tag.split("-")[0])
    if name is None:
        return []
    return [name] + ([_FALLBACK[tag.split("-")[0]]] if tag.split("-")[0] in _FALLBACK else [])


def words_in(text: str) -> set[str]:
    """The words of a setting or a tag, lower case, hyphenated ones whole and in parts."""
    words = set()
    for match in _WORD.finditer(text.lower()):
        words.add(match.group())
        words.update(re.split(r"['’\-]", match.group()))
    return words


@functools.lru_cache(maxsize=16)
def _known_of(author: tuple, topics: tuple[str, ...], listed: tuple[str, ...]) -> frozenset[str]:
    known = set()
    for text in (*author, *topics, *listed):
        known |= words_in(text or "")
    return frozenset(known)


def known_words(scan: Scan) -> frozenset[str]:
    profile = scan.profile
    author = profile.author
    known = _known_of((author.name, author.role, author.organisation, author.location), tuple(profile.topics),
                      tuple(profile.settings.check.words_known))
    if scan.page.tags:
        known = known | words_in(" ".join(scan.page.tags))
    return known


def readable(scan: Scan) -> str:
    """``scan.text`` with everything that is not prose blanked (offsets unchanged)."""
    text = scan.text
    front_end = len(scan.page.front) if scan.page.front else 0
    if front_end:
        text = _front_prose(text[:front_end]) + text[front_end:]
    return _SKIPPED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _front_prose(front: str) -> str:
    """Front matter with only the values of prose keys left; keys and other values blank."""
    lines, keep = [], False
    for line in front.split("\n"):
        key = _FRONT_KEY.match(line)
        if key:
            keep = key.group(1).lower() in _PROSE_KEYS
            line = " " * key.end() + line[key.end():]
        if not keep:
            line = " " * len(line)
        lines.append(line)
    return "\n".join(lines)


def _is_exempt(word: str) -> bool:
    """Words no dictionary is asked about: with digits or underscores, abbreviations, brands."""
    if len(word) < 2 or "_" in word or any(ch.isdigit() for ch in word):
        return True
    letters = [ch for ch in word if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) >= 2:
        return True  # "GGD", "VvE", "LinkedIn", "iPhone"
    return bool(letters) and not letters[0].isupper() and any(ch.isupper() for ch in letters)


def _knows(names: list[str], word: str) -> bool:
    for name in names:
        if dictionary(name).knows(word):
            return True
    return False


def _known_word(names: list[str], word: str, known: frozenset[str]) -> bool:
    lower = word.lower()
    if lower in known or _knows(names, word):
        return True
    if word.endswith(("'s", "’s")):  # a name's possessive or a plural: "Verhoevens'", "pdf's"
        stem = word[:-2]
        if stem.lower() in known or _knows(names, stem):
            return True
    if "-" in word or "’" in word:
        parts = [p for p in re.split(r"-", word.replace("’", "'")) if p]
        return all(_is_exempt(p) or p.lower() in known or _known_word(names, p, known) for p in parts)
    return False


@rule(RULE)
def unknown(scan: Scan) -> Iterator[Finding]:
    names = dictionaries_for(scan.profile.language)
    if not names:
        return
    known = known_words(scan)
    text = readable(scan)
    language = _LANGUAGE_NAME[names[0]]
    verdicts: dict[str, bool] = {}
    for match in _WORD.finditer(text):
        word, start = match.group().strip("_"), match.start() + len(match.group()) - len(match.group().lstrip("_"))
        if not word:
            continue
        if word not in verdicts:
            verdicts[word] = _is_exempt(word) or _known_word(names, word, known)
        if verdicts[word]:
            continue
        suggestions = _suggestions(names, word)
        learn = f"if it is spelled right, run: profilegen check --learn {word}"
        hint = f"did you mean: {', '.join(suggestions)}? Or {learn}" if suggestions else learn[0].upper() + learn[1:]
        yield scan.finding(start, RULE, WARNING, MESSAGE.format(word=word, language=language), hint)


def _suggestions(names: list[str], word: str) -> list[str]:
    """The page's dictionary's suggestions, else its fallback's ("recieve" on a Dutch page)."""
    for name in names:
        found = [s for s in dictionary(name).suggest(word) if s.lower() != word.lower()]
        if found:
            return found
    return []


def unknown_words(findings) -> dict[str, list[tuple[str, int, tuple[str, ...]]]]:
    """File -> (word, times, suggestions) of its spelling findings, most frequent first (the dashboard)."""
    per_file: dict[str, dict[str, list]] = {}
    for finding in findings:
        match = _MESSAGE.match(finding.message) if finding.rule == RULE else None
        if match is None:
            continue
        words = per_file.setdefault(finding.file, {})
        entry = words.setdefault(match.group("word"), [0, ()])
        entry[0] += 1
        suggested = _SUGGESTIONS.match(finding.suggestion)
        if suggested:
            entry[1] = tuple(suggested.group("words").split(", "))
    return {file: sorted(((word, n, s) for word, (n, s) in words.items()), key=lambda e: (-e[1], e[0].lower()))
            for file, words in per_file.items()}
