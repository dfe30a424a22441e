"""The model's own film knowledge (`examples`), the per-request schemas, the compact prompt and the question intent,
through the real client against the local stub server (tests/fake_llm.py)."""
from __future__ import annotations

import json
import re

from core.models import InteractionKind
from core.prompts import rank_prompt, understand_prompt
from core.schemas import rank_schema, understand_fields, understand_schema
from core.understanding import Understanding
from core.services import build_services
from tests.fake_llm import FakeLLMServer, Response, candidate_ids, is_rank, prompt_of

ZOMBIES = ["Night of the Living Dead (1968)", "Dawn of the Dead (1978)", "Shaun of the Dead (2004)",
           "Zombieland (2009)", "28 Days Later (2002)"]


def understand_answer(examples: list[str], filters: dict | None = None, **extra) -> Response:
    return Response(json.dumps({"intent": "recommend", "language": "en", "filters": filters or {},
                                "examples": examples, **extra}))


def examples_script(examples: list[str], filters: dict | None = None, rank=None):
    """An LLM that answers understand with `examples`; rank by `rank(body)` or the first five candidates."""
    def script(body, n):
        if is_rank(body):
            if rank is not None:
                return rank(body)
            return Response(json.dumps({"picks": [{"id": i, "reason": f"LLM reason for {i}."}
                                                  for i in candidate_ids(body)[:5]]}))
        return understand_answer(examples, filters)
    return script


async def ask(make_settings, script, text, *, logged: tuple[str, ...] = (), **settings):
    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key", **settings))
        try:
            for movie_id in logged:
                await s.history.log("u1", movie_id, InteractionKind.WATCHED)
            reply = await s.recommender.recommend("u1", text)
        finally:
            await s.close()
    return reply, server


def labels(reply) -> list[str]:
    return [p.movie.label for p in reply.picks]


def rank_requests(server) -> list[dict]:
    return [b for b in server.requests if is_rank(b)]


async def test_examples_only_with_garbage_rank_reach_the_offline_picks(make_settings):
    """No searchable filter: the examples are the retrieval, and the offline ranker puts them first."""
    reply, server = await ask(make_settings, examples_script(ZOMBIES, rank=lambda b: Response("{'picks': [garbage")),
                              "zombie movies")
    assert reply.engine["rank"].startswith("offline"), reply.engine
    assert reply.engine["retrieve"] == "llm examples (5 of 5 found)", reply.engine
    assert sum(label in ZOMBIES for label in labels(reply)) >= 3, labels(reply)
    assert all(p.source == "llm" for p in reply.picks if p.movie.label in ZOMBIES)
    assert all(p.reason.strip() for p in reply.picks)


async def test_examples_reach_the_llm_ranker_which_sees_only_catalog_ids_in_its_schema(make_settings):
    chosen: list[str] = []

    def rank(body):  # the model picks the examples it was shown, last first
        lines = [ln for ln in prompt_of(body).splitlines() if re.match(r"^tt\d+ \|", ln)]
        ids = [ln.split(" | ")[0] for ln in lines if ln.split(" | ")[1] in ZOMBIES][::-1]
        chosen.extend(ids)
        return Response(json.dumps({"picks": [{"id": i, "reason": "A siege by the dead."} for i in ids]}))

    reply, server = await ask(make_settings, examples_script(ZOMBIES, rank=rank), "zombie movies")
    assert reply.engine["rank"] == "llm", reply.engine
    assert [p.movie.id for p in reply.picks] == chosen and len(chosen) == 5
    schema = rank_requests(server)[0]["response_format"]["json_schema"]["schema"]
    picks = schema["properties"]["picks"]
    assert sorted(picks["items"]["properties"]["id"]["enum"]) == sorted(candidate_ids(rank_requests(server)[0]))
    assert picks["minItems"] == picks["maxItems"] == 5


async def test_examples_join_searched_candidates_within_the_hard_filters(make_settings):
    """"zombie comedies": the filter says Comedy, so the non-comedies the model named are dropped, and the
    comedies it named come first among the searched comedies."""
    reply, server = await ask(make_settings, examples_script(ZOMBIES, {"genres": ["Comedy"]},
                                                             rank=lambda b: Response("not json")),
                              "zombie comedies")
    assert reply.engine["retrieve"].startswith("catalog") and "llm examples (5 of 5 found)" in reply.engine["retrieve"]
    shown = candidate_ids(rank_requests(server)[0])
    assert len(shown) > 2  # the searched comedies are there too
    assert {p.movie.label for p in reply.picks[:2]} == {"Shaun of the Dead (2004)", "Zombieland (2009)"}
    assert all("Comedy" in p.movie.genres for p in reply.picks)
    assert not {"Night of the Living Dead (1968)", "Dawn of the Dead (1978)"} & set(labels(reply))


