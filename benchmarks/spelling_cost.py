"""What the spelling check costs: `python3 benchmarks/spelling_cost.py [--before /work/main] [--runs 3]`.

Whole-process wall and CPU times (start-up included, as a user feels it), median of --runs, with
the code of --before (a checkout without the spelling rule, e.g. main) and of this tree:
`profilegen check` on the example profile and on 1,000 realistic notes (corpus.py), and a
cold `profilegen build` of the example (no build cache), with `check.spelling` off (the
default) and on. Bytecode is written as on a user's machine (PYTHONDONTWRITEBYTECODE unset).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from corpus import make_profile  # noqa: E402

SHM = Path("/dev/shm")


def _env(tree: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    return env


def _once(command: list[str], tree: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, with the worker processes it waited for) of one run."""
    started = time.perf_counter()
    # (cwd: `python -m` puts the current folder before PYTHONPATH, which would run this tree's code)
    process = subprocess.Popen(command, env=_env(tree), cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def _median(command: list[str], tree: Path, runs: int) -> str:
    _once(command, tree)  # warm-up: compiled modules written, files in the page cache
    times = [_once(command, tree) for _ in range(runs)]
    wall, cpu = (statistics.median(t[i] for t in times) * 1000 for i in (0, 1))
    return f"{wall:7.0f} ms ({cpu:6.0f} ms CPU)"


def _example_copy(work: Path, variant: str) -> Path:
    """The example profile; "before": without the settings the older code does not know."""
    dest = work / f"example-{variant}"
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "static", dest / "static")
    text = (REPO / "site.yaml").read_text("utf-8")
    if variant == "spelling":
        text = text.replace("\ncheck:\n", "\ncheck:\n  spelling: true\n")
    elif variant == "before":
        text = text[:text.index("\ncheck:\n") + 1]
    (dest / "site.yaml").write_text(text, "utf-8")
    return dest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, default=Path("/work/main"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--notes", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="spelling-cost-", dir=SHM if SHM.is_dir() else None))
    try:
        examples = {variant: _example_copy(work, variant) for variant in ("before", "after", "spelling")}
        notes = make_profile(work / "notes", args.notes, realistic=True)
        rows = [
            ("check, example", ["check", "--source", "{example}"], [args.before, REPO]),
            (f"check, {args.notes} realistic notes", ["check", "--source", str(notes)], [args.before, REPO]),
            ("cold build, example", ["build", "--source", "{example}", "--output", str(work / "site")],
             [args.before, REPO]),
            ("cold build, example, check.spelling: true",
             ["build", "--source", str(examples["spelling"]), "--output", str(work / "site")], [REPO]),
        ]
        for label, arguments, trees in rows:
            figures = []
            for tree in trees:
                example = examples["before" if tree == args.before else "after"]
                command = [sys.executable, "-m", "profilegen", *(a.format(example=example) for a in arguments)]
                if command[3] == "build":  # a cold build: no build cache before each run
                    command = ["sh", "-c", f'rm -rf "{command[5]}/.profilegen-cache" && exec "$@"', "sh", *command]
                figures.append(f"{'before' if tree == args.before else 'after'} {_median(command, tree, args.runs)}")
            print(f"{label:48} " + "   ".join(figures), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
