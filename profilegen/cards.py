"""Share cards: the 1200 × 627 PNG that LinkedIn, Mastodon or Slack shows when a page is shared.

The home, every layer page and every note gets a card of its own (its title, the author's name
and role, the site's address, optionally the portrait); every other page shows its language's
home card, and a page may name a picture of its own (`image:` in its front matter). The look
is the theme's: `card.yaml` (the first found of the site's folder, the site's theme, the
bundled theme, the default), the same lookup as the theme's words, so a theme replaces it.

Planning is cheap and never imports Pillow: it fixes each card's path, alt text and key (a
digest of everything the card shows: its texts, the layout, the fonts, the portrait's bytes).
A card whose key is unchanged is reused by the build, not drawn; Pillow is imported only when
one is drawn, once in the main process before the workers fork. Drawing is deterministic:
FreeType's basic layout (no HarfBuzz, which could differ between machines), no metadata, the
same bytes for the same key. Measuring (layout) is apart from drawing, so the layout's boxes
can be tested without looking at pixels.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Literal

from profilegen import __version__
from profilegen.messages import N_, _
from profilegen.schema import Format, doc, formatted, whole

if TYPE_CHECKING:
    from profilegen.model import Page, Profile

WIDTH, HEIGHT = 1200, 627  # LinkedIn's 1.91:1 at the size it asks for (it takes PNG or JPEG, never SVG or WebP)
LAYOUT_FILE = "card.yaml"
CARD_NAME = "card.png"
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"regular": "Inter-Regular.otf", "bold": "Inter-Bold.otf"}  # (the CV's fonts; Lato's hinting made FreeType 4× slower)
RASTER = (".png", ".jpg", ".jpeg", ".webp")
PACKING = 2  # how png_bytes packs (raised with any change of its bytes: cards cached before are drawn again)
PARALLEL_THRESHOLD = 8  # cards: below this many, forking costs more than drawing on one core

COLOUR = Format(N_("a colour"), N_("colours"), r"#[0-9A-Fa-f]{6}", N_("written as #rrggbb, such as '#1d4e89'"))


@dataclass(frozen=True, kw_only=True)
class TextStyle:
    """How one text of the card is set."""

    font: Literal["regular", "bold"] = doc("Inter Regular or Bold (shipped with profilegen).", default="regular")
    size: whole(8, 200) = doc("The size in pixels it starts at.", default=32)
    min_size: whole(8, 200) | None = doc("The smallest it shrinks to before lines are left out (default: size).",
                                         default=None)
    max_lines: whole(1, 6) = doc("At most this many lines; it wraps between words, never inside one.", default=1)
    line_height: whole(80, 250) = doc("Line height, in percent of the size.", default=120)
    colour: formatted(COLOUR) = doc("Its colour.", default="#1c2024")


@dataclass(frozen=True, kw_only=True)
class CardLayout:
    """The share card's look (card.yaml): colours, sizes and what it shows."""

    background: formatted(COLOUR) = doc("The card's colour.", default="#fbfaf7")
    band_colour: formatted(COLOUR) = doc("The band along the left edge.", default="#1d4e89")
    band_width: whole(0, 200) = doc("The band's width in pixels (0: no band).", default=20)
    padding: whole(16, 200) = doc("Space around the text, in pixels.", default=80)
    rule_colour: formatted(COLOUR) = doc("The line above the name.", default="#dcdfe3")
    rule_width: whole(0, 20) = doc("Its thickness (0: no line).", default=2)
    portrait: bool = doc("Show the author's portrait (a PNG, JPEG or WebP under static/) as a circle.", default=True)
    portrait_size: whole(64, 400) = doc("The portrait's diameter in pixels.", default=200)
    kicker: TextStyle = doc("The small line above the title: the layer's name, a note's date.",
                            factory=lambda: TextStyle(font="bold", size=28, colour="#1d4e89"))
    title: TextStyle = doc("The page's title.", factory=lambda: TextStyle(
        font="bold", size=72, min_size=44, max_lines=4, line_height=112))
    byline: TextStyle = doc("The author's name and role.", factory=lambda: TextStyle(
        font="bold", size=32, min_size=24))
    address: TextStyle = doc("The site's address.", factory=lambda: TextStyle(size=28, min_size=20, colour="#59616b"))


