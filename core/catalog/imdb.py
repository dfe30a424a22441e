"""Build a current catalog from IMDb's non-commercial datasets (https://datasets.imdbws.com/).

The files are tab-separated, `\\N` means null and there is no quoting. They are large (title.principals has tens
of millions of rows), so every file is streamed and memory stays bounded: a first pass over ratings and basics
selects the kept tconsts, later passes keep only rows for those, and names are kept only for needed nconsts.
Movie ids stay IMDb tt-ids, so history and MovieLens-mapped SASRec items survive a rebuild.
"""
from __future__ import annotations

import gzip
import io
import logging
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.catalog.build import build_catalog_from_movies
from core.catalog.reliability import IMDB
from core.models import Movie

log = logging.getLogger(__name__)

FILES = ("title.basics", "title.ratings", "title.crew", "title.principals", "name.basics", "title.akas")
CAST_CATEGORIES = frozenset({"actor", "actress", "self"})
ALIAS_REGIONS = frozenset({"KR"})
ALIAS_LANGUAGES = frozenset({"ko"})
MAX_CAST = 10


@dataclass
class ImdbOptions:
    min_votes: int = 5000  # ~40k films on the 2024-2026 files
    title_types: frozenset[str] = frozenset({"movie"})
    progress: bool = False


@dataclass
class _Film:
    title: str
    year: int | None
    runtime: int | None
    genres: list[str]
    rating: float | None = None
    votes: int | None = None
    directors: list[str] = field(default_factory=list)
    cast: list[tuple[int, str]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


class ImdbFormatError(ValueError):
    """A dataset file is missing or lacks the documented columns."""


def find_file(directory: Path, name: str) -> Path:
    for candidate in (directory / f"{name}.tsv.gz", directory / f"{name}.tsv"):
        if candidate.exists():
            return candidate
    raise ImdbFormatError(f"{name}.tsv(.gz) not found in {directory}")


def read_tsv(path: Path, columns: tuple[str, ...], progress: bool = False) -> Iterator[list[str | None]]:
    """Yield the wanted `columns` of each row, `\\N` as None. Splits on tabs: IMDb files are never quoted."""
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        try:
            idx = [header.index(c) for c in columns]
        except ValueError as e:
            raise ImdbFormatError(f"{path.name}: missing column ({e})") from None
        rows = fh
        if progress:
            from tqdm import tqdm
            rows = tqdm(fh, desc=path.name, unit=" rows", unit_scale=True, file=sys.stderr)
        for line in rows:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < len(header):
                continue  # a truncated last line: skip, never crash
            yield [None if parts[i] == "\\N" else parts[i] for i in idx]


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v else None
    except ValueError:
        return None


def read_imdb(directory: Path, options: ImdbOptions | None = None) -> list[Movie]:
    opts = options or ImdbOptions()
    p = opts.progress
    ratings: dict[str, tuple[float, int]] = {}
    for tconst, avg, votes in read_tsv(find_file(directory, "title.ratings"), ("tconst", "averageRating", "numVotes"), p):
        n = _int(votes) or 0
        if tconst and n >= opts.min_votes:
            ratings[tconst] = (float(avg or 0), n)
    films: dict[str, _Film] = {}
    basics = ("tconst", "titleType", "primaryTitle", "isAdult", "startYear", "runtimeMinutes", "genres")
    for tconst, ttype, title, adult, year, runtime, genres in read_tsv(find_file(directory, "title.basics"), basics, p):
        if tconst in ratings and ttype in opts.title_types and adult != "1" and title:
            rating, n_votes = ratings[tconst]
            films[tconst] = _Film(title, _int(year), _int(runtime), genres.split(",") if genres else [], rating,
                                  n_votes)
    del ratings
    director_ids: dict[str, list[str]] = {}
    for tconst, crew in read_tsv(find_file(directory, "title.crew"), ("tconst", "directors"), p):
        if tconst in films and crew:
            director_ids[tconst] = crew.split(",")
    cast_ids: dict[str, list[tuple[int, str]]] = {}
    principals = ("tconst", "ordering", "nconst", "category")
    for tconst, ordering, nconst, category in read_tsv(find_file(directory, "title.principals"), principals, p):
        if tconst in films and category in CAST_CATEGORIES and nconst:
            cast_ids.setdefault(tconst, []).append((_int(ordering) or 0, nconst))
    needed = {n for ids in director_ids.values() for n in ids} | {n for c in cast_ids.values() for _, n in c}
    names: dict[str, str] = {}
    for nconst, name in read_tsv(find_file(directory, "name.basics"), ("nconst", "primaryName"), p):
        if nconst in needed and name:
            names[nconst] = name
    del needed
    akas = ("titleId", "title", "region", "language")
    for tconst, title, region, language in read_tsv(find_file(directory, "title.akas"), akas, p):
        film = films.get(tconst or "")
        if film and title and (region in ALIAS_REGIONS or language in ALIAS_LANGUAGES) and title not in film.aliases:
            film.aliases.append(title)
    movies = []
    for tconst, f in films.items():
        cast = [names[n] for _, n in sorted(cast_ids.get(tconst, []))[:MAX_CAST] if n in names]
        directors = [names[n] for n in director_ids.get(tconst, []) if n in names]
        movies.append(Movie(id=tconst, title=f.title, year=f.year, runtime=f.runtime, genres=f.genres,
                            directors=directors, cast=cast, imdb_rating=f.rating, imdb_votes=f.votes,
                            aliases=f.aliases))
    return movies


def imdb_quality(movies: list[Movie], prior_votes: int = 25000) -> dict[str, float]:
    """0..1 prior from IMDb: a Bayesian-weighted rating (shrunk toward the mean with `prior_votes` pseudo-votes,
    so a 9.5 from 300 votes does not beat a 8.6 from 2M) for 75%, and log-scaled votes (popularity) for 25%."""
    rated = [m for m in movies if m.imdb_rating is not None]
    mean = sum(m.imdb_rating or 0 for m in rated) / len(rated) if rated else 6.5
    top = math.log1p(max((m.imdb_votes or 0 for m in movies), default=1) or 1)
    scores = {}
    for m in movies:
        v = m.imdb_votes or 0
        weighted = (v * (m.imdb_rating or mean) + prior_votes * mean) / (v + prior_votes)
        scores[m.id] = round(0.75 * weighted / 10 + 0.25 * math.log1p(v) / top, 6)
    return scores


def build_imdb_catalog(dest: Path, directory: Path, options: ImdbOptions | None = None) -> int:
    """Stream the IMDb files in `directory` into a catalog at `dest` (atomic: a failure leaves `dest` as it was)."""
    movies = read_imdb(directory, options)
    if not movies:
        raise ImdbFormatError(f"no films kept from {directory}: check the files and --min-votes")
    return build_catalog_from_movies(dest, movies, imdb_quality(movies), source=IMDB)
