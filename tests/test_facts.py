"""Reasons a film fan can trust: no Oscar counts from the embedded catalog, the people who matter (cast in
prominence order), genres only when asked for or corroborated, one fact beyond the filter, and the same rules for
the LLM's reasons."""
from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest

from core import conversation as conv
from core import reason_check
from core.catalog.build import build_catalog_from_movies
from core.catalog.ensure import catalog_problem
from core.catalog.reliability import claimable_genres, oscar_count
from core.explain import explain, explain_all
from core.facts import gather
from core.models import Candidate, Filters, Interaction, InteractionKind, Movie, SearchQuery, TasteProfile
from core.profile import build_profile
from core.rank import RankOutput, RankedPick, candidate_line, validate_picks

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from claims import beyond_filter, classify  # noqa: E402

COUNT = re.compile(r"\d+\s*(?:Oscars?|Academy Awards?)|won \d+|아카데미상 \d+|\d+개 부문", re.IGNORECASE)


async def _movie(services, title: str, year: int) -> Movie:
    return next(m for m in await services.catalog.find_titles(title, year) if m.year == year)


async def test_embedded_cast_is_in_prominence_order_not_alphabetical(services):
    hooch = await _movie(services, "Turner & Hooch", 1989)
    godfather = await _movie(services, "The Godfather", 1972)
    attorney = await _movie(services, "The Attorney", 2013)
    host = await _movie(services, "The Host", 2006)
    assert hooch.catalog_source == "bokeh"
    assert hooch.cast[0] == "Tom Hanks"  # 12th alphabetically
    assert {"Al Pacino", "Marlon Brando"} <= set(godfather.cast[:3])
    assert attorney.cast[0] == "Song Kang-ho" and host.cast[0] == "Song Kang-ho"
    assert "Paul Lazar" not in host.cast[:3] and "Scott Wilson" not in host.cast[:3]  # guests in a Korean film


async def test_why_answer_starring_leads_with_the_lead_and_never_counts_oscars(services):
    hooch = await _movie(services, "Turner & Hooch", 1989)
    assert "Starring Tom Hanks," in conv.why(hooch, [])
    gump = await _movie(services, "Forrest Gump", 1994)
    assert gump.oscars > 0 and oscar_count(gump) is None  # the embedded count is incomplete: never shown
    for language in ("en", "ko"):
        text = conv.why(gump, [], language)
        assert not COUNT.search(text), text
        assert ("An Oscar winner" if language == "en" else "아카데미상 수상작") in text


async def test_profile_actors_are_the_leads_of_liked_films(services):
    godfather = await _movie(services, "The Godfather", 1972)
    profile = build_profile("u", [Interaction(user_id="u", movie_id=godfather.id, kind=InteractionKind.LIKED)],
                            {godfather.id: godfather})
    top = list(profile.actors)[:3]
    assert {"Al Pacino", "Marlon Brando"} <= set(top), top
    assert "Abe Vigoda" not in profile.actors


async def test_shared_actor_links_name_a_lead_of_both_films(services):
    await services.history.log("hostfan", "tt0468492", InteractionKind.LIKED)  # The Host (2006)
    profile, history = await services.recommender.profiles.get("hostfan")
    attorney = await _movie(services, "The Attorney", 2013)
    lambs = await _movie(services, "The Silence of the Lambs", 1991)
    assert "Paul Lazar" in lambs.cast and "Paul Lazar" in history["tt0468492"].cast
    for language in ("en", "ko"):
        reason = explain(Candidate(movie=attorney), Filters(), profile, history, [], language)
        assert "Song Kang-ho" in reason or "송강호" in reason, reason
        lambs_reason = explain(Candidate(movie=lambs), Filters(), profile, history, [], language)
        assert "Paul Lazar" not in lambs_reason and "The Host" not in lambs_reason, lambs_reason


