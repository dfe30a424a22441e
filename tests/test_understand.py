"""Offline understanding: rules + catalog vocabulary, English and Korean."""
from __future__ import annotations

import pytest
import pytest_asyncio

from core.catalog.sqlite import SQLiteCatalog
from core.offline_understand import OfflineUnderstander


pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def understander(catalog_db):
    catalog = await SQLiteCatalog.open(catalog_db)
    yield OfflineUnderstander(catalog)
    await catalog.close()


CASES = [
    ("봉준호 감독 범죄 스릴러 추천해줘", dict(directors=["Bong Joon-ho"], genres=["Thriller", "Crime"])),
    ("a 90s comedy with Tom Hanks", dict(actors=["Tom Hanks"], genres=["Comedy"], year_min=1990, year_max=1999)),
    ("송강호 나오는 영화", dict(actors=["Song Kang-ho"])),
    ("박찬욱 영화 중에 공포 빼고", dict(directors=["Park Chan-wook"], exclude_genres=["Horror"])),
    ("Christopher Nolan films under 2 hours", dict(directors=["Christopher Nolan"], max_runtime=120)),
    ("no horror please, something from the 80s", dict(exclude_genres=["Horror"], year_min=1980, year_max=1989)),
    ("Korean thriller after 2005", dict(genres=["Thriller"], year_min=2005, countries=["South Korea"])),
    ("Spielberg sci-fi", dict(directors=["Steven Spielberg"], genres=["Sci-Fi"])),
    ("90년대 로맨틱 코미디 추천", dict(genres=["Romance", "Comedy"], year_min=1990, year_max=1999)),
    ("critically acclaimed war movies", dict(genres=["War"], min_critic_score=70)),
    ("movies like Oldboy", dict(similar_to=["Oldboy"])),
    ("French-language films", dict(languages=["French"])),
    ("2시간 이내 가족 영화", dict(genres=["Family"], max_runtime=120)),
]


@pytest.mark.parametrize("text,expected", CASES)
async def test_filters(understander, text, expected):
    u = await understander.understand(text)
    got = u.filters.model_dump(exclude_defaults=True)
    assert u.intent == "recommend"
    assert {k: (sorted(v) if isinstance(v, list) else v) for k, v in got.items()} == \
           {k: (sorted(v) if isinstance(v, list) else v) for k, v in expected.items()}


@pytest.mark.parametrize("text", ["hi there", "what can you do?", "안녕"])
async def test_small_talk_is_other(understander, text):
    assert (await understander.understand(text)).intent == "other"


async def test_language_follows_the_script(understander):
    assert (await understander.understand("스릴러 추천")).language == "ko"
    assert (await understander.understand("thriller please")).language == "en"