@dataclass(frozen=True)
class CardText:
    """What a card says."""

    kicker: str
    title: str
    byline: str
    address: str


@dataclass(frozen=True)
class Card:
    """One card to make: where it goes, what it shows, and the key it is cached by."""

    path: str              # in the output: "notes/x/card.png"
    text: CardText
    portrait: Path | None
    key: str
    portrait_digest: str = ""  # of the portrait's bytes: the drawn foot is shared by it, not by its name


@dataclass(frozen=True)
class Share:
    """What a page's og:image tags say."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"


@dataclass(frozen=True)
class Box:
    """A laid-out part of the card, in pixels from its top left corner."""

    part: str                  # "kicker", "title", "byline", "address", "portrait", "rule"
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...] = ()
    size: int = 0              # the font size the lines are set in

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


# --- The layout file ------------------------------------------------------------------------

def find_layout(theme, source: Path) -> Path | None:
    """The card.yaml that wins: the site's (beside site.yaml), its theme's, the bundled theme's,
    the default's."""
    for root in dict.fromkeys((source, *theme._roots(), theme.bundled_dir, theme.bundled_dir.parent / "default")):
        path = root / LAYOUT_FILE
        if path.is_file():
            return path
    return None


def _bundled_layout() -> Path:
    from profilegen.theme import bundled_themes_dir

    return bundled_themes_dir() / "default" / LAYOUT_FILE


BUNDLED_LAYOUT = _bundled_layout()


def load_layout(path: Path | None, shown_as: str) -> CardLayout:
    """card.yaml as a CardLayout; a mistake in it is a located error, as in site.yaml."""
    from profilegen.schema import load
    from profilegen.yamlio import YamlDocument

    if path is None or path == BUNDLED_LAYOUT:
        return CardLayout()  # (the bundled file says what the defaults say, a test holds it: no parse)
    return load(YamlDocument(path.read_text("utf-8"), shown_as), CardLayout)


# --- Planning (no Pillow) -------------------------------------------------------------------

def card_path(page_url: str) -> str:
    """'notes/x/' -> 'notes/x/card.png'; '' (the home) -> 'card.png'."""
    return (page_url if page_url.endswith("/") or not page_url else page_url + "-") + CARD_NAME


def address_of(site_url: str) -> str:
    """'https://sanne.github.io/profiel/' -> 'sanne.github.io/profiel', as a card shows it."""
    return site_url.split("://", 1)[-1].rstrip("/")


def byline_of(profile: Profile) -> str:
    author = profile.author
    role = ", ".join(filter(None, [author.role, author.organisation]))
    return " · ".join(filter(None, [author.name, role]))


def card_text(profile: Profile, site, page: Page | None) -> CardText:
    """What the card of the home (page None), a layer page or a note says."""
    address = address_of(profile.settings.site_url)
    byline = byline_of(profile)
    if page is None:
        title = profile.settings.title
        return CardText("", title, byline, address)
    if page.kind == "note":
        kicker = site.format_date(page.date)
    else:
        kicker = site.t(f"layers.{page.layer}") if page.layer else ""
        kicker = "" if kicker.casefold() == page.title.casefold() else kicker
    return CardText(kicker, page.title, byline, address)


def portrait_of(profile: Profile, assets: dict[str, Path], layout: CardLayout) -> Path | None:
    image = profile.author.image
    if not layout.portrait or not image:
        return None
    from profilegen.images import image_size

    file = assets.get(image.lstrip("/"))
    if file is None or file.suffix.lower() not in RASTER or image_size(file) is None:
        return None  # (an SVG, or a file that is not the picture its name says: no portrait)
    return file


