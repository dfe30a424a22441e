"""Build the project's SQLite catalog from the bokeh-sampledata Wikidata snapshot (17,472 films)."""
from __future__ import annotations

import bisect
import functools
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

from core.atomic import atomic_write
from core.catalog import derived, enrichment
from core.catalog.prominence import order_cast
from core.catalog.reliability import BOKEH
from core.models import Movie
from core.text import fold, split_list, squash, title_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4  # bump when SCHEMA changes: older catalog files are rebuilt on open
# movies_filter covers the usual filters and the score (years, genres, runtime, quality): a filtered search reads
# that narrow index instead of the wide rows (300k films: genre+decade 19.5 ms -> 1 ms). Files built before it
# still work, only slower, so it needed no version bump; the same holds for aliases_movie (a film's Korean titles).
SCHEMA = """
CREATE TABLE movies (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_key TEXT NOT NULL, year INTEGER, runtime INTEGER,
    metacritic INTEGER, critics_meter INTEGER, reviews INTEGER, awards TEXT, oscars INTEGER,
    genres TEXT, directors TEXT, actors TEXT, countries TEXT, languages TEXT, quality REAL NOT NULL,
    genre_mask INTEGER NOT NULL, imdb_rating REAL, imdb_votes INTEGER
);
CREATE TABLE aliases (movie_id TEXT NOT NULL, title TEXT NOT NULL, title_key TEXT NOT NULL);
CREATE TABLE genre_bits (genre_key TEXT PRIMARY KEY, bit INTEGER NOT NULL);
CREATE TABLE people (movie_id TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL,
                     name_key TEXT NOT NULL, last_key TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE tags (movie_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, value_key TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE movies_fts USING fts5(id UNINDEXED, title, people, tags, tokenize='unicode61 remove_diacritics 2');
"""
# Created after the rows are in: maintaining them row by row was most of the build time.
INDEXES = """
CREATE INDEX aliases_key ON aliases(title_key, movie_id);
CREATE INDEX aliases_movie ON aliases(movie_id);
CREATE INDEX people_key ON people(role, name_key, movie_id);
CREATE INDEX people_last ON people(role, last_key, movie_id);
CREATE INDEX people_movie ON people(movie_id, role, position);
CREATE INDEX tags_key ON tags(kind, value_key, movie_id);
CREATE INDEX movies_title ON movies(title_key);
CREATE INDEX movies_filter ON movies(year, genre_mask, runtime, quality, id);
CREATE INDEX movies_quality ON movies(quality DESC);
"""
# `meta` names the source (core/catalog/reliability.py) and the cast order. A file without it predates both:
# an embedded (bokeh) one has alphabetical cast lists and is rebuilt on open (ensure.py); an IMDb-built one is
# kept, its cast being in billing order already. So no version bump, which would throw IMDb catalogs away.


# Who hears about a build's progress (done, total): the CLI shows a line and a bar. A ContextVar reaches the
# builder through asyncio.to_thread, so the catalog never needs to know about terminals.
build_progress: ContextVar[Callable[[int, int], None] | None] = ContextVar("build_progress", default=None)


def source_db() -> Path:
    """movies.db inside the installed bokeh-sampledata wheel: no download at run time."""
    return Path(str(resources.files("bokeh_sampledata") / "_data" / "movies.db"))


