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
_COMPANY_WORDS = re.compile(r"(?:\bBE|\bbtw|\btva|\bvat|\bkbo|\bbce|ondernemingsn(?:umme)?r|n°\s*d'entreprise|"
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


@rule("privacy.phone", names=True)
def phone(scan: Scan) -> Iterator[Finding]:
    regions = scan.digit_regions()
    # Digits inside an account-number-like run (NL91 ABNA 0417 1643 00) are not a phone number.
    accounts = [m.span() for m in _matches(_IBAN, scan.text, regions)]
    for offset, number in _phone_numbers(scan.text, regions, bare=scan.where == "name"):
        if any(start <= offset < end for start, end in accounts):
            continue
        yield scan.finding(offset, "privacy.phone", ERROR,
                           f"'{number.strip()}' is a phone number; anyone can call or message it once it is online",
                           "remove it, or link to a contact form; " + _IGNORE_HINT.format(rule="privacy.phone"))


# --- bank accounts and national ID numbers ---------------------------------------------------

# Upper or lower case, with spaces or dashes between the groups of four; after the bank's
# group, every group holds a digit (so a word after the number is not read as part of it).
_IBAN_GROUP = r"(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]"
_IBAN = re.compile(rf"(?<![\w-])([A-Za-z]{{2}}\d{{2}}[ \-]?[A-Za-z0-9]{{4}}(?:[ \-]?{_IBAN_GROUP}{{4}}){{1,6}}"
                   rf"(?:[ \-]?(?=[A-Za-z]{{0,2}}\d)[A-Za-z0-9]{{1,3}})?)(?![\w-])")


def iban_valid(candidate: str) -> bool:
    from stdnum import iban

    # (check_country=False: a bank missing from stdnum's list of Belgian banks is still a bank)
    return iban.is_valid(re.sub(r"[ \-]", "", candidate).upper(), check_country=False)


@rule("privacy.iban", names=True)
def iban(scan: Scan) -> Iterator[Finding]:
    for match in _matches(_IBAN, scan.text, scan.digit_regions()):
        if iban_valid(match.group(1)):
            yield scan.finding(match.start(), "privacy.iban", ERROR,
                               "this is a valid bank account number (IBAN); published, it invites fraud and "
                               "unwanted direct debits", "remove it; share it privately when someone needs it")


_ID_WORDS = ("bsn", "burgerservice", "sofi", "rijksregister", "national", "insz", "niss", "citizen service",
             "registre national", "numéro national")
_ID_CONTEXT = re.compile(r"\b(bsn|burgerservicenummer|sofinummer|sofi-nummer|rijksregisternummer|rijksregister|"
                         r"national number|national register number|national register|insz(?:-nummer)?|niss|"
                         r"citizen service number|num[ée]ro national|num[ée]ro de registre national|"
                         r"registre national)\b", re.I)
# A number ends at a space or at the end of a sentence ("Mijn BSN is 930364260.").
_BSN = re.compile(r"(?<![\d.])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]?\d{3}[. ]?\d{3}|\d{9})(?!\d|[.,]\d)")
_RRN = re.compile(r"(?<![\d.])(\d{2}[. ]?\d{2}[. ]?\d{2}[- ]?\d{3}[. -]?\d{2})(?!\d|[.,]\d)")


def bsn_valid(digits: str) -> bool:
    from stdnum.nl import bsn

    return len(digits) == 9 and digits != "0" * 9 and bsn.is_valid(digits)


def rrn_valid(digits: str) -> bool:
    from stdnum.be import nn

    return len(digits) == 11 and nn.is_valid(digits)


@rule("privacy.national-id")
def national_id(scan: Scan) -> Iterator[Finding]:
    # The number is on the line of the word that says what it is: a line with digits.
    regions = scan.digit_regions()
    if not _mentions(scan.text, regions, _ID_WORDS):
        return
    seen = set()
    for context in _matches(_ID_CONTEXT, scan.text, regions):
        start = scan.text.rfind("\n", 0, context.start()) + 1
        end = scan.text.find("\n", context.end())
        end = len(scan.text) if end == -1 else end
        window = scan.text[start:end]
        for pattern, valid, name in ((_RRN, rrn_valid, "Belgian national register number"),
                                     (_BSN, bsn_valid, "Dutch citizen service number (BSN)")):
            match = next((m for m in pattern.finditer(window) if valid(re.sub(r"\D", "", m.group(1)))), None)
            if match is not None:
                if start + match.start() not in seen:
                    seen.add(start + match.start())
                    yield scan.finding(start + match.start(), "privacy.national-id", ERROR,
                                       f"this is a valid {name}; with it, others can pose as you",
                                       "remove it: a national ID number never belongs on a public page")
                break


# --- e-mail addresses ------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# "sanne [at] gmail [dot] com", "sanne (at) gmail (punt) com", "sanne[@]gmail.com"
_AT = r"\s*[\[({]\s*(?:at|@|apenstaartje|bij)\s*[\])}]\s*"
_DOT = r"(?:\s*[\[({]\s*(?:dot|punt|point)\s*[\])}]\s*|\.)"
_OBFUSCATED_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,}}\b", re.I)


