"""Raster images under static/: their size and what they record, read from the header only.

A JPEG's segments, a PNG's chunks and a WebP's RIFF chunks are walked by their lengths, so a
check reads a few kilobytes of a 4 MB photo, not all of it, and metadata is removed without
encoding the picture again. Pillow is imported only to turn a photo upright (EXIF orientation).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

HEADER_BYTES = 1 << 16  # enough for the size of every JPEG, PNG and WebP made by a camera or an editor


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or WebP as it is stored, or None when it is none of those."""
    try:
        with open(path, "rb") as file:
            head = file.read(HEADER_BYTES)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(path)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    return None


_FRAME_MARKERS = (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF)


def _file_segments(file):
    """A JPEG file's segments before its picture data, as (marker, payload length), the file
    at the payload's start: the consumer reads the payload or not (what it leaves is skipped)."""
    file.seek(2)
    while True:
        marker = file.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return
        kind = marker[1]
        if kind == 0xFF:  # a fill byte
            file.seek(-1, 1)
            continue
        if kind in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            continue
        length_bytes = file.read(2)
        if kind == 0xDA or len(length_bytes) < 2:  # the picture data starts
            return
        length = struct.unpack(">H", length_bytes)[0] - 2
        start = file.tell()
        yield kind, length
        file.seek(start + length)


def _jpeg_size(path: Path) -> tuple[int, int] | None:
    with open(path, "rb") as file:
        for kind, _ in _file_segments(file):
            if kind in _FRAME_MARKERS:
                frame = file.read(5)
                return struct.unpack(">HH", frame[1:5])[::-1] if len(frame) == 5 else None
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


# --- What a photo records -------------------------------------------------------------------

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

_JPEG_KEEP_APP = {0xE0: (b"JFIF\0",), 0xE2: (b"ICC_PROFILE\0",), 0xEE: (b"Adobe",)}  # (colour, not people)
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"bKGD",
             b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi"}
_WEBP_DROP = {b"EXIF", b"XMP "}
_WEBP_EXIF_XMP_FLAGS = 0x08 | 0x04


@dataclass
class Recorded:
    """What a photo's file holds besides the picture."""

    orientation: int = 1        # EXIF: 1 is upright; 2-8 say how to turn or mirror it to show it
    gps: bool = False           # where it was taken (EXIF GPS, or GPS in XMP)
    metadata: list[str] = field(default_factory=list)  # "EXIF", "XMP", "IPTC", "comment", "text" …

    @property
    def anything(self) -> bool:
        return bool(self.metadata)


def _segments(data: bytes):
    """A JPEG's segments up to its picture data: (marker, start, end of segment, payload start);
    the last one is the start of scan (0xDA), whose end is the end of the file."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValueError("not a JPEG segment")
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):
            yield marker, at, at + 2, at + 2
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker == 0xDA:
            yield marker, at, len(data), at + 4
            return
        yield marker, at, at + 2 + length, at + 4
        at += 2 + length


def _read_tiff(tiff: bytes, recorded: Recorded) -> None:
    """Orientation and GPS from EXIF's TIFF structure (IFD0 and the GPS IFD it points at)."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return
    order = "<" if tiff[:2] == b"II" else ">"
    try:
        (ifd,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, ifd)
        for index in range(min(count, 512)):
            tag, kind, _, value = struct.unpack_from(order + "HHI4s", tiff, ifd + 2 + 12 * index)
            if tag == 0x0112 and kind == 3:
                recorded.orientation = struct.unpack_from(order + "H", value)[0]
            elif tag == 0x8825:
                (gps_ifd,) = struct.unpack_from(order + "I", value)
                (gps_count,) = struct.unpack_from(order + "H", tiff, gps_ifd)
                gps_tags = {struct.unpack_from(order + "H", tiff, gps_ifd + 2 + 12 * i)[0]
                            for i in range(min(gps_count, 64))}
                recorded.gps = recorded.gps or bool(gps_tags & {1, 2, 3, 4})  # latitude, longitude
    except struct.error:
        return  # (a broken EXIF block: what it says is unknown, and it is removed all the same)


def _read_xmp(xmp: bytes, recorded: Recorded) -> None:
    if b"GPSLatitude" in xmp or b"GPSLongitude" in xmp:
        recorded.gps = True


def recorded(path: Path) -> Recorded | None:
    """What a PNG, JPEG or WebP records besides its picture, reading only its header and its
    metadata (a JPEG's segments before the picture data, a PNG's or WebP's chunks by their
    lengths); None when the file is not one of those."""
    try:
        with open(path, "rb") as file:
            head = file.read(HEADER_BYTES)
            if head.startswith(b"\xff\xd8"):
                return _jpeg_recorded(file)
            if head.startswith(b"\x89PNG\r\n\x1a\n") or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
                return _chunks_recorded(file, png=head.startswith(b"\x89PNG"))
    except (OSError, ValueError):
        return None
    return None


