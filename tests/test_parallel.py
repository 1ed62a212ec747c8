"""parallel.fork_map: the same results as a loop, in order, with errors carried over."""

from __future__ import annotations

import os

import pytest

from profilegen.errors import Problem, UserError
from profilegen.parallel import fork_map, workers_for


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