@rule("privacy.email", names=True)
def email(scan: Scan) -> Iterator[Finding]:
    settings = scan.profile.settings
    allowed = {a.lower() for a in settings.check.allow_emails}
    if settings.author.email:
        allowed.add(settings.author.email.lower())
    found = []
    if "@" in scan.text:
        found += [(m.start(), m.group(0), m.group(0)) for m in _EMAIL.finditer(scan.text)]
    lowered = scan.lowered
    if "at]" in lowered or "at)" in lowered or "@]" in lowered or "@)" in lowered or "bij)" in lowered:
        for match in _OBFUSCATED_EMAIL.finditer(scan.text):
            address = re.sub(rf"{_DOT}", ".", re.sub(_AT, "@", match.group(0), flags=re.I), flags=re.I)
            found.append((match.start(), match.group(0), address))
    for start, shown, address in sorted(found):
        if address.lower() not in allowed:
            yield scan.finding(start, "privacy.email", ERROR,
                               f"'{shown}' is not your public address (author.email in site.yaml); "
                               "published addresses attract spam, and it may be someone else's",
                               "remove it, or add it to check.allow_emails in site.yaml if it may be public")


# --- street addresses and postcodes ----------------------------------------------------------

_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\w'’]))?(?:\s?-\s?\d{1,3})?(?!\d|[.,:]\d|[\w'’])"
# Dutch and Flemish street words, as the end of one word (Kerkstraat, Stationsweg, Meirbrug...).
_STREET_WORDS = ("straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|park|dreef|baan|wal|boulevard|lei|"
                 "steenweg|markt|pad|dam|brug|burgwal|kaai|vest|veld|berg|dreef|ring|plantsoen|erf|hoek")
_STREET = re.compile(rf"(?:{_STREET_WORDS})\s+{_HOUSE_NUMBER}")
_STREET_NAME = re.compile(r"[A-ZÀ-Ý][\w'\-]*$")
# A street word as a word of its own after a capitalised one: Grote Markt 1, Oude Gracht 12.
_STREET_TWO_WORDS = re.compile(
    rf"\b[A-ZÀ-Ý][\w'\-]+\s+(?:Markt|Plein|Gracht|Kade|Singel|Dijk|Laan|Dreef|Lei|Steenweg|Baan|Wal|Weg|Straat|"
    rf"Vest|Kaai|Burgwal|Steeg|Voorstraat|Haven)\s+{_HOUSE_NUMBER}")
_LAAN_VAN = re.compile(rf"\bLaan\s+(?:van|op|der|ten|te)\s+(?:(?:de|der|den|het|'t)\s+)?[A-ZÀ-Ý][\w'\-]+\s+{_HOUSE_NUMBER}")
# Rue de la Loi 16, avenue Louise 54, Chaussée de Waterloo 1234, Place Flagey 7, and the
# French order: 16 rue de la Loi.
_FRENCH_STREET = r"(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Bb]oulevard|[Bb]d|[Cc]haussée|[Cc]hemin|[Pp]lace|[Qq]uai|[Ii]mpasse|[Aa]llée)"
_FRENCH_NAME = r"(?:(?:de\s+la|de\s+l'|du|des|de|d'|la|le|les)\s*)?[A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+){0,2}"
_STREET_FR = re.compile(rf"\b{_FRENCH_STREET}\s+{_FRENCH_NAME},?\s+{_HOUSE_NUMBER}")
_STREET_FR_NUMBER_FIRST = re.compile(rf"(?<![\w.,])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+{_FRENCH_STREET}\s+{_FRENCH_NAME}\b")
# English: 10 Downing Street, 221B Baker Street.
_STREET_EN = re.compile(r"(?<![\w.,])\d{1,4}[A-Za-z]?\s+(?:[A-Z][\w'\-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Drive|"
                        r"Square|Crescent|Terrace|Close|Gardens|Place)\b")
# A one-word street name with its number, after a word that says it is an address:
# "ik woon aan de Meir 50", "bezoekadres: Spui 21", "thuis: Vismarkt 3".
_SAID_ADDRESS = re.compile(
    rf"\b(?:woon|wonen|woont|woonde|woonden|(?:bezoek|post|woon|thuis|privé|prive)?adres|address|thuis|"
    rf"i\s+live|we\s+live|j'habite|domicile)\b\s*(?:is\s+)?:?\s*(?:(?:op|aan|in|at|on)\s+)?(?:(?:de|het|den|der|the)\s+)?"
    rf"([A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+)?\s+{_HOUSE_NUMBER})", re.I)
_CAPITALISED = re.compile(r"[A-ZÀ-Ý]")