def _jpeg_recorded(file) -> Recorded:
    """Segment by segment, reading only the metadata segments (a photo's picture data is not read)."""
    found = Recorded()
    for kind, length in _file_segments(file):
        if 0xE0 <= kind <= 0xEF or kind == 0xFE:
            _note_jpeg_segment(kind, file.read(length), found)
    return found


def _note_jpeg_segment(kind: int, payload: bytes, found: Recorded) -> None:
    if kind == 0xFE:
        found.metadata.append("comment")
    elif kind == 0xE1 and payload.startswith(b"Exif\0"):
        found.metadata.append("EXIF")
        _read_tiff(payload[6:], found)
    elif kind == 0xE1 and payload.startswith(b"http://ns.adobe.com/xap/1.0/"):
        found.metadata.append("XMP")
        _read_xmp(payload, found)
    elif kind == 0xED:
        found.metadata.append("IPTC")
    elif not any(payload.startswith(sign) for sign in _JPEG_KEEP_APP.get(kind, ())):
        found.metadata.append(f"APP{kind - 0xE0}")


_METADATA_CHUNKS = {b"eXIf", b"EXIF", b"XMP ", b"iTXt", b"tEXt", b"zTXt", b"tIME"}


def _chunks_recorded(file, *, png: bool) -> Recorded:
    """Chunk by chunk, reading only the metadata chunks (the picture data is skipped)."""
    found = Recorded()
    file.seek(8 if png else 12)
    while True:
        header = file.read(8)
        if len(header) < 8:
            return found
        length, name = struct.unpack(">I4s", header) if png else struct.unpack("<4sI", header)[::-1]
        if name in _METADATA_CHUNKS:
            payload = file.read(length)
            if name in (b"eXIf", b"EXIF"):
                found.metadata.append("EXIF")
                _read_tiff(payload[6:] if payload.startswith(b"Exif\0") else payload, found)
            elif name == b"XMP " or payload.startswith(b"XML:com.adobe.xmp"):
                found.metadata.append("XMP")
                _read_xmp(payload, found)
            else:
                found.metadata.append("text")
            file.seek((4 if png else length & 1), 1)
        else:
            if png and name not in _PNG_KEEP:
                found.metadata.append(name.decode("latin-1"))
            file.seek(length + (4 if png else length & 1), 1)
        if png and name == b"IEND":
            return found


# --- Publishing a photo without it ----------------------------------------------------------