@functools.cache
def _fonts_digest() -> str:
    """The fonts as installed (size and time of each file: reading 1.3 MB every build to hash
    it would cost more than the rest of a card's plan)."""
    stats = [(name, (FONTS / name).stat().st_size, (FONTS / name).stat().st_mtime_ns) for name in sorted(FONT_FILES.values())]
    return hashlib.sha256(repr(stats).encode()).hexdigest()


def _file_digest(path: Path | None) -> str:
    return "" if path is None else hashlib.sha256(path.read_bytes()).hexdigest()


def card_key(text: CardText, layout: CardLayout, portrait_digest: str) -> str:
    """Everything a card's bytes are made from (Pillow's version aside: see the module's note)."""
    parts = repr(("card", __version__, PACKING, _fonts_digest(), layout, text, portrait_digest))
    return hashlib.sha256(parts.encode("utf-8", "surrogatepass")).hexdigest()


def alt_text(site, text: CardText) -> str:
    return site.t("card.alt", title=text.title, byline=text.byline)


# --- Layout ---------------------------------------------------------------------------------

@functools.cache
def _font(name: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / FONT_FILES[name]), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _advances(style_font: str, size: int) -> dict[str, float]:
    return {}


def _width(style_font: str, size: int, text: str) -> float:
    """How wide FreeType sets ``text``: the sum of its letters' advances, each asked once.

    (Fitting a title measures it at several sizes; asking FreeType for every line took a few
    milliseconds a card. The sum is exact for the shipped fonts in Pillow's basic layout, which
    kerns only with a 'kern' table, which Inter has not: a test holds it to FreeType's own.)
    """
    advances = _advances(style_font, size)
    total = 0.0
    for char in text:
        advance = advances.get(char)
        if advance is None:
            advance = advances[char] = _font(style_font, size).getlength(char)
        total += advance
    return total


