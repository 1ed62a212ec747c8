"""Builds you can trust (issue 12): whatever happens to a build, _site/ is exactly the previous
site or exactly the new one, and nothing profilegen did not write is ever deleted.

- kill -9 at random moments (seeded) of cold and incremental builds of a 400-note profile (of
  the build's process, whose workers then finish, or of all its processes at once), and
  every injected fault (PROFILEGEN_FAULT=<kill|raise>:<write:N|manifest|swap|cleanup>) with
  both swaps (renameat2's exchange, and PROFILEGEN_SWAP=rename); after each, the site is one
  of the two trees that cold builds of the two versions give, with no temporary file in it,
  and the next build (also one that fails on a content error) leaves nothing behind;
- builds started at once, some with --strict while the profile has a warning, and a build
  started while another one is writing (it must wait, and say so);
- an output folder with files profilegen did not write is refused and left as it was.

A read-only or full disk is out of scope here. PROFILEGEN_KILLS=<n> and PROFILEGEN_KILL_SEED=<n>
for longer or other kill runs.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import (dutch_paragraph, make_dutch_profile, make_note, profilegen_leftovers, read_tree,
                      run_cli, scratch_folder, tree_difference, write_file)
from profilegen.build import build

KILLS = int(os.environ.get("PROFILEGEN_KILLS", "30"))
KILL_SEED = int(os.environ.get("PROFILEGEN_KILL_SEED", "12"))
MAX_FAILED_KILLS = 8
MANAGED = ("content", "static", "templates")  # with site.yaml: the files a version is made of
BROKEN_NOTE = "content/notes/2031-01-01-kapot.md"
WAITING = re.compile(r"(?i)\bwait.*\bbuild|\bbuild.*\bwait")


def _environment(fault: str | None = None, swap: str = "exchange") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PROFILEGEN_FAULT", "PROFILEGEN_SWAP")}
    env["PYTHONUTF8"] = "1"
    if fault:
        env["PROFILEGEN_FAULT"] = fault
    if swap == "rename":
        env["PROFILEGEN_SWAP"] = "rename"
    return env


def _wait_for_group(pgid: int, timeout: float = 20) -> None:
    """Until no process of the group ``pgid`` runs (the workers of a killed build finish on their
    own; zombies waiting for init to reap them do not count), else kill what is left."""
    deadline = time.monotonic() + timeout
    while True:
        running = False
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                running = True
                break
        if not running:
            return
        if time.monotonic() > deadline:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
        time.sleep(0.01)


def _some(paths: list[str]) -> str:
    return f"{len(paths)}: {', '.join(paths[:3])}{' …' if len(paths) > 3 else ''}"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class Versions:
    """A profile folder, versions of its files (A, and edits of A named B, C, ...) and the trees
    cold builds of them give. The edits, as a user makes them (each also changes a static file):

    - "moved": paragraphs move within three notes (no reading time or excerpt changes), so an
      incremental build renders those pages and reuses every other page;
    - "longer": the newest note 2,000 words longer (its reading time changes in every list) and
      another note's title: what other pages show of them changes;
    - "reshaped": "longer", and a note deleted and one added: the trees hold different files.

    With ``warning``, every version has a note whose tags are none of the topics.
    """

    def __init__(self, root: Path, references: Path, notes: int, *, seed: int, edits: dict[str, str],
                 warning: bool) -> None:
        profile = make_dutch_profile(root, notes, seed=seed, words=(50, 180))
        self.root, self.output = root, root / "_site"
        rng = random.Random(seed)
        if warning:
            koffie = make_note(rng, "2018-04-01-over-koffie", dt.date(2018, 4, 1), words=80)
            koffie.tags = ["koffie"]
            profile.notes[koffie.stem] = koffie
            profile.write_note(koffie.stem)
        self.files = {"A": self._read()}
        for name, edit in edits.items():
            self.switch("A")
            edited = copy.deepcopy(profile)
            self._edit(edited, edit, rng)
            write_file(root / "static" / "bestanden" / "leeswijzer.txt", f"Lees eerst de nieuwste notities ({name}).\n")
            self.files[name] = self._read()
        self._next = itertools.cycle(edits)
        self.trees = {}
        for name in self.files:
            self.switch(name)
            build(root, output=references / name, use_cache=False)
            self.trees[name] = read_tree(references / name)
        assert len({repr(sorted(tree.items())) for tree in self.trees.values()}) == len(self.trees)

    @staticmethod
    def _edit(profile, edit: str, rng: random.Random) -> None:
        stems = sorted(profile.notes)
        if edit == "moved":
            moved = [note for note in (profile.notes[stem] for stem in reversed(stems)) if len(note.blocks) >= 4][:3]
            for note in moved:  # (the newest is in the feed)
                note.blocks[-2], note.blocks[-1] = note.blocks[-1], note.blocks[-2]
                profile.write_note(note.stem)
            return
        newest = profile.notes[stems[-1]]
        newest.blocks += [dutch_paragraph(rng, 100) for _ in range(20)]
        profile.write_note(newest.stem)
        profile.notes[stems[len(stems) // 2]].title = "Wat ik niet had verwacht van het warmtenet"
        profile.write_note(stems[len(stems) // 2])
        if edit == "reshaped":
            linked = {m for note in profile.notes.values() for block in note.blocks
                      for m in re.findall(r"\]\(([^)]+)\.md\)", block)}
            profile.delete_note(next(stem for stem in stems[1:-1] if stem not in linked))
            added = make_note(rng, "2018-03-01-een-oude-notitie", dt.date(2018, 3, 1), words=150)
            profile.notes[added.stem] = added
            profile.write_note(added.stem)

    def _read(self) -> dict[str, bytes]:
        files = {"site.yaml": (self.root / "site.yaml").read_bytes()}
        for folder in MANAGED:
            for path in sorted((self.root / folder).rglob("*")):
                if path.is_file():
                    files[path.relative_to(self.root).as_posix()] = path.read_bytes()
        return files

    def switch(self, name: str) -> None:
        """Make the profile's files those of version ``name``."""
        wanted, present = self.files[name], self._read()
        for rel, data in wanted.items():
            if present.get(rel) != data:
                write_file(self.root / rel, data)
        for rel in set(present) - set(wanted):
            (self.root / rel).unlink()
        self.current = name

    def other(self, name: str) -> str:
        """The version a build goes to from ``name``: back to A, or from A to each edit in turn."""
        return "A" if name != "A" else next(self._next)

    def state(self) -> str:
        """'A' or 'B' (the output is exactly that cold tree), 'absent', or a description of the mix."""
        for attempt in range(3):
            try:
                tree = read_tree(self.output)
                break
            except OSError:  # (a build swapping the folder while it is read)
                time.sleep(0.05)
        else:
            tree = read_tree(self.output)
        if tree is None:
            return "absent"
        for name, cold in self.trees.items():
            if tree == cold:
                return name
        temporary = [p for p in tree if ".profilegen-" in p and p != ".profilegen-manifest"]
        clean = {p: d for p, d in tree.items() if p not in temporary}
        for name, cold in self.trees.items():
            if clean == cold:
                return f"the tree of {name} plus {len(temporary)} temporary files, e.g. {temporary[:2]}"
        trees = self.trees.values()
        only = {name: sum(1 for p, d in tree.items() if d is not None and cold.get(p) == d
                          and all(other.get(p) != d for other in trees if other is not cold))
                for name, cold in self.trees.items()}
        neither = sorted(p for p, d in tree.items() if all(cold.get(p, b"-") != d for cold in trees))
        missing = sorted(p for p in set.intersection(*(set(cold) for cold in trees)) if p not in tree)
        return (f"a mix: {', '.join(f'{count} files only as in {name}' for name, count in only.items())}, "
                f"{len(neither)} as in none {neither[:4]}, {len(missing)} missing {missing[:4]}")

    def run(self, *flags: str, fault: str | None = None, swap: str = "exchange") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "profilegen", "build", "--source", str(self.root), "-q", *flags],
                              capture_output=True, text=True, env=_environment(fault, swap), timeout=180)

    def start(self, *flags: str, swap: str = "exchange", stderr=subprocess.PIPE) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "profilegen", "build", "--source", str(self.root), "-q", *flags],
                                stdout=subprocess.DEVNULL, stderr=stderr, text=True, env=_environment(None, swap),
                                start_new_session=True)

    def drop_cache(self) -> None:
        shutil.rmtree(self.root / ".profilegen-cache", ignore_errors=True)

    def ensure(self, name: str) -> None:
        """Version ``name``, built, with nothing left over: what each test starts from."""
        if self.current != name:
            self.switch(name)
        if self.state() == name and not profilegen_leftovers(self.output):
            return
        result = self.run()
        if result.returncode == 0 and self.state() == name and not profilegen_leftovers(self.output):
            return
        for path in self.root.iterdir():  # start over: no output, no cache, no leftovers
            if path.name.startswith(("_site", "._site.profilegen-", ".profilegen-cache")):
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        result = self.run()
        assert result.returncode == 0 and self.state() == name, f"a clean build of {name} failed:\n{result.stderr}"

    def break_content(self, kind: int) -> None:
        """A content error (site.yaml stays readable): invalid front matter, or a privacy error."""
        text = ("---\ntitle: [niet gesloten\n---\nTekst.\n" if kind % 2 else
                "---\ntitle: Bel me\ntags: [participatie]\n---\nBel me gerust op 06-12345678, ook 's avonds.\n")
        write_file(self.root / BROKEN_NOTE, text)

    def repair(self) -> None:
        (self.root / BROKEN_NOTE).unlink()

    def recovers(self, after_kill: str, previous: str, new: str, swap: str, kind: int) -> list[str]:
        """A build that fails on a content error still cleans up what an interrupted one left."""
        problems = []
        self.break_content(kind)
        result = self.run(swap=swap)
        self.repair()
        if result.returncode != 1 or "kapot.md" not in result.stderr:
            problems.append(f"the build with a content error exited {result.returncode}, not 1 naming "
                            f"{BROKEN_NOTE}: {result.stderr.strip()[:300]!r}")
        state = self.state()
        allowed = {after_kill} if after_kill in (previous, new) else {previous, new}
        if state not in allowed:
            problems.append(f"after the next (failing) build, _site/ is {state}, not {' or '.join(sorted(allowed))}")
        if profilegen_leftovers(self.output):
            problems.append("after the next (failing) build, leftovers remain: "
                            + _some(profilegen_leftovers(self.output)))
        return problems

    def completes(self, new: str, swap: str) -> list[str]:
        """The next good build gives the cold tree of the current files, with nothing left over."""
        result = self.run(swap=swap)
        problems = []
        if result.returncode != 0:
            problems.append(f"the next build exited {result.returncode}: {result.stderr.strip()[:300]!r}")
        if self.state() != new:
            problems.append(f"after the next build, _site/ is {self.state()}, not the cold tree of {new}")
        if profilegen_leftovers(self.output):
            problems.append(f"after the next build, leftovers remain: {_some(profilegen_leftovers(self.output))}")
        return problems


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    with scratch_folder(tmp_path_factory.mktemp("big")) as folder:
        yield Versions(folder / "profiel", folder / "cold", 400, seed=400, edits={"B": "moved", "C": "longer"},
                       warning=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    with scratch_folder(tmp_path_factory.mktemp("small")) as folder:
        yield Versions(folder / "profiel", folder / "cold", 60, seed=60, edits={"B": "reshaped"}, warning=False)


# --- (a) kill -9 and injected faults -----------------------------------------------------------

def test_kill_9_at_random_moments_leaves_the_previous_or_the_new_site(big):
    rng = random.Random(KILL_SEED)
    big.ensure("A")
    took = {}  # how long each kind of build takes here (to each version), to spread the kills over it
    for name, mode in (("C", "incremental"), ("A", "cold")):
        big.switch(name)
        if mode == "cold":
            big.drop_cache()
        started = time.monotonic()
        assert big.run().returncode == 0 and big.state() == name
        took.update({(mode, version): time.monotonic() - started for version in big.files})
    failures, outcomes, kills, tries, failed = [], {}, 0, 0, 0
    while kills < KILLS and tries < 3 * KILLS:
        tries += 1
        previous, new = big.current, big.other(big.current)
        mode = "cold" if rng.random() < 0.25 else "incremental"
        swap = rng.choice(("exchange", "rename"))
        length = took[mode, new]
        delay = rng.uniform(0, 1.05 * length) if rng.random() < 0.5 else rng.uniform(0.5 * length, 1.05 * length)
        big.switch(new)
        if mode == "cold":
            big.drop_cache()
        process = big.start(swap=swap)
        time.sleep(delay)
        killed = process.poll() is None
        whole = kills % 2 == 1  # the build's process alone (its workers finish), or all of it at once
        if killed:
            (os.killpg if whole else os.kill)(process.pid, signal.SIGKILL)
        try:  # (its workers hold the pipe until they are done)
            _, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, stderr = process.communicate()
        _wait_for_group(process.pid)
        what = (f"kill {kills + 1}{' (of all its processes)' if whole else ''}: {mode} build {previous} -> {new}, "
                f"{swap} swap, at {delay:.2f} s of ~{length:.2f} s")
        if not killed:  # it finished first: then it must have succeeded (and builds take less than we thought)
            took[mode, new] *= 0.9
            outcomes["finished before the kill"] = outcomes.get("finished before the kill", 0) + 1
            problems = [] if process.returncode == 0 else [f"exited {process.returncode}: {stderr.strip()[:300]!r}"]
            if big.state() != new or profilegen_leftovers(big.output):
                problems.append(f"_site/ is {big.state()}, leftovers {profilegen_leftovers(big.output)}")
            failures += [f"{what} (not killed): {p}" for p in problems]
            if problems:
                big.ensure(new)
            continue
        kills += 1
        state = big.state()
        outcome = {previous: "the previous site", new: "the new site", "absent": "no _site/"}.get(state, "a mix")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        problems = []
        if state not in (previous, new) and not (state == "absent" and swap == "rename"):
            problems.append(f"right after the kill, _site/ is {state}")
        inside = [p for p in profilegen_leftovers(big.output) if p.startswith(big.output.name + "/")]
        if inside:
            problems.append(f"right after the kill, temporary files inside _site/: {_some(inside)}")
        if state == "absent" or kills % 6 == 0:
            problems += big.recovers(state, previous, new, swap, kills)
        started = time.monotonic()
        problems += big.completes(new, swap)
        took[mode, new] = (took[mode, new] + time.monotonic() - started) / 2
        failures += [f"{what}: {p}" for p in problems]
        if problems:
            failed += 1
            if failed == MAX_FAILED_KILLS:  # (enough to see what goes wrong; each costs clean builds)
                break
            big.ensure(new)
    summary = ", ".join(f"{count}× {name}" for name, count in sorted(outcomes.items()))
    stopped = " (stopped there)" if failed == MAX_FAILED_KILLS else ""
    assert not failures, (f"{failed} of {kills} kills went wrong{stopped} (PROFILEGEN_KILL_SEED={KILL_SEED}; "
                          f"outcomes: {summary}):\n" + "\n".join(failures[:20]))
    assert kills >= KILLS, f"only {kills} of {tries} builds were still running when the kill came ({summary})"


FAULTS = [(point, action, swap) for point in ("write", "manifest", "swap", "cleanup")
          for action in ("kill", "raise") for swap in ("exchange", "rename")]


@pytest.mark.parametrize("point, action, swap", FAULTS, ids=["-".join(case) for case in FAULTS])
def test_an_injected_fault_leaves_the_previous_or_the_new_site(small, point, action, swap):
    rng = random.Random(f"{point}-{action}-{swap}")
    small.ensure(small.current)
    previous, new = small.current, small.other(small.current)
    small.switch(new)
    cold = (action == "raise") == (swap == "exchange")  # each point and action: a cold and an incremental build
    if cold:
        small.drop_cache()
    fault = f"{action}:write:{rng.randint(1, 60)}" if point == "write" else f"{action}:{point}"
    result = small.run(fault=fault, swap=swap)
    said = f"PROFILEGEN_FAULT={fault} ({'cold' if cold else 'incremental'} build {previous} -> {new}, {swap} swap)"
    if action == "kill":
        assert result.returncode == -signal.SIGKILL, \
            f"{said}: the build should have killed itself, but it exited {result.returncode}: {result.stderr!r}"
        expected = {"write": {previous}, "manifest": {previous}, "cleanup": {new},
                    "swap": {previous} if swap == "exchange" else {"absent"}}[point]
    else:
        lines = _lines(result.stderr)
        assert result.returncode == 1 and len(lines) == 1 and "Traceback" not in result.stderr \
            and "internal error" not in result.stderr, \
            f"{said}: an I/O error must end the build with exit 1 and one line, not exit {result.returncode}: {lines}"
        # After the swap, leaving the new site is as good as putting the previous one back.
        expected = {previous, new} if point == "cleanup" else {previous}
    state = small.state()
    assert state in expected, f"{said}: _site/ is {state}, expected {' or '.join(sorted(expected))}"
    inside = [p for p in profilegen_leftovers(small.output) if p.startswith("_site/")]
    assert not inside, f"{said}: temporary files inside _site/: {inside[:5]}"
    problems = small.recovers(state, previous, new, swap, rng.randint(0, 1)) if action == "kill" else []
    problems += small.completes(new, swap)
    assert not problems, f"{said}, then:\n" + "\n".join(problems)


# --- (b) builds at the same time ---------------------------------------------------------------

# (flags, seconds after the first): at once, or a moment later as a second save of an editor.
@pytest.mark.parametrize("builds", [[((), 0), (("--strict",), 0.2)], [(("--strict",), 0), ((), 0), ((), 0.1)]],
                         ids=["two", "three"])
def test_builds_started_at_once_each_end_clearly_and_leave_a_complete_site(big, builds):
    big.ensure("A")
    big.switch("C")  # it has a note whose tags are none of the topics: --strict must fail
    big.drop_cache()  # cold builds: long enough to overlap
    flags = [f for f, _ in builds]
    logs = [tempfile.TemporaryFile("w+") for _ in flags]
    started, processes = time.monotonic(), []
    for (f, after), log in zip(builds, logs):
        time.sleep(max(0.0, started + after - time.monotonic()))
        processes.append(big.start(*f, stderr=log))
    seen_at_exit: dict[int, str] = {}
    deadline = time.monotonic() + 120
    while len(seen_at_exit) < len(processes) and time.monotonic() < deadline:
        for index, process in enumerate(processes):
            if index not in seen_at_exit and process.poll() is not None:
                seen_at_exit[index] = big.state() if process.returncode == 0 else ""
        time.sleep(0.005)
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()
        _wait_for_group(process.pid)
    problems = []
    for index, (f, process, log) in enumerate(zip(flags, processes, logs)):
        log.seek(0)
        stderr = log.read()
        log.close()
        who = f"build {index + 1} ({' '.join(f) or 'no flags'})"
        if process.returncode not in (0, 1) or "Traceback" in stderr or "internal error" in stderr:
            problems.append(f"{who} exited {process.returncode}: {stderr.strip()[:400]!r}")
        elif f and (process.returncode != 1 or "focus.off-topic" not in stderr):
            problems.append(f"{who} should fail on the off-topic warning, exited {process.returncode}: "
                            f"{stderr[:300]!r}")
        elif not f and process.returncode != 0:
            problems.append(f"{who} should wait for the others and succeed, exited 1: {stderr.strip()[:300]!r}")
        if process.returncode == 0 and seen_at_exit.get(index) != "C":
            problems.append(f"{who} exited 0 while _site/ was {seen_at_exit.get(index)}, not the cold tree")
    if big.state() != "C" or profilegen_leftovers(big.output):
        problems.append(f"afterwards _site/ is {big.state()}, leftovers {profilegen_leftovers(big.output)}")
    assert not problems, "\n".join(problems)


def test_a_build_started_while_another_one_writes_waits_and_says_so(big):
    big.ensure("A")
    big.switch("C")
    big.drop_cache()
    prefix, lock = f".{big.output.name}.profilegen-", big.root / f".{big.output.name}.profilegen-lock"
    for attempt in range(3):  # (the first build must be caught while it writes)
        first_log, second_log = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
        first = big.start(stderr=first_log)
        staging = None
        while staging is None and first.poll() is None:
            staging = next((name for name in os.listdir(big.root)
                            if name.startswith(prefix) and name != lock.name), None)
            time.sleep(0.002)
        if staging is not None:
            # Stopped while its staging folder is there, the first build is inside its write stage,
            # which it runs holding the lock.
            os.killpg(first.pid, signal.SIGSTOP)
            if (big.root / staging).exists():
                break
            os.killpg(first.pid, signal.SIGCONT)
        first.wait()
        big.ensure("A")
        big.switch("C")
        big.drop_cache()
    else:
        pytest.fail(f"three builds finished before their staging folder {prefix}* could be seen")
    try:
        second = big.start(stderr=second_log)
        deadline = time.monotonic() + 20
        said = ""
        while time.monotonic() < deadline and second.poll() is None and not WAITING.search(said):
            time.sleep(0.05)
            second_log.seek(0)
            said = second_log.read()
        second_ended = second.poll()
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    first.wait(timeout=120)
    second.wait(timeout=120)
    for process in (first, second):
        _wait_for_group(process.pid)
    first_log.seek(0)
    second_log.seek(0)
    first_said, second_said = first_log.read(), second_log.read()
    assert second_ended is None and WAITING.search(second_said), (
        f"a second build, started while the first was writing ({staging} beside _site/), did not wait for it "
        f"saying so: it {'exited ' + str(second_ended) if second_ended is not None else 'printed nothing'} "
        f"({second_said.strip()[:300]!r}); the first then exited {first.returncode} ({first_said.strip()[:300]!r}), "
        f"leaving _site/ {big.state()}")
    assert first.returncode == 0 and second.returncode == 0, (first_said, second_said)
    assert big.state() == "C" and not profilegen_leftovers(big.output)


# --- (c) an output folder with files profilegen did not write -----------------------------------

def _every_file_and_mtime(folder: Path) -> dict[str, tuple]:
    found = {".": (None, folder.stat().st_mtime_ns)}
    for path in folder.rglob("*"):
        found[path.relative_to(folder).as_posix()] = (None if path.is_dir() else path.read_bytes(),
                                                       path.stat().st_mtime_ns)
    return found


def _age(folder: Path) -> None:
    """Every mtime a day back, so that any write shows in the comparison."""
    stamp = time.time() - 86400
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (stamp, stamp))
    os.utime(folder, (stamp, stamp))


