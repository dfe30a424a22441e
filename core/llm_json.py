"""Tolerant reading of what small models really write, before pydantic validates it.

A 1.5B model asked for JSON wraps it in prose or ```json fences, emits two objects, leaves trailing commas,
repeats keys, writes Python literals or single quotes, puts the filters at the top level, or answers a bare list
of picks. Each of these is repaired here with plain string work and `json.loads` (never eval), and each repair
applied is named so the stage can count it (StageReport.repairs). What cannot be repaired stays a failure.

Repair classes: fence, prose, multiple_objects, trailing_comma, duplicate_key, single_quotes, python_literal,
filters_top_level, bare_list.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)
MAX_SEGMENTS = 8  # bounds the CPU a hostile answer can cost
MAX_REPAIR_CHARS = 200_000  # the repairs scan in Python; a longer answer (50x any schema's need) gets strict JSON only
_FENCED = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.DOTALL)
_TRAILING = re.compile(r",(\s*[}\]])")
_LITERALS = {"True": "true", "False": "false", "None": "null"}


class JSONRepairError(ValueError):
    """No JSON value in the text, or none that validates. `reason`: "invalid_json" or "schema"."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _segments(text: str) -> list[tuple[int, int]]:
    """Balanced top-level {...} / [...] spans, scanning strings of either quote so a brace in a string is text."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n and len(spans) < MAX_SEGMENTS:
        if text[i] not in "{[":
            i += 1
            continue
        depth, j, quote = 0, i, ""
        while j < n:
            c = text[j]
            if quote:
                if c == "\\":
                    j += 1
                elif c == quote:
                    quote = ""
            elif c in "\"'" and (c == '"' or not text[j - 1].isalnum()):  # an apostrophe in a word is not a quote
                quote = c
            elif c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if depth == 0 and j < n:
            spans.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return spans


def _outside_strings(text: str, fix: Callable[[str], str]) -> str:
    """Applies `fix` to the parts of a JSON-ish text that are not inside double-quoted strings."""
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            out.append(fix("".join(buf)))
            buf = []
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        buf.append(c)
        i += 1
    out.append(fix("".join(buf)))
    return "".join(out)


def _single_to_double(text: str) -> str | None:
    """'abc' strings -> "abc"; None when a single-quoted string cannot be told apart from an apostrophe."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j, chars = i + 1, []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j + 1] if text[j + 1] == "'" else text[j:j + 2])
                    j += 2
                    continue
                chars.append('\\"' if text[j] == '"' and c == "'" else text[j])
                j += 1
            if j >= n:
                return None
            out.append('"' + "".join(chars) + '"')
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _loads(raw: str, repairs: list[str]) -> Any:
    """json.loads with duplicate keys noted (the last wins, as in JSON.parse)."""
    def pairs(items: list[tuple[str, Any]]) -> dict:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys) and "duplicate_key" not in repairs:
            repairs.append("duplicate_key")
        return dict(items)

    return json.loads(raw, object_pairs_hook=pairs)


def _parse(raw: str) -> tuple[Any, list[str]]:
    """One JSON-ish value, with the fewest repairs that make it parse."""
    repairs: list[str] = []
    try:
        return _loads(raw, repairs), repairs
    except (ValueError, RecursionError):
        pass
    text = raw
    fixed = _outside_strings(text, lambda s: _TRAILING.sub(r"\1", s))
    if fixed != text:
        repairs.append("trailing_comma")
        text = fixed
    fixed = _outside_strings(text, lambda s: re.sub(r"\b(True|False|None)\b", lambda m: _LITERALS[m.group(1)], s))
    if fixed != text:
        repairs.append("python_literal")
        text = fixed
    try:
        return _loads(text, repairs), repairs
    except (ValueError, RecursionError):
        pass
    if "'" in text and (quoted := _single_to_double(text)) is not None:
        quoted = _outside_strings(quoted, lambda s: _TRAILING.sub(r"\1", s))
        quoted = _outside_strings(quoted, lambda s: re.sub(r"\b(True|False|None)\b",
                                                           lambda m: _LITERALS[m.group(1)], s))
        try:
            value = _loads(quoted, repairs)
            return value, repairs + ["single_quotes"]
        except (ValueError, RecursionError):
            pass
    raise ValueError("not JSON")


def _reshape(value: Any, schema: type[BaseModel]) -> tuple[Any, list[str]]:
    """Schema-shaped repairs: a bare list of picks; filter keys at the top level of an understanding."""
    fields = schema.model_fields
    if isinstance(value, list) and "picks" in fields:
        return {"picks": value}, ["bare_list"]
    if isinstance(value, dict) and "filters" in fields:
        inner = fields["filters"].annotation
        known = getattr(inner, "model_fields", {})
        stray = {k: v for k, v in value.items() if k in known and k not in fields}
        if stray:
            given = value.get("filters")
            filters: dict = given if isinstance(given, dict) else {}
            rest = {k: v for k, v in value.items() if k not in stray}
            return {**rest, "filters": {**stray, **filters}}, ["filters_top_level"]
    return value, []


def _errors(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))


def load(content: str, schema: type[T]) -> tuple[T, list[str]]:
    """The first JSON value in `content` that validates as `schema`, and the repairs it needed.

    Raises JSONRepairError("invalid_json") when no value parses, ("schema") when values parse but none validates.
    """
    text = content.strip()
    repairs: list[str] = []
    if len(text) > MAX_REPAIR_CHARS or text[:1] in "{[":  # clean JSON (the usual case) costs one json.loads
        start, end = (0, len(text)) if text[:1] in "{[" else (text.find("{"), text.rfind("}") + 1)
        try:
            value = _loads(text[start:end], repairs)
        except (ValueError, RecursionError):
            if len(text) > MAX_REPAIR_CHARS:
                raise JSONRepairError("invalid JSON from the model", "invalid_json") from None
        else:
            value, shaped = _reshape(value, schema)
            try:
                return schema.model_validate(value), repairs + shaped
            except ValidationError as exc:
                if len(text) > MAX_REPAIR_CHARS or text[start:end] == text:
                    raise JSONRepairError(f"invalid answer from the model: {_errors(exc)[:300]}", "schema") from None
            repairs = []
    fenced = _FENCED.findall(text)
    if fenced:
        repairs.append("fence")
        if len(fenced) > 1 or not (text.startswith("```") and text.endswith("```")):
            repairs.append("prose")
        text = "\n".join(fenced)
    spans = _segments(text)
    if not spans:
        raise JSONRepairError("no JSON object in the model output", "invalid_json")
    if "prose" not in repairs and (text[:spans[0][0]].strip() or text[spans[-1][1]:].strip()):
        repairs.append("prose")
    schema_error = ""
    parsed_any = False
    for index, (start, end) in enumerate(spans):
        try:
            value, fixes = _parse(text[start:end])
        except ValueError:
            continue
        parsed_any = True
        value, shaped = _reshape(value, schema)
        try:
            result = schema.model_validate(value)
        except ValidationError as exc:
            schema_error = schema_error or _errors(exc)
            continue
        extra = ["multiple_objects"] if len(spans) > 1 else []
        if index or extra:
            repairs = [r for r in repairs if r != "prose"]  # several objects is the finding, not the text around
        return result, list(dict.fromkeys(repairs + extra + fixes + shaped))
    if parsed_any:
        raise JSONRepairError(f"invalid answer from the model: {schema_error[:300]}", "schema")
    raise JSONRepairError("invalid JSON from the model", "invalid_json")
