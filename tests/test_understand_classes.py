"""Issue #17's reader classes, in sentences written for these tests (not from the eval splits)."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.asyncio(loop_scope="module")



@pytest.mark.parametrize("text, role, names", [
    ("got a Denzel movie for tonight?", "actors", ["Denzel Washington"]),
    ("anything the coens made in the 90s", "directors", ["Joel Coen", "Ethan Coen"]),
    ("주윤발 나오는 홍콩 영화", "actors", ["Chow Yun-fat"]),
    ("이병헌 주연작", "actors", ["Lee Byung-hun"]),
    ("성룡 코미디", "actors", ["Jackie Chan"]),  # a star who also directs is read as the star
])
async def test_people_as_fans_name_them(read, text, role, names):
    u = await read(text)
    assert sorted(getattr(u.filters, role)) == sorted(names)


@pytest.mark.parametrize("text", [
    "thanks for asking, a western maybe",
    "rough shift today and my brother is in his 30s, any comedy?",
    "the newest james bond, if you have it",
    "after a long commute i want a drama",
    "buying snacks for my 6 year old, some family film",
])
async def test_ordinary_words_are_not_constraints(read, text):
    f = (await read(text)).filters
    assert not f.directors and not f.actors
    assert f.min_runtime is None and f.year_max is None and (f.year_min is None or "newest" in text)


@pytest.mark.parametrize("text, wanted, excluded, never_mood", [
    ("a crime movie that isn't too scary", ["Crime"], ["Horror"], "scary"),
    ("comedy, just nothing romantic", ["Comedy"], ["Romance"], None),
    ("다큐 말고 음악 영화", ["Music"], ["Documentary"], None),
    ("무섭지 않은 미스터리", ["Mystery"], [], "scary"),
])
async def test_negation_has_a_scope(read, text, wanted, excluded, never_mood):
    f = (await read(text)).filters
    assert f.genres == wanted
    assert set(excluded) <= set(f.exclude_genres)
    assert never_mood not in f.moods


@pytest.mark.parametrize("text, low, high", [
    ("a western, an hour and a half at most", None, 90),
    ("two and a half hours is too much, keep it under two hours", None, 120),
    ("한 시간 반 안쪽으로 볼 만한 거", None, 90),
    ("a heist film around 100 minutes", None, 100),
    ("a sci-fi film that's not too long", None, 120),
])
async def test_runtime_in_words(read, text, low, high):
    f = (await read(text)).filters
    assert (f.min_runtime, f.max_runtime) == (low, high)


async def test_adjacent_genres_mean_both_and_or_means_either(read):
    both = (await read("a horror comedy for halloween")).filters
    either = (await read("horror or comedy, whatever")).filters
    assert both.genre_mode == "all" and set(both.genres) == {"Horror", "Comedy"}
    assert either.genre_mode == "any" and set(either.genres) == {"Horror", "Comedy"}


@pytest.mark.parametrize("text, genre, word", [
    ("any good submarine films?", "War", "plot"),
    ("잠수함 영화 추천", "War", "줄거리"),
])
async def test_topics_get_a_proxy_and_say_so(read, text, genre, word):
    u = await read(text)
    assert genre in u.filters.genres
    assert any(word in n for n in u.notes), u.notes



async def test_a_negated_language_is_not_wanted(read):
    assert (await read("영어 말고 한국어 영화")).filters.languages == ["Korean"]
