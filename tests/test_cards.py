"""Share cards (issue 16): every page shared on LinkedIn shows a card, drawn as the theme says.

The layout is tested on its boxes (where each text goes, at what size, in which lines), not on
pixels; the built sites are crawled for their og:image tags and each card is opened with Pillow.
"""

from __future__ import annotations

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import LAYER_NAMES, REPO, make_dutch_profile, write_file
from profilegen import cards
from profilegen.schema import load
from profilegen.yamlio import YamlDocument
from profilegen.build import build

PIL = pytest.importorskip("PIL.Image")

LONG_DUTCH = ("Coöperatieve warmtenetten in Zuid-Holland: wat ik leerde over één wijkgesprek, zeventien "
              "ideeën en de rol van de gemeente bij de energietransitie na 2030")
BYLINE = "Sanne Verhoeven · Omgevingsmanager, Gemeente Utrecht"
ADDRESS = "sverhoeven.github.io/profiel"
WORDS = ["wijk", "één", "ideeën", "coöperatie", "Zuid-Holland", "’s-Hertogenbosch", "participatie", "–", "na",
         "omgevingsvergunningaanvraagprocedure", "Omgevingswet", "België", "café", "de", "en", "2030"]


class MetaTags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.properties: dict[str, str] = {}
        self.canonical = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.properties[attrs["property"]] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href", "")


