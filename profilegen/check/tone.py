"""tone.dismissive: wording that puts people or groups down, in Dutch and English.

Reputation is built in years and lost in a sentence; a profile is read by people who think
differently too. Word lists are data files per language (data/tone-<lang>.txt) that a
profile extends with `check.words` in site.yaml.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from profilegen.check import WARNING, Finding, LazyPattern, Scan, rule
from profilegen.messages import _

_DATA = Path(__file__).resolve().parent / "data"

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


def words_among(lowered: str, wanted: frozenset[str]) -> set[str]:
    """``words_of(lowered) & wanted``, without making the set of all the text's words.

    The text stays UTF-8 bytes: ASCII word breaks become spaces (bytes.translate) and
    bytes.split cuts it, both at C speed and without a str object per word. A chunk of ASCII
    letters and digits is one word, so intersecting the chunks with the wanted words (as
    bytes) costs a hash lookup each. The few chunks that are not (hyphens, underscores, any
    non-ASCII letter or mark: é, ’, “, a no-break space) are decoded and read as words_of
    reads them. (A chunk among the wanted is a word: they are words.)
    """
    text = lowered.encode("utf-8", "surrogatepass").translate(_WORD_BREAKS)
    found, odd = set(), set()
    start = 0
    while start < len(text):  # (a piece at a time: the list of a 50 MB text's chunks would take ~800 MB)
        end = text.find(b" ", start + WORDS_PIECE) if start + WORDS_PIECE < len(text) else -1
        end = len(text) if end == -1 else end  # (cut at a space, which no chunk holds)
        chunks = text[start:end].split()
        found.update(word.decode("utf-8", "surrogatepass") for word in _as_bytes(wanted).intersection(chunks))
        odd.update(itertools.filterfalse(bytes.isalnum, chunks))
        start = end
    for chunk in odd:
        found.update(wanted.intersection(_WORD.findall(chunk.decode("utf-8", "surrogatepass"))))
    return found


WORDS_PIECE = 1 << 20  # bytes of text that words_among splits at once


@functools.lru_cache(maxsize=8)
def _as_bytes(words: frozenset[str]) -> frozenset[bytes]:
    return frozenset(word.encode("utf-8", "surrogatepass") for word in words)


@functools.lru_cache(maxsize=8)
def vocabulary(languages: tuple[str, ...], extras: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """Every word the tone rules react to: those of the listed phrases (with a profile's
    ``extras`` per language) and the sentence rules' triggers."""
    words = set().union(*(rule.triggers for rule in (*DISMISSIVE_RULES, BRAGGING)))
    for language, extra in zip(languages, extras):
        for phrases in _words(language, extra).values():
            words.update(*phrases)
    return frozenset(words)


def _languages(scan: Scan) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The page's language, and English too: professionals write English phrases in any
    language; with each, the profile's own words for it (check.words)."""
    languages = tuple(dict.fromkeys([scan.profile.language.split("-")[0], "en"]))
    return languages, tuple(tuple(scan.profile.settings.check.words.get(language, ())) for language in languages)


def present_words(scan: Scan) -> set[str]:
    """The words of the scan's text that a tone rule reacts to (made once per scan)."""
    if scan._words is None:
        scan._words = words_among(scan.lowered, vocabulary(*_languages(scan)))
    return scan._words


