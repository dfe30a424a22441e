"""dev6 classes, in sentences written for these tests (not from the eval splits): ordinary words are no filters.
A genre word used figuratively ("that's a crime", "so much drama at work") names no genre; a common word close to a
title or a surname ("heard", "my train", "the director's cut", "heist vibes", "agatha christie style") is no film and
no person; negation reaches past "want anything" and a trailing English "no" after a Korean topic; "nothing sad"
asks for picks; "the classic combo" is no acclaim; "old hollywood" is an era; "실화 바탕" is a source, not a mood."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# A genre word as a plain noun of the user's day or opinion: no genre, wanted or excluded.
@pytest.mark.parametrize("text, genre", [
    ("my sister says never having seen jaws is a crime, so what else am i missing", "Crime"),
    ("it would be a crime to waste a friday night on something boring, help", "Crime"),
    ("so much drama at the office today lol, need to switch off", "Drama"),
    ("way too much drama in my life this week, give me a movie to unwind", "Drama"),
    ("학교에서 drama가 너무 많았어 ㅠ 기분 전환할 영화", "Drama"),
    ("요즘 회사에 드라마가 너무 많아서 지침 ㅋㅋ 가벼운 영화 추천", "Drama"),
])
async def test_figurative_genre_word_is_no_genre(read, text, genre):
    f = (await read(text)).filters
    assert genre not in f.genres and genre not in f.exclude_genres


@pytest.mark.parametrize("text, genre", [
    ("a good crime movie for tonight", "Crime"),
    ("it's a crime thriller i want, something gritty", "Crime"),
    ("a family drama that makes me cry", "Drama"),
    ("드라마 장르로 추천해줘", "Drama"),
])
async def test_genre_words_still_name_genres(read, text, genre):
    assert genre in (await read(text)).filters.genres


# A verb or a plain noun that happens to be a surname or a title: no person, no seed film.
@pytest.mark.parametrize("text", [
    "show me something good i've never heard of",
    "i heard there are great korean thrillers, recommend one",
    "i have 90 minutes 남았어 before my flight home",
    "like 100 min 정도 before my train leaves",
    "i watched the director's cut yesterday and it was amazing, want something similar in feel",
    "gangster comedy, heist vibes please",
    "zombie vibes but funny",
    "a murder mystery, agatha christie style",
    "a stephen king adaptation, something creepy",
])
async def test_common_words_are_no_names_or_titles(read, text):
    f = (await read(text)).filters
    assert not f.actors and not f.directors and not f.exclude_people
    assert f.similar_to == []


async def test_title_still_read_after_a_common_cue(read):
    f = (await read("alien vibes, something like that")).filters
    assert f.similar_to == ["Alien"]
    f = (await read("loved the dark knight, more like that")).filters
    assert f.similar_to == ["The Dark Knight"]


# Negation reaches across "want anything", "scrap the", and a trailing English "no" after a Korean topic.
@pytest.mark.parametrize("text, genre", [
    ("i don't want anything scary, it's my mom's birthday", "Horror"),
    ("we do not want anything with romance tonight", "Romance"),
    ("i dont want a horror movie, my kid is watching", "Horror"),
    ("scrap the horror, something else", "Horror"),
    ("ditch the romance, give me action", "Romance"),
    ("romance는 절대 no, 액션으로", "Romance"),
    ("공포 no, 코미디로 해줘", "Horror"),
])
async def test_negation_scope(read, text, genre):
    f = (await read(text)).filters
    assert genre in f.exclude_genres and genre not in f.genres


async def test_korean_genre_then_no_keeps_the_wanted_one(read):
    f = (await read("horror는 no, thriller 좋아")).filters
    assert "Thriller" in f.genres and "Horror" in f.exclude_genres and "Horror" not in f.genres


@pytest.mark.parametrize("text", [
    "nothing sad please, rough week",
    "no sad stuff tonight",
    "nothing too depressing, i need a break",
    "슬픈 거 말고 아무거나",
])
async def test_refusing_sad_asks_for_picks(read, text):
    u = await read(text)
    assert u.intent == "recommend"
    assert "tear_jerker" not in u.filters.moods


@pytest.mark.parametrize("text", [
    "tarantino and samuel l jackson, the classic duo",
    "scorsese and dicaprio, the classic combo",
    "classic me, i forgot my popcorn. anyway a comedy",
])
async def test_classic_of_a_pairing_is_no_acclaim(read, text):
    assert not (await read(text)).filters.acclaimed


@pytest.mark.parametrize("text", [
    "westerns, old hollywood style",
    "golden age of hollywood romance",
    "classic hollywood musicals",
])
async def test_old_hollywood_is_an_era_not_a_country(read, text):
    f = (await read(text)).filters
    assert f.countries == []
    assert f.year_max is not None or f.acclaimed


async def test_hollywood_alone_is_american(read):
    assert (await read("a hollywood blockbuster")).filters.countries == ["United States"]


@pytest.mark.parametrize("text, genre", [
    ("전쟁 영화 중에 실화 바탕인 거", "War"),
    ("a sports movie based on a true story", "Sport"),
    ("실화를 바탕으로 한 범죄 영화", "Crime"),
])
async def test_true_story_is_no_mood(read, text, genre):
    f = (await read(text)).filters
    assert genre in f.genres and "inspiring" not in f.moods


@pytest.mark.parametrize("text", ["a whodunnit set on a train", "any good whodunits?", "murder mystery please"])
async def test_whodunnit_is_mystery(read, text):
    assert "Mystery" in (await read(text)).filters.genres


# A follow-up that drops the genre asked for earlier keeps the rest of the conversation's request.
@pytest.mark.parametrize("turns", [
    ["horror please", "something from the 80s", "actually ditch the horror, i'm too jumpy tonight"],
    ["a romance", "from the 90s", "scrap the romance, something else"],
])
async def test_follow_up_drops_the_earlier_genre(chat, turns):
    r = await chat(turns)
    dropped = "Horror" if "horror" in turns[0] else "Romance"
    assert dropped not in r.filters.genres and r.filters.year_min is not None
    assert all(dropped not in p.movie.genres for p in r.picks)


async def test_heard_is_a_verb_after_a_subject_but_a_surname_stays_one(read):
    f = (await read("i heard the prestige is great, something like that")).filters
    assert f.similar_to == ["The Prestige"] and not f.actors
    assert (await read("movies that have hanks in them")).filters.actors == ["Tom Hanks"]