def crawl_share_tags(site: Path, site_url: str) -> int:
    """Every HTML page's og tags, each og:image opened: returns how many pages were crawled."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        where = page.relative_to(site).as_posix()
        tags = MetaTags(page.read_text("utf-8")).properties
        for name in ("og:type", "og:url", "og:site_name", "og:locale", "og:title", "og:image:alt"):
            assert tags.get(name, "").strip(), f"{where}: no {name}"
        image = tags["og:image"]
        assert image.startswith(site_url), f"{where}: og:image {image!r} is not an absolute URL of the site"
        file = site / image[len(site_url):]
        assert file.is_file(), f"{where}: og:image {image!r} is not a file of the site"
        with PIL.open(file) as opened:
            assert opened.format in ("PNG", "JPEG"), f"{where}: {file.name} is {opened.format}"
            assert opened.size == (int(tags["og:image:width"]), int(tags["og:image:height"])), where
            if file.name == cards.CARD_NAME:
                assert opened.size == (1200, 627), where
    return len(pages)


# --- Layout boxes ---------------------------------------------------------------------------

def boxes_of(title: str, kicker: str = "30 juni 2026", portrait: bool = False, byline: str = BYLINE,
             layout: cards.CardLayout | None = None) -> dict[str, cards.Box]:
    text = cards.CardText(kicker, title, byline, ADDRESS)
    return {box.part: box for box in cards.layout(text, layout or cards.CardLayout(), portrait)}


def assert_sound(boxes: dict[str, cards.Box], title: str, style: cards.CardLayout) -> None:
    """Inside the card, no two parts overlapping, lines within their box, words never cut."""
    for box in boxes.values():
        assert 0 <= box.x and box.right <= cards.WIDTH and 0 <= box.y and box.bottom <= cards.HEIGHT, box
    parts = list(boxes.values())
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            apart = a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y
            assert apart, f"{a} overlaps {b}"
    title_box = boxes["title"]
    for box in boxes.values():
        text_style = getattr(style, box.part, None)
        for line in box.lines:
            assert cards._width(text_style.font, box.size, line) <= box.width + 0.5, (box.part, line, box.size)
    shown = " ".join(title_box.lines).split()
    words = title.split()
    if shown and shown[-1].endswith("…") and shown != words:
        cut = shown[-1][:-1]
        shown = shown[:-1] + ([cut] if cut else [])
        assert shown == words[:len(shown)], "the title is cut inside a word"
        if title_box.size != style.title.min_size:  # (smaller only for a word that is wider than the box)
            assert title_box.size < style.title.min_size, "cut before it was shrunk as far as it may be"
            kept = " ".join(title_box.lines).rstrip("…").split()
            assert any(cards._width(style.title.font, style.title.min_size, word) > title_box.width for word in kept)
    else:
        assert shown == words
    assert len(title_box.lines) <= style.title.max_lines
    assert title_box.bottom <= boxes["rule"].y


def test_a_short_title_is_set_large_and_a_long_dutch_one_smaller_in_more_lines_cut_after_a_word():
    style = cards.CardLayout()
    short = boxes_of("Why I listen first")
    assert short["title"].size == style.title.size and short["title"].lines == ("Why I listen first",)
    long = boxes_of(LONG_DUTCH, portrait=True)
    assert_sound(long, LONG_DUTCH, style)
    assert long["title"].size == style.title.min_size
    assert len(long["title"].lines) == style.title.max_lines
    assert long["title"].lines[-1].endswith("…")
    assert "Coöperatieve" in long["title"].lines[0] and "één" in " ".join(long["title"].lines)
    medium = boxes_of("Kiezen met data, beslissen met mensen in de wijk en daarbuiten")
    assert style.title.min_size <= medium["title"].size <= style.title.size
    assert not medium["title"].lines[-1].endswith("…")


def test_the_portrait_takes_the_top_right_and_the_title_wraps_beside_it():
    with_portrait = boxes_of("Participatie onder de Omgevingswet", portrait=True)
    portrait, title = with_portrait["portrait"], with_portrait["title"]
    assert portrait.width == portrait.height == cards.CardLayout().portrait_size
    assert portrait.right == cards.WIDTH - cards.CardLayout().padding
    assert title.right <= portrait.x
    assert "portrait" not in boxes_of("Participatie onder de Omgevingswet")


def test_a_word_wider_than_the_card_is_set_smaller_not_broken():
    word = "Omgevingsvergunningaanvraagbehandelingsprocedureverbeteringsvoorstel"
    boxes = boxes_of(word, portrait=True)
    assert boxes["title"].lines == (word,)
    assert boxes["title"].size < cards.CardLayout().title.min_size
    assert_sound(boxes, word, cards.CardLayout())


def test_a_long_byline_shrinks_to_one_line():
    byline = "Sanne Verhoeven · Programmamanager energietransitie en participatie, Gemeente Utrecht en Provincie Utrecht"
    boxes = boxes_of("Visie", kicker="", byline=byline)
    assert len(boxes["byline"].lines) == 1 and boxes["byline"].size < cards.CardLayout().byline.size
    assert "kicker" not in boxes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), kicker=st.sampled_from(["", "Visie", "2 november 2026"]),
       portrait=st.booleans(), title_size=st.integers(40, 110), max_lines=st.integers(1, 5))
def test_any_title_fits_the_card_in_whole_words(words, kicker, portrait, title_size, max_lines):
    title = " ".join(words)
    base = cards.CardLayout()
    style = cards.CardLayout(title=cards.TextStyle(font="bold", size=title_size, min_size=min(40, title_size),
                                                   max_lines=max_lines, line_height=base.title.line_height))
    assert_sound(boxes_of(title, kicker, portrait, layout=style), title, style)


def test_the_bundled_card_yaml_says_what_the_defaults_say():
    # (a build takes the defaults for the bundled file without reading it)
    assert load(YamlDocument(cards.BUNDLED_LAYOUT.read_text("utf-8"), "card.yaml"),
                      cards.CardLayout) == cards.CardLayout()


def test_a_card_is_the_same_bytes_every_time_and_a_png_of_1200_by_627():
    card = cards.Card("x/card.png", cards.CardText("Visie", LONG_DUTCH, BYLINE, ADDRESS), None, "k")
    first = cards.draw(card, cards.CardLayout())
    cards._font.cache_clear()
    cards._advances.cache_clear()
    assert cards.draw(card, cards.CardLayout()) == first
    with PIL.open(io.BytesIO(first)) as image:
        assert image.format == "PNG" and image.size == (1200, 627) and not image.info.get("exif")



@settings(max_examples=80, deadline=None)
@given(st.integers(1, 40), st.integers(1, 140), st.binary(min_size=1, max_size=64), st.booleans())
def test_a_card_png_decodes_to_exactly_the_pixels_it_was_given_and_its_bands_are_the_packed_rows(width, height, seed, flat):
    # png_bytes is our own writer, in place of Pillow's slower one: it must lose nothing, and
    # the bands packed once for a base (PackedRows) must be the very bytes it packs.
    from PIL import Image

    pattern = (seed * (width * height * 3 // len(seed) + 1))[:width * height * 3]
    image = Image.new("RGB", (width, height), "#fbfaf7") if flat else Image.frombytes("RGB", (width, height), pattern)
    alone = cards.png_bytes(image)
    shared = cards.PackedRows(image)
    bands = [shared.band(top) for top in range(0, height, cards._BAND_ROWS)]
    assert cards._png(width, height, bands) == alone
    with PIL.open(io.BytesIO(alone)) as decoded:
        decoded.load()
        assert decoded.format == "PNG" and decoded.mode == "RGB" and decoded.size == (width, height)
        assert decoded.tobytes() == image.tobytes() and not decoded.info


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(cards.FONT_FILES)), st.integers(8, 200),
       st.text(st.sampled_from("AVTWLYaveoywfijl .,:;’'\"-–—?!()0123456789ëéèöüïçñß€&@#ĳ") | st.characters(), max_size=60))
def test_a_line_is_as_wide_as_freetype_sets_it(font, size, text):
    # (the layout sums the letters' advances; FreeType measures the whole line)
    assert cards._width(font, size, text) == cards._font(font, size).getlength(text)


@given(st.binary(max_size=300), st.binary(max_size=300))
def test_the_checksum_of_two_parts_joined_is_zlibs_of_the_whole(first, second):
    import zlib

    assert cards._adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


def test_cards_that_share_a_foot_are_the_same_bytes_as_cards_drawn_alone():
    from PIL import Image

    style = cards.CardLayout()
    for title in ("Visie", LONG_DUTCH, "Wat drie wijken ons leerden over de warmtetransitie"):
        card = cards.Card("x/card.png", cards.CardText("3 maart 2026", title, BYLINE, ADDRESS), None, "k")
        drawn = cards.draw(card, style)  # (bands of the shared base reused)
        with PIL.open(io.BytesIO(drawn)) as decoded:
            image = decoded.convert("RGB")
        assert cards.png_bytes(image) == drawn
        assert image.tobytes() != cards._base(BYLINE, ADDRESS, None, "", style).image.tobytes()
        assert isinstance(image, Image.Image)

# --- Drawing only the bands that differ from the base ---------------------------------------

def plain_card(card: cards.Card, style: cards.CardLayout):
    """The card drawn the plain way: a blank card, its band, then every part on it in turn."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (cards.WIDTH, cards.HEIGHT), style.background)
    if style.band_width:
        ImageDraw.Draw(image).rectangle((0, 0, style.band_width - 1, cards.HEIGHT - 1), fill=style.band_colour)
    cards._draw_parts(image, cards.layout(card.text, style, card.portrait is not None), style, card.portrait)
    return image


