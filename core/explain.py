"""Grounded reasons: one or two sentences, every fact taken from the catalog row or the user's own history.

Sentence one names the strongest true link: to the user's history (a director or actor of a film they liked or
watched), to the film they asked to match, to viewers like them (SASRec), or to what they asked for. Sentence
two adds one distinguishing fact: Oscars, the critics' consensus worded for what it is (the share of positive
reviews, shown only from 20 reviews up), or the runtime when the user asked about length. Cast lists carry no
billing, so no reason ever claims a lead role.
"""
from __future__ import annotations

from core import korean
from core.models import Candidate, Filters, Movie, TasteProfile
from core.moods import known as known_moods
from core.moods import moods

MIN_REVIEWS = 20  # below this a share of positive reviews says little


def _genres(m: Movie, ko: bool, prefer: list[str] | None = None) -> str:
    chosen = [g for g in m.genres if g in (prefer or [])][:2] or m.genres[:2]
    if ko:
        return "·".join(korean.genre(g) for g in chosen) + " 영화" if chosen else "영화"
    return "-".join(g.lower() for g in chosen) + " film" if chosen else "film"


def _title(m: Movie, ko: bool) -> str:
    return f"《{korean.display_title(m)}》" if ko else m.title


def _person(n: str, ko: bool) -> str:
    return korean.name(n) if ko else n


def _history_link(m: Movie, profile: TasteProfile, history: dict[str, Movie], ko: bool) -> str | None:
    liked = [history[i] for i in profile.liked if i in history]
    seen = [history[i] for i in profile.watched if i in history and i not in profile.liked]
    for pool, verb_en, verb_ko in ((liked, "liked", "좋아하신"), (seen, "watched", "보신")):
        for h in pool:
            if d := next((d for d in m.directors if d in h.directors), None):
                return (f"좋아하신 {_title(h, ko)}의 감독 {_person(d, ko)}의 작품이에요." if ko and pool is liked else
                        f"보신 {_title(h, ko)}의 감독 {_person(d, ko)}의 작품이에요." if ko else
                        f"From {d}, who also directed {h.title}, which you {verb_en}.")
        for h in pool:
            if a := next((a for a in m.cast if a in h.cast), None):
                return (f"{verb_ko} {_title(h, ko)}에 나온 {_person(a, ko)} 배우가 출연해요." if ko else
                        f"{a}, whom you saw in {h.title}, is in the cast.")
    return None


def _seed_link(m: Movie, seeds: list[Movie], ko: bool) -> str | None:
    for s in seeds:
        if d := next((d for d in m.directors if d in s.directors), None):
            return (f"{_title(s, ko)}의 감독 {_person(d, ko)}의 또 다른 작품이에요." if ko else
                    f"Another film by {d}, who made {s.title}.")
        if a := next((a for a in m.cast if a in s.cast), None):
            return (f"{_title(s, ko)}에 나온 {_person(a, ko)} 배우가 출연하는 {_genres(m, ko, s.genres)}예요." if ko else
                    f"A {_genres(m, ko, s.genres)} with {a}, who is also in {s.title}.")
    for s in seeds:
        if set(m.genres) & set(s.genres):
            return (f"{_title(s, ko)}처럼 {_genres(m, ko, s.genres)}예요." if ko else
                    f"A {_genres(m, ko, s.genres)} in the spirit of {s.title}.")
    return None


def _request_link(m: Movie, f: Filters, ko: bool) -> str | None:
    by = [d for d in m.directors if d in f.directors]
    starring = [a for a in m.cast if a in f.actors]
    year = f"{m.year}년 " if ko and m.year else (f"{m.year} " if m.year else "")
    kind = _genres(m, ko, f.genres or [g for i in known_moods(f.moods) for g in moods()[i].genres])
    mood = [moods()[i] for i in known_moods(f.moods) if moods()[i].fits(m)]
    if by:
        return (f"{_person(by[0], ko)} 감독의 {year}{kind}예요." if ko else f"{by[0]}'s {year}{kind}.")
    if starring:
        return (f"{_person(starring[0], ko)} 배우가 출연하는 {year}{kind}예요." if ko else
                f"A {year}{kind} with {starring[0]} in the cast.")
    if mood:
        label = mood[0].label(ko and "ko" or "en")
        return (f"{label} 분위기에 맞는 {year}{kind}예요." if ko else f"A {label} pick: a {year}{kind}.")
    if f.genres or f.year_min or f.year_max or f.countries or f.languages:
        return f"{year}{kind}예요." if ko else f"A {year}{kind}."
    return None


def _fact(m: Movie, f: Filters, ko: bool) -> str | None:
    if (f.min_runtime or f.max_runtime) and m.runtime:
        return f"상영 시간은 {m.runtime}분이에요." if ko else f"It runs {m.runtime} minutes."
    if m.oscars:
        return (f"아카데미상 {m.oscars}개 부문을 수상했어요." if ko else
                f"It won {m.oscars} Oscar{'s' if m.oscars > 1 else ''}.")
    if m.critics_meter is not None and (m.reviews or 0) >= MIN_REVIEWS and m.critics_meter >= 60:
        return (f"평론가 {m.reviews}명 중 {m.critics_meter}%가 호평했어요." if ko else
                f"{m.critics_meter}% of {m.reviews} critics were positive.")
    if m.metacritic is not None and m.metacritic >= 60:
        return f"메타크리틱 점수는 {m.metacritic}점이에요." if ko else f"Metacritic score: {m.metacritic}."
    return None


def explain(c: Candidate, filters: Filters, profile: TasteProfile, history: dict[str, Movie],
            seeds: list[Movie], language: str = "en") -> str:
    m, ko = c.movie, language == "ko"
    link = (_history_link(m, profile, history, ko) or _seed_link(m, seeds, ko)
            or (("비슷한 취향의 관객들이 이어서 많이 본 영화예요." if ko else
                 "Viewers with a history like yours often watch it next.") if c.source == "sasrec" else None)
            or _request_link(m, filters, ko))
    if link is None:
        favourite = [g for g in m.genres if g in list(profile.genres)[:4]]
        link = ((f"즐겨 보시는 {'·'.join(korean.genre(g) for g in favourite[:2])} 장르예요." if ko else
                 f"{'-'.join(favourite[:2]).capitalize()}, among the genres you watch most.") if favourite else
                (f"{m.year}년 {_genres(m, ko)}예요." if ko and m.year else
                 f"A {m.year} {_genres(m, ko)}." if m.year else f"A {_genres(m, ko)}."))
    fact = _fact(m, filters, ko)
    return f"{link} {fact}" if fact else link


def diverse_top(cands: list[Candidate], n: int) -> list[Candidate]:
    """Best first, but no more than two picks from one director."""
    picked: list[Candidate] = []
    per_director: dict[str, int] = {}
    for c in cands:
        key = c.movie.directors[0] if c.movie.directors else c.movie.id
        if per_director.get(key, 0) >= 2:
            continue
        picked.append(c)
        per_director[key] = per_director.get(key, 0) + 1
        if len(picked) == n:
            return picked
    rest = [c for c in cands if c not in picked]
    return picked + rest[: n - len(picked)]
