"""Facts worth a sentence: comparative, true by construction, and not a restatement of the request.

"An X film with Y in the cast" only repeats the filter back. What a film fan wants to know is where the film
stands: the earliest of Kubrick's films here, the best-reviewed of these five, one of only three Korean films
of the 1960s in the catalog. Each such fact is computed from catalog rows (the reply's picks, a requested
person's filmography, a count), so it holds whatever the catalog's gaps; none uses a field that
core/catalog/reliability.py marks unsafe (no award counts, genres only when asked for or corroborated).

`gather` runs the few catalog queries these need (one per requested person, one per rare country and decade)
before the reasons are written; `candidates` lists a film's facts, best first, each with its kind, so the
composer in explain.py can vary the kinds across one reply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import korean
from core.catalog.base import Catalog
from core.catalog.reliability import oscar_phrase
from core.models import Filters, Movie, SearchQuery
from core.understand.vocab import COUNTRY_WORDS

MIN_REVIEWS = 20  # below this a share of positive reviews says little
RARE = 6  # "one of only N films from <country> of the <decade>" when N is at most this
MIN_FILMOGRAPHY = 3  # a career position needs at least this many films to mean something
COMMON_COUNTRIES = frozenset({"United States"})  # rarity says nothing for these
ORDINAL = {2: "2nd", 3: "3rd"}

# The kinds that repeat a filter back when the request set it: never offered as "the fact beyond the filter".
RESTATING = {"oscar": lambda f: bool(f.oscar), "runtime": lambda f: bool(f.min_runtime or f.max_runtime),
             "critics": lambda f: f.min_critic_score is not None, "metacritic": lambda f: f.min_critic_score is not None}


@dataclass
class Fact:
    kind: str  # "overview", "career", "among", "rarity", "critics", "oscar", "ordinal", "metacritic", "runtime"
    text: str


@dataclass
class FactContext:
    picks: list[Movie] = field(default_factory=list)  # the reply's films: "the shortest of these five"
    filmographies: dict[tuple[str, str], list[Movie]] = field(default_factory=dict)  # (role, person) -> films
    rare: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # id -> (country, decade, films)


async def gather(catalog: Catalog, picks: list[Movie], filters: Filters) -> FactContext:
    """The catalog facts the reasons of these picks may use (a few indexed queries)."""
    ctx = FactContext(picks=list(picks))
    for role, names in (("director", filters.directors), ("actor", filters.actors)):
        for person in names[:2]:
            key = Filters(directors=[person]) if role == "director" else Filters(actors=[person])
            found = await catalog.search(SearchQuery(filters=key, limit=400))
            ctx.filmographies[(role, person)] = [
                c.movie for c in found if person in (c.movie.directors if role == "director" else c.movie.cast)]
    asked = set(filters.countries)
    for m in picks:
        # A co-production's minor countries make odd facts (Snowpiercer "from Czech Republic"): one country only,
        # or the one the user asked for.
        if not m.year or (len(m.countries) != 1 and not asked):
            continue
        decade = m.year // 10 * 10
        for country in sorted(set(m.countries) & asked if asked else set(m.countries) - COMMON_COUNTRIES):
            found = await catalog.search(SearchQuery(
                filters=Filters(countries=[country], year_min=decade, year_max=decade + 9), limit=RARE + 1))
            if len(found) <= RARE and (m.id not in ctx.rare or len(found) < ctx.rare[m.id][2]):
                ctx.rare[m.id] = (country, decade, len(found))
    return ctx


def _country_ko(country: str) -> str:
    return next((w for w, c in COUNTRY_WORDS.items() if c == country and re.fullmatch(r"[가-힣]+", w)), country)


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _career(m: Movie, ctx: FactContext, filters: Filters, ko: bool) -> Fact | None:
    for (role, person), films in ctx.filmographies.items():
        if m not in films:
            continue
        genre = next((g for g in filters.genres if g in m.genres), None)
        pool = [f for f in films if genre is None or genre in f.genres]
        if len(pool) < MIN_FILMOGRAPHY:
            genre, pool = None, films
        if len(pool) < MIN_FILMOGRAPHY:
            continue
        who = korean.name(person) if ko else person
        what_en = f"{genre.lower()} " if genre else ""
        what_ko = f"{korean.genre(genre)} 영화" if genre else "영화"
        n = len(pool)
        scored = [f for f in pool if (f.reviews or 0) >= MIN_REVIEWS and f.critics_meter is not None]
        best = max((f.critics_meter or 0 for f in scored), default=None)
        if m in scored and m.critics_meter == best and sum(f.critics_meter == best for f in scored) == 1 \
                and len(scored) >= MIN_FILMOGRAPHY:
            return Fact("career", f"카탈로그에 있는 {who}의 {what_ko} {n}편 중 평론가 호평 비율이 가장 높아요 "
                                  f"(평론가 {m.reviews}명 중 {m.critics_meter}%)." if ko else
                        f"The best-reviewed of {_possessive(who)} {n} {what_en}films in this catalog: "
                        f"{m.critics_meter}% of {m.reviews} critics were positive.")
        dated = sorted((f for f in pool if f.year), key=lambda f: (f.year, f.title))
        years = [f.year for f in dated]
        if m.year is None or m.year not in years:
            continue
        if years.count(m.year) > 1:
            continue
        position = years.index(m.year) + 1
        if position == 1:
            return Fact("career", f"카탈로그에 있는 {who}의 {what_ko} {n}편 중 가장 이른 작품이에요." if ko else
                        f"The earliest of {_possessive(who)} {n} {what_en}films in this catalog.")
        if position == n:
            return Fact("career", f"카탈로그에 있는 {who}의 {what_ko} {n}편 중 가장 최근 작품이에요." if ko else
                        f"The most recent of {_possessive(who)} {n} {what_en}films in this catalog.")
        return Fact("ordinal", f"카탈로그에 있는 {who}의 {what_ko} {n}편 중 연도순으로 {position}번째예요." if ko else
                    f"The {ORDINAL.get(position, f'{position}th')} of {_possessive(who)} {n} {what_en}films "
                    f"in this catalog, by year.")
    return None


def _among(m: Movie, ctx: FactContext, ko: bool) -> list[Fact]:
    """Superlatives within the reply itself ("the shortest of these five"): unique extremes only."""
    picks = ctx.picks
    n = len(picks)
    if n < 3 or m not in picks:
        return []
    out: list[Fact] = []

    def unique_extreme(value, pick_max: bool) -> bool:
        values = [value(p) for p in picks if value(p) is not None]
        if value(m) is None or len(values) < 3:
            return False
        target = max(values) if pick_max else min(values)
        return value(m) == target and values.count(target) == 1

    reviewed = lambda p: p.critics_meter if (p.reviews or 0) >= MIN_REVIEWS else None  # noqa: E731
    if unique_extreme(reviewed, True):
        out.append(Fact("among", f"이번 {n}편 중 평론가 호평 비율이 가장 높아요 (평론가 {m.reviews}명 중 "
                                 f"{m.critics_meter}%)." if ko else
                        f"The best-reviewed of these {n}: {m.critics_meter}% of {m.reviews} critics were positive."))
    if unique_extreme(lambda p: p.runtime, False):
        out.append(Fact("among", f"이번 {n}편 중 가장 짧은 {m.runtime}분짜리예요." if ko else
                        f"The shortest of these {n}, at {m.runtime} minutes."))
    if unique_extreme(lambda p: p.year, False):
        out.append(Fact("among", f"이번 {n}편 중 가장 오래된 {m.year}년 작품이에요." if ko else
                        f"The oldest of these {n}, from {m.year}."))
    if unique_extreme(lambda p: p.runtime, True):
        out.append(Fact("among", f"이번 {n}편 중 가장 긴 {m.runtime}분짜리예요." if ko else
                        f"The longest of these {n}, at {m.runtime} minutes."))
    if unique_extreme(lambda p: p.year, True):
        out.append(Fact("among", f"이번 {n}편 중 가장 최근인 {m.year}년 작품이에요." if ko else
                        f"The newest of these {n}, from {m.year}."))
    return out


def first_sentence(text: str | None, limit: int = 200) -> str:
    if not text:
        return ""
    first = re.split(r"(?<=[.!?。])\s", " ".join(text.split()), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def candidates(m: Movie, filters: Filters, ctx: FactContext | None, ko: bool) -> list[Fact]:
    """Every fact this film offers beyond the request's filters, best first."""
    ctx = ctx or FactContext()
    out: list[Fact] = []
    if about := first_sentence(m.overview_ko if ko and m.overview_ko else m.overview):
        out.append(Fact("overview", about))
    career = _career(m, ctx, filters, ko)
    if career and career.kind == "career":
        out.append(career)
    out += _among(m, ctx, ko)
    if m.id in ctx.rare:
        country, decade, count = ctx.rare[m.id]
        if count == 1:
            out.append(Fact("rarity", f"카탈로그에 있는 유일한 {decade}년대 {_country_ko(country)} 영화예요." if ko else
                            f"The only film from {country} of the {decade}s in this catalog."))
        else:
            out.append(Fact("rarity", f"카탈로그에 {decade}년대 {_country_ko(country)} 영화는 {count}편뿐이에요." if ko
                            else f"One of only {count} films from {country} of the {decade}s in this catalog."))
    if m.critics_meter is not None and (m.reviews or 0) >= MIN_REVIEWS and m.critics_meter >= 60:
        out.append(Fact("critics", f"평론가 {m.reviews}명 중 {m.critics_meter}%가 호평했어요." if ko else
                        f"{m.critics_meter}% of {m.reviews} critics were positive."))
    if phrase := oscar_phrase(m, "ko" if ko else "en"):
        out.append(Fact("oscar", f"{phrase}이에요." if ko else f"{phrase[0].upper()}{phrase[1:]}."))
    if career and career.kind == "ordinal":  # "the 4th of Kubrick's 13 films": true, but less telling
        out.append(career)
    if m.metacritic is not None and m.metacritic >= 60:
        out.append(Fact("metacritic", f"메타크리틱 점수는 {m.metacritic}점이에요." if ko else
                        f"Metacritic score: {m.metacritic}."))
    if m.runtime:
        out.append(Fact("runtime", f"상영 시간은 {m.runtime}분이에요." if ko else f"It runs {m.runtime} minutes."))
    return [f for f in out if not (f.kind in RESTATING and RESTATING[f.kind](filters))]
