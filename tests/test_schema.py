"""The published JSON Schema and the validator accept the same documents.

Documents are generated from the schema's own shapes (every key, list and mapping it
declares, values that fit each pattern and range) mixed with what does not fit (wrong types at
any depth, near misses of each pattern, numbers just out of range, control characters,
unknown keys), written as YAML and read by profilegen; jsonschema reads the same document.
Whatever one accepts, the other must accept. Every place of a document is tried on its own (8\nexamples each; a long run: PROFILEGEN_SCHEMA_EXAMPLES=500).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from profilegen import config, content
from profilegen.config import SCHEMA_URL, Settings, settings_from_text
from profilegen.content import FrontMatter
from profilegen.errors import UserError
from profilegen.schema import TEXT_PATTERN, Format, json_schema, load
from profilegen.yamlio import YamlDocument

SITE = json_schema(Settings, "profilegen site.yaml", SCHEMA_URL)
FRONT = json_schema(FrontMatter, "profilegen front matter", SCHEMA_URL)
FRONT_SHAPE = {**FRONT, "type": "object"}  # (what documents are made from; null, "no front matter", below)
FORMATS = {f.pattern: f for module in (config, content) for f in vars(module).values() if isinstance(f, Format)}
EXAMPLES = int(os.environ.get("PROFILEGEN_SCHEMA_EXAMPLES", "8"))  # per place

# Near misses: what a user writes that is almost a value of some shape.
TRICKY = ["", " ", "nl", "NL", "nl-BE", "nl ", "nl\n", "en, de", "a,b", ",", "2024", "2026-01-01",
          "2026-02-30", "2026-1-1", "_site", ".", "..", "../x", "/etc", "a/b", "a b", "x" * 256, "x" * 231,
          "build/" + "s" * 240, "you@example.nl", "you@example", "a@b.nl, c@d.nl", "https://x.github.io/r/",
          "https://[::1", "http://localhost:8000/", "https://x/?a=1", "https://x/#f", "mailto:a@b.nl",
          "ftp://x/", "mijn-pagina", "Mijn Pagina", "a\x00b", "a\x1bb", "a\x7fb", "tab\there", "één", "😀",
          "a\u200bb", "true", "null", "0x1F", "1e3", "default", "-", "a..b", "a-", "a_b.c"]


def json_values(depth: int = 2):
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
                        st.sampled_from(TRICKY))
    if depth == 0:
        return scalars
    inner = json_values(depth - 1)
    return st.one_of(scalars, st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3))


_ANY = json_values(1)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_NUMBER = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False))


_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
_HOST = st.lists(_WORD, min_size=1, max_size=3).map(".".join)
_PATH = st.lists(_WORD, max_size=3).map(lambda parts: "/" + "/".join(parts) + "/")
_EMAIL = st.builds("{}@{}.nl".format, _WORD, _WORD)
# Values of each Format that are cheap to make; from_regex (in the test of whole documents as
# declared) finds the corners of each pattern, but costs ~50 ms a value.
_POOLS = {
    "a language code": st.sampled_from(["nl", "en", "de", "fy", "pap", "nl-BE", "en-GB", "zh-Hant"]),
    "a URL name": st.one_of(st.lists(_WORD, min_size=1, max_size=4).map("-".join), st.just("a" * 255)),
    "a theme name": st.sampled_from(["default", "mijn-thema", "T_2", "a.b", "x" * 255]),
    "a layer name": st.sampled_from(["stand", "drives", "expertise", "experience", "insights", "vision", "future",
                                     "network"]),
    "a folder inside the profile folder": st.sampled_from(["_site", "docs", "build/site/", "./_site", "s" * 231]),
    "an e-mail address": _EMAIL,
    "a rule id or family": st.sampled_from(["tone", "privacy.phone", "focus.off-topic", "linkedin.post-too-long"]),
    "a full web address": st.builds("https://{}{}".format, _HOST, _PATH),
    "a web address or mailto: address": st.one_of(st.builds("https://{}{}".format, _HOST, _PATH),
                                                  _EMAIL.map("mailto:".__add__)),
}


def _regex(fmt: Format, exact: bool = False):
    if not exact:
        return _POOLS[fmt.label]
    return st.from_regex(fmt.body, fullmatch=True).filter(lambda s: fmt.max_length is None or len(s) <= fmt.max_length)


def valid(schema: dict, exact: bool = False):
    """Values of the shape ``schema`` declares: every key, list and mapping, patterns and ranges
    (``exact``: texts of every shape its pattern allows, slowly; else mostly from a pool)."""
    if "oneOf" in schema or "anyOf" in schema:
        return st.one_of(*[valid(s, exact) for s in schema.get("oneOf", schema.get("anyOf"))])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind, pattern = schema.get("type"), schema.get("pattern")
    if kind == "object" and "properties" in schema:
        props = {k: valid(v, exact) for k, v in schema["properties"].items()}
        required = schema.get("required", [])
        return st.fixed_dictionaries({k: props[k] for k in required},
                                     optional={k: v for k, v in props.items() if k not in required})
    if kind == "object":
        names = schema.get("propertyNames", {})
        keys = _regex(FORMATS[names["pattern"]], exact) if names.get("pattern") in FORMATS else _TEXT
        values = valid(schema["additionalProperties"], exact) if schema.get("additionalProperties") else _ANY
        return st.dictionaries(keys, values, max_size=3)
    if kind == "array":
        return st.lists(valid(schema["items"], exact), max_size=3)
    if kind == "integer":
        return st.integers(schema["minimum"], schema["maximum"])
    if kind == "boolean":
        return st.booleans()
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(str)
    if pattern in FORMATS:
        return _regex(FORMATS[pattern], exact)
    if kind == "string":  # a list of a Format written as one text, split at commas
        return st.lists(_regex(_item_format(pattern), exact), max_size=3).map(", ".join)
    if kind == ["string", "number"]:
        return st.one_of(_TEXT, _NUMBER)
    if kind == "null":
        return st.none()
    if schema == {}:
        return _ANY
    raise AssertionError(f"a schema shape the generator does not know: {schema}")


def _item_format(pattern: str) -> Format:
    return next(f for f in FORMATS.values() if f"(?:{f.body})" in pattern)


_CONTROL = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x80", "\x9f"])


def _spoiled(values):
    """A good text with one character put in that may not belong there."""
    bad = st.one_of(_CONTROL, st.sampled_from([" ", ",", "/", "\\", "..", "A", "é", "\n", "@", ":", "?", "#"]))
    return st.tuples(values, bad, st.integers(0, 300)).map(lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:])


def near(schema: dict):
    """What nearly fits ``schema``: a near miss of its pattern or range, a wrong type, a key too many."""
    if "oneOf" in schema or "anyOf" in schema:
        return st.one_of(*[near(s) for s in schema.get("oneOf", schema.get("anyOf"))])
    kind, pattern = schema.get("type"), schema.get("pattern")
    if "enum" in schema:
        options = [st.sampled_from(["Stand", "visie", "", "stand "])]
    elif kind == "object" and "properties" in schema:
        required = schema.get("required", [])
        options = [valid(schema).map(lambda d: {**d, "titel": 1})]
        if required:
            options.append(valid(schema).map(lambda d: {k: v for k, v in d.items() if k != required[-1]}))
    elif kind == "object":
        values = valid(schema["additionalProperties"]) if schema.get("additionalProperties") else _ANY
        options = [st.dictionaries(st.tuples(_TEXT, _CONTROL).map("".join), values, min_size=1, max_size=2),
                   st.dictionaries(st.sampled_from(TRICKY), values, min_size=1, max_size=2)]
    elif kind == "array":
        options = [st.lists(near(schema["items"]), min_size=1, max_size=2)]
    elif kind == "integer":
        low, high = schema["minimum"], schema["maximum"]
        options = [st.sampled_from([low - 1, high + 1, 1.5, 10**50, -10**50, True, "3", float(low), float(high)])]
    elif kind == "string" and schema.get("format") == "date":
        options = [st.sampled_from(["2026-02-30", "2026-1-1", "26-01-01", "2026-01-01 ", "2026-01-01T10:00",
                                    "0000-01-01", 20260101])]
    elif pattern in FORMATS:
        fmt = FORMATS[pattern]
        options = [st.just("a" * (fmt.max_length + 1))] if fmt.max_length else []
        options += [_spoiled(_regex(fmt)), st.sampled_from(TRICKY), st.integers(0, 3000)]
    elif kind == "string":
        item = _regex(_item_format(pattern))
        options = [st.tuples(st.lists(item, max_size=2), _spoiled(item)).map(lambda t: ", ".join([*t[0], t[1]]))]
    elif kind == ["string", "number"]:
        options = [st.tuples(_TEXT, _CONTROL, _TEXT).map("".join), _spoiled(_TEXT), st.booleans(),
                   st.lists(_TEXT, max_size=1)]
    else:
        options = []
    return st.one_of(*options, _ANY)


def _places(schema: dict, path=(), *, own: bool = True):
    """Every place in a document of ``schema`` that may hold a value, as a path of steps.
    (A branch of a oneOf or anyOf is no place of its own: a near miss of the whole is one of
    its branches'; only what lies inside a branch is.)"""
    if own:
        yield path
    if len(path) > 6:
        return
    for index, branch in enumerate(schema.get("oneOf", schema.get("anyOf", []))):
        yield from _places(branch, path + (("branch", index),), own=False)
    for key, inner in schema.get("properties", {}).items():
        yield from _places(inner, path + (("key", key),))
    if isinstance(schema.get("additionalProperties"), dict) and schema["additionalProperties"]:
        yield from _places(schema["additionalProperties"], path + (("value",),))
    if "items" in schema:
        yield from _places(schema["items"], path + (("item",),))


def _with_near_miss(schema: dict, path: tuple):
    """A document that fits ``schema`` but at ``path``, where it holds what nearly fits."""
    if not path:
        return near(schema)
    step, rest = path[0], path[1:]
    if step[0] == "branch":
        return _with_near_miss(schema.get("oneOf", schema.get("anyOf"))[step[1]], rest)
    if step[0] == "key":
        return st.tuples(valid(schema), _with_near_miss(schema["properties"][step[1]], rest)).map(
            lambda t: {**t[0], step[1]: t[1]})
    if step[0] == "value":
        names = schema.get("propertyNames", {})
        key = _regex(FORMATS[names["pattern"]]) if names.get("pattern") in FORMATS else _TEXT
        return st.tuples(valid(schema), key, _with_near_miss(schema["additionalProperties"], rest)).map(
            lambda t: {**t[0], t[1]: t[2]})
    return st.tuples(valid(schema), _with_near_miss(schema["items"], rest)).map(lambda t: [*t[0], t[1]])


def place_name(path: tuple) -> str:
    """'notes.per_page', 'i18n.*.topics[]': a place as a test id."""
    name = ""
    for step in path:
        name += {"key": f".{step[-1]}", "value": ".*", "item": "[]", "branch": ""}[step[0]]
    return name.lstrip(".") or "(the whole)"


def validator_of(schema: dict):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def as_yaml(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


CROSS_FIELD = ("'i18n.", "'cv.")  # rules between keys, which JSON Schema cannot say (see settings_from_text)


def profilegen_accepts_site(text: str) -> bool:
    try:
        settings_from_text(text)
    except UserError as exc:
        # The rules between fields run only once every value had its type: when they are all
        # that failed, the values themselves were accepted.
        return all(p.message.startswith(CROSS_FIELD) and ("is not another language" in p.message
                                                          or "which is not in 'cv.layers'" in p.message
                                                          or "a second time" in p.message)
                   or "must have as many topics" in p.message for p in exc.problems)
    return True


def profilegen_accepts_front_matter(text: str) -> bool:
    document = YamlDocument(text, "content/x.md", line_offset=1)
    try:
        load(document, FrontMatter)
    except UserError:
        return False
    finally:
        document.dispose()
    return True


def _agree(document, schema: dict, accepts) -> None:
    text = as_yaml(document)
    # (YAML reads NEL, U+0085, written in a text as a line break: that document is not this one)
    assume(yaml.load(text, Loader=yaml.CSafeLoader) == document)
    errors = [e.message for e in validator_of(schema).iter_errors(document)]
    ours = accepts(text)
    assert ours == (not errors), (f"profilegen {'accepts' if ours else 'refuses'} and the schema "
                                  f"{'refuses' if errors else 'accepts'}:\n{text}\nschema: {errors[:3]}")


_SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                            HealthCheck.data_too_large])


