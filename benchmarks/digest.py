"""10,000 digests due at once, offline with SASRec: how long they take, peak memory, and what they cost ordinary
requests running meanwhile (p95 latency vs the same requests on an idle bot).

Subscribers' histories come from the shared MovieLens-1M data mapped to the catalog (benchmarks/ml_histories.py):
subscriber k has ML-1M user k mod 6,040's newest 100 mapped films (10,000 subscribers > 6,040 users, so some
histories repeat under another id). Posting is a stand-in that records the picks: Discord is not measured here
(benchmarks/discord_delivery.py measures the per-channel queue).

Run: python benchmarks/digest.py   (writes benchmarks/results/digest.json; ~1-2 minutes of CPU)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ml_histories import SERVING, ml1m_histories  # noqa: E402
from benchmarks.pipeline import REQUESTS, summary  # noqa: E402
from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.digest import SPREAD  # noqa: E402
from core.personal.base import stamp  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402
from sasrec.data import DEFAULT_DATA_DIR  # noqa: E402

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc)
HISTORY_LEN = 100


def rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def seed(settings: Settings, subscribers: int, data_dir: Path) -> None:
    """Histories and due subscriptions written straight into the two SQLite files (setup, not measured)."""
    histories = [[i for i in h if i] for h in ml1m_histories(data_dir)]  # ~40 MiB, dropped after the setup
    db = sqlite3.connect(settings.history_db)

    def rows():  # streamed: the setup must not set the peak memory the run is measured by
        for k in range(subscribers):
            films = list(dict.fromkeys(histories[k % len(histories)]))[-HISTORY_LEN:]
            for j, m in enumerate(films):
                yield f"sub{k}", m, "liked", "import", stamp(T0 - timedelta(days=400) + timedelta(minutes=j))

    db.executemany("INSERT OR IGNORE INTO interactions VALUES (?,?,?,?,?)", rows())
    db.commit()
    db.close()
    db = sqlite3.connect(settings.data_dir / "personal.sqlite3")
    spread = SPREAD.total_seconds()
    db.executemany("INSERT INTO subscriptions VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(f"sub{k}", "daily", "dm", None, None, "en", stamp(T0 + timedelta(seconds=k * spread / subscribers)),
                     1, None, stamp(T0 - timedelta(days=1))) for k in range(subscribers)])
    db.commit()
    db.close()


async def requests_meanwhile(services, running: asyncio.Task | None, rounds: int) -> list[float]:
    """Ordinary requests one after another (users with and without history) until `running` ends."""
    latencies: list[float] = []
    n = 0
    while (running is None and n < rounds) or (running is not None and not running.done()):
        user = f"sub{n % 50}" if n % 2 else f"asker{n}"
        t = time.perf_counter()
        await services.recommender.recommend(user, REQUESTS[n % len(REQUESTS)])
        latencies.append((time.perf_counter() - t) * 1000)
        n += 1
        await asyncio.sleep(0.05)  # a request every ~50 ms plus its own time: a busy server's steady trickle
    return latencies


async def main(subscribers: int, data_dir: Path, out: Path) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    catalog = ROOT / "data" / "catalog.sqlite3"
    if not catalog.is_file():
        catalog = tmp / "catalog.sqlite3"
        build_catalog(catalog)
    settings = Settings(_env_file=None, data_dir=tmp, catalog_path=catalog, llm_base_url=None, llm_api_key=None,
                        sasrec_checkpoint=SERVING, catalog_backend="sqlite", history_backend="sqlite")
    services = await build_services(settings)
    assert services.digest is not None and services.recommender.retriever.sequential is not None
    seed(settings, subscribers, data_dir)
    rss_before = rss_mib()

    for text in REQUESTS:  # warm-up
        await services.recommender.recommend("warm", text)
    idle = await requests_meanwhile(services, None, 60)

    sent: dict[str, list[str]] = {}

    async def deliver(sub, reply) -> str:
        sent[sub.user_id] = [p.movie.id for p in reply.picks]
        return "sent"

    async def allowed(sub) -> bool:
        return True

    prepare_s = 0.0
    real_prepare = services.digest.prepare_many

    async def timed_prepare(users, now):
        nonlocal prepare_s
        t = time.perf_counter()
        try:
            return await real_prepare(users, now)
        finally:
            prepare_s += time.perf_counter() - t

    services.digest.prepare_many = timed_prepare  # type: ignore[method-assign]

    # Day 1: the digests alone (the throughput). Day 2: the same subscribers again, with requests meanwhile.
    started, cpu = time.perf_counter(), time.process_time()
    day1 = await services.digest.run_due(deliver, allowed, now=T0 + SPREAD)
    alone_s, alone_prepare_s, day1_sent = time.perf_counter() - started, prepare_s, dict(sent)
    alone_cpu_s = time.process_time() - cpu
    sent.clear()
    prepare_s = 0.0
    started = time.perf_counter()
    run = asyncio.create_task(services.digest.run_due(deliver, allowed, now=T0 + timedelta(days=1) + SPREAD))
    busy = await requests_meanwhile(services, run, 0)
    stats = await run
    total_s = time.perf_counter() - started
    repeats = sum(len(set(ids) & set(day1_sent.get(user, []))) for user, ids in sent.items())
    await services.close()

    idle_s, busy_s = summary(idle), summary(busy)
    result = {
        "what": "10,000 digests due at once, offline (no LLM) with SASRec; ordinary requests run meanwhile",
        "subscribers": subscribers, "history_per_subscriber": HISTORY_LEN,
        "history_source": "MovieLens-1M sequences mapped to the catalog (users reused to reach the count)",
        "day1_alone": {"digests": len(day1_sent), "outcomes": day1.outcomes, "run_s": round(alone_s, 2),
                       "cpu_s_all_threads": round(alone_cpu_s, 2),
                       "prepare_s": round(alone_prepare_s, 2),
                       "digests_per_s": round(len(day1_sent) / alone_s, 1)},
        "day2_with_requests": {"digests": len(sent), "outcomes": stats.outcomes, "run_s": round(total_s, 2),
                               "prepare_s": round(prepare_s, 2), "digests_per_s": round(len(sent) / total_s, 1)},
        "picks_per_digest_min": min(map(len, [*sent.values(), *day1_sent.values()]), default=0),
        "films_repeated_day2_vs_day1": repeats, "target_s": 60,
        "rss_before_run_mib": rss_before, "peak_rss_mib": rss_mib(),
        "requests_idle": idle_s, "requests_during_digests": busy_s,
        "p95_ratio": round(busy_s["p95_ms"] / idle_s["p95_ms"], 2), "p95_ratio_target": 2.0,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "note": "2 cores shared with other jobs: wall times vary run to run (load average ~3)"},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder holding ml-1m/")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "digest.json")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.subscribers, args.data, args.out)), indent=2))
