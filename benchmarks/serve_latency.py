"""Save -> repaint time of `profilegen serve`, in Debian's Chromium: `python3 benchmarks/serve_latency.py`.

Starts the preview on a copy of the example profile, opens a layer page, then N times appends a
unique sentence to the layer's file and measures two things per save:
- repaint: from the write to the first paint of the reloaded page, on the page's own clock
  (performance.timeOrigin + first-contentful-paint): what a user sees. It is split in two at the
  reloaded page's timeOrigin (its navigation starting, on the reload message): the server's part
  (watcher, debounce, rebuild up to the reload message) and the browser's (request, parse,
  stylesheets, first paint);
- seen: from the write until Playwright finds the sentence in the page (adds the polling of the
  test driver, ~30-50 ms): what the browser tests wait for.
Prints the median and p90 of each, and the machine's load (the browser's part grows with it).
"""

from __future__ import annotations

import argparse
import os
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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_PAINT = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return paint ? [performance.timeOrigin, performance.timeOrigin + paint.startTime] : null;
}"""


def summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p90 = times[max(0, round(len(times) * 0.9) - 1)]
    return (f"{name}: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, "
            f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    load = os.getloadavg()[0]  # (before the benchmark adds its own)
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
    connected = "() => window.LiveReload && window.LiveReload.connector._isSocketConnected()"
    try:
        for _ in range(200):
            try:
                urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        seen, repaint, server_part, browser_part = [], [], [], []
        drives = source / "content" / "drives.md"
        original = drives.read_text("utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function(connected)
            for n in range(args.saves):
                token = f"Meting{n}x{time.time_ns()}"
                saved = time.time() * 1000
                started = time.perf_counter()
                drives.write_text(original + f"\n{token}\n", "utf-8")
                page.wait_for_selector(f"text={token}", timeout=10_000)
                seen.append((time.perf_counter() - started) * 1000)
                navigated, painted = page.wait_for_function(FIRST_PAINT).json_value()
                repaint.append(painted - saved)
                server_part.append(navigated - saved)
                browser_part.append(painted - navigated)
                page.wait_for_function(connected)
                time.sleep(0.1)  # separate saves, not one burst
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"save -> repaint over {len(seen)} saves in Chromium (load average {load:.1f} at the start)")
    print(summary("  repaint (page's first paint)", repaint))
    print(summary("    server: write -> reload   ", server_part))
    print(summary("    browser: reload -> paint  ", browser_part))
    print(summary("  seen by Playwright          ", seen))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
