"""Frameworks as JSON: one object for the framework, with areas, competences and guidance.

    {"code": "UK-SPEC-CEng", "name": "...", "edition": "4th edition", "kind": "registration",
     "category": "CEng", "publisher": "Engineering Council", "year": 2020, "source_note": "...",
     "areas": [{"code": "A", "title": "...", "competences": [
         {"code": "A1", "title": "...", "description": "...",
          "guidance": {"trainee": "...", "supervised": "...", "practitioner": "...",
                       "expert": "..."}}]}]}

Errors name the line of the object they are about, so the parser remembers where each
object starts.
"""

import bisect
import json
from json.decoder import JSONObject
from json.scanner import py_make_scanner

from careermanager.competence.importers.common import (
    LEVELS,
    AreaData,
    CompetenceData,
    FrameworkData,
    FrameworkImportError,
    Problems,
    parse_checked_on,
    parse_year,
)

# Longer integers are kept as text: int() of thousands of digits is slow, then refused.
LONGEST_INTEGER = 18

FRAMEWORK_FIELDS = {
    "code",
    "name",
    "edition",
    "kind",
    "category",
    "publisher",
    "year",
    "source_note",
    "checked_on",
    "verification_note",
    "expected_level",
    "areas",
}
AREA_FIELDS = {"code", "title", "competences"}
COMPETENCE_FIELDS = {"code", "title", "description", "note", "guidance"}


class _Object(dict):
    """A JSON object that knows the line it starts on."""

    line = 0


class _LongNumber(str):
    """An integer too long to be any value the file may hold, kept as its digits."""


def _parse_int(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= LONGEST_INTEGER else _LongNumber(digits)


def _loads_with_lines(text: str) -> object:
    newlines = [index for index, char in enumerate(text) if char == "\n"]

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1]
        pairs, end = JSONObject(s_and_end, strict, scan_once, None, list, memo)
        obj = _Object()
        duplicates = []
        for key, value in pairs:
            if key in obj:
                duplicates.append(key)
            obj[key] = value
        obj.line = bisect.bisect_left(newlines, start) + 1
        if duplicates:
            obj["__duplicates__"] = duplicates
        return obj, end

    decoder = json.JSONDecoder(parse_int=_parse_int)
    decoder.parse_object = parse_object
    decoder.scan_once = py_make_scanner(decoder)
    return decoder.decode(text)


def parse(text: str) -> FrameworkData:
    try:
        root = _loads_with_lines(text)
    except json.JSONDecodeError as error:
        raise FrameworkImportError(
            [f"Line {error.lineno}: this is not valid JSON ({error.msg.lower()})."]
        ) from None
    except RecursionError:
        raise FrameworkImportError(["The JSON is nested too deeply."]) from None
    if not isinstance(root, _Object):
        raise FrameworkImportError(["Line 1: the file must hold one JSON object."])
    problems = Problems()
    _fields(root, FRAMEWORK_FIELDS, problems, "framework")
    framework = FrameworkData(
        code=_text(root, "code", problems),
        name=_text(root, "name", problems),
        edition=_text(root, "edition", problems),
        kind=_text(root, "kind", problems),
        category=_text(root, "category", problems),
        publisher=_text(root, "publisher", problems),
        year=parse_year(root.get("year"), root.line, problems),
        source_note=_text(root, "source_note", problems),
        line=root.line,
        checked_on=parse_checked_on(root.get("checked_on"), root.line, problems),
        verification_note=_text(root, "verification_note", problems),
        expected_level=_text(root, "expected_level", problems),
    )
    for area in _list(root, "areas", problems):
        if not isinstance(area, _Object):
            problems.add(root.line, "each item in “areas” must be an object.")
            continue
        _fields(area, AREA_FIELDS, problems, "area")
        area_data = AreaData(
            code=_text(area, "code", problems),
            title=_text(area, "title", problems),
            line=area.line,
        )
        framework.areas.append(area_data)
        for competence in _list(area, "competences", problems):
            if not isinstance(competence, _Object):
                problems.add(area.line, "each item in “competences” must be an object.")
                continue
            area_data.competences.append(_competence(competence, problems))
    problems.raise_if_any()
    return framework


def _competence(obj: _Object, problems: Problems) -> CompetenceData:
    _fields(obj, COMPETENCE_FIELDS, problems, "competence")
    guidance = obj.get("guidance")
    levels: dict[str, str] = {}
    if isinstance(guidance, _Object):
        _fields(guidance, set(LEVELS), problems, "guidance")
        levels = {level: _text(guidance, level, problems) for level in LEVELS}
    elif guidance is not None:
        problems.add(obj.line, "“guidance” must be an object with one text per level.")
    return CompetenceData(
        code=_text(obj, "code", problems),
        title=_text(obj, "title", problems),
        description=_text(obj, "description", problems),
        guidance=levels,
        line=obj.line,
        note=_text(obj, "note", problems),
    )


def _fields(obj: _Object, allowed: set[str], problems: Problems, what: str) -> None:
    for key in obj.pop("__duplicates__", []):
        problems.add(obj.line, f"the {what} has “{key}” twice.")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        names = ", ".join(f"“{key}”" for key in unknown)
        expected = ", ".join(sorted(allowed))
        problems.add(obj.line, f"unknown field {names} in the {what} (expected: {expected}).")


def _text(obj: _Object, key: str, problems: Problems) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        problems.add(obj.line, f"“{key}” must be text.")
        return ""
    if "\x00" in value:
        # Written as \u0000 in the file; PostgreSQL cannot keep it in a text column.
        problems.add(obj.line, f"“{key}” contains a NUL character.")
        return ""
    return value.strip()


def _list(obj: _Object, key: str, problems: Problems) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(obj.line, f"“{key}” must be a list.")
        return []
    return value
