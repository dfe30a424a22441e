"""Damaged and contended local stores, with real files: each case ends in a clear message or a recovery,
never a hang or a traceback, and the history is never lost (issue 12 items 1-3, issue 13 item 5)."""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.catalog.build import build_catalog_from_movies, read_source
from core.catalog.ensure import catalog_problem, ensure_catalog
from core.catalog.sqlite import SQLiteCatalog
from core.errors import StoreDamaged, StoreUnavailable
from core.history.repair import diagnose, repair_history
from core.history.sqlite import SQLiteHistoryStore
from core.models import Interaction, InteractionKind, SearchQuery
from core.services import build_services

HANG_S = 60  # a subprocess still running after this is a hang: fail instead of blocking CI


def cli_env(tmp_path: Path, catalog: Path | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "CATALOG_PATH")}
    env.update(MOVIEBOT_DATA_DIR=str(tmp_path), SASREC_CHECKPOINT="none", PYTHONPATH=os.getcwd(), **extra)
    if catalog is not None:
        env["CATALOG_PATH"] = str(catalog)
    return env


def flat(text: str) -> str:
    """Terminal output without the console's line wrapping."""
    return " ".join(text.split())


def moviebot(env: dict, *args: str, timeout: float = HANG_S) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "moviebot", *args], env=env, capture_output=True, text=True, check=False,
                          timeout=timeout)


def _history_with_rows(path: Path, users: int = 20, per_user: int = 100) -> None:
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE interactions (user_id TEXT NOT NULL, movie_id TEXT NOT NULL, kind TEXT NOT NULL,"
                     " source TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (user_id, movie_id, kind));")
    db.executemany("INSERT INTO interactions VALUES (?,?,?,?,?)",
                   [(f"user{u}", f"tt{i:07d}", "watched", "cli", f"2026-01-01T00:{i % 60:02d}:00")
                    for u in range(users) for i in range(per_user)])
    db.commit()
    db.close()


