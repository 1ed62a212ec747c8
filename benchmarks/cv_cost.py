"""What the CV adds to a build (issue 17): `python3 benchmarks/cv_cost.py [--runs 10]`.

Cold builds (no output, no cache) of this repository's example, as it is and with
`cv: {enabled: false}`, alternately, each in a fresh process. Prints the processor time of the
build process itself and of the worker processes it forks (share cards, photos), minimum and
median per case, and the differences. Processor time, not wall time: on a shared machine the
minimum of several runs is the figure. Run it from a virtual environment with profilegen's
dependencies (a Python whose site imports much at start-up adds that to every run alike).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENV as RUN_ENV, REPO, WORK as RUN_WORK  # noqa: E402  (the RAM disk; compiled modules kept)

WORK = RUN_WORK.parent / (RUN_WORK.name + "-cv")
ENV = {**RUN_ENV, "PYTHONPATH": str(REPO)}
# The build in this process; then its own processor time and its workers' (all waited for).
BUILD = """
import resource
from profilegen.cli import main
try:
    main(["build", "--source", ".", "--output", "_site", "-q"])
except SystemExit:
    pass
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime)
"""


def make_sites() -> dict[str, Path]:
    shutil.rmtree(WORK, ignore_errors=True)
    sites = {}
    for name, extra in (("with the CV", ""), ("without", "\ncv:\n  enabled: false\n")):
        site = WORK / name.replace(" ", "-")
        site.mkdir(parents=True)
        for folder in ("content", "static"):
            shutil.copytree(REPO / folder, site / folder)
        (site / "site.yaml").write_text((REPO / "site.yaml").read_text("utf-8") + extra, "utf-8")
        sites[name] = site
    return sites


def cold_build(site: Path) -> tuple[float, float]:
    shutil.rmtree(site / ".profilegen-cache", ignore_errors=True)
    shutil.rmtree(site / "_site", ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", BUILD], cwd=site, env=ENV, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    sites = make_sites()
    for site in sites.values():
        cold_build(site)  # (compiled modules written, files in the page cache)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sites}
    for _ in range(runs):
        for name, site in sites.items():
            times[name].append(cold_build(site))
    summary = {}
    for name, values in times.items():
        own, workers, total = ([v[0] for v in values], [v[1] for v in values], [sum(v) for v in values])
        summary[name] = min(own), min(total)
        print(f"{name:12s} build process min {min(own):.3f} s, median {statistics.median(own):.3f} s | "
              f"workers min {min(workers):.3f} s | together min {min(total):.3f} s, "
              f"median {statistics.median(total):.3f} s")
    (own_with, total_with), (own_without, total_without) = summary.values()
    print(f"the CV adds (difference of minima): {own_with - own_without:+.3f} s in the build process, "
          f"{total_with - total_without:+.3f} s together")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
