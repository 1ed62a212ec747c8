"""Import a LinkedIn export or a JSON Resume; export JSON Resume. Private data never leaks."""

from __future__ import annotations

import copy
import gc
import json
import os
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import run_cli

HERE = Path(__file__).resolve().parent
EXPORT = HERE / "fixtures" / "linkedin-export"
SCHEMA_PACKAGE = HERE / "node_modules" / "@jsonresume" / "schema"
PRIVATE = ["Prinsengracht", "263", "1987", "1016 GV", "femke.prive@mail.example.com", "06-98765432", "98765432",
           "Joost", "joost.bakker", "femke.dw", "Jansen", "GR656012345"]


def make_zip(tmp_path: Path, *, top_folder: bool) -> Path:
    path = tmp_path / ("with-top.zip" if top_folder else "flat.zip")
    with zipfile.ZipFile(path, "w") as archive:
        for csv_file in EXPORT.glob("*.csv"):
            name = f"Basic_LinkedInDataExport_11-22-2026/{csv_file.name}" if top_folder else csv_file.name
            archive.write(csv_file, name)
    return path


def validate_resume(document: dict) -> None:
    assert (SCHEMA_PACKAGE / "validator.js").is_file(), "run `bash tests/run.sh` to install the npm validators"
    result = subprocess.run(["node", str(HERE / "validate_resume.js")], input=json.dumps(document),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def all_text(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file() and ".profilegen-cache" not in p.parts)


@pytest.mark.parametrize("top_folder", [True, False])
def test_linkedin_export_imports_builds_and_leaks_nothing_private(tmp_path, top_folder):
    target = tmp_path / "profiel"
    result = run_cli("import", "linkedin", make_zip(tmp_path, top_folder=top_folder), target)
    assert result.returncode == 0, result.stderr
    for said in ("Address (Profile.csv)", "Birth Date (Profile.csv)", "Zip Code (Profile.csv)",
                 "Email Addresses.csv", "PhoneNumbers.csv", "Connections.csv"):
        assert said in result.stdout, said
    assert run_cli("build", "--source", target).returncode == 0
    written = all_text(target)
    for value in PRIVATE:
        assert value not in written, f"private value {value!r} was written"
    findings = json.loads(run_cli("check", "--source", target, "--format", "json").stdout)
    assert [f for f in findings if f["rule"].startswith("privacy.")] == []

    experience = (target / "content" / "experience.md").read_text("utf-8")
    assert "### Adviseur circulaire economie — Provincie Noord-Holland" in experience
    assert "*2020-01 – nu*" in experience and "*2015-09 – 2019-12*" in experience
    assert "- 12 pilots\n- 3 regionale deals" in experience
    assert "*2009 – 2014*" in experience
    expertise = (target / "content" / "expertise.md").read_text("utf-8")
    assert "Nederlands (Moedertaal of tweetalig)" in expertise
    assert "Engels (Volledige professionele beheersing)" in expertise and "Duits (Elementaire kennis)" in expertise
    stand = (target / "content" / "stand.md").read_text("utf-8")
    assert "profilegen: placeholder" in stand and "- pilots opzetten met ondernemers" in stand
    settings = (target / "site.yaml").read_text("utf-8")
    assert 'name: "Femke de Wit"' in settings and 'location: "Haarlem"' in settings
    assert '"https://femkedewit.example.nl"' in settings and "https://x.com/femkedewit" in settings
    assert (target / "content" / "drives.md").read_text("utf-8").count("?") >= 2  # init's guiding text

    exported = json.loads(run_cli("export", "jsonresume", "--source", target, check=True).stdout)
    validate_resume(exported)
    assert exported["work"][0]["position"] == "Adviseur circulaire economie"
    assert exported["work"][0]["startDate"] == "2020-01" and "endDate" not in exported["work"][0]
    assert [s["name"] for s in exported["skills"]][:2] == ["Circulaire economie", "Beleidsadvies"]
    assert exported["certificates"][0]["name"] == "Prince2 Foundation"
    assert "email" not in exported["basics"]


SAMPLES = ["sample.resume.json", "examples/career-changer.resume.json", "examples/new-grad.resume.json",
           "examples/senior-engineer.resume.json"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_json_resume_samples_import_build_and_round_trip(tmp_path, sample):
    source = SCHEMA_PACKAGE / sample
    assert source.is_file(), "run `bash tests/run.sh` to install the npm validators"
    original = json.loads(source.read_text("utf-8"))
    target = tmp_path / "p"
    result = run_cli("import", "jsonresume", source, target, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert run_cli("build", "--source", target).returncode == 0
    findings = json.loads(run_cli("check", "--source", target, "--format", "json").stdout)
    assert [f for f in findings if f["rule"].startswith("privacy.")] == []
    written = all_text(target)
    location = original["basics"].get("location") or {}
    for private in (original["basics"].get("phone"), original["basics"].get("email"), location.get("address")):
        if private:
            assert private not in written
    exported = json.loads(run_cli("export", "jsonresume", "--source", target, check=True).stdout)
    validate_resume(exported)
    # What both formats hold survives the round trip.
    assert exported["basics"]["name"] == original["basics"]["name"]
    assert exported["basics"].get("label") == original["basics"].get("label")
    for key in ("work", "education", "skills", "languages", "certificates", "projects", "awards"):
        assert exported.get(key, []) == original.get(key, []), key


def test_the_example_exports_a_valid_resume_with_its_layers(example, tmp_path):
    out = tmp_path / "resume.json"
    run_cli("export", "jsonresume", "--source", example, "-o", out, check=True)
    document = json.loads(out.read_text("utf-8"))
    validate_resume(document)
    assert document["basics"]["location"] == {"city": "Utrecht"}
    assert {"stand", "vision", "future"} <= set(document["meta"]["profilegen"]["layers"])
    assert any(p["name"] == "Kiezen met data, beslissen met mensen" for p in document["publications"])


@pytest.mark.parametrize("kind, content, expected", [
    ("linkedin", b"not a zip at all", "not a zip file"),
    ("linkedin", "zip:other.txt", "is not a LinkedIn data export"),
    ("jsonresume", b'{"basics": {"name": "x",}\n}', ":1:25: error: not valid JSON"),
    ("jsonresume", b'[1, 2, 3]', ":1:1: error: this JSON is not a JSON Resume"),
])
def test_broken_input_is_refused_and_nothing_is_written(tmp_path, kind, content, expected):
    source = tmp_path / "input"
    if content == "zip:other.txt":
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("other.txt", "hello")
    else:
        source.write_bytes(content)
    target = tmp_path / "new"
    result = run_cli("import", kind, source, target)
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_import_refuses_a_folder_that_is_not_empty(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "mine.txt").write_text("x", "utf-8")
    result = run_cli("import", "linkedin", make_zip(tmp_path, top_folder=True), target)
    assert result.returncode == 1 and "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["mine.txt"]


# --- Broken input: one located line, exit 1, nothing left behind, and the fixed input imports ---

RESUME = {"basics": {"name": "Femke de Wit", "label": "Adviseur circulaire economie", "summary": "Ik help gemeenten.",
                     "location": {"city": "Haarlem"},
                     "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/femke"}]},
          "work": [{"name": "Provincie Noord-Holland", "position": "Adviseur", "startDate": "2020-01",
                    "highlights": ["12 pilots"]}],
          "skills": [{"name": "Circulaire economie", "keywords": ["ketens"]}],
          "languages": [{"language": "Nederlands", "fluency": "Moedertaal"}]}


def leftovers(folder: Path) -> list[str]:
    """What an import may have left in the folder beside its target: staging folders, temp files."""
    return sorted(p.name for p in folder.iterdir() if ".profilegen-" in p.name or p.name.endswith(".tmp"))


def assert_refused(result, expected: str, target: Path, *, was_empty: bool = False) -> None:
    """Exit 1, exactly one error line (which holds ``expected``), and the target as it was."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    if was_empty:
        assert target.is_dir() and list(target.iterdir()) == []
    else:
        assert not target.exists()
    assert leftovers(target.parent) == []


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("text, expected", [
    ('{"basics": {"name": 12345}}', 'resume.json:1:21: error: basics.name: must be text in quotes ("…"), '
                                    "not a number (12345)"),
    ('{"basics": {"name": "Femke", "profiles": "https://x.example"}}',
     'resume.json:1:42: error: basics.profiles: must be a list [ … ], not text'),
    ('{"basics": {"name": "Femke"}, "work": [{"name": "x", "highlights": [true]}]}',
     "resume.json:1:69: error: work[0].highlights[0]: must be text in quotes"),
    ('{"basics": {"name": "Femke"}, "work": ' + deep(100_000) + "}",
     "resume.json:1:58: error: nested more than 20 levels deep"),
    ('{"basics": {"name": "Femke \\ud800 de Wit"}}', "resume.json:1:21: error: basics.name: holds a lone surrogate "
                                                    "escape (\\ud800), half of a character"),
    ('{"basics": {"name": "Femke"}, "work": [{"name": "x", "employees": 1' + "0" * 5000 + "}]}",
     "resume.json:1:67: error: work[0].employees: 1" + "0" * 39 + "… is not a number "
     "a profile can keep"),
    ('{"basics": {"name": "Femke", "x": 1e999}}', "resume.json:1:35: error: basics.x: 1e999 is not a number"),
    ('{"basics": {"name": "Femke", "x": NaN}}', "resume.json:1:35: error: basics.x: NaN is not a number"),
    ('{"basics": {"name": ""}}', 'resume.json:1:21: error: basics.name: "name" is empty'),
], ids=["wrong-type", "text-for-a-list", "true-for-text", "deep", "lone-surrogate", "huge-number", "infinity",
        "nan", "empty-name"])
@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "empty-folder"])
def test_a_broken_json_resume_is_one_located_line_and_the_fixed_one_imports(tmp_path, text, expected, existing):
    source, target = tmp_path / "resume.json", tmp_path / "profiel"
    source.write_text(text, "utf-8")
    if existing:
        target.mkdir()
    result = run_cli("import", "jsonresume", source, target, cwd=tmp_path)
    assert_refused(result, expected.replace("resume.json", str(source)), target, was_empty=existing)
    source.write_text(json.dumps(RESUME), "utf-8")
    again = run_cli("import", "jsonresume", source, target, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (target / "site.yaml").is_file() and leftovers(tmp_path) == leftovers(target) == []


def test_several_problems_are_reported_together(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": 1, "label": 2},\n "skills": [{"name": 3}]}', "utf-8")
    result = run_cli("import", "jsonresume", source, tmp_path / "p")
    assert result.returncode == 1
    assert [line.split(": error: ")[0].rsplit(":", 2)[-2:] for line in result.stderr.splitlines()] == \
        [["1", "21"], ["1", "33"], ["2", "22"]]


def test_the_current_folder_when_it_is_empty_gets_the_profile_and_keeps_being_itself(tmp_path):
    source, here = tmp_path / "resume.json", tmp_path / "hier"
    here.mkdir()
    source.write_text('{"basics": {"name": 12345}}', "utf-8")
    assert_refused(run_cli("import", "jsonresume", source, cwd=here), "basics.name", here, was_empty=True)
    source.write_text(json.dumps(RESUME), "utf-8")
    assert run_cli("import", "jsonresume", source, cwd=here).returncode == 0
    assert sorted(p.name for p in here.iterdir()) == [".github", ".gitignore", "content", "site.schema.json",
                                                      "site.yaml", "static"]
    assert yaml.safe_load((here / "site.yaml").read_text("utf-8"))["base_url"].endswith("/hier/")


def test_missing_folders_above_the_target_are_made_and_removed_again_on_failure(tmp_path):
    source, target = tmp_path / "resume.json", tmp_path / "a" / "b" / "profiel"
    source.write_text('{"basics": {"name": 12345}}', "utf-8")
    assert run_cli("import", "jsonresume", source, target).returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resume.json"]
    source.write_text(json.dumps(RESUME), "utf-8")
    assert run_cli("import", "jsonresume", source, target).returncode == 0
    assert (target / "site.yaml").is_file() and leftovers(tmp_path) == []
    assert oct((tmp_path / "a").stat().st_mode & 0o777) == oct(0o777 & ~_umask())  # not mkdtemp's 0700


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "empty-folder"])
def test_a_failure_half_way_through_writing_leaves_nothing(tmp_path, monkeypatch, capsys, existing):
    import profilegen.importers as importers
    from profilegen.cli import main

    source, target = tmp_path / "resume.json", tmp_path / "profiel"
    source.write_text(json.dumps(RESUME), "utf-8")
    if existing:
        target.mkdir()

    def fill_then_fail(folder, resume, language):
        (folder / "content" / "experience.md").write_text("half", "utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importers, "_fill", fill_then_fail)
    try:
        assert main(["import", "jsonresume", str(source), str(target)]) == 1
    finally:
        gc.enable()  # (main() switches the collector off for the rest of a one-shot process)
    assert capsys.readouterr().err == f"{target}: error: cannot write the new profile: No space left on device\n"
    assert (sorted(target.iterdir()) == [] if existing else not target.exists())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profiel", "resume.json"][1 - existing:]


@pytest.mark.parametrize("name, label, shown_name, shown_label", [
    ("Femke \\ de Wit", "Adviseur\\n\"circulair\": economie", "Femke \\ de Wit", "Adviseur\\n\"circulair\": economie"),
    ("Femke\x7f de Wit", "Adviseur\x85economie", "Femke de Wit", "Adviseur economie"),
    ("Femke 😀 'de' Wit", "# Adviseur &a *b", "Femke 😀 'de' Wit", "# Adviseur &a *b"),
])
def test_any_text_goes_into_site_yaml_through_the_yaml_library(tmp_path, name, label, shown_name, shown_label):
    source, target = tmp_path / "resume.json", tmp_path / "p"
    resume = {**RESUME, "basics": {**RESUME["basics"], "name": name, "label": label}}
    source.write_text(json.dumps(resume), "utf-8")
    result = run_cli("import", "jsonresume", source, target)
    assert result.returncode == 0, result.stderr
    if shown_name != name:
        assert f"{source}: warning: basics.name: removed 1 invisible control character" in result.stderr
    settings = yaml.safe_load((target / "site.yaml").read_text("utf-8"))
    assert settings["author"]["name"] == shown_name and settings["author"]["role"] == shown_label
    assert settings["title"] == f"{shown_name} — {shown_label}"
    assert run_cli("build", "--source", target, "-q").returncode == 0
    exported = json.loads(run_cli("export", "jsonresume", "--source", target, check=True).stdout)
    assert exported["basics"]["name"] == shown_name and exported["work"] == RESUME["work"]


def test_texts_in_front_matter_and_extra_keep_what_they_hold(tmp_path):
    source, target = tmp_path / "resume.json", tmp_path / "p"
    odd = ["a\\b", "---", "<<", "*x", "&y", "yes", "null", "2020-01-01", "1e3", " lead", "x: y # z", "😀", "\u2028",
           "\ufeffbom", "line\nbreak"]
    work = [{"name": text, "position": text, "summary": text, "highlights": [text], text: text} for text in odd]
    source.write_text(json.dumps({**RESUME, "work": work, "skills": [{"name": t} for t in odd]}), "utf-8")
    result = run_cli("import", "jsonresume", source, target)
    assert result.returncode == 0, result.stderr
    assert run_cli("build", "--source", target, "-q").returncode == 0
    exported = json.loads(run_cli("export", "jsonresume", "--source", target, check=True).stdout)
    assert exported["work"] == work
    assert [s["name"] for s in exported["skills"]] == odd


def make_export(tmp_path: Path, name: str = "export.zip", *, files: dict | None = None,
                method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The fixture export as a zip, with ``files`` (name: bytes) added or put in place of its own."""
    files = {p.name: p.read_bytes() for p in EXPORT.glob("*.csv")} | (files or {})
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", method) as archive:
        for file, data in files.items():
            archive.writestr(file, data)
    return path


def patch_headers(path: Path, *, flags: int = 0, method: int | None = None, size: int | None = None) -> None:
    """Set bits in every entry's flags, its compression method or its stated size, as a zip
    that other tools wrote (or damaged) has them: local headers and the central directory."""
    data = bytearray(path.read_bytes())
    for signature, flag_at, method_at, size_at in ((b"PK\x03\x04", 6, 8, 22), (b"PK\x01\x02", 8, 10, 24)):
        at = data.find(signature)
        while at != -1:
            old = struct.unpack_from("<H", data, at + flag_at)[0]
            struct.pack_into("<H", data, at + flag_at, old | flags)
            if method is not None:
                struct.pack_into("<H", data, at + method_at, method)
            if size is not None:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def _profile_with_field(length: int) -> bytes:
    header, rest = (EXPORT / "Profile.csv").read_text("utf-8").split("\n", 1)
    return (header + "\n" + '"' + "x" * length + '"' + rest[rest.index('",') + 1:]).encode()


def _bomb(size: int) -> bytes:
    return b'"First Name"\n"' + b"0" * size + b'"\n'


@pytest.mark.parametrize("make, expected", [
    (lambda t: t.joinpath("export.zip").write_bytes(b"PK\x03\x04 not really"), "export.zip: error: not a zip file"),
    (lambda t: t.joinpath("export.zip").write_bytes(make_export(t, "whole.zip").read_bytes()[:2500]),
     "export.zip: error: not a zip file, or not a whole one"),
    (lambda t: t.joinpath("export.zip").mkdir(), "export.zip: error: is a folder; give the .zip file"),
    (lambda t: patch_headers(make_export(t), flags=0x1),
     "export.zip:Profile.csv: error: is encrypted (the zip has a password)"),
    (lambda t: patch_headers(make_export(t), method=9),
     "export.zip:Profile.csv: error: is compressed with Deflate64, which profilegen cannot unpack"),
    (lambda t: patch_headers(make_export(t), size=5),
     "export.zip:Profile.csv: error: cannot be unpacked, the zip is damaged (Bad CRC-32 for file 'Profile.csv')"),
    (lambda t: make_export(t, files={"Profile.csv": _profile_with_field(200_000)}),
     "export.zip:Profile.csv:2: error: cannot be read as CSV: a field is longer than 128 KB"),
    (lambda t: make_export(t, files={"Profile.csv": b'"First Name"\n"Femke\xe9"\n'}),
     "export.zip:Profile.csv:2: error: is not UTF-8 text (byte 0xe9)"),
    (lambda t: make_export(t, files={"Profile.csv": _bomb(200_000_000)}),
     "export.zip:Profile.csv: error: unpacks to more than 16 MB"),
    (lambda t: make_export(t, files={name: _bomb(15_000_000) for name in ("Profile.csv", "Positions.csv",
                                     "Education.csv", "Skills.csv", "Languages.csv")}),
     "error: with the files before it, unpacks to more than 64 MB"),
    (lambda t: make_export(t, files={f"media/{i}.jpg": b"" for i in range(20_001)}, method=zipfile.ZIP_STORED),
     "export.zip: error: holds 20,013 files; a LinkedIn data export holds a few hundred at most"),
])
def test_a_broken_linkedin_export_is_one_located_line_and_the_fixed_one_imports(tmp_path, make, expected):
    make(tmp_path)
    source, target = tmp_path / "export.zip", tmp_path / "profiel"
    result = run_limited("import", "linkedin", source, target, cwd=tmp_path)
    assert_refused(result, expected.replace("export.zip", str(source)), target)
    shutil.rmtree(source) if source.is_dir() else source.unlink()
    make_export(tmp_path)
    again = run_cli("import", "linkedin", source, target)
    assert again.returncode == 0, again.stderr
    assert "Femke de Wit" in (target / "site.yaml").read_text("utf-8")


def run_limited(*args, cwd: Path | None = None, memory: int = 1 << 30) -> subprocess.CompletedProcess:
    """run_cli with at most ``memory`` bytes of address space: a zip or YAML bomb that is
    unpacked after all ends the process (MemoryError, exit 3) instead of filling the machine."""
    import resource
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "profilegen", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONUTF8": "1"}, preexec_fn=limit, timeout=120)


def test_control_characters_and_odd_rows_in_a_linkedin_export_are_cleaned(tmp_path):
    profile = (EXPORT / "Profile.csv").read_bytes().replace(b'"Femke"', b'"Fem\x7fke\x1b"', 1)
    positions = (EXPORT / "Positions.csv").read_bytes() + b'"Extra BV","Stagiair","","","2010","2011","spare"\n'
    source = make_export(tmp_path, files={"Profile.csv": profile, "Positions.csv": positions})
    result = run_cli("import", "linkedin", source, tmp_path / "p")
    assert result.returncode == 0, result.stderr
    assert f"{source}:Profile.csv:2: warning: First Name: removed 2 invisible control characters" in result.stderr
    assert yaml.safe_load((tmp_path / "p" / "site.yaml").read_text("utf-8"))["author"]["name"] == "Femke de Wit"
    assert "### Stagiair — Extra BV" in (tmp_path / "p" / "content" / "experience.md").read_text("utf-8")
    assert run_cli("build", "--source", tmp_path / "p", "-q").returncode == 0


# --- Export: -o that cannot be written, and extra that JSON cannot hold ---------------------------

def test_export_to_a_missing_folder_or_onto_a_folder_is_one_line(example, tmp_path):
    missing = run_cli("export", "jsonresume", "--source", example, "-o", "/nonexistent/x.json")
    assert missing.returncode == 1
    assert missing.stderr == "-o: error: the folder '/nonexistent' does not exist; make it first, or write the " \
                             "file elsewhere\n"
    folder = run_cli("export", "jsonresume", "--source", example, "-o", tmp_path)
    assert folder.returncode == 1
    assert folder.stderr == f"-o: error: '{tmp_path}' is a folder; give a file name, e.g. -o {tmp_path}/resume.json\n"
    assert sorted(tmp_path.iterdir()) == [example]


def test_export_replaces_the_file_whole_or_leaves_it(example, tmp_path):
    out = tmp_path / "resume.json"
    out.write_text("mijn vorige export", "utf-8")
    out.chmod(0o640)
    experience = example / "content" / "experience.md"
    good = experience.read_text("utf-8")
    experience.write_text(good.replace("---\n", "---\nextra:\n  work: [{name: x, size: .inf}]\n", 1), "utf-8")
    result = run_cli("export", "jsonresume", "--source", example, "-o", out)
    assert result.returncode == 1
    assert result.stderr == ("content/experience.md: error: front matter 'extra.work[0].size' is inf, which JSON "
                             "cannot hold; write it as text; nothing was exported\n")
    assert out.read_text("utf-8") == "mijn vorige export"
    experience.write_text(good.replace("---\n", "---\nextra:\n  work: [{name: x, startDate: 2020-01-02}]\n", 1),
                          "utf-8")
    run_cli("export", "jsonresume", "--source", example, "-o", out, check=True)
    assert json.loads(out.read_text("utf-8"))["work"] == [{"name": "x", "startDate": "2020-01-02"}]  # a YAML date
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example", "resume.json"]


def test_an_alias_bomb_in_extra_is_refused_without_filling_memory(example, tmp_path):
    experience = example / "content" / "experience.md"
    bomb = "extra:\n  bomb:\n    a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"    a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)) + "  work: *a8\n"
    experience.write_text(experience.read_text("utf-8").replace("---\n", "---\n" + bomb, 1), "utf-8")
    out = tmp_path / "resume.json"
    result = run_limited("export", "jsonresume", "--source", example, "-o", out)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("content/experience.md:") and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_extra_larger_than_a_resume_is_refused_naming_its_file(example, tmp_path):
    experience = example / "content" / "experience.md"
    work = "extra:\n  work:\n" + "".join(f"    - name: {'x' * 1000}\n" for _ in range(2100))
    experience.write_text(experience.read_text("utf-8").replace("---\n", "---\n" + work, 1), "utf-8")
    result = run_limited("export", "jsonresume", "--source", example, "-o", tmp_path / "resume.json")
    assert result.returncode == 1
    assert re.fullmatch(r"content/experience\.md: error: front matter 'extra\.work\[\d+\]\.name' takes 'extra' "
                        r"past 2 MB of JSON, far more than a resume holds \(.*\); nothing was exported\n",
                        result.stderr)
    assert not (tmp_path / "resume.json").exists()


