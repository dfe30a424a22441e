"""The result of the understand stage, shared by the LLM and the offline reasoner."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.models import Filters


class Understanding(BaseModel):
    intent: Literal["recommend", "other"] = "recommend"
    language: Literal["ko", "en"] = "en"
    filters: Filters = Field(default_factory=Filters)
    answer: str = ""  # the short reply when intent == "other"
    notes: list[str] = []  # things the user should know: unknown names, titles not in the catalog
