"""The shelf and the digest through the real LLM client against a local server: one rank call, offline fallback."""
from __future__ import annotations

from core.models import InteractionKind
from core.services import build_services
from tests.fake_llm import FakeLLMServer, Response, is_rank, sensible

LIKED = ["tt0353969", "tt0113277", "tt0364569"]  # Memories of Murder, Heat, Oldboy


async def shelf_and_digest(make_settings, script):
    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key"))
        try:
            for movie_id in LIKED:
                await s.history.log("u1", movie_id, InteractionKind.LIKED)
            shelf = await s.shelf.show("u1")
            shelf_calls = len(server.requests)
            digest = await s.digest.prepare("u1")
        finally:
            await s.close()
    return shelf, digest, shelf_calls, len(server.requests) - shelf_calls


async def test_one_rank_call_each_with_the_models_reasons(make_settings):
    shelf, digest, shelf_calls, digest_calls = await shelf_and_digest(make_settings, sensible)
    for reply, calls in ((shelf, shelf_calls), (digest, digest_calls)):
        assert calls == 1 and reply.llm_calls == 1 and reply.engine["rank"] == "llm"
        assert len(reply.picks) == 5 and all(p.reason.startswith("LLM reason for tt") for p in reply.picks)
        assert not {p.movie.id for p in reply.picks} & set(LIKED)
    assert not {p.movie.id for p in shelf.picks} & {p.movie.id for p in digest.picks}  # the shelf counts as shown


async def test_a_failing_model_falls_back_offline_with_history_reasons(make_settings):
    def script(body, n):
        return Response("{'picks': [oops") if is_rank(body) else sensible(body)

    shelf, digest, shelf_calls, digest_calls = await shelf_and_digest(make_settings, script)
    for reply in (shelf, digest):
        assert reply.engine["rank"].startswith("offline (llm") and reply.fallback and len(reply.picks) == 5
        assert any(t in p.reason for p in reply.picks for t in ("Memories of Murder", "Heat", "Oldboy"))
    assert shelf_calls >= 1 and digest_calls >= 1 and shelf.llm_calls == 1 and digest.llm_calls == 1