@pytest.mark.parametrize("text", ["Oscar-winning dramas", "아카데미 수상작 추천해줘", "a crime film", "영화 추천해줘",
                                  "movies like Gravity", "a 90s comedy with Tom Hanks"])
async def test_reasons_show_no_award_count_and_only_safe_genres(services, text):
    await services.history.log("g", "tt0068646", InteractionKind.LIKED)  # The Godfather
    reply = await services.recommender.recommend("g", text)
    profile, history = await services.recommender.profiles.get("g")
    assert reply.picks
    for p in reply.picks:
        found = classify(p.reason, p.movie, reply.filters, history, profile)
        assert not found, (p.reason, found)
        assert not COUNT.search(p.reason), p.reason


async def test_gravity_is_not_called_a_horror_film_unless_horror_was_asked(services):
    gravity = await _movie(services, "Gravity", 2013)
    assert "Horror" in gravity.genres and claimable_genres(gravity) == []
    plain = explain(Candidate(movie=gravity), Filters(year_min=2010), TasteProfile(user_id="u"), {}, [])
    asked = explain(Candidate(movie=gravity), Filters(genres=["Horror"]), TasteProfile(user_id="u"), {}, [])
    assert "horror" not in plain.lower() and "horror" in asked.lower()


async def test_each_reason_adds_a_fact_and_openers_vary(services):
    for text in ("kubrick films", "a 90s comedy with Tom Hanks", "스필버그 SF 영화"):
        reply = await services.recommender.recommend("v", text)
        assert len(reply.picks) >= 3
        assert all(beyond_filter(p.reason, p.movie, reply.filters) for p in reply.picks), \
            [p.reason for p in reply.picks]
        openers = {" ".join(p.reason.split()[:2]) for p in reply.picks}
        assert len(openers) > 1, [p.reason for p in reply.picks]


async def test_comparative_facts_are_true(services):
    f = Filters(directors=["Stanley Kubrick"])
    cands = (await services.recommender.retriever.retrieve(f, TasteProfile(user_id="u"), "en")).candidates[:5]
    context = await gather(services.catalog, [c.movie for c in cands], f)
    films = context.filmographies[("director", "Stanley Kubrick")]
    assert len(films) >= 10 and all("Stanley Kubrick" in m.directors for m in films)
    for c, reason in zip(cands, explain_all(cands, f, TasteProfile(user_id="u"), {}, [], "en", context)):
        m = c.movie
        if "The earliest of" in reason:
            assert m.year == min(x.year for x in films if x.year)
        if "The shortest of these" in reason:
            assert m.runtime == min(x.movie.runtime for x in cands if x.movie.runtime)
        if "The best-reviewed of Stanley Kubrick's" in reason:
            assert m.critics_meter == max(x.critics_meter or 0 for x in films if (x.reviews or 0) >= 20)


async def test_rank_prompt_lines_carry_leads_and_no_counts(services):
    hooch = await _movie(services, "Turner & Hooch", 1989)
    gump = await _movie(services, "Forrest Gump", 1994)
    gravity = await _movie(services, "Gravity", 2013)
    cast_field = candidate_line(hooch).split(" | ")[4]
    assert cast_field.startswith("Tom Hanks")
    line = candidate_line(gump)
    assert "an Oscar winner" in line and not COUNT.search(line)
    assert "Horror" not in candidate_line(gravity) and "Horror" in candidate_line(gravity, Filters(genres=["Horror"]))
    cruise = await services.catalog.search(SearchQuery(filters=Filters(actors=["Tom Cruise"], genres=["Action"]),
                                                       limit=10))
    assert all("Tom Cruise" in candidate_line(c.movie, Filters(actors=["Tom Cruise"])) for c in cruise)


@pytest.mark.parametrize("bad", ["It won 4 Oscars and stars Tom Hanks.", "Starring {bit} and Tom Hanks.",
                                 "Tom Hanks in the lead role.", "A 1989 horror film.", "3관왕에 빛나는 작품이에요."])
