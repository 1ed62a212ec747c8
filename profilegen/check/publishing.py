"""publish.* and i18n.*: slips that only show once the site is online.

A layer file under another name becomes a page of its own; init's example address was never
replaced; a note's file name says another date than its front matter; a setting shown on the
pages of another language has no text in that language.
"""

from __future__ import annotations

import re
from typing import Iterator

from profilegen.check import WARNING, Finding, rule
from profilegen.content import LAYERS
from profilegen.model import Profile, date_in_name
from profilegen.messages import _

# Names people give a layer's file: translations (Dutch, English, Flemish habits) and the
# obvious variants. A page with one of these names, at the top of a language's content and
# without `layer:`, is published as a page of its own, which is rarely what was meant.
LAYER_NAMES = {
    "stand": ("waar-ik-voor-sta", "waarvoor-ik-sta", "waar-ik-sta", "standpunt", "standpunten", "waarden",
              "kernwaarden", "missie", "what-i-stand-for", "values", "mission", "beliefs"),
    "drives": ("drijfveren", "drijfveer", "motivatie", "drive", "motivation", "why"),
    "expertise": ("expertises", "deskundigheid", "vakmanschap", "kennis", "skills", "competenties",
                  "competences", "specialisme"),
    "experience": ("ervaring", "ervaringen", "werkervaring", "loopbaan", "cv", "experiences", "career",
                   "work-experience", "werk"),
    "insights": ("inzichten", "inzicht", "lessen", "geleerde-lessen", "insight", "lessons", "lessons-learned"),
    "vision": ("visie", "toekomstvisie", "visions", "view", "kijk"),
    "future": ("toekomst", "doelen", "ambities", "ambitie", "toekomstdoelen", "plannen", "goals", "future-goals",
               "ambitions", "plans"),
    "network": ("netwerk", "samenwerking", "contacten", "netwerken", "networks", "contacts", "connections"),
}
_LAYER_OF_NAME = {name: layer for layer, names in LAYER_NAMES.items() for name in names}

# The example addresses that init writes into site.yaml (nl and en).
PLACEHOLDER_HOSTS = ("jouw-gebruikersnaam.github.io", "your-user-name.github.io")

_DATE_LINE = re.compile(r"^date\s*:", re.M)


def _near_layer(stem: str) -> str | None:
    """The layer a file name means, when it is a translation, a variant or a slip of one."""
    name = stem.lower().replace("_", "-").replace(" ", "-")
    if name in LAYERS:
        return name  # ('Vision.md': a capital, or the name of a layer in a subfolder)
    if name in _LAYER_OF_NAME:
        return _LAYER_OF_NAME[name]
    for layer in LAYERS:  # one letter added, dropped, changed or two swapped ('visoin', 'experiance')
        if len(name) > 4 and _one_edit_apart(name, layer):
            return layer
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@rule("publish.layer-name", per="profile")
def layer_names(profile: Profile) -> Iterator[Finding]:
    root = f"content/{profile.home_url}"
    for page in profile.pages:
        stem = page.source.rsplit("/", 1)[-1][:-3]
        layer = _near_layer(stem)
        if layer is None or page.source.rsplit("/", 1)[0] + "/" != root:
            continue
        if profile.layer(layer) is not None:
            continue  # the layer exists: this is a page of its own on purpose
        yield Finding(page.source, 1, 1, "publish.layer-name", WARNING,
                      _("'{stem}.md' is published as a page of its own at /{url}, not as the layer "
                      "'{layer}'").format(stem=stem, url=page.url, layer=layer),
                      _("if it is that layer, rename the file to {layer}.md or add 'layer: {layer}' to its "
                      "front matter").format(layer=layer))


@rule("publish.placeholder-address", per="profile")
def placeholder_address(profile: Profile) -> Iterator[Finding]:
    settings = profile.settings
    if profile.home_url:
        return  # (one site address: said once, with the main language's profile)
    host = settings.site_url.split("/")[2].lower()
    if host in PLACEHOLDER_HOSTS:
        yield Finding("site.yaml", None, None, "publish.placeholder-address", WARNING,
                      _("base_url is still init's example address ({base_url}): links in the "
                      "feed, the sitemap and shared pages will point there").format(base_url=settings.base_url),
                      _("set base_url to https://<your GitHub user name>.github.io/<repository name>/"))


@rule("publish.note-date", per="profile")
def note_dates(profile: Profile) -> Iterator[Finding]:
    for note in profile.notes:
        named = date_in_name(note.source.rsplit("/", 1)[-1][:-3])
        if named is None or note.date is None:
            continue
        if named != note.date:
            line = _DATE_LINE.search(note.front)
            where = 2 + note.front.count("\n", 0, line.start()) if line else 1
            yield Finding(note.source, where, 1, "publish.note-date", WARNING,
                          _("the file name says {named} but 'date' says {date}; "
                          "the note is dated {date}").format(named=named.isoformat(), date=note.date.isoformat()),
                          _("make them agree: rename the file or change 'date'"))


# Settings shown on the pages of every language, and what a page in a language without its
# own text shows: the main language's text ("main"), or nothing ("left out").
SHOWN_SETTINGS = {
    ("description",): "left out",           # (the language's own 'stand' summary takes its place)
    ("author", "role"): "main",
    ("topics",): "main",
    ("linkedin", "call_to_action"): "left out",
}


def _value(settings, path: tuple[str, ...]):
    node = settings
    for part in path:
        node = getattr(node, part, None) if node is not None else None
    return node


@rule("i18n.untranslated", per="profile")
def untranslated(profile: Profile) -> Iterator[Finding]:
    """Said once a build, with the main language's profile, for every other language."""
    settings = profile.settings
    if profile.home_url:  # (not the main language's profile)
        return
    for code in settings.all_languages[1:]:
        overrides = settings.i18n.get(code)
        for path, shown in SHOWN_SETTINGS.items():
            key = ".".join(path)
            if not _value(settings, path) or (overrides is not None and _value(overrides, path)):
                continue  # nothing to translate, or translated
            effect = _("its pages show the main language's text") if shown == "main" else _("its pages leave it out")
            yield Finding("site.yaml", None, None, "i18n.untranslated", WARNING,
                          _("'{key}' has no text in '{code}' (i18n.{code}.{key}): {effect}").format(key=key, code=code, effect=effect),
                          _("add i18n.{code}.{key} to site.yaml").format(code=code, key=key))
