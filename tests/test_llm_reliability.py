"""The LLM path under faults, through the real client against the local OpenAI-compatible server:
one deadline per request, Retry-After against time left, the breaker, empty answers, caps, unsafe text."""
from __future__ import annotations

import json
import time

import pytest

from core.pipeline import REPLY_TEXT_CAP, reply_chars
from core.services import build_services
from tests.fake_llm import FakeLLMServer, Response, candidate_ids, is_rank, sensible

REQUEST = "a 90s comedy with Tom Hanks"
DEADLINE = 1.0


async def ask(make_settings, script, texts=(REQUEST,), **settings):
    settings = {"llm_deadline_s": DEADLINE, **settings}
    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key", **settings))
        try:
            replies, times = [], []
            for text in texts:
                started = time.perf_counter()
                replies.append(await s.recommender.recommend("u1", text))
                times.append(time.perf_counter() - started)
        finally:
            await s.close()
    return replies, times, server


def slow(delay):
    return lambda body, n: Response(sensible(body).content, delay_s=delay)


@pytest.mark.parametrize("name, script", [
    ("hang", slow(3600)),
    ("slow", slow(DEADLINE * 0.8)),  # understand answers, rank has too little time left
    ("429 long Retry-After", lambda b, n: Response(status=429, headers={"retry-after": "130"})),
    ("429 short Retry-After", lambda b, n: Response(status=429, headers={"retry-after-ms": "300"})),
    ("500", lambda b, n: Response(status=500)),
    ("reset", lambda b, n: Response(reset=True)),
])
async def test_every_fault_is_answered_within_the_deadline(make_settings, name, script):
    (reply,), (elapsed,), _ = await ask(make_settings, script, llm_timeout_s=20, llm_max_retries=5)
    assert elapsed <= DEADLINE + 1, (name, elapsed)
    assert len(reply.picks) == 5
    if name != "slow":
        assert reply.engine["understand"].startswith("offline (llm"), reply.engine
    assert reply.engine["rank"].startswith("offline (llm"), reply.engine
    assert reply.fallback  # the adapters can say that it fell back


async def test_long_retry_after_answers_offline_at_once(make_settings):
    (reply,), (elapsed,), server = await ask(
        make_settings, lambda b, n: Response(status=429, headers={"retry-after": "130"}), llm_deadline_s=8)
    assert elapsed < 2 and len(server.requests) == 2  # one try per stage, no 130 s wait
    assert reply.engine["understand"] == "offline (llm unavailable)"


async def test_retry_within_the_budget_still_uses_the_llm(make_settings):
    script = lambda b, n: Response(status=429, headers={"retry-after-ms": "50"}) if n == 1 else sensible(b)  # noqa
    (reply,), _, server = await ask(make_settings, script)
    assert reply.engine == {**reply.engine, "understand": "llm", "rank": "llm"} and len(server.requests) == 3
    assert not reply.fallback


@pytest.mark.parametrize("answer", ["{}", '{"picks": []}', json.dumps({"picks": [{"id": "tt0000000"}]})])
async def test_empty_or_useless_rank_answer_is_a_failure(make_settings, answer):
    script = lambda b, n: Response(answer) if is_rank(b) else sensible(b)  # noqa: E731
    (reply,), _, _ = await ask(make_settings, script)
    assert reply.engine["rank"] == "offline (llm answer invalid)" and len(reply.picks) == 5


async def test_empty_understanding_is_a_failure(make_settings):
    script = lambda b, n: Response("{}") if not is_rank(b) else sensible(b)  # noqa: E731
    (reply,), _, _ = await ask(make_settings, script)
    assert reply.engine["understand"] == "offline (llm answer invalid)"
    for p in reply.picks:  # the offline reasoner read the request instead of "popular anything"
        assert "Tom Hanks" in p.movie.cast and "Comedy" in p.movie.genres


