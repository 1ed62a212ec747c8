"""Photos under static/ (issue 16): published without what they record about their maker,
turned upright first, the originals untouched; `check` warns about a location and a heavy photo.

The photos are made here with Pillow, with the EXIF a phone writes (camera, owner, GPS), XMP
and a comment, and read back from the built site with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import write_file
from profilegen import images

Image = pytest.importorskip("PIL.Image")

OWNER = "Sanne Verhoeven"
CAMERA = "Pixel 8 Pro"


def phone_photo(size=(400, 200), orientation: int = 1, fmt: str = "JPEG", gps: bool = True) -> bytes:
    """Left half red, right half blue, with a phone's EXIF: camera, owner, GPS, and XMP and a comment."""
    photo = Image.new("RGB", size, (220, 30, 30))
    photo.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x010F] = "Google"             # Make
    exif[0x0110] = CAMERA               # Model
    exif[0x013B] = OWNER                # Artist
    exif[0x8298] = f"© {OWNER}"         # Copyright
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA430] = OWNER  # CameraOwnerName
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 31.0), 3: "E", 4: (5.0, 7.0, 12.0)})
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           + (b'exif:GPSLatitude="52,5.31N" ' if gps else b"") + b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Sanne Verhoeven"/></rdf:RDF></x:xmpmeta>')
    out = io.BytesIO()
    options = {"exif": exif.tobytes()}
    if fmt == "JPEG":
        options.update(comment=f"Thuis, {OWNER}".encode(), xmp=xmp, quality=90)
    elif fmt == "WEBP":
        options.update(xmp=xmp, quality=90)
    elif fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Author", OWNER)
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"] = info
    photo.save(out, fmt, **options)
    return out.getvalue()


def assert_nothing_recorded(data: bytes) -> None:
    for needle in (OWNER.encode(), CAMERA.encode(), b"Google", b"GPS", b"Thuis", b"xmpmeta", b"Exif\0"):
        assert needle not in data, needle
    with Image.open(io.BytesIO(data)) as published:
        published.load()
        assert not published.getexif(), dict(published.getexif())
        assert not published.info.get("exif") and not published.info.get("xmp")
        assert not published.info.get("comment") and "Author" not in published.info


@pytest.fixture
def photo_site(example) -> Path:
    write_file(example / "static" / "images" / "wijkavond.jpg", phone_photo(orientation=6))
    write_file(example / "static" / "images" / "portret.jpg", phone_photo())  # (upright: its picture data is kept)
    write_file(example / "static" / "images" / "plein.png", phone_photo(fmt="PNG"))
    write_file(example / "static" / "images" / "markt.webp", phone_photo(fmt="WEBP"))
    clean = io.BytesIO()
    Image.new("RGB", (64, 64), "#1d4e89").save(clean, "JPEG")
    write_file(example / "static" / "images" / "schoon.jpg", clean.getvalue())
    return example


def test_photos_are_published_without_what_they_record_upright_and_the_originals_untouched(photo_site, cli):
    static = photo_site / "static" / "images"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in static.iterdir()}
    result = cli("build", "--source", photo_site, "-q")
    assert result.returncode == 0, result.stderr
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in static.iterdir()} == before
    site = photo_site / "_site" / "images"
    for name in ("wijkavond.jpg", "portret.jpg", "plein.png", "markt.webp"):
        assert_nothing_recorded((site / name).read_bytes())
    with Image.open(site / "portret.jpg") as kept, Image.open(static / "portret.jpg") as original:
        assert kept.tobytes() == original.tobytes(), "an upright JPEG's picture is copied, not encoded again"
    with Image.open(site / "wijkavond.jpg") as turned:  # orientation 6: turned a quarter clockwise
        assert turned.size == (200, 400)
        red, green, blue = turned.convert("RGB").getpixel((100, 50))
        assert red > 150 and blue < 100, "the left (red) half should now be at the top"
    with Image.open(site / "plein.png") as png, Image.open(static / "plein.png") as original:
        assert png.size == original.size and png.convert("RGB").tobytes() == original.convert("RGB").tobytes()
    # A photo with nothing to remove is the same bytes (linked, not encoded again).
    assert (site / "schoon.jpg").read_bytes() == (static / "schoon.jpg").read_bytes()


def test_publish_as_is_keeps_a_chosen_original_byte_for_byte_and_check_says_so(photo_site, cli):
    settings = photo_site / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "images:\n  publish_as_is: ['images/wijk*.jpg']\n", "utf-8")
    assert cli("build", "--source", photo_site, "-q").returncode == 0
    static, site = photo_site / "static" / "images", photo_site / "_site" / "images"
    assert (site / "wijkavond.jpg").read_bytes() == (static / "wijkavond.jpg").read_bytes()
    assert_nothing_recorded((site / "plein.png").read_bytes())
    found = json.loads(cli("check", "--source", photo_site, "--format", "json").stdout)
    located = {f["file"]: f["message"] for f in found if f["rule"] == "privacy.photo-location"}
    assert "publishes it with that" in located["static/images/wijkavond.jpg"]


