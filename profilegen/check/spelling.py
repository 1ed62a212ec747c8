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
from profilegen.messages import N_, _

DICTIONARIES = Path(__file__).resolve().parent.parent / "dictionaries"
RULE = "spelling.unknown"

# The dictionary of a language tag, and the one a page in that language falls back to (only
# asked about words the first does not know): professional Dutch borrows English phrases
# ("lessons learned") no Dutch list holds, and a Dutch professional's English pages name Dutch
# places and institutions ("Amersfoort", "Rijkswaterstaat") no English list holds.
_DICTIONARY_OF = {"nl": "nl", "en": "en_GB", "en-us": "en_US"}
_FALLBACK = {"nl": "en_GB", "en": "nl"}
_LANGUAGE_NAME = {"nl": N_("Dutch"), "en_GB": N_("English"), "en_US": N_("English")}

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

MESSAGE = N_("'{word}' is not in the {language} dictionary")
_SUGGEST = N_("did you mean: {words}? Or {learn}")
_LEARN = N_("if it is spelled right, run: profilegen check --learn {word}")


def _said_as(template: str, **groups: str):
    """A regex that reads ``template`` (in the user's language) back, its fields as ``groups``."""
    parts = re.split(r"\{(\w+)\}", _(template))
    return re.compile("^" + "".join(re.escape(part) if index % 2 == 0 else groups[part]
                                    for index, part in enumerate(parts)))


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
        if len(word) > LONGEST_SUGGESTED:
            return ()  # (no word is that long; its edits alone would fill memory: 3,000 letters, 200,000 edits)
        if word not in self._suggested:
            found = [w for w in _one_edit_away(word) if self.knows(w)]
            found.sort(key=lambda w: _likeness(word, w))
            if not found and not word[:1].isupper():  # (a capital: mostly a name, nothing to suggest)
                found = [w for w in self._speller.suggest(word) if w != word]
            self._suggested[word] = tuple(dict.fromkeys(found))[:3]
        return self._suggested[word]


_LETTERS = "abcdefghijklmnopqrstuvwxyzéëèïöüäáó"
# Longer than Dutch's longest compounds in use ("kindercarnavalsoptochtvoorbereidingswerkzaamheden": 49).
LONGEST_SUGGESTED = 60


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


def load_dictionaries(languages) -> None:
    """Load now the dictionaries that pages in ``languages`` are read against, fallbacks too
    (in realistic text some word always sends a page to its fallback)."""
    for language in sorted(languages):
        for name in dictionaries_for(language):
            dictionary(name)


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


def known_words(scan: Scan) -> tuple[frozenset[str], frozenset[str]]:
    """What the front matter is read with, and what the body is: also the page's own tags
    (a tag is checked where it is written, and once there, known in the text)."""
    profile = scan.profile
    author = profile.author
    known = _known_of((author.name, author.role, author.organisation, author.location), tuple(profile.topics),
                      tuple(profile.settings.check.words_known))
    return known, known | words_in(" ".join(scan.page.tags)) if scan.page.tags else known


def readable(scan: Scan) -> str:
    """``scan.text`` with everything that is not prose blanked (offsets unchanged)."""
    text = scan.text
    front_end = len(scan.page.front) if scan.page.front else 0
    if front_end:
        text = _front_prose(text[:front_end]) + text[front_end:]
    # (Only lines with a character that starts something to skip: the pattern is slow on prose.)
    return "\n".join(_SKIPPED.sub(_blank, line) if _SKIP_TRIGGER.search(line) else line
                     for line in text.split("\n"))


_SKIP_TRIGGER = re.compile(r"[<&\]@/#:]|\.\w|www\.")


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


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


# Words, per tuple of dictionaries, that need no look at the profile's own words: exempt, or
# known to the dictionaries (most words of most pages, so this is asked once per process).
_PLAIN_VERDICTS: dict[tuple[tuple[str, ...], str], bool] = {}


def _plainly_known(names: tuple[str, ...], token: str) -> bool:
    key = (names, token)
    verdict = _PLAIN_VERDICTS.get(key)
    if verdict is None:
        word = token.strip("_")
        verdict = _PLAIN_VERDICTS[key] = not word or _is_exempt(word) or _known_word(names, word, frozenset())
    return verdict


def _knows(names, word: str) -> bool:
    for name in names:
        if dictionary(name).knows(word):
            return True
    return False


