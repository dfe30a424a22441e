"""Exclusions of a whole series, of several titles, and of disliked genres or moods, in sentences written for these
tests (not from the eval splits).

- a series named with a series word ("trilogy", "movies", "ones", "시리즈") or as a plural title ("the godfathers")
  excludes every catalog film of it: the stem shared and a director or lead shared, as retrieval's series are;
- a list after one exclusion cue ("not X or Y", "skip X and Y", "X랑 Y 빼고") excludes each title;
- "the X one" with a person names that person's film X; a topic ("the shark ones") names no film and adds nothing;
- a mood under a hedge ("doesn't have to be scary") or an aversion ("I scare easily") is never asked for;
- Korean dislike words ("질색", "안 땡겨", "별로", "노노") exclude the genre before them.
"""
from __future__ import annotations

import pytest

from core.models import Filters
from moviebot.wiring import build_services

pytestmark = pytest.mark.asyncio(loop_scope="module")

BTTF = ["Back to the Future", "Back to the Future Part II", "Back to the Future Part III"]
GODFATHER = ["The Godfather", "The Godfather Part II", "The Godfather Part III"]


@pytest.mark.parametrize("text, director, actor, titles", [
    ("michael j fox but none of the back to the future films", None, "Michael J. Fox", BTTF),
    ("robert zemeckis, just not the back to the future trilogy", "Robert Zemeckis", None, BTTF),
    ("coppola but skip the godfathers", "Francis Ford Coppola", None, GODFATHER),
    ("tom hanks but none of the toy stories please", None, "Tom Hanks", ["Toy Story", "Toy Story 2", "Toy Story 3"]),
    ("al pacino, but the godfather movies are out", None, "Al Pacino", GODFATHER),
    ("로버트 저메키스 영화, back to the future 시리즈는 빼고", "Robert Zemeckis", None, BTTF),
])
async def test_a_named_series_excludes_each_of_its_films(read, text, director, actor, titles):
    u = await read(text)
    f = u.filters
    assert u.intent == "recommend", text
    assert set(titles) <= set(f.exclude_titles), (text, f.exclude_titles)
    assert f.directors == ([director] if director else []) and f.actors == ([actor] if actor else []), text
    assert not f.genres and not f.exclude_genres and not f.similar_to, text


async def test_a_series_keeps_only_films_sharing_a_director_or_lead(read):
    f = (await read("an animated film but none of the shreks")).filters
    assert {"Shrek", "Shrek 2"} <= set(f.exclude_titles)
    assert f.genres == ["Animation"] and not f.similar_to
    f = (await read("some sci-fi, no star wars movies")).filters  # not a catalog title: the lead film by its words
    assert all("star wars" in t.lower() for t in f.exclude_titles) and f.genres == ["Sci-Fi"]


@pytest.mark.parametrize("text", ["not the lord of the rings movies, some fantasy", "반지의 제왕 시리즈는 빼고 판타지 영화",
                                  "some fantasy, the Lord of the Rings trilogy is out"])
async def test_a_series_no_film_is_titled_after_is_found_by_its_films(read, text):
    f = (await read(text)).filters  # "The Lord of the Rings" (1978) is a lesser film: the trilogy is meant
    assert {"The Lord of the Rings: The Fellowship of the Ring", "The Lord of the Rings: The Two Towers",
            "The Lord of the Rings: The Return of the King"} <= set(f.exclude_titles), (text, f.exclude_titles)
    assert f.genres == ["Fantasy"] and not f.similar_to


@pytest.mark.parametrize("text, title", [("Tom Hanks but not Toy Story", "Toy Story"),
                                         ("Tom Hanks, just not the Toy Story movies", "Toy Story 2"),
                                         ("fantasy but NOT the Lord of the Rings trilogy",
                                          "The Lord of the Rings: The Two Towers")])
async def test_a_surname_inside_an_excluded_title_is_no_person(read, text, title):
    f = (await read(text)).filters  # Tim Story, Phil Lord
    assert title in f.exclude_titles and not f.exclude_people and f.actors in ([], ["Tom Hanks"]), (text, f)


async def test_a_series_excluded_for_a_person_is_that_persons_series(read):
    f = (await read("nolan films, not the batman ones")).filters
    assert f.directors == ["Christopher Nolan"] and "Batman Begins" in f.exclude_titles
    f = (await read("tim burton, but skip the batman movies")).filters
    assert {"Batman", "Batman Returns"} <= set(f.exclude_titles) and "Batman Begins" not in f.exclude_titles


async def test_the_film_itself_stays_the_only_one_without_a_series_word(read):
    f = (await read("coppola but not the godfather")).filters
    assert f.exclude_titles == ["The Godfather"]


@pytest.mark.parametrize("text, titles", [
    ("denzel washington but not training day or glory", ["Training Day", "Glory"]),
    ("skip inception and memento, some nolan", ["Inception", "Memento"]),
    ("tom hanks, just not Splash or Philadelphia", ["Splash", "Philadelphia"]),
    ("인셉션이랑 메멘토 빼고 놀란 영화", ["Inception", "Memento"]),
    ("nolan, except memento, inception and interstellar", ["Memento", "Inception", "Interstellar"]),
    ("Inception 이랑 Memento 빼고 놀란", ["Inception", "Memento"]),
])
async def test_each_title_of_an_excluded_list(read, text, titles):
    f = (await read(text)).filters
    assert sorted(f.exclude_titles) == sorted(titles), (text, f.exclude_titles)
    assert not f.similar_to and not f.genres, text


