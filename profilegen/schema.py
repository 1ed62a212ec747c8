"""Typed settings from YAML nodes, and the JSON Schema of the same types.

Settings and front matter are frozen dataclasses whose fields carry a description; this module
turns a YAML node tree into those dataclasses (gathering every problem with its position) and
prints the same types as JSON Schema for editors. One declaration, three uses: validation,
the schema and the README reference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import field
from typing import Any, Literal, Union

from yaml import MappingNode, ScalarNode, SequenceNode

from profilegen.errors import Problem, UserError, did_you_mean
from profilegen.yamlio import YamlDocument

Check = typing.Callable[[Any], "str | None"]  # returns an error message or None


def doc(description: str, *, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING,
        check: Check | None = None, examples: list | None = None) -> Any:
    """A dataclass field with the description that the schema and README show."""
    meta = {"description": description, "check": check, "examples": examples}
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


_YAML_KINDS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


@functools.cache
def _hints(cls) -> dict:
    """Resolved field types of a settings class; resolving them per file was most of load time."""
    return typing.get_type_hints(cls)


@functools.cache
def _fields(cls) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)}


@functools.cache
def _shape(tp) -> tuple:
    """(origin, args) of a declared type: worked out once, not for every value of every file."""
    return typing.get_origin(tp), typing.get_args(tp)


def _kind(node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    return _YAML_KINDS.get(node.tag, "a value")


class _Validator:
    def __init__(self, document: YamlDocument) -> None:
        self.doc = document
        self.problems: list[Problem] = []

    def fail(self, node, message: str) -> None:
        self.problems.append(self.doc.problem(node, message))

    def convert(self, node, tp, path: str):
        origin, args = _shape(tp)
        if origin in (Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                return None
            return self.convert(node, inner[0], path)
        if dataclasses.is_dataclass(tp):
            return self.mapping_to_dataclass(node, tp, path)
        if origin is list:
            if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null":
                node = SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark)
            if not isinstance(node, SequenceNode):
                return self.wrong(node, path, "a list")
            return [self.convert(item, args[0], f"{path}[{i}]") for i, item in enumerate(node.value)]
        if origin is dict:
            if not isinstance(node, MappingNode):
                return self.wrong(node, path, "a mapping (key: value lines)")
            out = {}
            for key_node, value_node in node.value:
                key = self.key(key_node, path)
                if key is not None:
                    out[key] = self.convert(value_node, args[1], f"{path}.{key}")
            return out
        if origin is Literal:
            value = self.scalar(node, str, path)
            if value is not None and value not in args:
                choices = ", ".join(map(str, args))
                self.fail(node, f"'{path}' must be one of {choices}, not '{value}'{did_you_mean(value, args)}")
                return None
            return value
        if tp is Any:
            return self.doc.construct(node)
        return self.scalar(node, tp, path)

    def wrong(self, node, path: str, expected: str):
        self.fail(node, f"'{path}' must be {expected}, not {_kind(node)}")
        return None

    def key(self, key_node, path: str) -> str | None:
        if not isinstance(key_node, ScalarNode):
            self.fail(key_node, f"a key under '{path or 'the top level'}' must be a plain word")
            return None
        return str(key_node.value)

    def scalar(self, node, tp, path: str):
        if not isinstance(node, ScalarNode):
            return self.wrong(node, path, {str: "text", int: "a whole number", bool: "true or false",
                                           dt.date: "a date (YYYY-MM-DD)"}.get(tp, "a single value"))
        if tp is str:
            # A title like `2024` or `1.0` is text to the user; keep it exactly as written.
            if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                return node.value
            return self.wrong(node, path, "text")
        try:
            value = self.doc.construct(node)
        except UserError as exc:
            self.problems.extend(exc.problems)
            return None
        if tp is bool:
            return value if isinstance(value, bool) else self.wrong(node, path, "true or false")
        if tp is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
            return value if ok else self.wrong(node, path, "a whole number")
        if tp is dt.date:
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value.strip()[:10])
                except ValueError:
                    pass
            return self.wrong(node, path, "a date written as YYYY-MM-DD")
        raise TypeError(f"unsupported settings type {tp!r}")  # a bug in our declarations

    def mapping_to_dataclass(self, node, cls, path: str):
        if not isinstance(node, MappingNode):
            return self.wrong(node, path or "the file", "a mapping (key: value lines)")
        fields = _fields(cls)
        hints = _hints(cls)
        values: dict[str, Any] = {}
        seen: set[str] = set()
        before = len(self.problems)
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            where = f"{path}.{key}" if path else key
            if key not in fields:
                self.fail(key_node, f"unknown key '{where}'{did_you_mean(key, fields)}")
                continue
            if key in seen:
                self.fail(key_node, f"'{where}' is given twice")
                continue
            seen.add(key)
            value = self.convert(value_node, hints[key], where)
            check = fields[key].metadata.get("check")
            if value is not None and check is not None:
                message = check(value)
                if message:
                    self.fail(value_node, f"'{where}' {message}")
            values[key] = value
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in seen:
                where = f"{path}.{name}" if path else name
                self.fail(node, f"'{where}' is required: {f.metadata.get('description', '')}".rstrip(": "))
        if len(self.problems) > before:
            return None
        # A key written with no value (`role:`) means "not set": fall back to the default.
        values = {k: v for k, v in values.items() if v is not None or _default_of(fields[k]) is None}
        return cls(**values)


def _default_of(f: dataclasses.Field):
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def load(document: YamlDocument, cls, *, empty_ok: bool = True):
    """Validate a composed YAML document into ``cls``; raise every problem at once."""
    validator = _Validator(document)
    root = document.root
    if root is None or (isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null"):
        root = MappingNode("tag:yaml.org,2002:map", [], None, None)
        if not empty_ok:
            validator.problems.append(document.problem(None, "the file is empty"))
    value = validator.mapping_to_dataclass(root, cls, "")
    if validator.problems:
        raise UserError(validator.problems)
    return value


# --- JSON Schema -------------------------------------------------------------------------

def _schema_of(tp) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [_schema_of(inner[0]), {"type": "null"}]}
    if dataclasses.is_dataclass(tp):
        return _object_schema(tp)
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1])}
    if origin is Literal:
        return {"enum": list(args)}
    if tp is Any:
        return {}
    return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"},
            dt.date: {"type": "string", "format": "date"}}[tp]


def _object_schema(cls) -> dict:
    hints = typing.get_type_hints(cls)
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
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id,
            "title": title, **_object_schema(cls)}


def _label(tp) -> str:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        return _label([a for a in args if a is not type(None)][0])
    if origin is list:
        return f"list of {_label(args[0])}"
    if origin is dict:
        return f"mapping of {_label(args[1])}"
    if origin is Literal:
        return " \\| ".join(args)
    return {str: "text", int: "number", bool: "true/false", dt.date: "date", Any: "any"}.get(tp, "mapping")


def reference_table(cls, prefix: str = "") -> str:
    """The README's settings reference as a Markdown table, from the same declarations."""
    rows = ["| key | type | default | what it does |", "| --- | --- | --- | --- |"]

    def walk(klass, path_prefix: str) -> None:
        hints = typing.get_type_hints(klass)
        for f in dataclasses.fields(klass):
            path, tp = f"{path_prefix}{f.name}", hints[f.name]
            inner = [a for a in typing.get_args(tp) if a is not type(None)] \
                if typing.get_origin(tp) in (Union, types.UnionType) else [tp]
            default = _default_of(f)
            if dataclasses.is_dataclass(inner[0]):
                rows.append(f"| `{path}` | mapping | | {f.metadata.get('description', '')} |")
                walk(inner[0], path + ".")
                continue
            shown = "*required*" if default is dataclasses.MISSING else (
                "" if default in (None, [], {}) else f"`{str(default).lower() if isinstance(default, bool) else default}`")
            rows.append(f"| `{path}` | {_label(tp)} | {shown} | {f.metadata.get('description', '')} |")

    walk(cls, prefix)
    return "\n".join(rows) + "\n"
