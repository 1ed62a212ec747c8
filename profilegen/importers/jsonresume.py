"""A JSON Resume file (https://jsonresume.org) -> the neutral shape, private fields left out."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from profilegen.config import read_text
from profilegen.errors import Problem, UserError
from profilegen.importers import ImportResult

PRIVATE_BASICS = {"email": "your e-mail address is private (set author.email in site.yaml if it is public)",
                  "phone": "your phone number is private"}
PRIVATE_LOCATION = {"address": "your street address", "postalCode": "your postcode"}


def read_json_resume(path: Path) -> ImportResult:
    shown = str(path)
    text = read_text(path, shown)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(Problem(shown, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")) from None
    if not isinstance(data, dict) or not isinstance(data.get("basics"), dict) or not data["basics"].get("name"):
        raise UserError(Problem(shown, 1, 1, "this JSON is not a JSON Resume: it needs a \"basics\" object with "
                                "a \"name\" (see https://jsonresume.org/schema)"))
    resume = copy.deepcopy(data)
    left_out = []
    basics = resume["basics"]
    for key, what in PRIVATE_BASICS.items():
        if basics.pop(key, None):
            left_out.append(f"basics.{key}: {what}")
    location = basics.get("location") or {}
    for key, what in PRIVATE_LOCATION.items():
        if location.pop(key, None):
            left_out.append(f"basics.location.{key}: {what} is private")
    if resume.pop("references", None):
        left_out.append("references: other people's words and names, theirs to publish")
    return ImportResult(resume, left_out)
