"""Save -> repaint time of `profilegen serve`, in Debian's Chromium: `python3 benchmarks/serve_latency.py`.

Starts the preview on a copy of the example profile, opens a layer page, then N times appends
a unique sentence to the layer's file and times until the browser shows it (median, p90).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="profilegen-bench-"))
    source = work / "site"
    source.mkdir()
    shutil.copy(REPO / "site.yaml", source / "site.yaml")
    shutil.copytree(REPO / "content", source / "content")
    shutil.copytree(REPO / "static", source / "static")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "profilegen", "serve", "--no-open", "-q", "--port", str(port),
                               "--source", str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/profilegen/drives/"
    try:
        for _ in range(200):
            try:
                urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        times = []
        drives = source / "content" / "drives.md"
        original = drives.read_text("utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()")
            for n in range(args.saves):
                token = f"Meting{n}x{time.time_ns()}"
                started = time.perf_counter()
                drives.write_text(original + f"\n{token}\n", "utf-8")
                page.wait_for_selector(f"text={token}", timeout=10_000)
                times.append((time.perf_counter() - started) * 1000)
                page.wait_for_function("() => window.LiveReload.connector._isSocketConnected()")
                time.sleep(0.2)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    times.sort()
    print(f"save -> repaint over {len(times)} saves: median {statistics.median(times):.0f} ms, "
          f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
