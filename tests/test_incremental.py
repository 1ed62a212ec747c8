"""Incremental by construction (issue 12): after any edit, `profilegen build` with its cache
gives the same bytes as a build from scratch of the same files.

A seeded random walk over a profile of real-looking Dutch notes: every kind of edit a user
makes (texts that change a reading time or an excerpt, front matter, files added, deleted and
renamed, layers, site.yaml, static files, template overrides that read what the bundled
theme does not), each followed by an incremental build that must equal a cold build (no
cache, fresh output). Every edit kind comes once early in the walk, then they are drawn at
random. Every CLI_EVERY-th build runs the CLI in a subprocess instead of the API.

PROFILEGEN_WALK_STEPS=2000 for a longer soak run; PROFILEGEN_WALK_SEED=<n> for another walk.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import (DUTCH_SENTENCES, TOPIC_POOL, DutchProfile, dutch_paragraph, dutch_prose, dutch_title,
                      make_dutch_profile, make_note, profilegen_leftovers, read_tree, realistic_prose, run_cli,
                      tree_difference, write_file)
from profilegen.build import build
from profilegen.content import slugify
from profilegen.theme import bundled_themes_dir

SEED = int(os.environ.get("PROFILEGEN_WALK_SEED", "12"))
STEPS = int(os.environ.get("PROFILEGEN_WALK_STEPS", "200"))
CLI_EVERY = 25
NOTES, MIN_NOTES, MAX_NOTES = 50, 50, 58

# Template overrides, two versions each. They read only what templates may read (the own page,
# the declared view of other notes, layers and pages, reading_minutes(), neighbours, excerpts of
# listed notes, settings, author, site, t, url, format_date), and more of it than the bundled
# theme does: an incremental build must notice when any of that changes.
OVERRIDES = {
    "cv.typ": (  # the CV's template, two versions that read different parts of its data
        '#let cv = json(bytes(sys.inputs.at("profilegen-cv")))\n#set document(title: cv.title)\n'
        '#set text(lang: cv.lang)\n= #cv.name\n#for s in cv.sections [== #s.title\n#eval(s.body, mode: "markup")\n]\n',
        '#let cv = json(bytes(sys.inputs.at("profilegen-cv")))\n#set document(title: cv.title, author: cv.name)\n'
        '#set text(lang: cv.lang)\n= #cv.name (#cv.role)\n#cv.topics.join(", ")\n#for s in cv.sections '
        '[== #s.title #if s.full [(heel)]\n#eval(s.body, mode: "markup")\n]\n',
    ),
    "_note_list.html": (
        '{% include "!theme/_note_list.html" %}\n'
        '<p class="aantal">{{ notes|length }} van {{ profile.notes|length }} notities</p>\n',
        '<ul class="note-list">\n{% for note in notes %}<li><a href="{{ url(note.url) }}">{{ note.title }}</a>'
        ' {{ format_date(note.date) }} · {{ t("notes.minutes", minutes=reading_minutes(note)) }}'
        ' · {{ note.extra.get("x", "") }} · {{ note.tags|join("/") }} · {{ note.summary or "" }}'
        ' · {{ note.updated or "" }} · {{ note.lastmod }} · {{ note.source }} {{ note.draft }} {{ note.layer }}'
        '{% if excerpts[note.source] %}<p>{{ excerpts[note.source] }}</p>{% endif %}</li>\n{% endfor %}</ul>\n',
    ),
    "note.html": (
        '{% extends "!theme/note.html" %}\n{% block main %}{{ super() }}<aside class="buren">'
        '{% if older %}{{ older.title }}: {{ reading_minutes(older) }} min, {{ older.extra.get("x", "-") }}{% endif %}'
        '{% if newer %} | {{ newer.title }}, {{ newer.tags|join(",") }}, {{ newer.summary or "" }},'
        ' {{ newer.date }}{% endif %} | {{ profile.notes|length }} notities | {{ page.extra.get("x", "") }}'
        '</aside>{% endblock %}\n',
        '{% extends "!theme/note.html" %}\n{% block main %}{{ super() }}{% set total = namespace(minutes=0) %}'
        '{% for note in profile.notes %}{% set total.minutes = total.minutes + reading_minutes(note) %}{% endfor %}'
        '<p class="totaal">{{ total.minutes }} min in {{ profile.notes|length }} notities;'
        ' {{ profile.pages|map(attribute="title")|join(", ") }}; {{ author.role }}; {{ settings.notes.per_page }};'
        ' {{ site.t("notes.title") }}; {{ url(page.url) }}</p>{% endblock %}\n',
    ),
    "layer.html": (
        '{% extends "!theme/layer.html" %}\n{% block main %}{{ super() }}<p class="buren">'
        '{{ previous.summary if previous else "" }} | {{ next.summary if next else "" }}'
        ' | {{ profile.layers|length }} lagen</p>{% endblock %}\n',
        '{% extends "!theme/layer.html" %}\n{% block main %}{{ super() }}<p class="nieuwste">'
        '{% for note in profile.notes[:3] %}{{ note.title }} ({{ reading_minutes(note) }} min) {% endfor %}'
        '</p>{% endblock %}\n',
    ),
}
ROLES = ("Omgevingsmanager", "Adviseur participatie", "Programmamanager energietransitie", "Procesbegeleider")
EXTRA_VALUES = ("podcast", "lezing", "artikel", "video", "interview in Binnenlands Bestuur")


class Walk:
    """The profile under edit, and what the walk added outside it (static files, overrides)."""

    def __init__(self, profile: DutchProfile, rng: random.Random) -> None:
        self.profile = profile
        self.rng = rng
        self.counter = 0
        self.static = {"static/bestanden/leeswijzer.txt"}
        self.overrides: dict[str, int] = {}  # template -> which version is in templates/

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def note(self):
        return self.profile.notes[self.rng.choice(sorted(self.profile.notes))]

    def edited(self, note, what: str) -> str:
        self.profile.write_note(note.stem)
        return f"content/notes/{note.stem}.md: {what}"

    def date(self) -> dt.date:
        return dt.date(2019, 1, 1) + dt.timedelta(days=self.rng.randrange(2900))


# --- The edits: each changes the profile on disk and says what it did -----------------------

def body_longer(w: Walk) -> str:
    note = w.note()
    note.blocks += realistic_prose(w.rng, 2000)
    what = w.edited(note, "2,000 words of prose appended (its reading time goes up ~10 minutes)")
    long = sorted(n.stem for n in w.profile.notes.values() if n is not note and len(" ".join(n.blocks).split()) > 1800)
    if long:  # (two long notes at a time at most: the walk's builds stay fast)
        other = w.profile.notes[w.rng.choice(long)]
        other.blocks = other.blocks[:2]
        what += "; " + w.edited(other, "cut back to its first two blocks")
    return what


def body_shorter(w: Walk) -> str:
    note = w.note()
    words = " ".join(b for b in note.blocks if re.match(r"[^\W\d_]", b) and "](" not in b).split()[:20]
    words = words if len(words) == 20 else dutch_paragraph(w.rng, 20).split()[:20]
    note.blocks = [" ".join(words).rstrip(",.;:") + "."]
    return w.edited(note, "body cut to its first 20 words (reading time 1 minute, new excerpt)")


def first_paragraph(w: Walk) -> str:
    note = w.note()
    note.blocks[0] = dutch_paragraph(w.rng, w.rng.randint(20, 70))
    return w.edited(note, "first paragraph (the excerpt unless it has a summary) rewritten")


def title(w: Walk) -> str:
    note = w.note()
    note.title = f"{dutch_title(w.rng)} ({w.fresh()})"
    return w.edited(note, f"title -> {note.title!r}")


def date(w: Walk) -> str:
    note = w.note()
    note.date = w.date()
    note.updated = note.date + dt.timedelta(days=w.rng.randint(1, 90)) if w.rng.random() < 0.4 else None
    return w.edited(note, f"date -> {note.date}, updated -> {note.updated} (its place in every list)")


def tags(w: Walk) -> str:
    note = w.note()
    note.tags = w.rng.sample(TOPIC_POOL, w.rng.randint(1, 3)) + (["koffie"] if w.rng.random() < 0.15 else [])
    return w.edited(note, f"tags -> {note.tags}")


def summary(w: Walk) -> str:
    note = w.note()
    note.summary = None if note.summary is not None and w.rng.random() < 0.4 else dutch_paragraph(w.rng, 14)
    return w.edited(note, f"summary -> {note.summary!r}")


def draft(w: Walk) -> str:
    drafts = [n for n in w.profile.notes.values() if n.draft]
    note = w.rng.choice(drafts) if len(drafts) >= 4 or (drafts and w.rng.random() < 0.4) else w.note()
    note.draft = not note.draft
    return w.edited(note, f"draft -> {note.draft}")


def extra(w: Walk) -> str:
    note = w.note()
    roll = w.rng.random()
    note.extra = {} if roll < 0.25 else {"x": w.rng.choice(EXTRA_VALUES)} if roll < 0.8 else \
        {"x": w.rng.choice(EXTRA_VALUES), "y": "ook op LinkedIn"}
    return w.edited(note, f"extra -> {note.extra} (shown by the list and note overrides)")


def note_added(w: Walk) -> str:
    if len(w.profile.notes) >= MAX_NOTES:
        return note_deleted(w)
    when = w.date()
    note = make_note(w.rng, "", when, words=w.rng.randint(80, 400), link_to=sorted(w.profile.notes))
    note.stem = f"{when.isoformat()}-{slugify(note.title)}-{w.fresh()}"
    w.profile.notes[note.stem] = note
    return w.edited(note, "a new note")


def note_deleted(w: Walk) -> str:
    if len(w.profile.notes) <= MIN_NOTES:
        return note_added(w)
    stem = w.note().stem
    w.profile.delete_note(stem)
    return f"content/notes/{stem}.md deleted"


def note_renamed(w: Walk) -> str:
    note = w.note()
    old = note.stem
    w.profile.delete_note(old)
    note.stem = f"{note.date.isoformat()}-hernoemd-{w.fresh()}"
    w.profile.notes[note.stem] = note
    w.profile.write_note(note.stem)
    return f"content/notes/{old}.md renamed to {note.stem}.md (its URL changes; links to it break)"


def layer_summary(w: Walk) -> str:
    stem = w.rng.choice(sorted(w.profile.layers))
    old, blocks = w.profile.layers[stem]
    new = None if old is not None and stem != "stand" and w.rng.random() < 0.3 else dutch_paragraph(w.rng, 16)
    w.profile.layers[stem] = (new, blocks)
    w.profile.write_layer(stem)
    return f"content/{stem}.md: summary -> {new!r}"


def layer_body(w: Walk) -> str:
    stem = w.rng.choice(sorted(w.profile.layers))
    old, _ = w.profile.layers[stem]
    w.profile.layers[stem] = (old, dutch_prose(w.rng, w.rng.randint(30, 300)))
    w.profile.write_layer(stem)
    return f"content/{stem}.md: body rewritten"


def topics(w: Walk) -> str:
    w.profile.settings["topics"] = w.rng.sample(TOPIC_POOL, w.rng.randint(2, 5))
    w.profile.write_settings()
    return f"site.yaml: topics -> {w.profile.settings['topics']}"


def role(w: Walk) -> str:
    w.profile.settings["role"] = w.rng.choice([r for r in ROLES if r != w.profile.settings["role"]])
    w.profile.write_settings()
    return f"site.yaml: author.role -> {w.profile.settings['role']!r}"


def cv(w: Walk) -> str:
    choices = ["{paper: letter}", "{full: [experience]}", "{layers: [stand, experience], full: []}",
               "{enabled: false}", "{photo: false, layers: [vision, stand]}", None]
    w.profile.settings["cv"] = w.rng.choice([c for c in choices if c != w.profile.settings.get("cv")])
    w.profile.write_settings()
    return f"site.yaml: cv -> {w.profile.settings['cv']}"


def per_page(w: Walk) -> str:
    w.profile.settings["per_page"] = w.rng.choice([n for n in (4, 7, 10, 20) if n != w.profile.settings["per_page"]])
    w.profile.write_settings()
    return f"site.yaml: notes.per_page -> {w.profile.settings['per_page']}"


def _static_content(rel: str, w: Walk) -> str:
    if rel.endswith("style.css"):  # the site's own stylesheet replaces the theme's (its asset version changes)
        bundled = (bundled_themes_dir() / "default" / "static" / "css" / "style.css").read_text("utf-8")
        return bundled + f"\n/* eigen aanpassing {w.fresh()} */\n.note-title {{ letter-spacing: .01em; }}\n"
    if rel.endswith(".svg"):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" '
                f'r="{w.rng.randint(3, 8)}" fill="#2a6"/></svg>\n')
    return w.rng.choice(DUTCH_SENTENCES) + f"\n(versie {w.fresh()})\n"


def static(w: Walk) -> str:
    pool = ["static/favicon.svg", "static/css/style.css", "static/images/kaart.svg",
            *(f"static/bestanden/{name}.txt" for name in ("leeswijzer", "lezingen", "contact"))]
    absent = [rel for rel in pool if rel not in w.static]
    roll = w.rng.random()
    if absent and (roll < 0.4 or not w.static):
        rel = w.rng.choice(absent)
        write_file(w.profile.path(rel), _static_content(rel, w))
        w.static.add(rel)
        return f"{rel} added"
    rel = w.rng.choice(sorted(w.static))
    if roll < 0.7:
        write_file(w.profile.path(rel), _static_content(rel, w))
        return f"{rel} changed"
    w.profile.path(rel).unlink()
    w.static.discard(rel)
    return f"{rel} removed"


def _photo(w: Walk, size: tuple[int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (w.rng.randrange(256), w.rng.randrange(256), w.rng.randrange(256))).save(out, "JPEG")
    return out.getvalue()


def portrait(w: Walk) -> str:
    """The author's portrait (drawn on every card): added, replaced by another photo, or removed."""
    rel = "static/images/portret.jpg"
    if w.profile.settings.get("image") and w.rng.random() < 0.3:
        del w.profile.settings["image"]
        w.profile.write_settings()
        return "site.yaml: author.image removed (the cards lose the portrait)"
    write_file(w.profile.path(rel), _photo(w, (w.rng.choice((300, 400)), 400)))
    w.static.add(rel)
    if not w.profile.settings.get("image"):
        w.profile.settings["image"] = "images/portret.jpg"
        w.profile.write_settings()
        return f"{rel} written and set as author.image"
    return f"{rel} replaced by another photo"