def _known_word(names, word: str, known: frozenset[str]) -> bool:
    lower = word.lower()
    if lower in known or _knows(names, word):
        return True
    if lower.startswith("eé") and _knows(names, "é" + lower[1:]):
        return True  # "Eén" begins a sentence with "één" (Hunspell would want "Één")
    if word.endswith(("'s", "’s")):  # a possessive or a plural: "Sanne's", "pdf's"
        stem = word[:-2]
        if stem.lower() in known or _knows(names, stem):
            return True
    if "-" in word or "’" in word:
        parts = [p for p in re.split(r"-", word.replace("’", "'")) if p]
        return all(_is_exempt(p) or p.lower() in known or _known_word(names, p, known) for p in parts)
    return False


@rule(RULE)
def unknown(scan: Scan) -> Iterator[Finding]:
    names = tuple(dictionaries_for(scan.profile.language))
    if not names:
        return
    in_front, in_body = known_words(scan)
    text = readable(scan)
    # The distinct words first (one C-speed pass, most already judged in this process); only
    # the few that are not plainly known are looked for again, where they are.
    suspects = {token for token in set(_WORD.findall(text)) if not _plainly_known(names, token)
                and token.strip("_").lower() not in in_front}
    if not suspects:
        return
    front_end = len(scan.page.front) if scan.page.front else 0
    language = _(_LANGUAGE_NAME[names[0]])
    wanted = re.compile(r"(?<!\w)(?<!\w['’\-])(?:" + "|".join(map(re.escape, sorted(suspects, key=len, reverse=True)))
                        + r")(?![\w]|['’\-]\w)")
    verdicts: dict[tuple[str, frozenset], bool] = {}
    for match in wanted.finditer(text):
        word, start = match.group().strip("_"), match.start() + len(match.group()) - len(match.group().lstrip("_"))
        known = in_front if start < front_end else in_body
        if (word, known) not in verdicts:
            verdicts[word, known] = _known_word(names, word, known)
        if verdicts[word, known]:
            continue
        end = start + len(word)
        if text[end:end + 1] == "." and _knows(names, word + "."):
            continue  # an abbreviation the dictionary holds with its dot: "bijv.", "evt.", "dhr."
        if text[end:end + 1] == "-" and text[end + 1:end + 2] in (" ", "\n", "") and (
                _knows(names, word + "-") or (word.endswith("s") and _known_word(names, word[:-1], known))):
            continue  # the first half of a compound, the rest said once: "gemeenteraads- en provinciebeleid"
        suggestions = _suggestions(names, word)
        learn = _(_LEARN).format(word=word)
        hint = _(_SUGGEST).format(words=", ".join(suggestions), learn=learn) if suggestions else learn[0].upper() + learn[1:]
        yield scan.finding(start, RULE, WARNING, _(MESSAGE).format(word=word, language=language), hint)


def _suggestions(names, word: str) -> list[str]:
    """The page's dictionary's suggestions, else its fallback's ("recieve" on a Dutch page)."""
    for name in names:
        found = [s for s in dictionary(name).suggest(word) if s.lower() != word.lower()]
        if found:
            return found
    return []


def unknown_words(findings) -> dict[str, list[tuple[str, int, tuple[str, ...]]]]:
    """File -> (word, times, suggestions) of its spelling findings, most frequent first (the dashboard)."""
    per_file: dict[str, dict[str, list]] = {}
    said = _said_as(MESSAGE, word="(?P<word>.+)", language=r"\w+") if findings else None
    suggestions = _said_as(_SUGGEST, words="(?P<words>.+?)", learn="") if findings else None
    for finding in findings:
        match = said.fullmatch(finding.message) if finding.rule == RULE else None
        if match is None:
            continue
        words = per_file.setdefault(finding.file, {})
        entry = words.setdefault(match.group("word"), [0, ()])
        entry[0] += 1
        suggested = suggestions.match(finding.suggestion)
        if suggested:
            entry[1] = tuple(suggested.group("words").split(", "))
    return {file: sorted(((word, n, s) for word, (n, s) in words.items()), key=lambda e: (-e[1], e[0].lower()))
            for file, words in per_file.items()}


# --- `profilegen check --learn WORD…`: add words to check.words_known in site.yaml ---------

