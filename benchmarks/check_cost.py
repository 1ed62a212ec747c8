"""What `check` adds to a build: `python3 benchmarks/check_cost.py [--notes 1000] [--runs 11]`.

For the example profile and for generated profiles of ``--notes`` notes in both corpora of
corpus.py (synthetic word salad, and realistic Dutch prose with "niet"/"geen" in most
paragraphs, numbers, dates and places), measured in one process as the build runs it:

- first: the first check in a fresh process, as a cold `profilegen build` pays it (the check
  modules imported, patterns compiled, every file read; phonenumbers and stdnum only if a
  text asks for them, which is printed; jinja2 and the renderer, which the build imports
  anyway, are imported before); its wall time, and its processor time with that of any
  worker it forks ("cpu"): what it adds to a build whose cores are busy rendering;
- every file: the median of later checks without the cache (every file checked again);
- cached: the median with the build cache after an edit of nothing (files are remembered);
- per rule family: the processor time of each family's text rules in one check of every
  file in this one process (no workers), the lowest of ``--runs`` checks: what each family
  costs wherever the files are checked, and their sum without spelling: what a build runs
  (it skips spelling unless check.spelling is on). (The machine may be shared: compare
  processor time, and compare a change with the code before it in the same minute.)

Each profile is measured in a subprocess of its own, so "first" is really first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHM = Path("/dev/shm")
WORK = (SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else HERE) / "profilegen-check-cost"


def measure(source: Path, runs: int) -> dict:
    """In this process: the figures above for the profile in ``source``."""
    import jinja2  # noqa: F401  (a build imports them to render anyway: they are not check's cost)

    import profilegen.render  # noqa: F401
    from profilegen.build import check_before_publishing, load_profile
    from profilegen.errors import UserError

    loaded = load_profile(source)

    def check(memo=None) -> float:
        started = time.perf_counter()
        try:
            check_before_publishing(loaded, memo)
        except UserError:  # (an error stops a build after the same work)
            pass
        return (time.perf_counter() - started) * 1000

    def processor() -> float:
        own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    before = processor()
    first = check()
    first_cpu = (processor() - before) * 1000
    cold, warm, memo = [], [], {}
    check(memo)
    for _ in range(runs):
        cold.append(check())
        warm.append(check(memo))
    return {"files": sum(len(p.all_pages) for p in loaded.profiles.values()), "first_ms": first, "first_cpu_ms": first_cpu,
            "every_file_ms": statistics.median(cold), "cached_ms": statistics.median(warm),
            "libraries": sorted(m for m in ("phonenumbers", "stdnum") if m in sys.modules),
            "families_cpu_ms": family_costs(loaded, runs)}


def family_costs(loaded, runs: int) -> dict[str, float]:
    """Processor ms of each rule family's text rules in one check in this process (the lowest of ``runs``)."""
    import profilegen.check as check
    from profilegen.build import BUILD_CHECK_SKIPS
    from profilegen.errors import UserError

    rules = dict(check.TEXT_RULES)
    spent: dict[str, float] = {}

    def timed(rule_id, function):
        def run(scan):
            started = time.process_time()
            found = list(function(scan))
            spent[rule_id.split(".")[0]] = spent.get(rule_id.split(".")[0], 0.0) + time.process_time() - started
            return found
        return run

    best: dict[str, float] = {}
    threshold, check.PARALLEL_THRESHOLD = check.PARALLEL_THRESHOLD, 10**9
    check.TEXT_RULES.update({rule_id: timed(rule_id, function) for rule_id, function in rules.items()})
    try:
        for _ in range(runs):
            spent.clear()
            try:
                check.run_check(loaded, skip=BUILD_CHECK_SKIPS)
            except UserError:
                pass
            for family, seconds in spent.items():
                best[family] = min(best.get(family, float("inf")), seconds * 1000)
    finally:
        check.TEXT_RULES.update(rules)
        check.PARALLEL_THRESHOLD = threshold
    return dict(sorted(best.items(), key=lambda item: -item[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # (the subprocess's job)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.runs)))
        return 0
    sys.path.insert(0, str(HERE))
    from corpus import make_profile

    profiles = {"example profile": REPO}
    for realistic in (False, True):
        name = f"{args.notes} {'realistic' if realistic else 'synthetic'} notes"
        profiles[name] = make_profile(WORK / name.replace(" ", "-"), args.notes, realistic=realistic)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # (as on a user's machine)
    env["PYTHONPATH"] = str(REPO)
    print(f"{'profile':<28} {'files':>6} {'first':>9} {'(cpu)':>9} {'every file':>11} {'cached':>8}  libraries imported")
    for name, source in profiles.items():
        result = subprocess.run([sys.executable, __file__, "--measure", str(source), "--runs", str(args.runs)],
                                capture_output=True, text=True, env=env, check=True)
        figures = json.loads(result.stdout)
        print(f"{name:<28} {figures['files']:>6} {figures['first_ms']:>7.1f}ms {figures['first_cpu_ms']:>7.1f}ms "
              f"{figures['every_file_ms']:>9.1f}ms "
              f"{figures['cached_ms']:>6.1f}ms  {', '.join(figures['libraries']) or 'none'}")
        print(f"{'':<28} processor ms per rule family in one process: " +
              ", ".join(f"{family} {ms:.0f}" for family, ms in figures["families_cpu_ms"].items()))
        build_ms = sum(ms for family, ms in figures["families_cpu_ms"].items() if family != "spelling")
        print(f"{'':<28} of which a build runs (check.spelling off, the default): {build_ms:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
