"""Runtimes, moods and years said in words, in sentences written for these tests (not from the eval splits).

Each case says what must be read and what must not be: spelled-out and compound durations, ranges, time budgets,
"long" as a minimum; mood idioms; years and kids that belong to the user's life, not to the film.
"""
from __future__ import annotations

import pytest
import pytest_asyncio

from core.catalog.sqlite import SQLiteCatalog
from core.understand.names import mood_words
from core.understand.reader import OfflineUnderstander

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def read(catalog_db):
    catalog = await SQLiteCatalog.open(catalog_db)
    reader = OfflineUnderstander(catalog)

    async def filters(text: str):
        return (await reader.understand(text)).filters
    yield filters
    await catalog.close()


@pytest.mark.parametrize("text, low, high", [
    # spelled-out numbers
    ("a thriller, roughly eighty minutes", None, 80),
    ("keep it below a hundred and ten minutes", None, 110),
    # compound durations
    ("anything shorter than 1 hr 35", None, 95),
    ("a mystery, 1h50 max", None, 110),
    ("keep it below an hour and fifty minutes", None, 110),
    ("한 시간 오십 분 이내로 볼 만한 거", None, 110),
    ("1시간 50분 이하 스릴러", None, 110),
    # ranges
    ("a western between 90 and 120 minutes", 90, 120),
    ("documentary, 80-100 min", 80, 100),
    ("애니메이션 90~110분", 90, 110),
    ("somewhere from 90 minutes to 2 hours", 90, 120),
    # a time budget is a maximum
    ("we've only got an hour and a half before dinner, a comedy", None, 90),
    ("got like three hours to kill tonight, an adventure", None, 180),
    ("i have 1.5 hours, a musical", None, 90),
    ("두 시간밖에 없는데 액션 하나", None, 120),
    # long / epic with an approximate length: at least, never at most
    ("a sweeping epic, something like three hours", 160, None),
    ("a really long one, maybe four hours, anything historical", 220, None),
    # not runtimes
    ("we drove three hours to get here, any comedy?", None, None),
    ("i have 2 kids and a dog, a family film", None, None),
])
async def test_runtime_in_words(read, text, low, high):
    f = await read(text)
    assert (f.min_runtime, f.max_runtime) == (low, high), text


async def test_a_length_is_never_a_title(read):
    f = await read("a grand war epic, like 4 hours")
    assert f.similar_to == [] and f.max_runtime is None
    assert (await read("movies like 36 Hours")).similar_to  # written as a title, it is one


@pytest.mark.parametrize("text, year_min, year_max", [
    ("we got engaged in 2012, something romantic", None, None),
    ("2015년에 이사 왔어요, 코미디 추천", None, None),
    ("back in 2006 i moved to busan, any korean thriller", None, None),
    ("we met in 2019, a romance for our anniversary", None, None),
    ("starting a new job tomorrow, a feel good film", None, None),
    ("2012년 로맨스", 2012, 2012),
    ("new sci-fi movies", 2009, None),
    # a decade with a direction
    ("90년대 이후 스릴러", 1990, None),
    ("crime from the 80s onwards", 1980, None),
    ("1990s or newer, sci-fi", 1990, None),
    ("since the 70s, a western", 1970, None),
    ("westerns before the 60s", None, 1959),
    ("80년대 이전 코미디", None, 1979),
    ("a 70s crime film", 1970, 1979),
])
async def test_years_need_a_film_to_belong_to(read, text, year_min, year_max):
    f = await read(text)
    assert (f.year_min, f.year_max) == (year_min, year_max), text


@pytest.mark.parametrize("text, mood", [
    ("something to keep me guessing till the end", "mind_bending"),
    ("a film that messes with your head", "mind_bending"),
    ("a movie to get my heart racing", "exciting"),
    ("i want to be on the edge of the seat all night", "exciting"),
    ("시원하게 때려 부수는 영화", "exciting"),
    ("스트레스 해소용 영화", "exciting"),
    ("make me smile, please", "feel_good"),
    ("울컥하는 영화", "tear_jerker"),
    ("머리 식히면서 볼 영화", "light"),
    ("i need to switch my brain off tonight", "light"),
    ("need some motivation for the gym", "inspiring"),
])
async def test_moods_in_words(read, text, mood):
    assert mood in (await read(text)).moods, text


@pytest.mark.parametrize("text, never", [
    ("my commute was a nightmare, any comedy?", {"scary"}),
    ("the kids are asleep, finally a thriller for us grown ups", {"kids", "Family"}),
    ("애들 재우고 볼 스릴러", {"kids", "Family"}),
    ("after the kids go to bed we want a mystery", {"kids", "Family"}),
])
async def test_ordinary_words_are_no_mood(read, text, never):
    f = await read(text)
    assert not never & {*f.moods, *f.genres}, (text, f)


async def test_kids_who_watch_are_still_kids(read):
    f = await read("a movie for the kids tonight")
    assert "kids" in f.moods


async def test_mood_idioms_stay_out_of_the_name_vocabulary():
    """"mess with my head" names a mood; "head", "get" and "out" alone stay ordinary (titles, surnames)."""
    assert not {"head", "get", "out", "chase", "smile"} & mood_words()


async def test_a_relative_word_with_a_genre_starts_a_request(services):
    reply = await services.recommender.recommend("u-short", "짧은 거 하나, 스릴러로")
    assert reply.intent == "recommend" and reply.picks
    assert all(p.movie.runtime and p.movie.runtime <= 100 for p in reply.picks)
    alone = await services.recommender.recommend("u-short2", "짧은 걸로")
    assert alone.intent == "other"  # nothing to go on from and nothing asked: say so
