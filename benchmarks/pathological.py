"""Build times on pathological input: `python3 benchmarks/pathological.py [--runs 3] [--only NAME ...]`.

Each case is init's Dutch profile with one kind of input that a parser or a check can spend
quadratic time on (issue 13 asks for every one under 10 s here). Each figure is the median
wall time of whole `profilegen build` processes (start-up included), cold (no build cache):

- links-*: 40,000 links in one paragraph of one note, to other sites, to one missing
  note (40,000 broken-link warnings), to 40,000 different missing notes, and to static files.
- html-*: 50 MB of Markdown with raw HTML, `<` on every line (`a < b`, `<span>`, `x<y`, an
  autolink), as one note and as 1,000 notes of 50 KB, with raw HTML allowed and not.
- brackets / emphasis / nesting: 1 MB of "[" or "*" runs, and 10,000 nested quotes and a
  list 1,000 deep, the inputs CommonMark parsers have been quadratic on.

Prints one line a case: wall seconds, processor seconds, peak RSS, and the size of the Markdown.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
SHM = Path("/dev/shm")
WORK = SHM / "profilegen-pathological" if SHM.is_dir() and os.access(SHM, os.W_OK) else HERE / "_work"
# As on a user's machine: Python keeps compiled modules.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(REPO) + os.pathsep + ENV.get("PYTHONPATH", "")

LINKS = 40_000
HTML_BYTES = 50 * 1024 * 1024
FRONT = "---\ntitle: \"{title}\"\ndate: 2026-03-01\n---\n"


def _one_paragraph(link) -> str:
    return " ".join(f"Zie [bron {i}]({link(i)})" for i in range(LINKS)) + ".\n"


def _html_line(i: int) -> str:
    # A "<" of every kind markdown treats differently: comparison, inline tag, tag glued to a
    # word, an autolink, an entity, a closing tag and a comment.
    return (f"Regel {i}: als a < b en <span class=\"x\">bewoners</span> 3<4 dan "
            f"<https://example.org/{i}> &amp; <em>nadruk</em> <!-- c{i} --> x<y.\n")


def _html_text(size: int) -> str:
    lines, total, i = [], 0, 0
    while total < size:
        line = _html_line(i) + ("\n" if i % 5 == 4 else "")
        lines.append(line)
        total += len(line)
        i += 1
    return "".join(lines)


def _nesting(quotes: int, lists: int) -> str:
    """``quotes`` quotes inside each other, then a list ``lists`` deep (its indentation: ~1 MB)."""
    return "> " * quotes + "diep\n\n" + "".join("  " * level + "- punt\n" for level in range(lists)) + "\n"


CASES = {
    "links-external": lambda: {"notes/2026-03-01-links.md": _one_paragraph(lambda i: f"https://example.org/{i}")},
    "links-one-broken": lambda: {"notes/2026-03-01-links.md": _one_paragraph(lambda i: "ontbreekt.md")},
    "links-all-broken": lambda: {"notes/2026-03-01-links.md": _one_paragraph(lambda i: f"ontbreekt-{i}.md")},
    "links-static": lambda: {"notes/2026-03-01-links.md": _one_paragraph(lambda i: f"/bestanden/{i}.pdf")},
    "html-one-note": lambda: {"notes/2026-03-01-html.md": _html_text(HTML_BYTES)},
    "html-1000-notes": lambda: {f"notes/2026-03-01-html-{n:04d}.md": _html_text(HTML_BYTES // 1000)
                                for n in range(1000)},
    "brackets": lambda: {"notes/2026-03-01-haken.md": "[" * 500_000 + "x" + "]" * 500_000 + "\n"},
    "emphasis": lambda: {"notes/2026-03-01-nadruk.md": "*a _" * 250_000 + "\n"},
    "nesting": lambda: {"notes/2026-03-01-diep.md": _nesting(10_000, 1_000)},
}
# raw HTML allowed (markdown.html) makes markdown-it keep it, instead of escaping it.
ALLOW_HTML = {"html-one-note-allowed": "html-one-note", "html-1000-notes-allowed": "html-1000-notes"}


def make_site(dest: Path, case: str) -> int:
    """init's profile with the case's notes in place of its example note; the Markdown's size."""
    from profilegen.scaffold import create_profile

    if dest.exists():
        shutil.rmtree(dest)
    create_profile(dest, language="nl")
    shutil.rmtree(dest / "content" / "notes")
    (dest / "content" / "notes").mkdir()
    files = CASES[ALLOW_HTML.get(case, case)]()
    size = 0
    for name, body in files.items():
        text = FRONT.format(title=name.rsplit("/", 1)[-1][11:-3]) + body
        (dest / "content" / name).write_text(text, "utf-8")
        size += len(text.encode("utf-8"))
    if case in ALLOW_HTML:
        settings = dest / "site.yaml"
        text = settings.read_text("utf-8")
        text = re.sub(r"(?m)^markdown:.*\n(?:[ \t].*\n)*", "", text) + "markdown:\n  html: true\n"
        settings.write_text(text, "utf-8")
    return size


def build_once(site: Path, limit: float) -> tuple[float, float, float, int]:
    """Wall seconds, processor seconds (with the forked workers'), peak RSS in MB and exit code
    of one cold build (killed after ``limit``). On a shared machine the processor time is the
    figure that others' work does not inflate."""
    shutil.rmtree(site / ".profilegen-cache", ignore_errors=True)
    shutil.rmtree(site / "_site", ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "profilegen", "build", "-q", "--source", str(site)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    try:
        _, status, usage = os.wait4(process.pid, 0) if limit <= 0 else _wait(process, limit)
    except TimeoutError:
        return limit, 0.0, 0.0, -9
    return (time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def _wait(process: subprocess.Popen, limit: float):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        time.sleep(0.05)
    process.kill()
    process.wait()
    raise TimeoutError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [*CASES, *ALLOW_HTML]
    parser.add_argument("--only", nargs="+", choices=names, default=names, metavar="CASE",
                        help=f"which cases (default all: {', '.join(names)})")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0, help="stop a build after this many seconds")
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"{'case':24} {'median s':>9} {'max s':>7} {'cpu s':>7} {'RSS MB':>7} {'Markdown':>9}  exit")
    for case in args.only:
        site = args.work / case
        size = make_site(site, case)
        runs = [build_once(site, args.limit) for _ in range(args.runs)]
        walls = [wall for wall, _, _, _ in runs]
        codes = sorted({code for *_, code in runs})
        print(f"{case:24} {statistics.median(walls):9.2f} {max(walls):7.2f} "
              f"{statistics.median(cpu for _, cpu, _, _ in runs):7.2f} {max(rss for _, _, rss, _ in runs):7.0f} "
              f"{size / 1e6:7.1f} MB  {','.join(map(str, codes))}", flush=True)
        shutil.rmtree(site)
    print(f"\nload average at start {load[0]:.2f}, at end {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"exit 0 is a built site, -9 a build stopped after {args.limit:g} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