CARD_LAYOUTS = ('background: "#102030"\nband_width: 0\n', 'title: {font: regular, size: 60, max_lines: 2}\nportrait: false\n')


def card_layout(w: Walk) -> str:
    """The site's own card.yaml (it replaces the theme's layout): added, changed or removed."""
    path = w.profile.path("card.yaml")
    if path.exists() and w.rng.random() < 0.4:
        path.unlink()
        return "card.yaml removed (the theme's layout again)"
    layout = w.rng.choice([text for text in CARD_LAYOUTS if not path.exists() or path.read_text("utf-8") != text])
    write_file(path, layout)
    return f"card.yaml -> {layout!r}"


def page_image(w: Walk) -> str:
    """A note names a picture of its own to be shared with (the picture may change size, too)."""
    note = w.note()
    if note.image and w.rng.random() < 0.4:
        note.image = None
        return w.edited(note, "image: removed (its card is shared again)")
    rel = "static/images/deelbeeld.jpg"
    write_file(w.profile.path(rel), _photo(w, w.rng.choice(((1200, 627), (800, 420)))))
    w.static.add(rel)
    note.image = "images/deelbeeld.jpg"
    return w.edited(note, "image: images/deelbeeld.jpg (written anew, its size may differ)")


def phone_photo(w: Walk) -> str:
    """A photo as a phone saves it (camera, owner, GPS; upright or to be turned), published
    without that; or images.publish_as_is switched, which publishes it as it is."""
    from test_images import phone_photo as make

    rel = "static/images/wijkavond.jpg"
    if rel in w.static and w.rng.random() < 0.4:
        w.profile.settings["publish_as_is"] = [] if w.profile.settings.get("publish_as_is") else ["images/wijk*"]
        w.profile.write_settings()
        return f"site.yaml: images.publish_as_is -> {w.profile.settings['publish_as_is']}"
    orientation = w.rng.choice((1, 6, 8))
    write_file(w.profile.path(rel), make(size=(w.rng.choice((300, 320)), 200), orientation=orientation))
    w.static.add(rel)
    what = f"{rel} written (EXIF with GPS, orientation {orientation}: the width and height its <img> gets)"
    shown = "![Bewoners rond de kaart](/images/wijkavond.jpg)"
    if not any(shown in block for note in w.profile.notes.values() for block in note.blocks):
        note = w.note()
        note.blocks.append(shown)
        what += "; " + w.edited(note, "shows it")
    return what


