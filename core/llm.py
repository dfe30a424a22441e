"""Any OpenAI-compatible chat server through langchain-openai, returning pydantic-validated objects."""
from __future__ import annotations

import asyncio
import json
import logging
import re
from functools import cache
from typing import TypeVar

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from openai import BadRequestError
from pydantic import BaseModel

from core.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class LLMError(Exception):
    """The model could not give a valid answer: callers fall back to the offline reasoner."""


def parse_json(content: str, schema: type[T]) -> T:
    """Model output is data: strip code fences, take the outermost object, validate. Never eval."""
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise LLMError("no JSON object in the model output")
    try:
        return schema.model_validate(json.loads(text[start:end + 1]))
    except Exception as exc:
        raise LLMError(f"invalid JSON from the model: {exc}") from exc


@cache
def _schema_format(schema: type[BaseModel]) -> dict:
    """Building a JSON schema costs ~10 ms of CPU: once per model class, not once per request."""
    return {"type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}}


class LLM:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.chat = ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed",
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,  # the openai client backs off exponentially, honours Retry-After
            temperature=0.2,
        )
        self.json_schema = settings.llm_structured_output == "json_schema"
        # Bound the whole call, retries included, so a hung server can't hold a request forever.
        self.deadline = settings.llm_timeout_s * (settings.llm_max_retries + 1) + 5

    async def structured(self, schema: type[T], system: str, user: str) -> T:
        messages = [SystemMessage(system), HumanMessage(user)]
        try:
            content = await asyncio.wait_for(self._complete(schema, messages), self.deadline)
        except LLMError:
            raise
        except Exception as exc:
            raise LLMError(f"{type(exc).__name__}: {exc}") from exc
        return parse_json(content, schema)

    async def _complete(self, schema: type[BaseModel], messages) -> str:
        """response_format goes in extra_body: we validate the JSON ourselves (pydantic), so the client's own
        parse path, which costs several ms of CPU per call, buys nothing."""
        if self.json_schema:
            fmt = _schema_format(schema)
            try:
                return (await self.chat.ainvoke(messages, extra_body={"response_format": fmt})).content
            except BadRequestError:
                # Servers without JSON-schema support (older vLLM/Ollama) answer 400: use JSON mode from now on.
                log.warning("LLM server rejected json_schema output; switching to JSON mode")
                self.json_schema = False
        return (await self.chat.ainvoke(messages, extra_body={"response_format": {"type": "json_object"}})).content