def learn(source: Path, words: list[str]) -> list[str]:
    """Add ``words`` to site.yaml's check.words_known; return those that were new.

    The file is edited as text, where the list is (or where it can go), so the user's
    comments, order and quoting stay as they were; the result is read back and must mean the
    old settings plus these words, or nothing is written. The new file replaces the old one
    in one step (a crash leaves one or the other, whole).
    """
    import os
    import tempfile

    import yaml

    from profilegen.config import SETTINGS_FILE, load_settings, settings_from_text
    from profilegen.errors import Problem, UserError

    path = source / SETTINGS_FILE
    old_settings = load_settings(source)  # (a broken site.yaml is reported as always)
    known = {w.lower() for w in old_settings.check.words_known}
    new = []
    for word in words:
        word = word.strip()
        if not word or any(ch.isspace() or not ch.isprintable() for ch in word):
            raise UserError(Problem("--learn", None, None, _("'{word}' is not one word; give words one by one").format(word=word)))
        if word.lower() not in known:
            known.add(word.lower())
            new.append(word)
    if not new:
        return []
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    if "\r" in text.replace("\r\n", ""):
        raise UserError(Problem(SETTINGS_FILE, None, None, _("has line ends profilegen cannot edit safely (a lone "
                                "carriage return); add the words to check.words_known yourself")))
    edited = _with_words(text.replace("\r\n", "\n"), new)
    wanted = yaml.safe_load(text) or {}
    wanted.setdefault("check", {})
    wanted["check"] = dict(wanted["check"] or {})
    wanted["check"]["words_known"] = list(wanted["check"].get("words_known") or []) + new
    if edited is None or yaml.safe_load(edited) != wanted or (
            settings_from_text(edited).check.words_known != [*old_settings.check.words_known, *new]):
        raise UserError(Problem(SETTINGS_FILE, None, None, _("its check: section is written in a way profilegen "
                                "cannot extend safely; add the words to check.words_known yourself: ")
                                + ", ".join(new)))
    out = ("\ufeff" if bom else "") + edited.replace("\n", newline)
    handle, temporary = tempfile.mkstemp(prefix=".site.yaml.", dir=source)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(out.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return new


def _quoted(word: str) -> str:
    """As a user would write it: plain when YAML reads it as that word, else double-quoted."""
    import json

    if re.fullmatch(r"[^\W\d_][\w'’-]*", word) and word.lower() not in _YAML_WORDS:
        return word
    return json.dumps(word, ensure_ascii=False)  # (a JSON string is a YAML double-quoted scalar)


_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _with_words(text: str, words: list[str]) -> str | None:
    """``text`` with ``words`` added to check.words_known, or None where that is not simple."""
    import yaml

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    check = next((value for key, value in root.value if key.value == "check"), None)
    listed = ", ".join(_quoted(w) for w in words)
    if check is None:  # a new section at the end
        ending = "" if text.endswith("\n") or not text else "\n"
        return f"{text}{ending}check:\n  words_known: [{listed}]\n"
    if isinstance(check, yaml.ScalarNode) and check.tag.endswith(":null") and check.value in ("", "~", "null"):
        if check.value:
            return None
        key_line_end = text.find("\n", check.start_mark.index)
        key_line_end = len(text) if key_line_end == -1 else key_line_end
        return text[:key_line_end] + f"\n  words_known: [{listed}]" + text[key_line_end:]
    if not isinstance(check, yaml.MappingNode) or check.flow_style or not check.value:
        return None
    current = next((value for key, value in check.value if key.value == "words_known"), None)
    if current is None:  # a new key after the section's last line
        indent = " " * check.value[0][0].start_mark.column
        return _after_line_of(text, check.value[-1][1].end_mark, f"{indent}words_known: [{listed}]")
    if not isinstance(current, yaml.SequenceNode):
        return None
    if current.flow_style:
        end = current.end_mark.index
        if text[end - 1:end] != "]":
            return None
        separator = ", " if current.value else ""
        return text[:end - 1] + separator + listed + text[end - 1:]
    last = current.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start:last.start_mark.index]
    if prefix.strip() != "-":
        return None
    return _after_line_of(text, last.end_mark, "\n".join(prefix + _quoted(w) for w in words))


def _after_line_of(text: str, mark, lines: str) -> str:
    """``lines`` inserted after the line on which ``mark`` (the end of a value) is."""
    at = mark.index
    if at > 0 and text[at - 1] == "\n":  # (a block value ends at the start of the next line)
        at -= 1
    line_end = text.find("\n", at)
    if line_end == -1:
        return text + "\n" + lines + "\n"
    return text[:line_end + 1] + lines + "\n" + text[line_end + 1:]
