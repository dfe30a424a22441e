"""Runtime words, moods from context, broad requests and not-picks: classes from dev4, in sentences written
for these tests (not from the eval splits)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")


# A duration with "+", "at least", "or more", "넘는", "이상" is a floor: never a ceiling.
@pytest.mark.parametrize("text, low", [
    ("road trip in the back seat, something 3+ hours please", 180),
    ("any sci-fi that runs 2.5+ hrs?", 150),
    ("give me a thriller of at least 2 hours", 120),
    ("we have the whole night, a drama two hours or more", 120),
    ("두 시간 넘는 전쟁 영화 보고 싶어", 120),
    ("2시간 반 이상 되는 영화 있어?", 150),
    ("150+ min movies for a rainy sunday", 150),
])
async def test_a_plus_or_at_least_is_a_minimum(read, text, low):
    f = (await read(text)).filters
    assert f.min_runtime == low and f.max_runtime is None


# "a three hour movie", "세 시간짜리": a long film of about that length: a floor near it, no invented ceiling.
@pytest.mark.parametrize("text", [
    "a three hour movie to fill a lazy saturday",
    "3 hour film, anything goes",
    "세 시간짜리 영화 보고 싶어",
    "세 시간짜리 대작 영화 없을까",
])
async def test_about_three_hours_is_a_floor_near_it(read, text):
    f = (await read(text)).filters
    assert f.min_runtime is not None and 165 <= f.min_runtime <= 175 and f.max_runtime is None


# "like 3 hours", "세 시간 정도": a looser floor, still no ceiling.
@pytest.mark.parametrize("text", ["an epic, like three hours, war or history", "세 시간 정도 되는 대작",
                                  "a long one, maybe 3 hours"])
async def test_roughly_three_hours_is_a_looser_floor(read, text):
    f = (await read(text)).filters
    assert f.min_runtime == 160 and f.max_runtime is None  # near three hours, not two and a half


# An English bound word after a Korean (or any) duration: "1시간 30분 under", "90분 under로".
@pytest.mark.parametrize("text, high", [
    ("2시간 under로 코미디", 120),
    ("90분 under 애니 추천", 90),
    ("1시간 40분 under면 좋겠어", 100),
    ("an hour and a half or under, horror", 90),
])
async def test_a_bound_word_after_the_duration(read, text, high):
    f = (await read(text)).filters
    assert f.max_runtime == high and f.min_runtime is None


# An epic asks for a film of at least 150 minutes; the picks meet it.
@pytest.mark.parametrize("text", ["need an epic for the long weekend", "대작 하나 추천해줘", "a sweeping epic, any genre"])
async def test_an_epic_is_at_least_150(read, text):
    f = (await read(text)).filters
    assert f.min_runtime == 150 and f.max_runtime is None


async def test_epic_picks_meet_the_minimum(services):
    reply = await services.recommender.recommend("u-epic", "a big long epic for a rainy holiday")
    assert reply.picks and all(p.movie.runtime and p.movie.runtime >= 150 for p in reply.picks)


# "short doc", "a doc about whales", "docs": a documentary; "doc" as a person's nickname or title word is not.
@pytest.mark.parametrize("text, high", [
    ("a short doc for my lunch break", 90),
    ("any good docs about music?", None),
    ("a doc under 80 minutes", 80),
    ("다큐 짧은 걸로", 90),
])
async def test_doc_is_a_documentary(read, text, high):
    f = (await read(text)).filters
    assert "Documentary" in f.genres and f.max_runtime == high


# A follow-up with a relative word AND an explicit duration: the duration the user typed is the bound.
@pytest.mark.parametrize("first, follow, high", [
    ("애니메이션 영화 추천해줘", "더 짧은 걸로, 한 시간 반 안쪽", 90),
    ("animated movies please", "shorter, under an hour and a half", 90),
    ("comedies from the 90s", "shorter ones, ninety minutes max", 90),
])
async def test_shorter_with_a_spelled_out_duration_keeps_that_bound(services, first, follow, high):
    user = f"u-short-{high}-{len(first)}"
    await services.recommender.recommend(user, first, conversation=user, follow_up=True)
    reply = await services.recommender.recommend(user, follow, conversation=user, follow_up=True)
    assert reply.filters.max_runtime == high
    assert reply.picks and all(p.movie.runtime and p.movie.runtime <= high for p in reply.picks)


# Mindless / light, said in ways the mood words did not list.
@pytest.mark.parametrize("text", [
    "long week, want something dumb and mindless",
    "fun and mindless, nothing deep",
    "light한 코미디 있어?",
    "아무 생각 없이 볼 영화",
    "부담 없는 영화 하나",
    "머리 비우고 볼 거 추천",
])
async def test_mindless_is_light(read, text):
    u = await read(text)
    assert u.intent == "recommend" and "light" in u.filters.moods


# A child's age ("my 7 year old", "she's 5", "여섯 살 딸") makes it a kids request; an adult's age is nothing.
@pytest.mark.parametrize("text", [
    "movie night with my 7 year old tonight",
    "something for my niece, she's 5",
    "my 10-year-old son wants an adventure",
    "여섯 살 딸이랑 볼 영화",
    "7살 아들이랑 주말에 볼 거",
    "watching with my toddler",
])
async def test_a_childs_age_is_kids(read, text):
    f = (await read(text)).filters
    assert "kids" in f.moods and f.year_min is None and f.year_max is None


@pytest.mark.parametrize("text", [
    "my 40 year old husband loves action movies",
    "my brother, he's 35, wants a thriller",
    "서른 살 생일에 볼 영화",
    "a comedy i loved when i was 10 years old",
    "생일이라 한 살 더 먹었네, 코미디 추천",
])
async def test_an_adults_age_is_no_mood_and_no_decade(read, text):
    f = (await read(text)).filters
    assert "kids" not in f.moods and f.year_min is None and f.year_max is None


@pytest.mark.parametrize("text", ["need a crowd pleaser for game night", "a crowd-pleasing movie for the office party",
                                  "누구나 좋아할 만한 영화"])
async def test_crowd_pleaser_is_feel_good(read, text):
    u = await read(text)
    assert u.intent == "recommend" and "feel_good" in u.filters.moods


# Asking for something to watch without a film word is still a request, never the scope answer.
@pytest.mark.parametrize("text", [
    "any hidden gems?",
    "underrated stuff?",
    "people are coming over tonight, what do we put on",
    "need something for a big night in",
    "퇴근했다 볼 거 하나만",
    "숨은 명작 있어?",
    "what's worth watching tonight?",
])
async def test_broad_requests_get_picks(services, text):
    reply = await services.recommender.recommend(f"u-broad-{len(text)}", text)
    assert reply.intent == "recommend" and reply.picks


# Off-topic with a lone common word that is also a title: the scope answer, not a like-X.
@pytest.mark.parametrize("text", [
    "what's the weather like tomorrow",
    "is it going to rain today",
    "what time is it in tokyo right now",
])
async def test_off_topic_with_a_common_word_is_scope(read, text):
    u = await read(text)
    assert u.intent == "other" and not u.filters.similar_to


@pytest.mark.parametrize("text, title", [("something like Tomorrow Never Dies", "Tomorrow Never Dies"),
                                         ("something like tomorrow never dies", "Tomorrow Never Dies"),
                                         ("a movie like jurassic", "Jurassic Park")])
async def test_a_film_named_with_a_cue_is_still_like_x(read, text, title):
    u = await read(text)
    assert u.intent == "recommend" and u.filters.similar_to == [title]


# A Korean drama series (K-drama) is other media; a Korean drama film is a film request.
@pytest.mark.parametrize("text", ["넷플릭스 한국 드라마 추천해줘", "요즘 볼만한 한드 있어?", "재밌는 일본 드라마 추천",
                                  "any good k-dramas to binge?"])
async def test_tv_dramas_are_other_media(read, text):
    u = await read(text)
    assert u.intent == "other" and u.filters.is_empty()


@pytest.mark.parametrize("text", ["한국 드라마 영화 추천해줘", "a korean drama film please", "korean drama movies",
                                  "한국 드라마 장르 영화"])
async def test_a_drama_film_is_a_film_request(read, text):
    u = await read(text)
    assert u.intent == "recommend" and "Drama" in u.filters.genres and "South Korea" in u.filters.countries


# A mood's exclusions never remove a genre the user named: "a horror comedy, dumb fun" stays horror comedy.
@pytest.mark.parametrize("text, genres", [("horror comedy, just dumb fun", {"Horror", "Comedy"}),
                                          ("a war movie but keep it light", {"War"})])
async def test_a_mood_keeps_the_genres_named(services, text, genres):
    reply = await services.recommender.recommend(f"u-mood-genre-{len(text)}", text)
    assert reply.filters.moods and reply.picks
    assert all(genres & set(p.movie.genres) for p in reply.picks)
