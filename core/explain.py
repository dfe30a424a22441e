"""Grounded reasons: a true link to the request or the history, plus one fact beyond the filter.

Sentence one names the strongest true link: to the user's history (a director of a film they liked or watched,
or an actor among the first few by prominence in *both* films), to the film they asked to match, to viewers like
them (SASRec), or to what they asked for. The other sentence is one fact the filter did not already say
(core/facts.py: the film's place in a requested person's filmography, a superlative among the picks, its
rarity in the catalog, the critics' verdict, TMDB's overview). Only fields that core/catalog/reliability.py
allows are stated: no Oscar counts, no genre the user neither asked for nor can see corroborated, no lead role.

`explain_all` writes a whole reply: it spreads the fact kinds over the picks and, when every reason would open
with the same kind of link, opens every other one with its fact instead, so the reasons don't read as a form.
"""
from __future__ import annotations

from collections import Counter

from core import korean
from core.catalog.reliability import LEADS, claimable_genres, leads
from core.facts import Fact, FactContext, candidates
from core.models import Candidate, Filters, Movie, TasteProfile
from core.moods import known as known_moods
from core.moods import moods



NOUN_GENRES = frozenset({"Comedy", "Drama", "Thriller", "Western", "Musical", "Documentary", "Romance"})


def _kind(m: Movie, ko: bool, asked: list[str]) -> str:
    """"comedy film" / "코미디 영화" from the genres a reason may name (asked for, or corroborated), else "film"."""
    chosen = claimable_genres(m, asked)
    chosen = ([g for g in chosen if g in asked] or chosen)[:2]
    if ko:
        return "·".join(korean.genre(g) for g in chosen) + " 영화" if chosen else "영화"
    if not chosen:
        return "film"
    words = "romantic comedy" if set(chosen) == {"Romance", "Comedy"} else "-".join(g.lower() for g in chosen)
    return words if chosen[-1] in NOUN_GENRES else f"{words} film"  # "a comedy", "a crime film"


def _title(m: Movie, ko: bool) -> str:
    return f"《{korean.display_title(m)}》" if ko else m.title


def _person(n: str, ko: bool) -> str:
    return korean.name(n) if ko else n


def shared_lead(a: Movie, b: Movie, n: int = LEADS) -> str | None:
    """An actor among the first `n` by prominence in both films: a bit part in either is no link."""
    theirs = set(leads(b, n))
    return next((x for x in leads(a, n) if x in theirs), None)


def _history_link(m: Movie, profile: TasteProfile, history: dict[str, Movie], ko: bool) -> tuple[str, str] | None:
    liked = [history[i] for i in profile.liked if i in history]
    seen = [history[i] for i in profile.watched if i in history and i not in profile.liked]
    for pool, verb_en, verb_ko in ((liked, "liked", "좋아하신"), (seen, "watched", "보신")):
        for h in pool:
            if d := next((d for d in m.directors if d in h.directors), None):
                return "history", (f"{verb_ko} {_title(h, ko)}의 감독 {_person(d, ko)}의 작품이에요." if ko else
                                   f"From {d}, who also directed {h.title}, which you {verb_en}.")
        for h in pool:
            if a := shared_lead(m, h):
                return "history", (f"{verb_ko} {_title(h, ko)}에 나온 {_person(a, ko)} 배우가 출연해요." if ko else
                                   f"{a}, whom you saw in {h.title}, is in the cast.")
    return None


def _seed_link(m: Movie, seeds: list[Movie], asked: list[str], ko: bool) -> tuple[str, str] | None:
    for s in seeds:
        if d := next((d for d in m.directors if d in s.directors), None):
            return "seed", (f"{_title(s, ko)}의 감독 {_person(d, ko)}의 또 다른 작품이에요." if ko else
                            f"Another film by {d}, who made {s.title}.")
        if a := shared_lead(m, s):
            return "seed", (f"{_title(s, ko)}에 나온 {_person(a, ko)} 배우가 출연해요." if ko else
                            f"With {a}, who is also in {s.title}.")
    for s in seeds:
        shared = [g for g in claimable_genres(m, asked) if g in claimable_genres(s, asked)]
        if shared:
            kind = _kind(m.model_copy(update={"genres": shared}), ko, asked)
            return "seed", (f"{_title(s, ko)}처럼 {kind}예요." if ko else f"A {kind} in the spirit of {s.title}.")
        if m.year and s.year and m.year // 10 == s.year // 10:
            return "seed", (f"{korean.particle(_title(s, ko), '과/와')} 같은 {m.year // 10 * 10}년대 작품이에요." if ko
                            else f"Like {s.title}, a film of the {m.year // 10 * 10}s.")
    if seeds:
        s = seeds[0]
        return "seed", (f"{korean.particle(_title(s, ko), '을/를')} 좋아한다면 볼 만한 작품이에요." if ko else
                        f"Picked as a film for those who like {s.title}.")
    return None


