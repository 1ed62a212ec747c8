"""Shared fixtures: real builds in temp folders, the CLI as a subprocess, a static server, Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import http.server
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PROFILEGEN_CHROMIUM", "/usr/bin/chromium")
# The tests compare profilegen's English messages; a profile in Dutch would make it speak Dutch
# (tests/test_messages.py, which holds both languages, runs the CLI without this).
os.environ.setdefault("PROFILEGEN_LANG", "en")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run_cli(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python -m profilegen ARGS` as a user would, capturing text output."""
    result = subprocess.run([sys.executable, "-m", "profilegen", *map(str, args)], cwd=cwd,
                            capture_output=True, text=True, env={**os.environ, "PYTHONUTF8": "1"})
    if check and result.returncode != 0:
        raise AssertionError(f"profilegen {' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def cli():
    return run_cli


def copy_site(src: Path, dest: Path) -> Path:
    """A copy of a profile without its built output, to build and change freely."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_site", ".profilegen-cache"))
    return dest


def copy_example(dest: Path) -> Path:
    """A copy of the repository's own example profile in ``dest``."""
    dest.mkdir()
    shutil.copy(REPO / "site.yaml", dest / "site.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", dest / "static")
    return dest


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the repository's own example profile."""
    return copy_example(tmp_path / "example")


@pytest.fixture(scope="session")
def example_built(tmp_path_factory) -> Path:
    """The example profile built once for https://x.github.io/repo/ (read-only for tests)."""
    dest = tmp_path_factory.mktemp("example-built")
    shutil.copy(REPO / "site.yaml", dest / "site.yaml")
    shutil.copytree(REPO / "content", dest / "content")
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", dest / "static")
    run_cli("build", "--source", dest, "--base-url", "https://x.github.io/repo/", "-q", check=True)
    return dest / "_site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def serve_under():
    """Serve a built site under a URL prefix, as GitHub Pages serves /<repo>/; yields a starter."""
    servers = []

    def start(site: Path, prefix: str = "/repo/") -> str:
        root = site.parent / f"_served_{site.name}"
        if root.exists():
            shutil.rmtree(root)
        target = root / prefix.strip("/") if prefix.strip("/") else root
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(site, target)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files under tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class PageLinks(HTMLParser):
    """What a crawler needs from a page: every href/src, the <html lang>, hreflang alternates."""

    def __init__(self, html: str = "") -> None:
        super().__init__()
        self.lang: str | None = None
        self.refs: list[str] = []
        self.alternates: dict[str, str] = {}
        if html:
            self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append(attrs[name])


def crawl(served: str) -> int:
    """Follow every link and asset from ``served`` (a site's root URL) that stays under it; fail on
    a missing one or on a link to this host outside the base path; return how many were fetched."""
    from urllib.parse import urljoin, urlsplit
    from urllib.request import urlopen

    seen, queue, checked = set(), [served], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url) as response:  # raises on 404
            body = response.read()
            kind = response.headers.get("Content-Type", "")
        checked += 1
        if "html" in kind:
            refs = PageLinks(body.decode("utf-8")).refs
        elif "css" in kind:
            refs = re.findall(r"url\(['\"]?([^'\")]+)", body.decode("utf-8"))
        else:
            continue
        for ref in refs:
            target = urljoin(url, ref).split("#")[0]
            if target.startswith(served):
                queue.append(target)
            elif urlsplit(target).netloc == urlsplit(served).netloc:
                pytest.fail(f"{url} links to {ref}, outside the base path {urlsplit(served).path}")
    return checked


# --- Realistic profiles, trees and leftovers: for the build tests (issue 12) ----------------

