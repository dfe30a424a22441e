"""Offline understanding: rules + catalog vocabulary, English and Korean."""
from __future__ import annotations

import pytest



pytestmark = pytest.mark.asyncio(loop_scope="module")



CASES = [
    ("봉준호 감독 범죄 스릴러 추천해줘", dict(directors=["Bong Joon-ho"], genres=["Thriller", "Crime"], genre_mode="all")),
    ("a 90s comedy with Tom Hanks", dict(actors=["Tom Hanks"], genres=["Comedy"], year_min=1990, year_max=1999)),
    ("송강호 나오는 영화", dict(actors=["Song Kang-ho"])),
    ("박찬욱 영화 중에 공포 빼고", dict(directors=["Park Chan-wook"], exclude_genres=["Horror"])),
    ("Christopher Nolan films under 2 hours", dict(directors=["Christopher Nolan"], max_runtime=120)),
    ("no horror please, something from the 80s", dict(exclude_genres=["Horror"], year_min=1980, year_max=1989)),
    ("Korean thriller after 2005", dict(genres=["Thriller"], year_min=2006, countries=["South Korea"],
                                        languages=["Korean"])),
    ("Spielberg sci-fi", dict(directors=["Steven Spielberg"], genres=["Sci-Fi"])),
    ("90년대 로맨틱 코미디 추천", dict(genres=["Romance", "Comedy"], genre_mode="all", year_min=1990, year_max=1999)),
    ("critically acclaimed war movies", dict(genres=["War"], min_critic_score=70, acclaimed=True)),
    ("movies like Oldboy", dict(similar_to=["Oldboy"])),
    ("French-language films", dict(languages=["French"])),
    ("2시간 이내 가족 영화", dict(genres=["Family"], max_runtime=120)),  # the genre; "온 가족" is the kids mood
    ("온 가족이 볼 2시간 이내 영화", dict(genres=["Family"], max_runtime=120, moods=["kids"])),
    # runtimes both ways, strict before/after, parts of decades
    ("a long epic, 3 hours or more", dict(min_runtime=180)),
    ("2시간 넘는 영화", dict(min_runtime=120)),
    ("comedies over 2 hours", dict(genres=["Comedy"], min_runtime=120)),
    ("1시간 반 이내 코미디", dict(genres=["Comedy"], max_runtime=90)),
    ("dramas before 1970", dict(genres=["Drama"], year_max=1969)),
    ("1980년 이전 공포 영화", dict(genres=["Horror"], year_max=1979)),
    ("thrillers since 2010", dict(genres=["Thriller"], year_min=2010)),
    ("2000년대 초반 한국 영화", dict(countries=["South Korea"], languages=["Korean"], year_min=2000, year_max=2003)),
    ("late 80s action", dict(genres=["Action"], year_min=1987, year_max=1989)),
    ("mid-90s comedy", dict(genres=["Comedy"], year_min=1994, year_max=1996)),
    ("90년대 후반 로맨스", dict(genres=["Romance"], year_min=1997, year_max=1999)),
    # language, awards, exclusions
    ("Spanish-language films", dict(languages=["Spanish"])),
    ("Oscar-winning dramas", dict(genres=["Drama"], oscar="won")),
    ("oscar nominated westerns", dict(genres=["Western"], oscar="nominated")),
    ("아카데미 수상작 추천", dict(oscar="won")),
    ("a comedy but not romantic", dict(genres=["Comedy"], exclude_genres=["Romance"])),
    ("액션 영화 추천해줘 공포 빼고", dict(genres=["Action"], exclude_genres=["Horror"])),
    # moods and occasions
    ("feel-good movie for a rainy day", dict(moods=["feel_good", "rainy_day"])),
    ("something for date night", dict(moods=["date_night"])),
    ("아이들이랑 같이 볼 만한 영화", dict(moods=["kids"])),
    ("a mind-bending thriller", dict(genres=["Thriller"], moods=["mind_bending"])),
    ("눈물 펑펑 나는 영화", dict(moods=["tear_jerker"])),
    ("something light to have on while cooking", dict(moods=["background", "light"])),
    # "like X" in any form
    ("I loved Oldboy, what next?", dict(similar_to=["Oldboy"])),
    ("movies like Inceptoin", dict(similar_to=["Inception"])),
    ("올드보이 같은 영화", dict(similar_to=["Oldboy"])),
    ("인셉션이랑 비슷한 영화", dict(similar_to=["Inception"])),
    ("살인의 추억 재밌게 봤는데 비슷한 거", dict(similar_to=["Memories of Murder"])),
    ("more like The Good, the Bad and the Ugly", dict(similar_to=["The Good, the Bad and the Ugly"])),
]


@pytest.mark.parametrize("text", ["what is the capital of France?", "프랑스의 수도는 어디야?", "what's the weather like?",
                                  "hi", "who won the world cup in 2002?"])
async def test_off_topic_gets_a_scope_answer_not_picks(reader, text):
    u = await reader.understand(text)
    assert u.intent == "other"


@pytest.mark.parametrize("text", ["I'd like a comedy", "would like something funny", "I like scary movies"])
async def test_like_as_a_verb_is_not_a_title(reader, text):
    u = await reader.understand(text)
    assert u.filters.similar_to == [] and u.intent == "recommend"


@pytest.mark.parametrize("text,expected", CASES)
async def test_filters(reader, text, expected):
    u = await reader.understand(text)
    got = u.filters.model_dump(exclude_defaults=True)
    assert u.intent == "recommend"
    assert {k: (sorted(v) if isinstance(v, list) else v) for k, v in got.items()} == \
           {k: (sorted(v) if isinstance(v, list) else v) for k, v in expected.items()}


@pytest.mark.parametrize("text", ["hi there", "what can you do?", "안녕"])
async def test_small_talk_is_other(reader, text):
    assert (await reader.understand(text)).intent == "other"


async def test_language_follows_the_script(reader):
    assert (await reader.understand("스릴러 추천")).language == "ko"
    assert (await reader.understand("thriller please")).language == "en"
