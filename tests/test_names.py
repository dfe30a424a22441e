"""People's names as users type them: case, typos, surname only, Hangul; ordinary words never become people."""
from __future__ import annotations

import json

import pytest

from core.models import Filters
from tests.fake_llm import FakeLLMServer, Response, is_rank, sensible


@pytest.fixture
async def understand(services):
    return services.recommender.offline.understand


@pytest.mark.parametrize("text, role, name", [
    ("Tom Hnaks comedy", "actors", "Tom Hanks"),
    ("kubrik", "directors", "Stanley Kubrick"),
    ("spielburg movies", "directors", "Steven Spielberg"),
    ("julia robrets romance", "actors", "Julia Roberts"),
    ("al pachino crime", "actors", "Al Pacino"),
    ("something funny with jim carey", "actors", "Jim Carrey"),
    ("denzel washingtn thriller", "actors", "Denzel Washington"),
])
async def test_typos_are_corrected_and_the_reply_says_so(understand, text, role, name):
    u = await understand(text)
    assert getattr(u.filters, role) == [name]
    assert any(name in note for note in u.notes), u.notes
    assert not any("not in the catalog" in note for note in u.notes)


@pytest.mark.parametrize("text, role, name", [
    ("any good hitchcock thrillers?", "directors", "Alfred Hitchcock"),
    ("something by Kubrick", "directors", "Stanley Kubrick"),
    ("a film by nolan", "directors", "Christopher Nolan"),
    ("movies with tom hanks", "actors", "Tom Hanks"),
    ("송강호 나오는 영화", "actors", "Song Kang-ho"),
    ("봉준호 감독 범죄 스릴러 추천해줘", "directors", "Bong Joon-ho"),
])
async def test_case_and_surname_only_resolve_without_a_false_note(understand, text, role, name):
    u = await understand(text)
    assert getattr(u.filters, role) == [name]
    assert u.notes == []


async def test_role_comes_from_credits_not_from_a_distant_cue(understand):
    u = await understand("Scorsese movies with DiCaprio")
    assert u.filters.directors == ["Martin Scorsese"] and u.filters.actors == ["Leonardo DiCaprio"]


@pytest.mark.parametrize("text", [
    "a stone cold thriller", "the king of comedy", "a movie with a dog", "black and white classics",
    "something with a happy ending", "a red man walks into a bar", "love and war in the city",
    "a young woman in the big house", "some good drama please",
])
async def test_ordinary_words_never_become_people(understand, text):
    u = await understand(text)
    assert (u.filters.directors, u.filters.actors) == ([], []), text


async def test_unknown_name_gets_a_note(understand):
    u = await understand("movies by Xavier Dolanski")
    assert (u.filters.directors, u.filters.actors) == ([], [])
    assert "Xavier Dolanski" in u.answer  # nothing else was asked: the note is the whole answer
    u = await understand("comedies by Xavier Dolanski")
    assert u.intent == "recommend" and any("Xavier Dolanski" in note for note in u.notes)


async def test_llm_names_are_grounded_forgivingly(services):
    names = await services.recommender.offline.names()
    assert names.canonical("Tom Hnaks") == "Tom Hanks"
    assert names.canonical("stanley kubrick") == "Stanley Kubrick"
    assert names.canonical("Hitchcock") == "Alfred Hitchcock"
    assert names.canonical("봉준호") == "Bong Joon-ho"
    assert names.canonical("Nobody Atallknown") is None


# ------------------------------------------------------------------ numbers (issue: absurd values)
@pytest.mark.parametrize("values", [
    {"year_min": 1e20}, {"max_runtime": -5}, {"min_critic_score": 1e6}, {"year_max": "soon"},
    {"max_runtime": float("inf")}, {"year_min": 10 ** 30},
])
def test_out_of_range_numbers_are_dropped_and_recorded(values):
    f = Filters(**values)
    field = next(iter(values))
    assert getattr(f, field) is None and f.ignored and f.ignored[0].startswith(field)


def test_sensible_numbers_pass_and_round():
    f = Filters(year_min=1990, year_max="1999", max_runtime=95.4, min_critic_score=0)
    assert (f.year_min, f.year_max, f.max_runtime, f.min_critic_score, f.ignored) == (1990, 1999, 95, 0, [])


