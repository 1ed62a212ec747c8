"""A JSON Resume file (https://jsonresume.org) -> the neutral shape, private fields left out.

The file is checked before anything is made of it: no deeper than a resume can be, every
field the importer reads of the type the schema gives it, no number too large to keep and no
half character (a lone surrogate escape). Each problem is reported at its line and column.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from profilegen.config import read_text
from profilegen.errors import Problem, UserError
from profilegen.importers import ImportResult, clean_text, control_warning, keep_usable_links
from profilegen.messages import _

PRIVATE_BASICS = {"email": _("your e-mail address is private (set author.email in site.yaml if it is public)"),
                  "phone": _("your phone number is private")}
PRIVATE_LOCATION = {"address": _("your street address"), "postalCode": _("your postcode")}

MAX_BYTES = 16_000_000  # a resume is a few kilobytes; a photo inlined as text, a few megabytes
MAX_DEPTH = 20          # a JSON Resume is 4 levels deep (work[0].highlights[0]); room for own fields
MAX_DIGITS = 19         # below 2**64; a longer whole number does not come back out of JSON tools intact
MAX_PROBLEMS = 20

# The JSON Resume schema (v1.0.0) as far as the importer reads it: TEXT for a string, [shape]
# for an array of them, {key: shape} for an object (other keys may hold any JSON value).
TEXT = "text"
_DATED = {"startDate": TEXT, "endDate": TEXT, "summary": TEXT, "url": TEXT, "highlights": [TEXT]}
SHAPE: dict = {
    "basics": {"name": TEXT, "label": TEXT, "image": TEXT, "email": TEXT, "phone": TEXT, "url": TEXT,
               "summary": TEXT, "location": {"address": TEXT, "postalCode": TEXT, "city": TEXT,
                                             "countryCode": TEXT, "region": TEXT},
               "profiles": [{"network": TEXT, "username": TEXT, "url": TEXT}]},
    "work": [{"name": TEXT, "location": TEXT, "description": TEXT, "position": TEXT, **_DATED}],
    "volunteer": [{"organization": TEXT, "position": TEXT, **_DATED}],
    "education": [{"institution": TEXT, "url": TEXT, "area": TEXT, "studyType": TEXT, "startDate": TEXT,
                   "endDate": TEXT, "score": TEXT, "courses": [TEXT]}],
    "awards": [{"title": TEXT, "date": TEXT, "awarder": TEXT, "summary": TEXT}],
    "certificates": [{"name": TEXT, "date": TEXT, "url": TEXT, "issuer": TEXT}],
    "publications": [{"name": TEXT, "publisher": TEXT, "releaseDate": TEXT, "url": TEXT, "summary": TEXT}],
    "skills": [{"name": TEXT, "level": TEXT, "keywords": [TEXT]}],
    "languages": [{"language": TEXT, "fluency": TEXT}],
    "interests": [{"name": TEXT, "keywords": [TEXT]}],
    "references": [{"name": TEXT, "reference": TEXT}],
    "projects": [{"name": TEXT, "description": TEXT, "keywords": [TEXT], "roles": [TEXT], "entity": TEXT,
                  "type": TEXT, **_DATED}],
    "meta": {"canonical": TEXT, "version": TEXT, "lastModified": TEXT},
}
_EXAMPLES = {str: _('text in quotes ("…")'), list: _("a list [ … ]"), dict: _("an object { … }")}


class _Unfit(str):
    """A number JSON can write but a profile cannot keep (NaN, Infinity, a thousand digits)."""


def _int(text: str):
    return _Unfit(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _float(text: str):
    value = float(text)
    return value if math.isfinite(value) else _Unfit(text)


_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_Unfit)
# A string (to its end, if it is never closed: one pass, whatever the text) or a bracket.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_json_resume(path: Path) -> ImportResult:
    shown = str(path)
    if path.exists() and not path.is_file():
        raise UserError(Problem(shown, None, None, "is a folder, not a file" if path.is_dir()
                                else _("is not a regular file; give the resume's .json file")))
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise UserError(Problem(shown, None, None, _("is larger than {value} MB; a JSON Resume "
                                "is a few kilobytes").format(value=MAX_BYTES // 1000000)))
    text = read_text(path, shown)
    depth_problem = _too_deep(text, shown)
    if depth_problem:
        raise UserError(depth_problem)
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise UserError(Problem(shown, exc.lineno, exc.colno, _("not valid JSON: {msg}").format(msg=exc.msg))) from None
    except RecursionError:  # (the depth check above reads the text as JSON would; just in case)
        raise UserError(Problem(shown, None, None, _("nested more than {MAX_DEPTH} levels deep").format(MAX_DEPTH=MAX_DEPTH))) from None
    if not isinstance(data, dict) or not isinstance(data.get("basics"), dict):
        raise UserError(Problem(shown, 1, 1, _("this JSON is not a JSON Resume: it needs a \"basics\" object with "
                                "a \"name\" (see https://jsonresume.org/schema)")))
    warnings: list[Problem] = []
    checker = _Checker(text, shown, warnings)
    resume = checker.check(data, SHAPE, [])
    name = resume["basics"].get("name")
    if not checker.problems and not (name or "").strip():
        checker.fail(["basics"] + (["name"] if "name" in data["basics"] else []),
                     _('needs a "name": your name, as it goes on the profile') if name is None
                     else _('"name" is empty; write your name, as it goes on the profile'))
    if checker.problems:
        problems = checker.problems
        if len(problems) > MAX_PROBLEMS:
            problems = problems[:MAX_PROBLEMS] + [Problem(shown, None, None, _("… and {value} "
                                                          "more problems like these").format(value=len(problems) - MAX_PROBLEMS))]
        raise UserError(problems)
    left_out = []
    basics = resume["basics"]
    for key, what in PRIVATE_BASICS.items():
        if basics.pop(key, None):
            left_out.append(f"basics.{key}: {what}")
    location = basics.get("location") or {}
    for key, what in PRIVATE_LOCATION.items():
        if location.pop(key, None):
            left_out.append(_("basics.location.{key}: {what} is private").format(key=key, what=what))
    if resume.pop("references", None):
        left_out.append(_("references: other people's words and names, theirs to publish"))
    keep_usable_links(resume, shown, warnings)
    return ImportResult(resume, left_out, warnings)


def _too_deep(text: str, shown: str) -> Problem | None:
    """Where the text first opens more than MAX_DEPTH arrays and objects, without parsing it."""
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(text, token.start())
                return Problem(shown, line, column, _("nested more than {MAX_DEPTH} levels deep; a JSON Resume is "
                               "4 levels deep (work[0].highlights[0]), so this is not one").format(MAX_DEPTH=MAX_DEPTH))
        elif bracket in "]}":
            depth -= 1
    return None


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


class _Checker:
    """Walks the decoded document against SHAPE; gathers located problems and cleans texts."""

    def __init__(self, text: str, shown: str, warnings: list[Problem]) -> None:
        self.text, self.shown, self.warnings = text, shown, warnings
        self.problems: list[Problem] = []

    def check(self, value, shape, path: list):
        """A copy of ``value`` with null fields dropped and control characters removed."""
        if isinstance(value, _Unfit):
            return self.fail(path, _("{value}{value2} is not a number a profile can "
                             "keep (at most {MAX_DIGITS} digits, no NaN or Infinity); put it in quotes as text").format(value=value[:40], value2='…' if len(value) > 40 else '', MAX_DIGITS=MAX_DIGITS))
        expected = str if shape == TEXT else type(shape) if shape is not None else None
        if expected is not None and not isinstance(value, expected):
            return self.fail(path, _("must be {EXAMPLES}, "
                             "not {kind}").format(EXAMPLES=_EXAMPLES[expected], kind=_kind(value)))
        if isinstance(value, str):
            return self.text_of(value, path)
        if isinstance(value, list):
            item = shape[0] if isinstance(shape, list) else None
            return [self.check(v, item, [*path, i]) for i, v in enumerate(value)]
        if isinstance(value, dict):
            fields = shape if isinstance(shape, dict) else {}
            out = {}
            for key, item in value.items():
                if _SURROGATE.search(key):
                    self.fail(path, _("has a key with a lone surrogate escape ({escape}), half of a "
                              "character; write the character itself").format(escape=_escape(key)))
                    continue
                if item is None and key in fields:  # null: as if the field were not there
                    continue
                out[key] = self.check(item, fields.get(key), [*path, key])
            return out
        return value

    def text_of(self, value: str, path: list) -> str:
        surrogate = _SURROGATE.search(value)
        if surrogate:
            return self.fail(path, _("holds a lone surrogate escape ({escape}), half of a "
                             "character that cannot be written as text; write the character itself, or remove it").format(escape=_escape(surrogate.group())))
        cleaned, removed = clean_text(value)
        if removed:
            self.warnings.append(control_warning(self.shown, _dotted(path), removed))
        return cleaned

    def fail(self, path: list, message: str) -> None:
        line, column = self._position(path)
        self.problems.append(Problem(self.shown, line, column, f"{_dotted(path)}: {message}"))
        return None

    def _position(self, path: list) -> tuple[int | None, int | None]:
        """Line and column of the value at ``path``, found by reading the text again along it."""
        try:
            index = _SPACE.match(self.text, 0).end()
            for part in path:
                index = self._child(index, part)
            return _line_column(self.text, index)
        except (ValueError, IndexError, TypeError):  # only a message's position is lost
            return None, None

    def _child(self, index: int, wanted) -> int:
        text, found, position = self.text, None, 0
        closing = "}" if text[index] == "{" else "]"
        index = _SPACE.match(text, index + 1).end()
        while text[index] != closing:
            if closing == "}":
                key, index = json.decoder.scanstring(text, index + 1)
                index = _SPACE.match(text, _SPACE.match(text, index).end() + 1).end()  # past ':'
            else:
                key = position
            if key == wanted:
                found = index  # (the last one, as json keeps the last of a repeated key)
            index = _SPACE.match(text, _DECODER.raw_decode(text, index)[1]).end()
            position += 1
            if text[index] == ",":
                index = _SPACE.match(text, index + 1).end()
        if found is None:
            raise ValueError(wanted)
        return found


def _dotted(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the document")


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return _("an object")
    return "null"


def _escape(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii") if len(text) < 20 else "\\u…"
