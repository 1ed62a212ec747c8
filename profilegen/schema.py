"""Typed settings from YAML nodes, and the JSON Schema of the same types.

Settings and front matter are frozen dataclasses whose fields carry a description; this module
turns a YAML node tree into those dataclasses (gathering every problem with its position) and
prints the same types as JSON Schema for editors. One declaration, three uses: validation,
the schema and the README reference.

Every value is checked against its declared type, items of lists and values of mappings
included, by ``_Validator.convert``; ``_schema_of`` writes the same type as JSON Schema. What is
more than a JSON type (a language code, a URL name, a number's range) is declared once, as a
``Format`` (one regular expression, read alike by Python's ``re`` and by editors' ECMA-262) or
a ``Whole`` range, and both sides use that one declaration, so what the validator accepts, the
published schema accepts, and the other way round (tests/test_schema.py generates documents
to hold them to it). The rules of the types:

- text: YAML text, or a number or date kept exactly as written (a title ``2024`` is text to its
  writer); never a control character (they are invisible, and break the feed) or half of a
  surrogate pair. In the schema: a string or a number.
- a list of text may also be written as one text, split at its commas: ``topics: participatie,
  energietransitie`` means two topics, as it reads, for ``topics``, ``tags`` and every other
  list of text alike. (Refusing the short form would fail the many users who write it; taking
  it as one item, as before, silently made one topic of two.) In the schema: ``oneOf`` a list
  or a text.
- a Format (slug, language code, e-mail, web address, folder name) is text only, never a
  number: ``slug: 2024`` must be quoted, because a number's spelling is not kept by JSON.
- a whole number lies in its range (by default within ±1,000,000,000); 20.0 is 20, as in JSON.
- any (``extra``): any value JSON can hold, and dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from dataclasses import field
from typing import Annotated, Any, Literal, Union

from yaml import MappingNode, ScalarNode, SequenceNode

from profilegen.errors import Problem, UserError, did_you_mean
from profilegen.yamlio import YamlDocument
from profilegen.messages import N_, _


def doc(description: str, *, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING,
        examples: list | None = None) -> Any:
    """A dataclass field with the description that the schema and README show."""
    meta = {"description": description, "examples": examples}
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


# Characters text may not hold: C0 controls but tab and newline, DEL and C1 controls (invisible,
# and not allowed in XML), and surrogates (half a character, from a "\ud800" escape: it cannot be
# written as UTF-8). In the schema, a surrogate counts only when it is not one of a pair: an
# editor's regular expression may see an emoji as two halves.
_CONTROLS = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f"
TEXT_PATTERN = (rf"^(?![\s\S]*(?:[{_CONTROLS}]|[\ud800-\udbff](?![\udc00-\udfff])"
                r"|(?<![\ud800-\udbff])[\udc00-\udfff]))")
_TEXT_BAD = re.compile(rf"[{_CONTROLS}\ud800-\udfff]")
_SPACE = " \t\n"  # what is stripped around the items of a text split at commas


@dataclasses.dataclass(frozen=True)
class Format:
    """Text of one shape. ``body`` alone decides what is accepted (with ``max_length``), in the
    validator and in the JSON Schema; ``explain`` only words why a value is refused.

    ``body`` is unanchored and written in what Python's re and ECMA-262 read alike; it must
    never match a comma, a space, a tab or a newline at its ends, so that a list of values
    written as one text split at commas is one pattern too.
    """

    label: str            # "a language code": what the value must be, in messages
    plural: str           # "language codes": in the README's "list of …"
    body: str
    example: str          # "such as 'nl', 'en' or 'nl-BE'"
    max_length: int | None = None
    too_long: str = ""    # why there is a maximum
    explain: typing.Callable[[str], "str | None"] | None = None

    @functools.cached_property
    def _regex(self) -> re.Pattern:
        return re.compile(self.body)

    @property
    def pattern(self) -> str:
        # (`$` alone would also match before a final newline in Python's re, as jsonschema uses it.)
        return f"^(?:{self.body})$(?!\\n)"

    def problem(self, value: str) -> str | None:
        """Why ``value`` is refused (a message after the key's name), or None when it fits."""
        if self.max_length is not None and len(value) > self.max_length:
            return (_("is {count} characters long; it can be at most {max_length}").format(count=len(value), max_length=self.max_length)
                    + (f" ({_(self.too_long)})" if self.too_long else ""))
        if self._regex.fullmatch(value):
            return None
        closer = self.explain(value) if self.explain else None
        return closer or _("must be {label} {example} (got {value})").format(label=_(self.label), example=_(self.example), value=shown(value))


@dataclasses.dataclass(frozen=True)
class Whole:
    """The range of a whole number."""

    minimum: int = -1_000_000_000
    maximum: int = 1_000_000_000


WHOLE = Whole()


def formatted(fmt: Format) -> Any:
    """The declared type of text in ``fmt``'s shape: ``language: formatted(LANGUAGE)``."""
    return Annotated[str, fmt]


def whole(minimum: int = WHOLE.minimum, maximum: int = WHOLE.maximum) -> Any:
    return Annotated[int, Whole(minimum, maximum)]


def shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message: invisible characters as escapes, long ones cut."""
    return f"'{printable(value if len(value) <= limit else value[:limit - 1] + '…')}'"


def printable(text: str) -> str:
    """``text`` on one line of a message: invisible characters written as escapes (\\n, \\x00)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape", "backslashreplace").decode()
                   for c in text)