def decoded_pixels(png: bytes) -> bytes:
    with PIL.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.mode == "RGB" and image.size == (cards.WIDTH, cards.HEIGHT)
        return image.tobytes()


@pytest.fixture(scope="module")
def portrait_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("portrait") / "portret.jpg"
    _portrait_jpeg(path)
    return path


LETTERS = "aeionrstdlgkmuvhjbcpwzfyxqAEIONRSTDLGKMUVHJBCPWZFYXQ" "ëéèêöóüúïíáàçñĳÉÈËÖÜÏÅ" "’'\"-–—.,:;?!()&€@#/…0123456789"
TITLES = (st.text(st.sampled_from(LETTERS + "    "), max_size=200)
          | st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
          | st.text(max_size=60))  # (any letter: one the fonts lack is drawn as their box)
COLOURS = st.sampled_from(["#1c2024", "#ffffff", "#1d4e89", "#fbfaf7", "#c0392b", "#000000"])


@st.composite
def text_styles(draw, font=st.sampled_from(["regular", "bold"]), sizes=st.integers(8, 200)):
    size = draw(sizes)
    return cards.TextStyle(font=draw(font), size=size, min_size=draw(st.none() | st.integers(8, size)),
                           max_lines=draw(st.integers(1, 6)), line_height=draw(st.integers(80, 250)),
                           colour=draw(COLOURS))


