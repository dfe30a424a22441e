"""Any OpenAI-compatible chat server through langchain-openai, returning pydantic-validated objects.

Reliability rules (why they live here):
- One budget per request (`LLM_DEADLINE_S`) across both stages and all retries. The pipeline opens it with
  `request_deadline()`; a context variable carries it into the concurrent pipeline stages without threading it through
  every signature. When it is spent, callers answer offline.
- The openai client does not retry (max_retries=0): our loop does, so that a `Retry-After` longer than the time left
  means "answer offline now" instead of a 130 s wait.
- Every client or transport failure becomes `LLMError` with a `kind`, so pipeline nodes catch only `LLMError`.
- A circuit breaker (core/breaker.py) skips the LLM after repeated availability failures.
- No re-send while an earlier attempt may still be running: a timed-out request is never retried (a local server
  keeps generating the abandoned answer), and once a call in a request timed out, later calls in the same request
  are not sent. Only quick failures (connection refused, 429, a 5xx answered within QUICK_FAILURE_S) are retried.
- Each stage may get its own budget inside the request's deadline (`budget_s`); the caller passes a StageReport that
  is filled with the requests sent, tokens, repairs, seconds and the reason for a fallback.
- LLM_STREAM=true streams the answer: no first token within LLM_FIRST_TOKEN_S is "hung"; tokens that arrive but do
  not finish within the budget are "too slow". The log says once per process when the model is too slow.
- Model text goes through core/llm_json.py (fences, prose, trailing commas, ...) before pydantic validates it.
- HTTP 400 under JSON-schema output: this request is retried in JSON mode. JSON mode is remembered for the model
  only when the 400 says the server lacks the feature (its message names response_format / json_schema); any
  other 400 (a bad prompt, a transient proxy fault) costs one retry and changes nothing for later requests.
"""
from __future__ import annotations

import asyncio
import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Iterator, TypeVar

from pydantic import BaseModel, SecretStr

from core.breaker import CircuitBreaker
from core.config import Settings
from core.llm_json import JSONRepairError, load
from core.models import StageReport
from core.safety import cut

if TYPE_CHECKING:  # the client stack costs ~0.5 s to import: only a configured LLM pays for it
    import openai
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_RETRYABLE = {408, 409, 429}
_NO_SCHEMA_HINTS = ("response_format", "json_schema", "structured output", "guided_json")
_deadline: ContextVar[float | None] = ContextVar("llm_deadline", default=None)
QUICK_FAILURE_S = 2.0  # a failure answered faster than this did no generation on the server: safe to re-send


@dataclass
class _RequestState:
    abandoned: bool = False  # a call timed out: its answer may still be generating on the (single) model
    answered_s: float = 0.0  # how long the last answered call of this request took


_request: ContextVar[_RequestState | None] = ContextVar("llm_request", default=None)
_slow_logged = False
# LLMError.kind -> StageReport.fallback_reason
REASONS = {"timeout": "timeout", "unavailable": "unavailable", "invalid": "schema", "skipped": "breaker_open",
           "not_sent": "too_slow"}


class LLMError(Exception):
    """The model could not give a valid answer: callers fall back to the offline reasoner.

    kind: "timeout" (deadline or attempt timed out), "unavailable" (HTTP/transport failure, or a Retry-After beyond
    the deadline), "invalid" (the server answered, the answer did not validate), "skipped" (circuit open),
    "not_sent" (no time left for this stage, or an earlier call of the request may still be running).
    reason: the StageReport.fallback_reason (finer than kind: invalid_json / schema / foreign_ids, too_slow).
    """

    def __init__(self, message: str, kind: str = "invalid", reason: str = ""):
        super().__init__(message)
        self.kind = kind
        self.reason = reason or REASONS.get(kind, kind)


@contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Every LLM call inside (including pipeline stages started inside) shares one absolute deadline."""
    token = _deadline.set(time.monotonic() + seconds)
    state = _request.set(_RequestState())
    try:
        yield
    finally:
        _request.reset(state)
        _deadline.reset(token)


def _note_abandoned() -> None:
    if (state := _request.get()) is not None:
        state.abandoned = True


def _log_too_slow(what: str, seconds: float, settings: Settings) -> None:
    """Once per process: an operator whose CPU model never answers in time needs to know which setting to raise."""
    global _slow_logged
    if _slow_logged:
        return
    _slow_logged = True
    log.warning("the LLM is too slow for the deadline: %s after %.1f s (LLM_DEADLINE_S=%s, LLM_UNDERSTAND_SHARE=%s); "
                "answering offline. Raise LLM_DEADLINE_S above the model's measured time to use it.",
                what, seconds, settings.llm_deadline_s, settings.llm_understand_share)


def parse_json(content: str, schema: type[T]) -> T:
    """Model output is data: tolerant reading (core/llm_json.py), then pydantic. Never eval."""
    return parse_answer(content, schema)[0]


def parse_answer(content: str, schema: type[T]) -> tuple[T, list[str]]:
    """(the validated answer, the repairs its text needed)."""
    if not isinstance(content, str):
        raise LLMError("the model answered no text", "invalid", "invalid_json")
    try:
        return load(content, schema)
    except JSONRepairError as exc:
        raise LLMError(cut(str(exc), 400), "invalid", exc.reason) from None
    except RecursionError:
        raise LLMError("invalid JSON from the model (nested too deep)", "invalid", "invalid_json") from None


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


def _text(message: BaseMessage, report: StageReport | None = None) -> str:
    if report is not None:
        _text_usage(message, report)
    if not isinstance(message.content, str):
        raise LLMError("the model answered no text", "invalid", "invalid_json")
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
                         report: StageReport | None = None, budget_s: float | None = None,
                         json_schema: dict | None = None) -> T:
        """One logical call: retries inside, never past the deadline (nor `budget_s`); raises only LLMError.

        `max_tokens` bounds the answer to what the schema needs: a small local model that rambles would otherwise
        keep the server busy long after the deadline gave up on it. `report` is filled in place. `json_schema`,
        when given, is the schema offered for this request (core/schemas.py: rank ids as an enum); `schema` still
        validates the answer."""
        report = report if report is not None else StageReport()
        started = time.monotonic()
        end = started + self.time_left()
        if budget_s is not None:
            end = min(end, started + budget_s)
        state = _request.get()
        try:
            if end - started <= 0.05:
                raise LLMError("no LLM time left for this stage; not sent", "not_sent")
            if state is not None and state.abandoned:
                raise LLMError("an earlier call of this request timed out and may still be running on the server; "
                               "not sent", "not_sent")
            if state is not None and end - started < state.answered_s:
                # the next stage's prompt is longer than the one just answered: it cannot finish, so it would only
                # keep the model busy after the deadline
                _log_too_slow(f"an answer took {state.answered_s:.1f} s with {end - started:.1f} s left",
                              state.answered_s, self.settings)
                raise LLMError(f"the model needed {state.answered_s:.1f} s for the last answer, {end - started:.1f} s "
                               "are left; not sent", "not_sent")
            if not self.breaker.allow():
                raise LLMError("the LLM circuit is open", "skipped")
            value = await self._call(schema, system, user, end, max_tokens, report, json_schema)
            if state is not None:
                state.answered_s = time.monotonic() - started
        except LLMError as exc:
            report.fallback_reason = exc.reason
            if exc.kind == "invalid" and state is not None:  # answered, if wrongly: the time still counts
                state.answered_s = time.monotonic() - started
            raise
        finally:
            report.seconds = round(report.seconds + time.monotonic() - started, 3)
        return value

    async def _call(self, schema: type[T], system: str, user: str, end: float, max_tokens: int,
                    report: StageReport, json_schema: dict | None = None) -> T:
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(system), HumanMessage(user)]
        try:
            content = await self._with_retries(schema, messages, end, max_tokens, report, json_schema)
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
        value, repairs = parse_answer(content, schema)
        report.repairs += [r for r in repairs if r not in report.repairs]
        return value

    async def _with_retries(self, schema: type[BaseModel], messages, end: float, max_tokens: int,
                            report: StageReport, json_schema: dict | None = None) -> str:
        import openai

        attempts = max(0, self.settings.llm_max_retries) + 1
        for attempt in range(attempts):
            left = end - time.monotonic()
            if left <= 0:
                raise LLMError("the request's LLM time budget is spent", "timeout")
            wait: float | None = None
            sent = time.monotonic()
            limit = min(left, self.settings.llm_timeout_s)
            try:
                if self.settings.llm_stream:
                    return await self._complete_streaming(schema, messages, max_tokens, report, sent + limit,
                                                          json_schema)
                return await asyncio.wait_for(self._complete(schema, messages, max_tokens, report, json_schema), limit)
            except (asyncio.TimeoutError, openai.APITimeoutError):
                # never re-sent: the server may still be generating this answer, and a second copy would queue
                # behind it (measured: three 60 s copies of one rank prompt, every answer thrown away)
                _note_abandoned()
                _log_too_slow("no answer", time.monotonic() - sent, self.settings)
                raise LLMError(f"the LLM did not answer in {time.monotonic() - sent:.1f} s", "timeout") from None
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
            if time.monotonic() - sent > QUICK_FAILURE_S:  # a slow failure may have cost the server a generation
                raise LLMError(f"{error} after {time.monotonic() - sent:.1f} s; not re-sent", error.kind)
            if wait is None:
                wait = min(0.25 * 2 ** attempt, 2.0) * (0.5 + random.random() / 2)
            if time.monotonic() + wait >= end - 0.05:
                raise LLMError(f"{error} and a retry in {wait:.1f} s would pass the deadline", error.kind)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    def _formats(self, schema: type[BaseModel], json_schema: dict | None = None) -> list[dict]:
        """The response_format to try, in order: the JSON schema (unless this model's server lacks it), JSON mode.

        After a server has refused the JSON schema, JSON mode carries the schema too: llama-cpp-python accepts
        {"type": "json_object", "schema": ...} and constrains its output to it (grammar decoding for free). A plain
        JSON-mode setting (LLM_STRUCTURED_OUTPUT=json_mode) sends no schema: OpenAI would refuse the extra field."""
        shape = schema.model_json_schema() if json_schema is None else json_schema
        offered = _schema_format(schema) if json_schema is None else {
            "type": "json_schema", "json_schema": {"name": schema.__name__, "schema": shape, "strict": False}}
        with_schema = {"type": "json_object", "schema": shape}
        if self.json_schema and self.settings.llm_model not in self.no_schema_models:
            return [offered, with_schema]
        return [with_schema] if self.json_schema else [{"type": "json_object"}]

    def _schema_rejected(self, exc: openai.APIStatusError) -> bool:
        """Servers say "no JSON schema" in different ways: llama-cpp-python answers HTTP 500 with a validation error
        naming response_format. Any status whose body names it means: JSON mode (not an outage, no breaker count)."""
        import openai

        model = self.settings.llm_model
        if any(hint in str(exc).lower() for hint in _NO_SCHEMA_HINTS):
            self.no_schema_models.add(model)
            log.warning("the LLM server rejects JSON-schema output for %s (HTTP %s); using JSON mode for it",
                        model, exc.status_code)
            return True
        if isinstance(exc, openai.BadRequestError):
            log.info("HTTP 400 with JSON-schema output; retrying this request in JSON mode")
            return True
        return False

    async def _complete(self, schema: type[BaseModel], messages, max_tokens: int, report: StageReport,
                        json_schema: dict | None = None) -> str:
        """response_format goes in extra_body: we validate the JSON ourselves (pydantic), so the client's own
        parse path, which costs several ms of CPU per call, buys nothing."""
        import openai

        formats = self._formats(schema, json_schema)
        for i, fmt in enumerate(formats):
            report.calls += 1
            try:
                return _text(await self.chat.ainvoke(messages, max_tokens=max_tokens,
                                                     extra_body={"response_format": fmt}), report)
            except openai.APIStatusError as exc:
                if i == len(formats) - 1 or not self._schema_rejected(exc):
                    raise
        raise AssertionError("unreachable")

    async def _complete_streaming(self, schema: type[BaseModel], messages, max_tokens: int, report: StageReport,
                                  end: float, json_schema: dict | None = None) -> str:
        """The answer streamed: a server that sends no token within LLM_FIRST_TOKEN_S is hung; one that sends
        tokens but cannot finish by `end` is too slow. Either way the attempt is abandoned and not re-sent."""
        import openai

        formats = self._formats(schema, json_schema)
        for i, fmt in enumerate(formats):
            report.calls += 1
            sent = time.monotonic()
            first_by = min(end, sent + self.settings.llm_first_token_s)
            parts: list[str] = []
            stream = self.chat.astream(messages, max_tokens=max_tokens, stream_usage=True,
                                       extra_body={"response_format": fmt}).__aiter__()
            try:
                while True:
                    by = end if parts else first_by
                    try:
                        chunk = await asyncio.wait_for(stream.__anext__(), max(0.0, by - time.monotonic()))
                    except StopAsyncIteration:
                        break
                    _text_usage(chunk, report)
                    if isinstance(chunk.content, str) and chunk.content:
                        parts.append(chunk.content)
            except asyncio.TimeoutError:
                _note_abandoned()
                waited = time.monotonic() - sent
                if not parts:
                    _log_too_slow("no first token", waited, self.settings)
                    raise LLMError(f"the LLM sent no token in {waited:.1f} s (hung)", "timeout", "timeout") from None
                _log_too_slow(f"{len(parts)} chunks but no complete answer", waited, self.settings)
                raise LLMError(f"the LLM streamed {len(parts)} chunks but did not finish in {waited:.1f} s",
                               "timeout", "too_slow") from None
            except openai.APIStatusError as exc:
                if i == len(formats) - 1 or not self._schema_rejected(exc):
                    raise
                continue
            finally:
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    try:
                        await aclose()
                    except Exception:  # closing a broken stream must not hide the real error
                        pass
            return "".join(parts)
        raise AssertionError("unreachable")


def _text_usage(chunk, report: StageReport) -> None:
    usage = getattr(chunk, "usage_metadata", None)
    if usage:
        report.prompt_tokens += int(usage.get("input_tokens") or 0)
        report.completion_tokens += int(usage.get("output_tokens") or 0)
