"""Embedded catalog: one SQLite file built from the bundled snapshot on first use."""
from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any, Callable

import aiosqlite

from core.catalog.base import Vocabulary
from core.catalog.derived import ALIAS_ROWS, PEOPLE_COUNTS, TITLE_ROWS
from core.catalog.ensure import ensure_catalog, mark_damaged
from core.catalog.reliability import BOKEH, IMDB
from core.errors import StoreUnavailable
from core.models import Candidate, Movie, SearchQuery
from core.understand.names import NameIndex
from core.understand.titles import TitleIndex
from core.sqlite_health import is_damage_error
from core.text import fold, squash, title_key

log = logging.getLogger(__name__)

_PARSED: dict[tuple, Any] = {}  # (path, mtime, size, index name) -> parsed index; see SQLiteCatalog._stored
_COLUMNS = ("id, title, year, runtime, metacritic, critics_meter, reviews, awards, oscars, genres, directors, "
            "actors, countries, languages, quality, imdb_rating, imdb_votes")


_ENRICHED = ", e.overview, e.overview_ko, e.title_ko, e.poster_path, e.keywords"


def _movie(row, source: str | None = None) -> Movie:
    """A catalog row as a Movie (pydantic's validating constructor is faster than model_construct here).

    `source`: the file's `meta` source; None for a file built before it (then only an IMDb build, which has votes,
    can be that old: an embedded one is rebuilt on open)."""
    fields = dict(
        catalog_source=source if source is not None else (IMDB if row[16] is not None else BOKEH),
        id=row[0], title=row[1], year=row[2], runtime=row[3], metacritic=row[4], critics_meter=row[5],
        reviews=row[6], awards=row[7], oscars=row[8] or 0, genres=json.loads(row[9]),
        directors=json.loads(row[10]), cast=json.loads(row[11]), countries=json.loads(row[12]),
        languages=json.loads(row[13]), imdb_rating=row[15], imdb_votes=row[16],
    )
    if len(row) > 17:  # the TMDB columns, when the catalog was enriched
        fields.update(overview=row[17], overview_ko=row[18], title_ko=row[19], poster_path=row[20],
                      keywords=json.loads(row[21] or "[]"))
    return Movie(**fields)


def _in(values: list[str]) -> str:
    return ",".join("?" * len(values))


def build_where(query: SearchQuery, bits: dict[str, int]) -> tuple[str, list, str, list]:
    """Pure translation of a query into SQL: (where, params, extra score expression, its params).

    Filters are written as `m.id IN (indexed subquery)` so SQLite can start from the most selective one.
    """
    f = query.filters
    where: list[str] = []
    params: list = []
    score: list[str] = []
    score_params: list = []
    for role, names in (("director", f.directors), ("actor", f.actors)):
        if names:
            keys = [squash(n) for n in names]
            where.append(
                f"m.id IN (SELECT movie_id FROM people WHERE role = ? AND name_key IN ({_in(keys)}) "
                f"UNION SELECT movie_id FROM people WHERE role = ? AND last_key IN ({_in(keys)}))"
            )
            params += [role, *keys, role, *keys]
    asked = [bits.get(squash(g)) for g in f.genres]
    if f.genres:
        mask = sum(1 << b for b in asked if b is not None)
        if f.genre_mode == "all" and None in asked:
            mask = -1  # a genre the catalog doesn't have: nothing can match them all
        where.append("(m.genre_mask & ?) = ?" if f.genre_mode == "all" else "(m.genre_mask & ?) != 0")
        params += [mask, mask] if f.genre_mode == "all" else [mask]
        # More of the asked-for genres ranks higher: "crime thriller" prefers films that are both.
        score += [f"0.15 * ((m.genre_mask >> {b}) & 1)" for b in asked if b is not None]
    if f.exclude_genres:
        ex = sum(1 << bits[k] for k in (squash(g) for g in f.exclude_genres) if k in bits)
        where.append("(m.genre_mask & ?) = 0")
        params.append(ex)
    for kind, values in (("country", f.countries), ("primary_language", f.languages)):
        if values:
            keys = [squash(v) for v in values]
            where.append(f"m.id IN (SELECT movie_id FROM tags WHERE kind = ? AND value_key IN ({_in(keys)}))")
            params += [kind, *keys]
    if f.year_min is not None:
        where.append("m.year >= ?")
        params.append(f.year_min)
    if f.year_max is not None:
        where.append("m.year <= ?")
        params.append(f.year_max)
    if f.max_runtime is not None:
        where.append("m.runtime IS NOT NULL AND m.runtime <= ?")
        params.append(f.max_runtime)
    if f.min_runtime is not None:
        where.append("m.runtime IS NOT NULL AND m.runtime >= ?")
        params.append(f.min_runtime)
    if f.oscar == "won":
        where.append("m.oscars > 0")
    elif f.oscar == "nominated":
        where.append("(m.oscars > 0 OR m.awards LIKE '%Oscar%')")
    if f.min_critic_score is not None:
        where.append("COALESCE(m.metacritic, m.critics_meter) >= ?")
        params.append(f.min_critic_score)
    if f.exclude_titles:
        keys = [title_key(t) for t in f.exclude_titles]
        where.append(f"m.title_key NOT IN ({_in(keys)})")
        params += keys
    if query.exclude_ids:
        where.append(f"m.id NOT IN ({_in(query.exclude_ids)})")
        params += query.exclude_ids
    return " AND ".join(where) or "1", params, " + ".join(score) or "0", score_params