def quality_scores(movies: list[Movie]) -> dict[str, float]:
    """0..1 prior per film: critics' verdict, popularity *within its decade*, and Academy Awards.

    Review counts grew tenfold from the 1950s to the 2000s, so raw counts would rank any 2005-2014 film above
    a classic. Popularity is therefore the film's percentile among films of the same decade; the critic score is
    shrunk toward 50 when few critics reviewed it; Oscar wins and nominations add a little.
    """
    by_decade: dict[int, list[int]] = {}
    for m in movies:
        by_decade.setdefault((m.year or 0) // 10, []).append(m.reviews or 0)
    for counts in by_decade.values():
        counts.sort()
    scores = {}
    for m in movies:
        n = m.reviews or 0
        counts = by_decade[(m.year or 0) // 10]
        percentile = bisect.bisect_left(counts, n) / max(len(counts) - 1, 1)
        critic = m.critic_score if m.critic_score is not None else 50
        shrunk = (critic * n + 50 * 10) / (n + 10)
        awards = min(m.oscars, 3) / 3 * 0.7 + (0.3 if oscar_nominated(m) else 0.0)
        scores[m.id] = round(0.55 * shrunk / 100 + 0.35 * percentile + 0.10 * awards, 6)
    return scores


def oscar_nominated(m: Movie) -> bool:
    """OMDb's awards text: "Won 4 Oscars. ..." or "Nominated for 3 Oscars. ..."."""
    return m.oscars > 0 or bool(m.awards and "Oscar" in m.awards)


def _int(v) -> int | None:
    try:
        return int(v) if v is not None and v != "" else None
    except (TypeError, ValueError):
        return None


def read_source(path: Path | None = None) -> list[Movie]:
    src = sqlite3.connect(f"file:{path or source_db()}?mode=ro", uri=True)
    rows = src.execute(
        """SELECT o.imdbID, o.Title, o.Year, o.Runtime, o.Genre, o.Director, o.Cast, o.Metacritic,
                  o.Language, o.Country, o.Awards, o.Oscars, t.Meter, t.Reviews
           FROM omdb o LEFT JOIN tomatoes t ON t.ID = o.ID WHERE o.imdbID IS NOT NULL AND o.Title IS NOT NULL"""
    ).fetchall()
    src.close()
    movies: dict[str, Movie] = {}
    for r in rows:
        if r[0] in movies:
            continue
        movies[r[0]] = Movie(
            id=r[0], title=r[1], year=_int(r[2]), runtime=_int(r[3]), genres=split_list(r[4]),
            directors=split_list(r[5]), cast=split_list(r[6]), metacritic=_int(r[7]),
            languages=split_list(r[8]), countries=split_list(r[9]), awards=r[10] or None,
            oscars=_int(r[11]) or 0, critics_meter=_int(r[12]), reviews=_int(r[13]),
        )
    return list(movies.values())


def build_catalog(dest: Path, source: Path | None = None) -> int:
    """Write a fresh catalog to `dest` atomically (build in a temp file, then rename).

    The snapshot's cast lists are alphabetical: they are stored in derived prominence order (prominence.py)."""
    movies = read_source(source)
    scores = quality_scores(movies)
    return build_catalog_from_movies(dest, order_cast(movies, scores), scores, source=BOKEH)


def build_catalog_from_movies(dest: Path, movies: list[Movie], scores: dict[str, float] | None = None,
                              source: str = "") -> int:
    """Write a catalog holding exactly `movies` to `dest` atomically (tests, subsets, other sources).

    `source` names where the rows come from (core/catalog/reliability.py); "" is treated as the least reliable."""
    started = time.perf_counter()
    with atomic_write(dest) as tmp:  # a private temp file per builder, renamed over `dest` on success
        _write_catalog(tmp, movies, scores, source)
        db = sqlite3.connect(tmp)
        try:  # TMDB data fetched for the old file survives a rebuild from newer files
            db.execute(enrichment.TABLE)
            enrichment.carry_over(dest, db)
            derived.store_title_index(db)  # after the carried-over Korean titles
            db.commit()
        finally:
            db.close()
    log.info("built catalog %s: %d movies in %.1fs", dest, len(movies), time.perf_counter() - started)
    return len(movies)


def _write_catalog(tmp: Path, movies: list[Movie], scores: dict[str, float] | None = None,
                   source: str = "") -> None:
    """`scores`: a source's own quality prior (IMDb builds pass theirs); the bokeh formula otherwise."""
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    scores = scores if scores is not None else quality_scores(movies)
    # Genres are few (~21): a bitmask per movie makes genre filters and match counts plain arithmetic.
    bits = {g: i for i, g in enumerate(sorted({squash(g) for m in movies for g in m.genres}))}
    db.executemany("INSERT INTO genre_bits VALUES (?,?)", list(bits.items()))
    report = build_progress.get()
    key = functools.lru_cache(maxsize=100_000)(squash)  # a name recurs in many films: fold it once
    rows: dict[str, list[tuple]] = {"movies": [], "people": [], "tags": [], "movies_fts": []}

    def flush() -> None:  # a statement per table and batch: per-film statements were half the build time
        for table, values in rows.items():
            if values:
                db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(values[0]))})", values)
                values.clear()

    for n, m in enumerate(movies):
        if n % 2000 == 0:  # batches bound the memory (300k films hold ~5M people rows)
            flush()
            if report:
                report(n, len(movies))
        mask = sum(1 << bits[key(g)] for g in set(m.genres))
        rows["movies"].append(
            (m.id, m.title, title_key(m.title), m.year, m.runtime, m.metacritic, m.critics_meter, m.reviews,
             m.awards, m.oscars, json.dumps(m.genres), json.dumps(m.directors), json.dumps(m.cast),
             json.dumps(m.countries), json.dumps(m.languages),
             scores[m.id], mask, m.imdb_rating, m.imdb_votes),
        )
        _write_aliases(db, m)
        people = [("director", n, i) for i, n in enumerate(m.directors)] + [
            ("actor", n, i) for i, n in enumerate(m.cast)]
        rows["people"] += [(m.id, role, n, key(n), key(n.split()[-1]) if n.split() else "", i)
                           for role, n, i in people]
        tags = [("genre", g) for g in m.genres] + [("country", c) for c in m.countries] + [
            ("language", lang) for lang in m.languages] + [("primary_language", lang) for lang in m.languages[:1]]
        rows["tags"] += [(m.id, k, v, key(v)) for k, v in tags]
        rows["movies_fts"].append(
            (m.id, fold(m.title), fold(" ".join(m.directors + m.cast)), fold(" ".join(m.genres + m.countries))))
    flush()
    db.executescript(INDEXES)
    db.executemany("INSERT INTO meta VALUES (?,?)", [("source", source)])
    derived.store_name_index(db)
    if report:
        report(len(movies), len(movies))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.commit()
    db.execute("ANALYZE")
    db.close()


def _write_aliases(db: sqlite3.Connection, m: Movie) -> None:
    """Localized titles (Korean etc.) as searchable keys: "기생충" finds Parasite through find_titles."""
    keys = {title_key(m.title)}
    rows = []
    for alias in m.aliases:
        key = title_key(alias)
        if key and key not in keys:
            keys.add(key)
            rows.append((m.id, alias, key))
    db.executemany("INSERT INTO aliases VALUES (?,?,?)", rows)