@pytest.mark.parametrize("path", list(_places(SITE)), ids=place_name)
@_SETTINGS
@given(data=st.data())
def test_site_yaml_the_validator_and_the_schema_accept_the_same(path, data):
    """site.yaml as declared but for one place that nearly fits: both accept it, or neither."""
    _agree(data.draw(_with_near_miss(SITE, path)), SITE, profilegen_accepts_site)


@pytest.mark.parametrize("path", list(_places(FRONT_SHAPE)), ids=place_name)
@_SETTINGS
@given(data=st.data())
def test_front_matter_the_validator_and_the_schema_accept_the_same(path, data):
    _agree(data.draw(_with_near_miss(FRONT_SHAPE, path)), FRONT, profilegen_accepts_front_matter)


@settings(_SETTINGS, max_examples=4 * EXAMPLES)
@given(site=valid(SITE, exact=True), front=valid(FRONT_SHAPE, exact=True))
def test_what_the_schema_declares_profilegen_reads(site, front):
    _agree(site, SITE, profilegen_accepts_site)
    _agree(front, FRONT, profilegen_accepts_front_matter)


@pytest.mark.parametrize("document, accepted", [
    ({"topics": "participatie, energietransitie"}, True),
    ({"topics": ["participatie", "energietransitie"]}, True),
    ({"topics": "testen"}, True),
    ({"topics": 12}, True),
    ({"topics": True}, False),
    ({"topics": [["a"]]}, False),
    ({"languages": "en, de"}, True),
    ({"languages": "en, Dutch"}, False),
    ({"check": {"allow_emails": "a@b.nl, c@d.nl"}}, True),
    ({"check": {"allow_emails": ["2026-01-01"]}}, False),
    ({"author": {"name": "X", "links": {"linkedin": [1]}}}, False),
    ({"base_url": "https://[::1"}, False),
    ({"output": "_si\x00te"}, False),
    ({"output": "build/site/"}, True),
    ({"output": "../elders"}, False),
    ({"theme": "/etc"}, False),
    ({"theme": "../../.."}, False),
    ({"theme": "mijn-thema"}, True),
    ({"title": "Drijf\x1bveren"}, False),
    ({"title": 2024}, True),
    ({"notes": {"per_page": 20.0}}, True),
    ({"notes": {"per_page": 0}}, False),
    ({"i18n": {"Engels": {}}}, False),
])
def test_chosen_site_documents(document, accepted):
    base = {"title": "T", "base_url": "https://x.github.io/r/", "author": {"name": "X"}}
    merged = {**base, **document}
    assert (not list(validator_of(SITE).iter_errors(merged))) is accepted
    assert profilegen_accepts_site(as_yaml(merged)) is accepted


