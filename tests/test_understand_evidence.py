"""Issue #17 classes 1-4 and 6 of the offline reader, in sentences written for these tests (not from the eval sets).

Each case names what must be read AND what must not be: a reader that invents a filter or drops one fails.
"""
from __future__ import annotations

import pytest

from core.understand.evidence import age_spans, clause_starts, negated
from core.text import fold

pytestmark = pytest.mark.asyncio(loop_scope="module")



PEOPLE = [  # class 1: nicknames, first names, pairs, Hangul renderings, star = actor
    ("got any Denzel dramas?", dict(actors=["Denzel Washington"], genres=["Drama"])),
    ("in the mood for something with Meryl tonight", dict(actors=["Meryl Streep"])),
    ("arnie and explosions", dict(actors=["Arnold Schwarzenegger"])),
    ("the coen brothers but funny", dict(directors=["Joel Coen", "Ethan Coen"], genres=["Comedy"])),
    ("a Wachowskis film please", dict(directors=["Lana Wachowski", "Lilly Wachowski"])),
    ("덴젤 워싱턴 나오는 거", dict(actors=["Denzel Washington"])),
    ("양조위 주연 로맨스", dict(actors=["Tony Leung"], genres=["Romance"])),
    ("이병헌이 나오는 영화", dict(actors=["Lee Byung-hun"])),
    ("성룡 액션", dict(actors=["Jackie Chan"], genres=["Action"])),
    ("성룡 감독 작품", dict(directors=["Jackie Chan"])),
    ("chris nolan stuff", dict(directors=["Christopher Nolan"])),
    ("denzel washingtn thrillers", dict(actors=["Denzel Washington"], genres=["Thriller"])),
    ("Cameron movies from the 80s", dict(directors=["James Cameron"], year_min=1980, year_max=1989)),
]
NO_INVENT = [  # class 2: ordinary words and numbers are not filters
    ("cheers for asking, a western would be nice", dict(genres=["Western"])),
    ("will you find me a mystery", dict(genres=["Mystery"])),
    ("grandpa is in his 80s, he likes war films", dict(genres=["War"])),
    ("picking for my 9 year old nephew, something animated", dict(genres=["Animation"], moods=["kids"])),  # a child
    ("after a long shift i want a comedy", dict(genres=["Comedy"])),
    ("top 3 musicals?", dict(genres=["Musical"])),
    ("my cousin Bill wants a sports film", dict(genres=["Sport"])),  # a companion is not Tony Bill
    ("Taylor and I want a mystery", dict(genres=["Mystery"])),
    ("Jordan says westerns are great", dict(genres=["Western"], min_critic_score=None)),
    ("a film set in New York, a comedy", dict(genres=["Comedy"])),
]
NEGATION = [  # class 3
    ("a horror film that isn't too scary", dict(genres=["Horror"])),
    ("cartoons but not for little kids", dict(genres=["Animation"], exclude_genres=["Family"])),
    ("드라마 말고 코미디", dict(genres=["Comedy"], exclude_genres=["Drama"])),
    ("무섭지 않은 미스터리", dict(genres=["Mystery"], exclude_genres=["Horror"])),
    ("no westerns, just an adventure", dict(genres=["Adventure"], exclude_genres=["Western"])),
]
RUNTIME = [  # class 4
    ("a comedy, about an hour and a half", dict(genres=["Comedy"], max_runtime=90)),
    ("nothing over two hours please", dict(max_runtime=120)),
    ("세 시간 안 넘는 전쟁 영화", dict(genres=["War"], max_runtime=180)),
    ("두 시간 넘는 드라마", dict(genres=["Drama"], min_runtime=120)),
    ("an hour and 45 minutes or less", dict(max_runtime=105)),
    ("a drama that isn't too long", dict(genres=["Drama"], max_runtime=120)),
    ("after a 12 hour flight, a thriller", dict(genres=["Thriller"])),
]
GENRES = [  # class 6
    ("a war drama", dict(genres=["War", "Drama"], genre_mode="all")),
    ("범죄 코미디", dict(genres=["Crime", "Comedy"], genre_mode="all")),
    ("western or musical", dict(genres=["Western", "Musical"])),
]
EMPTY = dict(directors=[], actors=[], genres=[], exclude_genres=[], year_min=None, year_max=None,
             min_runtime=None, max_runtime=None, moods=[], exclude_people=[], genre_mode="any")


@pytest.mark.parametrize("text,expected", PEOPLE + NO_INVENT + NEGATION + RUNTIME + GENRES)
async def test_reads_what_is_said_and_nothing_else(reader, text, expected):
    f = (await reader.understand(text)).filters
    for key, value in {**EMPTY, **expected}.items():
        got = getattr(f, key)
        assert (sorted(got) if isinstance(got, list) else got) == (
            sorted(value) if isinstance(value, list) else value), (text, key, got)


@pytest.mark.parametrize("text", ["the newest james bond", "any good indiana jones style adventure"])
async def test_a_character_is_not_a_person(reader, text):
    f = (await reader.understand(text)).filters
    assert not f.actors and not f.directors, f


@pytest.mark.parametrize("text,mood", [("a romance that won't make me cry", "tear_jerker"),
                                        ("슬픈 건 싫어, 로맨스", "tear_jerker"),
                                        ("thriller, nothing scary", "scary")])
async def test_a_negated_mood_is_never_added(reader, text, mood):
    assert mood not in (await reader.understand(text)).filters.moods


@pytest.mark.parametrize("text,proxy", [("a bank heist film", "Crime"), ("법정 영화", "Crime"),
                                        ("vampire movies", None), ("우주 배경 영화", "Sci-Fi")])
async def test_topics_get_a_proxy_and_a_plot_note(reader, text, proxy):
    u = await reader.understand(text)
    assert any("plot" in n or "줄거리" in n for n in u.notes), u.notes
    assert (proxy in u.filters.genres) if proxy else u.filters.text == "vampire"


async def test_negation_scope_stops_at_a_clause():
    text = "not too long, a thriller"
    tokens = fold(text).split()
    assert not negated(tokens, 4, 5, clause_starts(text))
    assert negated(fold("no gore").split(), 1, 2, set())


async def test_ages_are_found():
    assert age_spans(fold("my aunt, in her 50s")) and age_spans(fold("she's 12")) and not age_spans(fold("90s films"))