def _hits(text: str, phrases: dict[str, list[tuple[str, ...]]], present: set[str]):
    """(start, end) of every listed phrase in ``text``: one pass over its words, no big regex.

    ``present`` is the set of the text's words (or those of them in the phrases). Only a phrase all of whose words are present
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
    for index, (start, _end, word) in enumerate(tokens):
        for phrase in possible.get(word, ()):
            following = tokens[index:index + len(phrase)]
            if len(following) == len(phrase) and all(t[2] == w for t, w in zip(following, phrase)):
                yield start, following[-1][1]
                break


@rule("tone.dismissive")
def dismissive(scan: Scan) -> Iterator[Finding]:
    present = present_words(scan)
    taken = []
    for language, extra in zip(*_languages(scan)):
        for start, end in _hits(scan.text, _words(language, extra), present):
            taken.append(start)
            yield scan.finding(start, "tone.dismissive", WARNING,
                               _("'{text}' puts people down; readers who feel meant stop listening, "
                               "and it sticks to your name").format(text=scan.text[start:end]),
                               _("say what you disagree with and why, not what you think of the people"))
    yield from sentence_rules(scan, present, DISMISSIVE_RULES, tuple(taken))


# --- rules that read a sentence ----------------------------------------------------------------
# A judgement of a group does not keep to a word order ("Die mensen zijn allemaal hetzelfde",
# "Mensen die dat niet snappen, zijn allemaal hetzelfde", "Allemaal hetzelfde, die types"), so
# these rules read the sentence around a word that triggers them, and only those sentences.


@dataclass(frozen=True)
class SentenceRule:
    rule: str
    triggers: frozenset[str]          # one of these words must be in the text (and the sentence)
    pattern: LazyPattern              # searched in the sentence; the finding is at its start
    message: str                      # may name the match as {match}
    suggestion: str
    needs: LazyPattern | None = None  # and this must be in the sentence too (see _needs_from)
    unless: LazyPattern | None = None  # but not this
    notes_only: bool = False

    def __post_init__(self) -> None:  # (_sentence_around needs a word character where a trigger starts)
        assert all(word[:1].isalnum() for word in self.triggers), self.triggers


# These patterns are searched in every sentence that holds a trigger word, and every match of
# them starts with an ASCII letter (each alternative begins with a word). Said first, as a
# lookahead, it lets the regex engine step over spaces and punctuation without trying the
# whole alternation there (about a third less time; a test holds them to the plain patterns).
LETTER_FIRST = "(?=[a-z])"


def _letter_first(source: str, flags: int) -> LazyPattern:
    assert flags & re.I  # ([a-z] then matches every letter the words' letters match)
    return LazyPattern(f"{LETTER_FIRST}(?:{source})", flags)


def word_trie(alternation: str) -> str:
    """An alternation of words ("mensen|lui|types"), for a pattern that ignores case, as one
    that branches on one letter at a time ("(?:lui|mensen|typ(?:en|es))"): the regex engine
    tries every word of an alternation at every place it is tried, and these are tried at
    every word of every sentence a rule reads. It matches what the alternation matches where
    it is followed by a white space or a word boundary, as in every pattern here: there no two
    words can match at one place (a test holds both to the same matches)."""
    return _trie(sorted(set(alternation.lower().split("|"))))


def _trie(words: list[str]) -> str:
    optional = "" in words
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word)
    parts = []
    for group in by_first.values():
        prefix = os.path.commonprefix(group)
        parts.append(re.escape(prefix) + _trie([word[len(prefix):] for word in group]))
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 and not optional else "(?:" + "|".join(parts) + ")"
    return body + "?" if optional else body


_GROUPS_NL = (r"mensen|lui|types|typen|figuren|personen|ambtenaren|bewoners|politici|bestuurders|managers|"
              r"ondernemers|boeren|jongeren|ouderen|buren|collega's|klimaatactivisten|activisten|critici|"
              r"tegenstanders|voorstanders|huurders|raadsleden|consultants|adviseurs|ambtenaartjes|burgers|"
              r"vrouwen|mannen|millennials|boomers|linksen|rechtsen|migranten|expats|Randstedelingen|Hollanders|"
              r"Vlamingen|Brusselaars|Amsterdammers|ingenieurs|juristen|ict'ers|beleidsmakers|projectleiders|wethouders|"
              r"gemeenteraadsleden|ministers|bankiers|journalisten|experts|deskundigen|leraren|artsen|agenten|"
              r"projectontwikkelaars|ontwikkelaars|investeerders|aandeelhouders|klanten|studenten|ouders|"
              r"Nederlanders|Belgen|Duitsers|Hollanders|Walen|Limburgers|Brabanders|Friezen")
_GROUPS_EN = (r"people|folks|guys|types|officials|residents|politicians|managers|bureaucrats|activists|critics|"
              r"opponents|tenants|consultants|farmers|millennials|boomers|engineers|lawyers|councillors|locals|"
              r"immigrants|expats|neighbours|neighbors|colleagues|aldermen|ministers|bankers|journalists|experts|"
              r"teachers|doctors|developers|investors|shareholders|customers|students|parents")
_GROUPS_NL_TRIE, _GROUPS_EN_TRIE = word_trie(_GROUPS_NL), word_trie(_GROUPS_EN)
_POSITIVE_WORDS = (r"welkom|bereid|behulpzaam|gastvrij|hartelijk|enthousiast|betrokken|gevraagd|uitgenodigd|geholpen|"
                   r"gehoord|bedankt|welcome|helpful|willing|kind|generous|invited|asked|thanked|heard|ready|happy|glad|"
                   r"blij")
_POSITIVE_TRIE = word_trie(_POSITIVE_WORDS)
_POSITIVE = _letter_first(rf"\b(?:{_POSITIVE_TRIE})\b", re.I)

_GENERALISERS_NL = r"allemaal|altijd|nooit|stuk\s+voor\s+stuk|allemaal\s+hetzelfde|zonder\s+uitzondering"
_GENERALISERS_EN = r"all|always|never|every\s+single\s+one|without\s+exception|all\s+the\s+same"
_GENERALISATION_NL = SentenceRule(
    "tone.dismissive", frozenset({"allemaal", "altijd", "nooit", "uitzondering"}),
    _letter_first(rf"\b(?:(?:al\s+)?(?:die|deze|zulke)\s+(?:[\w-]+\s+)?(?:{_GROUPS_NL_TRIE})|(?:{_GROUPS_NL_TRIE}|iedereen)\s+die|"
               rf"(?:dat|dit)\s+soort\s+(?:{_GROUPS_NL_TRIE}))\b", re.I),
    _("'{match}' judges a whole group at once"), _("speak of what you saw, with an example, instead of what 'they all' are"),
    needs=_letter_first(rf"\b(?:zijn|doen|willen|kunnen|snappen|begrijpen|denken|klagen|zeuren|weten|liegen|"
                     rf"zitten|blijven|hebben|luisteren|lullen|praten|werken)\b(?:[^.!?]*?)\b(?:{_GENERALISERS_NL})\b|"
                     rf"\ballemaal\s+hetzelfde\b", re.I),
    unless=_POSITIVE)
_GENERALISATION_EN = SentenceRule(
    "tone.dismissive", frozenset({"all", "always", "never", "exception", "same"}),
    _letter_first(rf"\b(?:(?:all\s+)?(?:those|these|such)\s+(?:[\w-]+\s+)?(?:{_GROUPS_EN_TRIE})|(?:{_GROUPS_EN_TRIE})\s+who|"
               rf"(?:that|this|those)\s+kinds?\s+of\s+(?:{_GROUPS_EN_TRIE}))\b", re.I),
    _("'{match}' judges a whole group at once"), _("speak of what you saw, with an example, instead of what 'they all' are"),
    needs=_letter_first(rf"\b(?:are|do|want|can|get|understand|think|complain|whine|know|lie|have|listen)\b[^.!?]*?"
                     rf"\b(?:{_GENERALISERS_EN})\b|\b(?:always|never)\s+(?!been\b)\w+|"
                     rf"\b(?:are|is)\s+(?:all\s+)?the\s+same\b", re.I),
    unless=_POSITIVE)
_KIND_OF_PEOPLE = SentenceRule(
    "tone.dismissive", frozenset({"soort", "zulke", "zulk", "kind", "kinds", "like", "such"}),
    _letter_first(r"\b(?:(?:dat|dit)\s+soort\s+(?:mensen|types|typen|figuren|lui|volk|personen|gasten)|"
               r"zulke\s+(?:types|figuren|lui|mensen)|zulk\s+volk|"
               r"(?:that|this|those)\s+kinds?\s+of\s+(?:people|folks|person|guys)|"
               r"people\s+like\s+(?:that|them|this|those)|such\s+people)\b", re.I),
    _("'{match}' puts a group in a box, and readers recognise themselves in it"),
    _("name what people do or say that you disagree with, not what kind of people they are"))
_CONTEMPT = SentenceRule(
    "tone.dismissive", frozenset({"hekel", "walg", "erger", "stand", "hate", "despise", "lak", "sick", "kotsen",
                                  "patience", "tired", "bloedhekel", "gruwelhekel", "tegen"}),
    _letter_first(rf"\b(?:(?:een\s+)?(?:(?:gruwelijke|enorme|hartgrondige)\s+)?(?:bloed|gruwel)?hekel\s+aan|"
               rf"walg\s+van|kots\s+van|lak\s+aan|erger\s+me\s+(?:\w+\s+){{0,3}}?aan|"
               rf"kan\s+niet\s+tegen|(?:can't|cannot|can\s+not)\s+stand|hate|despise|"
               rf"(?:sick|tired)\s+(?:and\s+tired\s+)?of|no\s+patience\s+(?:for|with))"
               rf"(?=\s+(?:[\w'-]+\s+){{0,3}}?(?:{_GROUPS_NL_TRIE}|{_GROUPS_EN_TRIE}|iedereen\s+die|anyone\s+who|them|hen|"
               rf"die\s+\w+|those\s+\w+)\b)", re.I),
    _("'{match} …' says you look down on people; it sticks to your name, not to the subject"),
    _("say what you disagree with and why, not what you think of the people"))
_PEOPLE_ODD = SentenceRule(
    "tone.dismissive", frozenset({"raar", "rare", "vreemd", "vreemde", "gestoord", "weird", "weirdo", "weirdos",
                                  "strange", "odd", "crazy"}),
    _letter_first(rf"\b(?:wie\b[^.!?]{{0,80}}?,\s*(?:is|zijn)|"
               rf"(?:(?:(?:die|deze|zulke)\s+)?(?:{_GROUPS_NL_TRIE})|iedereen|hij|zij|jij)(?:\s+die\b[^.!?]{{0,60}}?,?)?\s+"
               rf"(?:is|zijn|ben|bent|lijkt|lijken|blijft|blijven)|"
               rf"(?:vind|vond|vinden)\s+(?:ik\s+|we\s+)?(?:die\s+|zulke\s+)?(?:{_GROUPS_NL_TRIE}|hem|haar|hen)"
               rf"(?:\s+\w+)?)"
               rf"\s+(?:(?:een|beetje|wel|best|echt|gewoon|heel|nogal|erg|zo|toch|vast|ook|ronduit|"
               rf"gewoonweg|zeker|allemaal|maar)\s+){{0,3}}(?:raar|vreemd|raaf)\b|"
               rf"\b(?:rare|vreemde)\s+(?:mensen|types?|typen|snuiters?|lui|figuren|figuur|vogels?|gasten|kwasten?)\b|"
               rf"\braar\s+volk\b|"
               rf"\b(?:{_GROUPS_EN_TRIE}|he|she|anyone|everyone)(?:\s+who\b[^.!?]{{0,60}}?,?)?\s+"
               rf"(?:is|are|'re|'s|seems?|look|looks)\s+(?:(?:a\s+bit|kind\s+of|sort\s+of|just|so|really|"
               rf"pretty|quite|plain|all|a\s+little)\s+){{0,2}}(?:weird|strange|odd|crazy)\b|"
               rf"\bweirdos?\b|\bweird\s+(?:people|folks|guys|types|ones)\b", re.I),
    _("'{match}' calls people odd; readers who feel meant stop listening"),
    _("say what you find hard to understand in their view, and ask, instead of calling them odd"))
DISMISSIVE_RULES = (_GENERALISATION_NL, _GENERALISATION_EN, _KIND_OF_PEOPLE, _CONTEMPT, _PEOPLE_ODD)

_GLAD_NL = r"trots|blij|dankbaar|vereerd|verheugd|gelukkig"
_GLAD_EN = r"thrilled|excited|proud|delighted|honou?red|humbled|pleased|happy|overjoyed|grateful"
BRAGGING = SentenceRule(
    "tone.bragging", frozenset({"trots", "blij", "dankbaar", "vereerd", "verheugd", "gewonnen", "genomineerd",
                                "thrilled", "excited", "proud", "delighted", "honoured", "honored", "humbled",
                                "pleased", "happy", "won", "nominated", "award", "gekozen", "verkozen",
                                "uitgeroepen", "named", "overjoyed", "grateful"}),
    LazyPattern(rf"(?:\b(?:(?:ik\s+ben|we\s+zijn|wij\s+zijn)\s+)?"
               rf"(?:(?:super|zo|heel|erg|enorm|ontzettend|mega|echt|bijzonder|ongelofelijk|intens)\s+)*"
               rf"(?:{_GLAD_NL})\s+(?:en\s+(?:\w+\s+)?(?:{_GLAD_NL})\s+)?(?:om\s+)?(?:(?:jullie|je|u)\s+)?"
               rf"(?:te\s+(?:kunnen|mogen)\s+|(?:kunnen|mogen)\s+)?(?:aan\s+te\s+kondigen|mee\s+te\s+delen|"
               rf"te\s+delen|delen|vertellen|te\s+vertellen|bekend\s+te\s+maken|bekendmaken|aankondigen|"
               rf"te\s+laten\s+weten|melden|te\s+melden)\b|"
               rf"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:(?:super|zo|heel|erg|enorm|ontzettend|mega|echt)\s+)?"
               rf"(?:{_GLAD_NL})\s+(?:en|&)\s+(?:(?:super|zo|heel|erg|enorm)\s+)?(?:{_GLAD_NL})\b|"
               rf"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:(?:super|zo|heel|erg|enorm|ontzettend|mega|echt)\s+)?"
               rf"(?:trots|vereerd|dankbaar)\s+(?:dat|om)\s+(?:ik|we|wij|mijn|ons)\b|"
               rf"\b(?:ik\s+ben|we\s+zijn|wij\s+zijn)\s+(?:(?:zo|super|heel|erg|enorm|ontzettend|echt|best)\s+)*"
               rf"(?:trots|vereerd)\s+(?:op\s+(?:mezelf|mijzelf|ons\s*zelf|onszelf)|dat\s+(?:ik|we|wij|mijn|ons)\b)|"
               rf"\b(?:ik\s+heb|we\s+hebben|wij\s+hebben)\s+(?:de|een|het|onze|mijn)\s+(?:\w+\s+)?"
               rf"(?:\w*prijs|\w*award|trofee|titel|nominatie|aanbesteding|tender)\s+(?:\w+\s+)?(?:gewonnen|binnengehaald|"
               rf"gekregen|in\s+ontvangst\s+genomen)\b|"
               rf"\b(?:ik\s+ben|we\s+zijn|wij\s+zijn)\s+(?:\w+\s+)?(?:genomineerd|verkozen|uitgeroepen|gekozen)\s+"
               rf"(?:tot|voor|als)\b|"
               rf"\b(?:(?:i\s+am|i'm|we\s+are|we're)\s+)?(?:(?:so|very|incredibly|really|super|beyond|truly)\s+)*"
               rf"(?:{_GLAD_EN})\s+"
               rf"(?:and\s+(?:\w+\s+)?(?:{_GLAD_EN})\s+)?to\s+(?:finally\s+)?(?:announce|share|say|tell|report|"
               rf"let\s+you\s+know|have\s+been|be\s+(?:named|recognised|recognized|selected)|receive|have\s+won)\b|"
               rf"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:(?:so|very|super|truly)\s+)?(?:{_GLAD_EN})\s+(?:and|&)\s+"
               rf"(?:{_GLAD_EN})\b|"
               rf"\b(?:i\s+am|i'm|we\s+are|we're)\s+(?:(?:so|very|incredibly|really|super|beyond)\s+)*"
               rf"(?:proud\s+of\s+(?:myself|ourselves)|proud\s+that\s+(?:i|we|my|our)\b)|"
               rf"\b(?:i|we)(?:\s+have|'ve)?\s+(?:won|received|been\s+awarded)\s+(?:the|an?|our|my)\s+"
               rf"(?:\w+\s+){{0,2}}(?:award|prize|trophy|title)\b|"
               rf"\b(?:i|we)(?:\s+have|'ve)?\s+been\s+(?:named|nominated|selected|shortlisted|voted|promoted)\s+"
               rf"(?:as|for|to|among|one\s+of)\b)", re.I | re.M),
    _("'{match}' announces a success of your own; such posts add little for readers and wear off goodwill"),
    _("keep posts about your own successes to a minimum: they add nothing for the reader. Share what you learned "
    "on the way, with an example others can use; a real milestone once is fine "
    "(put <!-- profilegen: ignore tone.bragging --> on the line before)"),
    notes_only=True)

_SENTENCE_END = re.compile(r"[.!?…]\s|\n\s*\n")
_SENTENCE_MARKS = frozenset(".!?…")


def _sentence_ends(lowered: str) -> list[int]:
    """Offsets just past every sentence end of the text: the plain definition, which
    _sentence_around holds to (a property test compares them)."""
    return [match.start() + 1 for match in _SENTENCE_END.finditer(lowered)]


def _sentence_around(lowered: str, at: int, look_back: int = 120) -> tuple[int, int]:
    """The sentence (start, end) that holds offset ``at``, where a word character stands.

    As ``_sentence_ends`` would give it, without reading the whole text: a sentence end is
    made of spaces and one of .!?…, and the pattern reads no further than its match, so a
    search that starts at a character that can be in no such match (a letter, like the one
    at ``at``) finds what a search from the start of the text finds from there on. Backwards,
    the text is read in windows that start at such a character."""
    following = _SENTENCE_END.search(lowered, at + 1)
    end = following.start() + 1 if following else len(lowered)
    limit = at
    while True:
        start = max(0, limit - look_back)
        while start > 0 and (lowered[start].isspace() or lowered[start] in _SENTENCE_MARKS):
            start -= 1
        last = None
        for last in _SENTENCE_END.finditer(lowered, start, limit):
            pass
        if last is not None:
            return last.start() + 1, end
        if start == 0:
            return 0, end
        limit = start


def _sentences_with(lowered: str, words) -> list[tuple[int, int]]:
    """The sentences of the text in which one of the lower-case ``words`` occurs as a word."""
    spans = set()
    for word in words:
        at = lowered.find(word)
        while at != -1:
            end = at + len(word)
            if (at == 0 or not lowered[at - 1].isalnum()) and (end >= len(lowered) or not lowered[end].isalnum()):
                if not any(start <= at < stop for start, stop in spans):
                    spans.add(_sentence_around(lowered, at))
            at = lowered.find(word, end)
    return sorted(spans)


_RELATIVE = re.compile(r"(?:die|who)$", re.I)


def _needs_from(text: str, marker: re.Match, start: int, end: int) -> int:
    """Where the rest of a judgement is looked for: anywhere in the sentence, but after a
    relative clause when the group is named by one. In "People who never come have views as
    valuable as anyone's" the 'never' describes the group; in "Mensen die dat niet snappen,
    zijn allemaal hetzelfde" the judgement follows the comma."""
    if not _RELATIVE.search(marker.group(0)):
        return start
    comma = text.find(",", marker.end(), end)
    if comma != -1:
        return comma + 1
    following = re.compile(r"\s*\S+").match(text, marker.end(), end)  # the relative clause's first word
    return following.end() if following else marker.end()


