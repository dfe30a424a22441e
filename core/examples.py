"""The model's own film knowledge as candidates: `Understanding.examples` ("Title (Year)") grounded in the catalog.

A model knows which films are about zombies, heists or time loops; the catalog can only search metadata. The
understand stage may name up to 10 such films. Each is looked up with the same forgiving title matcher as "like X"
(typos, a trailing year, Korean titles); one the catalog lacks, or whose year disagrees with the match (a remake,
a film after the catalog's range), is dropped. The request's hard filters still apply, and films the user logged
are never offered again. What survives joins the candidates with source "llm" (core/retrieve.py), so the rank stage still chooses
only among catalog ids.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from core.catalog.base import Catalog
from core.models import Filters, Movie
from core.moods import search_filters
from core.text import squash, title_key
from core.understand.titles import TitleIndex

log = logging.getLogger(__name__)
_YEAR = re.compile(r"\(?\b(1[89]\d\d|20\d\d)\b\)?\s*$")
YEAR_SLACK = 1  # release years differ by one between sources; more is another film


@dataclass
class Grounded:
    """The examples the catalog holds and the request allows, in the model's order, and what happened to the rest."""
    movies: list[Movie] = field(default_factory=list)
    asked: int = 0  # examples the model gave
    found: int = 0  # of those, films the catalog holds (before the filters and the history)
    dropped: dict[str, list[str]] = field(default_factory=dict)  # why -> the examples

    def drop(self, why: str, example: str) -> None:
        self.dropped.setdefault(why, []).append(example)

    @property
    def label(self) -> str:
        """What the reply's engine says about them: "llm examples (4 of 6 found)"."""
        return f"llm examples ({self.found} of {self.asked} found)"


def _year(text: str) -> int | None:
    m = _YEAR.search(text.strip())
    return int(m.group(1)) if m and len(text.strip()) > len(m.group(0)) else None


def _people(names: list[str]) -> set[str]:
    return {squash(n) for n in names}


def fits(movie: Movie, f: Filters) -> bool:
    """The catalog search's hard filters (core/catalog/sqlite.py `_where`), checked on one film. Moods add their
    hard part (core/moods.search_filters: "kids" never shows horror); "like X" is not a filter."""
    f = search_filters(f)
    cast, crew = _people(movie.cast), _people(movie.directors)
    last = lambda names: {squash(n.split()[-1]) for n in names if n.split()}  # noqa: E731 - "Kubrick"
    if f.directors and not (_people(f.directors) & (crew | last(movie.directors))):
        return False
    if f.actors and not (_people(f.actors) & (cast | last(movie.cast))):
        return False
    genres = {squash(g) for g in movie.genres}
    asked = {squash(g) for g in f.genres}
    if asked and not (asked <= genres if f.genre_mode == "all" else asked & genres):
        return False
    if {squash(g) for g in f.exclude_genres} & genres:
        return False
    if f.year_min is not None and not (movie.year and movie.year >= f.year_min):
        return False
    if f.year_max is not None and not (movie.year and movie.year <= f.year_max):
        return False
    if f.countries and not ({squash(c) for c in f.countries} & {squash(c) for c in movie.countries}):
        return False
    if f.languages and not (movie.languages and squash(movie.languages[0]) in {squash(x) for x in f.languages}):
        return False
    if f.max_runtime is not None and not (movie.runtime and movie.runtime <= f.max_runtime):
        return False
    if f.min_runtime is not None and not (movie.runtime and movie.runtime >= f.min_runtime):
        return False
    if f.oscar == "won" and not movie.oscars:
        return False
    if f.oscar == "nominated" and not (movie.oscars or "oscar" in (movie.awards or "").lower()):
        return False
    score = movie.metacritic if movie.metacritic is not None else movie.critics_meter
    if f.min_critic_score is not None and not (score is not None and score >= f.min_critic_score):
        return False
    if title_key(movie.title) in {title_key(t) for t in f.exclude_titles}:
        return False
    if _people(f.exclude_people) & (cast | crew):
        return False
    return True


async def ground(examples: list[str], catalog: Catalog, index: Callable[[], Awaitable[TitleIndex | None]],
                 filters: Filters, exclude_ids: set[str]) -> Grounded:
    """Each example to a catalog film, or dropped with the reason (logged, never shown: a model's guess the
    catalog lacks is not the user's problem)."""
    out = Grounded(asked=len(examples))
    titles = await index()
    seen: set[str] = set()
    ids: list[str] = []
    for example in examples:
        year = _year(example)
        if titles is not None:
            match = titles.match(example)
            hit = match.best if match else None
            hit_id, hit_year = (hit.id, hit.year) if hit else (None, None)
        else:  # a backend without a title list (Elasticsearch): the exact title through find_titles
            bare = _YEAR.sub("", example).strip() if year else example
            hits = [m for m in await catalog.find_titles(bare, year=year, limit=5)
                    if title_key(m.title) == title_key(bare)]
            hit_id, hit_year = (hits[0].id, hits[0].year) if hits else (None, None)
        if hit_id is None or (year and hit_year and abs(hit_year - year) > YEAR_SLACK):
            out.drop("not in the catalog", example)
            continue
        out.found += 1
        if hit_id in seen:
            continue
        if hit_id in exclude_ids:
            out.drop("seen or asked about", example)
            continue
        seen.add(hit_id)
        ids.append(hit_id)
    movies = await catalog.get_many(ids) if ids else {}
    for movie_id in ids:
        movie = movies.get(movie_id)
        if movie is None:
            continue
        if not fits(movie, filters):
            out.drop("outside the request's filters", movie.label)
            continue
        out.movies.append(movie)
    if out.dropped:
        log.info("understand: examples dropped: %s", "; ".join(f"{why}: {', '.join(e)}"
                                                               for why, e in out.dropped.items()))
    return out
