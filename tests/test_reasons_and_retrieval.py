"""What a film fan sees: reasons backed by the catalog, moods that fit, similar films, varied vague answers."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.explain import explain
from core.models import Candidate, Filters, InteractionKind, Movie, TasteProfile
from core.moods import moods
from core.understand.titles import TitleIndex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from claims import check_reason  # noqa: E402

REQUESTS = ["a 90s comedy with Tom Hanks", "봉준호 감독 범죄 스릴러 추천해줘", "movies like Oldboy", "올드보이 같은 영화",
            "a long epic, 3 hours or more", "Oscar-winning dramas", "feel-good movie for a rainy day",
            "아이들이랑 같이 볼 만한 영화", "recommend me something"]


@pytest.mark.parametrize("text", REQUESTS)
async def test_every_reason_is_backed_by_the_catalog_and_reads_naturally(services, text):
    await services.history.log_title("fan", "Memories of Murder", InteractionKind.LIKED)
    reply = await services.recommender.recommend("fan", text)
    profile = await services.recommender.profile("fan")
    history = await services.catalog.get_many(profile.watched)
    seeds = [m for t in reply.filters.similar_to for m in await services.catalog.find_titles(t, limit=1)]
    assert reply.picks
    for p in reply.picks:
        assert check_reason(p.reason, p.movie, history, profile, seeds) == [], p.reason
        assert ";" not in p.reason and "as you asked" not in p.reason and "을(를)" not in p.reason
        assert 0 < len(p.reason) <= 240 and p.reason.count(".") + p.reason.count("요.") <= 4


async def test_korean_requests_get_korean_names_and_titles(services):
    await services.history.log_title("ko", "Memories of Murder", InteractionKind.LIKED)
    reply = await services.recommender.recommend("ko", "봉준호 감독 영화 추천해줘")
    assert "봉준호 감독" in reply.message
    assert any("《살인의 추억》" in p.reason and "봉준호" in p.reason for p in reply.picks), [p.reason for p in reply.picks]


def test_a_share_of_reviews_needs_twenty_reviews_and_no_lead_role_is_claimed():
    few = Movie(id="tt1", title="Tiny", year=2001, genres=["Drama"], cast=["Tom Hanks"], critics_meter=95, reviews=6)
    many = few.model_copy(update={"id": "tt2", "reviews": 120})
    f = Filters(actors=["Tom Hanks"])
    r_few = explain(Candidate(movie=few), f, TasteProfile(user_id="u"), {}, [])
    r_many = explain(Candidate(movie=many), f, TasteProfile(user_id="u"), {}, [])
    assert "%" not in r_few and "95% of 120 critics were positive" in r_many
    ko = explain(Candidate(movie=many), f, TasteProfile(user_id="u"), {}, [], "ko")
    assert "주연" not in ko and "출연" in ko and "평론가 120명 중 95%" in ko


@pytest.mark.parametrize("text, mood", [("아이들이랑 같이 볼 만한 영화", "kids"), ("feel-good movie", "feel_good"),
                                        ("date night", "date_night"), ("something scary", "scary"),
                                        ("눈물 펑펑 나는 영화", "tear_jerker")])
async def test_mood_picks_fit_the_mood(services, text, mood):
    reply = await services.recommender.recommend("m", text)
    assert reply.filters.moods[:1] == [mood] and reply.picks
    assert all(moods()[mood].fits(p.movie) for p in reply.picks), [(p.movie.label, p.movie.genres) for p in reply.picks]
    assert moods()[mood].label(reply.language) in reply.message


@pytest.mark.parametrize("seed, director", [("Oldboy", "Park Chan-wook"), ("Inception", "Christopher Nolan"),
                                            ("The Godfather", "Francis Ford Coppola")])
async def test_like_x_puts_the_seed_director_near_the_top(services, seed, director):
    reply = await services.recommender.recommend("s", f"movies like {seed}")
    assert seed not in [p.movie.title for p in reply.picks]
    assert any(director in p.movie.directors for p in reply.picks[:3]), [p.movie.label for p in reply.picks]


async def test_vague_requests_from_new_users_do_not_get_one_fixed_list(services):
    lists = set()
    for i, text in enumerate(["recommend me something", "I want to watch a movie tonight", "영화 추천해줘",
                              "any good movies?", "surprise me with a film"]):
        reply = await services.recommender.recommend(f"new{i}", text)
        assert reply.picks and any("couldn't tell" in n or "잘 모르겠어서" in n for n in reply.relaxed)
        lists.add(tuple(p.movie.id for p in reply.picks))
    assert len(lists) == 5


def test_title_index_exact_typo_year_korean_and_ambiguity():
    rows = [("tt1", "Oldboy", 2003, 0.9), ("tt2", "Oldboy", 2013, 0.4), ("tt3", "Inception", 2010, 0.9),
            ("tt4", "The Host", 2006, 0.8), ("tt5", "The Host", 2013, 0.3), ("tt6", "Amour", 2012, 0.8)]
    idx = TitleIndex.build(rows)
    m = idx.match("oldboy")
    assert m.best.id == "tt1" and [t.id for t in m.alternatives] == ["tt2"] and not m.corrected
    assert idx.match("Oldboy (2013)").best.id == "tt2" and idx.match("oldboy 2013").best.id == "tt2"
    assert idx.match("Inceptoin").best.id == "tt3" and idx.match("Inceptoin").corrected
    assert idx.match("host").best.id == "tt4"
    assert idx.match("인셉션").best.id == "tt3"
    assert idx.match("a") is None and idx.match("amor") is None  # too short for typo matching


class RecordingRanker:
    """A stand-in sequential model that records what history it was given (oldest first, as SASRec reads it)."""

    def __init__(self):
        self.histories: list[list[str]] = []

    def known(self, ids):
        return list(ids)

    def rank(self, history, k, exclude=(), allowed=None):
        self.histories.append(list(history))
        return [(i, 1.0 / (n + 1)) for n, i in enumerate(allowed or [])][:k]

    def neighbours(self, ids, k, exclude=()):
        return []


async def test_like_x_seed_is_the_newest_item_the_sequential_model_sees(services):
    from datetime import datetime, timedelta, timezone

    from core.models import Interaction
    ranker = RecordingRanker()
    services.recommender.retriever.sequential = ranker
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    ids = [c.movie.id for c in await services.catalog.search(__import__("core.models").models.SearchQuery(limit=300))]
    for n, movie_id in enumerate(ids[:250]):
        await services.store.add(Interaction(user_id="heavy", movie_id=movie_id, kind=InteractionKind.WATCHED,
                                             created_at=start + timedelta(minutes=n)))
    await services.recommender.recommend("heavy", "movies like Oldboy")
    oldboy = (await services.catalog.find_titles("Oldboy", year=2003, limit=1))[0].id
    assert ranker.histories and ranker.histories[-1][-1] == oldboy


async def test_heavy_users_never_see_films_from_deep_in_their_history(services):
    from datetime import datetime, timedelta, timezone

    from core.models import Interaction, SearchQuery
    popular = [c.movie.id for c in await services.catalog.search(SearchQuery(limit=650))]
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    oldest = popular[:40]  # the best-known films, watched first, then 600 more events on top
    for n, movie_id in enumerate(oldest + popular[40:640]):
        await services.store.add(Interaction(user_id="binge", movie_id=movie_id, kind=InteractionKind.WATCHED,
                                             created_at=start + timedelta(minutes=n)))
    profile = await services.recommender.profile("binge")
    assert set(oldest) <= set(profile.excluded)
    for text in ("recommend me something", "acclaimed dramas", "best films of all time"):
        reply = await services.recommender.recommend("binge", text, count=10)
        assert not {p.movie.id for p in reply.picks} & set(popular[:640]), text