@pytest.mark.parametrize("text, person, title", [
    ("leonardo dicaprio but not the titanic one", "Leonardo DiCaprio", "Titanic"),
    ("harrison ford, but not the blade runner one", "Harrison Ford", "Blade Runner"),
    ("Tom Cruise 나오는 거, 근데 Top Gun은 빼줘", "Tom Cruise", "Top Gun"),
    ("Leonardo DiCaprio 영화 추천해줘, Inception은 제외해줘", "Leonardo DiCaprio", "Inception"),
    ("Harrison Ford 주연 영화, Blade Runner 는 빼주세요", "Harrison Ford", "Blade Runner"),
])
async def test_a_film_excluded_by_its_role_for_a_person(read, text, person, title):
    f = (await read(text)).filters
    assert f.actors == [person] and f.exclude_titles == [title], (text, f)
    assert not f.genres and not f.exclude_genres, text


@pytest.mark.parametrize("text", ["nolan, except memento, a thriller", "hitchcock but not psycho, vertigo is great"])
async def test_a_list_goes_on_only_while_each_item_is_a_title(read, text):
    f = (await read(text)).filters
    assert len(f.exclude_titles) == 1, (text, f.exclude_titles)


@pytest.mark.parametrize("text", ["spielberg but skip the dinosaur ones", "spielberg, just not the shark one"])
async def test_a_topic_the_catalog_cannot_see_excludes_nothing(read, text):
    f = (await read(text)).filters
    assert f.directors == ["Steven Spielberg"] and not f.exclude_titles and not f.genres and not f.exclude_genres


@pytest.mark.parametrize("text, genre", [
    ("a mystery that isn't actually scary, i scare easily", "Mystery"),
    ("a thriller please, i get nightmares really easily", "Thriller"),
    ("a thriller that's not really creepy", "Thriller"),
    ("겁이 많아서 안 무서운 스릴러로", "Thriller"),
    ("너무 무섭지는 않은 미스터리", "Mystery"),
])
async def test_a_negated_or_feared_mood_is_never_asked_for(read, text, genre):
    f = (await read(text)).filters
    assert "scary" not in f.moods and genre in f.genres and "Horror" not in f.genres, (text, f)


@pytest.mark.parametrize("text", ["a thriller, it doesn't have to be scary", "a mystery, needn't be creepy or anything"])
async def test_a_hedged_mood_is_neither_wanted_nor_excluded(read, text):
    f = (await read(text)).filters
    assert not f.moods and not f.exclude_genres and "Horror" not in f.genres, (text, f)


async def test_a_mood_wanted_outright_is_still_read(read):
    assert "scary" in (await read("something that will give me nightmares")).filters.moods


@pytest.mark.parametrize("text, wanted, disliked", [
    ("호러는 질색, 액션으로", "Action", "Horror"),
    ("SF는 싫어 그냥 로맨스", "Romance", "Sci-Fi"),
    ("공포는 안 땡겨 코미디로", "Comedy", "Horror"),
    ("전쟁영화는 노노 드라마 ㄱㄱ", "Drama", "War"),
    ("뮤지컬은 좀 별로라서 코미디 추천", "Comedy", "Musical"),
    ("로맨스는 극혐이야 ㅋㅋ 스릴러로", "Thriller", "Romance"),
    ("액션 영화는 땡기지 않아, 드라마 추천", "Drama", "Action"),
    ("로맨스는 패스, 액션으로", "Action", "Romance"),
    ("호러는 됐고 코미디", "Comedy", "Horror"),
    ("멜로는 취향 아님 스릴러 추천", "Thriller", "Romance"),
    ("SF는 안 좋아해서 드라마로", "Drama", "Sci-Fi"),
])
async def test_a_korean_dislike_excludes_the_genre(read, text, wanted, disliked):
    f = (await read(text)).filters
    assert wanted in f.genres and disliked in f.exclude_genres and disliked not in f.genres, (text, f)


async def test_a_series_excluded_in_a_follow_up_keeps_the_request(make_settings):
    services = await build_services(make_settings())
    try:
        rec = services.recommender
        await rec.recommend("u1", "액션 영화 추천", conversation="c1", follow_up=True)
        await rec.recommend("u1", "mel gibson 나오는 걸로", conversation="c1", follow_up=True)
        r = await rec.recommend("u1", "lethal weapon 시리즈는 빼고", conversation="c1", follow_up=True)
        f: Filters = r.filters
        assert f.actors == ["Mel Gibson"] and "Action" in f.genres, f
        assert {"Lethal Weapon", "Lethal Weapon 2"} <= set(f.exclude_titles), f.exclude_titles
        assert r.picks and not any(p.movie.title.startswith("Lethal Weapon") for p in r.picks)
    finally:
        await services.close()