# --- Fuzz: mutated imports through the real command, in-process ------------------------------
#
# PROFILEGEN_FUZZ_EXAMPLES=<n> sets how many mutated inputs each of the two tests below tries
# (default 150, a few seconds); for a long run, e.g.
#   PROFILEGEN_FUZZ_EXAMPLES=10000 PROFILEGEN_FUZZ_LOG=fuzz.log python3 -m pytest -q -p no:cacheprovider \
#       tests/test_import_export.py -k fuzz

FUZZ_EXAMPLES = int(os.environ.get("PROFILEGEN_FUZZ_EXAMPLES", "150"))
FUZZ_LOG = os.environ.get("PROFILEGEN_FUZZ_LOG")  # a file that gets a line for every input that passed
FUZZ_RESUME = {
    **RESUME,
    "basics": {**RESUME["basics"], "email": "femke@example.nl", "phone": "06-12345678", "url": "https://femke.example",
               "location": {"address": "Prinsengracht 263", "postalCode": "1016 GV", "city": "Haarlem"}},
    "volunteer": [{"organization": "Repair Café", "position": "Vrijwilliger", "startDate": "2018"}],
    "education": [{"institution": "Universiteit Utrecht", "area": "Milieukunde", "studyType": "MSc",
                   "startDate": "2009", "endDate": "2014", "courses": ["Ketens"]}],
    "certificates": [{"name": "Prince2", "issuer": "Axelos", "date": "2019-03-04", "url": "https://axelos.example"}],
    "projects": [{"name": "Circulair Haarlem", "description": "- één\n- twee", "highlights": ["x"]}],
    "awards": [{"title": "Prijs", "date": "2021", "awarder": "Provincie"}],
    "publications": [{"name": "Ketens", "publisher": "Blad", "releaseDate": "2022-05"}],
    "interests": [{"name": "Fietsen", "keywords": ["racefiets"]}],
    "references": [{"name": "Joost", "reference": "Goed."}],
}


