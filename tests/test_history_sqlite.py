"""SQLite history specifics: WAL, and concurrent writers (coroutines and processes) lose nothing."""
from __future__ import annotations

import asyncio
import subprocess
import sys

from core.history.sqlite import SQLiteHistoryStore
from core.models import Interaction, InteractionKind

WRITER = """
import asyncio, sys
from pathlib import Path
from core.history.sqlite import SQLiteHistoryStore
from core.models import Interaction, InteractionKind
async def main(path, who):
    store = await SQLiteHistoryStore.open(Path(path))
    for i in range(100):
        await store.add(Interaction(user_id=who, movie_id=f"tt{i:07d}", kind=InteractionKind.WATCHED))
    await store.close()
asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_wal_mode_and_concurrent_coroutines(tmp_path):
    store = await SQLiteHistoryStore.open(tmp_path / "h.sqlite3")
    async with store._db.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    results = await asyncio.gather(*[
        store.add(Interaction(user_id="u", movie_id=f"tt{i % 150:07d}", kind=InteractionKind.LIKED))
        for i in range(300)])
    assert sum(results) == 150  # each duplicate stored once
    assert len(await store.recent("u", 1000)) == 150
    await store.close()


def test_concurrent_processes_lose_nothing(tmp_path):
    path = tmp_path / "h.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"user{n}"]) for n in range(4)]
    assert all(p.wait(timeout=120) == 0 for p in procs)

    async def count():
        store = await SQLiteHistoryStore.open(path)
        rows = [i async for i in store.export()]
        await store.close()
        return rows

    rows = asyncio.run(count())
    assert len(rows) == 400 and len({r.user_id for r in rows}) == 4


async def test_open_waits_out_a_writer_that_holds_the_lock(tmp_path):
    """A first open that meets another connection's write lock while it switches to WAL retries; SQLite
    itself reports that case as "locked" at once, without its busy handler (the CI failure of stop 22)."""
    import sqlite3
    import threading

    path = tmp_path / "h.sqlite3"
    other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    store = await SQLiteHistoryStore.open(path)
    await store.add(Interaction(user_id="u", movie_id="tt0000001", kind=InteractionKind.WATCHED))
    assert len(await store.recent("u", 10)) == 1
    await store.close()
    other.close()
