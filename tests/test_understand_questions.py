"""Movie questions, greetings, other media, titles as people write them and notes on what the catalog lacks
(issue #17 classes 5, 7, 8, 9). Sentences written for this file, not taken from the eval splits."""
from __future__ import annotations

import pytest

from core import conversation as conv

pytestmark = pytest.mark.asyncio(loop_scope="module")



QUESTIONS = [
    ("who made the movie vertigo?", "director", "Vertigo"),
    ("quick question: who directed chinatown", "director", "Chinatown"),
    ("who's in the movie rocky?", "cast", "Rocky"),
    ("what is the running time of amadeus", "runtime", "Amadeus"),
    ("when was goodfellas released?", "year", "Goodfellas"),
    ("올드보이 감독이 누구야?", "director", "Oldboy"),
    ("살인의 추억 주연 배우가 누구야", "cast", "Memories of Murder"),
    ("타이타닉 몇 분짜리야", "runtime", "Titanic"),
]


@pytest.mark.parametrize("text,asks,title", QUESTIONS)
async def test_movie_questions_are_read_as_questions(reader, text, asks, title):
    u = await reader.understand(text)
    assert u.intent == "question"
    assert u.question is not None and u.question.asks == asks
    match = (await reader.titles()).match(u.question.title)
    assert match is not None and match.best.title == title
    assert u.filters.is_empty()  # "how long is X" is not a runtime filter


@pytest.mark.parametrize("text", ["who is in the mood for a western?", "how long are most pixar movies"])
async def test_question_words_without_a_film_stay_requests(reader, text):
    u = await reader.understand(text)
    assert u.intent != "question"


@pytest.mark.parametrize("text", ["hey there!", "thank you so much", "고마워요", "good night!", "안녕하세요"])
async def test_greetings_and_thanks_get_a_line_and_no_filters(reader, text):
    u = await reader.understand(text)
    assert u.intent == "other" and u.answer and u.filters.is_empty()
    assert "recommend" not in u.answer.lower() or "🎬" not in u.answer  # not the scope answer


@pytest.mark.parametrize("text", ["a book like the martian", "any podcasts about film history?",
                                  "recommend a tv series like breaking bad", "good video games for a rainy day"])
async def test_other_media_get_the_scope_answer(reader, text):
    u = await reader.understand(text)
    assert u.intent == "other" and u.filters.is_empty()


@pytest.mark.parametrize("text", ["movies based on video games", "movies like The Book Thief"])
async def test_films_about_other_media_are_still_requests(reader, text):
    assert (await reader.understand(text)).intent == "recommend"


TITLES = [
    ("my sister just watched shawshank and cried, what else", "The Shawshank Redemption"),
    ("godfather 2 is my favorite", "The Godfather Part II"),
    ("something like toy story 2", "Toy Story 2"),
    ("raiders vibes", None),  # too short to be read as a partial title
    ("we saw eternal sunshine last night and loved it", "Eternal Sunshine of the Spotless Mind"),
    ("i love the silence of the lambs, what else would i like?", "The Silence of the Lambs"),
]


@pytest.mark.parametrize("text,title", TITLES)
async def test_titles_as_people_write_them(reader, text, title):
    u = await reader.understand(text)
    assert u.filters.similar_to == ([title] if title else [])


@pytest.mark.parametrize("text", ["stuff like joker (2019)", "films like oppenheimer", "조커 같은 영화"])
async def test_a_newer_film_is_noted_not_swapped_for_an_older_one(reader, text):
    u = await reader.understand(text)
    assert "Joker" not in u.filters.similar_to
    assert any("2014" in n for n in u.notes)


@pytest.mark.parametrize("text", ["best horror of 2019", "2030년대 SF", "the newest comedies", "2022 dramas"])
async def test_years_after_the_catalog_get_a_note(reader, text):
    u = await reader.understand(text)
    assert any("2014" in n for n in u.notes)
    assert (u.filters.year_min or 0) <= 2014


@pytest.mark.parametrize("text,kind", [("older ones, made before 1985", "refine"), ("older", "older"),
                                       ("shorter, under 100 minutes", "refine")])
async def test_an_explicit_value_beats_a_relative_follow_up(text, kind):
    assert conv.detect(text).kind == kind


@pytest.mark.parametrize("text", ["forget that, a korean horror film", "scratch that: 80s action",
                                  "다른 거: 2000년대 한국 코미디"])
async def test_a_new_request_in_a_conversation_does_not_continue(text):
    assert not conv.continues(text)