LAYOUTS = st.just(cards.CardLayout()) | st.builds(
    cards.CardLayout, background=COLOURS, band_colour=COLOURS, band_width=st.integers(0, 200),
    padding=st.integers(16, 200), rule_colour=COLOURS, rule_width=st.integers(0, 20),
    portrait_size=st.integers(64, 400), kicker=text_styles(), title=text_styles(),
    byline=text_styles(sizes=st.integers(8, 60)), address=text_styles(sizes=st.integers(8, 60))) | st.builds(
    # crowded: lines set tighter than their letters, so that the kicker's letters reach into the
    # title's, and the title's into the foot
    cards.CardLayout, padding=st.integers(16, 60), portrait_size=st.integers(64, 400),
    kicker=st.builds(cards.TextStyle, font=st.just("bold"), size=st.integers(40, 120), line_height=st.integers(80, 90),
                     colour=st.just("#c0392b")),
    title=st.builds(cards.TextStyle, font=st.just("bold"), size=st.integers(60, 200), max_lines=st.integers(1, 6),
                    line_height=st.integers(80, 90), colour=st.just("#1d4e89")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kicker=st.sampled_from(["", "3 maart 2026", "Visie", "Één wijk — ’s-Hertogenbosch"]) | TITLES, title=TITLES,
       byline=st.sampled_from([BYLINE, "", "Ådne Ørsted-Ülkü · Jüngste Beraterin"]), portrait=st.booleans(),
       style=LAYOUTS)
def test_a_card_is_the_plain_drawing_of_it_to_the_pixel_and_the_same_bytes_every_time(
        portrait_file, kicker, title, byline, portrait, style):
    # draw() blends the kicker and the title onto a crop of the base's rows they touch and
    # takes the other bands from the base: it must decode to what Pillow draws and encodes
    # itself, letter for letter, whatever the layout puts where (a title over the rule, the
    # byline, the portrait or past the card's edge).
    card = cards.Card("x/card.png", cards.CardText(kicker, title, byline, ADDRESS), portrait_file if portrait else None,
                      "k", "digest" if portrait else "")
    drawn = cards.draw(card, style)
    plain = plain_card(card, style)
    pillows = io.BytesIO()
    plain.save(pillows, "PNG")
    assert decoded_pixels(drawn) == decoded_pixels(pillows.getvalue())
    assert drawn == cards.png_bytes(plain)  # (the bands it takes from the base: the bytes packed afresh)
    cards._base.cache_clear()  # (a fresh process: its own base, its bands packed again)
    assert cards.draw(card, style) == drawn


# --- Built sites ----------------------------------------------------------------------------

def test_every_page_of_the_example_shares_an_absolute_1200_by_627_card(example_built):
    assert crawl_share_tags(example_built, "https://x.github.io/repo/") > 20
    vision = MetaTags((example_built / "vision" / "index.html").read_text("utf-8"))
    assert vision.properties["og:image"] == "https://x.github.io/repo/vision/card.png"
    assert vision.properties["og:url"] == vision.canonical
    assert vision.properties["og:image:alt"].startswith("Visie — Sanne Verhoeven")
    english_note = next((example_built / "en" / "notes").glob("*/index.html"))
    tags = MetaTags(english_note.read_text("utf-8")).properties
    assert tags["og:type"] == "article" and tags["og:locale"].startswith("en_")
    assert tags["og:image"] == f"https://x.github.io/repo/{english_note.parent.relative_to(example_built).as_posix()}/card.png"
    notes_list = MetaTags((example_built / "notes" / "index.html").read_text("utf-8")).properties
    assert notes_list["og:image"] == "https://x.github.io/repo/card.png"  # (a list shows the home's card)


def _portrait_jpeg(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "#c8a27a")
    ImageDraw.Draw(image).ellipse((150, 150, 450, 500), fill="#e9c9a8")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=85)


def test_a_bilingual_profile_a_page_image_and_a_title_change_that_redraws_only_its_card(scratch):
    site = scratch / "profiel"
    profile = make_dutch_profile(site, 6, seed=3, words=(40, 80))
    text = (site / "site.yaml").read_text("utf-8")
    text = text.replace("  location: Utrecht\n", "  location: Utrecht\n  image: images/portret.jpg\n")
    text = text.replace("language: nl\n", "language: nl\nlanguages: [en]\n")
    write_file(site / "site.yaml", text)
    _portrait_jpeg(site / "static" / "images" / "portret.jpg")
    write_file(site / "static" / "images" / "panel.png", _png(800, 418))
    write_file(site / "content" / "en" / "vision.md", "---\ntitle: Vision\n---\nEvery neighbourhood decides.\n")
    write_file(site / "content" / "en" / "notes" / "2026-03-01-listen.md",
               "---\ntitle: Why I listen first\ndate: 2026-03-01\nimage: images/panel.png\n---\nShort.\n")
    first = build(site)
    output = site / "_site"
    assert crawl_share_tags(output, "https://sverhoeven.github.io/profiel/") > 10
    shared = MetaTags((output / "en" / "notes" / "2026-03-01-listen" / "index.html").read_text("utf-8")).properties
    assert shared["og:image"] == "https://sverhoeven.github.io/profiel/images/panel.png"
    assert (shared["og:image:width"], shared["og:image:height"]) == ("800", "418")
    assert (output / "en" / "card.png").is_file() and (output / "en" / "vision" / "card.png").is_file()
    drawn = {path for path in first.rendered if path.endswith(cards.CARD_NAME)}
    assert len(drawn) == 2 + len(LAYER_NAMES) + 1 + 6 + 1  # two homes, the layers, the notes

    # The same build again draws nothing; a note's new title redraws its card and only that.
    assert not {p for p in build(site).rendered if p.endswith(cards.CARD_NAME)}
    stem = sorted(profile.notes)[0]
    note = profile.notes[stem]
    before = (output / "notes" / stem / "card.png").read_bytes()
    note.title = "Eén wijk, één gesprek: wat bewoners écht willen"
    profile.write_note(stem)
    again = build(site)
    assert {p for p in again.rendered if p.endswith(cards.CARD_NAME)} == {f"notes/{stem}/card.png"}
    assert (output / "notes" / stem / "card.png").read_bytes() != before
    cold = scratch / "cold"
    build(site, output=cold, use_cache=False)
    assert (cold / "notes" / stem / "card.png").read_bytes() == (output / "notes" / stem / "card.png").read_bytes()


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1d4e89").save(out, "PNG")
    return out.getvalue()