async def test_year_filter_and_logged_films_drop_examples(make_settings):
    shaun = "tt0365748"
    reply, server = await ask(make_settings, examples_script(ZOMBIES, {"year_min": 2000},
                                                             rank=lambda b: Response("{}")),
                              "zombie movies from after 2000", logged=(shaun,))
    got = set(labels(reply))
    assert shaun not in candidate_ids(rank_requests(server)[0])
    assert "Shaun of the Dead (2004)" not in got
    assert {"Zombieland (2009)", "28 Days Later (2002)"} <= got
    assert all(p.movie.year >= 2000 for p in reply.picks)


async def test_foreign_and_mismatched_examples_are_dropped_without_a_crash(make_settings):
    """A film after the catalog's range, an invented one, a year that names another film: none becomes a pick."""
    examples = ["Train to Busan (2016)", "Zyzzyx Dead Parade (2011)", "Dawn of the Dead (1990)",
                "Shaun of the Deed (2004)", "Zombieland"]
    reply, server = await ask(make_settings, examples_script(examples), "zombie movies")
    assert reply.engine["retrieve"].endswith("llm examples (2 of 5 found)"), reply.engine
    shown = rank_requests(server)[0]
    names = prompt_of(shown)
    assert "Train to Busan" not in names and "Zyzzyx" not in names and "Dawn of the Dead" not in names
    assert {"Shaun of the Dead (2004)", "Zombieland (2009)"} <= set(labels(reply))
    assert len(reply.picks) == 5  # two examples are too few to be the whole retrieval: the usual pool follows


async def test_compact_prompt_round_trips_every_offered_field(make_settings):
    values = {"directors": ["Stanley Kubrick"], "actors": ["Tom Hanks"], "genres": ["Comedy"],
              "exclude_genres": ["Horror"], "year_min": 1980, "year_max": 1999, "countries": ["United States"],
              "min_runtime": 80, "max_runtime": 150, "oscar": "won", "moods": ["feel_good"],
              "similar_to": ["Oldboy"], "exclude_people": ["Meg Ryan"], "genre_mode": "all",
              "min_critic_score": 70, "text": "space", "exclude_titles": ["Big"], "languages": ["English"],
              "acclaimed": True}
    top = {"intent": "recommend", "language": "en", "answer": "", "examples": ["Big (1988)"],
           "question": {"title": "Big", "asks": "year"}}
    for compact in (True, False):
        offered_top, offered_filters = understand_fields(previous=False, compact=compact)
        assert set(offered_filters) <= set(values) and set(offered_top) - {"filters"} <= set(top)

        def script(body, n, offered_top=offered_top, offered_filters=offered_filters):
            schema = body["response_format"]["json_schema"]["schema"]
            assert list(schema["properties"]) == offered_top  # the schema sent is the one the test fills
            return Response(json.dumps({**{k: top[k] for k in offered_top if k != "filters"},
                                        "filters": {k: values[k] for k in offered_filters}}))

        with FakeLLMServer(script) as server:
            s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key",
                                                   llm_prompt="compact" if compact else "full"))
            try:  # the round trip itself: grounding in the pipeline would (rightly) drop filters "a request" lacks
                u = await s.recommender.llm.structured(
                    Understanding, understand_prompt(compact, False, ["Comedy"]), "message: a request",
                    json_schema=understand_schema(False, compact))
            finally:
                await s.close()
        for name in offered_filters:
            assert getattr(u.filters, name) == values[name], (compact, name)
        assert u.examples == ["Big (1988)"] and u.question is not None and u.question.asks == "year"
        system = server.requests[0]["messages"][0]["content"]
        if compact:
            assert "notes" not in offered_top and "continues" not in offered_top and "language" not in offered_top
            assert len(system) < 2500, len(system)
        else:
            assert len(system) > 2500 and "language" in offered_top


async def test_compact_rank_prompt_is_shorter_and_still_ranks(make_settings):
    full, _ = await ask(make_settings, examples_script(ZOMBIES), "zombie movies")
    compact_reply, compact_server = await ask(make_settings, examples_script(ZOMBIES), "zombie movies",
                                              llm_prompt="compact")
    assert compact_reply.engine["rank"] == "llm" and len(compact_reply.picks) == 5
    body = rank_requests(compact_server)[0]
    lines = [ln for ln in prompt_of(body).splitlines() if re.match(r"^tt\d+ \|", ln)]
    assert lines and all(len(ln.split(" | ")) == 7 for ln in lines)