def test_check_warns_about_a_photo_with_gps_and_a_heavy_one_reading_only_their_headers(photo_site, cli):
    heavy = io.BytesIO()
    noise = Image.effect_noise((1400, 1400), 90).convert("RGB")
    noise.save(heavy, "JPEG", quality=100)
    assert heavy.tell() > 1_000_000
    write_file(photo_site / "static" / "images" / "zwaar.jpg", heavy.getvalue())
    result = cli("check", "--source", photo_site, "--format", "json")
    found = json.loads(result.stdout)
    location = sorted(f["file"] for f in found if f["rule"] == "privacy.photo-location")
    assert location == ["static/images/markt.webp", "static/images/plein.png", "static/images/portret.jpg",
                        "static/images/wijkavond.jpg"]
    assert all("publishes it without that" in f["message"] for f in found if f["rule"] == "privacy.photo-location")
    assert [f["file"] for f in found if f["rule"] == "images.heavy"] == ["static/images/zwaar.jpg"]
    assert all(f["severity"] == "warning" for f in found if f["rule"] in ("privacy.photo-location", "images.heavy"))
    build = cli("build", "--source", photo_site)
    assert build.returncode == 0 and "static/images/wijkavond.jpg: warning: this photo records where" in build.stderr


def test_recorded_reads_the_metadata_of_each_format(tmp_path):
    for fmt, name in (("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")):
        path = tmp_path / name
        path.write_bytes(phone_photo(fmt=fmt, orientation=3))
        found = images.recorded(path)
        assert found.gps and "EXIF" in found.metadata and found.orientation == 3, (fmt, found)
        assert images.image_size(path) == (400, 200)
        path.write_bytes(phone_photo(fmt=fmt, gps=False))
        assert not images.recorded(path).gps, fmt
    (tmp_path / "x.jpg").write_bytes(b"not a photo")
    assert images.recorded(tmp_path / "x.jpg") is None and images.without_metadata(tmp_path / "x.jpg") is None


# --- The portrait's versions ----------------------------------------------------------------

