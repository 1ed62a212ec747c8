"""The message catalogues: every message of the source translated in Dutch and English, with the
same placeholders, the .mo files compiled from the current .po, and the CLI speaking both.

`python3 tests/test_messages.py --write` extracts the messages (ast over the ``_()``,
``N_()`` and ``ngettext()`` calls in profilegen/), merges them into each .po (translations kept,
new ones empty in Dutch and the English text in English, gone ones dropped) and compiles the
.mo files. Babel is not needed at run time or here.
"""

from __future__ import annotations

import ast
import json
import re
import string
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "profilegen"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("en", "nl")
HEADER = {"en": "English", "nl": "Dutch"}


# --- extraction ---------------------------------------------------------------------------------

def extract() -> dict[tuple[str, str | None], list[str]]:
    """(msgid, msgid_plural or None) -> the places it is used, in source order."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            name, args = node.func.id, node.args
            if name in ("_", "N_") and args and _literal(args[0]) is not None:
                key = (_literal(args[0]), None)
            elif name == "ngettext" and len(args) >= 2 and _literal(args[0]) is not None \
                    and _literal(args[1]) is not None:
                key = (_literal(args[0]), _literal(args[1]))
            else:
                continue
            found.setdefault(key, []).append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    for path in sorted(PACKAGE.rglob("*.html")):  # Jinja templates of our own (the dashboard): {{ _("…") }}
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b_\("((?:[^"\\]|\\.)*)"\)', text):
            place = f"{path.relative_to(REPO).as_posix()}:{text.count(chr(10), 0, match.start()) + 1}"
            found.setdefault((ast.literal_eval(f'"{match[1]}"'), None), []).append(place)
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def non_literal_calls() -> list[str]:
    """``_(x)`` calls whose argument is not a string literal nor a name (a variable set by N_())."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" \
                    and node.args and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                bad.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    return bad


# --- .po files ---------------------------------------------------------------------------------

def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "profilegen.po"


def read_po(path: Path) -> dict[tuple[str, str | None], list[str]]:
    """(msgid, msgid_plural) -> msgstr forms (one, or two for a plural), the header left out."""
    entries: dict[tuple[str, str | None], list[str]] = {}
    current: dict[str, str] = {}
    field = None

    def flush():
        if "msgid" in current and current["msgid"]:
            forms = [current[k] for k in sorted(current) if k.startswith("msgstr")]
            entries[(current["msgid"], current.get("msgid_plural"))] = forms
        current.clear()

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line)
        if match:
            if match[1] == "msgid" and "msgstr" in "".join(current):
                flush()
            field = match[1]
            current[field] = _unquote(match[2])
        elif line.startswith('"') and field:
            current[field] += _unquote(line)
    flush()
    return entries


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # PO strings escape like C, which Python's literals read


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    parts = [part + "\\n" for part in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(parts) <= 1 and len(escaped) < 70:
        return f'"{parts[0] if parts else ""}"'
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def write_po(language: str, messages: dict, old: dict) -> None:
    out = [f"# profilegen's messages in {HEADER[language]}.",
           "# Edit the msgstr lines; `python3 tests/test_messages.py --write` updates this file",
           "# from the source and compiles profilegen.mo.",
           'msgid ""', 'msgstr ""', f'"Language: {language}\\n"', '"MIME-Version: 1.0\\n"',
           '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"',
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for (msgid, plural), places in messages.items():
        forms = old.get((msgid, plural))
        if language == "en" and not any(forms or []):
            forms = [msgid] if plural is None else [msgid, plural]
        forms = forms or ([""] if plural is None else ["", ""])
        out.append("#: " + " ".join(places[:3]))
        if "{" in msgid:
            out.append("#, python-brace-format")
        out.append(f"msgid {_quote(msgid)}")
        if plural is None:
            out.append(f"msgstr {_quote(forms[0])}")
        else:
            out.append(f"msgid_plural {_quote(plural)}")
            out.extend(f"msgstr[{index}] {_quote(form)}" for index, form in enumerate(forms))
        out.append("")
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --- .mo files (the GNU format, as Tools/i18n/msgfmt.py writes it) ---------------------------

def compile_mo(po: Path) -> bytes:
    header = re.search(r'msgid ""\nmsgstr ""\n((?:".*"\n)+)', po.read_text(encoding="utf-8"))
    metadata = "".join(_unquote(line) for line in header[1].splitlines())
    pairs = {"": metadata}
    for (msgid, plural), forms in read_po(po).items():
        if not any(forms):
            continue  # untranslated: gettext falls back to the English msgid
        pairs[msgid if plural is None else f"{msgid}\0{plural}"] = "\0".join(forms)
    keys = sorted(pairs)
    ids = [key.encode() for key in keys]
    strs = [pairs[key].encode() for key in keys]
    count = len(keys)
    start = 7 * 4 + count * 16
    offsets, data = [], b""
    for blob in ids:
        offsets.append((len(blob), start + len(data)))
        data += blob + b"\0"
    for blob in strs:
        offsets.append((len(blob), start + len(data)))
        data += blob + b"\0"
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    return struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + count * 8, 0, 0) + table + data


def write_all() -> None:
    messages = extract()
    for language in LANGUAGES:
        path = po_path(language)
        write_po(language, messages, read_po(path) if path.exists() else {})
        path.with_suffix(".mo").write_bytes(compile_mo(path))


# --- tests ----------------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    """The placeholders of a message: str.format's {name} fields, and argparse's %(name)s and %s."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: a message never .format()ted, such as PyYAML's "expected ',' or '}'"
        fields = {"<not a template>"}
    return fields | set(re.findall(r"%(?:\(\w+\))?[sdr]", text))


def test_every_message_is_in_both_catalogues_with_its_placeholders():
    messages = extract()
    assert len(messages) > 100
    for language in LANGUAGES:
        catalogue = read_po(po_path(language))
        missing = [key[0] for key in messages if not all(catalogue.get(key, [""]))]
        assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:3]}"
        for (msgid, plural), forms in catalogue.items():
            for form in forms:
                assert _fields(form) <= _fields(msgid) | _fields(plural or ""), (language, msgid, form)
                if plural is None:
                    assert _fields(form) == _fields(msgid), (language, msgid, form)
    assert set(read_po(po_path("nl"))) == set(messages), "run python3 tests/test_messages.py --write"