async def test_question_intent_parses_and_skips_the_rank_call(make_settings):
    def script(body, n):
        return Response(json.dumps({"intent": "question", "language": "en", "filters": {},
                                    "question": {"title": "Casablanca", "asks": "director"}}))

    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key"))
        try:
            u, engine, _ = await s.recommender.understand("who directed Casablanca?")
            reply = await s.recommender.recommend("u1", "who directed Casablanca?")
        finally:
            await s.close()
    assert engine == "llm" and u.intent == "question" and u.question is not None
    assert (u.question.title, u.question.asks) == ("Casablanca", "director")
    assert not reply.picks and not rank_requests(server)


async def test_understand_schema_offers_no_notes_and_continues_only_with_a_previous_turn(make_settings):
    def script(body, n):
        if is_rank(body):
            return Response(json.dumps({"picks": [{"id": i, "reason": "ok"} for i in candidate_ids(body)[:5]]}))
        return Response(json.dumps({"intent": "recommend", "filters": {"genres": ["Comedy"]},
                                    "notes": ["Model note that must not reach users"], "continues": True}))

    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key"))
        try:
            first = await s.recommender.recommend("u1", "a comedy", conversation="c")
            await s.recommender.recommend("u1", "nothing romantic", conversation="c", follow_up=True)
        finally:
            await s.close()
    understands = [b for b in server.requests if not is_rank(b)]
    fresh, follow = (b["response_format"]["json_schema"]["schema"]["properties"] for b in understands)
    assert "notes" not in fresh and "continues" not in fresh
    assert "notes" not in follow and "continues" in follow
    assert "Follow-ups" not in understands[0]["messages"][0]["content"]
    assert "Follow-ups" in understands[1]["messages"][0]["content"]
    assert not any("Model note" in n for n in first.relaxed)


def test_rank_schema_and_prompt_shape():
    ids = ["tt0000011", "tt0000012", "tt0000013"]
    s = rank_schema(ids, 5)["properties"]["picks"]
    assert s["items"]["properties"]["id"]["enum"] == ids and s["minItems"] == s["maxItems"] == 3
    assert rank_schema(ids, 2)["properties"]["picks"]["maxItems"] == 2
    for compact in (False, True):
        en, ko = rank_prompt(compact, 5, "en"), rank_prompt(compact, 5, "ko")
        example = json.loads(en[en.rindex('{"picks"'):])
        assert len(example["picks"]) >= 2  # a one-pick example was copied as a one-pick answer
        assert re.search(r"[가-힣]", ko[ko.rindex('{"picks"'):]) and "Korean" in ko
        assert "dark humour" not in en


async def test_examples_as_a_small_model_writes_them_korean_titles_objects_no_intent(make_settings):
    """Only `examples` in the answer, one as an object, one by its Korean title, one without a year."""
    def script(body, n):
        if is_rank(body):
            return Response("I think these are great movies!")
        return Response(json.dumps({"examples": [{"title": "Shaun of the Dead", "year": 2004}, "올드보이 (2003)",
                                                 "Zombieland", 42]}))

    reply, _ = await ask(make_settings, script, "좀비 영화나 올드보이 같은 거")
    assert reply.engine["understand"] == "llm", reply.engine
    assert reply.engine["retrieve"].endswith("llm examples (3 of 3 found)"), reply.engine
    assert [p.movie.title for p in reply.picks[:3]] == ["Shaun of the Dead", "Oldboy", "Zombieland"]


def test_prompts_teach_no_exclusion_a_model_could_copy():
    """#20: a few-shot exclusion of real people reappeared in unrelated requests."""
    from core.prompts import understand_prompt

    for compact in (False, True):
        for previous in (False, True):
            text = understand_prompt(compact, previous, ["Comedy", "Drama"])
            assert not re.search(r'"exclude_people":\s*\[\s*"', text)
            assert '"intent":"question"' in text and '"examples":[' in text  # the few-shot classes
            assert ("continues" in text) == previous


async def test_candidate_lines_name_the_cast_by_prominence(services):
    """Turner & Hooch's cast sorted alphabetically opens with Clyde Kusatsu; the line must show Tom Hanks."""
    from core.rank import candidate_line, compact_line

    movie = (await services.catalog.get_many(["tt0098536"]))["tt0098536"]
    assert movie.title == "Turner & Hooch"
    for line in (candidate_line(movie), compact_line(movie)):
        assert "Tom Hanks" in line.split(" | ")[4]
