"""Scripted multi-turn dialogues through the core API (offline reasoner, real catalog): every follow-up changes
exactly what was asked, keeps the rest, and never shows a film twice in one conversation."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from core import korean
from core.models import Filters, Movie, Reply

CARRIED = ("directors", "actors", "genres", "exclude_genres", "year_min", "year_max", "countries", "languages",
           "min_runtime", "max_runtime", "moods", "similar_to", "oscar", "exclude_people")


def fits(m: Movie, f: Filters) -> bool:
    """The hard constraints a pick must meet (similar_to and moods are soft)."""
    return ((not f.directors or bool(set(f.directors) & set(m.directors)))
            and (not f.actors or bool(set(f.actors) & set(m.cast)))
            and (not f.genres or bool(set(f.genres) & set(m.genres)))
            and not set(f.exclude_genres) & set(m.genres)
            and (f.year_min is None or (m.year or 0) >= f.year_min)
            and (f.year_max is None or (m.year or 9999) <= f.year_max)
            and (f.max_runtime is None or (m.runtime or 0) <= f.max_runtime)
            and (not f.languages or m.languages[:1] == f.languages[:1])
            and not set(f.exclude_people) & set(m.cast + m.directors))


@dataclass
class Turn:
    text: str
    changes: dict[str, Any] = field(default_factory=dict)  # field -> expected value (or a predicate)
    fresh: bool = False  # a new request: nothing carries over
    kind: str = "recommend"  # or "other" (why #n, nothing to follow)
    count: int | None = None  # picks expected at most
    check: Callable[[Reply, list[Movie]], bool] | None = None  # (reply, last picks) -> ok


def _years(last: list[Movie]) -> list[int]:
    return [m.year for m in last if m.year]


EN = [
    Turn("a 90s comedy with Tom Hanks", {"actors": ["Tom Hanks"], "genres": ["Comedy"], "year_min": 1990,
                                         "year_max": 1999}, fresh=True),
    Turn("older", {"year_min": None, "year_max": lambda v, last: v == min(_years(last)) - 1}),
    Turn("not romance", {"exclude_genres": ["Romance"]}),
    Turn("with Meg Ryan instead", {"actors": ["Meg Ryan"]}),
    Turn("more like #2", {"similar_to": lambda v, last: v == [last[1].title]}),
    Turn("why #1?", kind="other", check=lambda r, last: last[0].title in r.message),
    Turn("why #9?", kind="other", check=lambda r, last: "#9" in r.message),
    Turn("a horror movie", {"genres": ["Horror"]}, fresh=True),
    Turn("in Korean", {"languages": ["Korean"]}),
    Turn("more", {}),
    Turn("newer", {"year_min": lambda v, last: v == max(_years(last)) + 1, "year_max": None}),
    Turn("recommend a western", {"genres": ["Western"]}, fresh=True),
    Turn("another 3", {}, count=3),
    Turn("only 60s", {"year_min": 1960, "year_max": 1969}),
    Turn("shorter", {"max_runtime": lambda v, last: v == min(m.runtime for m in last if m.runtime) - 1}),
    Turn("more", {}),
    Turn("like the second one", {"similar_to": lambda v, last: v == [last[1].title]}),
    Turn("science fiction movies from the 80s", {"genres": ["Sci-Fi"], "year_min": 1980,
                                                  "year_max": 1989}, fresh=True),
    Turn("nothing over 2 hours", {"max_runtime": 120}),
    Turn("with Harrison Ford instead", {"actors": ["Harrison Ford"]}),
    Turn("why the first one?", kind="other", check=lambda r, last: last[0].title in r.message),
    Turn("without Harrison Ford", {"actors": [], "exclude_people": ["Harrison Ford"]}),
    Turn("longer ones", {"min_runtime": lambda v, last: v == max(m.runtime for m in last if m.runtime) + 1,
                         "max_runtime": None}),
    Turn("some more", {}),
]

KO = [
    Turn("코미디 영화 추천해줘", {"genres": ["Comedy"]}, fresh=True),
    Turn("90년대 걸로", {"year_min": 1990, "year_max": 1999}),
    Turn("다른 거", {}),
    Turn("공포 말고", {"exclude_genres": ["Horror"]}),
    Turn("더 짧은 거", {"max_runtime": lambda v, last: v == min(m.runtime for m in last if m.runtime) - 1}),
    Turn("2번 같은 거", {"similar_to": lambda v, last: v == [last[1].title]}),
    Turn("3번 왜?", kind="other", check=lambda r, last: f"《{korean.display_title(last[2])}》" in r.message),
    Turn("3개 더", {}, count=3),
    Turn("봉준호 감독 영화 추천해줘", {"directors": ["Bong Joon-ho"]}, fresh=True),
    Turn("1번 왜?", kind="other",  # the Korean title the reasons use (core.korean.display_title)
         check=lambda r, last: f"《{korean.display_title(last[0])}》" in r.message and "감독" in r.message),
    Turn("범죄 영화 추천해줘", {"genres": ["Crime"]}, fresh=True),
    Turn("한국 영화로", {"countries": ["South Korea"], "languages": ["Korean"]}),  # a nationality: its language too
    Turn("다른 영화", {}),
    Turn("예전 거", {"year_min": None, "year_max": lambda v, last: v == min(_years(last)) - 1}),
    Turn("송강호 나오는 걸로", {"actors": ["Song Kang-ho"]}),
    Turn("더 최근 거", {"year_min": lambda v, last: v == max(_years(last)) + 1, "year_max": None}),
    Turn("드라마 영화 추천해줘", {"genres": ["Drama"]}, fresh=True),
    Turn("2시간 이내로", {"max_runtime": 120}),
    Turn("전쟁 영화 빼고", {"exclude_genres": ["War"]}),
    Turn("더 보여줘", {}),
    Turn("5번 왜?", kind="other", check=lambda r, last: f"《{korean.display_title(last[4])}》" in r.message),
    Turn("두번째 같은 거", {"similar_to": lambda v, last: v == [last[1].title]}),
    Turn("다른 거", {}),
]


Ask = Callable[[str], Awaitable[Reply]]


def core_asker(services, user: str) -> Ask:
    async def ask(text: str) -> Reply:
        return await services.recommender.recommend(user, text, conversation="chan", follow_up=True)
    return ask


async def play(ask: Ask, script: list[Turn], user: str) -> int:
    """Plays `script` through `ask` (the core API, or the bot's stand-ins) and checks every turn."""
    prev: Reply | None = None
    last: list[Movie] = []
    shown: set[str] = set()
    for turn in script:
        reply = await ask(turn.text)
        where = f"{user}: {turn.text!r}"
        assert reply.intent == turn.kind, where
        if turn.kind == "other":
            assert turn.check is not None and turn.check(reply, last), (where, reply.message)
            continue
        assert reply.picks, where
        f = reply.filters
        base = Filters() if turn.fresh or prev is None else prev.filters
        for name in CARRIED:
            if name in turn.changes:
                want = turn.changes[name]
                ok = want(getattr(f, name), last) if callable(want) else getattr(f, name) == want
                assert ok, (where, name, getattr(f, name))
            else:  # everything not asked for carries over unchanged (or stays empty on a new request)
                assert getattr(f, name) == getattr(base, name), (where, name, getattr(f, name))
        ids = [p.movie.id for p in reply.picks]
        if turn.fresh:
            shown = set()
        else:
            assert not set(ids) & shown, (where, "a film shown earlier in the conversation came back")
            assert reply.message.startswith(("5 picks", "3 picks", "4 picks", "2 picks", "1 pick", "여전히",
                                             "이번엔")) or "still:" in reply.message or "now:" in reply.message, \
                (where, reply.message)
        if turn.count:
            assert len(reply.picks) <= turn.count, where
        if not reply.relaxed:
            assert all(fits(p.movie, f) for p in reply.picks), (where, [p.movie.label for p in reply.picks])
        shown |= set(ids)
        prev, last = reply, [p.movie for p in reply.picks]
    return len(script)


async def test_english_and_korean_dialogues_change_only_what_was_asked(services):
    turns = (await play(core_asker(services, "en-user"), EN, "en-user")
             + await play(core_asker(services, "ko-user"), KO, "ko-user"))
    assert turns >= 40


async def test_follow_up_header_says_what_carried_over(services):
    rec = services.recommender
    first = await rec.recommend("u", "a 90s comedy with Tom Hanks", conversation="c")
    reply = await rec.recommend("u", "older", conversation="c", follow_up=True)
    oldest = min(p.movie.year for p in first.picks)
    assert reply.message.endswith(f"still: with Tom Hanks · Comedy; now: up to {oldest - 1}."), reply.message
    ko = await rec.recommend("k", "코미디 영화 추천해줘", conversation="c")
    ko = await rec.recommend("k", "90년대 걸로", conversation="c", follow_up=True)
    assert "여전히: 코미디" in ko.message and "이번엔: 1990–1999" in ko.message


async def test_refinement_outside_a_reply_is_a_new_request_but_more_still_follows(services):
    rec = services.recommender
    first = await rec.recommend("u", "a 90s comedy with Tom Hanks", conversation="c")
    fresh = await rec.recommend("u", "not horror", conversation="c")  # not a reply: a request of its own
    assert fresh.filters.actors == [] and fresh.filters.exclude_genres == ["Horror"]
    await rec.recommend("u", "a 90s comedy with Tom Hanks", conversation="c")
    more = await rec.recommend("u", "more", conversation="c")  # "more" always refers to the last picks
    assert more.filters.actors == ["Tom Hanks"]
    assert not {p.movie.id for p in more.picks} & {p.movie.id for p in first.picks}


async def test_conversations_are_per_user_and_channel(services):
    rec = services.recommender
    await rec.recommend("u", "a 90s comedy with Tom Hanks", conversation="c1")
    other_user = await rec.recommend("v", "more", conversation="c1")
    other_channel = await rec.recommend("u", "why #2?", conversation="c2")
    assert other_user.intent == "other" and not other_user.picks and "ask me for movies first" in other_user.message
    assert other_channel.intent == "other" and "ask me for movies first" in other_channel.message
    ko = await rec.recommend("v", "다른 거", conversation="c9")
    assert ko.language == "ko" and "먼저" in ko.message