async def test_huge_and_unsafe_model_text_is_capped_and_inert(make_settings):
    evil = "@everyone <@123456789012345678> [claim prize](https://evil.example) **bold** [/bold] " + "x" * 5_000_000

    def script(body, n):
        if is_rank(body):
            return Response(json.dumps({"picks": [{"id": i, "reason": evil} for i in candidate_ids(body)[:5]]}))
        return Response(json.dumps({"intent": "other", "answer": evil, "notes": [evil] * 100}))

    # 25 MB of JSON to parse: a generous deadline, so a busy machine tests the caps, not its own speed
    (other,), _, _ = await ask(make_settings, script, llm_deadline_s=60, llm_timeout_s=60)
    (rec,), _, _ = await ask(make_settings, lambda b, n: sensible(b) if not is_rank(b) else script(b, n),
                             llm_deadline_s=60, llm_timeout_s=60)
    texts = [other.message, *other.relaxed, *(p.reason for p in rec.picks)]
    assert rec.engine["rank"] == "llm"
    for t in texts:
        assert "<@" not in t and "@everyone" not in t and "](" not in t and "evil.example" not in t and "**" not in t
    assert len(other.message) <= 2000 and all(len(p.reason) <= 400 for p in rec.picks)
    assert len(other.relaxed) <= 10 and all(len(n) <= 300 for n in other.relaxed)
    assert reply_chars(other) <= REPLY_TEXT_CAP and reply_chars(rec) <= REPLY_TEXT_CAP


async def test_user_text_echoed_back_is_inert(make_settings):
    def script(body, n):
        if is_rank(body):
            return sensible(body)
        return Response(json.dumps({"intent": "recommend", "filters": {"directors": ["<@123456789012345678>"],
                                                                      "actors": ["[x](https://evil.example)"]}}))

    (reply,), _, _ = await ask(make_settings, script)
    assert reply.relaxed and all("<@" not in n and "evil.example" not in n for n in reply.relaxed)


async def test_one_400_does_not_switch_structured_output_off(make_settings):
    def script(body, n):
        if n == 1:
            return Response(status=400, error="prompt rejected by a proxy")
        return sensible(body)

    (reply,), _, server = await ask(make_settings, script)
    kinds = [b["response_format"]["type"] for b in server.requests]
    assert kinds == ["json_schema", "json_object", "json_schema"]  # retried once in JSON mode, then schema again
    assert reply.engine["understand"] == "llm" and reply.engine["rank"] == "llm"


async def test_a_server_without_json_schema_is_remembered(make_settings):
    def script(body, n):
        if body["response_format"]["type"] == "json_schema":
            return Response(status=400, error="response_format json_schema is not supported")
        return sensible(body)

    replies, _, server = await ask(make_settings, script, texts=(REQUEST, REQUEST))
    kinds = [b["response_format"]["type"] for b in server.requests]
    assert kinds == ["json_schema"] + ["json_object"] * 4
    assert all(r.engine["rank"] == "llm" for r in replies)


async def test_hung_llm_behind_the_breaker(make_settings):
    """Three hung requests open the breaker; the rest answer offline at once without calling the server."""
    replies, times, server = await ask(make_settings, slow(3600), texts=[REQUEST] * 8, llm_breaker_failures=3)
    assert all(len(r.picks) == 5 for r in replies)
    assert len(server.requests) == 3 and max(times[3:]) < 0.5
    assert replies[-1].engine["understand"] == "offline (llm circuit open)"


async def test_a_500_that_names_response_format_switches_to_json_mode(make_settings):
    """llama-cpp-python answers json_schema with HTTP 500 and a validation error naming response_format: that is
    "no schema support", not an outage (no offline answer, no breaker count)."""
    def script(body, n):
        if body["response_format"]["type"] == "json_schema":
            return Response(status=500, error="1 validation error for CreateChatCompletionRequest\n"
                                              "response_format.type\n  Input should be 'text' or 'json_object'")
        return sensible(body)

    replies, _, server = await ask(make_settings, script, texts=(REQUEST, REQUEST))
    kinds = [b["response_format"]["type"] for b in server.requests]
    assert kinds == ["json_schema"] + ["json_object"] * 4
    assert all(r.engine == {"understand": "llm", "retrieve": r.engine["retrieve"], "rank": "llm"} for r in replies)


async def test_a_plain_500_is_still_an_outage(make_settings):
    (reply,), _, server = await ask(make_settings, lambda b, n: Response(status=500, error="internal error"))
    assert reply.engine["understand"] == "offline (llm unavailable)"
    assert all(b["response_format"]["type"] == "json_schema" for b in server.requests)


async def test_every_call_bounds_its_answer(make_settings):
    (reply,), _, server = await ask(make_settings, lambda b, n: sensible(b))
    limits = [(is_rank(b), b.get("max_tokens") or b.get("max_completion_tokens")) for b in server.requests]
    assert reply.engine["rank"] == "llm" and len(limits) == 2
    understand, rank = (n for _, n in sorted(limits))
    assert understand == 600 and rank == 150 + 100 * len(reply.picks)
