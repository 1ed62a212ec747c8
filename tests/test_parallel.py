"""parallel.fork_map: the same results as a loop, in order, with errors carried over."""

from __future__ import annotations

import os
import sys
import time

import pytest

from profilegen.errors import Problem, UserError
from profilegen.parallel import fork_map, in_background, workers_for


def test_results_come_back_in_order_from_every_process():
    results = fork_map(lambda i: (i * i, os.getpid()), 101, 3)
    assert [square for square, _ in results] == [i * i for i in range(101)]
    assert len({pid for _, pid in results}) == 3  # this process and two children did a share


def test_a_user_error_in_a_child_arrives_as_itself():
    def render(i: int) -> int:
        if i == 7:
            raise UserError(Problem("templates/note.html", 3, None, "template error: boom"))
        return i

    with pytest.raises(UserError) as caught:
        fork_map(render, 20, 2)
    assert "templates/note.html:3" in str(caught.value.problems[0])


def test_an_exception_that_cannot_be_pickled_still_reports_its_traceback():
    class Local(Exception):  # defined here, so a child's copy cannot be pickled by reference
        pass

    def fail(i: int) -> int:
        if i % 2:
            raise Local("only in the child")
        return i

    with pytest.raises(RuntimeError, match="only in the child"):
        fork_map(fail, 4, 2)


def test_small_jobs_and_one_core_stay_in_this_process():
    assert workers_for(10, threshold=100, jobs=4) == 1
    assert workers_for(1000, threshold=100, jobs=1) == 1
    assert fork_map(lambda i: os.getpid(), 5, 1) == [os.getpid()] * 5


def test_a_background_function_runs_in_another_process_and_its_value_comes_back():
    pending = in_background(lambda: (os.getpid(), {"memo": [1, 2]}))
    pid, value = pending.result()
    assert pid != os.getpid() and value == {"memo": [1, 2]}
    assert pending.ready() and pending.result() == (pid, value)  # (asked again: the same, no second wait)


def test_a_background_error_is_raised_where_the_result_is_asked_for():
    def check():
        raise UserError(Problem("content/notes/x.md", 4, 7, "a phone number"))

    pending = in_background(check)
    with pytest.raises(UserError) as caught:
        pending.result()
    assert "content/notes/x.md:4:7" in str(caught.value.problems[0])

    class Local(Exception):
        pass

    def bug():
        raise Local("a bug in the child")

    with pytest.raises(RuntimeError, match="a bug in the child"):
        in_background(bug).result()


def test_a_cancelled_background_function_is_stopped(tmp_path):
    marker = tmp_path / "finished"

    def slow():
        time.sleep(5)
        marker.write_text("too late")

    pending = in_background(slow)
    assert not pending.ready()
    started = time.monotonic()
    pending.cancel()
    assert time.monotonic() - started < 2
    time.sleep(0.2)
    assert not marker.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe's size is set on Linux only")
def test_a_background_child_with_a_large_result_ends_before_the_result_is_asked_for():
    """Its pipe holds the result (a CV's PDF): the child ends and frees its memory at once, not
    when the build gets round to reading it."""
    pending = in_background(lambda: b"%PDF" + os.urandom(600_000))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _state(pending._pid) != "Z":  # (Z: ended, not yet reaped)
        time.sleep(0.02)
    assert _state(pending._pid) == "Z"
    value = pending.result()
    assert value.startswith(b"%PDF") and len(value) == 600_004


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def test_without_fork_the_function_runs_here_and_raises_at_once():
    pending = in_background(os.getpid, allowed=False)
    assert pending.ready() and pending.result() == os.getpid()
    with pytest.raises(ZeroDivisionError):
        in_background(lambda: 1 / 0, allowed=False)
