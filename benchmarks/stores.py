"""Damaged and contended local stores, run as a user would meet them (issue 12 items 1-3, issue 13 item 5).

    python benchmarks/stores.py

Each case runs the real `moviebot` CLI in a fresh data directory with real damaged files and reports the
wall time, the exit code, whether a traceback reached the terminal, whether it hung (killed at HANG_S),
and whether the damaged history file was left byte-identical. The forget case counts the bytes of the
user id left in history.sqlite3, -wal and -shm while the store is still open. Writes
benchmarks/results/stores.json. Targets: damaged history exits clearly in <= 5 s, 0 hangs, 0 tracebacks;
a damaged catalog is rebuilt and answered; 3/3 concurrent first runs answer; 0 bytes after forget.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.models import InteractionKind, SearchQuery  # noqa: E402
from core.services import build_services  # noqa: E402

HANG_S = 60.0


def env_for(data: Path, catalog: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "CATALOG_PATH")}
    env.update(MOVIEBOT_DATA_DIR=str(data), PYTHONPATH=str(ROOT), DISCORD_TOKEN="not-a-real-token")
    if catalog is not None:
        env["CATALOG_PATH"] = str(catalog)
    return env


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "moviebot", *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, started: float) -> dict:
    try:
        out, err = proc.communicate(timeout=HANG_S)
        hung = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        hung = True
    return {"seconds": round(time.monotonic() - started, 2), "exit": proc.returncode, "hung": hung,
            "traceback": "Traceback" in out + err, "answered": "1." in out,
            "stderr": " ".join(err.split())}


def run(env: dict, *args: str) -> dict:
    started = time.monotonic()
    return finish(start(env, *args), started)


def history_rows(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE interactions (user_id TEXT NOT NULL, movie_id TEXT NOT NULL, kind TEXT NOT NULL,"
                     " source TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (user_id, movie_id, kind));")
    db.executemany("INSERT INTO interactions VALUES (?,?,?,?,?)",
                   [(f"user{u}", f"tt{i:07d}", "watched", "cli", "2026-01-01T00:00:00")
                    for u in range(50) for i in range(100)])
    db.commit()
    db.close()


def damage_history(kind: str, path: Path) -> None:
    if kind == "garbage":
        path.write_bytes(os.urandom(100_000))
        return
    history_rows(path)
    data = bytearray(path.read_bytes())
    if kind == "truncated":
        data = data[: len(data) // 2]
    elif kind == "garbage after the header":
        data[100:] = os.urandom(len(data) - 100)
    elif kind == "smashed pages":
        middle = len(data) // 2 // 4096 * 4096
        data[middle:middle + 3 * 4096] = os.urandom(3 * 4096)
    path.write_bytes(bytes(data))


def damage_catalog(kind: str, path: Path, good: Path) -> None:
    if kind == "garbage":
        path.write_bytes(os.urandom(200_000))
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "empty":
        path.write_bytes(b"")


async def forget_case(data: Path, catalog: Path) -> dict:
    settings = Settings(_env_file=None, data_dir=data, catalog_path=catalog, sasrec_checkpoint=None,
                        llm_base_url=None, llm_api_key=None)
    services = await build_services(settings)
    who = "forget-me-bench-5e1f"
    try:
        for i, c in enumerate(await services.catalog.search(SearchQuery(limit=300))):
            for user in (who, "someone-else"):
                await services.history.log(user, c.movie.id, [InteractionKind.WATCHED, InteractionKind.LIKED][i % 2])
        await services.recommender.recommend(who, "a comedy")
        path = settings.history_db
        files = {s or "main": path.with_name(path.name + s) for s in ("", "-wal", "-shm")}

        def count() -> dict:
            return {k: f.read_bytes().count(who.encode()) if f.exists() else 0 for k, f in files.items()}

        before = count()
        deleted = await services.history.forget(who)
        after = count()  # the store is still open, as in the running bot
        return {"records_deleted": deleted, "user_id_bytes_before": before, "user_id_bytes_after": after,
                "profile_cache_evicted": who not in services.recommender.profiles._cache,
                "others_kept": len(await services.store.recent("someone-else", 1000))}
    finally:
        await services.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "stores.json")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        good = tmp / "good-catalog.sqlite3"
        build_catalog(good)

        for kind in ("garbage", "truncated", "garbage after the header", "smashed pages"):
            for command in (("history", "--user", "x"), ("ask", "--user", "x", "a comedy"), ("bot",)):
                data = tmp / f"h-{kind}-{command[0]}".replace(" ", "-")
                data.mkdir()
                damage_history(kind, data / "history.sqlite3")
                before = (data / "history.sqlite3").read_bytes()
                r = run(env_for(data, good), *command)
                r["file_untouched"] = (data / "history.sqlite3").read_bytes() == before
                stderr = r.pop("stderr")
                r["clear"] = r["exit"] not in (0, None) and "damaged" in stderr and "history repair" in stderr
                results[f"damaged history ({kind}): moviebot {command[0]}"] = r
                print(f"history {kind:<26} {command[0]:<8} {r}")

        for kind in ("garbage", "truncated", "empty"):
            for command in (("ask", "--user", "x", "a 90s comedy"),):
                data = tmp / f"c-{kind}"
                data.mkdir()
                damage_catalog(kind, data / "catalog.sqlite3", good)
                r = run(env_for(data, data / "catalog.sqlite3"), *command)
                r["said_so"] = "damaged" in r.pop("stderr")
                results[f"damaged catalog ({kind}): moviebot ask"] = r
                print(f"catalog {kind:<10} {r}")

        data = tmp / "first-run"
        started = time.monotonic()
        procs = [start(env_for(data, None), "ask", "--user", f"u{n}", "a 90s comedy") for n in range(3)]
        runs = [finish(p, started) for p in procs]
        for r in runs:
            r.pop("stderr")
        results["3 concurrent first runs on an empty data directory"] = {
            "answered": sum(r["answered"] and r["exit"] == 0 for r in runs), "of": 3,
            "hung": sum(r["hung"] for r in runs), "tracebacks": sum(r["traceback"] for r in runs),
            "slowest_seconds": max(r["seconds"] for r in runs)}
        print("first runs", results["3 concurrent first runs on an empty data directory"])

        data = tmp / "forget"
        data.mkdir()
        results["forget inside a running process"] = asyncio.run(forget_case(data, good))
        print("forget", results["forget inside a running process"])
        shutil.rmtree(data, ignore_errors=True)

    history_cases = [v for k, v in results.items() if k.startswith("damaged history")]
    catalog_cases = [v for k, v in results.items() if k.startswith("damaged catalog")]
    summary = {
        "damaged history: max seconds to a clear exit": max(v["seconds"] for v in history_cases),
        "damaged history: clear exits": f"{sum(v['clear'] for v in history_cases)}/{len(history_cases)}",
        "damaged history: files left byte-identical":
            f"{sum(v['file_untouched'] for v in history_cases)}/{len(history_cases)}",
        "damaged catalog: rebuilt and answered": f"{sum(v['answered'] and v['exit'] == 0 for v in catalog_cases)}"
                                                 f"/{len(catalog_cases)}",
        "hangs": sum(v.get("hung", 0) for v in history_cases + catalog_cases)
        + results["3 concurrent first runs on an empty data directory"]["hung"],
        "tracebacks": sum(v.get("traceback", 0) for v in history_cases + catalog_cases)
        + results["3 concurrent first runs on an empty data directory"]["tracebacks"],
        "concurrent first runs answered": f"{results['3 concurrent first runs on an empty data directory']['answered']}/3",
        "user id bytes after forget": sum(results["forget inside a running process"]["user_id_bytes_after"].values()),
    }
    print(json.dumps(summary, indent=2))
    doc = {"benchmark": "stores", "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
           "cpus": os.cpu_count(), "summary": summary, "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
