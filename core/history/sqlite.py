"""Embedded history store: aiosqlite in WAL mode, one row per (user, movie, kind)."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path
from typing import AsyncIterator

import aiosqlite

from core.errors import StoreUnavailable
from core.models import Interaction, InteractionKind

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS interactions (
    user_id TEXT NOT NULL, movie_id TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (user_id, movie_id, kind)
);
CREATE INDEX IF NOT EXISTS interactions_recent ON interactions(user_id, created_at DESC);
"""


def _row(r) -> Interaction:
    return Interaction(user_id=r[0], movie_id=r[1], kind=InteractionKind(r[2]), source=r[3],
                       created_at=datetime.fromisoformat(r[4]))


class SQLiteHistoryStore:
    """One connection; aiosqlite serialises its statements on a worker thread, so concurrent
    coroutines never interleave inside a write. WAL lets other processes read meanwhile."""

    def __init__(self, db: aiosqlite.Connection):
        self._db = db
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> "SQLiteHistoryStore":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(path, timeout=30)
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.executescript(SCHEMA)
            await db.commit()
        except Exception as exc:
            raise StoreUnavailable(f"cannot open history store {path}: {exc}") from exc
        return cls(db)

    async def _write(self, sql: str, params) -> int:
        async with self._lock:
            try:
                cur = await self._db.execute(sql, params)
                await self._db.commit()
                return cur.rowcount
            except Exception as exc:
                raise StoreUnavailable(f"history write failed: {exc}") from exc

    async def _read(self, sql: str, params) -> list:
        try:
            async with self._db.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except Exception as exc:
            raise StoreUnavailable(f"history read failed: {exc}") from exc

    async def add(self, interaction: Interaction) -> bool:
        i = interaction
        n = await self._write(
            "INSERT OR IGNORE INTO interactions VALUES (?,?,?,?,?)",
            (i.user_id, i.movie_id, i.kind.value, i.source, i.created_at.isoformat()),
        )
        return n > 0

    async def remove(self, user_id: str, movie_id: str, kind: InteractionKind) -> bool:
        n = await self._write("DELETE FROM interactions WHERE user_id = ? AND movie_id = ? AND kind = ?",
                              (user_id, movie_id, InteractionKind(kind).value))
        return n > 0

    async def recent(self, user_id: str, limit: int = 500) -> list[Interaction]:
        rows = await self._read(
            "SELECT * FROM interactions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            (user_id, limit))
        return [_row(r) for r in rows]

    async def delete_user(self, user_id: str) -> int:
        return await self._write("DELETE FROM interactions WHERE user_id = ?", (user_id,))

    async def export(self) -> AsyncIterator[Interaction]:
        for r in await self._read("SELECT * FROM interactions ORDER BY user_id, created_at, rowid", ()):
            yield _row(r)

    async def close(self) -> None:
        await self._db.close()
