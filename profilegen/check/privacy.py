"""privacy.*: what should never be online by accident. Findings are errors: they stop a build.

Precision matters as much as recall: years, ranges, counts, standards (ISO 14001), times,
prices, version numbers and company numbers are not phone numbers or IDs, so every candidate
is checked before it is reported. Where a well-kept library knows the rules, it decides:
`phonenumbers` (Google's libphonenumber: which digit runs are real Dutch, Belgian or
international numbers) and `python-stdnum` (BSN, Belgian national number, IBAN and Belgian
company number checksums). Both are imported only when a text holds a candidate (a digit run
long enough to be one), so a build of prose without any pays nothing for them. Addresses,
postcodes and birth dates are our own context rules: no library knows how people write them.
"""

from __future__ import annotations

import re
from typing import Iterator

from profilegen.check import ERROR, Finding, LazyPattern, Scan, rule
from profilegen.messages import _


def _matches(pattern: re.Pattern, text: str, regions: list[tuple[int, int]]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that only matches with a digit (Scan.digit_regions)."""
    for start, end in regions:
        yield from pattern.finditer(text, start, end)


def _mentions(lowered: str, regions: list[tuple[int, int]], words: tuple[str, ...]) -> bool:
    """Whether any of the lower-case ``words`` is in a region of ``lowered`` (Scan.lowered).

    A word not between the first region's start and the last one's end is in none of them:
    one search of that span lets go of it, instead of one per region (realistic prose has a
    region on most lines), and a text with one small region is not read whole."""
    if not regions:
        return False
    first, last = regions[0][0], regions[-1][1]
    return any(lowered.find(word, start, end) != -1 for word in words if lowered.find(word, first, last) != -1
               for start, end in regions)


def name_may_hold_digits(name: str) -> bool:
    """Whether a file name's text has a digit, which every phone number and IBAN has."""
    return _DIGIT.search(name) is not None


def name_may_hold_email(name: str) -> bool:
    """Whether a file name's text has what privacy.email looks for first ('@', or the bracket
    of an obfuscated address)."""
    return "@" in name or ")" in name or "]" in name


_DIGIT = re.compile(r"\d")
_IGNORE_HINT = _("if it is meant to be public, put <!-- profilegen: ignore {rule} --> on the line before")

# --- phone numbers ---------------------------------------------------------------------------

# A run of digits with the separators people write in phone numbers (an en dash too: word
# processors make one of "06-12345678"). Only a run with 9 to 15 digits is a candidate, and
# only a candidate is shown to libphonenumber.
_PHONE = re.compile(r"[+(\d][\d \t().\-/–]{6,24}\d")
_NOT_BEFORE_PHONE = re.compile(r"[\w+.,/\-–]")
# Where a number is written without its "+": https://wa.me/31612345678, ...send?phone=3161...
_URL_BEFORE_PHONE = re.compile(r"(?:wa\.me/|[?&]phone=|tel:(?://)?|callto:|sms:)$", re.I)
# A Belgian company (enterprise) number is written 0123.456.789; its checksum tells.
_COMPANY_BE = re.compile(r"[01]\d{3}\.\d{3}\.\d{3}")
_COMPANY_WORDS = LazyPattern(r"(?:\bBE|\bbtw|\btva|\bvat|\bkbo|\bbce|ondernemingsn(?:umme)?r|n°\s*d'entreprise|"
                            r"enterprise\s+number|company\s+number)[\s.:#-]*(?:nr\.?|no\.?)?\s*$", re.I)
_REGIONS = ("NL", "BE")


def _phone_candidates(text: str, regions: list[tuple[int, int]],
                      bare: bool = False) -> Iterator[tuple[int, str, bool]]:
    """(offset, text, in a URL) of every digit run that may be a phone number; no library needed.

    ``bare``: the text is a file name, where a number has lost its '+' (slugs keep only digits).
    """
    for match in _matches(_PHONE, text, regions):
        candidate = match.group(0).rstrip(" \t.-–/(")
        digits = sum(ch.isdigit() for ch in candidate)
        if not 9 <= digits <= 15:
            continue
        start = match.start()
        before = text[max(0, start - 12):start]
        in_url = bare or bool(_URL_BEFORE_PHONE.search(before))
        if start and _NOT_BEFORE_PHONE.match(text, start - 1) and not in_url:
            continue
        if text.startswith(("-", "–"), match.end()) or (match.end() < len(text) and text[match.end()].isalnum()):
            continue  # part of a longer code: 2024-0012345-A, a version, a word
        yield start, candidate, in_url


def _is_company_number(text: str, start: int, candidate: str) -> bool:
    from stdnum.be import vat

    compact = re.sub(r"\D", "", candidate)
    if len(compact) != 10 or not vat.is_valid(compact):
        return False
    return bool(_COMPANY_BE.fullmatch(candidate) or _COMPANY_WORDS.search(text[max(0, start - 30):start]))


def may_hold_phone(classes: bytes) -> bool:
    """Whether a text (as Scan.classes) can hold a phone candidate: nine digits with only
    separators and white space between them, which _PHONE needs (most prose has none)."""
    return b"#########" in classes.translate(None, b" .")


def _phone_numbers(text: str, regions: list[tuple[int, int]], bare: bool = False) -> Iterator[tuple[int, str]]:
    """(offset, number as written) of every real phone number, as libphonenumber reads it."""
    candidates = list(_phone_candidates(text, regions, bare))
    if not candidates:
        return
    import phonenumbers

    valid = phonenumbers.Leniency.VALID
    # 0800 and 0900 numbers are a service's, public by design; they reach no one at home.
    kinds = phonenumbers.PhoneNumberType
    service = {kinds.TOLL_FREE, kinds.PREMIUM_RATE, kinds.SHARED_COST}
    for start, candidate, in_url in candidates:
        shown = candidate
        if in_url and candidate[0].isdigit() and not candidate.startswith("0"):
            shown = "+" + candidate  # wa.me writes the country code without its plus
        for region in _REGIONS:
            found = next(iter(phonenumbers.PhoneNumberMatcher(shown, region, leniency=valid)), None)
            if found is not None:
                break
        else:
            continue
        offset = start + max(0, found.start - (len(shown) - len(candidate)))
        if phonenumbers.number_type(found.number) in service or _is_company_number(text, start, candidate):
            continue
        yield offset, text[offset:start + len(candidate)]


def _may_hold_phone(scan: Scan) -> bool:
    """may_hold_phone of the scan's text, asked once (national_id asks it too)."""
    if "may_hold_phone" not in scan.memo:
        scan.memo["may_hold_phone"] = may_hold_phone(scan.classes)
    return scan.memo["may_hold_phone"]


@rule("privacy.phone", names=name_may_hold_digits)
def phone(scan: Scan) -> Iterator[Finding]:
    if not _may_hold_phone(scan):
        return
    regions = scan.digit_regions()
    # Digits inside an account-number-like run (NL91 ABNA 0417 1643 00) are not a phone number.
    accounts = None
    for offset, number in _phone_numbers(scan.text, regions, bare=scan.where == "name"):
        if accounts is None:
            accounts = list(_ibans(scan.text, regions))
        if any(start <= offset < end for start, end in accounts):
            continue
        yield scan.finding(offset, "privacy.phone", ERROR,
                           _("'{number}' is a phone number; anyone can call or message it once it is online").format(number=number.strip()),
                           _("remove it, or link to a contact form; ") + _IGNORE_HINT.format(rule="privacy.phone"))


# --- bank accounts and national ID numbers ---------------------------------------------------

# Upper or lower case, with spaces or dashes between the groups of four; after the bank's
# group, every group holds a digit (so a word after the number is not read as part of it).
# The pattern starts at the check digits (the regex engine skips to a digit fast; a pattern
# that starts with a letter is tried at nearly every character); the country code before
# them is checked in code.
_IBAN_GROUP = r"(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]"
_IBAN_TAIL = re.compile(rf"\d{{2}}[ \-]?[A-Za-z0-9]{{4}}(?:[ \-]?{_IBAN_GROUP}{{4}}){{1,6}}"
                        rf"(?:[ \-]?(?=[A-Za-z]{{0,2}}\d)[A-Za-z0-9]{{1,3}})?(?![\w-])")


def _ibans(text: str, regions: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(start, end) of every IBAN-shaped run: two letters, two check digits, groups of four."""
    for start, end in regions:
        at = start
        while (match := _IBAN_TAIL.search(text, at, end)) is not None:
            begin = match.start() - 2
            if begin >= 0 and text[begin:match.start()].isascii() and text[begin:match.start()].isalpha() \
                    and (begin == 0 or not (text[begin - 1].isalnum() or text[begin - 1] in "_-")):
                yield begin, match.end()
                at = match.end()
            else:
                at = match.start() + 1


_LETTERS_AS_ONE = bytes.maketrans(b"A", b"a")


def may_hold_iban(classes: bytes) -> bool:
    """Whether a text (as Scan.classes) can hold what _ibans finds: two letters, two digits."""
    return b"aa##" in classes.translate(_LETTERS_AS_ONE)


def iban_valid(candidate: str) -> bool:
    from stdnum import iban

    # (check_country=False: a bank missing from stdnum's list of Belgian banks is still a bank)
    return iban.is_valid(re.sub(r"[ \-]", "", candidate).upper(), check_country=False)


@rule("privacy.iban", names=name_may_hold_digits)
def iban(scan: Scan) -> Iterator[Finding]:
    if not may_hold_iban(scan.classes):
        return
    for start, end in _ibans(scan.text, scan.digit_regions()):
        if iban_valid(scan.text[start:end]):
            yield scan.finding(start, "privacy.iban", ERROR,
                               _("this is a valid bank account number (IBAN); published, it invites fraud and "
                               "unwanted direct debits"), _("remove it; share it privately when someone needs it"))


_ID_WORDS = ("bsn", "burgerservice", "sofi", "rijksregister", "national", "insz", "niss", "citizen service",
             "registre national", "numéro national")
_ID_CONTEXT = LazyPattern(r"\b(bsn|burgerservicenummer|sofinummer|sofi-nummer|rijksregisternummer|rijksregister|"
                         r"national number|national register number|national register|insz(?:-nummer)?|niss|"
                         r"citizen service number|num[ée]ro national|num[ée]ro de registre national|"
                         r"registre national)\b", re.I)
# A number ends at a space or at the end of a sentence ("Mijn BSN is 930364260.").
_BSN = LazyPattern(r"(?<![\d.])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]?\d{3}[. ]?\d{3}|\d{9})(?!\d|[.,]\d)")
_RRN = LazyPattern(r"(?<![\d.])(\d{2}[. ]?\d{2}[. ]?\d{2}[- ]?\d{3}[. -]?\d{2})(?!\d|[.,]\d)")


def bsn_valid(digits: str) -> bool:
    from stdnum.nl import bsn

    return len(digits) == 9 and digits != "0" * 9 and bsn.is_valid(digits)


def rrn_valid(digits: str) -> bool:
    from stdnum.be import nn

    return len(digits) == 11 and nn.is_valid(digits)


@rule("privacy.national-id")
def national_id(scan: Scan) -> Iterator[Finding]:
    # Either number is nine or eleven digits with only dots, spaces or dashes between them
    # (_BSN, _RRN), which a text without a phone candidate's digit run cannot hold: most
    # texts are let go before the words are looked for.
    if not _may_hold_phone(scan):
        return
    # The number is on the line of the word that says what it is: a line with digits.
    regions = scan.digit_regions()
    if not _mentions(scan.lowered, regions, _ID_WORDS):
        return
    seen = set()
    for context in _matches(_ID_CONTEXT, scan.text, regions):
        start = scan.text.rfind("\n", 0, context.start()) + 1
        end = scan.text.find("\n", context.end())
        end = len(scan.text) if end == -1 else end
        window = scan.text[start:end]
        for pattern, valid, name in ((_RRN, rrn_valid, _("Belgian national register number")),
                                     (_BSN, bsn_valid, _("Dutch citizen service number (BSN)"))):
            match = next((m for m in pattern.finditer(window) if valid(re.sub(r"\D", "", m.group(1)))), None)
            if match is not None:
                if start + match.start() not in seen:
                    seen.add(start + match.start())
                    yield scan.finding(start + match.start(), "privacy.national-id", ERROR,
                                       _("this is a valid {name}; with it, others can pose as you").format(name=name),
                                       _("remove it: a national ID number never belongs on a public page"))
                break


# --- e-mail addresses ------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# "sanne [at] gmail [dot] com", "sanne (at) gmail (punt) com", "sanne[@]gmail.com"
_AT = r"\s*[\[({]\s*(?:at|@|apenstaartje|bij)\s*[\])}]\s*"
_DOT = r"(?:\s*[\[({]\s*(?:dot|punt|point)\s*[\])}]\s*|\.)"
_OBFUSCATED_EMAIL = LazyPattern(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,}}\b", re.I)


def _may_be_obfuscated(lowered: str) -> bool:
    """Whether ``lowered`` holds "at]", "at)", "@]", "@)" or "bij)", the marks after which the
    rule looks for obfuscated addresses: read from each closing bracket (a text has few of
    them), instead of five searches of the whole text."""
    for mark in ")]":
        at = lowered.find(mark)
        while at != -1:
            if lowered.endswith(("at", "@") if mark == "]" else ("at", "@", "bij"), 0, at):
                return True
            at = lowered.find(mark, at + 1)
    return False


@rule("privacy.email", names=name_may_hold_email)
def email(scan: Scan) -> Iterator[Finding]:
    settings = scan.profile.settings
    allowed = {a.lower() for a in settings.check.allow_emails}
    if settings.author.email:
        allowed.add(settings.author.email.lower())
    found = []
    if "@" in scan.text:
        found += [(m.start(), m.group(0), m.group(0)) for m in _EMAIL.finditer(scan.text)]
    if _may_be_obfuscated(scan.lowered):
        for match in _OBFUSCATED_EMAIL.finditer(scan.text):
            address = re.sub(rf"{_DOT}", ".", re.sub(_AT, "@", match.group(0), flags=re.I), flags=re.I)
            found.append((match.start(), match.group(0), address))
    for start, shown, address in sorted(found):
        if address.lower() not in allowed:
            yield scan.finding(start, "privacy.email", ERROR,
                               _("'{shown}' is not your public address (author.email in site.yaml); "
                               "published addresses attract spam, and it may be someone else's").format(shown=shown),
                               _("remove it, or add it to check.allow_emails in site.yaml if it may be public"))


# --- street addresses and postcodes ----------------------------------------------------------

# Every street shape ends or starts with its house number, so the rule starts from the numbers
# (the regex engine skips to a digit fast) and reads the few words before or after each one;
# a pattern that starts with a word would be tried at every character of the text.
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w'’]))?(?:\s?-\s?\d{1,3})?(?!\d|[.,:]\d|[\w'’])"
_HOUSE = re.compile(_HOUSE_NUMBER)
# (A digit first, then what may not stand before it: the engine skips to digits fast. A run
# of more than four digits is no house number: the engine lets it go, not the rule's loop.)
_NUMBER = re.compile(r"\d(?<![\w.,/€$£:-]\d)\d{0,3}(?!\d)")
# Dutch and Flemish street words, as the end of one word (Kerkstraat, Stationsweg, Meirbrug...).
# (Not -dam, -berg, -veld: "in Rotterdam 40 bewoners", "Zaandam 70 huishoudens" are places.)
_STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "steeg", "hof", "park",
                   "dreef", "baan", "wal", "boulevard", "lei", "steenweg", "markt", "pad", "burgwal", "kaai", "vest",
                   "plantsoen")
# A street word as a word of its own after a capitalised one: Grote Markt 1, Oude Gracht 12.
_STREET_WORDS = frozenset("Markt Plein Gracht Kade Singel Dijk Laan Dreef Lei Steenweg Baan Wal Weg Straat Vest "
                          "Kaai Burgwal Steeg Voorstraat Haven".split())
_NAME_BEFORE = re.compile(r"(?:^|(?<=[^\w'\-]))[A-ZÀ-Ý][\w'\-]+\s+$")
_LAAN_VAN = LazyPattern(r"\bLaan\s+(?:van|op|der|ten|te)\s+(?:(?:de|der|den|het|'t)\s+)?[A-ZÀ-Ý][\w'\-]+\s+$")
# Rue de la Loi 16, avenue Louise 54, Chaussée de Waterloo 1234, Place Flagey 7, and the
# French order: 16 rue de la Loi.
_FRENCH_STREET = r"(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d|[Cc]haussée|[Cc]hemin|[Pp]lace|[Qq]uai|[Ii]mpasse|[Aa]llée)"
_FRENCH_WORDS = frozenset("rue avenue av. boulevard bd chaussée chemin place quai impasse allée".split())
_FRENCH_NAME = r"(?:(?:de\s+la|de\s+l'|du|des|de|d'|la|le|les)\s*)?[A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+){0,2}"
_STREET_FR = LazyPattern(rf"\b{_FRENCH_STREET}\s+{_FRENCH_NAME},?\s+$")
_STREET_FR_NUMBER_FIRST = LazyPattern(rf"\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+{_FRENCH_STREET}\s+{_FRENCH_NAME}\b")
# English: 10 Downing Street, 221B Baker Street.
_STREET_EN = LazyPattern(r"\d{1,4}[A-Za-z]?\s+(?:[A-Z][\w'\-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Drive|"
                        r"Square|Crescent|Terrace|Close|Gardens|Place)\b")
# A one-word street name with its number, after a word that says it is an address:
# "ik woon aan de Meir 50", "bezoekadres: Spui 21", "thuis: Vismarkt 3".
_SAID_ADDRESS = LazyPattern(
    r"\b(?:woon|wonen|woont|woonde|woonden|(?:bezoek|post|woon|thuis|privé|prive)?adres|address|thuis|"
    r"i\s+live|we\s+live|j'habite|domicile)\b\s*(?:is\s+)?:?\s*(?:(?:op|aan|at|on)\s+)?(?:(?:de|het|den|der|the)\s+)?"
    r"([A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+)?)\s+$", re.I)
_CAPITALISED = re.compile(r"[A-ZÀ-Ý]")
_LOOK_BACK = 80  # characters read before a house number

_POSTCODE_NL = re.compile(r"[1-9]\d{3}[ ]?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b(?!\s*\d)")
# A Belgian postcode is four digits before the place: 2960 Brecht, 1180 Ukkel, B-8930 Menen,
# 1000 Bruxelles, 4000 Liège, 9000 Gent. The place is a capitalised name, maybe in parts
# (Sint-Niklaas, Heist-op-den-Berg, Braine-l'Alleud); "2000 Gent-bezoekers" is not one.
_PLACE = r"[A-ZÀ-Ý][a-zà-ÿ']+(?:[- ](?:[A-ZÀ-Ý][a-zà-ÿ']+|sur|lez|aan|op|den|de|la|le|en|sous|l'[A-ZÀ-Ý][a-zà-ÿ]+)){0,4}"
_POSTCODE_BE = re.compile(rf"([1-9]\d{{3}})\s+({_PLACE})(?![\w'-])")
_BE_PREFIX = re.compile(r"(?:^|(?<=[^\w-]))B-\s?$")
# Codes from 1800 to 2099 read as years ("In 2024 Utrecht ..."); there the place must be a
# Belgian one that is known (2000 Antwerpen, 2018 Antwerpen, 1930 Zaventem, 2060 Merksem).
_YEAR_LIKE = range(1800, 2100)
_BE_YEAR_PLACES = frozenset("""Antwerpen Anvers Berchem Borgerhout Deurne Ekeren Hoboken Merksem Wilrijk Mortsel
Edegem Kontich Aartselaar Boom Hemiksem Schelle Niel Rumst Lint Hove Boechout Ranst Zandhoven Schilde Wijnegem
Wommelgem Brasschaat Schoten Kapellen Stabroek Zwijndrecht Kalmthout Essen Wuustwezel Brecht Malle Zoersel
Zaventem Vilvoorde Machelen Kampenhout Steenokkerzeel Kortenberg Herent Kraainem Wezembeek-Oppem Tervuren Overijse
Hoeilaart Huldenberg Bertem Oud-Heverlee Zemst Grimbergen Meise Wemmel Asse Dilbeek Affligem Opwijk Merchtem
Londerzeel Kapelle-op-den-Bos Mechelen Malines Willebroek Puurs Bornem Duffel Sint-Katelijne-Waver Bonheiden
Putte Heist-op-den-Berg Berlaar Nijlen Lier Herenthout Herentals Grobbendonk Vorselaar Olen Kasterlee Ravels
Turnhout Oud-Turnhout Beerse Vosselaar Lille Merksplas Rijkevorsel Hoogstraten Baarle-Hertog Arendonk Retie
Dessel Mol Balen Meerhout Laakdal Geel Westerlo Herselt Hulshout Sint-Niklaas Temse Beveren Kruibeke""".split())
# Capitalised words after a number that are no place: months, days, nationalities, units.
_NOT_PLACES = frozenset("""Januari Februari Maart April Mei Juni Juli Augustus September Oktober November December
January February March May June July August October Janvier Février Mars Avril Juin Juillet Août Septembre Octobre
Novembre Décembre Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Monday Tuesday Wednesday Thursday
Friday Saturday Sunday Nederlandse Nederlanders Belgische Belgen Vlaamse Vlamingen Dutch Belgian Flemish
European Europese Euro Euros Dollar Dollars Deelnemers Bewoners Mensen Huishoudens Woningen Leden Stemmen Bezoekers
Gemeenten Vrijwilligers Medewerkers People Participants Residents Households Homes Members Votes Visitors Users
Gebruikers Jaar Jaren Years Uur Hours Minuten Minutes Kilometer Kilometers Meter Meters Watt Kilowatt Megawatt
Ton Liter Procent Percent Stuks Pagina Paginas Pages Words Woorden Tekens Characters Euro's Tot En Of And Or The
De Het Een Nieuwe New Gent-bezoekers Kerst Christmas Pasen Easter Pinksteren Ramadan Bijbel Tweets Likes Views
Volgers Followers Downloads Klanten Customers Clients Studenten Students Kinderen Children Scholen Schools""".split())
# Words before a number that make it something else than a postcode: ISO 9001 Gecertificeerd.
_NOT_BEFORE_POSTCODE = LazyPattern(r"(?:\b(?:iso|nen|en|din|iec|nr|no|art|artikel|article|versie|version|v|"
                                  r"anno|jaar|year|circa|ca|rond|around|"
                                  r"ruim|meer\s+dan|over|bijna|nearly|almost|about|zo'n|eur|€|isbn|bus|lijn|"
                                  r"route|kamer|room|zaal|hal|stand)\.?\s+)$", re.I)


# A run of one to four digits in Scan.classes (one byte per character, "#" a digit): the
# literal first lets the engine skip to each digit at memory speed, where a \d first is a
# character-class test at every character of the text.
_DIGIT_RUN = re.compile(rb"#(?<!##)#{0,3}(?!#)")


def _house_numbers(text: str, classes: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of every match of _NUMBER in ``text`` (``classes``: its Scan.classes)."""
    for run in _DIGIT_RUN.finditer(classes):
        at = run.start()
        if at:
            before = text[at - 1]
            if before.isalnum() or before in "_.,/€$£:-":
                continue
        yield at, run.end()


def _streets(text: str, classes: bytes):
    """(start, text) of every street address, found from its house number.

    Most numbers in prose are none (a year after "in", a count after "ruim"): each is let go
    on a look at the characters around it before any pattern is tried.
    """
    for at, after in _house_numbers(text, classes):
        previous = text[at - 1] if at else " "
        if previous.isalnum() or previous in "_.,-/€$£:":
            continue
        if previous.isspace() and at >= 2 and text[at - 2].isalpha() and not _lower_case_before(text, at):
            yield from _street_before(text, at)  # a word before: a street name?
        following = text[after:after + 1]
        if following == " " and "a" <= text[after + 1:after + 2] <= "z" and text[after + 1] not in _FRENCH_FIRST:
            continue  # (a word in lower case after it: neither a French street nor an English one)
        if following == " " or (following.isalpha() and text[after + 1:after + 2] == " "):
            rest = text[after:after + 14].split(maxsplit=2)
            first = rest[0].lower().rstrip(",") if rest else ""
            if first in _FRENCH_WORDS or first in ("bis", "ter") or (len(rest) > 1 and first in _FRENCH_WORDS):
                found = _STREET_FR_NUMBER_FIRST.match(text, at)
                if found:
                    yield at, found.group(0)
            elif rest and rest[0][:1].isupper():
                found = _STREET_EN.match(text, at)
                if found:
                    yield at, found.group(0)


# The first letters of _FRENCH_WORDS and of "bis" and "ter".
_FRENCH_FIRST = "abcipqrt"


def _lower_case_before(text: str, at: int) -> bool:
    """Whether the last word before the house number at ``at`` starts with an ASCII lower-case
    letter, as most words before a number do ("in 2024"): _street_before needs a capital
    there, and this asks it of a few characters instead of the whole window."""
    space = text.rfind(" ", max(0, at - _LOOK_BACK), at - 1)
    return space != -1 and "a" <= text[space + 1] <= "z" and text.find("\n", space, at - 1) == -1 \
        and text.find("\t", space, at - 1) == -1


def _street_before(text: str, at: int):
    """The street addresses that end with the house number at ``at``."""
    window_start = max(0, at - _LOOK_BACK)
    space = _last_space(text, window_start, at - 1)
    if space == -1 and window_start:  # (a word longer than the window: read back to its start)
        space = _last_space(text, 0, at - 1)
    last = text[space + 1:at].rstrip().lstrip("\"'“‘(«[")
    if not last[:1].isupper():
        return
    house = _HOUSE.match(text, at)
    if not house:
        return
    before, end = text[window_start:at], house.end()
    if last.lower().endswith(_STREET_ENDINGS):  # Kerkstraat 12a
        name = _NAME_BEFORE.search(before)
        if name:
            yield window_start + name.start(), text[window_start + name.start():end]
    if last in _STREET_WORDS:  # Grote Markt 1
        two = _NAME_BEFORE.search(before, 0, len(before.rstrip()) - len(last))
        if two and before[two.start():].split()[0] != last:
            yield window_start + two.start(), text[window_start + two.start():end]
    # Each pattern needs a word that most windows do not hold; a window without it is let go
    # without a search. (lower() finds what the patterns' IGNORECASE matches, unless the window
    # holds one of the few other letters that IGNORECASE matches to an ASCII one.)
    lowered = before.lower() if before.isascii() or not _FOLDS_TO_ASCII.search(before) else None
    if _LAAN_NEEDS in before:
        found = _LAAN_VAN.search(before)
        if found:
            yield window_start + found.start(), text[window_start + found.start():end]
    if lowered is None or any(word in lowered for word in _FRENCH_NEEDS):
        found = _STREET_FR.search(before)
        if found:
            yield window_start + found.start(), text[window_start + found.start():end]
    if lowered is None or any(word in lowered for word in _SAID_NEEDS):
        said = _SAID_ADDRESS.search(before)
        if said and _CAPITALISED.match(said.group(1)):  # (the regex ignores case for the words before it)
            yield window_start + said.start(1), text[window_start + said.start(1):end]


# A word of each alternative of _FRENCH_STREET and of _SAID_ADDRESS's words, in lower case
# (and _LAAN_VAN's, as written).
_LAAN_NEEDS = "Laan"
# The letters beyond ASCII that IGNORECASE matches to an ASCII letter (a test holds the list).
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_FRENCH_NEEDS = ("rue", "av", "bd", "boulevard", "chauss", "chemin", "place", "quai", "impasse", "all")
_SAID_NEEDS = ("woon", "wonen", "adres", "address", "thuis", "live", "habite", "domicile")


def _last_space(text: str, start: int, end: int) -> int:
    """The offset of the last space, newline or tab in ``text[start:end]`` (-1: none)."""
    return max(text.rfind(" ", start, end), text.rfind("\n", start, end), text.rfind("\t", start, end))


_POSTCODE_SHAPES = re.compile(rb"####(?: ?AA| +A)")  # (a literal start: the engine skips to it fast)


def may_hold_postcode(classes: bytes) -> bool:
    """Whether a text (as Scan.classes) can hold what _postcodes finds: four digits, then two
    capitals (Dutch) or white space and a capital (Belgian)."""
    return _POSTCODE_SHAPES.search(classes) is not None


def _postcodes(text: str, regions: list[tuple[int, int]]):
    for match in _matches(_POSTCODE_NL, text, regions):
        if not match.start() or not text[match.start() - 1].isalnum():  # a postcode starts a word
            yield match.start(), match.group(0), _("a Dutch postcode")
    for match in _matches(_POSTCODE_BE, text, regions):
        before = text[max(0, match.start() - 3):match.start()]
        prefix = _BE_PREFIX.search(before)
        if not prefix and before and (before[-1].isalnum() or before[-1] in "_.,€$£/:-"):
            continue
        code, place = int(match.group(1)), match.group(2)
        first = place.split()[0].split("-")[0] if place else ""
        start = match.start() - (len(before) - prefix.start()) if prefix else match.start()
        if not prefix:
            if first in _NOT_PLACES or place in _NOT_PLACES:
                continue
            if code in _YEAR_LIKE and place.split()[0] not in _BE_YEAR_PLACES:
                continue
            if _NOT_BEFORE_POSTCODE.search(text, max(0, match.start() - 14), match.start()):
                continue
        yield start, text[start:match.end()], _("a Belgian postcode with its place")


@rule("privacy.address")
def address(scan: Scan) -> Iterator[Finding]:
    found = {}
    for start, value in _streets(scan.text, scan.classes):
        found.setdefault(start, (value, _("a street address")))
    for start, value, what in _postcodes(scan.text, scan.digit_regions()) if may_hold_postcode(scan.classes) else ():
        found.setdefault(start, (value, what))
    # A match inside another one (the house number of "16 rue de la Loi") is the same address.
    spans = sorted((start, start + len(value)) for start, (value, _) in found.items())
    for start, (value, what) in sorted(found.items()):
        if any(s < start < e for s, e in spans):
            continue
        yield scan.finding(start, "privacy.address", ERROR,
                           _("'{value}' looks like {what}; it tells anyone where you live or work").format(value=value, what=what),
                           _("name the city only (author.location); ") + _IGNORE_HINT.format(rule="privacy.address"))


# --- birth dates -----------------------------------------------------------------------------

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "january|february|march|may|june|july|august|october|"
           "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
           "jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|déc|janv|févr|avr|juil")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|e|ste|de|er)?"
