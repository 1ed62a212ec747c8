"""What `check` adds to a whole build: `python3 benchmarks/check_in_build.py [--notes 1000] [--runs 5]`.

check_cost.py measures the check on its own. A build runs it in a child process beside the
render (build.PendingCheck), so what it adds to a build is less than what it costs. Here, cold
builds (no output, no cache), each in a fresh process, of the example profile and of a
generated profile of ``--notes`` realistic notes (corpus.py), alternately as they are and
with the check replaced by one that finds nothing. Prints, per profile and case, the wall time
(minimum and median) and the processor time of the build and every process it forked, and the
differences of the medians and of the minima. On a shared machine compare runs of the same
minute, and wall times only on a quiet one.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENV as RUN_ENV, REPO, WORK as RUN_WORK  # noqa: E402  (the RAM disk; compiled modules kept)

WORK = RUN_WORK.parent / (RUN_WORK.name + "-check-in-build")
ENV = {**RUN_ENV, "PYTHONPATH": str(REPO)}
BUILD = """
import resource, sys
if sys.argv[1] == "without":
    import profilegen.build
    profilegen.build.check_before_publishing = lambda loaded, memo=None: ()
from profilegen.cli import main
try:
    main(["build", "--source", ".", "--output", "_site", "-q"])
except SystemExit:
    pass
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime)
"""
CASES = ("with check", "without")


def cold_build(site: Path, case: str) -> tuple[float, float]:
    """(wall seconds, processor seconds) of one cold build."""
    shutil.rmtree(site / ".profilegen-cache", ignore_errors=True)
    shutil.rmtree(site / "_site", ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", BUILD, case.split()[0]], cwd=site, env=ENV,
                            capture_output=True, text=True, check=True)
    return time.perf_counter() - started, float(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from corpus import make_profile

    shutil.rmtree(WORK, ignore_errors=True)
    example = WORK / "example"
    example.mkdir(parents=True)
    for folder in ("content", "static"):
        shutil.copytree(REPO / folder, example / folder)
    shutil.copy(REPO / "site.yaml", example / "site.yaml")
    profiles = {"example profile": example,
                f"{args.notes} realistic notes": make_profile(WORK / "realistic", args.notes, realistic=True)}
    for name, site in profiles.items():
        for case in CASES:
            cold_build(site, case)  # (compiled modules written, files in the page cache)
        runs: dict[str, list[tuple[float, float]]] = {case: [] for case in CASES}
        for _ in range(args.runs):
            for case in CASES:
                runs[case].append(cold_build(site, case))
        print(name)
        for case, values in runs.items():
            walls, cpus = [v[0] for v in values], [v[1] for v in values]
            print(f"  {case:11s} wall min {min(walls):6.2f} s, median {statistics.median(walls):6.2f} s | "
                  f"processor min {min(cpus):6.2f} s, median {statistics.median(cpus):6.2f} s")
        (with_, without) = (runs[case] for case in CASES)
        for label, pick in (("median", statistics.median), ("minimum", min)):
            print(f"  check adds ({label}s): wall {pick(v[0] for v in with_) - pick(v[0] for v in without):+.2f} s, "
                  f"processor {pick(v[1] for v in with_) - pick(v[1] for v in without):+.2f} s")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
