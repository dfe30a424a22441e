"""TMDB enrichment stored inside the catalog file: overview (English, Korean), Korean title, poster, keywords.

A table of its own, created on demand, so a catalog built before it existed stays readable (no schema bump and
no rebuild that would throw away an IMDb catalog), and a rebuild from newer IMDb files carries the rows over:
nothing fetched from TMDB is fetched twice. The Korean title also becomes a searchable alias (find_titles, the
fuzzy title index, full-text search).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from core.catalog import derived
from core.text import fold, title_key

TABLE = """
CREATE TABLE IF NOT EXISTS enrichment (
    movie_id TEXT PRIMARY KEY, status TEXT NOT NULL, tmdb_id INTEGER, overview TEXT, overview_ko TEXT,
    title_ko TEXT, poster_path TEXT, keywords TEXT, fetched_at TEXT NOT NULL
)
"""
COLUMNS = ("movie_id", "status", "tmdb_id", "overview", "overview_ko", "title_ko", "poster_path", "keywords",
           "fetched_at")


@dataclass
class Enrichment:
    movie_id: str
    status: str  # "ok" | "not_found": both are final; a failed fetch writes nothing and is retried next run
    fetched_at: str
    tmdb_id: int | None = None
    overview: str | None = None
    overview_ko: str | None = None
    title_ko: str | None = None
    poster_path: str | None = None
    keywords: list[str] = field(default_factory=list)

    def row(self) -> tuple:
        return (self.movie_id, self.status, self.tmdb_id, self.overview, self.overview_ko, self.title_ko,
                self.poster_path, json.dumps(self.keywords, ensure_ascii=False), self.fetched_at)


def has_table(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='enrichment'").fetchone() is not None


def store(db: sqlite3.Connection, items: list[Enrichment]) -> None:
    """Write rows (one transaction, the caller commits) and make each Korean title findable."""
    db.execute(TABLE)
    db.executemany(f"INSERT OR REPLACE INTO enrichment VALUES ({','.join('?' * len(COLUMNS))})",
                   [e.row() for e in items])
    stale_titles = False
    for e in items:
        if not e.title_ko or not title_key(e.title_ko):
            continue
        key = title_key(e.title_ko)
        if db.execute("SELECT 1 FROM aliases WHERE movie_id = ? AND title_key = ?", (e.movie_id, key)).fetchone():
            continue
        db.execute("INSERT INTO aliases VALUES (?,?,?)", (e.movie_id, e.title_ko, key))
        stale_titles = True
        row = db.execute("SELECT title FROM movies_fts WHERE id = ?", (e.movie_id,)).fetchone()
        if row is not None:
            db.execute("UPDATE movies_fts SET title = ? WHERE id = ?", (f"{row[0]} {fold(e.title_ko)}", e.movie_id))
    if stale_titles:  # a stored title index lacks the new Korean titles: readers build one until it is re-stored
        derived.forget_title_index(db)


def carry_over(old: Path, new: sqlite3.Connection) -> int:
    """Copy the enrichment of films still in the catalog from the file being replaced. Returns rows copied."""
    if not old.exists():
        return 0
    try:
        src = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
        try:
            if not has_table(src):
                return 0
            rows = src.execute(f"SELECT {', '.join(COLUMNS)} FROM enrichment").fetchall()
        finally:
            src.close()
    except sqlite3.DatabaseError:  # the old file is damaged: start over, the enrich command refetches
        return 0
    kept = {r[0] for r in new.execute("SELECT id FROM movies")}
    items = [Enrichment(movie_id=r[0], status=r[1], tmdb_id=r[2], overview=r[3], overview_ko=r[4], title_ko=r[5],
                        poster_path=r[6], keywords=json.loads(r[7] or "[]"), fetched_at=r[8])
             for r in rows if r[0] in kept]
    store(new, items)
    return len(items)