def test_a_page_image_that_linkedin_cannot_show_is_a_warning_and_the_card_is_shared(example, cli):
    shutil.copy(REPO / "static" / "images" / "sanne.svg", example / "static" / "images" / "kaart.svg")
    vision = example / "content" / "vision.md"
    vision.write_text(vision.read_text("utf-8").replace("---\n", "---\nimage: images/kaart.svg\n", 1), "utf-8")
    result = cli("build", "--source", example, "-q")
    assert result.returncode == 0, result.stderr
    assert re.search(r"content/vision\.md:1: warning: image 'images/kaart\.svg' is not a PNG or JPEG", result.stderr)
    tags = MetaTags((example / "_site" / "vision" / "index.html").read_text("utf-8")).properties
    assert tags["og:image"].endswith("/vision/card.png")


def test_a_sites_own_card_layout_replaces_the_themes_and_a_mistake_in_it_is_located(example, cli):
    write_file(example / "card.yaml", 'background: "#102030"\nband_width: 0\ntitle: {size: 60, colour: "#ffffff"}\n')
    assert cli("build", "--source", example, "-q").returncode == 0
    with PIL.open(example / "_site" / "vision" / "card.png") as image:
        assert image.getpixel((5, 5)) == (0x10, 0x20, 0x30)  # (no band: the background reaches the edge)
    write_file(example / "card.yaml", 'background: "blauw"\ntitle: {max_lines: 9}\n')
    result = cli("build", "--source", example, "-q")
    assert result.returncode == 1
    assert "card.yaml:1:" in result.stderr and "#rrggbb" in result.stderr
    assert "card.yaml:2:" in result.stderr and "Traceback" not in result.stderr


def test_a_portrait_replaced_under_its_name_is_on_the_next_cards_of_the_same_process(example, cli):
    # (the preview builds in one process for hours; the foot a build draws once is kept by
    # the portrait's bytes, not its name)
    from PIL import Image

    portrait = example / "static" / "images" / "sanne.png"
    Image.new("RGB", (400, 400), "#c0392b").save(portrait)
    yaml = (example / "site.yaml").read_text("utf-8")
    (example / "site.yaml").write_text(yaml.replace("image: images/sanne.svg", "image: images/sanne.png"), "utf-8")
    build(example)
    vision = example / "content" / "vision.md"  # one card drawn again: in this process, not a worker
    vision.write_text(vision.read_text("utf-8").replace("---\n", "---\ntitle: Waar ik heen wil\n", 1), "utf-8")
    build(example)
    Image.new("RGB", (400, 400), "#27ae60").save(portrait)
    build(example)
    fresh = example.parent / "fresh"
    shutil.copytree(example, fresh, ignore=shutil.ignore_patterns("_site", ".profilegen-cache"))
    cli("build", "--source", fresh, "-q", check=True)
    assert (example / "_site" / "card.png").read_bytes() == (fresh / "_site" / "card.png").read_bytes()
    with PIL.open(example / "_site" / "card.png") as card:
        assert any(abs(r - 0x27) < 8 and abs(g - 0xae) < 8 for _, (r, g, b) in card.convert("RGB").getcolors(1 << 24))