def test_no_message_is_built_before_it_is_translated():
    assert not non_literal_calls(), "an f-string inside _() has no msgid; use _('… {name}').format(name=…)"


def test_the_mo_files_are_compiled_from_the_current_po():
    for language in LANGUAGES:
        po = po_path(language)
        assert po.with_suffix(".mo").read_bytes() == compile_mo(po), "run python3 tests/test_messages.py --write"


def test_gettext_reads_the_compiled_catalogue():
    import gettext

    nl = gettext.translation("profilegen", LOCALE, languages=["nl"])
    for (msgid, plural), forms in read_po(po_path("nl")).items():
        if plural is None:
            assert nl.gettext(msgid) == forms[0]
        else:
            assert nl.ngettext(msgid, plural, 1) == forms[0]
            assert nl.ngettext(msgid, plural, 3) == forms[1]


def test_the_language_is_chosen_from_option_profile_environment():
    from profilegen import messages

    try:
        assert messages.choose("nl", environ={}) == "nl"
        assert messages.choose("nl-BE", environ={"LANG": "en_GB.UTF-8"}) == "nl"
        assert messages.choose(None, environ={"LANG": "nl_BE.UTF-8"}) == "nl"
        assert messages.choose(None, environ={"LANGUAGE": "fr:nl", "LANG": "en_US"}) == "nl"
        assert messages.choose(None, environ={"LANG": "C.UTF-8"}) == "en"
        assert messages.choose("de", environ={}) == "en"
        assert messages.choose("nl", environ={"PROFILEGEN_LANG": "en"}) == "en"
        assert messages.choose("en", override="nl", environ={"PROFILEGEN_LANG": "en"}) == "nl"
    finally:
        messages.choose(None)


def _profile(tmp_path: Path) -> Path:
    """The example profile (language nl) with one private phone number and a broken setting."""
    from conftest import copy_example  # (here: this file also runs as a script, without pytest)

    dest = copy_example(tmp_path / "profiel")
    stand = dest / "content" / "stand.md"
    stand.write_text(stand.read_text(encoding="utf-8") + "\nBel me gerust op 06-12345678.\n", encoding="utf-8")
    return dest


