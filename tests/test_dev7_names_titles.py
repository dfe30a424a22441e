"""Session 5c: people misspelt or written in Hangul, Korean release titles of foreign films, titles written with "&"
or glossed in parentheses, title words that are no country or other film, a Korean series exclusion, and a question
about a film newer than the catalog that also asks for more of its kind. Sentences written for this file, not taken
from the eval splits."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# 1. A two-word name whose surname is a short word ("to", "lee") and whose first name is misspelt.
@pytest.mark.parametrize("text, director", [
    ("best johnie to films", "Johnnie To"),
    ("any jonnie to crime movies?", "Johnnie To"),
    ("a hong kong thriller by johnie to", "Johnnie To"),
])
async def test_misspelt_name_with_a_short_surname(read, text, director):
    u = await read(text)
    assert director in u.filters.directors


@pytest.mark.parametrize("text", [
    "i want to watch something", "something to cry to", "going to see a comedy tonight"])
async def test_short_words_stay_words(read, text):
    f = (await read(text)).filters
    assert not f.directors and not f.actors


# 2. A foreign star written in Hangul.
@pytest.mark.parametrize("text, actor", [
    ("이자벨 위페르 나오는 영화", "Isabelle Huppert"),
    ("존 웨인 나오는 서부극", "John Wayne"),
    ("쥘리에트 비노슈 주연 드라마", "Juliette Binoche"),
    ("주윤발 나오는 액션 영화", "Chow Yun-fat"),
    ("캐리 그랜트 나오는 코미디", "Cary Grant"),
])
async def test_hangul_rendering_of_a_foreign_star(read, text, actor):
    u = await read(text)
    assert actor in u.filters.actors


# 3. A person's name next to "like" is not a title that starts with their first name.
@pytest.mark.parametrize("text, person", [
    ("i like nicholas cage but no action", "Nicolas Cage"),
    ("i really like tom hanks, but not the war films", "Tom Hanks"),
    ("i like harrison ford but something quieter", "Harrison Ford"),
])
async def test_a_liked_person_is_no_title(read, text, person):
    f = (await read(text)).filters
    assert person in f.actors + f.directors
    assert not f.similar_to


# 4. Korean release titles of foreign films, with the cues Koreans use ("느낌", "비슷한", "같은").
@pytest.mark.parametrize("text, title", [
    ("굿바이 레닌 비슷한 거 추천", "Good Bye Lenin!"),
    ("시네마 천국 느낌 나는 영화", "Cinema Paradiso"),
    ("인생은 아름다워 느낌의 영화 있어?", "Life Is Beautiful"),
    ("토토로 같은 애니", "My Neighbor Totoro"),
    ("라쇼몽 같은 영화 추천해줘", "Rashomon"),
    ("타인의 삶 분위기 나는 영화", "The Lives of Others"),
    ("i loved 타인의 삶 (the lives of others), more like that", "The Lives of Others"),
    ("loved 시네마 천국 (cinema paradiso), anything similar?", "Cinema Paradiso"),
])
async def test_korean_release_title(read, text, title):
    u = await read(text)
    assert u.intent == "recommend" and title in u.filters.similar_to


async def test_a_mood_feeling_is_no_title(read):
    f = (await read("따뜻한 느낌 나는 영화")).filters
    assert not f.similar_to


# 5. "&" written for "and" in a title.
@pytest.mark.parametrize("text, title", [
    ("gimme movies like harold & maude", "Harold and Maude"),
    ("something like bonnie & clyde", "Bonnie and Clyde"),
    ("a movie like thelma and louise", "Thelma & Louise"),
])
async def test_ampersand_title(read, text, title):
    f = (await read(text)).filters
    assert title in f.similar_to


@pytest.mark.parametrize("text, titles", [
    ("sci-fi, but i've seen the matrix and inception already", {"The Matrix", "Inception"}),
    ("already seen alien and inception, more sci-fi", {"Alien", "Inception"}),
])
async def test_and_between_two_titles_is_a_list(read, text, titles):
    f = (await read(text)).filters
    assert titles <= set(f.exclude_titles + f.similar_to)


# 6. Words inside a title are not countries, and generic words are no film.
@pytest.mark.parametrize("text, title", [
    ("like big trouble in little china but less cheesy", "Big Trouble in Little China"),
    ("something like an american werewolf in london", "An American Werewolf in London"),
    ("movies like lost in translation", "Lost in Translation"),
])
async def test_title_words_are_no_country(read, text, title):
    f = (await read(text)).filters
    assert title in f.similar_to and not f.countries


@pytest.mark.parametrize("text", [
    "adult animation, the japanese kind, from the 90s",
    "a thriller, the french kind, slow and cold",
    "comedies, the british sort",
])
async def test_the_country_kind_is_no_title(read, text):
    f = (await read(text)).filters
    assert not f.similar_to


# 7. A series left out in Korean ("X 시리즈는 빼줘").
@pytest.mark.parametrize("text, left_out", [
    ("sci-fi 보고 싶은데 Alien 시리즈는 빼줘", {"Alien", "Aliens"}),
    ("SF 추천해줘, 에이리언 시리즈는 빼고", {"Alien", "Aliens"}),
    ("판타지 영화 추천, 해리 포터 시리즈 말고", {"Harry Potter and the Philosopher's Stone",
                                            "Harry Potter and the Goblet of Fire"}),
    ("판타지 영화 추천, 반지의 제왕 시리즈 말고", {"The Lord of the Rings: The Fellowship of the Ring", "The Lord of the Rings: The Two Towers"}),
])
async def test_korean_series_exclusion(read, text, left_out):
    f = (await read(text)).filters
    assert left_out <= set(f.exclude_titles) and not set(f.similar_to) & left_out


# 8. A question about a film named by its Korean title.
@pytest.mark.parametrize("text, title", [
    ("who plays in 태극기 휘날리며?", "Taegukgi"),
    ("who directed 타인의 삶?", "The Lives of Others"),
])
async def test_question_with_a_korean_title(read, text, title):
    u = await read(text)
    assert u.intent == "question" and u.question is not None


# 9. A film after the catalog asked about, and more of its kind wanted: the note and picks of the kind.
@pytest.mark.parametrize("text", [
    "is train to busan any good? want more zombie stuff like it",
    "is parasite worth it? i'd like more class satire thrillers like it",
])
async def test_newer_film_question_with_a_request(read, text):
    u = await read(text)
    assert u.intent == "recommend" and u.notes and not u.filters.similar_to


# 10. Animation of Japan is anime: Japanese-language films, not a US cartoon co-produced there.
@pytest.mark.parametrize("text", [
    "adult animation, the japanese kind, from the 80s or 90s",
    "japanese animated films from the 90s",
    "90년대 일본 애니 추천",
])
async def test_japanese_animation_is_in_japanese(read, text):
    f = (await read(text)).filters
    assert "Animation" in f.genres and "Japanese" in f.languages


async def test_other_animation_keeps_no_language(read):
    f = (await read("american animation for adults")).filters  # no single language of its own (data/places.json)
    assert "Animation" in f.genres and not f.languages