def _smash_middle(path: Path) -> None:
    """Overwrite pages in the middle of the file (its header stays intact)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    middle = len(data) // page // 2 * page
    data[middle:middle + 3 * page] = os.urandom(3 * page)
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------------------------- history
def test_garbage_history_fails_fast_with_a_clear_message_and_keeps_the_file(tmp_path, catalog_db):
    history = tmp_path / "history.sqlite3"
    garbage = os.urandom(100_000)
    history.write_bytes(garbage)
    started = time.monotonic()
    out = moviebot(cli_env(tmp_path, catalog_db), "history", "--user", "x")
    assert time.monotonic() - started < HANG_S
    assert out.returncode == 1
    assert "damaged" in out.stderr and "history repair" in flat(out.stderr) and "history.sqlite3" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert history.read_bytes() == garbage  # never rewritten automatically


async def test_open_checks_the_pages_not_only_the_header(tmp_path):
    for case in ("smashed", "truncated", "garbage-after-header"):
        path = tmp_path / f"{case}.sqlite3"
        _history_with_rows(path)
        if case == "smashed":
            _smash_middle(path)
        elif case == "truncated":
            os.truncate(path, path.stat().st_size // 2)
        else:
            path.write_bytes(path.read_bytes()[:100] + os.urandom(path.stat().st_size - 100))
        before = path.read_bytes()
        with pytest.raises(StoreDamaged) as info:
            await asyncio.wait_for(SQLiteHistoryStore.open(path), 10)
        assert info.value.path == path and "repair" in str(info.value), case
        assert path.read_bytes() == before, case


async def test_a_failed_open_leaves_no_thread_behind(tmp_path):
    """The root cause of the hang: the aiosqlite worker (not a daemon) outlived a failed open."""
    import threading

    path = tmp_path / "history.sqlite3"
    _history_with_rows(path)
    _smash_middle(path)
    def workers() -> list[str]:  # asyncio.to_thread's pool threads are not aiosqlite's
        return [t.name for t in threading.enumerate() if t is not threading.main_thread()
                and not t.name.startswith("asyncio_")]

    before = workers()
    for _ in range(3):
        with pytest.raises(StoreDamaged):
            await SQLiteHistoryStore.open(path)
    await asyncio.sleep(0.2)
    assert workers() == before


async def test_services_refuse_to_start_on_a_damaged_history_before_building_anything(make_settings, tmp_path):
    (tmp_path / "history.sqlite3").write_bytes(b"\x00garbage" * 1000)
    missing_catalog = tmp_path / "never-built.sqlite3"
    with pytest.raises(StoreDamaged, match="history repair"):
        await asyncio.wait_for(build_services(make_settings(catalog_path=missing_catalog)), 10)
    assert not missing_catalog.exists()  # failed at once, no 7 s catalog build first


def test_the_bot_refuses_to_start_on_a_damaged_history_and_says_why(tmp_path, catalog_db):
    (tmp_path / "history.sqlite3").write_bytes(os.urandom(10_000))
    out = moviebot(cli_env(tmp_path, catalog_db, DISCORD_TOKEN="not-a-real-token"), "bot")
    assert out.returncode != 0
    assert "damaged" in out.stderr and "history repair" in flat(out.stderr) and "Traceback" not in out.stderr


def test_a_folder_in_place_of_the_history_is_unavailable_not_damaged(tmp_path):
    (tmp_path / "history.sqlite3").mkdir()
    with pytest.raises(StoreUnavailable) as info:
        asyncio.run(SQLiteHistoryStore.open(tmp_path / "history.sqlite3"))
    assert not isinstance(info.value, StoreDamaged)


def test_repair_moves_aside_keeps_a_byte_identical_backup_and_salvages_rows(tmp_path, catalog_db):
    history = tmp_path / "history.sqlite3"
    _history_with_rows(history, users=40, per_user=100)
    _smash_middle(history)
    damaged_bytes = history.read_bytes()
    assert diagnose(history)

    out = moviebot(cli_env(tmp_path, catalog_db), "history", "repair")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    backup = tmp_path / "history.sqlite3.bak"
    assert backup.read_bytes() == damaged_bytes
    assert diagnose(history) is None

    rows = sqlite3.connect(history).execute("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM interactions").fetchone()
    assert 0 < rows[0] < 4000 and f"{rows[0]} readable records" in flat(out.stdout)
    out = moviebot(cli_env(tmp_path, catalog_db), "history", "--user", "user0")
    assert out.returncode == 0, out.stderr

    again = moviebot(cli_env(tmp_path, catalog_db), "history", "repair")
    assert again.returncode == 0 and "nothing to repair" in flat(again.stdout)
    assert backup.read_bytes() == damaged_bytes


def test_repair_never_overwrites_an_earlier_backup(tmp_path):
    history = tmp_path / "history.sqlite3"
    for round_ in range(2):
        history.write_bytes(f"garbage {round_}".encode() * 50)
        result = repair_history(history)
        assert result.problem and result.backup.read_bytes() == f"garbage {round_}".encode() * 50
    assert len(list(tmp_path.glob("history.sqlite3*.bak"))) == 2


# ------------------------------------------------------------------------------------- catalog
@pytest.fixture(scope="module")
def few_movies():
    return read_source()[:300]


def test_damaged_catalogs_are_detected(tmp_path, few_movies):
    good = tmp_path / "catalog.sqlite3"
    build_catalog_from_movies(good, few_movies)
    assert catalog_problem(good) is None
    cases = {"garbage": os.urandom(50_000), "truncated": good.read_bytes()[: good.stat().st_size // 2],
             "header only": good.read_bytes()[:4096], "empty": b""}
    for name, data in cases.items():
        bad = tmp_path / f"{name}.sqlite3"
        bad.write_bytes(data)
        problem = catalog_problem(bad)
        assert problem and problem[0] == "damaged", (name, problem)


def test_a_damaged_catalog_is_rebuilt_with_one_warning(tmp_path, few_movies, caplog):
    path = tmp_path / "catalog.sqlite3"
    build_catalog_from_movies(path, few_movies)
    os.truncate(path, path.stat().st_size // 3)
    with caplog.at_level(logging.INFO):
        ensure_catalog(path, build=lambda p: build_catalog_from_movies(p, few_movies))
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "damaged" in warnings[0].getMessage() and "rebuild" in warnings[0].getMessage()
    assert catalog_problem(path) is None
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM movies").fetchone()[0] == len(few_movies)
    assert not list(tmp_path.glob(".*.tmp"))  # the temp file became the catalog


def test_cli_ask_and_chat_rebuild_a_truncated_catalog(tmp_path, catalog_db):
    catalog = tmp_path / "catalog.sqlite3"
    shutil.copy(catalog_db, catalog)
    os.truncate(catalog, catalog.stat().st_size // 2)
    env = cli_env(tmp_path, catalog)
    out = moviebot(env, "ask", "--user", "u1", "a 90s comedy", timeout=240)
    assert out.returncode == 0 and "1." in out.stdout, out.stderr
    assert "Traceback" not in out.stderr and "damaged" in out.stderr
    assert catalog_problem(catalog) is None

    os.truncate(catalog, 8192)
    chat = subprocess.run([sys.executable, "-m", "moviebot", "chat", "--user", "u1"], input="a comedy\n/quit\n",
                          env=env, capture_output=True, text=True, timeout=240, check=False)
    assert chat.returncode == 0 and "1." in chat.stdout, chat.stderr
    assert "Traceback" not in chat.stderr and "damaged" in chat.stderr


SINGLE_FLIGHT = """
import sys, time
from pathlib import Path
from core.catalog.build import build_catalog_from_movies, read_source
from core.catalog.ensure import ensure_catalog
path, log = Path(sys.argv[1]), Path(sys.argv[2])
movies = read_source()[:200]
def build(p):
    with log.open("a") as f:
        f.write("build\\n")
    time.sleep(1.0)  # widen the window: without the lock every process would build
    build_catalog_from_movies(p, movies)