@pytest.mark.parametrize("document, accepted", [
    (None, True),
    ([], False),
    ({"tags": [1, {"a": "b"}]}, False),
    ({"tags": [1, 2.5]}, True),
    ({"tags": "een, twee"}, True),
    ({"extra": {"a": [1, {"b": "c"}], "d": None}}, True),
    ({"order": 10**50}, False),
    ({"order": -3}, True),
    ({"slug": "a" * 256}, False),
    ({"slug": "a" * 255}, True),
    ({"slug": "drijf\x00veren"}, False),
    ({"slug": "2024"}, True),
    ({"date": "2026-02-30"}, False),
    ({"date": "2026-02-28"}, True),
    ({"layer": "visie"}, False),
])
def test_chosen_front_matter(document, accepted):
    assert (not list(validator_of(FRONT).iter_errors(document))) is accepted
    assert profilegen_accepts_front_matter(as_yaml(document)) is accepted


def test_a_list_of_text_is_a_list_or_one_text_in_the_schema():
    topics = SITE["properties"]["topics"]
    assert [branch.get("type") for branch in topics["oneOf"]] == ["array", ["string", "number"]]
    assert FRONT["properties"]["tags"]["oneOf"][0]["items"]["pattern"] == TEXT_PATTERN


def _patterns(schema) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return found.union(*map(_patterns, schema.values()))
    if isinstance(schema, list):
        return set().union(*map(_patterns, schema))
    return set()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node, as editors read the schema in JavaScript")
def test_every_pattern_means_the_same_to_python_and_to_an_editors_javascript():
    """jsonschema and the validator use Python's re; VS Code and other editors ECMA-262, with
    or without the u flag (an emoji is then two halves, and still text)."""
    patterns = sorted(_patterns([SITE, FRONT]))
    samples = [*TRICKY, "Sanne 😀 é", "a\ud800b", "\udc00", "x\u0085", "a\u2028b", "en,\n de", " , en ,, ",
               "you@example.nl,c@d.nl", "https://x.github.io/r/?q", "build//site", "x\n"]
    script = ("const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(['u', ''].map(f => patterns.map(p => samples.map("
              "s => new RegExp(p, f).test(s))))));")
    result = subprocess.run(["node", "-e", script], input=json.dumps([patterns, samples]), capture_output=True,
                            text=True, check=True)
    python = [[re.search(p, sample) is not None for sample in samples] for p in patterns]
    for flags, javascript in zip(["u", ""], json.loads(result.stdout)):
        for pattern, ours, theirs in zip(patterns, python, javascript):
            differ = [sample for sample, a, b in zip(samples, ours, theirs) if a != b]
            assert not differ, f"/{pattern}/{flags} reads {differ!r} otherwise in JavaScript"
