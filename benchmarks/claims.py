"""Fact-checks a reason against the catalog: every claim must be backed by the film's row or the user's history.

`check_reason` lists the claims that are not backed: years, review shares, Oscar counts, runtimes, Metacritic
scores, people named (and "directed by" claims), genres named, titles said to be liked or watched, and any
lead-role wording, which the catalog (cast lists without billing) can never back.
"""
from __future__ import annotations

import re

from core import korean
from core.models import Movie, TasteProfile
from core.vocab import GENRE_KO

GENRES_EN = {g.lower(): g for g in GENRE_KO} | {"sci-fi": "Sci-Fi", "animation": "Animation"}
GENRES_KO = {v: k for k, v in GENRE_KO.items()}
LEAD_WORDS = re.compile(r"\b(lead role|leading role|lead actor|lead actress|stars as|starring role|title role)\b|주연",
                        re.IGNORECASE)


def _people(movies: list[Movie]) -> set[str]:
    return {p for m in movies for p in m.directors + m.cast}


def check_reason(reason: str, movie: Movie, history: dict[str, Movie], profile: TasteProfile | None = None,
                 seeds: list[Movie] | None = None, known_people: set[str] | None = None) -> list[str]:
    """The unbacked claims in `reason` (empty when everything checks out)."""
    seeds = seeds or []
    others = list(history.values()) + seeds
    problems: list[str] = []
    years = {m.year for m in [movie, *others] if m.year}
    for y in map(int, re.findall(r"\b(18[7-9]\d|19\d\d|20[0-3]\d)\b", reason)):
        if y not in years:
            problems.append(f"year {y}")
    for pct, n in re.findall(r"(\d+)% of (\d+) critics", reason) + [
            (p, n) for n, p in re.findall(r"평론가 (\d+)명 중 (\d+)%", reason)]:
        if (int(pct), int(n)) != (movie.critics_meter, movie.reviews) or int(n) < 20:
            problems.append(f"critics {pct}% of {n}")
    for n in re.findall(r"won (\d+) Oscars?|아카데미상 (\d+)개", reason):
        count = int(n[0] or n[1]) if isinstance(n, tuple) else int(n)
        if count != movie.oscars:
            problems.append(f"{count} Oscars")
    for n in re.findall(r"runs (\d+) minutes|상영 시간은 (\d+)분", reason):
        if int(n[0] or n[1]) != movie.runtime:
            problems.append(f"runtime {n[0] or n[1]}")
    for n in re.findall(r"Metacritic score: (\d+)|메타크리틱 점수는 (\d+)점", reason):
        if int(n[0] or n[1]) != movie.metacritic:
            problems.append(f"metacritic {n[0] or n[1]}")
    if LEAD_WORDS.search(reason):
        problems.append("lead-role claim")
    backed = _people([movie, *others])
    names = set(known_people or ()) | backed
    hangul = {korean.name(p): p for p in names if korean.name(p) != p}
    for name in names:  # "Francis Ford" inside a backed "Francis Ford Coppola" is not a claim about him
        if name in reason and name not in backed and not any(name in b for b in backed):
            problems.append(f"person {name}")
    for h, latin in hangul.items():
        if h in reason and latin not in backed:
            problems.append(f"person {h}")
    for d in re.findall(r"(?:Another film by|From) ([A-Z][\w.' -]+?)(?:,| who)", reason):
        if d not in movie.directors:
            problems.append(f"director {d}")
    for d in re.findall(r"([가-힣A-Za-z.' -]+?) 감독의 ", reason):
        d = d.split("의 감독 ")[-1].strip()
        if d and hangul.get(d, d) not in movie.directors and d not in movie.directors:
            problems.append(f"director {d}")
    words = set(re.findall(r"[a-z-]+", reason.lower()))
    for w in words:
        for part in w.split("-"):
            if part in GENRES_EN and GENRES_EN[part] not in movie.genres and not any(
                    GENRES_EN[part] in s.genres for s in seeds):
                problems.append(f"genre {GENRES_EN[part]}")
    for ko, g in GENRES_KO.items():
        if re.search(rf"{ko}(?:·| 영화| 장르)", reason) and g not in movie.genres:
            problems.append(f"genre {g}")
    if profile is not None:
        liked = {history[i].title for i in profile.liked if i in history}
        watched = {history[i].title for i in profile.watched if i in history}
        for t in re.findall(r"([A-Z][^,.]+?), which you liked", reason):
            if t not in liked:
                problems.append(f"liked {t}")
        for t in re.findall(r"([A-Z][^,.]+?), which you watched", reason):
            if t not in watched:
                problems.append(f"watched {t}")
    return problems
