"""`profilegen linkedin`: headline and About ready to paste, within LinkedIn's limits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "linkedin"
LAYERS = ["stand", "drives", "expertise", "experience", "insights", "vision", "future"]


def linkedin(source: Path, *args: str):
    return run_cli("linkedin", "--source", source, *args)


def test_example_json_fits_has_no_markdown_and_every_layer(example):
    result = linkedin(example, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"language", "headline", "about", "warnings"}
    assert set(data["headline"]) == {"text", "length", "limit"}
    assert set(data["about"]) == {"text", "length", "limit", "fold"}
    assert data["language"] == "nl"
    assert data["headline"]["length"] <= 220 == data["headline"]["limit"]
    about = data["about"]["text"]
    assert data["about"]["length"] <= 2600 == data["about"]["limit"]
    for residue in ("**", "](", "[", "<!--"):
        assert residue not in about
    assert not re.search(r"(?m)^(#|- |\* )", about)
    assert "• " in about
    assert data["about"]["fold"] and about.startswith(data["about"]["fold"])
    assert data["warnings"] == []
    # Every layer is represented: its summary (or its start) is in the About.
    for layer in LAYERS:
        summary = re.search(r'summary: "(.+?)"', (example / "content" / f"{layer}.md").read_text("utf-8")).group(1)
        assert summary[:60] in about, layer
    assert about.rstrip().endswith("https://profilegen.github.io/profilegen/")
    assert "Mail me gerust." in about and "sanne@example.nl" in about


def test_the_example_headline_and_about_are_pinned(example, update_golden):
    for lang in ("nl", "en"):
        data = json.loads(linkedin(example, "--format", "json", "--lang", lang).stdout)
        text = f"{data['headline']['text']}\n\n{data['about']['text']}\n"
        golden = GOLDEN / f"example-{lang}.txt"
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, "utf-8")
        assert golden.read_text("utf-8") == text, f"run pytest --update-golden if {golden.name} should change"


def test_english_text_comes_from_the_english_files_only(example):
    data = json.loads(linkedin(example, "--format", "json", "--lang", "en").stdout)
    about = data["about"]["text"]
    assert data["language"] == "en"
    assert "I stand for decisions people make together" in about
    assert "Ik sta voor" not in about and "Drijfveren" not in about
    assert data["headline"]["text"].startswith("Community engagement manager at City of Utrecht")


def test_text_format_shows_counts_and_the_fold(example):
    result = linkedin(example)
    assert result.returncode == 0
    assert re.search(r"^Headline \(\d+/220\)$", result.stdout, re.M)
    assert re.search(r"^About \(\d+/2600\)$", result.stdout, re.M)
    assert "…see more" in result.stdout


def test_over_long_layers_fit_with_a_warning_and_fail_under_strict(example):
    long = " ".join(["Een zin over mijn werk die steeds weer terugkomt."] * 80)
    for layer in ("drives", "expertise", "vision", "insights"):
        path = example / "content" / f"{layer}.md"
        text = path.read_text("utf-8")
        path.write_text(re.sub(r'summary: ".*?"', f'summary: "{long[:900]}"', text), "utf-8")
    settings = example / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("headline: null", f"headline: \"{'Lang ' * 60}\""),
                        "utf-8")
    result = linkedin(example, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["about"]["length"] <= 2600 and data["headline"]["length"] <= 220
    rules = {w["rule"] for w in data["warnings"]}
    assert {"linkedin.about-too-long", "linkedin.headline-too-long"} <= rules
    assert not data["headline"]["text"].endswith(" Lan…")  # never mid-word
    strict = linkedin(example, "--strict")
    assert strict.returncode == 1 and "[linkedin.about-too-long]" in strict.stderr


def test_missing_layers_and_a_bare_job_title_are_warnings(tmp_path):
    site = tmp_path / "p"
    run_cli("init", site, "-q", check=True)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("topics: [thema een, thema twee]", "topics: []"), "utf-8")
    data = json.loads(linkedin(site, "--format", "json").stdout)
    rules = [w["rule"] for w in data["warnings"]]
    assert rules.count("linkedin.layer-empty") == 6  # init's placeholders count as empty
    assert "linkedin.headline-only-title" in rules


def test_a_post_draft_from_a_note(example):
    note = "content/notes/2026-02-18-stille-stem.md"
    result = linkedin(example, "--note", note, "--format", "json")
    assert result.returncode == 0, result.stderr
    post = json.loads(result.stdout)["post"]
    assert post["limit"] == 3000 and post["length"] <= 3000
    assert post["text"].startswith("Op zoek naar de stille stem")
    assert "https://profilegen.github.io/profilegen/notes/2026-02-18-stille-stem/" in post["text"]
    assert post["text"].rstrip().endswith("#Participatie")
    missing = linkedin(example, "--note", "content/notes/bestaat-niet.md")
    assert missing.returncode == 1 and missing.stderr.startswith("--note: error:")


@pytest.mark.parametrize("note, expected", [
    ("/etc/passwd", "'/etc/passwd' is outside this profile ({source}); give a note in content/notes/"),
    ("content/notes/bestaat-niet.md", "'content/notes/bestaat-niet.md' does not exist (notes are files in "
                                      "content/notes/)"),
    ("content/notes", "'content/notes' is a folder; give one note in it, e.g. --note content/notes/<date>-<title>.md"),
    ("content/stand.md", "'content/stand.md' is not a note of this profile in 'nl' (notes are files in content/notes/)"),
    ("../elders.md", "'../elders.md' is outside this profile ({source}); give a note in content/notes/"),
])
def test_a_note_that_is_not_one_of_the_profile_is_one_line_naming_note(example, note, expected):
    (example.parent / "elders.md").write_text("---\ntitle: Elders\n---\nTekst\n", "utf-8")
    result = linkedin(example, "--note", note)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"--note: error: {expected.format(source=example.resolve())}\n"


def test_a_note_may_be_given_from_the_profile_folder_or_from_where_you_are(example):
    note = "content/notes/2026-02-18-stille-stem.md"
    from_here = run_cli("linkedin", "--source", example.name, "--note", f"{example.name}/{note}", cwd=example.parent)
    assert from_here.returncode == 0, from_here.stderr
    inside = run_cli("linkedin", "--note", f"./{note}", cwd=example)
    assert inside.returncode == 0 and inside.stdout == from_here.stdout


def test_an_unknown_language_is_a_usage_error(example):
    result = linkedin(example, "--lang", "de")
    assert result.returncode == 2 and "--lang: error: 'de' is not a language of this site" in result.stderr


def test_linkedin_does_not_import_the_server_or_render_the_site(example):
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv=['profilegen','linkedin','--source',sys.argv[1],'-q'];\n"
            "import profilegen.cli as c; c.main(sys.argv[1:]);\n"
            "bad=[m for m in sys.modules if m.startswith(('watchdog','livereload','tornado','profilegen.render'))];\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
    assert not (example / "_site").exists()