def sentence_rules(scan: Scan, present: set[str], rules, taken: tuple[int, ...] = ()) -> Iterator[Finding]:
    """The findings of sentence rules, each read only in the sentences that hold its triggers;
    one finding per rule id and sentence, at the earliest match, none in a sentence that
    already has one at an offset in ``taken``."""
    best: dict[tuple[str, int], tuple[int, str, SentenceRule]] = {}
    for sentence_rule in rules:
        if sentence_rule.notes_only and scan.page.kind != "note":
            continue
        triggers = sentence_rule.triggers.intersection(present)
        if not triggers:
            continue
        for start, end in _sentences_with(scan.lowered, triggers):
            match = sentence_rule.pattern.search(scan.text, start, end)  # (the rarest part first)
            if match is None or any(start <= offset < end for offset in taken):
                continue
            if sentence_rule.unless is not None and sentence_rule.unless.search(scan.text, start, end):
                continue
            if sentence_rule.needs is not None and not sentence_rule.needs.search(
                    scan.text, _needs_from(scan.text, match, start, end), end):
                continue
            shown = " ".join(match.group(0).split())
            offset = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            key = (sentence_rule.rule, start)
            if key not in best or offset < best[key][0]:
                best[key] = (offset, shown, sentence_rule)
    for offset, shown, sentence_rule in sorted(best.values(), key=lambda found: found[0]):
        yield scan.finding(offset, sentence_rule.rule, WARNING, sentence_rule.message.format(match=shown),
                           sentence_rule.suggestion)


@rule("tone.bragging")
def bragging(scan: Scan) -> Iterator[Finding]:
    if scan.page.kind != "note":
        return
    yield from sentence_rules(scan, present_words(scan), (BRAGGING,))