class SQLiteCatalog:
    def __init__(self, db: aiosqlite.Connection, path: Path):
        self._db = db
        self.path = path
        self._vocab: Vocabulary | None = None
        self._movies: dict[str, Movie] = {}  # parsed rows: search returns ids, facts come from here
        self._bits: dict[str, int] | None = None
        self._enriched: bool | None = None  # whether the file has TMDB data (catalog enrich --tmdb)
        self._source: str | None = None  # the `meta` source (None: a file built before it)
        self._source_read = False
        self._rebuilding = asyncio.Lock()
        self._loading = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> "SQLiteCatalog":
        """Open the catalog, building it from the bundled snapshot first if it is missing, old or damaged."""
        path = Path(path)
        await asyncio.to_thread(ensure_catalog, path)
        try:
            db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True)
        except Exception as exc:  # pragma: no cover - depends on the filesystem
            raise StoreUnavailable(f"cannot open catalog {path}: {exc}") from exc
        return cls(db, path)

    async def _fetch(self, sql: str, params, retry: bool = True) -> list:
        db = self._db
        try:
            async with db.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except Exception as exc:
            if retry and is_damage_error(exc):
                await self._rebuild(db, str(exc))
                return await self._fetch(sql, params, retry=False)
            raise StoreUnavailable(f"catalog query failed: {exc}") from exc

    async def _rebuild(self, failed: aiosqlite.Connection, detail: str) -> None:
        """Bad pages under a running process: rebuild the file (single-flight), reopen it, answer the query."""
        async with self._rebuilding:
            if self._db is not failed:  # another coroutine already rebuilt and reopened
                return
            mark_damaged(self.path, detail)
            await asyncio.to_thread(ensure_catalog, self.path)
            try:
                self._db = await aiosqlite.connect(f"file:{self.path}?mode=ro", uri=True)
            except Exception as exc:  # pragma: no cover - depends on the filesystem
                raise StoreUnavailable(f"cannot reopen catalog {self.path}: {exc}") from exc
            self._bits, self._vocab, self._enriched = None, None, None
            self._source_read = False
            await failed.close()

    async def search(self, query: SearchQuery) -> list[Candidate]:
        if self._bits is None:
            self._bits = dict(await self._fetch("SELECT genre_key, bit FROM genre_bits", []))
        where, params, score, score_params = build_where(query, self._bits)
        text = fold(query.filters.text or "")
        if text:
            # Every word must appear somewhere (title, people, genres); bm25 orders by relevance.
            match = " ".join(f'"{w}"' for w in text.split())
            sql = (f"SELECT m.id, m.quality + {score} - 0.05 * bm25(movies_fts, 0, 10, 2, 1) AS s "
                   f"FROM movies_fts JOIN movies m ON m.id = movies_fts.id "
                   f"WHERE movies_fts MATCH ? AND {where} ORDER BY s DESC LIMIT ?")
            all_params = [*score_params, match, *params, query.limit]
        elif query.filters.is_empty():  # "popular": walk the quality index instead of scoring every film
            sql = f"SELECT m.id, m.quality AS s FROM movies m WHERE {where} ORDER BY m.quality DESC LIMIT ?"
            all_params = [*params, query.limit]
        else:
            sql = (f"SELECT m.id, m.quality + {score} AS s "
                   f"FROM movies m WHERE {where} ORDER BY s DESC LIMIT ?")
            all_params = [*score_params, *params, query.limit]
        rows = await self._fetch(sql, all_params)
        movies = await self.get_many([r[0] for r in rows])
        return [Candidate(movie=movies[r[0]], score=float(r[1]), source="catalog") for r in rows]

    async def titles(self) -> list[tuple[str, str, int | None, float]]:
        """(id, title, year, quality) of every film: feeds the in-memory fuzzy title index."""
        return [tuple(r) for r in await self._fetch(TITLE_ROWS, [])]

    async def aliases(self) -> list[tuple[str, str]]:
        """(movie id, localized title) pairs: IMDb akas and TMDB Korean titles, for the fuzzy title index."""
        return [tuple(r) for r in await self._fetch(ALIAS_ROWS, [])]

    async def get_many(self, ids: list[str]) -> dict[str, Movie]:
        missing = [i for i in dict.fromkeys(ids) if i not in self._movies]
        if missing and self._enriched is None:
            self._enriched = bool(await self._fetch(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='enrichment'", []))
        if missing and not self._source_read:
            has_meta = await self._fetch("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'", [])
            rows = await self._fetch("SELECT value FROM meta WHERE key = 'source'", []) if has_meta else []
            self._source, self._source_read = (rows[0][0] if rows else None), True
        columns = ", ".join(f"m.{c.strip()}" for c in _COLUMNS.split(",")) + (_ENRICHED if self._enriched else "")
        join = " LEFT JOIN enrichment e ON e.movie_id = m.id" if self._enriched else ""
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            rows = await self._fetch(f"SELECT {columns} FROM movies m{join} WHERE m.id IN ({_in(chunk)})", chunk)
            aliases: dict[str, list[str]] = {}
            for movie_id, alias in await self._fetch(
                    f"SELECT movie_id, title FROM aliases WHERE movie_id IN ({_in(chunk)})", chunk):
                aliases.setdefault(movie_id, []).append(alias)  # IMDb akas, then TMDB's title: Korean titles
            for r in rows:
                movie = _movie(r, self._source)
                movie.aliases = aliases.get(r[0], [])
                self._movies[r[0]] = movie
        return {i: self._movies[i] for i in ids if i in self._movies}

    async def find_titles(self, title: str, year: int | None = None, limit: int = 5) -> list[Movie]:
        key = title_key(title)
        if not key:
            return []
        year_sql, year_params = ("AND year BETWEEN ? AND ?", [year - 1, year + 1]) if year else ("", [])
        rows = await self._fetch(
            f"SELECT id, MIN(r) AS r FROM ("
            f"SELECT id, CASE WHEN title_key = ? THEN 0 WHEN title_key LIKE ? THEN 1 ELSE 2 END AS r, quality, year "
            f"FROM movies WHERE (title_key = ? OR title_key LIKE ?) UNION ALL "
            f"SELECT m.id, CASE WHEN a.title_key = ? THEN 0 WHEN a.title_key LIKE ? THEN 1 ELSE 2 END, m.quality, m.year "
            f"FROM aliases a JOIN movies m ON m.id = a.movie_id WHERE (a.title_key = ? OR a.title_key LIKE ?)"
            f") WHERE 1 {year_sql} GROUP BY id ORDER BY r, MAX(quality) DESC LIMIT ?",
            [key, key + "%", key, f"%{key}%", key, key + "%", key, f"%{key}%", *year_params, limit],
        )
        movies = await self.get_many([r[0] for r in rows])
        return [movies[r[0]] for r in rows]

    async def vocabulary(self) -> Vocabulary:
        async with self._loading:  # 50 first requests at once must not run the same GROUP BYs 50 times
            if self._vocab is None:
                self._vocab = await self._read_vocabulary()
        return self._vocab

    async def _read_vocabulary(self) -> Vocabulary:
        v = Vocabulary()
        if names := await self.stored_name_index():  # the same counts, without a second GROUP BY of ~1 s
            v.directors, v.actors = names.directors, names.actors
        else:
            for role, target in (("director", v.directors), ("actor", v.actors)):
                for name, n in await self._fetch(PEOPLE_COUNTS, [role]):
                    target[name] = n
        for kind, target in (("genre", v.genres), ("country", v.countries), ("language", v.languages)):
            for name, n in await self._fetch("SELECT value, COUNT(*) FROM tags WHERE kind = ? GROUP BY value",
                                             [kind]):
                target[name] = n
        return v

    async def _stored(self, name: str, parse: Callable[[str], Any]) -> Any:
        """A stored index (core.catalog.derived), parsed; None for an older file or another version. Parsed
        indexes are shared by every catalog object on the same unchanged file in this process (tests, reconnects)."""
        try:
            st = self.path.stat()
            key: tuple | None = (str(self.path), st.st_mtime_ns, st.st_size, name)
        except OSError:
            key = None
        if key in _PARSED:
            return _PARSED[key]
        if not await self._fetch("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'derived'", []):
            return None
        rows = await self._fetch("SELECT data FROM derived WHERE name = ?", [name])
        parsed = parse(rows[0][0]) if rows else None
        if key is not None and parsed is not None:
            while len(_PARSED) >= 8:
                _PARSED.pop(next(iter(_PARSED)))
            _PARSED[key] = parsed
        return parsed

    async def stored_name_index(self) -> NameIndex | None:
        return await self._stored(NameIndex.VERSION, NameIndex.from_json)

    async def stored_title_index(self) -> TitleIndex | None:
        return await self._stored(TitleIndex.VERSION, TitleIndex.from_json)

    async def count(self) -> int:
        return (await self._fetch("SELECT COUNT(*) FROM movies", []))[0][0]

    async def close(self) -> None:
        await self._db.close()
