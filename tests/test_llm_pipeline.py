"""The LLM path through the real langchain-openai/openai client against a local OpenAI-compatible server."""
from __future__ import annotations

import json
import time

import pytest

from core.services import build_services
from tests.fake_llm import FakeLLMServer, Response, candidate_ids, is_rank, sensible

REQUEST = "a 90s comedy with Tom Hanks"


def assert_tom_hanks_90s_comedies(reply, n=5):
    assert len(reply.picks) == n
    for p in reply.picks:
        m = p.movie
        assert "Tom Hanks" in m.cast and "Comedy" in m.genres and 1990 <= m.year <= 1999, m
        assert p.reason.strip()
    assert len({p.movie.id for p in reply.picks}) == n


async def run(make_settings, script, text=REQUEST, **settings):
    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key", **settings))
        try:
            started = time.perf_counter()
            reply = await s.recommender.recommend("u1", text)
            server.elapsed = time.perf_counter() - started
        finally:
            await s.close()
    return reply, server


async def test_good_answer_uses_llm_for_both_stages_in_two_round_trips(make_settings):
    reply, server = await run(make_settings, sensible)
    assert reply.engine["understand"] == "llm" and reply.engine["rank"] == "llm"
    assert reply.llm_calls == 2 and len(server.requests) == 2
    assert_tom_hanks_90s_comedies(reply)
    assert all(p.reason.startswith("LLM reason for tt") for p in reply.picks)
    # the key travels as a bearer token and the structured-output request asks for a JSON schema
    assert server.requests[0]["response_format"]["type"] == "json_schema"


async def test_malformed_json_falls_back_to_offline_ranking(make_settings):
    def script(body, n):
        return Response("{'picks': [oops") if is_rank(body) else sensible(body)

    reply, server = await run(make_settings, script)
    assert reply.engine["rank"].startswith("offline")
    assert len(server.requests) == 2
    assert_tom_hanks_90s_comedies(reply)


async def test_ids_outside_candidates_and_duplicates_are_dropped_then_filled(make_settings):
    def script(body, n):
        if not is_rank(body):
            return sensible(body)
        first = candidate_ids(body)[0]
        picks = [{"id": "tt9999999", "reason": "Hacker Movie 9000"}, {"id": first, "reason": "good"},
                 {"id": first, "reason": "dup"}]
        return Response("```json\n" + json.dumps({"picks": picks}) + "\n```")

    reply, _ = await run(make_settings, script)
    assert "2 invalid picks dropped" in reply.engine["rank"]
    assert_tom_hanks_90s_comedies(reply)
    assert reply.picks[0].reason == "good"
    assert "tt9999999" not in {p.movie.id for p in reply.picks}


async def test_429_is_retried_then_succeeds(make_settings):
    def script(body, n):
        if n == 1:
            return Response(status=429, headers={"retry-after-ms": "20"})
        return sensible(body)

    reply, server = await run(make_settings, script)
    assert reply.engine["understand"] == "llm" and reply.engine["rank"] == "llm"
    assert reply.llm_calls == 2 and len(server.requests) == 3  # one HTTP retry inside one logical call


async def test_timeout_falls_back_to_offline_within_the_deadline(make_settings):
    def script(body, n):
        return Response(sensible(body).content, delay_s=3)

    reply, server = await run(make_settings, script, llm_timeout_s=0.3, llm_max_retries=0)
    assert server.elapsed < 2  # two timed-out calls of 0.3 s each, not two 3 s waits
    assert reply.engine["understand"].startswith("offline") and reply.engine["rank"].startswith("offline")
    assert_tom_hanks_90s_comedies(reply)


async def test_server_without_json_schema_support_gets_json_mode(make_settings):
    def script(body, n):
        if body.get("response_format", {}).get("type") == "json_schema":
            return Response(status=400)
        return sensible(body)

    reply, server = await run(make_settings, script)
    assert reply.engine["rank"] == "llm"
    assert server.requests[-1]["response_format"]["type"] == "json_object"
    assert_tom_hanks_90s_comedies(reply)


async def test_invented_names_from_the_llm_become_notes_not_filters(make_settings):
    def script(body, n):
        if is_rank(body):
            return sensible(body)
        return Response(json.dumps({"intent": "recommend", "language": "en",
                                    "filters": {"directors": ["Hacker Guy 9000"], "genres": ["Comedy", "Hackery"]}}))

    reply, _ = await run(make_settings, script)
    assert reply.filters.directors == [] and reply.filters.genres == ["Comedy"]
    assert any("Hacker Guy 9000" in note for note in reply.relaxed)
    assert all("Comedy" in p.movie.genres for p in reply.picks)


