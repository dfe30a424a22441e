"""Fact-checks a reason against the catalog, and against the world where the catalog is known to be wrong.

`check_reason` lists the claims that are not backed by the film's row or the user's history: years, review
shares, Oscar counts, runtimes, Metacritic scores, people named (and "directed by" claims), genres named,
titles said to be liked or watched, and any lead-role wording.

Being in the catalog is not enough: the embedded catalog's Oscar counts are mostly too low, its cast lists carry no
billing and its genres are broad guesses (core/catalog/reliability.py). `classify` adds those classes:
  award_count  any number of Oscars or awards, whatever the catalog says;
  cast_order   a cast name in a "starring" or shared-actor claim that is not among the film's first 5 by
               prominence (nor, for a shared actor, among the other film's first 5), unless the user asked for them;
  lead_role    "the star", "lead role", "주연";
  genre        a genre word the user did not ask for and no reliable source (IMDb or TMDB) corroborates.
`beyond_filter` names the facts a reason holds that the request's filters did not already say.
"""
from __future__ import annotations

import re

from core import korean, reason_check
from core.facts import RESTATING, first_sentence
from core.models import Filters, Movie, TasteProfile
from core.understand.vocab import GENRE_KO

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
    sentences = re.split(r"(?<=[.!?])(?<!\b[A-Z]\.)\s+(?=\S)", reason)  # not after "L." in "Joseph L. Mankiewicz"
    for d in (m.group(1) for s in sentences if (m := re.match(r"(.+?) 감독의 ", s))):
        d = d.split("의 감독 ")[-1].strip()
        if d and hangul.get(d, d) not in movie.directors and d not in movie.directors:
            problems.append(f"director {d}")
    for g in reason_check.genre_words(reason):  # genre words, not "history" in "a history like yours"
        if g not in movie.genres and not any(g in s.genres for s in seeds):
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


# What a reason can tell beyond the filter, by kind: the offline templates (core/facts.py) and the usual wording
# of a model. Links (a shared director, "viewers like you") are not facts beyond the filter: they are the link.
FACT_PATTERNS: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "critics": r"\d+% of \d+ critics|평론가 \d+명 중 \d+%",
    "career": r"films? in this catalog|카탈로그에 있는 .+ 중",
    "among": r"of these \d+|이번 \d+편 중",
    "rarity": r"only \d+ films from|the only film from|편뿐이에요|유일한 .+ 영화",
    "oscar": r"oscar winner|oscar-nominated|won an oscar|아카데미상 (?:수상작|후보)",
    "metacritic": r"metacritic|메타크리틱",
    "runtime": r"runs \d+ minutes|상영 시간은 \d+분",
}.items()}


def beyond_filter(reason: str, movie: Movie, filters: Filters) -> list[str]:
    """The fact kinds in `reason` that do not restate the request's filters ("an Oscar winner" for "Oscar
    winners", a runtime for "under 2 hours", a critics' share for "well reviewed" do)."""
    kinds = [k for k, p in FACT_PATTERNS.items() if p.search(reason)]
    for text in (movie.overview, movie.overview_ko):
        if (about := first_sentence(text)) and about in reason:
            kinds.append("overview")
    return [k for k in kinds if not (k in RESTATING and RESTATING[k](filters))]


def classify(reason: str, movie: Movie, filters: Filters, history: dict[str, Movie],
             profile: TasteProfile | None = None, seeds: list[Movie] | None = None,
             known_people: set[str] | None = None) -> dict[str, list[str]]:
    """Every problem in `reason` by class: "unbacked" (check_reason) plus core/reason_check.py's classes."""
    seeds = seeds or []
    found = {"unbacked": check_reason(reason, movie, history, profile, seeds, known_people),
             **reason_check.problems(reason, movie, filters, [*history.values(), *seeds])}
    return {k: v for k, v in found.items() if v}