def note_photo(w: Walk) -> str:
    """A photo shown in notes, with its smaller versions in <picture>: replaced by one of
    another size (other versions), removed from static/ (the notes' image goes nowhere), or no
    longer shown by a note (its versions leave the site)."""
    rel, shown = "static/images/plein.jpg", "![Het plein na de verbouwing](/images/plein.jpg)"
    showing = [n for n in w.profile.notes.values() if shown in n.blocks]
    roll = w.rng.random()
    if showing and roll < 0.25:
        note = w.rng.choice(showing)
        note.blocks.remove(shown)
        return w.edited(note, "no longer shows images/plein.jpg")
    if rel in w.static and roll < 0.45:
        w.profile.path(rel).unlink()
        w.static.discard(rel)
        return f"{rel} removed (the notes that show it link nowhere)"
    width = w.rng.choice((400, 700, 1100))
    write_file(w.profile.path(rel), _photo(w, (width, 300)))
    w.static.add(rel)
    what = f"{rel} written, {width} px wide"
    if not showing or roll > 0.8:
        note = w.note()
        if shown not in note.blocks:
            note.blocks.insert(w.rng.randrange(len(note.blocks) + 1), shown)
            what += "; " + w.edited(note, "shows it")
    return what


def template(w: Walk) -> str:
    folder = w.profile.path("templates")
    absent = [name for name in OVERRIDES if name not in w.overrides]
    roll = w.rng.random()
    if absent and (roll < 0.45 or not w.overrides):
        name = w.rng.choice(absent)
        w.overrides[name] = w.rng.randrange(len(OVERRIDES[name]))
        write_file(folder / name, OVERRIDES[name][w.overrides[name]])
        return f"templates/{name} added (version {w.overrides[name]})"
    name = w.rng.choice(sorted(w.overrides))
    if roll < 0.75:
        w.overrides[name] = 1 - w.overrides[name]
        write_file(folder / name, OVERRIDES[name][w.overrides[name]])
        return f"templates/{name} changed (to version {w.overrides[name]})"
    (folder / name).unlink()
    del w.overrides[name]
    if not w.overrides and w.rng.random() < 0.5:
        folder.rmdir()
        return f"templates/{name} removed, and the empty templates/ folder"
    return f"templates/{name} removed"