class Raw(str):
    """A JSON fragment to put into the document as it is: deep nesting, a thousand digits, NaN."""


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _at(document, path):
    for part in path:
        document = document[part]
    return document


_RESUME_PATHS = list(_paths(FUZZ_RESUME))
_TEXT_PATHS = [path for path in _RESUME_PATHS if isinstance(_at(FUZZ_RESUME, path), str)]
_ODD = ["\x00", "\x7f", "\x85", "\x1b", "\r\n", "\u2028", "\\", '"', "'", "---", "<<", "*a", "&a", ": ", " #",
        "\t", "\ufeff", "😀", "e\u0301", "<script>", "javascript:x", "https://x y", "{{ x }}", "{% x %}", ",", "\n",
        "#", "- ", "1. ", "`", "[x](y)", "https://[::1", "https://x.example/a?b#c"]
# Text a resume may hold (what the importer must write correctly), and text with half characters.
odd_text = st.lists(st.sampled_from(_ODD) | st.text(st.characters(max_codepoint=0x2FF), max_size=8)
                    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=4), max_size=8).map("".join)
broken_text = st.tuples(odd_text, st.sampled_from(["\ud800", "\udfff", "\udbff\udbff"]), odd_text).map("".join)
raw = st.one_of(
    st.integers(1, 3000).map(lambda n: Raw("[" * n + "]" * n)),
    st.integers(1, 3000).map(lambda n: Raw("{\"a\": " * n + "1" + "}" * n)),
    st.integers(15, 6000).map(lambda n: Raw("9" * n)),
    st.sampled_from([Raw("1e999"), Raw("-1e999"), Raw("NaN"), Raw("Infinity"), Raw("-0.0"), Raw("1e-400")]),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text | broken_text | raw
    | st.integers(1000, 200_000).map(lambda n: "lang " * (n // 5)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3), max_leaves=6)


def _set(document, path, value):
    if not path:
        return value
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


def _json_bytes(document, ensure_ascii: bool) -> bytes:
    fragments = []

    def hide(value):
        if isinstance(value, Raw):
            fragments.append(str(value))
            return f"\x00raw{len(fragments) - 1}\x00"
        if isinstance(value, dict):
            return {k: hide(v) for k, v in value.items()}
        if isinstance(value, list):
            return [hide(v) for v in value]
        return value

    text = json.dumps(hide(document), ensure_ascii=ensure_ascii)
    for index, fragment in enumerate(fragments):
        text = text.replace(json.dumps(f"\x00raw{index}\x00", ensure_ascii=ensure_ascii), fragment)
    return text.encode("utf-8", "surrogatepass")


def _damage(data: bytes, cut: int | None, flips: list[tuple[int, int]]) -> bytes:
    if cut is not None:
        data = data[:cut % (len(data) + 1)]
    if data and flips:
        buffer = bytearray(data)
        for at, byte in flips:
            buffer[at % len(buffer)] = byte
        data = bytes(buffer)
    return data


damage = st.tuples(st.none() | st.integers(0, 1 << 20), st.lists(st.tuples(st.integers(0, 1 << 20),
                                                                         st.integers(0, 255)), max_size=4))


def import_in_process(kind: str, data: bytes) -> None:
    """`profilegen import KIND input p` in an empty folder: exit 0 with a profile that loads, or
    exit 1 with error lines; never an exception or exit 3, and nothing else in the folder."""
    import io
    import tempfile
    from contextlib import redirect_stderr, redirect_stdout

    from profilegen.build import load_profile
    from profilegen.cli import main
    from profilegen.exporters.jsonresume import to_json_resume

    with tempfile.TemporaryDirectory() as tmp:
        folder, here = Path(tmp), os.getcwd()
        (folder / "input").write_bytes(data)
        err = io.StringIO()
        os.chdir(folder)
        try:
            with redirect_stdout(io.StringIO()), redirect_stderr(err):
                code = main(["import", kind, "input", "p", "-q"])
        finally:
            os.chdir(here)
            gc.enable()  # (main() switches the collector off for the rest of a one-shot process)
        said = err.getvalue()
        event(f"exit {code}")  # (pytest --hypothesis-show-statistics: how many imported, how many refused)
        assert code in (0, 1) and "Traceback" not in said, said
        assert sorted(p.name for p in folder.iterdir()) == (["input", "p"] if code == 0 else ["input"]), said
        if code == 0:  # what an import writes, every later command can read, and export gives back
            profile = load_profile(folder / "p").profile_for(None)
            exported = json.loads(json.dumps(to_json_resume(profile), ensure_ascii=False))
            assert exported["basics"]["name"] == profile.author.name
        else:
            assert ": error: " in said, said
    if FUZZ_LOG:  # (a long run: one line an input that passed, to count them while it runs)
        with open(FUZZ_LOG, "a", encoding="utf-8") as log:
            log.write(f"import {kind} exit {code}\n")


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.tuples(st.sampled_from(_TEXT_PATHS), odd_text), max_size=8),
       edits=st.lists(st.tuples(st.sampled_from(_RESUME_PATHS), json_value), max_size=3),
       ensure_ascii=st.booleans(), damaged=st.none() | st.none() | damage)
def test_fuzz_a_mutated_json_resume_imports_or_is_refused(texts, edits, ensure_ascii, damaged):
    document = copy.deepcopy(FUZZ_RESUME)
    for path, value in [*texts, *edits]:
        try:
            document = _set(document, path, copy.deepcopy(value))
        except (KeyError, IndexError, TypeError):  # an earlier edit replaced what the path went through
            pass
    data = _json_bytes(document, ensure_ascii)
    import_in_process("jsonresume", _damage(data, *damaged) if damaged else data)


_CSV_FILES = {p.name: p.read_text("utf-8") for p in sorted(EXPORT.glob("*.csv"))}
csv_edit = st.tuples(st.sampled_from(sorted(_CSV_FILES)), st.integers(0, 1 << 16),
                     odd_text | st.sampled_from(['"', '","', "\n", ",,,,,,", "x" * 140_000, "LINKEDIN:https://[::1",
                                                 "[PERSONAL:https://x.example?trk=1#a]", "\x00"]))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(csv_edit, max_size=5), method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                                                       zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]),
       headers=st.none() | st.sampled_from([{"flags": 1}, {"method": 9}, {"size": 3}, {"size": 1 << 31}]),
       damaged=st.none() | damage)
def test_fuzz_a_mutated_linkedin_export_imports_or_is_refused(edits, method, headers, damaged):
    import io

    files = dict(_CSV_FILES)
    for name, at, text in edits:
        at %= len(files[name]) + 1
        files[name] = files[name][:at] + text + files[name][at:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8", "surrogatepass"))
    data = buffer.getvalue()
    if headers:
        data = _patched(data, **headers)
    import_in_process("linkedin", _damage(data, *damaged) if damaged else data)


def _patched(data: bytes, **headers) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.zip"
        path.write_bytes(data)
        patch_headers(path, **headers)
        return path.read_bytes()
