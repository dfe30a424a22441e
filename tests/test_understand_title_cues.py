"""Films named away from their cue: a title in one clause and "anything similar?" in another, a director named
through one of their films, films the catalog lacks, plots the catalog cannot search, and follow-ups about a film
already seen. Sentences written for these tests (not from the eval splits)."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.mark.parametrize("text, title", [
    ("jurassic park pretty much raised me. got anything close to that?", "Jurassic Park"),
    ("the dark knight is the best one, fight me. anyway more like it?", "The Dark Knight"),
    ("toy story 2 was the soundtrack of my childhood, anything similar?", "Toy Story 2"),
    ("lord of the rings pt 2 is what i rewatch every winter. recs like it?", "The Lord of the Rings: The Two Towers"),
    ("heat... something that hits like that", "Heat"),
    ("harry potter 2 is my comfort movie, something similar please", "Harry Potter and the Chamber of Secrets"),
    ("jaws-ish tension at sea please", "Jaws"),
    ("스타워즈처럼 우주 나오는 영화", "Star Wars: Episode IV – A New Hope"),
    ("인터스텔라처럼 감동적인 SF", "Interstellar"),
    ("어바웃 타임처럼 설레는 영화 있어?", "About Time"),
    ("다크 나이트 진짜 최고야. 비슷한 거 추천해줘", "The Dark Knight"),
    ("쥬라기 공원 보고 완전 빠졌어 비슷한 영화 있어?", "Jurassic Park"),
    ("매트릭스 인생영화임 그런 느낌 영화 없나", "The Matrix"),
])
async def test_a_title_in_one_clause_and_a_similarity_cue_in_another(read, text, title):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.similar_to == [title]


async def test_praise_of_the_named_film_is_no_acclaim_filter(read):
    u = await read("toy story 3 is the best one, no debate. anything similar?")
    assert u.filters.similar_to == ["Toy Story 3"] and not u.filters.acclaimed
    assert (await read("the best sci-fi films ever made")).filters.acclaimed


@pytest.mark.parametrize("text", [
    "my week was rough. anything similar to a hug in movie form?",
    "honestly the weather is awful, something that hits like a warm blanket",
    "long-ish movie please",
    "need something chill. anything similar to what you showed before?",
    "오늘 너무 피곤해. 비슷한 분위기 영화 있어?",
    "비 오는 날 같은 영화",
])
async def test_clauses_without_a_film_name_nothing(read, text):
    assert (await read(text)).filters.similar_to == []


@pytest.mark.parametrize("text, director", [
    ("something by the guy who made pulp fiction", "Quentin Tarantino"),
    ("anything from the director of jaws", "Steven Spielberg"),
    ("films by whoever directed the shining", "Stanley Kubrick"),
    ("more from the woman who made the hurt locker", "Kathryn Bigelow"),
    ("올드보이 감독 다른 영화 추천해줘", "Park Chan-wook"),
    ("인셉션 만든 감독 영화", "Christopher Nolan"),
    ("memento 감독 다른 작품 있어?", "Christopher Nolan"),
])
async def test_a_director_named_through_their_film(read, text, director):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.directors == [director] and u.filters.similar_to == []


@pytest.mark.parametrize("text", ["Greta Gerwig 감독 영화 추천", "Harmony Korine 감독 작품"])
async def test_a_person_before_the_director_word_is_no_film(read, text):
    f = (await read(text)).filters
    assert f.exclude_titles == [] and not any(d for d in f.directors if d.split()[-1] not in text)


@pytest.mark.parametrize("text", [
    "movies like princess mononoke",
    "something like spirited away but live action",
    "하울의 움직이는 성 같은 애니 추천",
    "센과 치히로의 행방불명 같은 거",
])
async def test_a_famous_film_the_catalog_lacks_gets_a_title_note(read, text):
    u = await read(text)
    assert u.filters.similar_to == []
    assert any(cue in " ".join(u.notes) for cue in ("couldn't find", "찾지 못"))


@pytest.mark.parametrize("text", [
    "movies like The Lantern Keeper",
    "anything similar to Moonfall Express, but darker",
    "《달빛 등대지기》 같은 영화 추천해줘",
])
async def test_a_capitalised_or_bracketed_title_that_matches_nothing_gets_a_note(read, text):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.similar_to == []
    assert any(cue in " ".join(u.notes) for cue in ("couldn't find", "카탈로그에 없"))


@pytest.mark.parametrize("text", ["movies like Tom Hanks would pick", "something like Back To The Future",
                                  "a film like The Godfather"])
async def test_capitalised_words_that_are_a_person_or_a_film_get_no_missing_note(read, text):
    assert not any("couldn't find" in n for n in (await read(text)).notes)


@pytest.mark.parametrize("text", [
    "trying to remember a film where a boy finds a robot in a junkyard, can't remember the title",
    "what's that movie where the dog waits at the train station every day? forgot the name",
    "어릴 때 본 영화인데 여자애가 용이랑 얘기하는 장면이 있었어 제목이 기억이 안 나",
    "there was a movie about twins swapped at summer camp, no idea what it's called",
    "help me find a movie: an old man ties balloons to his house and flies away",
    "우주비행사가 딸한테 메시지 보내는 장면 있는 그 영화 뭐지?",
])
async def test_a_plot_described_for_a_film_not_named_says_plots_cannot_be_searched(read, text):
    u = await read(text)
    assert any(cue in " ".join(u.notes) for cue in ("plot", "줄거리"))
    assert u.filters.similar_to == []


@pytest.mark.parametrize("text", ["something funny", "a scary one", "what's the title of the best heist movie?",
                                  "무슨 영화 볼까"])
async def test_no_plot_note_without_a_forgotten_title(read, text):
    assert not any("what happens in it" in n or "줄거리로는" in n for n in (await read(text)).notes)


@pytest.mark.parametrize("text, title", [
    ("seen the matrix already, something else", "The Matrix"),
    ("watched jaws already. another one?", "Jaws"),
    ("already saw heat, what else", "Heat"),
    ("인셉션은 이미 봤어, 다른 거", "Inception"),
    ("매트릭스 벌써 봤는데 다른 거 없어?", "The Matrix"),
])
async def test_a_film_seen_already_is_left_out_not_a_seed(read, text, title):
    f = (await read(text)).filters
    assert f.exclude_titles == [title] and f.similar_to == []


@pytest.mark.parametrize("text, genre", [("but funnier", "Comedy"), ("scarier though", "Horror"),
                                         ("좀 더 웃긴 걸로", "Comedy")])
async def test_a_comparative_alone_is_a_genre_lean(read, text, genre):
    u = await read(text)
    assert u.intent == "recommend" and genre in u.filters.genres


async def test_followups_keep_the_earlier_request(services):
    rec = services.recommender
    await rec.recommend("u", "a good western", conversation="c", follow_up=True)
    reply = await rec.recommend("u", "seen unforgiven already, something else", conversation="c", follow_up=True)
    assert "Western" in reply.filters.genres and "Unforgiven" in reply.filters.exclude_titles
    assert reply.filters.similar_to == [] and all(p.movie.title != "Unforgiven" for p in reply.picks)
    await rec.recommend("u", "something like jaws", conversation="d", follow_up=True)
    reply = await rec.recommend("u", "but funnier", conversation="d", follow_up=True)
    assert reply.filters.similar_to == ["Jaws"] and "Comedy" in reply.filters.genres and reply.picks