def _assert_refused_and_untouched(source: Path, output: Path, names: tuple[str, ...]) -> None:
    _age(output)
    before = _every_file_and_mtime(output)
    result = run_cli("build", "--source", source)
    lines = _lines(result.stderr)
    assert result.returncode == 1, (f"the build went ahead (exit {result.returncode}) into {output.name}/, which holds "
                                    f"files profilegen did not write: {lines}")
    assert len(lines) == 1 and any(name in lines[0] for name in names), \
        f"expected one line naming a file that would be lost (one of {names}), got {lines}"
    assert _every_file_and_mtime(output) == before, f"{output.name}/ was changed"
    assert profilegen_leftovers(output) == []


def test_a_docs_folder_with_the_users_own_files_and_a_nested_git_is_refused_and_left_as_it_was(scratch):
    profile = make_dutch_profile(scratch / "profiel", 12, output="docs")
    docs = profile.root / "docs"
    own = {".nojekyll": "", "handleiding.md": "# Handleiding\nMijn eigen tekst, niet gebouwd.\n",
           "thema/stijl.css": "body { color: #222; }\n", "thema/.git/HEAD": "ref: refs/heads/main\n",
           "thema/.git/config": "[core]\n\tbare = false\n"}
    for rel, text in own.items():
        write_file(docs / rel, text)
    _assert_refused_and_untouched(profile.root, docs, tuple(Path(rel).name for rel in own))


