"""dev7 classes, in sentences written for these tests (not from the eval splits): a vague message that still asks
for something to watch gets picks and no invented filter (a clock time is no runtime); a request for games or books
based on films is off-topic; "can't sit through X" and "not in the mood for anything X" refuse X; a Korean trailing
"좀.." refuses what it follows; "forget the X part" or "any genre" drops a genre without excluding it; "N hours
minimum" is a floor and "not 2+ hours" a ceiling."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# A vague wish for picks: a recommendation with nothing invented (no runtime from a clock time, no year).
@pytest.mark.parametrize("text", [
    "so what's good",
    "what's good tonight?",
    "whats a good one",
    "it's midnight and i'm wide awake, what's a good one?",
    "honestly i trust you, choose whatever",
    "pick anything, dealer's choice",
    "up to you, i'm not picky",
    "이번 주말에 볼 만한 거",
    "퇴근하고 볼 만한 거 있어?",
    "밤 10시에 동생이랑 볼 건데 재밌는 거 뭐 있을까",
    "오후 3시에 혼자 볼 건데 괜찮은 걸로 뭐 없을까",
])
async def test_vague_wish_gets_picks_and_no_invented_bound(read, text):
    u = await read(text)
    assert u.intent == "recommend"
    f = u.filters
    assert f.min_runtime is None and f.max_runtime is None
    assert f.year_min is None and f.year_max is None
    assert not f.genres and not f.actors and not f.directors and not f.similar_to


@pytest.mark.parametrize("text", [
    "what's good for a sore throat",
    "what is the capital of peru",
    "what's good about living in seoul",
])
async def test_off_topic_what_is_good_stays_off_topic(read, text):
    assert (await read(text)).intent == "other"


# Other media made from films: off-topic. Films made from other media stay requests.
@pytest.mark.parametrize("text", [
    "any good video games based on movies?",
    "novels inspired by films?",
    "board games adapted from movies, any?",
    "are there books that are based on movies",
])
async def test_media_based_on_films_is_off_topic(read, text):
    assert (await read(text)).intent == "other"


@pytest.mark.parametrize("text", ["movies based on video games", "a film adapted from a novel"])
async def test_films_based_on_media_are_requests(read, text):
    assert (await read(text)).intent == "recommend"


# A compound genre refused keeps the genre asked for and excludes its other half; "can't sit through X" refuses X.
@pytest.mark.parametrize("text, wanted, refused", [
    ("a comedy, just not a rom com, my partner cannot sit through romance", "Comedy", "Romance"),
    ("comedy that's not a romcom please. she can't stand romance", "Comedy", "Romance"),
    ("i want a thriller but not a sci-fi thriller", "Thriller", "Sci-Fi"),
    ("horror please, i can't sit through comedy horror", "Horror", "Comedy"),
    ("코미디인데 로코는 말고", "Comedy", "Romance"),
])
async def test_refused_compound_genre(read, text, wanted, refused):
    f = (await read(text)).filters
    assert wanted in f.genres and wanted not in f.exclude_genres
    assert refused in f.exclude_genres and refused not in f.genres


@pytest.mark.parametrize("text", [
    "not in the mood for anything scary tonight, just a cozy mystery",
    "i'm not up for anything scary, a mystery maybe",
    "무서운 건 역시 좀.. 미스터리로",
    "공포는 아무래도 좀.. 그냥 미스터리 추천해줘",
])
async def test_refused_scare_keeps_the_mystery(read, text):
    f = (await read(text)).filters
    assert "Mystery" in f.genres
    assert "Horror" not in f.genres and "scary" not in f.moods


async def test_wanting_anything_scary_still_wants_it(read):
    f = (await read("i'm in the mood for anything scary")).filters
    assert "scary" in f.moods or "Horror" in f.genres


@pytest.mark.parametrize("text", ["무서운 건 좀 봐도 괜찮아", "공포 좀 추천해줘"])
async def test_korean_jom_as_a_softener_negates_nothing(read, text):
    f = (await read(text)).filters
    assert "Horror" not in f.exclude_genres


# A follow-up that forgets a genre drops it: neither the earlier genre nor an exclusion of it.
@pytest.mark.parametrize("turns, genre, person", [
    (["comedies with jim carrey", "forget the comedy part, just jim carrey, any genre"], "Comedy", "Jim Carrey"),
    (["dramas with tom hanks", "never mind the drama, anything with tom hanks"], "Drama", "Tom Hanks"),
    (["thrillers with denzel washington", "denzel washington, any genre"], "Thriller", "Denzel Washington"),
    (["톰 행크스 나오는 드라마", "장르 상관없이 톰 행크스 나오는 걸로"], "Drama", "Tom Hanks"),
])
async def test_follow_up_forgets_a_genre(chat, turns, genre, person):
    reply = await chat(turns)
    f = reply.filters
    assert genre not in f.genres and genre not in f.exclude_genres
    assert person in f.actors


# Runtime words: "N hours minimum" is a floor at N hours; "not N+ hours" is a ceiling, never a floor.
@pytest.mark.parametrize("text, low", [
    ("give me something long, 3 hours minimum", 180),
    ("an epic, at least 3 hours", 180),
    ("a war film, 150 minutes at least", 150),
    ("a minimum of two and a half hours please", 150),
    ("no less than 2 hours", 120),
])
async def test_runtime_floor(read, text, low):
    f = (await read(text)).filters
    assert f.min_runtime == low and f.max_runtime is None


@pytest.mark.parametrize("text, high", [
    ("a thriller that's not 2+ hours long", 120),
    ("nothing 2 hours or longer please, a comedy", 120),
    ("a drama that isn't over 2 hours", 120),
    ("need a horror that is not 90+ minutes", 90),
])
async def test_negated_floor_is_a_ceiling(read, text, high):
    f = (await read(text)).filters
    assert f.max_runtime == high and f.min_runtime is None
