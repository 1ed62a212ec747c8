"""Fuzz: whatever is in the folder, every command answers like a compiler (issue 13).

Hypothesis mutates the example profile (site.yaml, front matter, Markdown bodies, new files
with odd names) and runs build, check, linkedin (the About and a post) and export on it,
through ``cli.main`` in this process: the function the ``profilegen`` command runs (see
``test_in_process_is_what_the_user_gets``). A failure is an exit other than 0 or 1, a
traceback or "internal error" in the output, a command that runs over 10 s, a previous
``_site/`` that changed when a build failed, or a file written outside the output (the
user's files, and anything beside the profile). Imports are fuzzed in test_import_export.py.

PROFILEGEN_FUZZ_EXAMPLES=<n> sets how many mutated profiles (default 120, about a minute);
for a long run (PROFILEGEN_FUZZ_SHRINK=0: report a failure as found, unshrunk; PROFILEGEN_FUZZ_LOG:
a file that gets a line for every profile that passed):
    PROFILEGEN_FUZZ_EXAMPLES=5000 PROFILEGEN_FUZZ_SHRINK=0 PROFILEGEN_FUZZ_LOG=fuzz.log nice -n 10 \
        python3 -m pytest -q -p no:cacheprovider tests/test_fuzz.py -k mutated_profile
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from conftest import REPO, run_cli

FUZZ_EXAMPLES = int(os.environ.get("PROFILEGEN_FUZZ_EXAMPLES", "120"))
LOG = os.environ.get("PROFILEGEN_FUZZ_LOG")  # a file to count the profiles that passed in
# A hang is 10 s of processor time (others' work on a shared machine does not count), or a
# minute of waiting.
HANG_SECONDS, WALL_SECONDS = 10, 60
WORK = Path("/dev/shm") if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None

# The files of the example profile an edit can go into, by their path in the profile.
FILES = sorted(["site.yaml", *(p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.md"))])
NOTES = sorted(f for f in FILES if "/notes/" in f and not f.startswith("content/en/"))

# What people paste, and what parsers choke on: YAML syntax, control characters, half lines.
PIECES = ["\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "'", '"', "&a ", "*a", "<<: *a", "[", "]", "{",
          "}", ":", ": ", "- ", "#", "\n", "\n  ", "---\n", "...\n", "!!binary ", "!!python/object ", "!x ", "~",
          "? ", "|", ">", "%YAML 1.1\n", "@", "`", "\\", "\\x00", "é", "😀", "e\u0301", ",", "yes", "2026-13-45",
          "0x" + "f" * 5000, "9" * 5000, "1e999", "-1", "{{ x }}", "{% raw %}", "<script>", "javascript:x",
          "\r", "\r\n", "\n---\n", "slug: feed.xml\n", "layer: notes\n", "draft: true\n", "lang: en\n"]
# Values that replace a setting's or a front-matter key's value: wrong types, huge or odd values.
VALUES = ["[1, 2]", "{a: 1}", "null", "''", "[]", "{}", "true", "0", "-1", "9" * 5000, "0x" + "f" * 5000, "1e999",
          ".nan", "2026-02-30", "2026-01-01T25:00:00", "\"\\x00\"", "\"\\ud800\"", "*nergens", "&a [*a, *a]",
          "a" * 300, "'" + "é" * 200 + "'", "!!binary AAAA", "!!set {a}", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]",
          "[" * 3000 + "]" * 3000, "{a: [b, {c: [d]}]}", "/etc", "../../..", "https://[::1", "mailto:x",
          "feed.xml", "robots.txt", "stand", "notes", "x/../../y", "CON", "a\\b", "'a:b'", "\"\\t\"", "[a, [b]]",
          "{linkedin: [1]}", "[2026-01-01]", "~", "\"\"", "'0777'", "|\n  blok\n  tekst", ">-\n  gevouwen"]
# Markdown a body may hold: deep nesting, many links, raw HTML, unclosed constructs, big tables.
MARKDOWN = ["> " * 3000 + "diep\n", "".join("  " * i + "- punt\n" for i in range(60)), "[" * 5000 + "x" + "]" * 5000,
            "*a " * 3000, "_" * 5000, "`" * 3000, "<div>\n" * 300, "<" * 5000, "<a href='x'>" * 500,
            "[x](weg.md) " * 2000, "![](mis.png) " * 500, "[x]: y\n" * 500 + "[x]", "```\nopen\n", "~~~\n",
            "| a |\n|---|\n" + "| b |\n" * 500, "| " * 2000 + "\n|" + "---|" * 2000 + "\n", "# Kop\n" * 300,
            "<!-- profilegen: ignore privacy.email -->\n", "<!-- profilegen: ignore nergens -->\n", "&#0; &#x110000;",
            "&" + "a" * 5000 + ";", "\\" * 5000, "\x00\x01\x02\x0b\x0c\x1f", "\ud7ff\ue000\uffff\ufffe", "06-12345678",
            "jan@voorbeeld.nl", "NL91ABNA0417164300", "{{ config }}", "{% for x in y %}", "<script>alert(1)</script>",
            "[a](javascript:alert(1))", "<https://[::1>", "[a](//[::1)", "![" * 2000, "*" * 30 + "x" + "*" * 30]

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 1 << 16), st.sampled_from(PIECES) | st.text(max_size=4)),
    st.tuples(st.just("value"), st.integers(0, 1 << 10), st.sampled_from(VALUES)),
    st.tuples(st.just("body"), st.integers(0, 1 << 16), st.sampled_from(MARKDOWN)),
    st.tuples(st.just("cut"), st.integers(0, 1 << 16), st.integers(0, 64)),
    st.tuples(st.just("byte"), st.integers(0, 1 << 16), st.integers(0, 255)),
)
file_edits = st.lists(st.tuples(st.sampled_from(FILES), st.lists(edit, min_size=1, max_size=3)), min_size=1, max_size=3)
odd_name = st.one_of(st.sampled_from(["feed.xml", "robots", "a" * 250, "é" * 120, "x" * 300, " spatie ", "-", ".verborgen",
                                      "2026-01-01", "CON", "Nieuw Plan", "😀", "a.b.c", "index", "404"]),
                     st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                             max_size=20))
new_file = st.none() | st.tuples(st.sampled_from(["content/notes", "content", "content/en/notes", "static"]),
                                 odd_name, st.sampled_from(MARKDOWN + ["---\ntitle: x\n---\ntekst\n", "---\n", ""]))


def _value_edit(text: str, index: int, value: str) -> str:
    """``text`` with the value of one of its ``key: value`` lines replaced."""
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith(("#", "-"))]
    if not keyed:
        return text
    i = keyed[index % len(keyed)]
    key = lines[i].split(":", 1)[0]
    lines[i] = f"{key}: {value}"
    return "\n".join(lines)


def _apply(data: bytes, edits) -> bytes:
    for kind, at, what in edits:
        text = data.decode("utf-8", "surrogateescape")
        if kind == "insert":
            at %= len(text) + 1
            text = text[:at] + what + text[at:]
        elif kind == "value":
            text = _value_edit(text, at, what)
        elif kind == "body":  # in the Markdown after the front matter, or anywhere in site.yaml
            end = text.find("\n---\n", 4)
            start = end + 5 if end != -1 else 0
            at = start + at % (len(text) - start + 1)
            text = text[:at] + what + text[at:]
        elif kind == "cut":
            at %= len(text) + 1
            text = text[:at] + text[at + what:]
        data = text.encode("utf-8", "surrogateescape" if kind != "body" else "surrogatepass")
        if kind == "byte" and data:
            buffer = bytearray(data)
            buffer[at % len(buffer)] = what
            data = bytes(buffer)
    return data


@pytest.fixture(scope="module")
def built_example(tmp_path_factory) -> Path:
    """The example profile with a built _site/ and build cache, to copy for every example."""
    dest = tmp_path_factory.mktemp("fuzz-example") / "profiel"
    dest.mkdir()
    shutil.copy(REPO / "site.yaml", dest / "site.yaml")
    for folder in ("content", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, dest / folder)
    code, said = run_in_process(["build", "--source", str(dest), "-q"])
    assert code == 0, said
    return dest


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and folder under ``folder`` (but the top-level ``skip``), with a digest of each file."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skip:
            continue
        seen[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return seen


class Hang(BaseException):  # (not an Exception: cli.main would report it as a bug, exit 3)
    pass


def _hang(signum, frame):
    raise Hang(f"a command ran over {HANG_SECONDS} s of processor time" if signum == signal.SIGPROF
               else f"a command ran over {WALL_SECONDS} s")


def run_in_process(argv: list[str]) -> tuple[int, str]:
    """(exit code, stdout + stderr) of `profilegen ARGV`, run by cli.main in this process."""
    from profilegen.cli import main

    out = io.StringIO()
    previous = {number: signal.signal(number, _hang) for number in (signal.SIGALRM, signal.SIGPROF)}
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
    signal.alarm(WALL_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code
    except Hang as exc:
        raise AssertionError(f"profilegen {' '.join(argv)}: {exc}\n{out.getvalue()[-2000:]}") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
        for number, handler in previous.items():
            signal.signal(number, handler)
        gc.enable()  # (main() switches the collector off for the rest of a one-shot process)
    return code, out.getvalue()


def _commands(profile: Path, note: str | None, export: Path) -> list[list[str]]:
    source = ["--source", str(profile)]
    commands = [["build", *source, "-q"], ["check", *source, "-q"], ["linkedin", *source, "-q"],
                ["export", "jsonresume", "-o", str(export), *source, "-q"]]
    if note:
        commands.append(["linkedin", "--note", str(profile / note), *source, "-q"])
    return commands


def check_profile(template: Path, edits, added, note_index: int, strict: bool) -> None:
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        profile = Path(tmp) / "profiel"
        shutil.copytree(template, profile, symlinks=True)
        for name, changes in edits:
            path = profile / name
            path.write_bytes(_apply(path.read_bytes(), changes))
        if added is not None:
            folder, stem, text = added
            with contextlib.suppress(OSError):  # (a name the file system refuses: nothing to test)
                (profile / folder).mkdir(parents=True, exist_ok=True)
                (profile / folder / f"{stem}.md").write_text(text, "utf-8", "surrogatepass")
        note = NOTES[note_index % len(NOTES)]
        export = Path(tmp) / "cv.json"
        users = snapshot(profile, skip=("_site", ".profilegen-cache"))
        for argv in _commands(profile, note, export):
            if strict and argv[0] in ("build", "check"):
                argv.append("--strict")
            site = snapshot(profile / "_site")
            code, said = run_in_process(argv)
            event(f"{argv[0]} exit {code}")
            command = "profilegen " + " ".join(argv)
            assert code in (0, 1), f"{command}: exit {code}\n{said}"
            assert "Traceback" not in said and "internal error" not in said, f"{command}:\n{said}"
            if code == 1:
                assert "error" in said, f"{command}: exit 1 without saying why\n{said}"
            if argv[0] != "build" or code != 0:
                assert snapshot(profile / "_site") == site, f"{command} (exit {code}) changed _site/\n{said}"
            assert snapshot(profile, skip=("_site", ".profilegen-cache")) == users, \
                f"{command} changed the user's files\n{said}"
            beside = sorted(p.name for p in Path(tmp).iterdir())
            assert beside in (["profiel"], ["cv.json", "profiel"]), f"{command} wrote beside the profile: {beside}"
            if argv[0] == "export" and code != 0:
                assert not export.exists(), f"{command} failed but left {export.name}"


# PROFILEGEN_FUZZ_SHRINK=0 (for a long run): report a failing example as found, without
# spending minutes making it smaller.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if os.environ.get("PROFILEGEN_FUZZ_SHRINK") != "0"
                                                          else [])


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), phases=PHASES)
@given(edits=file_edits, added=new_file, note_index=st.integers(0, 100), strict=st.booleans())
def test_fuzz_a_mutated_profile_builds_or_is_refused(built_example, edits, added, note_index, strict):
    check_profile(built_example, edits, added, note_index, strict)
    if LOG:  # (a long run: one line a profile that passed, to count them while it runs)
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{len(_commands(built_example, NOTES[0], built_example))} commands\n")


@pytest.mark.parametrize("edits", [
    [("site.yaml", [("value", 3, "[1, 2]")])],
    [(NOTES[0], [("insert", 4, "\t")])],
    [(NOTES[0], [("body", 0, "[x](weg.md) " * 3)])],
    [("site.yaml", [("byte", 40, 0xE9)])],
])
def test_in_process_is_what_the_user_gets(built_example, tmp_path, edits):
    """The in-process run answers as the `profilegen` command does: same exit, same lines."""
    profile = tmp_path / "profiel"
    shutil.copytree(built_example, profile)
    for name, changes in edits:
        path = profile / name
        path.write_bytes(_apply(path.read_bytes(), changes))
    for argv in (["check", "--source", str(profile)], ["linkedin", "--source", str(profile), "-q"]):
        code, said = run_in_process(argv)
        user = run_cli(*argv)
        assert (code, sorted(said.splitlines())) == (user.returncode, sorted((user.stdout + user.stderr).splitlines()))
