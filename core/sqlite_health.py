"""Telling a damaged SQLite file from a busy or missing one, before and while opening it.

A damaged file needs a person (history) or a rebuild (catalog); a busy one needs a retry. SQLite raises
both as `DatabaseError`, so the error codes and the file header decide which it is.
"""
from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

MAGIC = b"SQLite format 3\x00"
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary codes; extended ones share the low byte)
_DAMAGE_WORDS = ("file is not a database", "malformed", "corrupt")


def is_damage_error(exc: BaseException) -> bool:
    """True when sqlite says the file itself is bad (not locked, read-only or missing)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _DAMAGE_CODES
    return any(w in str(exc).lower() for w in _DAMAGE_WORDS)


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock, so trying again can work."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (5, 6)
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


async def retry_busy(step: Callable[[], Awaitable[None]], within_s: float) -> None:
    """Run an idempotent set-up step, again after a short random pause while the file is busy.

    SQLite skips its busy handler when waiting could deadlock: two first opens that both read the file
    and then both need it exclusively to switch to WAL. One of them gets "database is locked" at once,
    whatever the busy timeout is, so the retry has to live here.
    """
    deadline = time.monotonic() + within_s
    while True:
        try:
            await step()
            return
        except Exception as exc:
            if not is_busy_error(exc) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(random.uniform(0.01, 0.1))


def header_problem(path: Path) -> str | None:
    """What is wrong with the file's 100-byte header, without SQLite: None if it looks whole (or is absent).

    Catches garbage and truncation cheaply: the header records the page count, and a file shorter than
    that lost its tail. SQLite only notices that when a query reaches a missing page.
    """
    try:
        if not path.is_file():
            return None  # absent, or a folder: SQLite's own error says so, it is not damage
        size = path.stat().st_size
        if size == 0:
            return None  # SQLite treats an empty file as a new, empty database
        with path.open("rb") as f:
            head = f.read(100)
    except OSError:
        return None  # unreadable (permissions, I/O): SQLite reports it as unavailable, not as damage
    if len(head) < 100 or not head.startswith(MAGIC):
        return "file is not a database"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"bad page size {page_size} in its header"
    pages = int.from_bytes(head[28:32], "big")
    # The in-header page count is trusted only when written by a SQLite that maintains it (3.7.0+).
    # A crash inside a WAL checkpoint can leave the main file short with the rest still in the -wal file,
    # which SQLite replays on open; only without one does a short file mean lost pages.
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    if pages and head[24:28] == head[92:96] and size < pages * page_size:
        return f"truncated: {size} bytes, its header says {pages * page_size}"
    return None


def quick_check_problem(rows: list) -> str | None:
    """The result of `PRAGMA quick_check` as one line, or None when it says ok."""
    found = [str(r[0]) for r in rows]
    if found == ["ok"]:
        return None
    return "integrity check failed: " + "; ".join(found[:3]) + (" ..." if len(found) > 3 else "")
