"""Per-request latency of the backend paths: SQLite (real) vs DynamoDB on moto server vs ES on the stub.

    python benchmarks/backends.py [--n 200]

NOT production numbers: DynamoDB is moto's in-process server on loopback and Elasticsearch is the
pure-Python test stub (tests/es_stub.py) that evaluates queries by scanning every document. They
measure the client-side cost of our code paths (boto3 + a worker thread, the ES client + HTTP)
against in-memory fakes, nothing about a real cluster. Writes benchmarks/results/backends.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog.build import build_catalog_from_movies  # noqa: E402
from core.catalog.elastic import index_catalog, make_client, open_elasticsearch_catalog  # noqa: E402
from core.catalog.sqlite import SQLiteCatalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.history.dynamo import create_table, open_dynamodb_history  # noqa: E402
from core.history.sqlite import SQLiteHistoryStore  # noqa: E402
from core.models import Filters, Interaction, InteractionKind, SearchQuery  # noqa: E402
from tests.backend_fixtures import conformance_movies  # noqa: E402
from tests.es_stub import EsStub  # noqa: E402

QUERIES = [
    Filters(directors=["Bong Joon-ho"]),
    Filters(actors=["tom hanks"], year_min=1990),
    Filters(genres=["Crime", "Thriller"]),
    Filters(text="war", min_critic_score=60),
    Filters(countries=["south korea"], max_runtime=130),
]


def summary(samples: list[float]) -> dict:
    s = sorted(samples)
    return {"p50_ms": round(statistics.median(s) * 1000, 3),
            "p95_ms": round(s[min(len(s) - 1, int(0.95 * len(s)))] * 1000, 3), "n": len(s)}


async def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        await fn(i)
        out.append(time.perf_counter() - t)
    return out


async def bench_history(store, n: int) -> dict:
    t0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
    for i in range(100):  # a user with a 100-item history for `recent`
        await store.add(Interaction(user_id="heavy", movie_id=f"tt{i:07d}", kind=InteractionKind.WATCHED,
                                    created_at=t0 + timedelta(minutes=i)))
    add = await timed(lambda i: store.add(Interaction(user_id=f"u{i % 10}", movie_id=f"tt{i:07d}",
                                                      kind=InteractionKind.LIKED)), n)
    recent = await timed(lambda i: store.recent("heavy", limit=50), n)
    return {"add": summary(add), "recent(100 items, limit 50)": summary(recent)}


async def bench_catalog(catalog, n: int) -> dict:
    await catalog.search(SearchQuery(filters=QUERIES[0]))  # warm-up
    lat = await timed(lambda i: catalog.search(SearchQuery(filters=QUERIES[i % len(QUERIES)], limit=20)), n)
    return {"search (5-query mix, limit 20)": summary(lat)}


async def main(n: int) -> dict:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(k, "testing")
    movies = list(conformance_movies())
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # ---- history
        sqlite_store = await SQLiteHistoryStore.open(tmp_path / "history.sqlite3")
        results["history sqlite (real, local file)"] = await bench_history(sqlite_store, n)
        await sqlite_store.close()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
        try:
            host, port = moto.get_host_and_port()
            settings = Settings(_env_file=None, DYNAMODB_ENDPOINT_URL=f"http://{host}:{port}",
                                DYNAMODB_TABLE="bench", AWS_REGION="us-east-1")
            await asyncio.to_thread(create_table, settings)
            dyn = await open_dynamodb_history(settings)
            results["history dynamodb (moto server, loopback; NOT production)"] = await bench_history(dyn, n)
            await dyn.close()
        finally:
            moto.stop()
        # ---- catalog, the same 300 films on both
        build_catalog_from_movies(tmp_path / "catalog.sqlite3", movies)
        cat = await SQLiteCatalog.open(tmp_path / "catalog.sqlite3")
        results["catalog sqlite (real, 300 films)"] = await bench_catalog(cat, n)
        await cat.close()
        with EsStub() as stub:
            settings = Settings(_env_file=None, ELASTICSEARCH_URL=stub.url, ELASTICSEARCH_INDEX="bench")
            es = make_client(settings)
            await index_catalog(es, movies, "bench", progress=False)
            await es.close()
            cat = await open_elasticsearch_catalog(settings)
            results["catalog elasticsearch (python stub, 300 films; NOT production)"] = await bench_catalog(cat, n)
            await cat.close()
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "backends.json")
    args = ap.parse_args()
    res = asyncio.run(main(args.n))
    doc = {
        "note": ("Client-side latency of our code paths against in-memory fakes: DynamoDB = moto server on "
                 "loopback, Elasticsearch = the pure-Python test stub. Not production numbers."),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "results": res,
    }
    print(f"{'backend':66} {'path':32} {'p50 ms':>8} {'p95 ms':>8} {'n':>5}")
    for backend, paths in res.items():
        for path, s in paths.items():
            print(f"{backend:66} {path:32} {s['p50_ms']:8.2f} {s['p95_ms']:8.2f} {s['n']:5d}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {args.out}")