_POSTCODE_NL = re.compile(r"[1-9]\d{3}[ ]?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b(?!\s*\d)")
# A Belgian postcode is four digits before the place: 2960 Brecht, 1180 Ukkel, B-8930 Menen,
# 1000 Bruxelles, 4000 Liège, 9000 Gent. The place is a capitalised name, maybe in parts
# (Sint-Niklaas, Heist-op-den-Berg, Braine-l'Alleud); "2000 Gent-bezoekers" is not one.
_PLACE = r"[A-ZÀ-Ý][a-zà-ÿ']+(?:[- ](?:[A-ZÀ-Ý][a-zà-ÿ']+|sur|lez|aan|op|den|de|la|le|en|sous|l'[A-ZÀ-Ý][a-zà-ÿ]+)){0,4}"
_POSTCODE_BE = re.compile(rf"(?<![\w.,€$£/:-])(B-\s?)?([1-9]\d{{3}})\s+({_PLACE})(?![\w'-])")
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
_NOT_BEFORE_POSTCODE = re.compile(r"(?:\b(?:iso|nen|en|din|iec|nr|no|art|artikel|article|versie|version|v|"
                                  r"anno|jaar|year|circa|ca|rond|around|"
                                  r"ruim|meer\s+dan|over|bijna|nearly|almost|about|zo'n|eur|€|isbn|bus|lijn|"
                                  r"route|kamer|room|zaal|hal|stand)\.?\s+)$", re.I)


def _streets(text: str, regions: list[tuple[int, int]]):
    for match in _matches(_STREET, text, regions):
        name = _STREET_NAME.search(text, max(0, match.start() - 40), match.start())
        if name and (name.start() == 0 or not text[name.start() - 1].isalnum()):
            yield name.start(), text[name.start():match.end()]
    for pattern in (_STREET_TWO_WORDS, _LAAN_VAN, _STREET_FR, _STREET_FR_NUMBER_FIRST, _STREET_EN):
        for match in _matches(pattern, text, regions):
            yield match.start(), match.group(0)
    for match in _matches(_SAID_ADDRESS, text, regions):
        if _CAPITALISED.match(match.group(1)):  # (the regex ignores case for the words before it)
            yield match.start(1), match.group(1)


def _postcodes(text: str, regions: list[tuple[int, int]]):
    for match in _matches(_POSTCODE_NL, text, regions):
        if not match.start() or not text[match.start() - 1].isalnum():  # a postcode starts a word
            yield match.start(), match.group(0), "a Dutch postcode"
    for match in _matches(_POSTCODE_BE, text, regions):
        code, place = int(match.group(2)), match.group(3)
        first = place.split()[0].split("-")[0] if place else ""
        if match.group(1) is None:
            if first in _NOT_PLACES or place in _NOT_PLACES:
                continue
            if code in _YEAR_LIKE and place.split()[0] not in _BE_YEAR_PLACES:
                continue
            if _NOT_BEFORE_POSTCODE.search(text, max(0, match.start() - 14), match.start()):
                continue
        yield match.start(), match.group(0), "a Belgian postcode with its place"


@rule("privacy.address")
def address(scan: Scan) -> Iterator[Finding]:
    regions = scan.digit_regions()
    found = {}
    for start, value in _streets(scan.text, regions):
        found.setdefault(start, (value, "a street address"))
    for start, value, what in _postcodes(scan.text, regions):
        found.setdefault(start, (value, what))
    # A match inside another one (the house number of "16 rue de la Loi") is the same address.
    spans = sorted((start, start + len(value)) for start, (value, _) in found.items())
    for start, (value, what) in sorted(found.items()):
        if any(s < start < e for s, e in spans):
            continue
        yield scan.finding(start, "privacy.address", ERROR,
                           f"'{value}' looks like {what}; it tells anyone where you live or work",
                           "name the city only (author.location); " + _IGNORE_HINT.format(rule="privacy.address"))


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
_BIRTH = re.compile(rf"(?<![\w])({_BORN}){_BETWEEN}({_DATE})", re.I)
# "Ik ben op 3 maart 1985 geboren", "3 maart 1985 (geboren)".
_BIRTH_AFTER = re.compile(rf"(?<![\w])(?:op\s+|on\s+)?({_DATE})\s*,?\s*\(?(?:ben\s+ik\s+|was\s+i\s+|werd\s+ik\s+)?"
                          rf"(?:geboren|born|jarig)\b", re.I)


@rule("privacy.birthdate")
def birthdate(scan: Scan) -> Iterator[Finding]:
    regions = scan.digit_regions()
    if not _mentions(scan.text, regions, ("geboren", "geboorte", "geb.", "born", "birth", "dob", "d.o.b", "°",
                                          "verjaardag", "jarig", "né", "naissance")):
        return
    found = {m.start(): m for m in _matches(_BIRTH, scan.text, regions)}
    for match in _matches(_BIRTH_AFTER, scan.text, regions):
        if not any(m.start() <= match.start(1) < m.end() for m in found.values()):
            found.setdefault(match.start(1), match)
    for start in sorted(found):
        yield scan.finding(start, "privacy.birthdate", ERROR,
                           "a full date of birth helps identity thieves (with your name it unlocks accounts)",
                           "leave it out, or give only the year if it matters")