def _request_link(m: Movie, f: Filters, ko: bool) -> tuple[str, str] | None:
    by = [d for d in m.directors if d in f.directors]
    starring = [a for a in m.cast if a in f.actors]
    year = f"{m.year}년 " if ko and m.year else (f"{m.year} " if m.year else "")
    kind = _kind(m, ko, f.genres)
    mood = [moods()[i] for i in known_moods(f.moods) if moods()[i].suits(m)]
    if by:
        return "request", (f"{_person(by[0], ko)} 감독의 {year}{kind}예요." if ko else f"{by[0]}'s {year}{kind}.")
    if starring:
        return "request", (f"{_person(starring[0], ko)} 배우가 출연하는 {year}{kind}예요." if ko else
                           f"A {year}{kind} with {starring[0]} in the cast.")
    if mood:
        opening = mood[0].pick("ko" if ko else "en")
        return "request", (f"{opening} {year}{kind}예요." if ko else f"{opening}: a {year}{kind}.")
    if f.genres or f.year_min or f.year_max or f.countries or f.languages:
        return "request", (f"{year}{kind}예요." if ko else f"A {year}{kind}.")
    return None


def _fallback_link(m: Movie, profile: TasteProfile, ko: bool) -> tuple[str, str]:
    favourite = [g for g in claimable_genres(m) if g in list(profile.genres)[:4]]
    if favourite:
        return "taste", (f"즐겨 보시는 {'·'.join(korean.genre(g) for g in favourite[:2])} 장르예요." if ko else
                         f"{'-'.join(favourite[:2]).capitalize()}, among the genres you watch most.")
    year = f"{m.year}년 " if ko and m.year else (f"{m.year} " if m.year else "")
    if m.directors:
        return "film", (f"{_person(m.directors[0], ko)} 감독의 {year}영화예요." if ko else
                        f"A {year}film by {m.directors[0]}.")
    return "film", (f"{year}영화예요." if ko else f"A {year}film.")


def link(c: Candidate, filters: Filters, profile: TasteProfile, history: dict[str, Movie], seeds: list[Movie],
         ko: bool) -> tuple[str, str]:
    """(kind, sentence): the strongest true link between the film and the user or the request."""
    m = c.movie
    return (_history_link(m, profile, history, ko) or _seed_link(m, seeds, filters.genres, ko)
            or (("sasrec", "비슷한 취향의 관객들이 이어서 많이 본 영화예요." if ko else
                 "Viewers with a history like yours often watch it next.") if c.source == "sasrec" else None)
            or _request_link(m, filters, ko) or _fallback_link(m, profile, ko))


def _choose(facts: list[Fact], used: Counter) -> Fact | None:
    """The least-used kind so far in this reply; among equals, the best (first) one."""
    return min(facts, key=lambda f: used[f.kind], default=None)


def explain(c: Candidate, filters: Filters, profile: TasteProfile, history: dict[str, Movie],
            seeds: list[Movie], language: str = "en", context: FactContext | None = None) -> str:
    """One reason on its own (a pick filled in after the model's): its link plus its best fact."""
    return explain_all([c], filters, profile, history, seeds, language, context)[0]


def explain_all(cands: list[Candidate], filters: Filters, profile: TasteProfile, history: dict[str, Movie],
                seeds: list[Movie], language: str = "en", context: FactContext | None = None,
                vary_openers: bool = True) -> list[str]:
    """`vary_openers=False` when something else opens each reason (movie night names the members first)."""
    ko = language == "ko"
    context = context or FactContext(picks=[c.movie for c in cands])
    links = [link(c, filters, profile, history, seeds, ko) for c in cands]
    same_opener = vary_openers and len(cands) > 1 and len({kind for kind, _ in links}) == 1
    used: Counter = Counter()
    out = []
    for i, (c, (_, sentence)) in enumerate(zip(cands, links)):
        fact = _choose(candidates(c.movie, filters, context, ko), used)
        if fact is None:
            out.append(sentence)
            continue
        used[fact.kind] += 1
        out.append(f"{fact.text} {sentence}" if same_opener and i % 2 else f"{sentence} {fact.text}")
    return out


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
