"""The result of the understand stage, shared by the LLM and the offline reasoner.

The model's answer is untrusted: `intent` is required (an empty `{}` is a failure, not "recommend anything"), every
string is capped and cut with an ellipsis (a verbose model still works; a 5 MB answer does not become a 5 MB reply),
and every list is cut to a few items before the filters are validated.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from core.models import Filters
from core.safety import capped, capped_list, cut

FILTER_STRING_CAP = 200  # a person, genre, title or free text
FILTER_LIST_CAP = 10


EXAMPLES_MAX = 10  # films the model may name for a request the filters cannot express
EXAMPLE_CAP = 120  # "Title (Year)"


class Question(BaseModel):
    """A question about one film ("who directed Ben-Hur?"): answered from its catalog row, with no picks.
    `title` is the film as the user wrote it (a trailing year narrows it: "Titanic (1997)")."""
    title: Annotated[str, capped(FILTER_STRING_CAP)]
    asks: Literal["director", "cast", "year", "runtime", "other"] = "other"


class Understanding(BaseModel):
    intent: Literal["recommend", "other", "question"]
    language: Literal["ko", "en"] = "en"
    filters: Filters = Field(default_factory=Filters)
    answer: Annotated[str, capped(1000)] = ""  # the short reply when intent == "other"
    question: Question | None = None  # set when intent == "question"
    # a follow-up that changes the previous request: `filters` then hold only the change (core/conversation.merge)
    continues: bool = False
    # things the user should know: unknown names, titles not in the catalog
    notes: Annotated[list[Annotated[str, capped(300)]], capped_list(10)] = []
    # years the catalog cannot hold ("2019", "the 1920s", "the newest"): no filter, the picks lean that way instead
    lean: Literal["newest", "oldest"] | None = None
    # films the model knows fit a request the filters cannot express ("zombie movies"): core/examples.py grounds them
    examples: Annotated[list[Annotated[str, capped(EXAMPLE_CAP)]], capped_list(EXAMPLES_MAX)] = []

    @model_validator(mode="before")
    @classmethod
    def _examples(cls, data: Any) -> Any:
        """Examples as a small model writes them: inside "filters", as {"title", "year"} objects, without an intent
        (films named for a request are a recommendation; an answer with neither is still a failure)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        filters = data.get("filters")
        if isinstance(filters, dict) and "examples" in filters and not data.get("examples"):
            data["filters"] = {k: v for k, v in filters.items() if k != "examples"}
            data["examples"] = filters["examples"]
        examples = data.get("examples")
        if isinstance(examples, list):
            data["examples"] = [e for e in (_example(x) for x in examples[:EXAMPLES_MAX]) if e]
        elif examples is not None:
            data["examples"] = []
        if "intent" not in data and data.get("examples"):
            data["intent"] = "recommend"
        return data

    @model_validator(mode="before")
    @classmethod
    def _cap_filters(cls, data: Any) -> Any:
        """Caps the model's filter strings and lists before Filters sees them (Filters itself stays permissive)."""
        if isinstance(data, dict) and isinstance(data.get("filters"), dict):
            def cap(v: Any) -> Any:
                if isinstance(v, str):
                    return cut(v, FILTER_STRING_CAP)
                if isinstance(v, list):
                    return [cap(x) for x in v[:FILTER_LIST_CAP]]
                return v
            data = {**data, "filters": {k: cap(v) for k, v in data["filters"].items()}}
        return data


def _example(x: Any) -> str:
    """ "Title (Year)" from a string or a {"title": ..., "year": ...} object; anything else is no example."""
    if isinstance(x, str):
        return x.strip()
    if isinstance(x, dict) and isinstance(x.get("title"), str):
        year = x.get("year")
        return f"{x['title'].strip()} ({year})" if isinstance(year, (int, str)) and str(year).isdigit() else \
            x["title"].strip()
    return ""
