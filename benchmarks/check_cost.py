"""What `check` adds to a build of the example profile: `python3 benchmarks/check_cost.py`.

Measured in one process after a first (warm-up) build, as the build runs it: without the
cache (every file checked) and with it (after an edit of nothing: files are remembered).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from profilegen.build import check_before_publishing, load_profile

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    loaded = load_profile(REPO)
    check_before_publishing(loaded)  # imports and compiled patterns, once per process
    cold, warm, memo = [], [], {}
    for _ in range(21):
        started = time.perf_counter()
        check_before_publishing(loaded)
        cold.append((time.perf_counter() - started) * 1000)
        check_before_publishing(loaded, memo)
        started = time.perf_counter()
        check_before_publishing(loaded, memo)
        warm.append((time.perf_counter() - started) * 1000)
    print(f"check in a build of the example ({sum(len(p.all_pages) for p in loaded.profiles.values())} files): "
          f"median {statistics.median(cold):.1f} ms every file, {statistics.median(warm):.1f} ms with the cache")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