ensure_catalog(path, build=build)
import sqlite3
print(sqlite3.connect(path).execute("SELECT COUNT(*) FROM movies").fetchone()[0])
"""


def test_catalog_build_is_single_flight_across_processes(tmp_path):
    path, log_file = tmp_path / "data" / "catalog.sqlite3", tmp_path / "builds.log"
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    procs = [subprocess.Popen([sys.executable, "-c", SINGLE_FLIGHT, str(path), str(log_file)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=HANG_S) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [r[1][-500:] for r in results]
    assert [r[0].strip() for r in results] == ["200"] * 4
    assert log_file.read_text().count("build") == 1


def test_three_first_runs_at_once_all_answer(tmp_path):
    """The bot and two CLI calls on a fresh machine: an empty data directory, no catalog yet."""
    env = cli_env(tmp_path / "data")
    procs = [subprocess.Popen([sys.executable, "-m", "moviebot", "ask", "--user", f"u{n}", "a 90s comedy"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(3)]
    try:
        results = [p.communicate(timeout=300) for p in procs]
    finally:
        for p in procs:
            p.kill()
    for p, (stdout, stderr) in zip(procs, results):
        assert p.returncode == 0 and "1." in stdout, stderr[-2000:]
        assert "Traceback" not in stderr
    assert catalog_problem(tmp_path / "data" / "catalog.sqlite3") is None


HISTORY_FIRST_OPEN = """
import asyncio, sys
from pathlib import Path
from core.history.sqlite import SQLiteHistoryStore
from core.models import Interaction, InteractionKind, SearchQuery
async def main(path, who):
    store = await SQLiteHistoryStore.open(Path(path))
    await store.add(Interaction(user_id=who, movie_id="tt0000001", kind=InteractionKind.LIKED))
    await store.close()
asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_history_first_open_races_cleanly(tmp_path):
    path = tmp_path / "fresh" / "history.sqlite3"
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    procs = [subprocess.Popen([sys.executable, "-c", HISTORY_FIRST_OPEN, str(path), f"user{n}"], env=env,
                              stderr=subprocess.PIPE, text=True) for n in range(6)]
    errors = [p.communicate(timeout=HANG_S)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM interactions").fetchone()[0] == 6


# ------------------------------------------------------------------------------------- forget
async def test_forget_leaves_no_byte_of_the_user_on_disk_or_in_the_cache(make_settings):
    """In a running process with the store kept open, as the bot keeps it."""
    services = await build_services(make_settings())
    try:
        who, other = "forget-me-7f3a9c", "keep-me-2b1d"
        movies = await services.catalog.search(SearchQuery(limit=300))
        for i, c in enumerate(movies):
            for user in (who, other):
                await services.history.log(user, c.movie.id, [InteractionKind.WATCHED, InteractionKind.LIKED][i % 2])
        await services.recommender.recommend(who, "a comedy")
        assert who in services.recommender.profiles._cache

        path = services.settings.history_db
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert who.encode() in raw  # the check below can fail

        assert await services.history.forget(who) == len(movies)
        assert who not in services.recommender.profiles._cache
        for f in files:
            if f.exists():
                assert who.encode() not in f.read_bytes(), f.name
        assert len(await services.store.recent(other, 1000)) == len(movies)
        assert (await services.recommender.profile(who)).is_empty
    finally:
        await services.close()


async def test_secure_delete_is_on_explicitly(tmp_path):
    store = await SQLiteHistoryStore.open(tmp_path / "h.sqlite3")
    try:
        async with store._db.execute("PRAGMA secure_delete") as cur:
            assert (await cur.fetchone())[0] == 1
    finally:
        await store.close()


# ------------------------------------------------------------------------------------- backends
def test_migrate_exits_when_dynamodb_cannot_be_opened(tmp_path):
    """The SQLite source was left open when DynamoDB failed: its thread kept the process alive."""
    from tests.backend_fixtures import free_port

    env = cli_env(tmp_path, DYNAMODB_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", AWS_ACCESS_KEY_ID="x",
                  AWS_SECRET_ACCESS_KEY="x", DYNAMODB_MAX_ATTEMPTS="1", DYNAMODB_CONNECT_TIMEOUT_S="1")
    asyncio.run(_seed(tmp_path / "history.sqlite3"))
    out = moviebot(env, "history", "migrate")
    assert out.returncode == 1 and "DynamoDB" in out.stderr and "Traceback" not in out.stderr


async def _seed(path: Path) -> None:
    store = await SQLiteHistoryStore.open(path)
    await store.add(Interaction(user_id="u", movie_id="tt0000001", kind=InteractionKind.WATCHED))
    await store.close()


def test_store_unavailable_is_still_the_parent():
    """Adapters that only know StoreUnavailable keep working with the new, more precise error."""
    assert issubclass(StoreDamaged, StoreUnavailable)


async def test_a_profile_read_before_forget_is_not_cached_after_it(services):
    """A request in flight during /forget must not put the forgotten history back into the cache."""
    from core.profile import ProfileService

    movie = (await services.catalog.search(SearchQuery(limit=1)))[0].movie
    await services.history.log("u-race", movie.id, InteractionKind.LIKED)
    read, release = asyncio.Event(), asyncio.Event()

    class SlowStore:  # hands out the pre-forget history, then waits until forget has run
        async def recent(self, user_id, limit=500):
            items = await services.store.recent(user_id, limit)
            read.set()
            await release.wait()
            return items

    profiles = ProfileService(services.catalog, SlowStore())
    in_flight = asyncio.create_task(profiles.get("u-race"))
    await read.wait()
    profiles.evict("u-race")
    release.set()
    profile, _ = await in_flight
    assert profile.liked == [movie.id]  # that request still answers with what it read
    assert "u-race" not in profiles._cache


async def test_pages_going_bad_under_a_running_catalog_are_rebuilt_and_answered(tmp_path, catalog_db, caplog):
    path = tmp_path / "catalog.sqlite3"
    shutil.copy(catalog_db, path)
    catalog = await SQLiteCatalog.open(path)
    try:
        data = bytearray(path.read_bytes())  # the header stays: only queries can notice
        data[len(data) // 20: len(data) * 19 // 20] = os.urandom(len(data) * 18 // 20)
        with path.open("r+b") as f:  # in place, as a failing disk would
            f.write(bytes(data))
        with caplog.at_level(logging.WARNING):
            found = await catalog.search(SearchQuery.model_validate({"filters": {"directors": ["Bong Joon-ho"]}}))
            assert "Memories of Murder" in {c.movie.title for c in found}
            assert await catalog.count() == 17470
        assert any("damaged" in r.getMessage() for r in caplog.records)
        assert catalog_problem(path) is None and not (tmp_path / "catalog.sqlite3.damaged").exists()
    finally:
        await catalog.close()


def test_a_damage_marker_counts_only_for_the_file_it_was_written_for(tmp_path, few_movies):
    from core.catalog.ensure import mark_damaged

    path = tmp_path / "catalog.sqlite3"
    build_catalog_from_movies(path, few_movies)
    mark_damaged(path, "database disk image is malformed")
    assert catalog_problem(path) == ("damaged", "database disk image is malformed")
    ensure_catalog(path, build=lambda p: build_catalog_from_movies(p, few_movies))
    assert catalog_problem(path) is None
    mark_damaged(path, "old news")
    os.utime(path.with_name("catalog.sqlite3.damaged"), ns=(0, 0))  # older than the catalog: stale
    assert catalog_problem(path) is None


def test_a_failed_build_leaves_the_old_file_and_no_temp(tmp_path):
    from core.atomic import atomic_write

    dest = tmp_path / "catalog.sqlite3"
    dest.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(dest) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed mid-build")
    assert dest.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["catalog.sqlite3"]


def test_temps_of_dead_builders_are_cleaned_under_the_lock(tmp_path):
    from core.atomic import build_lock

    dest = tmp_path / "catalog.sqlite3"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stale = tmp_path / f".catalog.sqlite3.{dead}.deadbeef.tmp"
    alive = tmp_path / f".catalog.sqlite3.{os.getpid()}.cafef00d.tmp"
    stale.write_bytes(b"x")
    alive.write_bytes(b"x")
    with build_lock(dest):
        pass
    assert not stale.exists() and alive.exists()