_DATE = (rf"(?:{_DAY}[-/.]\s?(?:1[0-2]|0?[1-9])[-/.]\s?(?:19|20)?\d{{2}}"      # 3-3-1985, 03/03/85
         rf"|(?:19|20)\d{{2}}-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9])"          # 1985-03-03
         rf"|{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}"            # 3 maart 1985, 3rd of March 1985
         rf"|(?:{_MONTHS})\.?\s+{_DAY},?\s+(?:19|20)\d{{2}})(?![\d/.-]\d)")         # March 3, 1985
# The words that say a date is a birthday, and the few words allowed between them and it.
_BORN = (r"(?:geboren|geb\.|°|born|birth\s*date|date\s+of\s+birth|birthday|dob|d\.o\.b\.|geboortedatum|"
         r"geboortedag|verjaardag|jarig|né|née|date\s+de\s+naissance|naissance)")
_BETWEEN = r"(?:\s*[:\-–]?\s*(?:(?:te|in|à|at)\s+[A-ZÀ-Ý][\w'\-]+,?\s+)?(?:(?:op|on|the|le|am|is|:|,)\s+){0,2})"
_BIRTH = LazyPattern(rf"(?<![\w])({_BORN}){_BETWEEN}({_DATE})", re.I)
# "Ik ben op 3 maart 1985 geboren", "3 maart 1985 (geboren)".
_BIRTH_AFTER = LazyPattern(rf"(?<![\w])(?:op\s+|on\s+)?({_DATE})\s*,?\s*\(?(?:ben\s+ik\s+|was\s+i\s+|werd\s+ik\s+)?"
                          rf"(?:geboren|born|jarig)\b", re.I)


