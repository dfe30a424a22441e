"""Negation and exclusions in the offline reader, in sentences written for these tests (not from the eval splits).

Each case names what must be read AND what must stay empty: a reader that wants what was excluded, or excludes
what was wanted, fails.
"""
from __future__ import annotations

import pytest

from core.understand.evidence import clause_starts, excluded_spans, negated
from core.text import fold

pytestmark = pytest.mark.asyncio(loop_scope="module")



EMPTY = dict(directors=[], actors=[], genres=[], exclude_genres=[], exclude_people=[], exclude_titles=[],
             similar_to=[], languages=[], year_min=None, year_max=None)

CASES = [
    # "anything but X", "everything except X", "as long as it's not X": the genre is excluded, never wanted
    ("honestly anything but a western", dict(exclude_genres=["Western"])),
    ("everything except musicals works", dict(exclude_genres=["Musical"])),
    ("whatever you like as long as it isn't horror", dict(exclude_genres=["Horror"])),
    ("nothing but action tonight", dict(genres=["Action"])),  # "nothing but" wants it
    # "w/o", "sick of", "no more": the person is excluded, not wanted
    ("a comedy w/o adam sandler", dict(genres=["Comedy"], exclude_people=["Adam Sandler"])),
    ("sick of jim carrey, any comedy", dict(genres=["Comedy"], exclude_people=["Jim Carrey"])),
    ("no more nicolas cage please", dict(exclude_people=["Nicolas Cage"])),
    # lists of exclusions
    ("no tarantino, no scorsese, just a crime film",
     dict(genres=["Crime"], exclude_people=["Quentin Tarantino", "Martin Scorsese"])),
    ("no cameron, no spielberg, some adventure",
     dict(genres=["Adventure"], exclude_people=["James Cameron", "Steven Spielberg"])),
    ("neither kubrick nor hitchcock, some thriller",
     dict(genres=["Thriller"], exclude_people=["Stanley Kubrick", "Alfred Hitchcock"])),
    ("놀란이나 스필버그 빼고 SF 영화", dict(genres=["Sci-Fi"], exclude_people=["Christopher Nolan", "Steven Spielberg"])),
    ("공포나 스릴러 말고 코미디", dict(genres=["Comedy"], exclude_genres=["Horror", "Thriller"])),
    ("하정우나 황정민 나오는 범죄 영화", dict(genres=["Crime"], actors=["Ha Jung-woo", "Hwang Jung-min"])),
    # Korean: a person cue between the name and its negation
    ("송강호 나온 거 말고 스릴러", dict(genres=["Thriller"], exclude_people=["Song Kang-ho"])),
    # English genre words with a Korean particle: "X 말고 Y" wants Y
    ("comedy 빼고 action으로", dict(genres=["Action"], exclude_genres=["Comedy"])),
    # excluded titles, English and Korean cues
    ("hitchcock but not psycho", dict(directors=["Alfred Hitchcock"], exclude_titles=["Psycho"])),
    ("nolan movies other than interstellar", dict(directors=["Christopher Nolan"], exclude_titles=["Interstellar"])),
    ("anything except the godfather", dict(exclude_titles=["The Godfather"])),
    ("no Jaws, a thriller", dict(genres=["Thriller"], exclude_titles=["Jaws"])),  # capitalised: the film
    ("인터스텔라 말고 놀란 영화", dict(directors=["Christopher Nolan"], exclude_titles=["Interstellar"])),
    ("매트릭스 제외하고 SF 영화", dict(genres=["Sci-Fi"], exclude_titles=["The Matrix"])),
    ("films like heat but not heat itself", dict(similar_to=["Heat"], exclude_titles=["Heat"])),
    # ordinary words after a negation are not films ("Aliens", "Kids" and "Happy Endings" are catalog titles)
    ("no aliens in it please, a comedy", dict(genres=["Comedy"])),
    ("no happy endings, a drama", dict(genres=["Drama"])),
    ("a thriller but not a fan of gore", dict(genres=["Thriller"], exclude_genres=["Horror"])),  # not "The Fan"
    ("a comedy, anything except the end of the world stuff", dict(genres=["Comedy"])),  # not "The End"
    # negated year bounds keep the year
    ("a drama, nothing made before 1985", dict(genres=["Drama"], year_min=1985)),
    ("no older than 1995 please, a comedy", dict(genres=["Comedy"], year_min=1995)),
    ("nothing newer than 1999, a comedy", dict(genres=["Comedy"], year_max=1999)),
    ("1990년 이전 영화는 빼고 코미디", dict(genres=["Comedy"], year_min=1990)),
    ("2005년 이후 영화는 말고 코미디", dict(genres=["Comedy"], year_max=2004)),
    # a pronoun after a watch/like cue refers back, it names no film ("Them!")
    ("ive watched them all already, any western", dict(genres=["Western"])),
    # no subtitles / "X only": the language
    ("without subtitles, something funny", dict(genres=["Comedy"], languages=["English"])),
    ("spanish only, a drama", dict(genres=["Drama"], languages=["Spanish"])),
    ("자막 읽기 싫어, 액션 영화", dict(genres=["Action"], languages=["Korean"])),
]


@pytest.mark.parametrize("text,expected", CASES)
async def test_exclusions_are_read_and_nothing_else(read, text, expected):
    u = await read(text)
    assert u.intent == "recommend", (text, u.intent)
    for key, value in {**EMPTY, **expected}.items():
        got = getattr(u.filters, key)
        assert (sorted(got) if isinstance(got, list) else got) == (
            sorted(value) if isinstance(value, list) else value), (text, key, got)


@pytest.mark.parametrize("text", ["a drama, i can't stand podcasts lol", "a comedy please, no tv series"])
async def test_a_disliked_medium_is_not_a_request_for_it(read, text):
    assert (await read(text)).intent == "recommend"


async def test_a_medium_asked_for_is_still_other_media(read):
    assert (await read("recommend me a podcast about space")).intent == "other"


async def test_a_korean_title_alone_before_its_cue_is_a_request(read):
    u = await read("인터스텔라는 빼고")
    assert u.intent == "recommend" and u.filters.exclude_titles == ["Interstellar"]


async def test_a_cue_ending_in_but_still_negates():
    text = "honestly anything but horror"
    tokens = fold(text).split()
    assert negated(tokens, 3, 4, clause_starts(text))
    assert not negated(fold("nothing but horror").split(), 2, 3, set())


async def test_excluded_spans_follow_english_cues_and_precede_korean_ones():
    tokens = fold("a drama except the big lebowski, please").split()
    spans = [(s, e) for s, e, strong in excluded_spans(tokens, clause_starts("a drama except the big lebowski, please"))
             if strong]
    assert (3, 6) in spans and (3, 7) not in spans  # the clause ends at the comma
    ko = fold("괴물은 빼고").split()
    assert (0, 1, True) in excluded_spans(ko, {0})