# Real-looking Dutch prose: most paragraphs have a "niet", as real writing does (the generated
# word salad of benchmarks/corpus.py has none), and nothing that check would flag.
DUTCH_SENTENCES = (
    "Participatie begint niet bij het plan, maar bij de vraag wie er straks mee moet leven.",
    "Bewoners haken niet af omdat ze niet willen meedenken, maar omdat ze niet zien wat er met hun inbreng gebeurt.",
    "Een warmtenet is geen technisch project; het is een afspraak tussen buren die elkaar nog niet kennen.",
    "De Omgevingswet vraagt niet om meer vergaderingen, wel om eerder en eerlijker in gesprek gaan.",
    "Ik leerde dat je beter een halve dag in de wijk kunt rondlopen dan een week aan een nota kunt schrijven.",
    "Wie alleen de mensen spreekt die al komen opdagen, hoort niet wat de rest van de straat denkt.",
    "Samenwerken met een netbeheerder gaat sneller als je hun planning kent voordat je iets belooft.",
    "Het draagvlak was er niet, en dat lag niet aan de bewoners maar aan ons tempo.",
    "Een goed participatieplan zegt ook waarover niet meer te praten valt.",
    "In de energietransitie wint niet het beste plan, maar het plan dat mensen begrijpen.",
    "We hebben de avond niet in het gemeentehuis gehouden, maar in de kantine van de voetbalclub.",
    "Daar kwamen mensen die we anders nooit gesproken hadden.",
    "Vertrouwen bouw je niet op met een folder, wel met terugkomen wanneer je dat beloofd hebt.",
    "Ambtenaren denken vaak in fasen; bewoners denken in hun eigen straat en hun eigen portemonnee.",
    "Het helpt om hardop te zeggen wat je nog niet weet.",
    "Een besluit dat niet uit te leggen is aan de buurvrouw, is nog niet af.",
    "De omgevingsvisie werd pas levend toen we haar vertaalden naar drie vragen per wijk.",
    "Niet elke klacht is weerstand; soms is het gewoon een goede vraag op een slecht moment.",
    "Ik schrijf dit op omdat ik dezelfde fout niet nog eens wil maken.",
    "Wat werkte: een vaste contactpersoon, een vaste avond en een lijst met open vragen.",
    "Wat niet werkte: een enquête die niemand begreep en een website die niemand vond.",
    "Klimaatadaptatie lijkt een ver-van-mijn-bedshow, tot de kelder voor de tweede keer onderloopt.",
    "Een wijkaanpak slaagt niet als de gemeente alle antwoorden al heeft voordat de eerste vraag gesteld is.",
    "Samenwerking tussen afdelingen kost tijd, maar minder tijd dan het herstellen van een verkeerd besluit.",
    "De netbeheerder kon niet sneller, dus hebben we de planning samen met de bewoners opnieuw gemaakt.",
    "Het gesprek werd beter toen we de tekeningen weglegden en de buurt op de kaart lieten tekenen.",
    "Ik ben niet tegen regels, wel tegen regels die niemand kan uitleggen.",
    "Een vergunning is pas goed als ook de buren snappen waarom hij er is.",
    "Soms is de beste participatie een eerlijk nee, op tijd en met redenen.",
    "Mensen willen niet overal over meebeslissen, maar ze willen wel weten waar ze aan toe zijn.",
    "De eerste bewonersavond liep uit de hand, en dat was achteraf het nuttigste wat ons overkwam.",
    "Wie de zorgen serieus neemt, hoeft ze niet weg te praten.",
    "Het warmtenet kwam er niet omdat het goedkoper was, maar omdat de buurt het zelf wilde.",
    "We noteerden elke vraag, ook de vragen waar we het antwoord niet op wisten.",
    "Na drie maanden kon iedereen in de wijk zien wat er met zijn vraag was gebeurd.",
    "Dat is geen wondermiddel, maar het maakt het gesprek een stuk rustiger.",
    "Ik merk dat jonge collega's dit sneller oppakken dan ik destijds deed.",
    "De les voor mij: begin klein, kom terug en zeg wat je gaat doen voordat je het doet.",
    "Een plan dat niet schuurt, heeft waarschijnlijk nog niemand bereikt.",
    "Goede samenwerking met de provincie begint met dezelfde kaart op tafel.",
)
DUTCH_HEADINGS = ("Wat ik zag", "Wat ik ervan leer", "Waarom het niet vanzelf gaat", "Wat ik anders zou doen",
                  "De praktijk", "Wat de buurt zei")
