"""The build cache in the source folder (.profilegen-cache/): what the last build read and wrote.

It lets a build after a small edit parse only changed files and render only pages whose
inputs changed. It is an optimisation, never a source of truth: anything unreadable, from
another profilegen or Python version, or describing files that were changed since, is
ignored, and those files are made again.
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from profilegen import __version__
from profilegen.content import DocumentCache
from profilegen.render import RenderMemory
from profilegen.theme import CACHE_DIR

_FILE = "build.pickle"
_FORMAT = 9  # 9: saved in parts (_parts); 8: the photos each page shows (RenderMemory.pictures)
# Entries a part holds: a pickle keeps a table of every object it wrote (for shared references),
# which for a whole cache of 10,000 notes was 20 MB on top of the build's peak memory.
_PART_ENTRIES = 1000

Stamp = tuple[int, int, int]


@dataclass
class BuildCache:
    documents: DocumentCache = field(default_factory=DocumentCache)
    output: str = ""                                   # the output folder it describes
    outputs: dict[str, tuple[str, Stamp]] = field(default_factory=dict)  # path -> (key, stamp)
    memory: RenderMemory = field(default_factory=RenderMemory)
    checked: dict = field(default_factory=dict)   # (file, digest, context) -> its check findings

    def trusted_keys(self, output: Path, present: dict[str, Stamp]) -> dict[str, str]:
        """The keys of the files in ``output`` that are exactly as the last build wrote them.

        ``present``: the files the output holds now, with their stamps. A file changed by hand
        (another stamp) or of another folder has no key, so it is made again.
        """
        if self.output != str(output.resolve()):
            return {}
        return {rel: key for rel, (key, written) in self.outputs.items() if present.get(rel) == written}

    def remember(self, output: Path, keys: dict[str, str], written: dict[str, Stamp], memory: RenderMemory) -> None:
        """Record what ``output`` now holds, so the next build can trust and reuse it."""
        self.output = str(output.resolve())
        self.outputs = {rel: (keys[rel], written[rel]) for rel in keys if rel in written}
        self.memory = memory

    def forget_output(self) -> None:
        self.output, self.outputs, self.memory = "", {}, RenderMemory()


# The libraries whose output is in the site: cards and photos (Pillow), the CV (Typst), pages
# (cmark-gfm, markdown-it-py, Jinja). Another version may give other bytes, and a reused
# output would then differ from a cold build's.
_LIBRARIES = ("PIL", "typst", "cmarkgfm", "markdown_it", "jinja2")


def _libraries() -> tuple:
    """Each library's installed files as a stamp (its package's first file: replaced by every
    install), found without importing it."""
    from importlib.util import find_spec

    stamps = []
    for name in _LIBRARIES:
        try:
            spec = find_spec(name)
            stat = os.stat(spec.origin) if spec is not None and spec.origin else None
        except (ImportError, OSError, ValueError):
            stat = None
        stamps.append((name, (stat.st_mtime_ns, stat.st_size, stat.st_ino) if stat else None))
    return tuple(stamps)


def _key() -> tuple:
    from profilegen.messages import language

    # (the language: a reused page's warnings were said in the language of the build that made it)
    return (_FORMAT, __version__, sys.version_info[:2], language(), _libraries())


def _mappings(cache: BuildCache) -> dict[str, dict]:
    """The cache's tables by name: what _parts writes and load_cache fills."""
    return {"documents": cache.documents.entries, "outputs": cache.outputs, "checked": cache.checked,
            **{f"memory.{name}": table for name, table in vars(cache.memory).items()}}


def _parts(cache: BuildCache):
    """The cache as (name, value) parts, each pickled on its own: the output folder, then each
    table _PART_ENTRIES entries at a time, then ("end", None)."""
    yield "output", cache.output
    for name, table in _mappings(cache).items():
        items = iter(table.items())
        while part := list(itertools.islice(items, _PART_ENTRIES)):
            yield name, part
    yield "end", None


def load_cache(source: Path) -> BuildCache:
    path = source / CACHE_DIR / _FILE
    try:
        with open(path, "rb") as handle:
            if pickle.load(handle) != _key():
                return BuildCache()
            cache = BuildCache()
            tables = _mappings(cache)
            while (part := pickle.load(handle))[0] != "end":
                name, value = part
                if name == "output":
                    cache.output = value
                else:
                    tables[name].update(value)
        return cache
    except Exception:  # missing, truncated, or from another version: start cold
        return BuildCache()


def save_cache(source: Path, cache: BuildCache) -> None:
    folder = source / CACHE_DIR
    temp = folder / f".{_FILE}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            pickle.dump(_key(), handle, protocol=pickle.HIGHEST_PROTOCOL)
            for part in _parts(cache):  # (each a pickle of its own, read back one by one)
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / _FILE)
    except OSError:
        temp.unlink(missing_ok=True)  # a read-only source still builds; the next build is just cold
