"""People as fans write them, people the catalog lacks, cast questions and follow-ups that change course (session 4,
people/follow-up group). Sentences written for this file, not taken from the eval splits."""
from __future__ import annotations

import pytest

from core import conversation as conv
from core.models import Filters

pytestmark = pytest.mark.asyncio(loop_scope="module")


# 1a. A director who also stars in the film: "X directing himself" is X as director AND actor.
@pytest.mark.parametrize("text, who", [
    ("Mel Gibson directing himself, something epic", "Mel Gibson"),
    ("kevin costner westerns where he directs and stars", "Kevin Costner"),
    ("a Woody Allen film he directed and starred in", "Woody Allen"),
    ("orson welles directing himself", "Orson Welles"),
    ("클린트 이스트우드가 감독하고 주연까지 한 영화", "Clint Eastwood"),
    ("우디 앨런 감독 겸 주연 영화", "Woody Allen"),
])
async def test_a_director_starring_in_his_own_film_is_both(read, text, who):
    f = (await read(text)).filters
    assert who in f.directors and who in f.actors


async def test_a_plain_director_request_is_not_also_an_actor_request(read):
    f = (await read("Mel Gibson directed movies")).filters
    assert f.directors == ["Mel Gibson"] and f.actors == []


# 1b. Nicknames fans use, joined or alone.
@pytest.mark.parametrize("text, directors, actors", [
    ("bobby d gangster movies", [], ["Robert De Niro"]),
    ("marty & bobby d", ["Martin Scorsese"], ["Robert De Niro"]),
    ("any DDL performances worth it", [], ["Daniel Day-Lewis"]),
    ("best PSH roles", [], ["Philip Seymour Hoffman"]),
    ("jgl in a thriller", [], ["Joseph Gordon-Levitt"]),
])
async def test_fan_nicknames(read, text, directors, actors):
    f = (await read(text)).filters
    assert set(directors) <= set(f.directors) and set(actors) <= set(f.actors)


# 1c. A possessive or a genre word right after a lowercase name is evidence of a person.
@pytest.mark.parametrize("text, director, genre", [
    ("spielberg's war films", "Steven Spielberg", "War"),
    ("nolan's sci-fi stuff", "Christopher Nolan", "Sci-Fi"),
    ("michael bay action", "Michael Bay", "Action"),
    ("tim burton's animated movies", "Tim Burton", "Animation"),
])
async def test_possessive_and_genre_after_a_name(read, text, director, genre):
    f = (await read(text)).filters
    assert director in f.directors and genre in f.genres


@pytest.mark.parametrize("text", ["today's best comedy", "gritty cop films", "cozy autumn movies",
                                  "latest pixar movies", "newest marvel movie"])
async def test_ordinary_words_before_a_genre_or_films_name_nobody(read, text):
    u = await read(text)
    assert u.filters.directors == [] and u.filters.actors == [] and not any("find" in n for n in u.notes)


# 2. Someone the catalog lacks gets a note that says so, whatever the script.
@pytest.mark.parametrize("text", [
    "수지 나오는 영화 있어?",
    "아이유 주연 영화 추천",
    "Paul Mescal 나오는 영화 추천해줘",
    "Charlotte Wells 감독 영화 보고 싶어",
    "Chloe Zhao 감독이 만든 영화",
    "젠데이아 나오는 영화 있어?",
])
async def test_unknown_people_get_a_note(read, text):
    u = await read(text)  # only a missing person asked for: the note is the whole answer, no picks
    assert "찾지 못" in " ".join([u.answer, *u.notes]) and u.filters.is_empty()


@pytest.mark.parametrize("text", ["movies directed by Celine Song", "anything with Paul Mescal please",
                                  "something by Charlotte Wells", "ayo edebiri movies, she's hilarious",
                                  "jacob elordi films pls"])