DUTCH_SUBJECTS = ("draagvlak", "het warmtenet", "de omgevingsvisie", "bewonersavonden", "de wijkaanpak",
                  "het participatieplan", "samenwerken met netbeheerders", "vergunningverlening",
                  "de energiecoöperatie", "klimaatadaptatie in de straat", "een eerlijk nee")
DUTCH_TITLES = ("Wat ik leerde over {}", "Waarom het bij {} niet vanzelf gaat", "{} in de praktijk",
                "Drie lessen over {}", "Over {}, en wat ik eerst niet zag", "Nog eens: {}")
TOPIC_POOL = ("participatie", "energietransitie", "omgevingswet", "samenwerking", "klimaatadaptatie")
TOPICS = list(TOPIC_POOL[:4])
LAYER_NAMES = ("stand", "drives", "expertise", "experience", "insights", "vision", "future", "network")


def dutch_paragraph(rng, words: int = 60) -> str:
    sentences, count = [], 0
    while count < words:
        sentence = rng.choice(DUTCH_SENTENCES)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def dutch_prose(rng, words: int) -> list[str]:
    """Paragraphs of about ``words`` words in all."""
    paragraphs, count = [], 0
    while count < words:
        paragraphs.append(dutch_paragraph(rng, rng.randint(40, 110)))
        count += len(paragraphs[-1].split())
    return paragraphs


def dutch_title(rng) -> str:
    title = rng.choice(DUTCH_TITLES).format(rng.choice(DUTCH_SUBJECTS))
    return title[0].upper() + title[1:]


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@dataclass
class Note:
    """A note of a generated profile, as its file will say it."""

    stem: str
    title: str
    date: dt.date
    tags: list[str]
    blocks: list[str]          # Markdown blocks: paragraphs, '## ' headings, lists, links
    summary: str | None = None
    updated: dt.date | None = None
    draft: bool = False
    extra: dict = field(default_factory=dict)
    image: str | None = None   # shown when the note is shared, instead of its card

    def text(self) -> str:
        lines = ["---", f"title: {_yaml_text(self.title)}", f"date: {self.date.isoformat()}",
                 f"tags: [{', '.join(self.tags)}]"]
        if self.summary is not None:
            lines.append(f"summary: {_yaml_text(self.summary)}")
        if self.updated is not None:
            lines.append(f"updated: {self.updated.isoformat()}")
        if self.draft:
            lines.append("draft: true")
        if self.image:
            lines.append(f"image: {self.image}")
        if self.extra:
            lines.append("extra:")
            lines += [f"  {key}: {_yaml_text(value)}" for key, value in sorted(self.extra.items())]
        return "\n".join([*lines, "---", "\n\n".join(self.blocks), ""])


@dataclass
class DutchProfile:
    """A profile of real-looking Dutch text (filled layers, on-topic notes with links between
    them), kept as data so tests can edit it and write back only what changed."""

    root: Path
    notes: dict[str, Note]
    layers: dict[str, tuple[str | None, list[str]]]   # layer or page file stem -> (summary, blocks)
    settings: dict

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write_settings(self) -> None:
        s = self.settings
        write_file(self.root / "site.yaml", "\n".join([
            f"title: {_yaml_text(s['title'])}", 'base_url: "https://sverhoeven.github.io/profiel/"',
            "language: nl", "author:", "  name: Sanne Verhoeven", f"  role: {_yaml_text(s['role'])}",
            "  location: Utrecht", *([f"  image: {s['image']}"] if s.get("image") else []), "  links:", '    linkedin: "https://www.linkedin.com/in/sanne-verhoeven"',
            f"topics: [{', '.join(s['topics'])}]", "notes:", f"  per_page: {s['per_page']}",
            *([f"check: {{ ignore: [{', '.join(s['check_ignore'])}] }}"] if s.get("check_ignore") else []),
            *([f"images: {{ publish_as_is: [{', '.join(s['publish_as_is'])}] }}"] if s.get("publish_as_is") else []),
            *([f"cv: {s['cv']}"] if s.get("cv") else []),
            f"output: {s['output']}", ""]))

    def write_note(self, stem: str) -> None:
        write_file(self.root / "content" / "notes" / f"{stem}.md", self.notes[stem].text())

    def delete_note(self, stem: str) -> None:
        del self.notes[stem]
        (self.root / "content" / "notes" / f"{stem}.md").unlink()

    def write_layer(self, stem: str) -> None:
        summary, blocks = self.layers[stem]
        front = ["---"] + ([f"summary: {_yaml_text(summary)}"] if summary is not None else [])
        if stem not in LAYER_NAMES:
            front.append('title: "Lezingen en workshops"')
        write_file(self.root / "content" / f"{stem}.md", "\n".join([*front, "---", "\n\n".join(blocks), ""]))

    def write(self) -> "DutchProfile":
        (self.root / "content" / "notes").mkdir(parents=True, exist_ok=True)
        self.write_settings()
        for stem in self.layers:
            self.write_layer(stem)
        for stem in self.notes:
            self.write_note(stem)
        write_file(self.root / "static" / "bestanden" / "leeswijzer.txt", "Lees eerst de notities over participatie.\n")
        return self


