"""Photos and share cards (issue 16): `python3 benchmarks/photos.py [--notes 50] [--photos 20] [--runs 5]`.

A profile of init's Dutch layers, ``--notes`` realistic notes, a 4 MB phone portrait and
``--photos`` phone photos (each about 1.5 MB, with camera, owner and GPS in their EXIF) under
static/images/, each shown in a note. Times whole-process builds (start-up included): cold (no
output, no cache: every card drawn, every photo cleaned, the portrait's versions made), warm
(nothing changed: everything reused), and after one photo is replaced; and a cold build of the
same profile without photos. Prints the medians, the cards drawn and the megabytes published.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import make_profile  # noqa: E402
from run import ENV as RUN_ENV, REPO, WORK as RUN_WORK  # noqa: E402  (the RAM disk; compiled modules kept)

WORK = RUN_WORK.parent / (RUN_WORK.name + "-photos")
ENV = {**RUN_ENV, "PYTHONPATH": str(REPO)}


def phone_photo(rng: random.Random, size: tuple[int, int], quality: int) -> bytes:
    """A photo with a phone's EXIF; noise, so that it is as heavy as a real one."""
    from PIL import Image

    photo = Image.effect_noise(size, rng.randint(30, 80)).convert("RGB")
    photo = Image.merge("RGB", [band.point(lambda v, k=k: (v + k) % 256) for k, band in
                                zip((rng.randrange(256), rng.randrange(256), 0), photo.split())])
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x013B], exif[0x0112] = "Google", "Pixel 8 Pro", "Sanne Verhoeven", 6
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 31.0), 3: "E", 4: (5.0, 7.0, 12.0)})
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def make(dest: Path, notes: int, photos: int) -> Path:
    make_profile(dest, notes, realistic=True)
    rng = random.Random(16)
    images = dest / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "portret.jpg").write_bytes(phone_photo(rng, (2400, 1800), 95))
    settings = dest / "site.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("author:\n", "author:\n  image: images/portret.jpg\n", 1), "utf-8")
    for index, note in enumerate(sorted((dest / "content" / "notes").glob("*.md"))[:photos]):
        (images / f"foto-{index:02d}.jpg").write_bytes(phone_photo(rng, (1600, 1200), 92))
        with note.open("a", encoding="utf-8") as file:
            file.write(f"\n\n![Wijkavond {index}](/images/foto-{index:02d}.jpg)\n")
    return dest


def build(source: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "profilegen", "build", "--source", str(source), "-q"], env=ENV,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold(source: Path) -> float:
    shutil.rmtree(source / "_site", ignore_errors=True)
    shutil.rmtree(source / ".profilegen-cache", ignore_errors=True)
    return build(source)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = make(WORK / "profile", args.notes, args.photos)
    plain = WORK / "plain"
    make_profile(plain, args.notes, realistic=True)
    figures = {"cold": [], "cold, no photos": [], "warm": [], "one photo replaced": []}
    rng = random.Random(1)
    for _ in range(args.runs):
        figures["cold"].append(cold(source))
        figures["cold, no photos"].append(cold(plain))
        figures["warm"].append(build(source))
        (source / "static" / "images" / "foto-00.jpg").write_bytes(phone_photo(rng, (1600, 1200), 92))
        figures["one photo replaced"].append(build(source))
    cards = len(list((source / "_site").rglob("card.png")))
    weight = sum(p.stat().st_size for p in (source / "static").rglob("*.jpg"))
    published = sum(p.stat().st_size for p in (source / "_site").rglob("*.jpg"))
    print(f"{args.notes} notes, {args.photos} photos + a portrait ({weight / 1e6:.1f} MB; published "
          f"{published / 1e6:.1f} MB with the portrait's versions), {cards} cards; median of {args.runs} runs:")
    for name, values in figures.items():
        print(f"  {name:<20} {statistics.median(values):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
