"""Lighthouse on the home (issue 16): `python3 benchmarks/lighthouse.py --lighthouse PATH [--runs 3]`.

The repository's example profile with a 4 MB phone portrait as author.image, built and served
under /profilegen/ as GitHub Pages would, measured by Lighthouse (npm `lighthouse`; install it
outside the repository: `npm install --prefix /tmp/lighthouse lighthouse`) in Debian's
Chromium with mobile emulation, performance only. Prints each run's score and metrics, the
median score, and the home's weight before images (HTML, CSS, favicon; the theme promises
under 50 KB).

Not a test: the score is a timing. Lighthouse's Total Blocking Time comes from main-thread
work it cannot attribute to the page (which has no script) and grows with the machine's load:
on a shared 2-core machine the same build scored 79-96 with Lighthouse's default 4× CPU
slowdown and 100 with the slowdown calibrated to the machine (Lighthouse warns "slower CPU
than Lighthouse expects" and its throttling guide says to lower the multiplier):
`--cpu-slowdown 1`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def portrait(megabytes: float) -> bytes:
    """A 3000 × 4000 phone portrait of about ``megabytes`` (noise compresses as badly as a photo)."""
    from PIL import Image

    rng = random.Random(4)
    photo = Image.effect_noise((3000, 4000), 40).convert("RGB")
    photo = Image.merge("RGB", [band.point(lambda v, k=k: (v + k) % 256)
                                for k, band in zip((90, rng.randrange(80), 0), photo.split())])
    for quality in range(95, 20, -5):
        out = io.BytesIO()
        photo.save(out, "JPEG", quality=quality)
        if out.tell() <= megabytes * 1e6:
            return out.getvalue()
    return out.getvalue()


def make_site(work: Path, megabytes: float) -> Path:
    source = work / "example"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", source / "site.yaml")
    for folder in ("content", "static"):
        shutil.copytree(REPO / folder, source / folder)
    (source / "static" / "images" / "portret.jpg").write_bytes(portrait(megabytes))
    settings = source / "site.yaml"
    text = settings.read_text("utf-8")
    if "image: images/sanne.svg" not in text:
        sys.exit("the example's site.yaml no longer has 'image: images/sanne.svg': update this script")
    settings.write_text(text.replace("image: images/sanne.svg", "image: images/portret.jpg"), "utf-8")
    subprocess.run([sys.executable, "-m", "profilegen", "build", "-q", "--source", str(source)], check=True,
                   cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    return source / "_site"


def serve(site: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    root = Path(tempfile.mkdtemp(prefix="profilegen-lighthouse-"))
    (root / prefix.strip("/")).symlink_to(site)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def lighthouse(binary: str, url: str, slowdown: float, out: Path) -> dict:
    command = [binary, url, "--only-categories=performance", "--form-factor=mobile",
               f"--throttling.cpuSlowdownMultiplier={slowdown:g}",
               "--chrome-flags=--headless=new --no-sandbox", "--output=json", f"--output-path={out}", "--quiet"]
    subprocess.run(command, check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"})
    return json.loads(out.read_text("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse") or "/tmp/lighthouse/node_modules/.bin/lighthouse")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-slowdown", type=float, default=4, help="Lighthouse's CPU slowdown (default 4, its own)")
    parser.add_argument("--portrait-mb", type=float, default=4.0)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "profilegen-lighthouse")
    args = parser.parse_args()
    if not Path(args.lighthouse).is_file():
        parser.error(f"no Lighthouse at {args.lighthouse}: npm install --prefix /tmp/lighthouse lighthouse")
    site = make_site(args.work, args.portrait_mb)
    weight = sum(len((site / name).read_bytes()) for name in ("index.html", "css/style.css", "css/print.css",
                                                               "favicon.svg"))
    server, url = serve(site, "/profilegen/")
    scores = []
    try:
        for run in range(args.runs):
            report = lighthouse(args.lighthouse, url, args.cpu_slowdown, args.work / f"run-{run}.json")
            audits = report["audits"]
            scores.append(round(report["categories"]["performance"]["score"] * 100))
            metrics = ", ".join(f"{name} {audits[name]['displayValue']}".replace("\xa0", " ") for name in METRICS)
            print(f"run {run + 1}: {scores[-1]} ({metrics}; benchmarkIndex "
                  f"{report['environment']['benchmarkIndex']:.0f})")
    finally:
        server.shutdown()
    original = (args.work / "example" / "static" / "images" / "portret.jpg").stat().st_size
    print(f"performance (mobile, CPU slowdown {args.cpu_slowdown:g}×), median of {args.runs}: "
          f"{statistics.median(scores):g}; portrait {original / 1e6:.1f} MB; home before images {weight / 1000:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
