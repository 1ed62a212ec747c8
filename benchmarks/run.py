"""Build-time benchmarks, one command: `python3 benchmarks/run.py [--notes 10 1000 10000] [--runs 5]`.

Every figure is the median wall time of whole-process runs (start-up included, as a user
feels it) on the same generated corpus, plus peak RSS. Two corpora (corpus.py; --corpus to
choose, default both): synthetic (~600 words of word salad per note, with a code block) and
realistic (Dutch prose of 150-1,600 words with negations, numbers, lists, tables and `.md`
links between notes); and photos: the realistic notes with a 4 MB phone portrait and 20 phone
photos under static/ (about 1.5 MB each, with GPS in their EXIF), each shown in a note, so
the share cards, the photos' cleaning and their smaller versions are timed too (photos.py;
`--corpus photos` alone). Prints a table (rows: notes and corpus; columns: profilegen, the naive
Python floor on 1 and on all processes, and every peer generator that is installed — see
peers.py) and writes JSON. Also times an incremental build after editing one note.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import make_profile  # noqa: E402

REPO = HERE.parent
from peers import PEERS, floor  # noqa: E402

# Corpus and every tool's output live on a RAM disk when the machine has one: on a virtual
# machine's disk, the write-back of earlier runs (10,000 folders made and removed per run)
# slowed later runs of every tool by up to 2.5x, so the order of runs decided the result.
SHM = Path("/dev/shm")
WORK = SHM / "profilegen-bench" if SHM.is_dir() and os.access(SHM, os.W_OK) else HERE / "_work"


# As on a user's machine: Python keeps compiled modules (this sandbox sets
# PYTHONDONTWRITEBYTECODE=1, which would make every run recompile every module).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


PHOTOS = 20  # the photos profile's photos, one per note (fewer with fewer notes), and a portrait


class TooSlow(Exception):
    pass


def _once(command: list[str], limit: float | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one whole-process run (via wait4's rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    timer = threading.Timer(limit, process.kill) if limit else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if timer:
        timer.cancel()
        if wall >= limit:
            raise TooSlow
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int, clean: Path | None, prepare=None, limit: float | None = None) -> dict:
    """Median of ``runs`` runs; a peer slower than ``limit`` seconds is stopped and noted as such."""
    walls, peaks = [], []
    for _ in range(runs):
        if clean is not None and clean.exists():
            shutil.rmtree(clean)
        if prepare is not None:
            prepare()
        try:
            wall, peak = _once(command, limit)
        except TooSlow:
            return {"slower_than_s": limit, "runs": 1}
        walls.append(wall)
        peaks.append(peak)
    return {"median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
            "peak_rss_mb": round(max(peaks), 1), "runs": runs}


def _load(load) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=("synthetic", "realistic", "photos", "both", "all"), default="all",
                        help="which generated profiles to build (default all: a row for each; both: the two "
                             "without photos)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument("--peers", nargs="*", default=list(PEERS), help=f"which of {', '.join(PEERS)} to run")
    parser.add_argument("--peer-limit", type=float, default=150.0,
                        help="stop a peer's run after this many seconds and note it as slower (default 150)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"folder for corpora and outputs (default {WORK})")
    args = parser.parse_args()
    names = {name.lower(): name for name in PEERS}
    unknown = [name for name in args.peers if name.lower() not in names]
    if unknown:
        parser.error(f"no peer called {', '.join(unknown)}: choose from {', '.join(PEERS)}")
    args.peers = [names[name.lower()] for name in args.peers]
    work = args.work
    load_before = list(os.getloadavg())  # others' work on the machine makes every figure slower

    cores = os.cpu_count() or 1
    corpora = {"both": ["synthetic", "realistic"], "all": ["synthetic", "realistic", "photos"]}.get(
        args.corpus, [args.corpus])
    rows: dict[tuple[int, str], dict[str, dict]] = {}
    for count, corpus in ((count, corpus) for count in args.notes for corpus in corpora):
        runs = max(1, args.runs if count <= 1000 else min(args.runs, 3))
        realistic = corpus == "realistic"
        if corpus == "photos":
            from photos import make as make_with_photos  # (imports this module: imported here)

            profile = make_with_photos(work / f"profile-{count}-photos", count, PHOTOS)
        else:
            profile = make_profile(work / f"profile-{count}{'-realistic' if realistic else ''}", count,
                                   realistic=realistic)
        row: dict[str, dict] = {}
        # Cold: no cache and no output left from an earlier run.
        cache = profile / ".profilegen-cache"

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        row["profilegen"] = measure([sys.executable, "-m", "profilegen", "build", "-q", "--source",
                                     str(profile)], runs, profile / "_site", cold)
        note = sorted((profile / "content" / "notes").glob("*.md"))[-1]
        original = note.read_text("utf-8")
        edits = iter(range(10**6))

        def edit_one() -> None:
            note.write_text(original + f"\nBewerking {next(edits)}.\n", "utf-8")

        row["profilegen, 1 edit"] = measure([sys.executable, "-m", "profilegen", "build", "-q",
                                             "--source", str(profile)], runs, None, edit_one)
        note.write_text(original, "utf-8")
        for processes in sorted({1, cores}):
            command, out = floor(profile, work, processes)
            row[f"floor, {processes} proc"] = measure(command, runs, out)
        for name, setup in PEERS.items():
            if name not in args.peers:
                continue
            made = setup(profile, work)
            if made:
                command, out, *cold = made  # (cold: what else a cold build of this peer removes)
                row[name] = measure(command, runs, out, cold[0] if cold else None, limit=args.peer_limit)
        rows[count, corpus] = row

    columns = list(dict.fromkeys(c for row in rows.values() for c in row))
    widths = [max(len(c), 16) for c in columns]
    labels = {key: f"{key[0]:,} {key[1]}" for key in rows}
    first = max(len(label) for label in labels.values())
    print(f"{'notes':>{first}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(columns, widths)))
    for key, row in rows.items():
        cells = []
        for column, width in zip(columns, widths):
            r = row.get(column)
            if r and "slower_than_s" in r:
                text = f"> {r['slower_than_s']:g} s"
            elif r:
                text = f"{r['median_s']} s ({int(r['peak_rss_mb'])} MB)"
            else:
                text = "-"
            cells.append(f"{text:>{width}}")
        print(f"{labels[key]:>{first}}  " + "  ".join(cells))
    results = {corpus: {str(count): row for (count, name), row in rows.items() if name == corpus}
               for corpus in corpora}
    args.json.write_text(json.dumps({"python": sys.version.split()[0], "cpus": cores, "work": str(work),
                                     "load_before": [round(x, 2) for x in load_before],
                                     "load_after": [round(x, 2) for x in os.getloadavg()],
                                     "results": results}, indent=2) + "\n")
    startup = measure([sys.executable, "-c", "pass"], 5, None)["median_s"]
    print(f"\nmedian wall time (peak RSS), {args.runs} runs, in {work}; JSON in {args.json}")
    print(f"this Python ({sys.executable}) starts in {startup * 1000:.0f} ms; run from a virtual environment "
          "(python3 -m venv v && v/bin/pip install -e . && v/bin/python benchmarks/run.py) when a system "
          "Python imports more at start-up")
    print(f"load average (1, 5, 15 min) at start {_load(load_before)}, at end {_load(os.getloadavg())} "
          f"on {cores} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