_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in
                                                ("str", "int", "float", "bool", "null", "timestamp"))
_AS_WRITTEN = frozenset({_STR, _INT, _FLOAT, _TIMESTAMP})  # what may stand for text
_YAML_KINDS = {_STR: N_("text"), _INT: N_("a number"), _FLOAT: N_("a number"), _BOOL: N_("true/false"),
               _NULL: N_("nothing (null)"), _TIMESTAMP: N_("a date")}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BAD = object()  # what a value that failed becomes: its problem is already recorded


@functools.cache
def _hints(cls) -> dict:
    """Resolved field types of a settings class; resolving them per file was most of load time."""
    return typing.get_type_hints(cls, include_extras=True)


@functools.cache
def _fields(cls) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)}


@functools.cache
def _shape(tp) -> tuple:
    """(origin, args) of a declared type: worked out once, not for every value of every file."""
    return typing.get_origin(tp), typing.get_args(tp)


def _unwrap(tp) -> tuple[Any, Any]:
    """(the plain type, its Format or Whole or None) of a possibly Annotated type."""
    origin, args = _shape(tp)
    if origin is Annotated:
        return args[0], args[1]
    return tp, None


def _text_like(tp) -> bool:
    return _unwrap(tp)[0] is str


def _kind(node) -> str:
    if isinstance(node, MappingNode):
        return _("a mapping (key: value lines)")
    if isinstance(node, SequenceNode):
        return _("a list")
    return _(_YAML_KINDS.get(node.tag, N_("a value")))


def _quote_hint(node, fmt: Format | None = None) -> str:
    """Advice for a number, date or true/false that was meant as text (when quoting would do)."""
    if isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT, _TIMESTAMP, _BOOL, _NULL) and node.value \
            and (fmt is None or fmt.problem(node.value) is None):
        return _("; to mean the text, put it between quotes ('{value}')").format(value=node.value)
    return ""


