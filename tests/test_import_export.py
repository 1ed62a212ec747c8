"""Import a LinkedIn export or a JSON Resume; export JSON Resume. Private data never leaks."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

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