EDITS = {body_longer: 3, body_shorter: 3, first_paragraph: 2, title: 2, date: 2, tags: 2, summary: 2, draft: 1,
         extra: 3, note_added: 2, note_deleted: 2, note_renamed: 2, layer_summary: 1, layer_body: 1, topics: 1,
         role: 1, per_page: 1, static: 2, template: 3, portrait: 1, card_layout: 1, page_image: 1,
         phone_photo: 1, note_photo: 2, cv: 1}


# --- The walk --------------------------------------------------------------------------------

def _start_cold_build(site: Path, cold: Path) -> tuple[int, int]:
    """A cold build of ``site`` (no cache, a fresh output) in a forked child, while this process
    builds incrementally on the other core; returns (pid, the pipe its error comes through)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # (the child only reads the profile and writes ``cold``)
        os.close(read_end)
        status = 0
        try:
            shutil.rmtree(cold, ignore_errors=True)
            build(site, output=cold, use_cache=False)
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            os.write(write_end, f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")[:8000])
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _cold_build_result(child: tuple[int, int]) -> str:
    pid, pipe = child
    with os.fdopen(pipe, "rb") as error:
        message = error.read().decode("utf-8", "replace")
    os.waitpid(pid, 0)
    return message


def _build_and_compare(site: Path, cold: Path, step: int, history: list[str], *, cli: bool) -> None:
    where = f"step {step} of {STEPS} (PROFILEGEN_WALK_SEED={SEED}): after {history[-1]!r}"
    child = _start_cold_build(site, cold)
    try:
        if cli:
            result = run_cli("build", "--source", site, "-q")
            failed = f"'profilegen build' exited {result.returncode}:\n{result.stderr}" if result.returncode else ""
        else:
            try:
                build(site)
                failed = ""
            except Exception as exc:  # (a walk never makes an invalid profile)
                failed = f"the incremental build failed: {type(exc).__name__}: {exc}"
    finally:
        cold_failed = _cold_build_result(child)
    if failed or cold_failed:
        pytest.fail(f"{where}, {failed or 'the cold build failed: ' + cold_failed}", pytrace=False)
    difference = tree_difference(read_tree(site / "_site"), read_tree(cold))
    leftovers = profilegen_leftovers(site / "_site")
    if difference or leftovers:
        recent = "\n  ".join(history[-8:])
        pytest.fail(f"{where}, " + (f"_site/ differs from a cold build of the same files:\n{difference}" if difference
                                    else f"_site/ has temporary files beside or inside it: {leftovers}")
                    + f"\nthe last steps of the walk:\n  {recent}", pytrace=False)


def test_an_incremental_build_equals_a_cold_build_after_every_edit_of_a_random_walk(scratch):
    rng = random.Random(SEED)
    site, cold = scratch / "profiel", scratch / "cold"
    profile = make_dutch_profile(site, NOTES, seed=SEED, words=(50, 180), realistic=True)
    # The tone rule reads every word of every note in each cold build (a third of its time here)
    # and has no part in what is written: the walk's profile switches it off, as a user can.
    profile.settings["check_ignore"] = ["tone.dismissive"]
    profile.write_settings()
    walk = Walk(profile, rng)
    history = ["0: the first build"]
    _build_and_compare(site, cold, 0, history, cli=False)
    kinds = list(EDITS)
    rng.shuffle(kinds)  # every kind of edit once, early; then drawn by weight
    for step in range(1, STEPS + 1):
        edit = kinds[step - 1] if step <= len(kinds) else rng.choices(list(EDITS), list(EDITS.values()))[0]
        cli = step % CLI_EVERY == 0
        history.append(f"{step}: {edit.__name__}: {edit(walk)} ({'CLI' if cli else 'API'} build)")
        _build_and_compare(site, cold, step, history, cli=cli)
