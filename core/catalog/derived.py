"""Indexes derived from the catalog's rows, stored in the catalog file at build time.

Why: every process (each CLI command, each bot start) would otherwise fold ~60k names and ~17k titles again,
about a second of CPU before the first answer. Each index is stored as JSON under its class's VERSION; a file
without the table (built by older code) or with another version is still read, and the index is then built in
memory as before. TMDB enrichment adds Korean titles as aliases, so it re-stores the title index.
"""
from __future__ import annotations

import sqlite3

TABLE = "CREATE TABLE IF NOT EXISTS derived (name TEXT PRIMARY KEY, data TEXT NOT NULL)"
PEOPLE_COUNTS = "SELECT name, COUNT(*) FROM people WHERE role = ? GROUP BY name"  # films per person in a role
TITLE_ROWS = "SELECT id, title, year, quality FROM movies"
ALIAS_ROWS = "SELECT movie_id, title FROM aliases"


def _put(db: sqlite3.Connection, name: str, data: str) -> None:
    db.execute(TABLE)
    db.execute("INSERT OR REPLACE INTO derived VALUES (?, ?)", (name, data))


def store_name_index(db: sqlite3.Connection) -> None:
    from core.catalog.base import Vocabulary
    from core.understand.names import NameIndex

    vocab = Vocabulary(directors=dict(db.execute(PEOPLE_COUNTS, ["director"])),
                       actors=dict(db.execute(PEOPLE_COUNTS, ["actor"])))
    _put(db, NameIndex.VERSION, NameIndex.build(vocab).to_json())


def store_title_index(db: sqlite3.Connection) -> None:
    from core.understand.titles import TitleIndex

    index = TitleIndex.build(db.execute(TITLE_ROWS).fetchall())
    index.add_aliases(db.execute(ALIAS_ROWS).fetchall())
    _put(db, TitleIndex.VERSION, index.to_json())


def forget_title_index(db: sqlite3.Connection) -> None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'derived'").fetchone():
        db.execute("DELETE FROM derived WHERE name LIKE 'titles/%'")
