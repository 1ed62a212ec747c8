"""The command line as a user meets it: help, version, quiet, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, run_cli

COMMANDS = ["init", "build", "check", "linkedin", "new", "schema", "serve", "import", "export"]


def test_version_and_help():
    from profilegen import __version__

    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"profilegen {__version__}"
    top = run_cli("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "usage: profilegen" in result.stdout
    assert "--quiet" in result.stdout or command == "schema"


def test_no_command_and_wrong_usage_exit_2():
    assert run_cli().returncode == 2
    unknown = run_cli("bild")
    assert unknown.returncode == 2 and "invalid choice: 'bild'" in unknown.stderr
    flag = run_cli("build", "--nope")
    assert flag.returncode == 2 and "unrecognized arguments: --nope" in flag.stderr
    assert "Traceback" not in unknown.stderr + flag.stderr


def test_quiet_prints_nothing_on_success(example):
    result = run_cli("build", "--source", example, "-q")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    loud = run_cli("build", "--source", example)
    assert loud.stdout.startswith("Built ") and " pages into _site/ in " in loud.stdout


def test_missing_site_yaml_is_a_user_error(tmp_path):
    result = run_cli("build", "--source", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("site.yaml: error: no site.yaml in")
    assert "profilegen init" in result.stderr


_CRASH = ("import sys, profilegen.build as b\n"
          "def boom(*a, **k): raise RuntimeError('simulated bug')\n"
          "b.load_profile = boom\n"
          "from profilegen.cli import main\n"
          "sys.exit(main(sys.argv[1:]))\n")


def test_a_broken_base_url_on_the_command_line_is_a_usage_error_naming_the_option(example):
    result = run_cli("build", "--source", example, "--base-url", "https://[::1")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["--base-url: error: must be a full web address such as "
                                          "https://you.github.io/profiel/ (got 'https://[::1')"]
    assert not (example / "_site").exists()


def test_every_bad_value_is_exit_1_with_its_place_never_a_traceback(tmp_path):
    """The cases of issue 13 in one profile: all reported at once, each with file:line:col."""
    run_cli("init", tmp_path / "p", "-q", check=True)
    (tmp_path / "p" / "site.yaml").write_text(
        "title: T\nbase_url: https://x.github.io/r/\nauthor: {name: X}\ntheme: ../../..\noutput: \"_si\\0te\"\n"
        "check: {allow_emails: [2026-01-01]}\n", "utf-8")
    result = run_cli("check", "--source", tmp_path / "p")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": error: ")[1].split(" ")[0] for line in lines] == ["'theme'", "'output'",
                                                                           "'check.allow_emails[0]'"]
    assert all(line.startswith("site.yaml:") and line.split(":")[1].isdigit() for line in lines)


def test_an_internal_error_exits_3_and_says_where_to_report_it(tmp_path):
    run_cli("init", tmp_path / "p", "-q", check=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    plain = subprocess.run([sys.executable, "-c", _CRASH, "build", "--source", str(tmp_path / "p")],
                           capture_output=True, text=True, env=env)
    assert plain.returncode == 3
    assert "internal error: RuntimeError: simulated bug" in plain.stderr
    assert "https://github.com/profilegen/profilegen/issues" in plain.stderr
    assert "Traceback" not in plain.stderr
    debug = subprocess.run([sys.executable, "-c", _CRASH, "build", "--debug", "--source", str(tmp_path / "p")],
                           capture_output=True, text=True, env=env)
    assert debug.returncode == 3 and "Traceback (most recent call last)" in debug.stderr


def test_schema_commands_print_json_schema_that_the_example_satisfies():
    import yaml

    site = json.loads(run_cli("schema", check=True).stdout)
    front = json.loads(run_cli("schema", "front-matter", check=True).stdout)
    assert site["$schema"] == front["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert site["required"] == ["title", "base_url", "author"]
    assert site["properties"]["author"]["additionalProperties"] is False
    assert front["properties"]["layer"]["anyOf"][0]["enum"][0] == "stand"
    import jsonschema
    jsonschema.validate(yaml.safe_load((REPO / "site.yaml").read_text("utf-8")), site)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "base_url": "https://x/", "author": {"name": "x"}, "tittle": 1}, site)


@pytest.mark.parametrize("source", [None, ".", "./", ".."])
def test_a_relative_source_folder_names_files_from_the_profile(tmp_path, source):
    # As the README runs it: `profilegen build` inside the profile, no --source; file names in
    # messages are relative to the profile however the folder was written.
    run_cli("init", tmp_path / "site", "-q", check=True)
    (tmp_path / "site" / "content" / "notes" / "kapot.md").write_text("---\ntitle: [\n---\nTekst\n", "utf-8")
    cwd = tmp_path / "site" / "content" if source == ".." else tmp_path / "site"
    args = ["build"] + (["--source", source] if source else [])
    result = run_cli(*args, cwd=cwd)
    assert result.returncode == 1
    assert result.stderr.startswith("content/notes/kapot.md:3:1: error: invalid YAML"), result.stderr
    (tmp_path / "site" / "content" / "notes" / "kapot.md").unlink()
    assert run_cli(*args, cwd=cwd).returncode == 0
    assert (tmp_path / "site" / "_site" / "index.html").is_file()


@pytest.mark.parametrize("name, message", [
    ("a" * 300, r"--output: error: '.*' has a folder name of 300 bytes; at most 231 fit"),
    ("x/" + "é" * 200, r"--output: error: '.*' has a folder name of 400 bytes; at most 231 fit"),
    ("abc/" * 1200, r"--output: error: '.*' is a path of more than 3584 bytes"),
])
def test_an_output_folder_the_file_system_cannot_name_is_a_usage_error(example, tmp_path, name, message):
    import re

    result = run_cli("build", "--source", example, "--output", tmp_path / name, "-q")
    assert result.returncode == 2, result.stderr
    assert re.search(message, result.stderr) and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example"]


@pytest.mark.parametrize("image, where", [("images/nergens.jpg", "is not a file in static/"),
                                          ("../../etc/passwd", "is outside static/"),
                                          ("https://elders.example/ik.jpg", "is outside static/")])
def test_a_portrait_that_is_not_in_static_is_a_warning_and_an_error_when_strict(example, image, where):
    settings = example / "site.yaml"
    settings.write_text(settings.read_text("utf-8").replace("image: images/sanne.svg", f'image: "{image}"'), "utf-8")
    result = run_cli("build", "--source", example, "-q")
    assert result.returncode == 0, result.stderr
    assert f"site.yaml: warning: 'author.image' ('{image}') {where}, so the portrait would not show" in result.stderr
    before = sorted((example / "_site").rglob("*"))
    strict = run_cli("build", "--source", example, "-q", "--strict")
    assert strict.returncode == 1
    assert f"site.yaml: error: 'author.image' ('{image}') {where}" in strict.stderr
    assert sorted((example / "_site").rglob("*")) == before


def test_a_portrait_in_static_gives_no_warning(example):
    result = run_cli("build", "--source", example, "-q", "--strict")
    assert "author.image" not in result.stderr
