"""Films named by praise or "X-type", post-catalog films named in passing, and years the catalog cannot have.
Sentences written for these tests (not from the eval splits)."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.asyncio(loop_scope="module")



@pytest.mark.parametrize("text, title", [
    ("jaws was absolutely brilliant, got anything similar?", "Jaws"),
    ("the godfather is a masterpiece", "The Godfather"),
    ("a die hard style action movie", "Die Hard"),
    ("something alien-esque", "Alien"),
    ("the matrix kind of thing but older", "The Matrix"),
])
async def test_praise_and_type_name_a_film(read, text, title):
    assert (await read(text)).filters.similar_to == [title]


@pytest.mark.parametrize("text", [
    "my weekend was so good, anything similar to put on?",
    "it was great, more like that please",
    "what type of movies can you find",
    "work was insane today, need a comedy",
])
async def test_ordinary_praise_names_no_film(read, text):
    assert (await read(text)).filters.similar_to == []


async def test_a_topic_word_inside_a_named_title_is_no_topic(read):
    u = await read("alien was so good, more like that")
    assert u.filters.similar_to == ["Alien"] and not any("plot" in n for n in u.notes)


@pytest.mark.parametrize("text, word", [
    ("is the new joker film any good? something like it", "2019"),
    ("최신 듄 같은 거", "2021"),
])
async def test_a_post_catalog_film_named_in_passing_gets_a_note(read, text, word):
    u = await read(text)
    assert any(word in n for n in u.notes), u.notes
    assert u.filters.year_min is None  # "new" described that film, not the years wanted


@pytest.mark.parametrize("text, lang_word", [
    ("silent comedies from the 1910s", "1940"),
    ("1920년대 공포 영화", "1940"),
])
async def test_years_before_the_catalog_say_where_it_starts(read, text, lang_word):
    u = await read(text)
    assert any(lang_word in n for n in u.notes), u.notes
    assert (u.filters.year_min, u.filters.year_max, u.lean) == (None, None, "oldest")  # no bound nobody asked for


@pytest.mark.parametrize("text", ["anything good coming out next year?", "개봉 예정인 영화 있어?", "upcoming thrillers"])
async def test_upcoming_films_get_the_catalog_end(read, text):
    u = await read(text)
    assert u.intent == "recommend" and any("2014" in n for n in u.notes), (u.intent, u.notes)
    assert u.filters.year_min is None and u.lean == "newest"


async def test_a_range_partly_in_the_catalog_keeps_that_part(read):
    u = await read("crime films from 2008 to 2019")
    assert (u.filters.year_min, u.filters.year_max, u.lean) == (2008, None, None)


@pytest.mark.parametrize("text, liked, excluded", [
    ("films like Heat, Collateral and The Insider", ["Heat", "Collateral", "The Insider"], []),
    ("a thriller; i've already seen Seven (1995), Zodiac (2007) and Memento", [], ["Seven", "Zodiac", "Memento"]),
    ("i have seen jaws and loved it", ["Jaws"], []),
    ("I loved Fargo, what now?", ["Fargo"], []),
])
async def test_title_lists_and_films_already_seen(read, text, liked, excluded):
    f = (await read(text)).filters
    assert (f.similar_to, f.exclude_titles) == (liked, excluded)


async def test_a_post_catalog_title_with_its_year_sets_no_years_and_no_people(read):
    u = await read("something like Knives Out (2019) please")
    assert u.filters.year_min is None and u.filters.year_max is None
    assert u.filters.directors == [] and u.filters.actors == []
    assert any("Knives Out" in n for n in u.notes), u.notes


@pytest.mark.parametrize("text, mode", [
    ("an adventure for the whole family", "all"), ("가족이랑 볼 애니", "all"), ("family or horror, either", "any")])
async def test_the_family_audience_narrows_the_genre(read, text, mode):
    f = (await read(text)).filters
    assert "Family" in f.genres and len(f.genres) == 2 and f.genre_mode == mode


@pytest.mark.parametrize("text, low, high", [
    ("a western from 1965", 1965, 1965),
    ("a 1979 horror movie", 1979, 1979),
    ("thrillers from 2003 onwards", 2003, None),
    ("something from the 70s to the 80s", 1970, 1989),
    ("60년대부터 70년대 영화", 1960, 1979),
])
async def test_years_as_people_write_them(read, text, low, high):
    f = (await read(text)).filters
    assert (f.year_min, f.year_max) == (low, high)


@pytest.mark.parametrize("text, field, value", [
    ("my daughter is crazy about horses lately, something for her", "similar_to", []),  # a word, not a film
    ("what's the traffic like on the bridge", "similar_to", []),  # "like on": no like-X
    ("keep it short, max an hour and a half", "similar_to", []),
    ("a comedy, not the usual oscar bait", "oscar", None),  # negated: no award filter
    ("a classic musical", "year_max", None),  # "classic" is acclaim, not a decade
    ("whos in the cast of jaws", "similar_to", []),
])
async def test_more_words_that_are_no_constraint(read, text, field, value):
    u = await read(text)
    assert getattr(u.filters, field) == value, (u.intent, u.filters)


@pytest.mark.parametrize("text, genres, excluded", [
    ("a thriller, but no rom-coms", ["Thriller"], ["Romance", "Comedy"]),
    ("로코 추천해줘", ["Romance", "Comedy"], []),
    ("action한 거 보고 싶어", ["Action"], []),  # an English word with a Korean ending
])
async def test_genre_words_in_more_forms(read, text, genres, excluded):
    f = (await read(text)).filters
    assert sorted(f.genres) == sorted(genres) and set(excluded) <= set(f.exclude_genres), f


@pytest.mark.parametrize("text, word", [
    ("movies about people stranded on a desert island", "plot"),
    ("con man films", "plot"),
    ("타임루프 영화", "줄거리"),
])
async def test_more_topics_say_the_catalog_cannot_search_plots(read, text, word):
    assert any(word in n for n in (await read(text)).notes)


@pytest.mark.parametrize("text, genres, mode, excluded", [
    ("anything except westerns and musicals", [], "any", ["Western", "Musical"]),
    ("a horror comedy, scary but silly", ["Horror", "Comedy"], "all", []),
    ("war랑 romance 둘 다 있는 영화", ["War", "Romance"], "all", []),
])
async def test_genre_lists_and_both(read, text, genres, mode, excluded):
    f = (await read(text)).filters
    assert set(genres) <= set(f.genres) and f.genre_mode == mode and set(excluded) <= set(f.exclude_genres), f


@pytest.mark.parametrize("text, low, high", [
    ("두 시간 넘는 건 별로예요, 스릴러로", None, 120),
    ("한 시간 반 넘어가면 패스", None, 90),
])
async def test_korean_more_than_that_is_unwanted(read, text, low, high):
    f = (await read(text)).filters
    assert (f.min_runtime, f.max_runtime) == (low, high)


async def test_a_korean_intensifier_is_not_part_of_the_title(read):
    assert (await read("살인의 추억 진짜 좋아했는데 비슷한 거")).filters.similar_to == ["Memories of Murder"]


@pytest.mark.parametrize("text, title", [
    ("collateral (the cruise one) was amazing, anything similar?", "Collateral"),
    ("loved scarface (the pacino version), what else", "Scarface"),
])
async def test_a_parenthesis_that_says_which_film_sets_no_filter(read, text, title):
    f = (await read(text)).filters
    assert f.similar_to == [title] and f.actors == [] and f.year_min is None and f.year_max is None, f


async def test_a_nickname_joined_to_another_name_by_plus_is_that_person(read):
    f = (await read("hitch + grace kelly, something from the 50s")).filters
    assert f.directors == ["Alfred Hitchcock"] and f.actors == ["Grace Kelly"], f


@pytest.mark.parametrize("text, intent, word", [
    ("anything worth watching on hulu tonight?", "recommend", "Hulu"),
    ("왓챠에 볼만한 거 추천", "recommend", "Watcha"),
    ("is jaws on disney+?", "other", "Disney+"),
])
async def test_streaming_services_get_a_note_not_a_filter(read, text, intent, word):
    u = await read(text)
    assert u.intent == intent and u.filters.is_empty(), u
    assert word in (u.answer if intent == "other" else " ".join(u.notes))


@pytest.mark.parametrize("text, title", [
    ("got anything similar to amelie? you know, the french one w audrey tautou", "Amélie"),
    ("something like oldboy, the korean one with the hammer fight", "Oldboy"),
])
async def test_a_description_after_a_like_x_title_names_the_film_and_sets_no_filter(read, text, title):
    f = (await read(text)).filters
    assert f.similar_to == [title] and not f.countries and not f.actors


@pytest.mark.parametrize("text", ["hereditary wrecked me in the best way, more like that",
                                  "a movie for me and my best friend"])
async def test_best_in_an_idiom_is_no_acclaim(read, text):
    assert not (await read(text)).filters.acclaimed
