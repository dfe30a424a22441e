"""What kind of message it is: movie questions as people type them (fillers, a second sentence that says which
film), chit-chat, series and other media, vague messages that still want picks, people the catalog lacks.
Sentences written for this file, not taken from the eval splits."""
from __future__ import annotations

import pytest

from core.understand import intent

pytestmark = pytest.mark.asyncio(loop_scope="module")



QUESTIONS = [
    ("hey who shot jurassic park lol", "director", "Jurassic Park"),
    ("casablanca was directed by who?", "director", "Casablanca"),
    ("who's the director on psycho", "director", "Psycho"),
    ("who plays in the godfather again", "cast", "The Godfather"),
    ("how long does amadeus run?", "runtime", "Amadeus"),
    ("what year was rocky released", "year", "Rocky"),
    ("when did jaws come out? trying to win a bet", "year", "Jaws"),
    ("아마데우스 누가 나와?", "cast", "Amadeus"),
    ("인셉션 출연진 알려줘", "cast", "Inception"),
    ("올드보이 몇 년도 작품이야", "year", "Oldboy"),
    ("아바타 언제 나왔어?", "year", "Avatar"),
    ("인터스텔라 몇 분이야", "runtime", "Interstellar"),
]


@pytest.mark.parametrize("text,asks,title", QUESTIONS)
async def test_questions_as_people_type_them(reader, text, asks, title):
    u = await reader.understand(text)
    assert u.intent == "question" and u.question is not None and u.question.asks == asks
    assert (await reader.titles()).match(u.question.title).best.title == title
    assert u.filters.is_empty()


@pytest.mark.parametrize("text,year", [("who's in titanic? the 1953 one", 1953),
                                       ("when did the host come out? the one with saoirse ronan", 2013),
                                       ("who directed the host", None)])
async def test_a_description_picks_the_row_and_is_no_filter(reader, text, year):
    u = await reader.understand(text)
    assert u.intent == "question" and u.filters.is_empty()
    match = (await reader.titles()).match(u.question.title)
    assert match.best.year == (year or match.best.year)
    assert (year is None) == (u.question.title == "the host")


@pytest.mark.parametrize("text,kind", [("heyy bot, how's it going", "how_are_you"),
                                       ("cheers mate, that was exactly what i wanted", "thanks"),
                                       ("ㅎㅇㅎㅇ", "greeting"), ("고마워요 이걸로 볼게요", "thanks"),
                                       ("bye bot!", "goodbye"), ("good bot 😊", "thanks")])
async def test_chit_chat_gets_a_line_and_no_picks(reader, text, kind):
    assert intent.chat(text) == kind
    u = await reader.understand(text)
    assert u.intent == "other" and u.answer and u.filters.is_empty()


@pytest.mark.parametrize("text", ["thanks! now something scary", "hi, any 80s horror?", "안녕 ㅎㅎ 로맨스 영화 추천"])
async def test_a_greeting_with_a_request_is_a_request(reader, text):
    assert intent.chat(text) is None
    assert (await reader.understand(text)).intent == "recommend"


@pytest.mark.parametrize("text", ["정주행할 일본 드라마 추천해줘", "시즌 3까지 나온 미드 뭐 있어?", "an anime series to binge"])
async def test_series_are_other_media(reader, text):
    u = await reader.understand(text)
    assert u.intent == "other" and u.filters.is_empty()


@pytest.mark.parametrize("text,genre", [("드라마 영화 추천해줘", "Drama"),
                                        ("a romance, no musicals, i hate when they break into song", "Romance")])
async def test_film_requests_with_media_words_stay_requests(reader, text, genre):
    u = await reader.understand(text)
    assert u.intent == "recommend" and genre in u.filters.genres


@pytest.mark.parametrize("text", ["i'm so bored, surprise me", "what should we watch tonight?", "심심한데 뭐 볼까",
                                  "아무거나 추천 좀", "my buddy sam is 40 and down for pretty much anything",
                                  "my coworker ruby said you're good at this. got anything fun?"])
async def test_vague_messages_that_want_picks_are_broad_requests(reader, text):
    u = await reader.understand(text)
    assert u.intent == "recommend" and u.filters.is_empty()


async def test_a_full_name_is_not_fuzzy_read_as_someone_elses_surname(reader):
    u = await reader.understand("movies by brandon whitacre")
    assert "Marlon Brando" not in u.filters.directors + u.filters.actors
    assert "Brandon Whitacre" in u.answer
    u = await reader.understand("a western with brando")
    assert "Marlon Brando" in u.filters.actors
