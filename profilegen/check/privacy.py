"""privacy.*: what should never be online by accident. Findings are errors: they stop a build.

Precision matters as much as recall: years, ranges, counts, standards (ISO 14001), times,
prices and version numbers are not phone numbers or IDs, so every candidate is checked
(digit counts, checksums, context words) before it is reported.
"""

from __future__ import annotations

import re
from typing import Iterator

from profilegen.check import ERROR, Finding, Scan, rule

def _matches(pattern: re.Pattern, text: str, regions: list[tuple[int, int]]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that only matches with a digit (Scan.digit_regions)."""
    for start, end in regions:
        yield from pattern.finditer(text, start, end)


def _mentions(text: str, regions: list[tuple[int, int]], words: tuple[str, ...]) -> bool:
    """Whether any of the lower-case ``words`` is in a region of ``text``, in any case."""
    for start, end in regions:
        part = text[start:end].lower()
        if any(word in part for word in words):
            return True
    return False


_IGNORE_HINT = "if it is meant to be public, put <!-- profilegen: ignore {rule} --> on the line before"

_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?)\b")

# A run of digits with the separators people write in phone numbers.
# (What may precede a number is checked in code: a lookbehind here would slow every scan.)
# Starting with a character set lets the regex engine skip quickly through plain text.
_PHONE = re.compile(r"[+(\d][\d \t().\-/]{6,20}\d(?![\w-]|[.,]\d)")
_NOT_BEFORE_PHONE = re.compile(r"[\w+.,/-]")


def _phone_digits(prefix: str | None, body: str) -> str | None:
    if re.search(r"\s{2,}|[.\-/]{2,}", body) or re.search(r"\d[:,]\d", body):
        return None
    digits = re.sub(r"\D", "", body)
    if prefix:  # international: +31 6 1234 5678, 0032 478 12 34 56
        return digits if 9 <= len(digits) <= 14 and digits[0] != "0" else None
    if not digits.startswith("0") or digits.startswith("00"):
        return None  # a Dutch or Belgian number always starts with one 0
    groups = re.split(r"[ \t().\-/]+", body.strip("()"))
    if len(digits) == 10 and (len(groups) <= 4) and all(len(g) >= 2 for g in groups[1:]):
        return digits   # 06-12345678, 020-123 4567, 0478/12.34.56
    if len(digits) == 9 and len(groups) >= 2 and all(len(g) >= 2 for g in groups[1:]):
        return digits   # Belgian landline: 02 123 45 67, 09/123.45.67
    return None


@rule("privacy.phone")
def phone(scan: Scan) -> Iterator[Finding]:
    # Digits inside an account-number-like run (NL91 ABNA 0417 1643 00) are not a phone number.
    regions = scan.digit_regions()
    accounts = [m.span() for start, end in regions for m in _IBAN.finditer(scan.text, start, end)]
    for match in _matches(_PHONE, scan.text, regions):
        if match.start() and _NOT_BEFORE_PHONE.match(scan.text, match.start() - 1):
            continue
        if any(start <= match.start() < end for start, end in accounts):
            continue
        candidate = match.group(0)
        prefix = "+" if candidate.startswith("+") else "00" if candidate.startswith("00") else None
        body = candidate[len(prefix or ""):]
        if body and (body[0].isdigit() or body[0] == "(") and _phone_digits(prefix, body):
            yield scan.finding(match.start(), "privacy.phone", ERROR,
                               f"'{match.group(0).strip()}' looks like a phone number; anyone can call or "
                               "message it once it is online",
                               "remove it, or link to a contact form; " + _IGNORE_HINT.format(rule="privacy.phone"))


def iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


@rule("privacy.iban")
def iban(scan: Scan) -> Iterator[Finding]:
    for match in _matches(_IBAN, scan.text, scan.digit_regions()):
        if iban_valid(match.group(1)):
            yield scan.finding(match.start(), "privacy.iban", ERROR,
                               "this is a valid bank account number (IBAN); published, it invites fraud and "
                               "unwanted direct debits", "remove it; share it privately when someone needs it")


_ID_CONTEXT = re.compile(r"\b(bsn|burgerservicenummer|sofinummer|sofi-nummer|rijksregisternummer|rijksregister|"
                         r"national number|national register|insz)\b", re.I)
_BSN = re.compile(r"(?<![\d.])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]?\d{3}[. ]?\d{3})(?![\d.]|\.\d)")
_RRN = re.compile(r"(?<!\d)(\d{2}[. ]?\d{2}[. ]?\d{2}[- ]?\d{3}[. ]?\d{2})(?!\d)")


def bsn_valid(digits: str) -> bool:
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def rrn_valid(digits: str) -> bool:
    if len(digits) != 11:
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return 97 - base % 97 == check or 97 - int("2" + digits[:9]) % 97 == check


@rule("privacy.national-id")
def national_id(scan: Scan) -> Iterator[Finding]:
    # The number is on the line of the word that says what it is: a line with digits.
    regions = scan.digit_regions()
    if not _mentions(scan.text, regions, ("bsn", "burgerservice", "sofi", "rijksregister", "national", "insz")):
        return
    for context in _matches(_ID_CONTEXT, scan.text, regions):
        start = scan.text.rfind("\n", 0, context.start()) + 1
        end = scan.text.find("\n", context.end())
        end = len(scan.text) if end == -1 else end
        window = scan.text[start:end]
        found = False
        for pattern, valid, name in ((_RRN, rrn_valid, "Belgian national register number"),
                                     (_BSN, bsn_valid, "Dutch citizen service number (BSN)")):
            for match in pattern.finditer(window):
                if valid(re.sub(r"\D", "", match.group(1))):
                    yield scan.finding(start + match.start(), "privacy.national-id", ERROR,
                                       f"this is a valid {name}; with it, others can pose as you",
                                       "remove it: a national ID number never belongs on a public page")
                    found = True
                    break
            if found:
                break


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")


@rule("privacy.email")
def email(scan: Scan) -> Iterator[Finding]:
    settings = scan.profile.settings
    allowed = {a.lower() for a in settings.check.allow_emails}
    if settings.author.email:
        allowed.add(settings.author.email.lower())
    if "@" not in scan.text:
        return
    for match in _EMAIL.finditer(scan.text):
        if match.group(0).lower() not in allowed:
            yield scan.finding(match.start(), "privacy.email", ERROR,
                               f"'{match.group(0)}' is not your public address (author.email in site.yaml); "
                               "published addresses attract spam, and it may be someone else's",
                               "remove it, or add it to check.allow_emails in site.yaml if it may be public")


# Found from the house number backwards: a capitalised word ending in a street word, then a number.
_STREET = re.compile(
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|park|dreef|baan|wal|"
    r"boulevard|lei|steenweg|markt|pad)\s+\d{1,4}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:\s?-\s?\d{1,3})?\b")
_STREET_NAME = re.compile(r"[A-Z][\w'\-]*$")
_POSTCODE_NL = re.compile(r"[1-9]\d{3}[ ]?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b(?!\s*\d)")
_BE_PLACES = ("Antwerpen|Gent|Brussel|Bruxelles|Leuven|Brugge|Mechelen|Hasselt|Kortrijk|Oostende|Aalst|Genk|"
              "Sint-Niklaas|Namen|Namur|Luik|Liège|Charleroi|Bergen|Mons|Turnhout|Roeselare|Lier|Ieper|Knokke|"
              "Dendermonde|Geel|Mol|Tienen|Tongeren|Vilvoorde|Waregem|Zaventem|Ninove|Lokeren|Beveren|Herentals")
_POSTCODE_BE = re.compile(rf"(?:B-\d{{4}}\s+[A-Z][\w\-]+|[1-9]\d{{3}}\s+(?:{_BE_PLACES})\b)")


def _streets(text: str, regions: list[tuple[int, int]]):
    for match in _matches(_STREET, text, regions):
        name = _STREET_NAME.search(text, max(0, match.start() - 40), match.start())
        if name and (name.start() == 0 or not text[name.start() - 1].isalnum()):
            yield name.start(), text[name.start():match.end()]


@rule("privacy.address")
def address(scan: Scan) -> Iterator[Finding]:
    regions = scan.digit_regions()
    found = [(start, value, "a street address") for start, value in _streets(scan.text, regions)]
    for pattern, what in ((_POSTCODE_NL, "a Dutch postcode"), (_POSTCODE_BE, "a Belgian postcode with its place")):
        # A postcode starts a word: no letter or digit right before it.
        found += [(m.start(), m.group(0), what) for m in _matches(pattern, scan.text, regions)
                  if not m.start() or not scan.text[m.start() - 1].isalnum()]
    for start, value, what in found:
        yield scan.finding(start, "privacy.address", ERROR,
                           f"'{value}' looks like {what}; it tells anyone where you live or work",
                           "name the city only (author.location); " + _IGNORE_HINT.format(rule="privacy.address"))


_DATE = r"(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2},?\s+\d{4})"
_BIRTH = re.compile(rf"\b(geboren\s+op|geboortedatum|geb\.|born\s+on|date\s+of\s+birth|birth\s*date|dob)\s*:?\s*{_DATE}",
                    re.I)


@rule("privacy.birthdate")
def birthdate(scan: Scan) -> Iterator[Finding]:
    regions = scan.digit_regions()
    if not _mentions(scan.text, regions, ("geboren", "geboorte", "geb.", "born", "birth", "dob")):
        return
    for match in _matches(_BIRTH, scan.text, regions):
        yield scan.finding(match.start(), "privacy.birthdate", ERROR,
                           "a full date of birth helps identity thieves (with your name it unlocks accounts)",
                           "leave it out, or give only the year if it matters")


def shown_settings(profile) -> list[tuple[str, str]]:
    """(key path, text) of every setting that the site or the CV shows as text: the privacy
    rules read them as they read a page (site.yaml is no content file, but its texts are public)."""
    settings, author = profile.settings, profile.settings.author
    extra = settings.i18n.get(settings.language) if profile.home_url else None  # (another language's own texts)
    overridden = extra.author if extra and extra.author else None

    def where(key: str, override: bool) -> str:
        return f"i18n.{settings.language}.{key}" if override else key

    texts = [(where("title", bool(extra and extra.title)), settings.title),
             (where("description", bool(extra and extra.description)), settings.description),
             ("author.name", author.name)]
    for name in ("role", "organisation", "location"):
        texts.append((where(f"author.{name}", bool(overridden and getattr(overridden, name))), getattr(author, name)))
    texts += [(f"author.links.{name}", url) for name, url in author.links.items()]
    texts += [(where(f"topics[{index}]", bool(extra and extra.topics)), topic) for index, topic in enumerate(settings.topics)]
    return [(key, text) for key, text in texts if text]


@rule("privacy.settings", per="profile")
def settings_texts(profile) -> Iterator[Finding]:
    """Every privacy rule over the texts of site.yaml the pages and the CV show (author.role,
    author.location, title, …): a phone number there is published as surely as in a page."""
    from profilegen.check import TEXT_RULES, make_scan
    from profilegen.model import Page

    rules = [(rule_id, function) for rule_id, function in TEXT_RULES.items() if rule_id.startswith("privacy.")]
    for key, text in shown_settings(profile):
        page = Page("page", source="site.yaml", url="", title="", summary=None, body=text, body_line=1)
        scan = make_scan(page, profile)
        for _, function in rules:
            for found in function(scan):
                yield Finding("site.yaml", None, None, found.rule, found.severity,
                              f"'{key}': {found.message}", found.suggestion.split("; if it is meant")[0])