def make_note(rng, stem: str, date: dt.date, *, words: int, link_to: list[str] = ()) -> Note:
    blocks = dutch_prose(rng, words)
    blocks.insert(min(2, len(blocks)), "## " + rng.choice(DUTCH_HEADINGS))
    if rng.random() < 0.3:
        blocks.append("\n".join("- " + rng.choice(DUTCH_SENTENCES) for _ in range(3)))
    if link_to and rng.random() < 0.4:
        blocks.append(f"Daarover schreef ik eerder in [een andere notitie]({rng.choice(link_to)}.md).")
    return Note(stem, dutch_title(rng), date, rng.sample(TOPICS, rng.randint(1, 2)), blocks,
                summary=dutch_paragraph(rng, 15) if rng.random() < 0.5 else None,
                extra={"x": rng.choice(("podcast", "lezing", "artikel"))} if rng.random() < 0.3 else {})


def _corpus():
    if str(REPO / "benchmarks") not in sys.path:
        sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    return corpus


def realistic_notes(count: int, seed: int) -> list[Note]:
    """Notes of benchmarks/corpus.py's realistic corpus (numbers, dates, places, headings, lists,
    quotes, tables, code, links between notes and to layers), 150-1,600 words each."""
    import yaml

    notes = []
    for name, text in _corpus().realistic_notes(count, random.Random(seed), dt.date(2006, 1, 2)):
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        notes.append(Note(name[:-3], meta["title"], meta["date"], list(meta["tags"]), body.strip("\n").split("\n\n"),
                          summary=meta.get("summary"), updated=meta.get("updated")))
    return notes


@functools.lru_cache(maxsize=None)
def _prose_blocks() -> tuple[str, ...]:
    """The prose paragraphs of 60 realistic notes."""
    return tuple(block for note in realistic_notes(60, 1_000) for block in note.blocks
                 if re.match(r"[^\W\d_]", block) and "```" not in block)


def realistic_prose(rng, words: int) -> list[str]:
    """Paragraphs of the realistic corpus, about ``words`` words in all."""
    blocks, count = [], 0
    while count < words:
        blocks.append(rng.choice(_prose_blocks()))
        count += len(blocks[-1].split())
    return blocks


