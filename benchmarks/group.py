"""Movie-night latency: the non-LLM time of a group request (groups of 3, 30-200 history items each).

Offline reasoner (so every millisecond measured is non-LLM work: understanding, three profiles, retrieval, each
member's SASRec ranking of the pool, the least-misery blend and the reasons), SASRec loaded from the shipped
checkpoint as benchmarks/pipeline.py does, the 17,470-film default catalog. For comparison, the same requests
asked by one member alone. Budget: p50 ≤ 50 ms for the group request.

Run: python benchmarks/group.py   (writes benchmarks/results/group.json)
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.group import GroupRecommender  # noqa: E402
from core.models import Interaction, InteractionKind  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402  (loads SASRec when the settings name a checkpoint)

REQUESTS = ["", "a crime film", "90년대 코미디 추천", "something feel-good", "movies like Heat",
            "Christopher Nolan films", "no horror, something from the 80s", "a sci-fi movie under 2 hours"]
GROUPS, USERS_PER_GROUP, ROUNDS = 10, 3, 1  # 10 groups x 8 requests = 80 timed requests per round
KINDS = [InteractionKind.WATCHED] * 7 + [InteractionKind.LIKED] * 2 + [InteractionKind.NOT_INTERESTED]
BUDGET_P50_MS = 50


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p95_ms": pct(values, 0.95),
            "mean_ms": round(statistics.mean(values), 2), "max_ms": round(max(values), 2)}


def popular_ids(catalog: Path, n: int = 3000) -> list[str]:
    """Histories drawn from the better-known films, as real viewers' are (and SASRec knows most of them)."""
    with sqlite3.connect(catalog) as db:
        return [r[0] for r in db.execute("SELECT id FROM movies ORDER BY reviews DESC LIMIT ?", (n,))]


async def seed(services, pool: list[str], rng: random.Random) -> list[list[str]]:
    groups = []
    for g in range(GROUPS):
        members = []
        for m in range(USERS_PER_GROUP):
            user = f"g{g}m{m}"
            for movie_id in rng.sample(pool, rng.randint(30, 200)):
                await services.store.add(Interaction(user_id=user, movie_id=movie_id, kind=rng.choice(KINDS),
                                                     source="bench"))
            members.append(user)
        groups.append(members)
    return groups


async def run(settings: Settings, catalog: Path) -> dict:
    services = await build_services(settings)
    rng = random.Random(11)
    groups = await seed(services, popular_ids(catalog), rng)
    sizes = [len(await services.store.recent(u, 1000)) for g in groups for u in g]
    group = GroupRecommender(services.recommender)
    for members in groups[:2]:  # warm-up: caches, SASRec, the name and title indexes
        for text in REQUESTS:
            await group.recommend(members, text)
    totals, stages, single, leaked, engines = [], {}, [], 0, set()
    for _ in range(ROUNDS):
        for members in groups:
            for text in REQUESTS:
                t = time.perf_counter()
                reply = await group.recommend(members, text)
                totals.append((time.perf_counter() - t) * 1000)
                for stage, ms in reply.timings_ms.items():
                    stages.setdefault(stage, []).append(ms)
                engines.add(reply.engine["retrieve"])
                seen = set()
                for u in members:
                    seen |= set((await services.recommender.profiles.get(u))[0].excluded)
                leaked += len({p.movie.id for p in reply.picks} & seen)
                t = time.perf_counter()
                await services.recommender.recommend(members[0], text or "recommend me something")
                single.append((time.perf_counter() - t) * 1000)
    await services.close()
    group_summary = summary(totals)
    return {
        "group_request": group_summary,
        "group_stages_p50_ms": {k: pct(v, 0.5) for k, v in stages.items()},
        "single_user_same_requests": summary(single),
        "added_over_single_user_p50_ms": round(group_summary["p50_ms"] - pct(single, 0.5), 2),
        "history_items_per_member": {"min": min(sizes), "max": max(sizes), "mean": round(statistics.mean(sizes), 1)},
        "groups": GROUPS, "members_per_group": USERS_PER_GROUP, "requests": REQUESTS,
        "retrieval_engines": sorted(engines),
        "picks_any_member_had_logged": leaked,
        "sasrec": services.recommender.retriever.sequential is not None,
        "budget": {"group_p50_ms": BUDGET_P50_MS, "met": group_summary["p50_ms"] <= BUDGET_P50_MS},
    }


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="moviebot-bench-group-"))
    catalog = tmp / "catalog.sqlite3"
    build_catalog(catalog)
    settings = Settings(_env_file=None, data_dir=tmp, catalog_path=catalog, llm_base_url=None, llm_api_key=None)
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              **await run(settings, catalog)}
    out = ROOT / "benchmarks" / "results" / "group.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
