"""Any OpenAI-compatible chat server through langchain-openai, returning pydantic-validated objects.

Reliability rules (why they live here):
- One budget per request (`LLM_DEADLINE_S`) across both stages and all retries. The pipeline opens it with
  `request_deadline()`; a context variable carries it into the concurrent pipeline stages without threading it through
  every signature. When it is spent, callers answer offline.
- The openai client does not retry (max_retries=0): our loop does, so that a `Retry-After` longer than the time left
  means "answer offline now" instead of a 130 s wait.
- Every client or transport failure becomes `LLMError` with a `kind`, so pipeline nodes catch only `LLMError`.
- A circuit breaker (core/breaker.py) skips the LLM after repeated availability failures.
- HTTP 400 under JSON-schema output: this request is retried in JSON mode. JSON mode is remembered for the model
  only when the 400 says the server lacks the feature (its message names response_format / json_schema); any
  other 400 (a bad prompt, a transient proxy fault) costs one retry and changes nothing for later requests.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Iterator, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from core.breaker import CircuitBreaker
from core.config import Settings
from core.safety import cut

if TYPE_CHECKING:  # the client stack costs ~0.5 s to import: only a configured LLM pays for it
    import openai
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)
_RETRYABLE = {408, 409, 429}
_NO_SCHEMA_HINTS = ("response_format", "json_schema", "structured output", "guided_json")
_deadline: ContextVar[float | None] = ContextVar("llm_deadline", default=None)


class LLMError(Exception):
    """The model could not give a valid answer: callers fall back to the offline reasoner.

    kind: "timeout" (deadline or attempt timed out), "unavailable" (HTTP/transport failure, or a Retry-After beyond
    the deadline), "invalid" (the server answered, the answer did not validate), "skipped" (circuit open).
    """

    def __init__(self, message: str, kind: str = "invalid"):
        super().__init__(message)
        self.kind = kind


@contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Every LLM call inside (including pipeline stages started inside) shares one absolute deadline."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def parse_json(content: str, schema: type[T]) -> T:
    """Model output is data: strip code fences, take the outermost object, validate. Never eval."""
    if not isinstance(content, str):
        raise LLMError("the model answered no text")
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise LLMError("no JSON object in the model output")
    try:
        return schema.model_validate(json.loads(text[start:end + 1]))
    except ValidationError as exc:  # no input values in the message: they can be huge or hostile
        errors = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))
        raise LLMError(f"invalid answer from the model: {cut(errors, 300)}") from None
    except (ValueError, RecursionError) as exc:
        raise LLMError(f"invalid JSON from the model: {cut(str(exc), 200)}") from None


@cache
def _schema_format(schema: type[BaseModel]) -> dict:
    """Building a JSON schema costs ~10 ms of CPU: once per model class, not once per request."""
    return {"type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}}


def _retry_after_s(exc: openai.APIStatusError) -> float | None:
    headers = exc.response.headers if exc.response is not None else {}
    try:
        if ms := headers.get("retry-after-ms"):
            return max(0.0, float(ms) / 1000)
        if s := headers.get("retry-after"):
            return max(0.0, float(s))
    except ValueError:  # an HTTP date: treat as "long"
        return float("inf")
    return None


def _text(message: BaseMessage) -> str:
    if not isinstance(message.content, str):
        raise LLMError("the model answered no text")
    return message.content


class LLM:
    def __init__(self, settings: Settings, breaker: CircuitBreaker | None = None):
        from langchain_openai import ChatOpenAI

        self.settings = settings
        self.chat = ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or SecretStr("not-needed"),
            timeout=settings.llm_timeout_s,
            max_retries=0,  # retries are ours: bounded by the request deadline, Retry-After read against time left
            temperature=0.2,
        )
        self.json_schema = settings.llm_structured_output == "json_schema"
        self.no_schema_models: set[str] = set()  # models whose server lacks JSON-schema output
        self.breaker = breaker or CircuitBreaker(settings.llm_breaker_failures, settings.llm_breaker_cooldown_s)

    def time_left(self) -> float:
        end = _deadline.get()
        return self.settings.llm_deadline_s if end is None else end - time.monotonic()

    async def structured(self, schema: type[T], system: str, user: str, max_tokens: int = 800,
                         json_schema: dict | None = None) -> T:
        """One logical call: retries inside, never past the deadline; raises only LLMError.

        `max_tokens` bounds the answer to what the schema needs: a small local model that rambles would otherwise
        keep the server busy long after the deadline gave up on it. `json_schema`, when given, is the schema offered
        for this request (core/schemas.py: rank ids as an enum); `schema` still validates the answer."""
        end = time.monotonic() + self.time_left()
        if end - time.monotonic() <= 0.05:
            raise LLMError("the request's LLM time budget is spent", "timeout")
        if not self.breaker.allow():
            raise LLMError("the LLM circuit is open", "skipped")
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(system), HumanMessage(user)]
        try:
            content = await self._with_retries(schema, messages, end, max_tokens, json_schema)
        except LLMError as exc:
            if exc.kind in ("timeout", "unavailable"):
                self.breaker.failure()
            else:
                self.breaker.success()
            raise
        except BaseException:  # cancelled from outside: no verdict on the server
            self.breaker.release()
            raise
        self.breaker.success()  # the server answered; whether the answer is valid is not an availability matter
        return parse_json(content, schema)

    async def _with_retries(self, schema: type[BaseModel], messages, end: float, max_tokens: int,
                            json_schema: dict | None = None) -> str:
        import openai

        attempts = max(0, self.settings.llm_max_retries) + 1
        for attempt in range(attempts):
            left = end - time.monotonic()
            if left <= 0:
                raise LLMError("the request's LLM time budget is spent", "timeout")
            wait: float | None = None
            try:
                return await asyncio.wait_for(self._complete(schema, messages, max_tokens, json_schema),
                                              min(left, self.settings.llm_timeout_s))
            except (asyncio.TimeoutError, openai.APITimeoutError):
                error = LLMError("the LLM did not answer in time", "timeout")
            except openai.APIStatusError as exc:
                status = exc.status_code
                error = LLMError(f"HTTP {status} from the LLM server", "unavailable")
                if status not in _RETRYABLE and status < 500:
                    raise error from None
                wait = _retry_after_s(exc)
            except openai.APIConnectionError as exc:
                error = LLMError(f"cannot reach the LLM server ({type(exc).__name__})", "unavailable")
            except LLMError:
                raise
            except Exception as exc:  # anything the client stack raises: still only LLMError leaves here
                raise LLMError(f"LLM client failure: {type(exc).__name__}", "unavailable") from None
            if attempt == attempts - 1:
                raise error
            if wait is None:
                wait = min(0.25 * 2 ** attempt, 2.0) * (0.5 + random.random() / 2)
            if time.monotonic() + wait >= end - 0.05:
                raise LLMError(f"{error} and a retry in {wait:.1f} s would pass the deadline", error.kind)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _complete(self, schema: type[BaseModel], messages, max_tokens: int,
                        json_schema: dict | None = None) -> str:
        """response_format goes in extra_body: we validate the JSON ourselves (pydantic), so the client's own
        parse path, which costs several ms of CPU per call, buys nothing."""
        import openai

        model = self.settings.llm_model
        if self.json_schema and model not in self.no_schema_models:
            try:
                return _text(await self.chat.ainvoke(messages, max_tokens=max_tokens,
                                                     extra_body={"response_format": _schema_format(schema) if json_schema is None else
                                                                 {"type": "json_schema", "json_schema": {
                                                                     "name": schema.__name__, "schema": json_schema,
                                                                     "strict": False}}}))
            except openai.APIStatusError as exc:
                # Servers say "no JSON schema" in different ways: llama-cpp-python answers HTTP 500 with a
                # validation error naming response_format. Any status whose body names it means: JSON mode.
                if any(hint in str(exc).lower() for hint in _NO_SCHEMA_HINTS):
                    self.no_schema_models.add(model)
                    log.warning("the LLM server rejects JSON-schema output for %s (HTTP %s); using JSON mode for it",
                                model, exc.status_code)
                elif isinstance(exc, openai.BadRequestError):
                    log.info("HTTP 400 with JSON-schema output; retrying this request in JSON mode")
                else:
                    raise
        return _text(await self.chat.ainvoke(messages, max_tokens=max_tokens,
                                             extra_body={"response_format": {"type": "json_object"}}))
