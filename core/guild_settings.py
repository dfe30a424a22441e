"""Per-server settings (compact mode, digests allowed), persisted in a small SQLite file next to the history.

Core keeps it (no discord import): a server id is just a string here. Reads are served from memory after the
first one; a write goes to disk before it is acknowledged, so a restart keeps what a moderator chose.
"""
from __future__ import annotations

import logging
from pathlib import Path

import aiosqlite

from core.errors import StoreUnavailable

log = logging.getLogger(__name__)


class GuildSettings:
    def __init__(self, db: aiosqlite.Connection):
        self._db = db
        self._compact: dict[str, bool] = {}
        self._digests: dict[str, bool] = {}

    @classmethod
    async def open(cls, path: Path) -> "GuildSettings":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = await aiosqlite.connect(path)
            await db.execute("CREATE TABLE IF NOT EXISTS guild_settings (guild_id TEXT PRIMARY KEY, compact INTEGER "
                             "NOT NULL DEFAULT 0)")
            async with db.execute("PRAGMA table_info(guild_settings)") as cur:
                columns = {row[1] for row in await cur.fetchall()}
            if "digests" not in columns:  # a file from before digests: add the column, on by default
                await db.execute("ALTER TABLE guild_settings ADD COLUMN digests INTEGER NOT NULL DEFAULT 1")
            await db.commit()
        except Exception as exc:  # a read-only or full disk: the bot words it, compact mode stays off
            raise StoreUnavailable(f"cannot open server settings {path}: {exc}") from exc
        return cls(db)

    async def compact(self, guild_id: str | None) -> bool:
        """Whether this server wants one message per answer. DMs (None) never do: there is no crowd."""
        if guild_id is None:
            return False
        if guild_id not in self._compact:
            async with self._db.execute("SELECT compact FROM guild_settings WHERE guild_id = ?", (guild_id,)) as cur:
                row = await cur.fetchone()
            self._compact[guild_id] = bool(row and row[0])
        return self._compact[guild_id]

    async def set_compact(self, guild_id: str, on: bool) -> None:
        await self._db.execute("INSERT INTO guild_settings (guild_id, compact) VALUES (?, ?) "
                               "ON CONFLICT(guild_id) DO UPDATE SET compact = excluded.compact", (guild_id, int(on)))
        await self._db.commit()
        self._compact[guild_id] = on

    async def digests(self, guild_id: str | None) -> bool:
        """Whether members may have digests posted in this server (on unless an admin turned them off)."""
        if guild_id is None:
            return True
        if guild_id not in self._digests:
            async with self._db.execute("SELECT digests FROM guild_settings WHERE guild_id = ?", (guild_id,)) as cur:
                row = await cur.fetchone()
            self._digests[guild_id] = bool(row[0]) if row else True
        return self._digests[guild_id]

    async def set_digests(self, guild_id: str, on: bool) -> None:
        await self._db.execute("INSERT INTO guild_settings (guild_id, digests) VALUES (?, ?) "
                               "ON CONFLICT(guild_id) DO UPDATE SET digests = excluded.digests", (guild_id, int(on)))
        await self._db.commit()
        self._digests[guild_id] = on

    async def close(self) -> None:
        await self._db.close()
