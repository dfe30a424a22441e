"""Genres as subjects ("a biopic about a singer": both genres), detective words, a topic that cannot be searched
beside a genre that can, and films asked for by what happens in them. Sentences written for these tests."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# A genre that is the first one's subject names one kind of film: every genre, not either.
@pytest.mark.parametrize("text, genres", [
    ("got a biopic about a singer?", {"Biography", "Music"}),
    ("음악에 관한 다큐멘터리 보고 싶어", {"Documentary", "Music"}),
    ("a comedy about war, if that exists", {"Comedy", "War"}),
    ("documentary on rock bands", {"Documentary", "Music"}),
])
async def test_a_genre_about_another_is_both(read, text, genres):
    f = (await read(text)).filters
    assert set(f.genres) == genres and f.genre_mode == "all"


async def test_either_word_keeps_either(read):
    f = (await read("a comedy or a drama about a rapper")).filters
    assert {"Comedy", "Drama"} <= set(f.genres) and f.genre_mode != "all"


@pytest.mark.parametrize("text", ["any good whodunnits?", "탐정 나오는 영화", "a detective film from the 40s"])
async def test_detective_words_are_mystery(read, text):
    assert "Mystery" in (await read(text)).filters.genres


# The genre named answers; the topic beside it cannot be searched, and the note never names a proxy not searched.
@pytest.mark.parametrize("text, genre", [("a documentary about sharks", "Documentary"),
                                         ("좀비 나오는 코미디", "Comedy")])
async def test_a_topic_beside_a_genre_says_it_was_not_searched(read, text, genre):
    u = await read(text)
    assert genre in u.filters.genres
    note = " ".join(u.notes)
    assert ("plot" in note or "줄거리" in note) and "thriller" not in note.lower() and "공포" not in note


# A film asked for by its story: the reply says plot is not searchable, and no story word becomes a filter.
@pytest.mark.parametrize("text", [
    "that film where two strangers swap faces on a plane",
    "is there a movie where the villain wins at the end",
    "the one where a toy cowboy gets jealous of a spaceman",
])
async def test_a_story_is_not_searched_and_says_so(read, text):
    u = await read(text)
    assert u.intent == "recommend"
    assert any("plot" in n for n in u.notes), u.notes
    assert not (u.filters.actors or u.filters.directors or u.filters.similar_to), u.filters


# "in the 80s" is when films came out; "in his 70s" is someone's age.
@pytest.mark.parametrize("text, lo, hi", [
    ("comedies in the 80s", 1980, 1989), ("what did arnold make in the 90s", 1990, 1999),
    ("best thrillers in the early 70s", 1970, 1973),
])
async def test_in_the_decade_is_a_release_decade(read, text, lo, hi):
    f = (await read(text)).filters
    assert (f.year_min, f.year_max) == (lo, hi)


async def test_in_his_decade_is_an_age(read):
    f = (await read("grandpa is in his 80s and likes musicals")).filters
    assert f.year_min is None and f.year_max is None and "Musical" in f.genres


# A negation before a link word covers the word it negates, not the person the link brings in.
@pytest.mark.parametrize("text, actor", [("a movie that isn't scary with tom hanks", "Tom Hanks"),
                                         ("nothing too long starring meryl streep", "Meryl Streep")])
async def test_a_negated_word_before_with_keeps_the_person(read, text, actor):
    f = (await read(text)).filters
    assert actor in f.actors and actor not in f.exclude_people


@pytest.mark.parametrize("text, actor", [("nothing with tom hanks", "Tom Hanks"),
                                         ("no movies starring tom cruise please", "Tom Cruise")])
async def test_a_negated_link_still_excludes_the_person(read, text, actor):
    f = (await read(text)).filters
    assert actor in f.exclude_people and actor not in f.actors


# A misspelt genre word where a genre word stands; never a common word, never a word outside a genre slot.
@pytest.mark.parametrize("text, genre", [
    ("got a decent comdy?", "Comedy"), ("horor flicks for tonight", "Horror"), ("a good thriler please", "Thriller"),
    ("any documentry about the ocean", "Documentary"), ("westrens from the 60s", "Western"),
    ("romantic comdey", "Comedy"), ("a fantasty adventure", "Fantasy"),
])
async def test_a_misspelt_genre_word_is_read(read, text, genre):
    assert genre in (await read(text)).filters.genres


@pytest.mark.parametrize("text, genre", [
    ("a documentary about war crimes", "Crime"),  # "crimes" is one edit from "crime", but a common word
    ("the westen part of town was fun, any comedy", "Western"),  # a misspelling outside a genre slot
])
async def test_words_near_a_genre_are_not_typos(read, text, genre):
    assert genre not in (await read(text)).filters.genres


# A nationality read alone means films in that country's own language too; a language named stays as named.
@pytest.mark.parametrize("text, country, language", [
    ("한국 범죄 스릴러 추천", "South Korea", "Korean"), ("some french comedies from the 70s", "France", "French"),
    ("japanese animation for adults", "Japan", "Japanese"),
])
async def test_a_nationality_means_its_language_too(read, text, country, language):
    f = (await read(text)).filters
    assert f.countries == [country] and f.languages == [language]


async def test_a_named_language_beats_the_nationality_s_own(read):
    f = (await read("a japanese movie in english")).filters
    assert f.countries == ["Japan"] and f.languages == ["English"]


@pytest.mark.parametrize("text", ["nothing too old please, a romance", "너무 오래된 건 말고 코미디", "not old movies"])
async def test_not_old_is_newer_never_old(read, text):
    f = (await read(text)).filters
    assert f.year_max is None and f.year_min and f.year_min >= 1980
