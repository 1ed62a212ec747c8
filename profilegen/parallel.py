"""Run a function over many indexes on all cores, in processes forked from this one.

Why not multiprocessing.Pool: a pool costs 30-40 ms to start and stop (worker processes,
three handler threads, a pickled round trip per chunk) and leaves this process idle while
its workers run; a build makes up to three such passes. Here this process takes a share of
the work itself, each forked child inherits everything it needs (nothing is pickled on the
way in), and writes its results to a temporary file that is read once it has exited. A pipe
would block a child as soon as the parent, busy with its own share, stopped reading.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
import warnings
from typing import Callable, TypeVar

T = TypeVar("T")


def workers_for(count: int, threshold: int, jobs: int | None = None) -> int:
    """How many processes to use for ``count`` items: one below ``threshold`` or without fork."""
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    if wanted <= 1 or count < threshold or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1  # (macOS: forking a process that has used system frameworks is unsafe)
    return min(wanted, count)


def fork_map(function: Callable[[int], T], count: int, workers: int) -> list[T]:
    """``[function(i) for i in range(count)]``, with item i done by process ``i % workers``.

    ``function`` must only read the state it shares with this process (the children get a
    copy of it). An exception in a child is raised here, after every child has finished.
    """
    if workers <= 1 or count <= 1:
        return [function(i) for i in range(count)]
    import tempfile  # (only here: a small site never forks, and start-up time is most of its build)

    children: list[tuple[int, object]] = []
    try:
        for share in range(1, workers):
            spool = tempfile.TemporaryFile()
            with warnings.catch_warnings():
                # Python 3.12+ warns when a process with threads (the preview server's) forks:
                # a child could inherit a lock held by another thread. Children here only
                # render and write files with what they inherited, then leave with _exit.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # the child: do its share, write it down, and leave without cleanup
                status = 0
                try:
                    result = ("ok", [function(i) for i in range(share, count, workers)])
                except BaseException as exc:  # noqa: BLE001 - reported by the parent
                    status = 1
                    result = ("error", _portable(exc))
                try:
                    pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    spool.flush()
                finally:
                    os._exit(status)
            children.append((pid, spool))
        mine = [function(i) for i in range(0, count, workers)]
    except BaseException:
        for pid, spool in children:
            _reap(pid)
            spool.close()
        raise
    shares = [mine]
    failure: BaseException | None = None
    for pid, spool in children:
        status = _reap(pid)
        spool.seek(0)
        try:
            kind, value = pickle.load(spool)
        except Exception:  # killed before it could write (out of memory, a signal)
            kind, value = "error", RuntimeError(f"a worker process ended unexpectedly (status {status})")
        finally:
            spool.close()
        if kind == "error":
            failure = failure or value
        shares.append(value)
    if failure is not None:
        raise failure
    results: list = [None] * count
    for share, values in enumerate(shares):
        results[share::workers] = values
    return results


def _reap(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError with its traceback."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = "".join(traceback.format_exception(exc))
        return RuntimeError(f"in a worker process: {text}")