def _run(args, env_language=None, cwd=None):
    import os
    import subprocess

    env = {key: value for key, value in os.environ.items() if key != "PROFILEGEN_LANG"}
    env.update(PYTHONUTF8="1", PYTHONPATH=str(REPO), LANG="C.UTF-8")
    if env_language:
        env["PROFILEGEN_LANG"] = env_language
    return subprocess.run([sys.executable, "-m", "profilegen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env)


COMPILER_SHAPE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                            r"(?P<message>.+) \[(?P<rule>[a-z0-9-]+\.[a-z0-9.-]+)\]$")


def test_check_speaks_the_profiles_language_and_english_on_request(tmp_path):
    profile = _profile(tmp_path)
    dutch, english = _run(["check", "--source", profile]), _run(["check", "--source", profile], "en")
    assert dutch.returncode == english.returncode == 1
    dutch_lines = [m for line in dutch.stdout.splitlines() if (m := COMPILER_SHAPE.match(line))]
    english_lines = [m for line in english.stdout.splitlines() if (m := COMPILER_SHAPE.match(line))]
    assert dutch_lines and len(dutch_lines) == len(english_lines)
    for nl, en in zip(dutch_lines, english_lines):
        assert [nl[k] for k in ("file", "line", "col", "severity", "rule")] == \
               [en[k] for k in ("file", "line", "col", "severity", "rule")]
    phone_nl = next(m["message"] for m in dutch_lines if m["rule"] == "privacy.phone")
    phone_en = next(m["message"] for m in english_lines if m["rule"] == "privacy.phone")
    assert phone_nl != phone_en and "telefoonnummer" in phone_nl.lower() and "phone number" in phone_en
    assert re.search(r"^\d+ fout(en)?, \d+ waarschuwing(en)? in \d+ bestand(en)?$", dutch.stdout, re.M)
    assert re.search(r"^\d+ errors?, \d+ warnings? in \d+ files?$", english.stdout, re.M)


def test_check_json_keeps_keys_and_rule_ids_in_both_languages(tmp_path):
    profile = _profile(tmp_path)
    dutch = json.loads(_run(["check", "--source", profile, "--format", "json"]).stdout)
    english = json.loads(_run(["check", "--source", profile, "--format", "json", "--ui-lang", "en"]).stdout)
    assert [sorted(f) for f in dutch] == [sorted(f) for f in english]
    assert [(f["rule"], f["severity"], f["line"]) for f in dutch] == \
           [(f["rule"], f["severity"], f["line"]) for f in english]
    assert {f["message"] for f in dutch}.isdisjoint({f["message"] for f in english})


def test_a_build_error_in_dutch_and_in_english(tmp_path):
    profile = _profile(tmp_path)
    settings = profile / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("topics:", "topcs:"), encoding="utf-8")
    dutch, english = _run(["build", "--source", profile]), _run(["build", "--source", profile], "en")
    assert dutch.returncode == english.returncode == 1
    assert "site.yaml:" in dutch.stderr and "site.yaml:" in english.stderr
    assert "topics" in dutch.stderr and "topics" in english.stderr  # the key and the suggestion stay
    assert dutch.stderr != english.stderr
    assert "Traceback" not in dutch.stderr + english.stderr


def test_help_and_usage_errors_in_both_languages(tmp_path):
    profile = _profile(tmp_path)
    dutch = _run(["build", "--help"], cwd=profile)  # (the profile here is in Dutch)
    english = _run(["build", "--help"], cwd=tmp_path)  # (no profile here, LANG=C: English)
    assert dutch.stdout.startswith("gebruik: profilegen build") and english.stdout.startswith("usage: profilegen build")
    assert "Bouwt de website" in dutch.stdout and "behandel waarschuwingen als fouten" in dutch.stdout
    assert "Build the static site" in english.stdout and "treat warnings as errors" in english.stdout
    assert _run(["--ui-lang", "en", "build", "--help"], cwd=profile).stdout == english.stdout
    assert _run(["build", "--help", "--ui-lang=nl"], cwd=tmp_path).stdout == dutch.stdout
    wrong, fout = _run(["chek"], cwd=tmp_path), _run(["chek"], "nl", cwd=tmp_path)
    assert wrong.returncode == fout.returncode == 2
    assert "invalid choice: 'chek'" in wrong.stderr and "ongeldige keuze: 'chek'" in fout.stderr


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_all()
        print(f"{len(extract())} messages; wrote {', '.join(str(po_path(lang)) for lang in LANGUAGES)} and .mo")
    else:
        sys.exit("usage: python3 tests/test_messages.py --write")


def test_the_dashboard_speaks_the_chosen_language(tmp_path):
    from profilegen import messages
    from profilegen.build import load_profile
    from profilegen.serve.dashboard import dashboard_page

    loaded = load_profile(_profile(tmp_path))
    try:
        messages.choose("nl", environ={})
        dutch = dashboard_page(loaded, None)
        messages.choose("nl", environ={"PROFILEGEN_LANG": "en"})
        english = dashboard_page(loaded, None)
    finally:
        messages.choose(None)
    assert '<html lang="nl">' in dutch and "Kopregel kopiëren" in dutch and "telefoonnummer" in dutch
    assert '<html lang="en">' in english and "Copy headline" in english and "phone number" in english
    assert 'class="filled">ingevuld<' in dutch and 'class="filled">filled<' in english  # (the class stays)
    assert dutch.count("[privacy.phone]") == english.count("[privacy.phone]") == 1