def make_dutch_profile(root: Path, notes: int, *, seed: int = 7, words: tuple[int, int] = (120, 320),
                       output: str = "_site", realistic: bool = False) -> DutchProfile:
    """A whole profile in ``root``: filled layers, a page, ``notes`` notes; no check finding.

    The notes are made of the sentences above, or with ``realistic`` are the first blocks of
    those of benchmarks/corpus.py's realistic corpus; ``words`` long; a third with an ``extra``.
    """
    rng = random.Random(seed)
    layers = {name: (dutch_paragraph(rng, 18), dutch_prose(rng, 120)) for name in LAYER_NAMES}
    layers["lezingen"] = (dutch_paragraph(rng, 12), dutch_prose(rng, 80))
    made: dict[str, Note] = {}
    if realistic:
        for note in realistic_notes(notes, seed):
            length, count = rng.randint(*words), 0
            for cut, block in enumerate(note.blocks, 1):  # (its first blocks, about ``words`` long)
                count += len(block.split())
                if count >= length and "```" not in block:
                    note.blocks = note.blocks[:max(cut, 3)]
                    break
            if rng.random() < 0.3:
                note.extra = {"x": rng.choice(("podcast", "lezing", "artikel"))}
            made[note.stem] = note
    start = dt.date(2019, 1, 7)
    for i in range(0 if realistic else notes):
        date = start + dt.timedelta(days=(i * 13) % 2900)
        stem = f"{date.isoformat()}-notitie-{i:04d}"
        made[stem] = make_note(rng, stem, date, words=rng.randint(*words), link_to=list(made)[-20:])
    settings = {"title": "Sanne Verhoeven — omgevingsmanager", "role": "Omgevingsmanager",
                "topics": list(TOPICS), "per_page": 10, "output": output}
    return DutchProfile(root, made, layers, settings).write()


@contextlib.contextmanager
def scratch_folder(fallback: Path):
    """A fresh folder in memory (/dev/shm) when there is one, else ``fallback``. The build tests
    write and delete many thousands of files; on a disk mounted with `discard` (this VM's)
    every delete waits for the disk, which made them several times slower."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="profilegen-test-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scratch(tmp_path) -> Path:
    with scratch_folder(tmp_path) as folder:
        yield folder


def write_file(path: Path, data: str | bytes) -> None:
    """Write a file the way most editors save: a new file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.saving")
    if isinstance(data, str):
        temp.write_text(data, "utf-8")
    else:
        temp.write_bytes(data)
    os.replace(temp, path)


def read_tree(folder: Path) -> dict[str, bytes | None] | None:
    """Every file (its bytes) and folder (None, with a trailing /) below ``folder``; None if absent."""
    if not folder.is_dir():
        return None
    found: dict[str, bytes | None] = {}
    for root, dirs, files in os.walk(folder):
        rel = os.path.relpath(root, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in dirs:
            found[prefix + name + "/"] = None
        for name in files:
            found[prefix + name] = Path(root, name).read_bytes()
    return found


def tree_difference(got: dict | None, want: dict | None, *, snippet: int = 30) -> str | None:
    """None when the trees are the same, else which paths differ and a diff of the first."""
    if got == want:
        return None
    if got is None or want is None:
        return "the output folder is missing" if got is None else "the output folder exists but should not"
    differing = sorted(p for p in set(got) | set(want) if got.get(p, b"<absent>") != want.get(p, b"<absent>"))
    first = differing[0]
    lines = [f"{len(differing)} path(s) differ: {', '.join(differing[:12])}{' …' if len(differing) > 12 else ''}",
             f"first: {first}"]
    if first not in got:
        lines.append("  only in the expected (cold) tree")
    elif first not in want:
        lines.append("  only in the tree under test")
    else:
        diff = difflib.unified_diff(want[first].decode("utf-8", "replace").splitlines(),
                                    got[first].decode("utf-8", "replace").splitlines(),
                                    "expected (cold)", "got", n=1, lineterm="")
        lines += ["  " + line[:200] for line in itertools.islice(diff, snippet)]
    return "\n".join(lines)


def profilegen_leftovers(output: Path) -> list[str]:
    """Temporary entries of a build: beside the output (all but the lock) and inside it."""
    prefix, lock = f".{output.name}.profilegen-", f".{output.name}.profilegen-lock"
    found = [p.name for p in output.parent.iterdir() if p.name.startswith(prefix) and p.name != lock]
    if output.is_dir():
        for root, dirs, files in os.walk(output):
            for name in dirs + files:
                rel = Path(root, name).relative_to(output).as_posix()
                if ".profilegen-" in name and rel != ".profilegen-manifest":
                    found.append(f"{output.name}/{rel}")
    return sorted(found)
