"""Embedded personal store: one SQLite file next to the history (aiosqlite, WAL)."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path

import aiosqlite

from core.errors import StoreUnavailable
from core.personal.base import Subscription, parse_stamp, stamp
from core.sqlite_health import retry_busy

log = logging.getLogger(__name__)
KEEP_SHOWN = timedelta(days=31)  # the longest look-back (digests: 30 days) plus a day

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    user_id TEXT PRIMARY KEY, cadence TEXT NOT NULL, target TEXT NOT NULL, channel_id TEXT, guild_id TEXT,
    language TEXT NOT NULL, next_at TEXT NOT NULL, active INTEGER NOT NULL, note TEXT, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_due ON subscriptions(active, next_at);
CREATE TABLE IF NOT EXISTS shown (
    user_id TEXT NOT NULL, movie_id TEXT NOT NULL, shown_at TEXT NOT NULL, PRIMARY KEY (user_id, shown_at, movie_id)
);
"""
_COLUMNS = "user_id, cadence, target, channel_id, guild_id, language, next_at, active, note, created_at"


def _sub(r: tuple) -> Subscription:
    return Subscription(user_id=r[0], cadence=r[1], target=r[2], channel_id=r[3], guild_id=r[4], language=r[5],
                        next_at=parse_stamp(r[6]), active=bool(r[7]), note=r[8], created_at=parse_stamp(r[9]))


class SQLitePersonalStore:
    def __init__(self, db: aiosqlite.Connection):
        self._db = db
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> "SQLitePersonalStore":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(path, timeout=5)
        except Exception as exc:
            raise StoreUnavailable(f"cannot open the personal store {path}: {exc}") from exc
        async def prepare() -> None:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, cheap commits
            await db.execute("PRAGMA secure_delete=ON")  # a forget leaves nothing readable behind
            await db.executescript(SCHEMA)
            await db.commit()

        try:
            await retry_busy(prepare, 5)
        except Exception as exc:
            await db.close()
            raise StoreUnavailable(f"cannot open the personal store {path}: {exc}") from exc
        return cls(db)

    async def _write(self, sql: str, params: tuple, many: list[tuple] | None = None,
                     then: tuple[str, tuple] | None = None) -> int:
        """One statement (or one executemany), plus an optional second one, in one transaction."""
        async with self._lock:
            try:
                cur = await (self._db.executemany(sql, many) if many is not None else self._db.execute(sql, params))
                count = cur.rowcount
                if then is not None:
                    count += (await self._db.execute(*then)).rowcount
                await self._db.commit()
                return count
            except Exception as exc:
                raise StoreUnavailable(f"personal store write failed: {exc}") from exc

    async def _read(self, sql: str, params: tuple) -> list:
        try:
            async with self._db.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except Exception as exc:
            raise StoreUnavailable(f"personal store read failed: {exc}") from exc

    async def put(self, sub: Subscription) -> None:
        await self._write(f"INSERT OR REPLACE INTO subscriptions ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                          (sub.user_id, sub.cadence, sub.target, sub.channel_id, sub.guild_id, sub.language,
                           stamp(sub.next_at), int(sub.active), sub.note, stamp(sub.created_at)))

    async def get(self, user_id: str) -> Subscription | None:
        rows = await self._read(f"SELECT {_COLUMNS} FROM subscriptions WHERE user_id = ?", (user_id,))
        return _sub(rows[0]) if rows else None

    async def delete(self, user_id: str) -> bool:
        return await self._write("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)) > 0

    async def due(self, now: datetime, limit: int = 200) -> list[Subscription]:
        rows = await self._read(f"SELECT {_COLUMNS} FROM subscriptions WHERE active = 1 AND next_at <= ? "
                                "ORDER BY next_at, user_id LIMIT ?", (stamp(now), limit))
        return [_sub(r) for r in rows]

    async def record_shown(self, user_id: str, movie_ids: list[str], at: datetime) -> None:
        await self._write("INSERT OR IGNORE INTO shown VALUES (?,?,?)", (),
                          many=[(user_id, m, stamp(at)) for m in movie_ids],
                          then=("DELETE FROM shown WHERE user_id = ? AND shown_at < ?",
                                (user_id, stamp(at - KEEP_SHOWN))))

    async def settle(self, changes: list[tuple[Subscription, Subscription, list[str]]], at: datetime) -> int:
        applied = 0
        async with self._lock:
            try:
                for old, new, shown in changes:
                    cur = await self._db.execute(
                        "UPDATE subscriptions SET cadence=?, target=?, channel_id=?, guild_id=?, language=?, "
                        "next_at=?, active=?, note=? WHERE user_id=? AND active=1 AND next_at=?",
                        (new.cadence, new.target, new.channel_id, new.guild_id, new.language, stamp(new.next_at),
                         int(new.active), new.note, old.user_id, stamp(old.next_at)))
                    if cur.rowcount <= 0:
                        continue
                    applied += 1
                    if shown:
                        await self._db.executemany("INSERT OR IGNORE INTO shown VALUES (?,?,?)",
                                                   [(old.user_id, m, stamp(at)) for m in shown])
                        await self._db.execute("DELETE FROM shown WHERE user_id = ? AND shown_at < ?",
                                               (old.user_id, stamp(at - KEEP_SHOWN)))
                await self._db.commit()
            except Exception as exc:
                raise StoreUnavailable(f"personal store write failed: {exc}") from exc
        return applied

    async def shown_since(self, user_id: str, since: datetime) -> list[str]:
        rows = await self._read("SELECT movie_id FROM shown WHERE user_id = ? AND shown_at >= ? "
                                "ORDER BY shown_at DESC", (user_id, stamp(since)))
        return list(dict.fromkeys(r[0] for r in rows))

    async def delete_user(self, user_id: str) -> int:
        """Delete, then truncate the WAL: secure_delete zeroes the rows, the checkpoint drops older page copies."""
        n = await self._write("DELETE FROM shown WHERE user_id = ?", (user_id,),
                              then=("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)))
        async with self._lock:
            try:
                await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception as exc:
                raise StoreUnavailable(f"personal store checkpoint failed: {exc}") from exc
        return n

    async def close(self) -> None:
        await self._db.close()
