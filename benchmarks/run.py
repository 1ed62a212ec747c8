"""Build-time benchmarks: `python benchmarks/run.py` prints a table and writes results.json.

Each figure is the median wall time of whole-process runs of `profilegen build` (start-up
included, as a user feels it) and the peak RSS of that process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import REPO, make_profile  # noqa: E402

WORK = HERE / "_work"


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole-process run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def measure(name: str, command: list[str], cwd: Path, runs: int, clean: Path | None) -> dict:
    walls, peaks = [], []
    for _ in range(runs):
        if clean is not None and clean.exists():
            shutil.rmtree(clean)
        wall, peak = _run(command, cwd)
        walls.append(wall)
        peaks.append(peak)
    return {"case": name, "median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
            "runs": runs, "peak_rss_mb": round(max(peaks), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notes", type=int, nargs="*", default=[1000])
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    args = parser.parse_args()

    profilegen = [sys.executable, "-m", "profilegen", "build", "-q"]
    results = [measure("example (cold)", profilegen + ["--source", str(REPO), "--output",
                                                       str(WORK / "example-site")],
                       REPO, args.runs, WORK / "example-site")]
    for count in args.notes:
        site = make_profile(WORK / f"notes-{count}", count)
        results.append(measure(f"{count} notes (cold)", profilegen, site, args.runs, site / "_site"))

    width = max(len(r["case"]) for r in results)
    print(f"{'case':<{width}}  median    min       peak RSS  (runs)")
    for r in results:
        print(f"{r['case']:<{width}}  {r['median_s']:>6.3f} s  {r['min_s']:>6.3f} s  {r['peak_rss_mb']:>6.1f} MB  ({r['runs']})")
    args.json.write_text(json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count(),
                                     "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