def without_metadata(path: Path) -> bytes | None:
    """The photo's bytes without what it records about its maker (EXIF, GPS, XMP, IPTC, comments,
    text chunks), turned upright first if EXIF said how to show it; None when it holds nothing
    to remove (publish the file as it is). The picture data is copied, not encoded again, except
    for a photo that has to be turned."""
    found = recorded(path)
    if found is None or not found.anything:
        return None
    data = path.read_bytes()
    try:
        if 2 <= found.orientation <= 8:
            data = _upright(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg_without(data)
        if data.startswith(b"\x89PNG"):
            return _png_without(data)
        return _webp_without(data)
    except (ValueError, struct.error, OSError):
        return None  # (a file broken past its header: browsers would not show it either; left as it is)


def _jpeg_without(data: bytes) -> bytes:
    kept = [b"\xff\xd8"]
    for marker, start, end, payload in _segments(data):
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            if not any(data.startswith(sign, payload) for sign in _JPEG_KEEP_APP.get(marker, ())):
                continue
        kept.append(data[start:end])
    return b"".join(kept)


def _png_without(data: bytes) -> bytes:
    kept = [data[:8]]
    at = 8
    while at + 8 <= len(data):
        length, name = struct.unpack_from(">I4s", data, at)
        if name in _PNG_KEEP:
            kept.append(data[at:at + 12 + length])
        at += 12 + length
    return b"".join(kept)


def _webp_without(data: bytes) -> bytes:
    kept = []
    at = 12
    while at + 8 <= len(data):
        name, length = struct.unpack_from("<4sI", data, at)
        chunk = bytearray(data[at:at + 8 + length + (length & 1)])
        at += len(chunk)
        if name in _WEBP_DROP:
            continue
        if name == b"VP8X":
            chunk[8] &= ~_WEBP_EXIF_XMP_FLAGS & 0xFF
        kept.append(bytes(chunk))
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _upright(data: bytes) -> bytes:
    """A photo turned as its EXIF orientation says, encoded again as closely as Pillow can: a
    JPEG with its own quantisation tables and subsampling, a lossless WebP stays lossless."""
    import io

    from PIL import Image, ImageOps, JpegImagePlugin

    with Image.open(io.BytesIO(data)) as photo:
        photo.load()
        kind = photo.format
        options: dict = {}
        if photo.info.get("icc_profile"):
            options["icc_profile"] = photo.info["icc_profile"]
        if kind == "JPEG":
            options.update(qtables=photo.quantization, subsampling=JpegImagePlugin.get_sampling(photo))
        elif kind == "WEBP":
            options.update(lossless=b"VP8L" in data[:64], quality=90)
        turned = ImageOps.exif_transpose(photo)
        out = io.BytesIO()
        turned.save(out, kind, **options)
    return out.getvalue()


def published_as_is(path: str, patterns: list[str]) -> bool:
    """Whether the setting images.publish_as_is names this static file ('images/pers/*')."""
    from fnmatch import fnmatchcase

    return any(fnmatchcase(path, pattern.lstrip("/")) for pattern in patterns)


def is_photo(path: str) -> bool:
    return path.lower().endswith(PHOTO_SUFFIXES)


# --- Smaller versions for phones ------------------------------------------------------------

PORTRAIT_WIDTHS = (160, 320, 480)  # the home's portrait is at most 9rem (144 px) wide: 1×, 2×, 3×


@dataclass(frozen=True)
class Version:
    """A smaller copy of a photo, beside it: 'images/sanne.320w.webp'."""

    path: str
    width: int
    height: int
    format: str   # "webp", "jpeg" or "png"
    source: Path

    @property
    def key(self) -> str:
        stat = self.source.stat()
        return f"version:{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}:{self.width}:{self.format}"


@dataclass(frozen=True)
class Responsive:
    """A photo as <picture> shows it: WebP versions, the same widths in its own format as the
    fallback, and the width and height of the smallest (its shape, so the page does not jump)."""

    webp: tuple[Version, ...]
    fallback: tuple[Version, ...]

    @property
    def width(self) -> int:
        return self.fallback[0].width

    @property
    def height(self) -> int:
        return self.fallback[0].height

    @property
    def versions(self) -> tuple[Version, ...]:
        return self.webp + self.fallback


def shown_size(file: Path) -> tuple[int, int] | None:
    """(width, height) as the photo is shown: turned as its EXIF orientation says."""
    size = image_size(file)
    if size is None:
        return None
    found = recorded(file)
    return size[::-1] if found is not None and 5 <= found.orientation <= 8 else size


def responsive(path: str, file: Path, widths: tuple[int, ...] = PORTRAIT_WIDTHS) -> Responsive | None:
    """The versions of a JPEG, PNG or WebP under static/ at ``widths``, never wider than the
    photo itself (a narrower photo gets one version, at its own width); None for anything else."""
    if not is_photo(path):
        return None
    size = shown_size(file)
    if size is None or min(size) < 1:
        return None
    width, height = size
    chosen = sorted({min(w, width) for w in widths})
    stem = path.rsplit(".", 1)[0]
    fallback_format = "png" if path.lower().endswith(".png") else "jpeg"

    def versions(kind: str) -> tuple[Version, ...]:
        ext = {"webp": "webp", "jpeg": "jpg", "png": "png"}[kind]
        return tuple(Version(f"{stem}.{w}w.{ext}", w, max(1, round(height * w / width)), kind, file) for w in chosen)

    return Responsive(versions("webp"), versions(fallback_format))


def make_version(version: Version) -> bytes:
    """A version's bytes: turned upright, scaled down, no metadata; the same bytes every time."""
    import io

    from PIL import Image, ImageOps

    with Image.open(version.source) as photo:
        if photo.format == "JPEG":  # decoded at 1/2, 1/4 or 1/8 when that is still as large as the version
            turned = photo.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            photo.draft(photo.mode, (version.height, version.width) if turned else (version.width, version.height))
        upright = ImageOps.exif_transpose(photo)
        alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        upright = upright.convert("RGBA" if alpha and version.format != "jpeg" else "RGB")
        small = upright.resize((version.width, version.height), Image.Resampling.LANCZOS)
    small.info = {}  # (Pillow carries a JPEG's comment, XMP and EXIF over to what it saves)
    out = io.BytesIO()
    if version.format == "webp":
        small.save(out, "WEBP", quality=80, method=4)
    elif version.format == "jpeg":
        small.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        small.save(out, "PNG", optimize=False)
    return out.getvalue()


# --- Photos in Markdown ---------------------------------------------------------------------

MARKDOWN_WIDTHS = (480, 960, 1600)  # a phone (1×–2×), a laptop's text column at 2×, a large screen
# How wide the default theme shows a photo in a text: its column (--measure 42rem, less the
# 1.25rem padding each side), the screen's width less that padding on a phone.
PROSE_SIZES = "(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)"


def picture_srcsets(made: Responsive, url) -> tuple[str, str, str]:
    """(WebP srcset, fallback srcset, fallback src) of a photo's versions, ``url`` making a
    version's path under static/ a URL; the src is the widest version up to 960 px, for a reader that
    knows no srcset (a feed reader)."""
    webp = ", ".join(f"{url(v.path)} {v.width}w" for v in made.webp)
    fallback = ", ".join(f"{url(v.path)} {v.width}w" for v in made.fallback)
    plain = [v for v in made.fallback if v.width <= 960] or [made.fallback[0]]
    return webp, fallback, url(plain[-1].path)