@pytest.mark.parametrize("text", ["hello! what can you do?"])
async def test_other_intent_gets_the_llm_answer_and_one_round_trip(make_settings, text):
    def script(body, n):
        return Response(json.dumps({"intent": "other", "language": "en", "answer": "I recommend movies!"}))

    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url))
        try:
            reply = await s.recommender.recommend("u1", text)
        finally:
            await s.close()
    assert reply.intent == "other" and reply.message == "I recommend movies!" and not reply.picks
    assert len(server.requests) == 1


async def test_fixed_instructions_are_system_and_user_text_is_user_in_both_stages(make_settings):
    reply, server = await run(make_settings, sensible)
    for body in server.requests:
        system, user = body["messages"][0], body["messages"][-1]
        assert system["role"] == "system" and user["role"] == "user" and REQUEST in user["content"]
        assert f"message: {REQUEST}" not in system["content"].split("Examples:")[0]
    rank = next(b for b in server.requests if is_rank(b))
    assert REQUEST not in rank["messages"][0]["content"] and "CANDIDATES (" not in rank["messages"][0]["content"]
    assert "CANDIDATES (" in rank["messages"][-1]["content"] and "tt" in rank["messages"][-1]["content"]


async def test_new_filter_fields_travel_through_the_llm_path(make_settings):
    def script(body, n):
        if is_rank(body):
            return sensible(body)
        return Response(json.dumps({"intent": "recommend", "language": "en", "filters": {
            "genres": ["Comedy"], "moods": ["feel_good", "not_a_mood"], "oscar": "won", "min_runtime": 100,
            "year_max": 1969}}))

    # the words support every filter: grounding drops a runtime or year the request does not state
    reply, server = await run(make_settings, script, text="an Oscar-winning feel-good comedy over 100 minutes, "
                                                          "made before 1970")
    f = reply.filters
    assert reply.engine["understand"] == "llm" and f.moods == ["feel_good"] and f.oscar == "won"
    assert f.min_runtime == 100 and f.year_max == 1969 and reply.stages["understand"].dropped == []
    assert "feel_good" in server.requests[0]["messages"][0]["content"]  # the mood list is in the prompt
    for p in reply.picks:
        m = p.movie
        assert m.oscars > 0 and m.runtime >= 100 and m.year <= 1969 and "Comedy" in m.genres, m


async def test_follow_up_gives_the_llm_the_previous_request_and_merges_its_change(make_settings):
    """Two round trips per turn at most; the understand prompt carries the previous filters and titles shown."""
    def script(body, n):
        if is_rank(body):
            return sensible(body)
        if "previous request filters:" in body["messages"][-1]["content"]:
            return Response(json.dumps({"intent": "recommend", "language": "en", "continues": True,
                                        "filters": {"exclude_genres": ["Romance"]}}))
        return sensible(body)

    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key"))
        try:
            first = await s.recommender.recommend("u1", REQUEST, conversation="c")
            follow = await s.recommender.recommend("u1", "nothing romantic", conversation="c", follow_up=True)
            more = await s.recommender.recommend("u1", "more", conversation="c", follow_up=True)
        finally:
            await s.close()
    understand = server.requests[2]["messages"][-1]["content"]
    assert "previous request filters:" in understand and first.picks[0].movie.label in understand
    assert follow.llm_calls == 2 and more.llm_calls == 1  # "more" needs no understand call
    f = follow.filters
    assert follow.engine["understand"] == "llm", follow.engine
    assert f.actors == ["Tom Hanks"] and f.genres == ["Comedy"] and f.exclude_genres == ["Romance"]
    assert "still:" in follow.message and "now: not Romance" in follow.message
    for p in follow.picks:
        assert "Romance" not in p.movie.genres and "Tom Hanks" in p.movie.cast
    shown = {p.movie.id for p in first.picks} | {p.movie.id for p in follow.picks}
    assert not shown & {p.movie.id for p in more.picks} and more.filters.exclude_genres == ["Romance"]


def test_candidate_line_carries_overview_and_keywords_only_when_the_catalog_has_them():
    from core.models import Movie
    from core.rank import candidate_line

    plain = candidate_line(Movie(id="tt1", title="Big", year=1988))
    assert plain.startswith("tt1 | Big (1988) |") and plain.endswith("| - | -")
    rich = candidate_line(Movie(id="tt6751668", title="Parasite", year=2019, keywords=["class differences", "a|b"],
                                overview="All unemployed, Ki-taek's family | the wealthy Parks. " + "x" * 400))
    fields = rich.split(" | ")
    assert fields[0] == "tt6751668" and len(fields) == 10  # the "|" inside the overview cannot add a column
    assert fields[8].startswith("All unemployed") and len(fields[8]) <= 240 and fields[9] == "class differences, a/b"
