"""dev5 classes, in sentences written for these tests (not from the eval splits): 'never seen X' is a wish,
negation scope over genres and moods, a child's age in Korean, capitalised common words are not people, and
runtime words (an hour forty-five, an hour and a bit, sprawling/long, 러닝타임 짧은)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# "never seen a good X" is a wish for X, never an exclusion.
@pytest.mark.parametrize("text, genre", [
    ("honestly I've never seen a decent musical, show me one", "Musical"),
    ("never watched a good horror film in my life, change that", "Horror"),
    ("i have never seen a western, where do I start", "Western"),
    ("스릴러를 한 번도 본 적이 없어, 하나 추천해줘", "Thriller"),
])
async def test_never_seen_a_genre_is_a_wish(read, text, genre):
    f = (await read(text)).filters
    assert genre in f.genres and genre not in f.exclude_genres


# "not in the mood for X" excludes X; "nothing sad ... something upbeat" is feel-good.
@pytest.mark.parametrize("text, genre", [
    ("not really in the mood for comedy, something else", "Comedy"),
    ("i'm not in the mood for horror tonight", "Horror"),
    ("not feeling like a romance today, anything else", "Romance"),
])
async def test_not_in_the_mood_for_a_genre_excludes_it(read, text, genre):
    f = (await read(text)).filters
    assert genre in f.exclude_genres and genre not in f.genres


@pytest.mark.parametrize("text", [
    "nothing depressing please. something upbeat",
    "give me something upbeat and fun",
    "no sad stuff, I want an upbeat movie",
])
async def test_upbeat_is_feel_good(read, text):
    f = (await read(text)).filters
    assert "feel_good" in f.moods and "tear_jerker" not in f.moods


# "무섭지 않은 X": X without horror.
@pytest.mark.parametrize("text, genre", [("안 무서운 미스터리 영화 추천해줘", "Mystery"),
                                         ("무섭지 않은 판타지 영화 있어?", "Fantasy")])
async def test_not_scary_korean_excludes_horror(read, text, genre):
    f = (await read(text)).filters
    assert genre in f.genres and "Horror" in f.exclude_genres


# A child's age in Korean (up to 12) asks for the kids mood.
@pytest.mark.parametrize("text", ["아들이 8살이라 같이 볼 영화 찾아요", "우리 애 6살인데 볼만한 거 있나",
                                  "조카가 11살이에요 뭐 보여줄까"])
async def test_a_child_age_in_korean_is_kids(read, text):
    assert "kids" in (await read(text)).filters.moods


async def test_an_adult_age_in_korean_is_not_kids(read):
    assert "kids" not in (await read("나 35살인데 요즘 볼 영화 추천해줘")).filters.moods


# A capitalised or all-caps common word is no surname.
@pytest.mark.parametrize("text", ["I want something FUNNY and SHORT", "a really LONG war movie please",
                                  "something LONG and SAD please", "something GREEN and weird"])
async def test_capitalised_common_words_are_not_people(read, text):
    f = (await read(text)).filters
    assert not f.actors and not f.directors


# Runtime words.
@pytest.mark.parametrize("text, high", [
    ("nothing over an hour fifty, it's late", 110),
    ("keep it under an hour forty", 100),
    ("an hour and twenty minutes max", 80),
])
async def test_an_hour_and_minutes_in_words(read, text, high):
    f = (await read(text)).filters
    assert f.max_runtime == high and f.min_runtime is None


@pytest.mark.parametrize("text", ["my attention span is an hour and a bit, no more",
                                  "can't do more than an hour or so tonight"])
async def test_an_hour_and_a_bit_is_a_short_ceiling(read, text):
    f = (await read(text)).filters
    assert f.max_runtime is not None and 60 <= f.max_runtime <= 90 and f.min_runtime is None


@pytest.mark.parametrize("text", ["a sprawling war drama to get lost in", "a long, sprawling family saga",
                                  "some long gangster saga for sunday"])
async def test_sprawling_or_long_saga_is_a_long_film(read, text):
    f = (await read(text)).filters
    assert f.min_runtime is not None and f.min_runtime >= 140 and f.max_runtime is None


@pytest.mark.parametrize("text", ["러닝타임 짧은 코미디 추천", "짧은 애니메이션 영화 뭐 있어", "상영시간 짧은 공포영화"])
async def test_short_in_korean_is_a_ceiling(read, text):
    f = (await read(text)).filters
    assert f.max_runtime is not None and f.max_runtime <= 100 and f.min_runtime is None
