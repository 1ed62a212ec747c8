"""The naive floor: read, split front matter, render Markdown, write one HTML file per note."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _one(args: tuple[str, str]) -> None:
    path, out = args
    _, front, body = Path(path).read_text("utf-8").split("---\n", 2)
    meta = yaml.load(front, Loader=yaml.CSafeLoader)
    target = Path(out) / Path(path).stem / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!DOCTYPE html><title>{meta['title']}</title>{_md.render(body)}", "utf-8")


def main(profile: str, out: str, processes: int) -> None:
    jobs = [(str(p), out) for p in sorted(Path(profile, "content", "notes").glob("*.md"))]
    if processes > 1:
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(_one, jobs, chunksize=64))
    else:
        for job in jobs:
            _one(job)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