_BIRTH_WORDS = ("geboren", "geboorte", "geb.", "born", "birth", "dob", "d.o.b", "°", "verjaardag", "jarig", "né",
                "naissance")
# Each of _BIRTH_WORDS, found from its least common letter: a pattern that starts with one
# letter is searched at the speed of that letter's scan, where twelve searches of the text
# cost three times as much (and an alternation of them, tried at every letter, more).
_BIRTH_WORD_LETTERS = (LazyPattern(r"b(?:(?<=geb)(?:oren|oorte|\.)|orn|irth|(?<=dob)|(?<=d\.o\.b))"),
                       LazyPattern(r"j(?:arig|(?<=verj)aardag)"), LazyPattern(r"°"), LazyPattern(r"é(?<=né)"),
                       LazyPattern(r"c(?<=naissanc)e"))


def _may_mention_birth(lowered: str, start: int, end: int) -> bool:
    """Whether a word of _BIRTH_WORDS may be in ``lowered[start:end]`` (True if it is)."""
    return any(pattern.search(lowered, start, end) is not None for pattern in _BIRTH_WORD_LETTERS)


@rule("privacy.birthdate")
def birthdate(scan: Scan) -> Iterator[Finding]:
    # (Its words looked for in the whole text first: most texts have none, and need no regions.)
    if not _may_mention_birth(scan.lowered, 0, len(scan.lowered)):
        return
    regions = scan.digit_regions()
    if not _mentions(scan.lowered, regions, _BIRTH_WORDS):
        return
    found = {m.start(): m for m in _matches(_BIRTH, scan.text, regions)}
    for match in _matches(_BIRTH_AFTER, scan.text, regions):
        if not any(m.start() <= match.start(1) < m.end() for m in found.values()):
            found.setdefault(match.start(1), match)
    for start in sorted(found):
        yield scan.finding(start, "privacy.birthdate", ERROR,
                           _("a full date of birth helps identity thieves (with your name it unlocks accounts)"),
                           _("leave it out, or give only the year if it matters"))
