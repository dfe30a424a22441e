"""Everyday phrasings met while probing as a user (sentences written for these tests): Korean words that describe a
director or an actor without naming one, Korean "finishes quickly" as a short film, a comparative ("less scary")
that neither wants nor excludes, and "the runtime on X"."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.mark.parametrize("text", ["톰 크루즈 말고 다른 배우 나오는 액션", "좋아하는 감독 영화 중에 스릴러", "남자 배우 둘이 나오는 코미디"])
async def test_role_words_are_not_missing_people(read, text):
    u = await read(text)
    assert not any("찾지 못했어요" in n for n in u.notes), u.notes


@pytest.mark.parametrize("text", ["빨리 끝나는 코미디 하나", "금방 볼 수 있는 영화 추천"])
async def test_korean_finishes_quickly_is_short(read, text):
    f = (await read(text)).filters
    assert f.max_runtime and f.max_runtime <= 100 and f.min_runtime is None


@pytest.mark.parametrize("text", ["like alien but a bit less scary", "a thriller, not as scary as seven"])
async def test_less_scary_neither_wants_nor_excludes(read, text):
    f = (await read(text)).filters
    assert "scary" not in f.moods and "Horror" not in f.genres and "Horror" not in f.exclude_genres


@pytest.mark.parametrize("text, title", [("what's the runtime on goodfellas", "Goodfellas"),
                                         ("whats the length of the sting", "The Sting")])
async def test_the_runtime_on_a_film_is_a_question(read, text, title):
    u = await read(text)
    assert u.intent == "question" and u.question and u.question.asks == "runtime"


# A studio named alone: a request, answered with the honest proxy the catalog can search, said in the note.
@pytest.mark.parametrize("text, genres, countries", [
    ("anything from studio ghibli", ["Animation"], []), ("지브리 같은 애니 추천", ["Animation"], []),
    ("blumhouse stuff for friday", ["Horror"], []),
])
async def test_a_studio_gets_its_proxy_and_says_so(read, text, genres, countries):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.genres == genres and u.filters.countries == countries
    assert any("studio" in n or "제작사" in n for n in u.notes), u.notes


async def test_a_studio_with_other_filters_keeps_them(read):
    u = await read("a pixar film with tom hanks")
    assert u.filters.actors == ["Tom Hanks"] and not u.filters.genres
