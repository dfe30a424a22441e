"""The JSON schemas offered to the model, per request: only what it may set, as tight as the request allows.

A grammar-constrained server (llama.cpp, vLLM, Ollama) turns these into what the model can emit at all, so:
- understand never offers `notes` (they reach users; the pipeline writes them) and offers `continues` only when
  there is a previous turn (a small model set it on fresh requests);
- rank's pick ids are an enum of this request's candidate ids and the pick count is fixed, so a foreign id or a
  one-pick answer cannot be produced. The pydantic models (core/understanding.py, core/rank.py) still validate
  every answer: a server in JSON mode ignores the schema.
`compact` (LLM_PROMPT=compact) offers fewer filter fields for small models.
"""
from __future__ import annotations

import copy
from functools import cache
from typing import Any

from core.understanding import EXAMPLES_MAX, Understanding

NEVER_OFFERED = ("notes", "lean")
COMPACT_FILTERS_OFF = ("genre_mode", "min_critic_score", "text", "exclude_titles", "languages", "acclaimed")
COMPACT_TOP_OFF = ("language",)  # the script decides the language anyway (pipeline._ground)


def _plain(node: Any) -> Any:
    """Without pydantic's titles and docstrings: bytes a grammar compiler and a small context don't need."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items() if k not in ("title", "description")
                or (k == "title" and isinstance(v, dict))}
    if isinstance(node, list):
        return [_plain(x) for x in node]
    return node


@cache
def _understand_base() -> dict:
    return _plain(Understanding.model_json_schema())


def understand_schema(previous: bool, compact: bool = False) -> dict:
    s = copy.deepcopy(_understand_base())
    props: dict = s["properties"]
    for name in NEVER_OFFERED + (() if previous else ("continues",)) + (COMPACT_TOP_OFF if compact else ()):
        props.pop(name, None)
    props["examples"]["maxItems"] = EXAMPLES_MAX
    if compact:
        filters = s["$defs"]["Filters"]["properties"]
        for name in COMPACT_FILTERS_OFF:
            filters.pop(name, None)
    return s


def understand_fields(previous: bool, compact: bool = False) -> tuple[list[str], list[str]]:
    """(top-level fields, filter fields) the schema offers: what a test fills to round-trip every field."""
    s = understand_schema(previous, compact)
    return list(s["properties"]), list(s["$defs"]["Filters"]["properties"])


def rank_schema(ids: list[str], count: int) -> dict:
    """`count` picks (at most the number of candidates), each an id from `ids` with a reason."""
    n = max(1, min(count, len(ids)))
    return {"type": "object", "required": ["picks"], "additionalProperties": False,
            "properties": {"picks": {
                "type": "array", "minItems": n, "maxItems": n,
                "items": {"type": "object", "required": ["id", "reason"], "additionalProperties": False,
                          "properties": {"id": {"type": "string", "enum": list(dict.fromkeys(ids))},
                                         "reason": {"type": "string"}}}}}}
