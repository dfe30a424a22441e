"""Shelf quality offline: HR@10 of the "for you" shelf vs a popularity shelf, in the same run, on the same users.

Histories come from the shared MovieLens-1M sequences mapped to the catalog (benchmarks/ml_histories.py; every
film counts as liked: the shared copy has no ratings). Each test user's last film is held out; the rest is their
history, logged in order. Only users whose last film maps to the catalog take part (so the held-out film was never
in SASRec's training input: it is the SASRec test target), and a fixed random sample of them keeps the run to a
minute or two of CPU. Both shelves exclude the user's history, as the product does.

    popularity: the 10 films most users have in their (held-out-free) histories
    sasrec:     the model's own top 10 (for reference: the shelf re-ranks its candidates)
    shelf:      what /foryou shows (SASRec plus the profile, at most two films per director, offline reasons)
    shelf_profile_only: the same shelf with SASRec switched off (its path for users with no SASRec-known film)

Run: python benchmarks/shelf.py [--users 2000]   (writes benchmarks/results/shelf.json)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ml_histories import SERVING, ml1m_histories, popularity  # noqa: E402
from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.personal.base import stamp  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402
from sasrec.data import DEFAULT_DATA_DIR  # noqa: E402

T0 = datetime(2020, 1, 1, tzinfo=timezone.utc)
K = 10


def ndcg(ranked: list[str], target: str) -> float:
    return next((1 / math.log2(i + 2) for i, m in enumerate(ranked[:K]) if m == target), 0.0)


async def main(users: int, data_dir: Path, out: Path, seed: int = 20261204) -> dict:
    raw = ml1m_histories(data_dir)
    eligible = [n for n, h in enumerate(raw) if h and h[-1] and sum(1 for i in h[:-1] if i) >= 2]
    sample = sorted(random.Random(seed).sample(eligible, min(users, len(eligible))))
    histories = {n: list(dict.fromkeys(i for i in raw[n][:-1] if i)) for n in range(len(raw))}
    targets = {n: raw[n][-1] for n in sample}
    popular = popularity(list(histories.values()))

    tmp = Path(tempfile.mkdtemp(prefix="shelf-bench-"))
    catalog = ROOT / "data" / "catalog.sqlite3"
    if not catalog.is_file():
        catalog = tmp / "catalog.sqlite3"
        build_catalog(catalog)
    settings = Settings(_env_file=None, data_dir=tmp, catalog_path=catalog, llm_base_url=None, llm_api_key=None,
                        sasrec_checkpoint=SERVING, catalog_backend="sqlite", history_backend="sqlite")
    services = await build_services(settings)
    assert services.shelf is not None
    db = sqlite3.connect(settings.history_db)
    db.executemany("INSERT OR IGNORE INTO interactions VALUES (?,?,?,?,?)",
                   [(f"ml{n}", m, "liked", "import", stamp(T0 + timedelta(minutes=j)))
                    for n in sample for j, m in enumerate(histories[n])])
    db.commit()
    db.close()

    seq = services.recommender.retriever.sequential
    hits: dict[str, list[float]] = {"popularity": [], "sasrec": [], "shelf": [], "shelf_profile_only": []}
    gains: dict[str, list[float]] = {k: [] for k in hits}
    engines: dict[str, int] = {}
    started = time.perf_counter()
    for n in sample:
        seen = set(histories[n])
        target = targets[n]
        shelves = {"popularity": [m for m in popular if m not in seen][:K],
                   "sasrec": [m for m, _ in seq.rank(histories[n], K)] if seq is not None else []}
        who = await services.shelf.personal(f"ml{n}", T0, cached=False)
        reply = await services.shelf.build(who, K, "en", strict=False, variety=str(n))
        shelves["shelf"] = [p.movie.id for p in reply.picks]
        engines[reply.engine["retrieve"]] = engines.get(reply.engine["retrieve"], 0) + 1
        services.recommender.retriever.sequential = None
        try:
            reply = await services.shelf.build(who, K, "en", strict=False, variety=str(n))
        finally:
            services.recommender.retriever.sequential = seq
        shelves["shelf_profile_only"] = [p.movie.id for p in reply.picks]
        for name, ranked in shelves.items():
            hits[name].append(float(target in ranked[:K]))
            gains[name].append(ndcg(ranked, target))
    elapsed = time.perf_counter() - started
    await services.close()

    result = {
        "what": "HR@10 / NDCG@10 of the for-you shelf vs a popularity shelf; last film of each user held out",
        "data": "MovieLens-1M sequences (shared data, not in the repo) mapped to the catalog; every film = liked",
        "users": len(sample), "eligible_users": len(eligible), "sample_seed": seed,
        "note": "a fixed random sample of users whose held-out film maps to the catalog, to keep the run short",
        "hr@10": {k: round(sum(v) / len(v), 4) for k, v in hits.items()},
        "ndcg@10": {k: round(sum(v) / len(v), 4) for k, v in gains.items()},
        "shelf_retrieval": engines,
        "ms_per_user_all_shelves": round(elapsed * 1000 / max(len(sample), 1), 1),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder holding ml-1m/")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "shelf.json")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.users, args.data, args.out)), indent=2))
