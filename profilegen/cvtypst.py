"""Typst's compile of one CV, in this process or, where that would hang, in a new one.

Apart from cv.py so that the new process imports nothing but this module and Typst (~25 ms
to start), not profilegen's settings and model (~150 ms more): it gets the job as JSON.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
INPUT = "profilegen-cv"  # the key of sys.inputs that holds the data

# The process that first ran Typst. Typst works with a pool of threads that a forked process
# does not inherit: there, Typst would wait for them forever, so a fork (a test, a user's
# multiprocessing) compiles in a new process instead; so does a process where Typst was
# imported by someone else (it may have run before a fork: its threads are unknown here).
_typst_started_in: int | None = None


@dataclass
class TypstFailure:
    """A Typst error as data (it may come from another process)."""

    message: str
    diagnostic: str

    def __str__(self) -> str:
        return self.message


def compile_cv(job: dict) -> tuple[bytes | None, TypstFailure | None]:
    """(the PDF, None), or (None, the failure): here, or in a new process in a fork of one
    that ran Typst."""
    if "typst" in sys.modules and _typst_started_in != os.getpid():  # (imported, but not run here)
        return _compile_in_new_process(job)
    return compile_typst(job)


def compile_typst(job: dict) -> tuple[bytes | None, TypstFailure | None]:
    """Typst's compile of one CV, in this process."""
    global _typst_started_in
    import typst

    _typst_started_in = _typst_started_in or os.getpid()
    compiler = typst.Compiler(root=job["root"], font_paths=_fonts(), ignore_system_fonts=True)
    main = job["main"] if job["from_file"] else job["main"].encode("utf-8")
    # PDF/UA-1 where the text allows it; one it forbids (a character no font has, such as an
    # emoji in a name) is still a tagged PDF, only not declared PDF/UA.
    for standards in (["ua-1"], []):
        try:
            return compiler.compile(input=main, format="pdf", sys_inputs={INPUT: job["data"]},
                                    timestamp=job["stamp"], pdf_standards=standards), None
        except typst.TypstError as exc:
            if not (standards and "PDF/UA-1 error" in exc.message):
                return None, TypstFailure(exc.message, exc.diagnostic)
    raise AssertionError("unreachable")


def _compile_in_new_process(job: dict) -> tuple[bytes | None, TypstFailure | None]:
    import importlib.util
    import subprocess

    # Without site (-S: no .pth file runs, nothing else is imported), from the folders that
    # hold profilegen and Typst.
    typst = importlib.util.find_spec("typst")
    folders = [str(Path(__file__).resolve().parent.parent)]
    if typst is not None and typst.origin:
        folders.append(str(Path(typst.origin).resolve().parent.parent))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [*folders, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-S", "-m", __name__], input=json.dumps(job).encode("utf-8"),
                            capture_output=True, env=env, cwd=os.getcwd())
    if result.returncode == 0:
        return result.stdout, None
    try:
        return None, TypstFailure(**json.loads(result.stderr))
    except (ValueError, TypeError):
        raise RuntimeError(f"compiling the CV failed: {result.stderr.decode('utf-8', 'replace')}") from None


@functools.cache
def _fonts():
    """profilegen's fonts and Typst's own, never the computer's (read once per process)."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS_DIR)])


if __name__ == "__main__":  # the new process: the job on stdin, the PDF on stdout
    pdf, failure = compile_typst(json.load(sys.stdin))
    if pdf is None:
        sys.stderr.write(json.dumps(vars(failure)))
        sys.exit(1)
    sys.stdout.buffer.write(pdf)
