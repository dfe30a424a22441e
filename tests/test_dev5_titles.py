"""Numbered titles next to a similarity cue, Korean series numbers ("2편"), the newest films with no earlier turn and
follow-ups that add to the request (session 4b). Sentences written for this file, not taken from the eval splits."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# 1. A numbered title opens one clause, an idiom with "like" sits beside it, the cue comes after.
@pytest.mark.parametrize("text, title", [
    ("toy story 2 made me laugh like crazy, got anything similar?", "Toy Story 2"),
    ("the godfather 2 hit me like a truck, anything similar?", "The Godfather Part II"),
    ("shrek 2 had me giggling like a kid. more like that?", "Shrek 2"),
    ("jurassic park made me scream like a little girl, anything similar?", "Jurassic Park"),
])
async def test_a_simile_beside_the_title_does_not_hide_it(read, text, title):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.similar_to == [title]


async def test_a_feeling_the_named_film_gave_is_no_mood_filter(read):
    f = (await read("titanic made me cry so hard, anything similar?")).filters
    assert f.similar_to == ["Titanic"] and f.moods == []
    assert "tear_jerker" in (await read("a movie that will make me cry")).filters.moods


# 1b. A Korean title with a series number: the Nth film of the series, in requests and in questions.
@pytest.mark.parametrize("text, title", [
    ("대부 2 같은 영화", "The Godfather Part II"),
    ("토이 스토리 3편 같은 거 추천", "Toy Story 3"),
    ("반지의 제왕 2편 같은 판타지", "The Lord of the Rings: The Two Towers"),
    ("해리포터 3편 비슷한 영화 있어?", "Harry Potter and the Prisoner of Azkaban"),
])
async def test_a_korean_title_with_a_number_is_that_entry(read, text, title):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.similar_to == [title]


@pytest.mark.parametrize("text, title", [
    ("반지의 제왕 3편 몇 년도에 나왔어?", "The Lord of the Rings: The Return of the King"),
    ("대부 1편 감독이 누구야?", "The Godfather"),
])
async def test_a_question_about_a_korean_numbered_title(read, text, title):
    u = await read(text)
    assert u.intent == "question" and u.question is not None and u.question.title.startswith(title[:12])


# 2. "the newest films this year" as a first message is a request, not a follow-up without a turn before it.
@pytest.mark.parametrize("text", ["요즘 나온 최신 영화 중에 볼만한 거", "올해 개봉한 신작 중에 괜찮은 거 있어?"])
async def test_the_newest_films_without_an_earlier_turn_are_a_request(chat, text):
    reply = await chat([text])
    assert reply.intent == "recommend" and reply.picks
    assert any("2014" in n for n in [reply.message, *reply.relaxed])


# 3. Follow-ups that add to what was asked.
async def test_a_genre_mixed_in_keeps_the_earlier_genre(chat):
    reply = await chat(["액션 영화 추천", "코미디도 섞인 걸로"])
    assert set(reply.filters.genres) == {"Action", "Comedy"} and reply.filters.genre_mode == "all"
    assert all({"Action", "Comedy"} <= set(p.movie.genres) for p in reply.picks)


@pytest.mark.parametrize("text, added", [
    ("코미디도 좀 들어간 걸로", True), ("with a bit of romance mixed in", True), ("some action too", True),
    ("also need one for my kids tonight", False), ("not too scary", False), ("코미디로", False), ("애들도 같이 볼 수 있는 걸로", False),
])
async def test_only_words_that_add_a_genre_add_it(text, added):
    from core import conversation as conv
    assert conv.adds_genre(text) is added


async def test_an_explicit_decade_part_beats_older(chat):
    reply = await chat(["최민식 나오는 영화", "좀 옛날 거로, 2000년대 초반"])
    assert reply.filters.year_min == 2000 and reply.filters.year_max == 2003  # early: 0-3, as late is 7-9


async def test_short_keeps_its_bound_on_a_genre_follow_up(chat):
    reply = await chat(["짧은 영화 하나", "그럼 코미디로"])
    assert reply.filters.max_runtime and reply.filters.max_runtime <= 90
    assert reply.picks and all(p.movie.runtime and p.movie.runtime <= 90 for p in reply.picks)


async def test_a_partial_title_with_malgo_after_a_director(chat):
    reply = await chat(["Christopher Nolan 영화 추천", "Dark Knight 말고"])
    assert "Christopher Nolan" in reply.filters.directors
    assert "The Dark Knight" in reply.filters.exclude_titles


async def test_softer_gore_keeps_the_genre_and_adds_nothing(chat):
    reply = await chat(["horror movie 추천", "너무 잔인한 건 말고", "그리고 90분 안쪽으로"])
    assert reply.filters.genres == ["Horror"] and reply.filters.exclude_genres == []
    assert reply.filters.max_runtime == 90
