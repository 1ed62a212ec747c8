"""Microseconds per note that MarkdownRenderer takes on the benchmark corpora, per engine.

The notes are those of ``corpus.make_profile``: synthetic (word salad with two headings, a
list and a code block) and realistic (prose with headings, lists, quotes, tables and links to
other notes and layers). Each figure is the fastest of --runs passes over every note, in
processor time: work of others on the machine only ever slows a pass down.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import make_profile  # noqa: E402
from profilegen.markdown import LinkContext, MarkdownRenderer  # noqa: E402


def corpus(count: int, realistic: bool) -> list[tuple[str, LinkContext]]:
    """(body, link context) of each generated note; every content file has a page."""
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        profile = make_profile(Path(work) / "profile", count, realistic=realistic)
        files = {file.relative_to(profile).as_posix(): file for file in (profile / "content").rglob("*.md")}
        urls = {source: source[len("content/"):-len(".md")] + "/" for source in files}
        return [(file.read_text("utf-8").split("---\n", 2)[2], LinkContext(source, "/", "x.github.io", urls, frozenset()))
                for source, file in sorted(files.items()) if source.startswith("content/notes/")]


def per_note(renderer: MarkdownRenderer, notes: list[tuple[str, LinkContext]], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        for body, context in notes:
            renderer.render(body, context)
        times.append((time.process_time() - start) / len(notes) * 1e6)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    arguments = parser.parse_args()
    corpora = {"synthetic": corpus(arguments.notes, False), "realistic": corpus(arguments.notes, True)}
    for engine, fast in (("cmark-gfm", True), ("markdown-it-py", False)):
        renderer = MarkdownRenderer(allow_html=False, fast=fast)
        figures = ", ".join(f"{name} {per_note(renderer, notes, arguments.runs):6.1f} us a note"
                            for name, notes in corpora.items())
        print(f"{engine:15} {figures}")


if __name__ == "__main__":
    main()
