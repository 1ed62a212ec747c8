"""Parallel, sequential, incremental and cold builds all give the same bytes."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import make_profile  # noqa: E402

from profilegen.build import build, load_profile  # noqa: E402
from profilegen.render import render_in_memory  # noqa: E402


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def notes_site(tmp_path_factory) -> Path:
    return make_profile(tmp_path_factory.mktemp("scale") / "site", 450)


def test_parallel_and_sequential_renders_are_byte_identical(notes_site, tmp_path, monkeypatch):
    import profilegen.cards
    import profilegen.check
    import profilegen.content
    import profilegen.parallel
    import profilegen.render

    loaded = load_profile(notes_site)
    sequential, sequential_warnings = render_in_memory(loaded.profiles, loaded.theme, notes_site, jobs=1)
    parallel, parallel_warnings = render_in_memory(loaded.profiles, loaded.theme, notes_site, jobs=2)
    assert len(sequential) > 450
    assert sequential == parallel
    assert [str(w) for w in sequential_warnings] == [str(w) for w in parallel_warnings]

    # As the build writes them, with every pass (parsing, check, content pages, the lists of
    # notes) in one process, and then on two, the workers writing into the staging folder.
    thresholds = ((profilegen.content, "PARALLEL_THRESHOLD"), (profilegen.check, "PARALLEL_THRESHOLD"),
                  (profilegen.render, "PARALLEL_THRESHOLD"), (profilegen.render, "LISTINGS_PARALLEL_THRESHOLD"),
                  (profilegen.cards, "PARALLEL_THRESHOLD"))
    forked = []
    fork_imap = profilegen.parallel.fork_imap

    def recording(function, count, workers):
        forked.append((function.__qualname__, workers))
        return fork_imap(function, count, workers)
    monkeypatch.setattr(profilegen.parallel, "fork_imap", recording)
    one, two = tmp_path / "one", tmp_path / "two"
    for module, name in thresholds:
        monkeypatch.setattr(module, name, 10**9)
    build(notes_site, output=one, jobs=1, use_cache=False)
    assert {workers for _, workers in forked} == {1}
    forked.clear()
    for module, name in thresholds:
        monkeypatch.setattr(module, name, 2)
    build(notes_site, output=two, jobs=2, use_cache=False)
    # parsing, content pages, lists, share cards (the check's pass is made in its own child,
    # beside the render: build.PendingCheck; this process does not see it)
    assert [name.split(".")[0] for name, workers in forked if workers == 2] == [
        "load_documents", "_in_workers", "_in_workers", "draw_cards"]
    assert tree(one) == tree(two)
    assert {f"notes/{p.stem}/index.html" for p in (notes_site / "content" / "notes").glob("*.md")} <= set(tree(two))


def test_incremental_build_equals_a_cold_build_after_the_same_edits(notes_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    build(site)
    notes = sorted((site / "content" / "notes").glob("*.md"))
    # Edits of several kinds: a body, a title (changes lists and neighbours), a new note,
    # a deleted note, a setting.
    notes[-1].write_text(notes[-1].read_text("utf-8") + "\nEen nieuwe alinea.\n", "utf-8")
    build(site)
    text = notes[10].read_text("utf-8")
    notes[10].write_text(text.replace("title: \"", "title: \"Anders: ", 1), "utf-8")
    build(site)
    (site / "content" / "notes" / "2031-01-01-nieuw.md").write_text(
        "---\ntitle: Nieuw\ntags: [participatie]\n---\nNieuwe notitie.\n", "utf-8")
    notes[3].unlink()
    build(site)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("title:", "title: \"X\"\n_old_title:", 1)
                        .replace("_old_title:", "description:", 1), "utf-8")
    after_setting = build(site)
    assert after_setting.rendered >= {"index.html", "404.html", "sitemap.xml"}, "a settings change must render everything"

    cold = tmp_path / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns("_site", ".profilegen-cache"))
    build(cold, use_cache=False)
    assert tree(site / "_site") == tree(cold / "_site")


def test_a_changed_output_file_makes_the_cache_distrusted(notes_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    build(site)
    (site / "_site" / "index.html").write_text("tampered", "utf-8")
    result = build(site)
    assert "index.html" in result.rendered
    assert "tampered" not in (site / "_site" / "index.html").read_text("utf-8")


def test_another_version_of_a_library_that_makes_output_gives_a_cold_build(notes_site, tmp_path, monkeypatch):
    # (a new Pillow or Typst may draw a card or set a CV in other bytes than the ones kept)
    from profilegen import cache

    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    build(site)
    assert not build(site).rendered
    stamps = cache._libraries()
    assert {name for name, stamp in stamps if stamp is not None} >= {"PIL", "typst", "jinja2", "markdown_it"}
    monkeypatch.setattr(cache, "_libraries", lambda: (*stamps[:-1], (stamps[-1][0], (1, 2, 3))))
    assert "index.html" in build(site).rendered

def test_a_corrupt_cache_is_ignored(notes_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    run_cli("build", "--source", site, "-q", check=True)
    (site / ".profilegen-cache" / "build.pickle").write_bytes(b"\x80\x05 not a pickle")
    before = tree(site / "_site")
    result = run_cli("build", "--source", site, "-q")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert tree(site / "_site") == before


# Parsed documents leave their text in the file (content.FileText): the body read again must
# be exactly the body parsed, whatever the file holds.
_TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(front=st.sampled_from(["", "---\ntitle: Één\n---\n", "---\n---\n", "---\ntitle: x\n...\n", "---  \ntags: [a]\n---"]),
       body=_TEXTS, bom=st.booleans(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_body_left_in_its_file_reads_back_as_parsed(tmp_path_factory, front, body, bom, newline):
    import pickle

    from profilegen.config import read_text
    from profilegen.content import FileText, parse_document
    from profilegen.errors import UserError

    file = tmp_path_factory.mktemp("text") / "x.md"
    file.write_bytes(("\ufeff" if bom else "").encode() + (front + body).replace("\n", newline).encode())
    try:
        document = parse_document(read_text(file, "content/x.md"), "content/x.md", str(file))
    except UserError:  # ('---0' closing the front matter; other tests cover what files that do not parse say)
        return
    restored = pickle.loads(pickle.dumps(document))
    assert isinstance(restored.markdown, FileText)
    assert restored.body == document.body
    assert restored.markdown.placeholder == ("<!-- profilegen: placeholder" in document.body)
    assert (restored.digest, restored.words, restored.heading) == (document.digest, document.words, document.heading)


def test_a_file_changed_during_the_build_stops_it_with_the_previous_site_kept(notes_site, tmp_path, monkeypatch):
    import profilegen.content
    from profilegen.content import FileText
    from profilegen.errors import UserError

    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    output = tmp_path / "out"
    build(site, output=output, use_cache=False)
    before = tree(output)
    note = sorted((site / "content" / "notes").glob("*.md"))[3]
    read = FileText.read

    def edited_meanwhile(self):  # the editor saves between parsing and rendering
        if self.file == str(note):
            note.write_text(note.read_text("utf-8") + "\nNog een zin.\n", "utf-8")
        return read(self)
    monkeypatch.setattr(FileText, "read", edited_meanwhile)
    monkeypatch.setattr(profilegen.content, "PARALLEL_THRESHOLD", 2)  # (parsed in workers: texts left in files)
    with pytest.raises(UserError, match="changed while the site was being built") as caught:
        build(site, output=output, use_cache=False)
    assert caught.value.problems[0].file == f"content/notes/{note.name}"
    assert tree(output) == before
    monkeypatch.setattr(FileText, "read", read)
    build(site, output=output, use_cache=False)
    assert tree(output) != before


def test_the_cache_is_read_back_as_it_was_saved_from_its_parts(notes_site, tmp_path, monkeypatch):
    # (saved a few entries a part here, so that every table spans several parts)
    from profilegen import cache

    site = tmp_path / "site"
    shutil.copytree(notes_site, site)
    build(site)
    saved = cache.load_cache(site)
    assert saved.documents.entries and saved.outputs and saved.memory.excerpts
    monkeypatch.setattr(cache, "_PART_ENTRIES", 3)
    cache.save_cache(site, saved)
    again = cache.load_cache(site)
    assert {name: dict(table) for name, table in cache._mappings(again).items()} == \
        {name: dict(table) for name, table in cache._mappings(saved).items()}
    assert again.output == saved.output and again.documents.entries.keys() == saved.documents.entries.keys()