async def test_unknown_latin_names_are_no_typo_of_someone_else(read, text):
    u = await read(text)
    assert u.filters.directors == [] and u.filters.actors == []
    assert "couldn't find" in " ".join([u.answer, *u.notes])


@pytest.mark.parametrize("text, who", [
    ("something by Bob Zemeckis", "Robert Zemeckis"),
    ("Marty Scorsese gangster films", "Martin Scorsese"),
    ("a Chris Nolan thriller", "Christopher Nolan"),
])
async def test_a_short_form_of_the_first_name_is_still_that_person(read, text, who):
    f = (await read(text)).filters
    assert who in f.directors + f.actors


async def test_a_missing_person_with_a_genre_keeps_the_genre_and_says_so(read):
    u = await read("아이유 나오는 로맨스 영화")
    assert u.filters.genres == ["Romance"] and any("찾지 못" in n for n in u.notes)


# 3. Questions about one film: names inside a question are no filters; "who played <role> in X" asks for the cast.
@pytest.mark.parametrize("text, title", [
    ("who else is in heat apart from de niro", "Heat"),
    ("who's in jaws other than roy scheider?", "Jaws"),
    ("who played the shark hunter in jaws", "Jaws"),
    ("who played rocky in rocky", "Rocky"),
    ("who plays the villain in die hard?", "Die Hard"),
])
async def test_cast_questions(read, reader, text, title):
    u = await read(text)
    assert u.intent == "question" and u.question is not None and u.question.asks == "cast"
    assert (await reader.titles()).match(u.question.title).best.title == title
    assert u.filters.actors == []


# 4. Follow-ups.
@pytest.mark.parametrize("text", [
    "ok totally different thing: a cozy mystery",
    "completely different question, any good war movies?",
    "아 그거 말고 완전 다른 얘긴데, 무서운 영화 있어?",
    "음 다른 얘기인데 액션 영화 추천해줘",
])
async def test_a_change_of_topic_is_a_new_request(text):
    assert not conv.continues(text, Filters(genres=["Action"]))


async def test_not_that_one_but_another_still_continues():
    assert conv.continues("그거 말고 다른 거로", Filters())


async def test_a_genre_asked_for_again_lifts_its_exclusion():
    prev = Filters(genres=["Horror"], exclude_genres=["Horror"])
    out = conv.merge(prev, Filters(genres=["Horror", "Comedy"], genre_mode="all"))
    assert out.exclude_genres == [] and set(out.genres) == {"Horror", "Comedy"}
    kept = conv.merge(Filters(exclude_genres=["Horror", "War"]), Filters(genres=["Comedy"]))
    assert kept.exclude_genres == ["Horror", "War"]


@pytest.mark.parametrize("turns, actor, not_genre", [
    (["comedy with jim carrey", "hmm more like his serious stuff"], "Jim Carrey", "Comedy"),
    (["robin williams comedies", "what about his serious films"], "Robin Williams", "Comedy"),
    (["adam sandler comedy", "his more serious movies?"], "Adam Sandler", "Comedy"),
])
async def test_his_serious_stuff_keeps_the_person_and_drops_comedy(chat, turns, actor, not_genre):
    reply = await chat(turns)
    assert reply.intent == "recommend" and actor in reply.filters.actors
    assert not_genre not in reply.filters.genres and reply.picks


async def test_a_director_after_an_actor_gets_their_films_together(chat):
    reply = await chat(["송강호 나오는 영화 추천", "봉준호 감독 작품으로"])
    assert "Bong Joon-ho" in reply.filters.directors and reply.picks


@pytest.mark.parametrize("turns", [
    ["a family movie", "nothing animated", "under 90 minutes please"],
    ["가족 영화 추천", "애니는 빼고", "90분 이내로"],
])
async def test_a_bound_after_a_family_request_carries_no_mood_nobody_named(chat, turns):
    reply = await chat(turns)
    assert reply.filters.genres == ["Family"] and reply.filters.moods == [] and reply.filters.max_runtime == 90