def test_the_portrait_gets_webp_and_jpeg_versions_never_wider_than_itself_in_a_picture(example, cli):
    from html.parser import HTMLParser

    settings = example / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("image: images/sanne.svg", "image: images/sanne.jpg"),
                        "utf-8")
    # A phone photo stored on its side (orientation 6): 1000 × 400 as stored, 400 × 1000 as shown.
    write_file(example / "static" / "images" / "sanne.jpg", phone_photo(size=(1000, 400), orientation=6))
    assert cli("build", "--source", example, "-q").returncode == 0
    site = example / "_site"

    class Picture(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            if tag in ("picture", "source", "img"):
                self.tags.append((tag, dict(attrs)))

    parser = Picture()
    parser.feed((site / "index.html").read_text("utf-8"))
    tags = [t for t in parser.tags if t[0] != "img" or "portrait" in t[1].get("class", "")]
    assert [t[0] for t in tags[:3]] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    assert source["type"] == "image/webp"
    assert (img["width"], img["height"]) == ("160", "400")
    for srcset, kind in ((source["srcset"], "WEBP"), (img["srcset"], "JPEG")):
        widths = []
        for entry in srcset.split(", "):
            url, width = entry.split()
            with Image.open(site / url.removeprefix("/profilegen/")) as version:
                assert version.format == kind and version.width == int(width[:-1])
                assert version.height == round(int(width[:-1]) * 1000 / 400)  # upright: tall, not wide
                assert not version.getexif()
            assert_nothing_recorded((site / url.removeprefix("/profilegen/")).read_bytes())
            widths.append(int(width[:-1]))
        assert widths == [160, 320, 400], "never wider than the photo (400 px as shown)"
    assert (site / img["src"].removeprefix("/profilegen/")).is_file()


def test_versions_of_a_small_photo_stop_at_its_own_width(tmp_path):
    path = tmp_path / "klein.png"
    Image.new("RGBA", (200, 100), (10, 20, 30, 128)).save(path)
    made = images.responsive("images/klein.png", path)
    assert [v.width for v in made.webp] == [160, 200] and [v.format for v in made.fallback] == ["png", "png"]
    assert [v.path for v in made.fallback] == ["images/klein.160w.png", "images/klein.200w.png"]
    data = images.make_version(made.webp[1])
    assert data == images.make_version(made.webp[1]), "the same bytes every time"
    with Image.open(io.BytesIO(data)) as version:
        assert version.size == (200, 100) and version.mode == "RGBA"
    assert images.responsive("images/kaart.svg", path) is None


def _pictures(page: str) -> list[list[tuple[str, dict]]]:
    """Each <picture> of a page as its tags: [("source", attrs), ("img", attrs)]."""
    from html.parser import HTMLParser

    class Pictures(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.open = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "picture":
                self.open = []
                self.found.append(self.open)
            elif tag in ("source", "img") and self.open is not None:
                self.open.append((tag, dict(attrs)))

        def handle_endtag(self, tag):
            if tag == "picture":
                self.open = None

    parser = Pictures()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("raw_html", [False, True], ids=["cmark", "markdown-it"])
def test_a_markdown_image_of_a_photo_gets_versions_in_a_picture_with_its_width_and_height(example, cli, raw_html):
    write_file(example / "static" / "images" / "wijkavond.jpg", phone_photo(size=(900, 600), orientation=8))
    write_file(example / "static" / "images" / "plein groot.png", phone_photo(size=(2000, 1000), fmt="PNG"))
    write_file(example / "content" / "notes" / "2026-05-01-wijkavond.md",
               "---\ntitle: Wijkavond in Overvecht\ndate: 2026-05-01\ntags: [participatie]\n---\n"
               "![Bewoners rond de kaart](/images/wijkavond.jpg \"Overvecht\") en ![kaart](/images/sanne.svg)\n\n"
               "Daarna op het plein:\n\n![Het plein](<../../static/images/plein groot.png>)\n")
    if raw_html:
        settings = example / "site.yaml"
        settings.write_text(settings.read_text("utf-8") + "markdown:\n  html: true\n", "utf-8")
    assert cli("build", "--source", example, "-q").returncode == 0
    site = example / "_site"
    page = (site / "notes" / "2026-05-01-wijkavond" / "index.html").read_text("utf-8")
    assert '<img src="/profilegen/images/sanne.svg" alt="kaart">' in page  # (no versions of a drawing)
    first, second = _pictures(page)
    assert [tag for tag, _ in first] == ["source", "img"] and [tag for tag, _ in second] == ["source", "img"]
    source, img = first[0][1], first[1][1]
    assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
    assert (img["alt"], img["title"], img["width"], img["height"]) == ("Bewoners rond de kaart", "Overvecht", "600", "900")
    assert img["decoding"] == "async" and "loading" not in img, "the first photo may be in the first screen"
    assert second[1][1]["loading"] == "lazy" and second[1][1]["decoding"] == "async"
    assert (second[1][1]["width"], second[1][1]["height"]) == ("2000", "1000")
    for picture, shown, expected in ((first, (600, 900), [480, 600]), (second, (2000, 1000), [480, 960, 1600])):
        for (tag, attrs), kind in zip(picture, ("WEBP", "JPEG" if shown[0] == 600 else "PNG")):
            widths = []
            for entry in attrs["srcset"].split(", "):
                url, width = entry.split(" ")
                file = site / unquote(url.removeprefix("/profilegen/"))
                with Image.open(file) as version:
                    assert version.format == kind and version.width == int(width[:-1])
                    assert version.height == round(int(width[:-1]) * shown[1] / shown[0])  # upright
                assert_nothing_recorded(file.read_bytes())
                widths.append(int(width[:-1]))
            assert widths == expected, "never wider than the photo as shown"
        assert (site / unquote(picture[1][1]["src"].removeprefix("/profilegen/"))).is_file()
    assert "plein%20groot.480w.webp 480w" in second[0][1]["srcset"], "a space would end the URL in srcset"


def test_a_photo_kept_as_it_is_is_shown_as_it_is(example, cli):
    write_file(example / "static" / "images" / "wijkavond.jpg", phone_photo(size=(900, 600)))
    write_file(example / "content" / "notes" / "2026-05-01-wijkavond.md",
               "---\ntitle: Wijkavond\ndate: 2026-05-01\n---\n![Bewoners](/images/wijkavond.jpg)\n")
    settings = example / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "images:\n  publish_as_is: ['images/wijk*']\n", "utf-8")
    assert cli("build", "--source", example, "-q").returncode == 0
    page = (example / "_site" / "notes" / "2026-05-01-wijkavond" / "index.html").read_text("utf-8")
    assert '<img src="/profilegen/images/wijkavond.jpg" alt="Bewoners" width="900" height="600">' in page
    assert sorted(p.name for p in (example / "_site" / "images").glob("wijkavond*")) == ["wijkavond.jpg"]
