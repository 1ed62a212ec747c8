"""How a page looks when shared on LinkedIn and in Google's results, for the dashboard.

LinkedIn shows a link post as the og:image (the share card, 1.91:1), then the og:title on at
most two lines and the site's domain. Google shows the <title> cut where it no longer fits
about 600 px of 20 px Arial (measured with Arial's character widths), the address as a breadcrumb, and the description cut near
155 characters. Both are read from the model the preview built the site from; the texts are
the ones the theme's <head> writes (render._plan: a note's description is its summary).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from profilegen.messages import _

TITLE_PIXELS = 600       # Google's result title: about 600 px wide
TITLE_SIZE = 20          # at 20 px
DESCRIPTION_CUT = 155    # Google's snippet: about 155 characters (920 px on a laptop)
DESCRIPTION_SHORT = 50   # less than this: Google tends to write a snippet of its own
ELLIPSIS = " …"


@dataclass(frozen=True)
class SharePreview:
    name: str                  # "Home" or the note's title, for the dashboard's list
    image: str                 # the card (or the page's own image:) as the preview serves it
    og_title: str              # LinkedIn's title
    domain: str                # LinkedIn's grey line
    search_title: str          # Google's title, cut as Google cuts it
    title_cut: bool
    breadcrumb: str            # "sanne.github.io › notes › wijkavond"
    description: str           # cut near 155 characters
    description_length: int    # as written
    warning: str | None        # the description is missing, too short or too long


# Arial's advance widths in thousandths of the font size (the metrics of Helvetica's AFM, which
# Arial and Liberation Sans share), for ASCII; a letter with a diacritic is as wide as its base
# letter (é as e). Google writes result titles in Arial.
_ARIAL = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278, 584,
     584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
     667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556,
     222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)))
_ARIAL.update({"–": 556, "—": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "…": 1000, "·": 278, "•": 350,
               "€": 556, "ß": 611, "æ": 889, "ø": 611, "\u00a0": 278})
_AVERAGE = 556  # (a character the table lacks: as wide as a lower-case letter)


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if char in _ARIAL:
        return _ARIAL[char]
    base = unicodedata.normalize("NFD", char)[:1]
    return _ARIAL.get(base, _AVERAGE)


def title_width(text: str) -> float:
    """The title's width in pixels in 20 px Arial."""
    return sum(map(_char_width, text)) * TITLE_SIZE / 1000


def cut_title(title: str, pixels: int = TITLE_PIXELS) -> tuple[str, bool]:
    """The title as a result shows it: whole when it fits, else the words that fit with " …"
    after them (a single word too long for the line is cut where it stops fitting)."""
    if title_width(title) <= pixels:
        return title, False
    words = title.split()
    kept: list[str] = []
    for word in words:
        if title_width(" ".join([*kept, word]) + ELLIPSIS) > pixels:
            break
        kept.append(word)
    if not kept:  # (one long word: cut inside it)
        end = len(title)
        while end > 1 and title_width(title[:end] + ELLIPSIS) > pixels:
            end -= 1
        return title[:end] + ELLIPSIS, True
    return " ".join(kept) + ELLIPSIS, True


def cut_description(text: str, limit: int = DESCRIPTION_CUT) -> str:
    """The description as a result shows it: whole up to ``limit`` characters, else cut at the
    last space before it, with " …"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    cut = head.rfind(" ")
    return (head[:cut] if cut > limit // 2 else text[:limit]).rstrip(" ,;:–-") + ELLIPSIS


def description_warning(text: str) -> str | None:
    length = len(" ".join(text.split()))
    if length == 0:
        return _("no description: Google writes a snippet of its own from the page and LinkedIn shows none; "
                 "give the page a summary: in its front matter")
    if length > DESCRIPTION_CUT + 5:
        return _("the description is {length} characters: Google cuts it near {cut}, so the end is lost").format(
            length=length, cut=DESCRIPTION_CUT)
    if length < DESCRIPTION_SHORT:
        return _("the description is only {length} characters: Google may show a snippet of its own instead "
                 "(aim for {short}–{cut})").format(length=length, short=DESCRIPTION_SHORT, cut=DESCRIPTION_CUT)
    return None


def breadcrumb(address: str) -> str:
    parts = urlsplit(address)
    return " › ".join([parts.hostname or "", *filter(None, parts.path.split("/"))])


def share_previews(profile, base_path: str) -> list[SharePreview]:
    """The home's preview, then each note's, newest first."""
    from profilegen.cards import card_path

    settings = profile.settings
    site_url = settings.site_url.rstrip("/") + "/"
    domain = urlsplit(site_url).hostname or ""
    name = profile.author.name

    def preview(label: str, page_url: str, page, og_title: str, search_title: str, description: str) -> SharePreview:
        own = page.image.lstrip("/") if page is not None and page.image else None
        image = own if own and own.lower().endswith((".png", ".jpg", ".jpeg")) else card_path(page_url)
        shown, cut = cut_title(search_title)
        return SharePreview(label, base_path + image, og_title, domain, shown, cut,
                            breadcrumb(site_url + page_url),
                            cut_description(description), len(" ".join(description.split())),
                            description_warning(description))

    home = profile.home_url
    previews = [preview(_("Home"), home, None, settings.title, settings.title, profile.description)]
    for note in profile.notes:
        previews.append(preview(note.title, note.url, note, note.title, f"{note.title} · {name}", note.summary or ""))
    return previews