async def test_pipeline_answers_a_question_from_the_row(services):
    reply = await services.recommender.recommend("q1", "how long is the movie jaws?")
    assert reply.intent == "question" and not reply.picks
    assert "124" in reply.message
    reply = await services.recommender.recommend("q2", "괴물 감독 누구야?")
    assert reply.intent == "question" and "봉준호" in reply.message


async def test_broad_requests_rank_believable_genre_tags_first():
    from core.models import Movie
    from core.retrieve import genre_plausible, is_broad
    from core.models import Filters
    stray = Movie(id="x", title="Space Drift", genres=["Sci-Fi", "Horror", "Thriller", "Drama"])
    real = Movie(id="y", title="The Cellar", genres=["Horror", "Thriller"])
    haunted = Movie(id="z", title="Ghost Ship", genres=["Sci-Fi", "Horror", "Mystery", "Fantasy"])
    assert not genre_plausible(stray, "Horror")
    assert genre_plausible(real, "Horror") and genre_plausible(haunted, "Horror")
    assert is_broad(Filters(genres=["Comedy"]))
    assert not is_broad(Filters(genres=["Comedy"], acclaimed=True))  # "best comedies of all time": acclaim
    assert not is_broad(Filters(genres=["Comedy"], year_max=1979))  # "classic comedies"


async def test_relaxing_keeps_what_the_follow_up_added(services):
    rec = services.recommender
    await rec.recommend("k1", "a western with Meryl Streep", conversation="c")
    reply = await rec.recommend("k1", "only ones in Korean", conversation="c", follow_up=True)
    assert reply.filters.languages == ["Korean"] and reply.picks
    assert all("Korean" in p.movie.languages[:1] for p in reply.picks)


async def test_different_requests_for_one_genre_get_different_lists(services):
    rec = services.recommender
    a = await rec.recommend("j1", "thriller recommendations")  # the same five films before the nudge
    b = await rec.recommend("j2", "a thriller around 110 minutes")
    assert len({p.movie.id for p in a.picks} & {p.movie.id for p in b.picks}) < 4


@pytest.mark.parametrize("text,name", [("a comedy starring rihanna", "Rihanna"),
                                       ("a scary movie with ariana grande", "Ariana Grande")])
async def test_a_lower_case_person_the_catalog_lacks_gets_a_note(reader, text, name):
    u = await reader.understand(text)
    assert u.intent == "recommend" and any(name in n for n in u.notes)


@pytest.mark.parametrize("text,name", [("something starring rihanna", "Rihanna"),
                                       ("a movie with ariana grande", "Ariana Grande"),
                                       ("any films directed by corwin halvorsen?", "Corwin Halvorsen"),
                                       ("movies by dorian faulkner", "Dorian Faulkner"),
                                       ("정소라 나오는 영화 보여줘", "정소라")])
async def test_only_a_missing_person_gets_the_note_and_no_picks(reader, text, name):
    u = await reader.understand(text)
    assert u.intent == "other" and name in u.answer and u.filters.is_empty()


@pytest.mark.parametrize("text", ["a movie with explosions", "something with vampires and romance",
                                  "films with a happy ending", "a movie with dialogue that sparkles"])
async def test_ordinary_words_after_with_are_no_person(reader, text):
    u = await reader.understand(text)
    assert not any("anyone named" in n for n in u.notes)


@pytest.mark.parametrize("text,studio", [("best dreamworks movies", "DreamWorks"), ("지브리 애니 추천", "Studio Ghibli")])
async def test_a_studio_gets_a_note_that_the_catalog_has_none(reader, text, studio):
    u = await reader.understand(text)
    assert any(studio in n for n in u.notes)


async def test_a_question_about_a_newer_film_is_not_answered_from_its_older_namesake(services):
    reply = await services.recommender.recommend("n1", "who directed joker?")
    assert reply.intent == "question" and "2019" in reply.message and "2014" in reply.message
    assert "Todd Phillips" not in reply.message


@pytest.mark.parametrize("text,title", [("what is chinatown about", "Chinatown"), ("아마데우스 어떤 영화야?", "Amadeus"),
                                        ("tell me about the film rear window", "Rear Window")])
async def test_what_is_it_about_gets_the_row_summary(reader, text, title):
    u = await reader.understand(text)
    assert u.intent == "question" and u.question is not None and u.question.asks == "other"
    assert (await reader.titles()).match(u.question.title).best.title == title


async def test_korean_answers_pick_the_particle_for_the_name():
    from core.answer import compose
    from core.models import Movie
    m = Movie(id="t1", title="Mother", year=2009, directors=["Bong Joon-ho"], runtime=129)
    assert compose(m, "director", "ko").endswith("예요.")
    assert "129분(2시간 9분)이에요" in compose(m, "runtime", "ko")
