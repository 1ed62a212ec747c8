"""Run a function over many indexes on all cores, in processes forked from this one.

Why not multiprocessing.Pool: a pool costs 30-40 ms to start and stop (worker processes,
three handler threads, a pickled round trip per chunk); a build makes up to four such
passes. Here each forked child inherits everything it needs — the function is any
closure, nothing is pickled on the way in — and streams its results back through a pipe
as it makes them, so this process can use each one (write a page) while the children go
on, and never holds more than it is handed. Children never write anything but their pipe.
"""

from __future__ import annotations

import os
import pickle
import select
import selectors
import signal
import struct
import sys
import traceback
import warnings
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

_HEADER = struct.Struct("<Q")


def workers_for(count: int, threshold: int, jobs: int | None = None) -> int:
    """How many processes to use for ``count`` items: one below ``threshold`` or without fork."""
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    if wanted <= 1 or count < threshold or not hasattr(os, "fork") or sys.platform == "darwin":
        return 1  # (macOS: forking a process that has used system frameworks is unsafe)
    return min(wanted, count)


def fork_map(function: Callable[[int], T], count: int, workers: int) -> list[T]:
    """``[function(i) for i in range(count)]``, on ``workers`` processes (see fork_imap)."""
    results: list = [None] * count
    for index, value in fork_imap(function, count, workers):
        results[index] = value
    return results


def fork_imap(function: Callable[[int], T], count: int, workers: int) -> Iterator[tuple[int, T]]:
    """``(i, function(i))`` for every i in ``range(count)``, in the order they are done.

    Item i is done by child ``i % workers``. ``function`` must only read the state it
    shares with this process (a child gets a copy). An exception in a child is raised here
    once it arrives; the other children are stopped. If the consumer stops early, the
    children are stopped too.
    """
    if workers <= 1 or count <= 1:
        for index in range(count):
            yield index, function(index)
        return
    children: dict[int, tuple[int, bytearray]] = {}  # read end -> (pid, bytes not yet unpickled)
    selector = selectors.DefaultSelector()
    try:
        for share in range(workers):
            read_end, write_end = os.pipe()
            with warnings.catch_warnings():
                # Python 3.12+ warns when a process with threads (the preview server's) forks:
                # a child could inherit a lock held by another thread. Children here only
                # render with what they inherited, write to their pipe, and leave with _exit.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:
                os.close(read_end)
                for other in children:
                    os.close(other)
                _child(function, range(share, count, workers), write_end)  # never returns
            os.close(write_end)
            children[read_end] = (pid, bytearray())
            selector.register(read_end, selectors.EVENT_READ)
        pending = dict(children)
        finished: set[int] = set()
        while pending:
            for key, _ in selector.select():
                read_end = key.fd
                pid, buffer = pending[read_end]
                chunk = os.read(read_end, 1 << 20)
                if chunk:
                    buffer += chunk
                    for kind, value in _messages(buffer):
                        if kind == "error":
                            raise value
                        if kind == "done":
                            finished.add(read_end)
                        else:
                            yield value
                    continue
                selector.unregister(read_end)
                del pending[read_end]
                status = _reap(pid)
                children[read_end] = (0, buffer)
                if read_end not in finished:
                    raise RuntimeError(f"a worker process ended unexpectedly (status {status})")
    finally:
        selector.close()
        for read_end, (pid, _) in children.items():
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _reap(pid)
            os.close(read_end)


def _messages(buffer: bytearray) -> Iterator[tuple[str, object]]:
    """Take the complete messages off the front of ``buffer``: ("ok", (i, result)), ("error",
    exception) or ("done", None)."""
    size = _HEADER.size
    while len(buffer) >= size:
        (length,) = _HEADER.unpack_from(buffer)
        if len(buffer) < size + length:
            return
        message = pickle.loads(memoryview(buffer)[size:size + length])
        del buffer[:size + length]
        yield message


def _child(function: Callable[[int], T], indexes: range, write_end: int) -> None:
    """A forked child: do its share, send each result as it is made, and leave without cleanup."""
    status = 0
    try:
        with os.fdopen(write_end, "wb", buffering=1 << 16) as pipe:
            try:
                for index in indexes:
                    _send(pipe, ("ok", (index, function(index))))
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                status = 1
                _send(pipe, ("error", _portable(exc)))
            else:
                _send(pipe, ("done", None))
    except BaseException:  # noqa: BLE001 - the parent is gone (a broken pipe): nothing to tell
        status = 1
    finally:
        os._exit(status)


def _send(pipe, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_HEADER.pack(len(data)))
    pipe.write(data)


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


class Background:
    """A function running in a forked child while this process goes on (see in_background).

    ``result()`` waits for it and returns its value, or raises its exception; ``cancel()``
    stops it. Either must be called once: the child is reaped there."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._value: tuple[str, object] | None = None
        read_end, write_end = os.pipe()
        _widen(write_end)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # (see fork_imap)
            pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(lambda _index: function(), range(1), write_end)  # never returns
        os.close(write_end)
        self._pid, self._read_end = pid, read_end

    def ready(self) -> bool:
        """Whether the child has finished (or is sending its result): result() will not wait long."""
        if self._value is not None:
            return True
        return bool(select.select([self._read_end], [], [], 0)[0])

    def result(self):
        if self._value is None:
            buffer = bytearray()
            try:
                while chunk := os.read(self._read_end, 1 << 20):
                    buffer += chunk
            except BaseException:  # (Ctrl-C while waiting: the child goes too)
                self._end(kill=True)
                raise
            self._end(kill=False)
            messages = list(_messages(buffer))
            if messages and messages[0][0] == "error":
                self._value = messages[0]
            elif messages and messages[0][0] == "ok":
                self._value = ("ok", messages[0][1][1])
            else:
                self._value = ("error", RuntimeError("a worker process ended unexpectedly"))
        kind, value = self._value
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        if self._value is None:
            self._end(kill=True)
            self._value = ("error", RuntimeError("cancelled"))

    def __del__(self) -> None:  # (dropped without being asked for: the child must not outlive it)
        if self._pid:
            self._end(kill=True)

    def _end(self, *, kill: bool) -> None:
        if self._pid:
            if kill:
                try:
                    os.kill(self._pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            _reap(self._pid)
            os.close(self._read_end)
            self._pid = 0


def _widen(pipe_end: int) -> None:
    """Let the pipe hold up to a megabyte: a child whose result fits in it sends it and ends,
    freeing its memory, without waiting for this process to read it."""
    import fcntl

    if not hasattr(fcntl, "F_SETPIPE_SZ"):  # (Linux only)
        return
    try:
        fcntl.fcntl(pipe_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    except OSError:  # (past the system's limit: the pipe stays as it is)
        pass


class Done:
    """A result made in this process at once (its exception raised at once), with
    Background's interface."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._value = function()

    def ready(self) -> bool:
        return True

    def result(self):
        return self._value

    def cancel(self) -> None:
        pass


def in_background(function: Callable[[], T], *, allowed: bool = True) -> Background | Done:
    """``function()`` in a forked child while this process goes on, on a core of its own;
    in this process at once (raising at once) when ``allowed`` is false or forking is not
    possible. The value and any exception travel back pickled."""
    if not allowed or workers_for(2, 2) < 2:
        return Done(function)
    return Background(function)
