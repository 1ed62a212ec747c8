#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need when it is missing
# (profilegen with its [test] extra, Debian's chromium, a Java runtime for the W3C validator,
# poppler-utils, the npm validators), then runs every test, browser tests included.
#   bash tests/run.sh            # everything
#   bash tests/run.sh -k crawl   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. profilegen itself (editable, so the tests run this checkout) and the [test] extra.
installed_here() {  # profilegen from this checkout, with every requirement of [test] present
  "$PYTHON" - <<'PY' 2>/dev/null
import importlib.metadata as md, pathlib, re, sys
import profilegen
if pathlib.Path(profilegen.__file__).resolve().parent.parent != pathlib.Path(".").resolve():
    sys.exit(1)
import tomllib  # the checkout's pyproject, not the installed metadata, which may be stale
project = tomllib.loads(pathlib.Path("pyproject.toml").read_text())["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
    md.version(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0])
PY
}
if ! installed_here; then
  echo "tests/run.sh: installing profilegen with its [test] extra" >&2
  "$PYTHON" -m pip install -q -e '.[test]'
fi

# 2. Debian's Chromium for the browser tests (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  echo "tests/run.sh: installing Debian's chromium" >&2
  apt_install chromium
fi

# 3. A Java runtime for the W3C Nu validator (vnu-jar).
if ! command -v java >/dev/null; then
  echo "tests/run.sh: installing a Java runtime" >&2
  apt_install default-jre-headless
fi

# 4. Poppler's tools, to read the CV's PDF back as an applicant-tracking system would (tests/test_cv.py).
if ! command -v pdftotext >/dev/null; then
  echo "tests/run.sh: installing poppler-utils" >&2
  apt_install poppler-utils
fi

# 5. The npm validators (vnu-jar, axe-core), pinned by tests/package-lock.json.
if [ -f tests/package.json ]; then
  if ! command -v npm >/dev/null; then
    echo "tests/run.sh: installing node and npm" >&2
    apt_install nodejs npm
  fi
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules ]; then
    echo "tests/run.sh: installing the npm validators" >&2
    npm ci --prefix tests --no-audit --no-fund --loglevel=error
    touch tests/node_modules
  fi
fi

exec "$PYTHON" -m pytest -n auto "$@"
