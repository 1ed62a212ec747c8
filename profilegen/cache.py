"""The build cache in the source folder (.profilegen-cache/): what the last build read and wrote.

It lets a build after a small edit parse only changed files and render only pages whose
inputs changed. It is an optimisation, never a source of truth: anything unreadable, from
another profilegen or Python version, or describing an output folder that was changed since,
is ignored and the build starts cold.
"""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from profilegen import __version__
from profilegen.content import DocumentCache
from profilegen.render import RenderMemory, SiteOutput
from profilegen.theme import CACHE_DIR

_FILE = "build.pickle"
_FORMAT = 6  # 6: lists keyed by a digest of their excerpts


def stamp(path: Path | str) -> tuple[int, int, int] | None:
    """What identifies a file's present contents without reading it; None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class BuildCache:
    documents: DocumentCache = field(default_factory=DocumentCache)
    output: str = ""                                         # the output folder it describes
    outputs: dict[str, tuple[str, tuple]] = field(default_factory=dict)  # path -> (input key, stamp)
    copied: dict[str, tuple] = field(default_factory=dict)   # static file -> its source's stamp
    memory: RenderMemory = field(default_factory=RenderMemory)
    checked: dict = field(default_factory=dict)   # (file, digest, context) -> its check findings

    def remember(self, site: SiteOutput, output: Path) -> None:
        """Record what is now in ``output``, so the next build can trust and reuse it."""
        same_folder = self.output == str(output.resolve())
        self.output = str(output.resolve())
        root = str(output) + os.sep
        outputs = {}
        for rel, key in site.keys.items():
            # A kept file was not touched, so its recorded stamp still holds.
            kept = same_folder and rel in site.kept and rel in self.outputs
            written = self.outputs[rel][1] if kept else stamp(root + rel)
            if written is not None:
                outputs[rel] = (key, written)
        for rel, file in site.copies.items():
            written = stamp(root + rel)
            if written is not None:
                outputs[rel] = ("copy", written)
        self.outputs = outputs
        self.copied = {rel: stamp(file) for rel, file in site.copies.items()}
        self.memory = site.memory()

    def output_keys(self, output: Path) -> dict[str, str]:
        """Input keys of the files in ``output`` that are exactly as the last build left them."""
        if self.output != str(output.resolve()):
            return {}
        keys = {}
        root = str(output) + os.sep
        for rel, (key, written) in self.outputs.items():
            if stamp(root + rel) != written:
                return {}  # someone changed the output: trust none of it
            keys[rel] = key
        if not keys:
            return {}
        return keys


def _key() -> tuple:
    return (_FORMAT, __version__, sys.version_info[:2])


def load_cache(source: Path) -> BuildCache:
    path = source / CACHE_DIR / _FILE
    try:
        with open(path, "rb") as handle:
            key, cache = pickle.load(handle)
        if key != _key() or not isinstance(cache, BuildCache):
            return BuildCache()
        return cache
    except Exception:  # missing, truncated, or from another version: start cold
        return BuildCache()


def save_cache(source: Path, cache: BuildCache) -> None:
    folder = source / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{_FILE}.{os.getpid()}"
        with open(temp, "wb") as handle:
            pickle.dump((_key(), cache), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / _FILE)
    except OSError:
        pass  # a read-only source still builds; the next build is just cold
