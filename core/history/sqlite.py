"""Embedded history store: aiosqlite in WAL mode, one row per (user, movie, kind)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import aiosqlite

from core.errors import StoreDamaged, StoreUnavailable
from core.models import Interaction, InteractionKind
from core.sqlite_health import header_problem, is_damage_error, quick_check_problem, retry_busy

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5  # first opens race on CREATE TABLE and the switch to WAL (milliseconds each): wait, but not forever

SCHEMA = """
CREATE TABLE IF NOT EXISTS interactions (
    user_id TEXT NOT NULL, movie_id TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (user_id, movie_id, kind)
);
CREATE INDEX IF NOT EXISTS interactions_recent ON interactions(user_id, created_at DESC);
"""

REMEDY = ("Run `moviebot history repair` to move it aside (a .bak copy is kept, readable rows are copied into "
          "a fresh file), or put back a backup of it.")


def damaged(path: Path, detail: str) -> StoreDamaged:
    return StoreDamaged("history", path, detail, REMEDY)


def _row(r) -> Interaction:
    return Interaction(user_id=r[0], movie_id=r[1], kind=InteractionKind(r[2]), source=r[3],
                       created_at=datetime.fromisoformat(r[4]))


class SQLiteHistoryStore:
    """One connection; aiosqlite serialises its statements on a worker thread, so concurrent
    coroutines never interleave inside a write. WAL lets other processes read meanwhile."""

    def __init__(self, db: aiosqlite.Connection, path: Path | None = None):
        self._db = db
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> SQLiteHistoryStore:
        """Open (creating if new) and check the file; StoreDamaged, at once, if it is not a sound database.

        A damaged file is never rewritten here: it may hold the only copy of someone's history.
        """
        path = Path(path)
        problem = await asyncio.to_thread(header_problem, path)
        if problem:
            raise damaged(path, problem)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_S)
        except Exception as exc:
            raise StoreUnavailable(f"cannot open history store {path}: {exc}") from exc
        try:
            await retry_busy(lambda: cls._prepare(db, path), BUSY_TIMEOUT_S)
        except BaseException as exc:
            # Close before raising: aiosqlite's worker thread is not a daemon, and a connection left open
            # after a failed open kept the process alive forever (the "corrupt file hangs" bug).
            await db.close()
            if isinstance(exc, StoreUnavailable) or not isinstance(exc, Exception):
                raise
            if is_damage_error(exc):
                raise damaged(path, str(exc)) from exc
            raise StoreUnavailable(f"cannot open history store {path}: {exc}") from exc
        return cls(db, path)

    @staticmethod
    async def _prepare(db: aiosqlite.Connection, path: Path) -> None:
        # Erased rows are overwritten with zeros, whatever the local SQLite's compile-time default is.
        await db.execute("PRAGMA secure_delete=ON")
        async with db.execute("PRAGMA secure_delete") as cur:
            row = await cur.fetchone()
            if row is None or row[0] != 1:
                raise StoreUnavailable(f"history store {path}: this SQLite cannot turn on secure_delete")
        async with db.execute("PRAGMA quick_check") as cur:
            problem = quick_check_problem(list(await cur.fetchall()))
        if problem:
            raise damaged(path, problem)
        async with db.execute("PRAGMA journal_mode=WAL") as cur:
            row = await cur.fetchone()
            mode = row[0] if row else None
        if str(mode).lower() != "wal":
            log.warning("history store %s: journal mode is %s, not WAL (filesystem without shared memory?)",
                        path, mode)
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.executescript(SCHEMA)
        await db.commit()

    def _failed(self, what: str, exc: Exception) -> StoreUnavailable:
        if is_damage_error(exc) and self.path is not None:
            return damaged(self.path, str(exc))
        return StoreUnavailable(f"history {what} failed: {exc}")

    async def _write(self, sql: str, params) -> int:
        async with self._lock:
            try:
                cur = await self._db.execute(sql, params)
                await self._db.commit()
                return cur.rowcount
            except Exception as exc:
                raise self._failed("write", exc) from exc

    async def _read(self, sql: str, params) -> list:
        try:
            async with self._db.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except Exception as exc:
            raise self._failed("read", exc) from exc

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
        if n:  # an undone reaction is erased from disk as thoroughly as a forget
            await self._checkpoint()
        return n > 0

    async def recent(self, user_id: str, limit: int = 500) -> list[Interaction]:
        rows = await self._read(
            "SELECT * FROM interactions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            (user_id, limit))
        return [_row(r) for r in rows]

    async def delete_user(self, user_id: str) -> int:
        """Delete, then checkpoint: secure_delete zeroes the rows in the main file, and truncating the WAL
        drops the older page copies that still hold them."""
        n = await self._write("DELETE FROM interactions WHERE user_id = ?", (user_id,))
        await self._checkpoint()
        return n

    async def _checkpoint(self) -> None:
        async with self._lock:
            try:
                async with self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
                    row = await cur.fetchone()
                    busy = row[0] if row else 0
            except Exception as exc:
                raise self._failed("checkpoint", exc) from exc
        if busy:  # another process is reading an old snapshot; its next checkpoint finishes the job
            log.warning("history store %s: WAL not truncated after a delete (another reader is active)",
                        self.path)

    async def export(self) -> AsyncIterator[Interaction]:
        for r in await self._read("SELECT * FROM interactions ORDER BY user_id, created_at, rowid", ()):
            yield _row(r)

    async def close(self) -> None:
        await self._db.close()
