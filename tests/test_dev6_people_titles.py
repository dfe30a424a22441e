"""Session 5b: nicknames read from how a credit is asked for ("what has leo done", "something w the rock"), a film
excluded after "one that isn't" or as the only one seen ("X밖에 못 봤는데"), casual Korean and opinion questions
about a film, a wish to watch a film newer than the catalog, TV series asked for in Korean, and a follow-up asking
which of the films shown won an Oscar. Sentences written for this file, not taken from the eval splits."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# 1. A nickname asked about as the subject of a credit ("what has X done", "what's X been in") or after "w".
@pytest.mark.parametrize("text, actor", [
    ("what has denzel done lately that's good", "Denzel Washington"),
    ("what's leo been in besides the wolf movie", "Leonardo DiCaprio"),
    ("what else has keanu done", "Keanu Reeves"),
    ("anything w the rock in it", "Dwayne Johnson"),
    ("a comedy w/ the rock", "Dwayne Johnson"),
    ("what did arnold do in the 80s", "Arnold Schwarzenegger"),
    ("leo's best movies", "Leonardo DiCaprio"),
    ("더 락 나오는 영화", "Dwayne Johnson"),
    ("드웨인 존슨 나오는 액션", "Dwayne Johnson"),
])
async def test_a_credit_question_names_the_person(read, text, actor):
    u = await read(text)
    assert u.intent == "recommend" and actor in u.filters.actors


@pytest.mark.parametrize("text", [
    "movies like the rock, the one on alcatraz",  # the film, not the wrestler
    "i've done my homework, now a comedy",
    "my friend ryan's favorite movies",
])
async def test_no_credit_cue_no_nickname(read, text):
    f = (await read(text)).filters
    assert not {"Dwayne Johnson", "Leonardo DiCaprio", "Ryan Gosling"} & set(f.actors)


# 2. "one that isn't X", "something that isn't X": a film left out, even typed in lower case.
@pytest.mark.parametrize("text, person, title", [
    ("nolan stuff but one that isnt inception", "Christopher Nolan", "Inception"),
    ("what has leo done that isn't titanic", "Leonardo DiCaprio", "Titanic"),
    ("spielberg movie that's not jaws please", "Steven Spielberg", "Jaws"),
    ("tarantino, something that isnt pulp fiction", "Quentin Tarantino", "Pulp Fiction"),
])
async def test_one_that_isnt_a_title_excludes_it(read, text, person, title):
    f = (await read(text)).filters
    assert person in f.directors + f.actors and title in f.exclude_titles and title not in f.similar_to


async def test_one_that_isnt_a_kind_names_no_film(read):
    f = (await read("tom hanks, a movie that isnt scary")).filters
    assert f.exclude_titles == [] and "Tom Hanks" in f.actors


# 3. Korean: the only film seen ("X밖에 못 봤는데", "X만 봤는데") is left out; the person stays.
@pytest.mark.parametrize("text, director, title", [
    ("놀란 감독 영화는 인셉션밖에 안 봤는데 다른 거 추천해줘", "Christopher Nolan", "Inception"),
    ("박찬욱 감독 작품 올드보이만 봤어요 다른 건 뭐가 있나요", "Park Chan-wook", "Oldboy"),
    ("스필버그 영화 중에 죠스밖에 못 봤음 뭐 볼까", "Steven Spielberg", "Jaws"),
    ("인셉션은 봤으니까 다른 놀란 영화", "Christopher Nolan", "Inception"),
    ("놀란 영화 인셉션 봤고 다른 거", "Christopher Nolan", "Inception"),
])
async def test_the_only_film_seen_is_left_out(read, text, director, title):
    f = (await read(text)).filters
    assert director in f.directors and title in f.exclude_titles and title not in f.similar_to


async def test_seen_once_and_loved_is_still_a_seed(read):
    f = (await read("인셉션 한 번만 봤는데 너무 좋았어 비슷한 거 추천")).filters
    assert f.similar_to == ["Inception"] and f.exclude_titles == []


@pytest.mark.parametrize("text", ["인셉션 봤는데 다른 비슷한 거 있어?", "인셉션 봤는데 너무 좋았어"])
async def test_seen_and_similar_is_a_seed(read, text):
    f = (await read(text)).filters
    assert f.similar_to == ["Inception"] and f.exclude_titles == []


@pytest.mark.parametrize("text, director, title", [
    ("fincher films, i've only seen se7en", "David Fincher", "Seven"),
    ("i've seen the shining like 5 times, other kubrick?", "Stanley Kubrick", "The Shining"),
    ("i've seen the shining, other kubrick?", "Stanley Kubrick", "The Shining"),
])
async def test_english_seen_is_left_out(read, text, director, title):
    f = (await read(text)).filters
    assert director in f.directors and f.exclude_titles == [title] and f.similar_to == []


async def test_seen_many_times_and_loved_is_a_seed(read):
    f = (await read("i've seen heat like a million times and loved it, more like that")).filters
    assert f.similar_to == ["Heat"]


# 4. Casual Korean questions about a film ("누가 나왔더라", "몇 분이더라", "감독 누구였지").
@pytest.mark.parametrize("text, title, asks", [
    ("inception 누가 나왔더라", "Inception", "cast"),
    ("타이타닉에 누가 나왔었지", "Titanic", "cast"),
    ("매트릭스 몇 분이더라", "The Matrix", "runtime"),
    ("heat 감독 누구였지", "Heat", "director"),
    ("remind me who directed heat", "Heat", "director"),
    ("how long's the godfather", "The Godfather", "runtime"),
])
async def test_casual_korean_questions(read, text, title, asks):
    u = await read(text)
    assert u.intent == "question" and u.question is not None and u.question.asks == asks
    assert title.casefold() in u.question.title.casefold() or u.question.title


# 5. A question with a shortened title and chatter after it.
@pytest.mark.parametrize("text, asks", [
    ("how long is return of the king, the extended one is way too long for tonight", "runtime"),
    ("who directed fellowship of the ring? love that one", "director"),
])
async def test_a_shortened_title_in_a_question(reader, read, text, asks):
    u = await read(text)
    assert u.intent == "question" and u.question is not None and u.question.asks == asks
    index = await reader.titles()
    match = index.match(u.question.title) or index.partial(u.question.title)
    assert match is not None and "Lord of the Rings" in match.best.title


# 6. An opinion question about a film ("is X any good", "X 볼만해?"): a question, not the scope answer; a film newer
# than the catalog gets its note.
@pytest.mark.parametrize("text", ["is inception any good", "is the matrix worth watching", "is heat worth it?",
                                  "인셉션 볼만해?", "타이타닉 재밌어?", "thoughts on heat?", "the shining worth it?",
                                  "what do you think of inception"])
async def test_an_opinion_question_is_about_the_film(read, text):
    u = await read(text)
    assert u.intent == "question" and u.question is not None


@pytest.mark.parametrize("text", ["is dune part two any good", "is oppenheimer worth watching", "오펜하이머 볼만해?",
                                  "oppenheimer any good?"])
async def test_an_opinion_on_a_newer_film_is_honest(chat, text):
    reply = await chat([text])
    assert reply.picks == [] and ("2014" in reply.message or "카탈로그" in reply.message)


# 7. A wish to watch a film newer than the catalog: the note, never the older namesake.
@pytest.mark.parametrize("text", ["기생충 보고싶어요", "오펜하이머 보고 싶다", "i wanna watch oppenheimer tonight"])
async def test_a_wish_to_watch_a_newer_film_gets_the_note(read, text):
    u = await read(text)
    assert "Parasite" not in u.filters.similar_to and any("2019" in n or "2023" in n for n in u.notes)


@pytest.mark.parametrize("text", ["인셉션 보고싶어요", "i want to watch it tonight", "we wanna see something scary"])
async def test_a_wish_to_watch_a_catalog_film_or_a_pronoun_adds_no_note(read, text):
    u = await read(text)
    assert u.notes == [] and u.filters.exclude_titles == []


# 8. TV series asked for in Korean: other media, no Drama genre.
@pytest.mark.parametrize("text", ["넷플릭스 시리즈 추천해줘", "드라마 시리즈 같은 거 있어?", "요즘 볼만한 티비 시리즈 뭐 있어",
                                  "미니시리즈 추천 좀", "시트콤 추천해줘", "netflix shows like stranger things",
                                  "왓챠 드라마 추천"])
async def test_korean_tv_series_is_other_media(read, text):
    u = await read(text)
    assert u.intent == "other" and u.filters.genres == []


@pytest.mark.parametrize("text", ["is it any good", "anything worth watching", "any good horror movies"])
async def test_no_title_no_opinion_question(read, text):
    u = await read(text)
    assert u.intent != "question" and u.notes == []


async def test_a_film_series_is_still_a_film_request(read):
    u = await read("다이하드 시리즈 같은 액션 영화")
    assert u.intent == "recommend"


# 9. A follow-up asking which of the films shown won an Oscar keeps the person and shows those films.
@pytest.mark.parametrize("turns, director", [
    (["movies by ridley scott", "did any of those win an oscar"], "Ridley Scott"),
    (["리들리 스콧 감독 영화", "그 중에 오스카 받은 거 있어?"], "Ridley Scott"),
])
async def test_which_of_those_won_an_oscar(chat, turns, director):
    reply = await chat(turns)
    assert reply.filters.oscar == "won" and director in reply.filters.directors
    assert reply.picks and all(director in p.movie.directors and p.movie.oscars > 0 for p in reply.picks)