def wrap(words: list[str], font: str, size: int, width: int) -> list[str]:
    """Words into lines no wider than ``width`` (a word wider than that gets a line of its own)."""
    lines: list[str] = []
    for word in words:
        if lines and _width(font, size, f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _step(style: TextStyle, size: int) -> int:
    """The distance from one line to the next."""
    return max(1, round(size * style.line_height / 100))


def fit(text: str, style: TextStyle, width: int, height: int) -> tuple[int, tuple[str, ...]]:
    """(size, lines): the largest size from style.size down to style.min_size at which ``text``
    fits ``width`` × ``height`` in at most style.max_lines lines, wrapped between words.

    Smaller than min_size only when a single word is wider than the box (a word is never
    broken). When the text does not fit even at min_size, it ends after the last whole word
    that fits, with '…'.
    """
    words = text.split()
    if not words:
        return style.size, ()
    smallest = min(style.min_size or style.size, style.size)

    def attempt(size: int) -> tuple[bool, bool, list[str], int]:
        """(fits, every word fits the width, lines, lines room) at ``size``."""
        room = max(1, min(style.max_lines, height // _step(style, size)))
        lines = wrap(words, style.font, size, width)
        words_fit = all(_width(style.font, size, line) <= width for line in lines)  # (a line too wide is one word)
        return words_fit and len(lines) <= room, words_fit, lines, room

    # The largest size that fits, by halving [smallest, size]: fitting only gets easier as the
    # size goes down, and each size tried costs FreeType a new set of glyphs.
    fits, words_fit, lines, room = attempt(style.size)
    if fits:
        return style.size, tuple(lines)
    low, high = smallest, style.size - 1
    best = None
    while low <= high:
        middle = (low + high) // 2
        result = attempt(middle)
        if result[0]:
            best, low = (middle, result), middle + 1
        else:
            high = middle - 1
    if best is not None:
        return best[0], tuple(best[1][2])
    size = smallest
    fits, words_fit, lines, room = attempt(size)

    def shown_fit(lines: list[str], room: int) -> bool:
        """Whether the lines kept fit, the first word of the last one with '…' after it when cut."""
        kept = lines[:room]
        cut_word = f"{kept[-1].split()[0]}…" if len(lines) > room else ""
        return all(_width(style.font, size, line) <= width for line in (*kept, cut_word))

    # Smaller than min_size only for a word wider than the box that stays on the card (whole,
    # never broken); a text cut anyway is cut at min_size.
    while not shown_fit(lines, room) and size > 8:
        size -= 1
        fits, words_fit, lines, room = attempt(size)
        if fits:
            return size, tuple(lines)
    kept = [line.split() for line in lines[:room]]
    while kept:
        last = kept[-1]
        while len(last) > 1 and _width(style.font, size, " ".join(last) + "…") > width:
            last.pop()
        if _width(style.font, size, " ".join(last) + "…") <= width:
            break
        kept.pop()  # one word that leaves no room for the '…': end the line before instead
    if not kept:
        return size, ("…",)
    return size, (*(" ".join(line) for line in kept[:-1]), " ".join(kept[-1]) + "…")


def layout(text: CardText, style: CardLayout, with_portrait: bool) -> list[Box]:
    """Where every part of the card goes: the boxes that drawing fills in.

    The foot from the bottom up (the address, the name above it, a rule above that), then from
    the top down the kicker and the title, which gets the room that is left; the portrait at
    the top right, the texts above the rule beside it.
    """
    left = style.band_width + style.padding
    right = WIDTH - style.padding
    top, bottom = style.padding, HEIGHT - style.padding
    gap = 32
    boxes: list[Box] = []

    def one_line(part: str, text_style: TextStyle, value: str, y: int, width: int, from_bottom: bool) -> Box:
        size, lines = fit(value, text_style, width, _step(text_style, text_style.size))
        height = _step(text_style, size)
        return Box(part, left, y - height if from_bottom else y, width, height, lines, size)

    foot_top = bottom
    for part, text_style, value in (("address", style.address, text.address),
                                    ("byline", style.byline, text.byline)):
        if value:
            box = one_line(part, text_style, value, foot_top - (8 if foot_top < bottom else 0), right - left, True)
            boxes.append(box)
            foot_top = box.y
    if style.rule_width:
        rule = Box("rule", left, foot_top - gap - style.rule_width, right - left, style.rule_width)
        boxes.append(rule)
        foot_top = rule.y
    text_right = right
    if with_portrait:
        diameter = min(style.portrait_size, foot_top - gap - top)
        boxes.append(Box("portrait", right - diameter, top, diameter, diameter))
        text_right = right - diameter - 48
    y = top
    if text.kicker:
        kicker = one_line("kicker", style.kicker, text.kicker, top, text_right - left, False)
        boxes.append(kicker)
        y = kicker.bottom + 20
    size, lines = fit(text.title, style.title, text_right - left, foot_top - gap - y)
    boxes.append(Box("title", left, y, text_right - left, len(lines) * _step(style.title, size), lines, size))
    return boxes


# --- Drawing (Pillow) -----------------------------------------------------------------------

_FOOT = ("rule", "portrait", "byline", "address")  # what every card of a language has alike


def draw(card: Card, style: CardLayout) -> bytes:
    """The card as PNG bytes: the same bytes as png_bytes of the whole card drawn at once.

    Only the kicker and the title differ from the card's base (its foot), so only the bands of
    rows their letters touch are drawn and packed, one by one: the base's rows of the band,
    with the part of each line's mask that falls in it blended onto them (a title may overlap
    the band, the rule, the byline or the portrait); every other band's packed bytes are the
    base's. No copy of the whole card, no comparing it with the base, no buffer larger than a
    band (a card's few megabytes, allocated and freed each time, cost more in page faults than
    in copying).
    """
    from PIL import Image

    boxes = layout(card.text, style, card.portrait is not None)
    base = _base(card.text.byline, card.text.address, card.portrait, card.portrait_digest, style)
    strokes = [stroke for box in boxes if box.part not in _FOOT for stroke in _strokes(box, style)]
    touched = {top for x, y, mask, ink in strokes
               for top in range(max(0, y) // _BAND_ROWS * _BAND_ROWS, min(HEIGHT, y + mask.size[1]), _BAND_ROWS)}
    bands = []
    scratch = Image.new("RGB", (WIDTH, _BAND_ROWS)) if touched else None
    for top in range(0, HEIGHT, _BAND_ROWS):
        if top not in touched:
            bands.append(base.rows.band(top))
            continue
        height = min(HEIGHT, top + _BAND_ROWS) - top
        band = scratch if height == _BAND_ROWS else Image.new("RGB", (WIDTH, height))
        band.paste(base.image, (0, -top))  # (the base's rows of this band)
        pen = _pen(band)
        for x, y, mask, ink in strokes:
            if y < top + height and y + mask.size[1] > top:
                pen.draw_bitmap((x, y - top), mask, ink)  # (clipped to the band: each pixel blends alone)
        bands.append(_pack_rows(_rows(band), 0, height, WIDTH))
    return _png(WIDTH, HEIGHT, bands)


def _pen(image):
    """Pillow's drawing of an image, on which ImageDraw.text puts the letters' masks."""
    from PIL import ImageDraw

    return ImageDraw.Draw(image).draw


def _strokes(box: Box, style: CardLayout) -> Iterator[tuple[int, int, object, int]]:
    """(x, y, mask, ink) of every line of a text box: where ImageDraw.text would blend which
    mask (Pillow's rendering of the line) in which colour, the same calls it makes, made here so
    that the rows they touch are known before drawing."""
    from PIL import ImageColor

    text_style = getattr(style, box.part)
    font = _font(text_style.font, box.size)
    ink = _ink(ImageColor.getrgb(text_style.colour))
    for line, baseline in _baselines(box, text_style):
        mask, (dx, dy) = font.getmask2(line, "L", None, None, None, 0, "ls", ink, (0.0, 0.0), stroke_filled=True)
        yield box.x + dx, baseline + dy, mask, ink


def _baselines(box: Box, text_style: TextStyle) -> Iterator[tuple[str, int]]:
    """(line, baseline) of a text box: each line's glyphs centred in its step, the same whatever
    the letters."""
    step = _step(text_style, box.size)
    ascent, descent = _font(text_style.font, box.size).getmetrics()
    for index, line in enumerate(box.lines):
        yield line, box.y + index * step + (step - ascent - descent) // 2 + ascent


@functools.cache
def _ink(colour: tuple[int, ...]) -> int:
    from PIL import Image

    return _pen(Image.new("RGB", (1, 1))).draw_ink(colour)


_BAND_ROWS = 32  # rows packed apart from the rest (smaller bands pack worse, larger ones are reused less)


class PackedRows:
    """An image whose bands of PNG rows are packed once, when first asked for: what the cards
    drawn on one base share (its top margin and its foot) is packed once, not once a card."""

    def __init__(self, image) -> None:
        self.image = image
        self._bands: dict[int, tuple[bytes, int, int]] = {}
        self._rows: memoryview | None = None

    def band(self, top: int) -> tuple[bytes, int, int]:
        """(packed, Adler-32, length) of the rows of the band that starts at row ``top``."""
        band = self._bands.get(top)
        if band is None:
            if self._rows is None:
                self._rows = _rows(self.image)
            width, height = self.image.size
            band = self._bands[top] = _pack_rows(self._rows, top, min(height, top + _BAND_ROWS), width)
        return band


def png_bytes(image) -> bytes:
    """An RGB image as a PNG with unfiltered rows, packed in bands of _BAND_ROWS rows.

    Pillow's encoder tries every PNG filter on every row, which costs twice the rest of a card;
    a card is flat colour and text, which zlib packs as well without filtering. Each band is a
    deflate block of its own (the dictionary starts afresh), so the band of one image is the
    same bytes as the band of another with the same pixels there: a card takes the bands of
    its base that it does not draw on. No metadata chunks: the same pixels give the same bytes.
    """
    width, height = image.size
    if image.mode != "RGB":
        raise ValueError(f"png_bytes takes an RGB image, not {image.mode}")
    rows = _rows(image)
    return _png(width, height, [_pack_rows(rows, top, min(height, top + _BAND_ROWS), width)
                                for top in range(0, height, _BAND_ROWS)])


def _png(width: int, height: int, bands: list[tuple[bytes, int, int]]) -> bytes:
    """The PNG of the packed bands (from the top down) of an RGB image of width × height."""
    import struct
    import zlib

    checksum = 1
    for packed, band_checksum, length in bands:
        checksum = _adler32_combine(checksum, band_checksum, length)
    # A zlib stream: its header, the bands, an empty last block, the checksum of all the rows.
    stream = b"\x78\x01" + b"".join(band[0] for band in bands) + b"\x03\x00" + struct.pack(">I", checksum)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, deflate, no filter, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def _rows(image) -> memoryview:
    """An RGB image's rows, each followed by a 0 byte: from the second row on, PNG's rows with
    their filter type (None) before them, without copying each row behind one."""
    return memoryview(image.tobytes("raw", "RGB", image.size[0] * 3 + 1))


def _pack_rows(rows: memoryview, first: int, last: int, width: int) -> tuple[bytes, int, int]:
    """(packed, Adler-32, length) of the PNG rows ``first`` to ``last`` (of _rows: each behind
    its 0 byte), as raw deflate blocks that end on a byte boundary with the dictionary emptied
    (a full flush): bands packed apart can be joined."""
    import zlib

    length = width * 3 + 1
    band = rows[first * length:last * length - 1]  # (the 0 after the band's last row is the next row's)
    # (level 1 packs 8% larger for a few percent less time; a smaller hash table than zlib's
    # default, memLevel 6, packs the same bytes within a few in a 32-row band, ~8% faster)
    packer = zlib.compressobj(3, zlib.DEFLATED, -15, 6)
    packed = packer.compress(b"\0") + packer.compress(band) + packer.flush(zlib.Z_FULL_FLUSH)
    return packed, zlib.adler32(band, zlib.adler32(b"\0")), len(band) + 1


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's adler32_combine)."""
    modulus = 65521
    remainder = second_length % modulus
    low = ((first & 0xFFFF) + (second & 0xFFFF) + modulus - 1) % modulus
    high = (remainder * (first & 0xFFFF) + (first >> 16) + (second >> 16) + modulus - remainder) % modulus
    return low | high << 16


@dataclass(frozen=True)
class _Base:
    image: object          # PIL.Image.Image
    rows: PackedRows


@functools.lru_cache(maxsize=4)
def _base(byline: str, address: str, portrait: Path | None, portrait_digest: str, style: CardLayout) -> _Base:
    """The background, band, rule, name, address and portrait: drawn once for all the cards
    that share them (a third of a card's drawing), then copied. (Remembered by the portrait's
    digest too: the preview, or a process forked from one, draws again after the photo is
    replaced under the same name.)"""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    if style.band_width:
        ImageDraw.Draw(image).rectangle((0, 0, style.band_width - 1, HEIGHT - 1), fill=style.band_colour)
    boxes = layout(CardText("", "", byline, address), style, portrait is not None)
    _draw_parts(image, [box for box in boxes if box.part in _FOOT], style, portrait)
    return _Base(image, PackedRows(image))


def _draw_parts(image, boxes: list[Box], style: CardLayout, portrait: Path | None) -> None:
    from PIL import Image, ImageDraw

    pen = ImageDraw.Draw(image)
    styles = {"kicker": style.kicker, "title": style.title, "byline": style.byline, "address": style.address}
    for box in boxes:
        if box.part == "rule":
            pen.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=style.rule_colour)
        elif box.part == "portrait":
            try:
                _paste_portrait(image, portrait, box)
            except (OSError, ValueError, Image.DecompressionBombError):
                pass  # a photo broken past its header: the card without it (the same for the same bytes)
        else:
            text_style = styles[box.part]
            font = _font(text_style.font, box.size)
            for line, baseline in _baselines(box, text_style):
                pen.text((box.x, baseline), line, font=font, fill=text_style.colour, anchor="ls")


def _paste_portrait(image, path: Path, box: Box) -> None:
    from PIL import Image, ImageDraw, ImageOps

    with Image.open(path) as photo:
        photo = ImageOps.exif_transpose(photo).convert("RGB")
        photo = ImageOps.fit(photo, (box.width, box.height), Image.Resampling.LANCZOS)
    scale = 4  # a mask drawn larger and scaled down: a smooth edge
    mask = Image.new("L", (box.width * scale, box.height * scale), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, box.width * scale - 1, box.height * scale - 1), fill=255)
    image.paste(photo, (box.x, box.y), mask.resize((box.width, box.height), Image.Resampling.LANCZOS))


def draw_cards(cards: list[Card], style: CardLayout, jobs: int | None) -> Iterator[tuple[int, bytes]]:
    """(index, PNG) for every card, on all cores when there are enough of them."""
    from profilegen.parallel import fork_imap, workers_for

    if not cards:
        return iter(())
    import importlib

    importlib.import_module("PIL.Image")  # (once here, not in every worker)

    for name in FONT_FILES:
        _font(name, style.title.size)
    return fork_imap(lambda index: draw(cards[index], style), len(cards),
                     workers_for(len(cards), PARALLEL_THRESHOLD, jobs))


# --- The plan of a build --------------------------------------------------------------------

@dataclass
class SharePlan:
    """The cards a build makes, the layout they are drawn with, and warnings about page images."""

    cards: list[Card]
    layout: CardLayout
    digest: str          # of the og:image tags of every page (for the pages' keys)
    warnings: list


def plan(profiles: dict[str, Profile], sites: dict, assets: dict[str, Path], theme, source: Path,
         outputs) -> SharePlan:
    """Give every planned page (outputs: render._Output) its 'share' (og:image) and list the cards.

    The home, each layer page and each note has its own card; other pages show the home card
    of their language; a page with `image:` in its front matter shows that picture instead.
    """
    from profilegen.errors import Problem
    from profilegen.images import image_size

    layout_file = find_layout(theme, source)
    shown_as = _shown(layout_file, source)
    style = load_layout(layout_file, shown_as)
    cards: dict[str, Card] = {}
    shares: dict[tuple[str, str], Share] = {}   # (lang, output key) -> share
    portraits: dict[Path | None, str] = {}
    warnings = []
    for lang, profile in profiles.items():
        site = sites[lang]
        portrait = portrait_of(profile, assets, style)
        if portrait not in portraits:
            portraits[portrait] = _file_digest(portrait)
        pages = [("home", None, profile.home_url), *((p.key, p, p.url) for p in (*profile.layers, *profile.notes))]
        for key, page, url in pages:
            text = card_text(profile, site, page)
            path = card_path(url)
            cards[path] = Card(path, text, portrait, card_key(text, style, portraits[portrait]), portraits[portrait])
            shares[lang, key] = Share(site.abs_url(path), WIDTH, HEIGHT, alt_text(site, text))
        for page in profile.all_pages:
            image = page.image.lstrip("/") if page.image else None
            if image is None:
                continue
            file = assets.get(image)
            size = image_size(file) if file is not None and file.suffix.lower() in (".png", ".jpg", ".jpeg") else None
            if size is None:
                warnings.append(Problem(page.source, 1, None, _("image '{image}' is not a PNG or JPEG file under "
                                        "static/ (LinkedIn shows no other kind); the page's share card is shown").format(image=page.image),
                                        "warning"))
                continue
            kind = "image/png" if image.lower().endswith(".png") else "image/jpeg"
            shares[lang, page.key] = Share(site.abs_url(image), *size, page.title, kind)
    for output in outputs:
        share = shares.get((output.lang, output.key)) or shares[output.lang, "home"]
        output.context["share"] = share
    digest = hashlib.sha256(repr(sorted(shares.items())).encode("utf-8", "surrogatepass")).hexdigest()
    return SharePlan(list(cards.values()), style, digest, warnings)


def _shown(path: Path | None, source: Path) -> str:
    from profilegen.render import _shown as shown_path

    return "" if path is None else shown_path(str(path), source)
