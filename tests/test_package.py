"""The wheel carries the themes, installs in a fresh venv, and builds a profile outside the repo.

Slow (it builds a wheel and a virtual environment), but it is what a user does first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_installs_in_a_fresh_venv_and_builds_a_profile_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("profilegen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "profilegen/themes/default/templates/base.html" in names
    assert "profilegen/themes/default/static/css/style.css" in names
    assert {"profilegen/fonts/Inter-Regular.otf", "profilegen/fonts/Inter-Bold.otf", "profilegen/fonts/OFL.txt",
            "profilegen/themes/default/card.yaml"} <= set(names)  # (the share cards' font, its licence, layout)
    assert "profilegen/scaffold/nl/content/stand.md" in names
    assert {"profilegen/locale/nl/LC_MESSAGES/profilegen.mo", "profilegen/locale/en/LC_MESSAGES/profilegen.mo"} <= set(names)
    assert not any(name.startswith(("tests/", "content/")) for name in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True)
    profilegen = venv / "bin" / "profilegen"
    outside = tmp_path / "elsewhere" / "profiel"
    subprocess.run([str(profilegen), "init", str(outside), "-q"], check=True, cwd=tmp_path)
    dutch = {key: value for key, value in os.environ.items() if key != "PROFILEGEN_LANG"}
    result = subprocess.run([str(profilegen), "build"], cwd=outside, capture_output=True, text=True, env=dutch)
    assert result.returncode == 0, result.stderr
    assert "pagina's" in result.stdout  # init's profile is Dutch, so is what profilegen says (the .mo is in the wheel)
    assert (outside / "_site" / "css" / "style.css").is_file()
    assert (outside / "_site" / "card.png").is_file()  # (drawn with the Pillow the wheel depends on)
    module = subprocess.run([str(venv / "bin" / "python"), "-m", "profilegen", "--version"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert module.returncode == 0 and module.stdout.startswith("profilegen ")