@pytest.mark.parametrize("text", [
    "a comedy under 99999999999999999999999 minutes",
    "movie under " + "9" * 48 + " minutes",
    "movie under " + "9" * 400 + " minutes",
])
async def test_absurd_numbers_in_requests_answer_with_a_note(services, text):
    reply = await services.recommender.recommend("u1", text)
    assert reply.intent == "recommend" and reply.picks
    assert reply.filters.max_runtime is None
    assert any("impossible runtime" in note for note in reply.relaxed), reply.relaxed


async def test_absurd_numbers_from_the_llm_are_dropped(make_settings):
    from core.services import build_services

    def script(body, n):
        if is_rank(body):
            return sensible(body)
        return Response(json.dumps({"intent": "recommend", "language": "en", "filters": {
            "genres": ["Comedy"], "year_min": 1e20, "max_runtime": -5, "min_critic_score": 1e6}}))

    with FakeLLMServer(script) as server:
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="k"))
        try:
            reply = await s.recommender.recommend("u1", "a comedy")
        finally:
            await s.close()
    assert reply.engine["understand"] == "llm" and reply.picks
    assert (reply.filters.year_min, reply.filters.max_runtime, reply.filters.min_critic_score) == (None,) * 3
    assert len([n for n in reply.relaxed if "impossible" in n]) == 3


# ------------------------------------------------------------------ logging by title (never a silent guess)
@pytest.mark.parametrize("text, label", [("Memories of Murderr", "Memories of Murder (2003)"),
                                         ("memories of murder", "Memories of Murder (2003)"),
                                         ("The Host (2006)", "The Host (2006)"), ("tt0353969", "Memories of Murder (2003)"),
                                         ("Oldboy (2013)", "Oldboy (2013)")])
async def test_titles_resolve_forgivingly_and_exactly(services, text, label):
    assert (await services.history.resolve_title(text)).label == label


@pytest.mark.parametrize("text, n", [("Oldboy", 2), ("The Host", 2), ("Titanic", 3)])
async def test_shared_titles_ask_which_one(services, text, n):
    from core.errors import AmbiguousTitle

    with pytest.raises(AmbiguousTitle) as exc:
        await services.history.resolve_title(text)
    assert len(exc.value.choices) == n and all(m.year and str(m.year) in str(exc.value) for m in exc.value.choices)


@pytest.mark.parametrize("text", ["a", "x", "No Such Film 12345", "The Host (1850)", "tt0000001"])
async def test_loose_queries_are_refused_not_guessed(services, text):
    from core.errors import BadRequest

    with pytest.raises(BadRequest):
        await services.history.resolve_title(text)


def test_cli_asks_which_film_when_not_in_a_terminal_it_lists_them(tmp_path, catalog_db):
    import os
    import subprocess
    import sys

    env = {**os.environ, "MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db), "SASREC_CHECKPOINT": "none"}
    out = subprocess.run([sys.executable, "-m", "moviebot", "liked", "--user", "u", "Oldboy"], env=env,
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 1 and "Oldboy (2003)" in out.stderr and "Oldboy (2013)" in out.stderr


async def test_the_catalog_stores_the_name_index_it_would_build(services):
    """Each process loads the index the build stored: it must equal a fresh build from the same catalog."""
    from dataclasses import asdict

    from core.understand.names import NameIndex

    import sqlite3

    from core.catalog.base import Vocabulary
    from core.catalog.derived import PEOPLE_COUNTS

    db = sqlite3.connect(services.catalog.path)
    vocab = Vocabulary(directors=dict(db.execute(PEOPLE_COUNTS, ["director"])),
                       actors=dict(db.execute(PEOPLE_COUNTS, ["actor"])))
    db.close()
    stored = await services.catalog.stored_name_index()
    assert stored is not None and len(stored.exact) > 50_000
    assert asdict(stored) == asdict(NameIndex.build(vocab))


async def test_the_catalog_stores_the_title_index_it_would_build(services):
    from core.understand.titles import TitleIndex

    stored = await services.catalog.stored_title_index()
    built = TitleIndex.build(await services.catalog.titles())
    built.add_aliases(await services.catalog.aliases())
    assert stored is not None and stored == built
    assert stored.match("Memories of Murderr").best.id == "tt0353969"