async def test_a_model_reason_with_an_unsafe_claim_is_replaced(services, bad):
    hooch = await _movie(services, "Turner & Hooch", 1989)
    hooch = hooch.model_copy(update={"oscars": 4})
    bad = bad.format(bit=hooch.cast[-1])  # the least prominent: a bit part, never "starring"
    cands = [Candidate(movie=hooch)]
    out = RankOutput(picks=[RankedPick(id=hooch.id, reason=bad)])
    picks, dropped = validate_picks(out, cands, 1, Filters(), TasteProfile(user_id="u"), {}, [], "en")
    assert dropped == 0 and picks[0].reason != bad
    assert not reason_check.problems(picks[0].reason, hooch, Filters())
    good = "A warm buddy comedy with Tom Hanks and a very large dog."
    kept, _ = validate_picks(RankOutput(picks=[RankedPick(id=hooch.id, reason=good)]), cands, 1,
                             Filters(genres=["Comedy"]), TasteProfile(user_id="u"), {}, [], "en")
    assert kept[0].reason == good


def test_an_embedded_catalog_built_before_cast_prominence_is_rebuilt_but_an_imdb_one_is_kept(tmp_path):
    movie = Movie(id="tt1", title="A", year=2000, cast=["B", "A"])
    for votes, expected in ((None, "outdated"), (1000, None)):
        path = tmp_path / f"c{votes}.sqlite3"
        build_catalog_from_movies(path, [movie.model_copy(update={"imdb_votes": votes})])
        assert catalog_problem(path) is None  # built now: it has its meta table
        db = sqlite3.connect(path)
        db.execute("DROP TABLE meta")
        db.commit()
        db.close()
        problem = catalog_problem(path)
        assert (problem[0] if problem else None) == expected


async def test_an_imdb_catalog_keeps_billing_and_its_genres_may_be_named(tmp_path):
    from core.catalog.imdb import ImdbOptions, build_imdb_catalog
    from core.catalog.sqlite import SQLiteCatalog

    dest = tmp_path / "imdb.sqlite3"
    build_imdb_catalog(dest, Path(__file__).parent / "fixtures" / "imdb", ImdbOptions(min_votes=1000))
    cat = await SQLiteCatalog.open(dest)
    try:
        parasite = (await cat.get_many(["tt6751668"]))["tt6751668"]
    finally:
        await cat.close()
    assert parasite.catalog_source == "imdb" and parasite.cast[0] == "Song Kang-ho"
    assert claimable_genres(parasite) == parasite.genres  # IMDb's own genres: nameable without being asked
    line = candidate_line(parasite)
    assert "/".join(parasite.genres[:3]) in line and "Oscar" not in line  # IMDb builds carry no awards


def test_a_tmdb_keyword_corroborates_a_broad_embedded_genre():
    gravity = Movie(id="tt1454468", title="Gravity", year=2013, genres=["Sci-Fi", "Horror", "Thriller"],
                    catalog_source="bokeh")
    assert claimable_genres(gravity) == []
    assert claimable_genres(gravity.model_copy(update={"keywords": ["space", "sci-fi"]})) == ["Sci-Fi"]
    assert claimable_genres(gravity, ["Thriller"]) == ["Thriller"]


async def test_picks_filled_after_the_models_compare_with_the_whole_reply(services):
    f = Filters(actors=["Tom Hanks"])
    cands = (await services.recommender.retriever.retrieve(f, TasteProfile(user_id="u"), "en")).candidates[:12]
    out = RankOutput(picks=[RankedPick(id=c.movie.id, reason="A good one with Tom Hanks.") for c in cands[:2]])
    picks, _ = validate_picks(out, cands, 5, f, TasteProfile(user_id="u"), {}, [], "en")
    assert len(picks) == 5
    for p in picks[2:]:
        for n in re.findall(r"of these (\d+)", p.reason):
            assert n == "5", p.reason
