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