class _Validator:
    def __init__(self, document: YamlDocument) -> None:
        self.doc = document
        self.problems: list[Problem] = []

    def fail(self, node, message: str):
        self.problems.append(self.doc.problem(node, message))
        return _BAD

    def wrong(self, node, path: str, expected: str):
        return self.fail(node, _("'{path}' must be {expected}, not {kind}").format(path=path, expected=expected, kind=_kind(node)))

    def convert(self, node, tp, path: str):
        """The value of ``node`` as type ``tp``, or _BAD (with its problems recorded)."""
        origin, args = _shape(tp)
        if origin in (Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if isinstance(node, ScalarNode) and node.tag == _NULL:
                return None
            return self.convert(node, inner[0], path)
        plain, rule = _unwrap(tp)
        if dataclasses.is_dataclass(plain):
            return self.mapping_to_dataclass(node, plain, path)
        if origin is list:
            return self.list(node, args[0], path)
        if origin is dict:
            return self.mapping(node, args[0], args[1], path)
        if origin is Literal:
            value = self.text(node, path)
            if value is not _BAD and value not in args:
                choices = ", ".join(map(str, args))
                return self.fail(node, _("'{path}' must be one of {choices}, not {value}"
                                       "{did_you_mean}").format(path=path, choices=choices, value=shown(value), did_you_mean=did_you_mean(value, args)))
            return value
        if tp is Any:
            return self.any(node, path)
        if plain is str:
            return self.text(node, path, rule)
        if plain is int:
            return self.whole(node, path, rule or WHOLE)
        if plain is bool:
            if isinstance(node, ScalarNode) and node.tag == _BOOL:
                return self.doc.construct(node)
            return self.wrong(node, path, "true or false")
        if plain is dt.date:
            return self.date(node, path)
        raise TypeError(f"unsupported settings type {tp!r}")  # a bug in our declarations

    def text(self, node, path: str, fmt: Format | None = None, *, allowed=_AS_WRITTEN):
        if fmt is not None:
            allowed = {_STR}
        if not isinstance(node, ScalarNode) or node.tag not in allowed:
            expected = f"{_(fmt.label)} {_(fmt.example)}" if fmt else _("text")
            return self.fail(node, _("'{path}' must be {expected}, not {kind}{quote_hint}").format(path=path, expected=expected, kind=_kind(node), quote_hint=_quote_hint(node, fmt)))
        value = node.value
        return self.checked(node, path, value, fmt)

    def checked(self, node, path: str, value: str, fmt: Format | None):
        """``value`` when it is good text (of ``fmt``'s shape), else _BAD."""
        if fmt is not None:
            message = fmt.problem(value)
            return value if message is None else self.fail(node, f"'{path}' {message}")
        bad = _TEXT_BAD.search(value)
        if bad is None:
            return value
        char = ord(bad.group())
        if 0xD800 <= char <= 0xDFFF:
            return self.fail(node, _("'{path}' holds U+{char:04X}, half of a character (from a \\u escape); "
                                   "write the whole character instead").format(path=path, char=char))
        return self.fail(node, _("'{path}' holds the control character U+{char:04X} (invisible; from a "
                               "\\ escape or pasted text), which cannot be shown or put in a feed; remove it").format(path=path, char=char))

    def list(self, node, item, path: str):
        if isinstance(node, ScalarNode) and node.tag != _NULL and _text_like(item):
            # One text for a list of text: its items are split at commas ("a, b" is two).
            fmt = _unwrap(item)[1]
            if node.tag not in ({_STR} if fmt else _AS_WRITTEN):
                return self.fail(node, _("'{path}' must be a list of {value}, not "
                                       "{kind}{quote_hint}").format(path=path, value=_(fmt.plural) if fmt else _('text'), kind=_kind(node), quote_hint=_quote_hint(node, fmt)))
            pieces = [p.strip(_SPACE) for p in node.value.split(",")]
            values = [self.checked(node, f"{path}[{i}]", p, fmt) for i, p in enumerate(q for q in pieces if q)]
            return _BAD if _BAD in values else values
        if not isinstance(node, SequenceNode):
            return self.wrong(node, path, "a list")
        values = [self.convert(child, item, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return _BAD if any(v is _BAD for v in values) else values

    def mapping(self, node, key_type, value_type, path: str):
        if not isinstance(node, MappingNode):
            return self.wrong(node, path, _("a mapping (key: value lines)"))
        self.doc.flatten(node)
        fmt = _unwrap(key_type)[1]
        out, failed = {}, False
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is _BAD:
                failed = True
                continue
            where = f"{path}.{printable(key)}"
            if self.checked(key_node, where, key, fmt) is _BAD:
                failed = True
                continue
            if key in out:
                self.fail(key_node, f"'{where}' is given twice")
                failed = True
                continue
            value = self.convert(value_node, value_type, where)
            failed = failed or value is _BAD
            out[key] = value
        return _BAD if failed else out

    def key(self, key_node, path: str):
        if not isinstance(key_node, ScalarNode):
            return self.fail(key_node, _("a key under '{value}' must be a plain word").format(value=path or 'the top level'))
        return str(key_node.value)

    def whole(self, node, path: str, rule: Whole):
        expected = _("a whole number from {minimum:,} to {maximum:,}").format(minimum=rule.minimum, maximum=rule.maximum)
        if not isinstance(node, ScalarNode) or node.tag not in (_INT, _FLOAT):
            return self.wrong(node, path, expected)
        if len(node.value.lstrip("+-0").replace("_", "")) > 40:  # (before Python spends time on it)
            return self.fail(node, _("'{path}' is far too large a number ({count:,} characters); "
                                   "it must be {expected}").format(path=path, count=len(node.value), expected=expected))
        value = self.doc.construct(node)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
                return self.fail(node, _("'{path}' must be {expected}, not {value}").format(path=path, expected=expected, value=node.value))
            value = int(value)
        if not rule.minimum <= value <= rule.maximum:
            return self.fail(node, _("'{path}' must be {expected}, not {value}").format(path=path, expected=expected, value=node.value))
        return value

    def date(self, node, path: str):
        expected = _("a date written as YYYY-MM-DD")
        if not isinstance(node, ScalarNode) or node.tag not in (_TIMESTAMP, _STR):
            return self.wrong(node, path, expected)
        if node.tag == _STR and not _DATE.fullmatch(node.value):
            return self.fail(node, _("'{path}' must be {expected}, not {value}").format(path=path, expected=expected, value=shown(node.value)))
        try:
            if node.tag == _STR:
                return dt.date.fromisoformat(node.value)
            value = self._loader_value(node)
        except ValueError as exc:
            return self.fail(node, _("'{path}' is not a real date: {value} ({exc})").format(path=path, value=node.value, exc=exc))
        return value.date() if isinstance(value, dt.datetime) else value

    def _loader_value(self, node):
        return self.doc._loader.construct_object(node, deep=True)  # (ValueError for 2026-13-45)

    def any(self, node, path: str):
        """Any value JSON can hold (and dates), as plain Python values; keys as written."""
        if isinstance(node, ScalarNode):
            if node.tag == _INT and len(node.value) > 4000:
                return self.fail(node, _("'{path}' is far too large a number ({count:,} characters)").format(path=path, count=len(node.value)))
            if node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
                return self.fail(node, _("'{path}' has the YAML type {tag}, which templates cannot use; "
                                       "write plain text, numbers, lists or key: value lines").format(path=path, tag=node.tag))
            try:
                value = self._loader_value(node)
            except ValueError as exc:
                return self.fail(node, _("'{path}' is not a valid value: {value} ({exc})").format(path=path, value=shown(node.value), exc=exc))
            if isinstance(value, int) and value.bit_length() > 13_000:  # (~3,900 digits: Python prints 4,300)
                return self.fail(node, _("'{path}' is far too large a number").format(path=path))
            return value
        if isinstance(node, SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            values = [self.any(child, f"{path}[{i}]") for i, child in enumerate(node.value)]
            return _BAD if any(v is _BAD for v in values) else values
        if isinstance(node, MappingNode) and node.tag == "tag:yaml.org,2002:map":
            self.doc.flatten(node)
            out, failed = {}, False
            for key_node, value_node in node.value:
                key = self.key(key_node, path)
                if key is _BAD or key in out:
                    failed = True
                    if key is not _BAD:
                        self.fail(key_node, f"'{path}.{printable(key)}' is given twice")
                    continue
                out[key] = value = self.any(value_node, f"{path}.{printable(key)}")
                failed = failed or value is _BAD
            return _BAD if failed else out
        return self.fail(node, _("'{path}' has the YAML type {tag}, which templates cannot use; "
                               "write plain text, numbers, lists or key: value lines").format(path=path, tag=node.tag))

    def mapping_to_dataclass(self, node, cls, path: str):
        if not isinstance(node, MappingNode):
            if not path:
                return self.fail(node, _("the file must hold key: value lines (such as title: …), not {kind}").format(kind=_kind(node)))
            return self.wrong(node, path, _("a mapping (key: value lines)"))
        self.doc.flatten(node)
        fields = _fields(cls)
        hints = _hints(cls)
        values: dict[str, Any] = {}
        seen: set[str] = set()
        before = len(self.problems)
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is _BAD:
                continue
            where = f"{path}.{key}" if path else key
            if key not in fields:
                self.fail(key_node, _("unknown key {where}{did_you_mean}").format(where=shown(where), did_you_mean=did_you_mean(key, fields)))
                continue
            if key in seen:
                self.fail(key_node, _("'{where}' is given twice").format(where=where))
                continue
            seen.add(key)
            values[key] = self.convert(value_node, hints[key], where)
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in seen:
                where = f"{path}.{name}" if path else name
                self.fail(node, _("'{where}' is required: {metadata}").format(where=where, metadata=f.metadata.get('description', '')).rstrip(": "))
        if len(self.problems) > before:
            return _BAD
        # A key written with no value (`role:`) means "not set": fall back to the default.
        values = {k: v for k, v in values.items() if v is not None or _default_of(fields[k]) is None}
        return cls(**values)


def _default_of(f: dataclasses.Field):
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _is_empty(root) -> bool:
    return root is None or (isinstance(root, ScalarNode) and root.tag == _NULL)


def load(document: YamlDocument, cls, *, empty_ok: bool = True):
    """Validate a composed YAML document into ``cls``; raise every problem at once."""
    validator = _Validator(document)
    root = document.root
    if _is_empty(root):
        if not empty_ok:
            needed = [f.name for f in dataclasses.fields(cls) if _default_of(f) is dataclasses.MISSING]
            raise UserError(document.problem(None, _("the file holds no settings (it is empty, or only comments); "
                                                   "it needs at least {names} (run 'profilegen init' in "
                                                   "a new folder to see an example)").format(names=_and(needed))))
        root = MappingNode("tag:yaml.org,2002:map", [], None, None)
    try:
        value = validator.mapping_to_dataclass(root, cls, "")
    except UserError as exc:  # (a value that YAML itself cannot make, such as a broken merge key)
        validator.problems.extend(exc.problems)
    if validator.problems:
        raise UserError(validator.problems)
    return value


def _and(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)


# --- JSON Schema -------------------------------------------------------------------------

_TEXT_SCHEMA = {"type": ["string", "number"], "pattern": TEXT_PATTERN}


def _text_schema(fmt: Format | None) -> dict:
    if fmt is None:
        return dict(_TEXT_SCHEMA)
    schema = {"type": "string", "pattern": fmt.pattern, "patternErrorMessage": f"{fmt.label} {fmt.example}"}
    if fmt.max_length is not None:
        schema["maxLength"] = fmt.max_length
    return schema


def _split_schema(fmt: Format | None) -> dict:
    """The schema of a list of text written as one text split at commas."""
    if fmt is None:  # (each stripped piece is free of control characters when the whole is)
        return dict(_TEXT_SCHEMA)
    if fmt.max_length is not None:
        raise TypeError(f"a list of {fmt.plural} cannot be written as one text")  # a bug in our declarations
    space, item = "[ \\t\\n]", f"(?:{fmt.body})"
    return {"type": "string", "pattern": f"^[ \\t\\n,]*(?:{item}(?:{space}*,[ \\t\\n,]*{item})*)?[ \\t\\n,]*$",
            "patternErrorMessage": f"{fmt.plural}, separated by commas"}


def _schema_of(tp) -> dict:
    origin, args = _shape(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [_schema_of(inner[0]), {"type": "null"}]}
    plain, rule = _unwrap(tp)
    if dataclasses.is_dataclass(plain):
        return _object_schema(plain)
    if origin is list:
        array = {"type": "array", "items": _schema_of(args[0])}
        if _text_like(args[0]):
            return {"oneOf": [array, _split_schema(_unwrap(args[0])[1])]}
        return array
    if origin is dict:
        schema = {"type": "object", "propertyNames": _text_schema(_unwrap(args[0])[1]),
                  "additionalProperties": _schema_of(args[1])}
        schema["propertyNames"].pop("type")  # (names are always strings)
        return schema
    if origin is Literal:
        return {"enum": list(args)}
    if tp is Any:
        return {}
    if plain is str:
        return _text_schema(rule)
    if plain is int:
        rule = rule or WHOLE
        return {"type": "integer", "minimum": rule.minimum, "maximum": rule.maximum}
    if plain is bool:
        return {"type": "boolean"}
    if plain is dt.date:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$(?!\\n)"}
    raise TypeError(f"unsupported settings type {tp!r}")


def _object_schema(cls) -> dict:
    hints = _hints(cls)
    properties, required = {}, []
    for f in dataclasses.fields(cls):
        prop = _schema_of(hints[f.name])
        if f.metadata.get("description"):
            prop["description"] = f.metadata["description"]
        if f.metadata.get("examples"):
            prop["examples"] = f.metadata["examples"]
        default = _default_of(f)
        if default is dataclasses.MISSING:
            required.append(f.name)
        elif not dataclasses.is_dataclass(default):
            prop["default"] = default
        properties[f.name] = prop
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split())
    if required:
        schema["required"] = required
    return schema


def json_schema(cls, title: str, schema_id: str) -> dict:
    schema = _object_schema(cls)
    if "required" not in schema:  # (an empty document, null to JSON, is read as no keys at all)
        schema["type"] = ["object", "null"]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, "title": title, **schema}


def _label(tp, plural: bool = False) -> str:
    origin, args = _shape(tp)
    if origin in (Union, types.UnionType):
        return _label([a for a in args if a is not type(None)][0], plural)
    plain, rule = _unwrap(tp)
    if origin is list:
        if plural:
            return f"lists of {_label(args[0], True)}"
        return f"list of {_label(args[0], True)}" + (", or text with commas" if _text_like(args[0]) else "")
    if origin is dict:
        return f"mapping of {_label(args[1], True)}"
    if origin is Literal:
        return " \\| ".join(args)
    if isinstance(rule, Format):
        return rule.plural if plural else rule.label.removeprefix("a ").removeprefix("an ")
    if isinstance(rule, Whole) and rule != WHOLE:
        return f"number, {rule.minimum} or more" if rule.maximum == WHOLE.maximum else \
            f"number, {rule.minimum:,} to {rule.maximum:,}"
    return {str: "text", int: "number", bool: "true/false", dt.date: "date", Any: "any"}.get(plain, "mapping")


def reference_table(cls, prefix: str = "") -> str:
    """The README's settings reference as a Markdown table, from the same declarations."""
    rows = ["| key | type | default | what it does |", "| --- | --- | --- | --- |"]

    def walk(klass, path_prefix: str) -> None:
        hints = _hints(klass)
        for f in dataclasses.fields(klass):
            path, tp = f"{path_prefix}{f.name}", hints[f.name]
            inner = [a for a in typing.get_args(tp) if a is not type(None)] \
                if typing.get_origin(tp) in (Union, types.UnionType) else [tp]
            default = _default_of(f)
            if dataclasses.is_dataclass(inner[0]):
                rows.append(f"| `{path}` | mapping | | {f.metadata.get('description', '')} |")
                walk(inner[0], path + ".")
                continue
            shown_default = "*required*" if default is dataclasses.MISSING else (
                "" if default in (None, [], {}) else f"`{str(default).lower() if isinstance(default, bool) else default}`")
            rows.append(f"| `{path}` | {_label(tp)} | {shown_default} | {f.metadata.get('description', '')} |")

    walk(cls, prefix)
    return "\n".join(rows) + "\n"