def test_a_docs_folder_that_profilegen_built_is_replaced_also_without_the_cache(scratch):
    profile = make_dutch_profile(scratch / "profiel", 12, output="docs")
    run_cli("build", "--source", profile.root, "-q", check=True)
    for step, drop_cache in ((1, False), (2, True)):
        note = profile.notes[sorted(profile.notes)[step]]
        note.title = f"Wat ik niet wist, deel {step}"
        profile.write_note(note.stem)
        if drop_cache:
            shutil.rmtree(profile.root / ".profilegen-cache")
        run_cli("build", "--source", profile.root, "-q", check=True)
        build(profile.root, output=scratch / f"cold{step}", use_cache=False)
        assert tree_difference(read_tree(profile.root / "docs"), read_tree(scratch / f"cold{step}")) is None
        assert profilegen_leftovers(profile.root / "docs") == []


@pytest.mark.parametrize("cache", [True, False], ids=["with-cache", "without-cache"])
@pytest.mark.parametrize("added", ["eigen-notities.txt", "thema/.git/HEAD"])
def test_a_file_added_to_an_output_folder_that_profilegen_built_is_never_deleted(scratch, added, cache):
    profile = make_dutch_profile(scratch / "profiel", 12, output="docs")
    run_cli("build", "--source", profile.root, "-q", check=True)
    write_file(profile.root / "docs" / added, "van mij\n")
    note = profile.notes[sorted(profile.notes)[0]]
    note.title = "Een nieuwe titel, zodat er iets te bouwen is"
    profile.write_note(note.stem)
    if not cache:
        shutil.rmtree(profile.root / ".profilegen-cache")
    _assert_refused_and_untouched(profile.root, profile.root / "docs", (Path(added).name, ".git"))


def test_temporary_files_of_the_old_in_place_build_inside_the_site_are_removed(scratch):
    profile = make_dutch_profile(scratch / "profiel", 12)
    run_cli("build", "--source", profile.root, "-q", check=True)
    site = profile.root / "_site"
    for rel in ("index.html.profilegen-tmp-123", "notes/index.html.profilegen-tmp-123",
                f"notes/{sorted(profile.notes)[0]}/index.html.profilegen-tmp-123"):
        write_file(site / rel, "<!doctype html><p>half geschreven")
    result = run_cli("build", "--source", profile.root, "-q")
    assert result.returncode == 0, result.stderr
    assert profilegen_leftovers(site) == []
    build(profile.root, output=scratch / "cold", use_cache=False)
    assert tree_difference(read_tree(site), read_tree(scratch / "cold")) is None
