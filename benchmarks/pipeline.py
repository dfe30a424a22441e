"""Pipeline latency on embedded defaults: non-LLM overhead per ask, filtered search, 50 concurrent LLM requests.

Run: python benchmarks/pipeline.py   (writes benchmarks/results/pipeline.json)
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.models import Filters, InteractionKind, SearchQuery  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402  (loads SASRec when the settings name a checkpoint)
from tests.fake_llm import FakeLLMServer, Response, sensible  # noqa: E402

REQUESTS = ["봉준호 감독 범죄 스릴러 추천해줘", "a 90s comedy with Tom Hanks", "movies like Oldboy",
            "Christopher Nolan films under 2 hours", "Korean thriller after 2005", "recommend me something",
            "90년대 로맨틱 코미디 추천", "critically acclaimed war movies", "no horror, something from the 80s",
            "Spielberg sci-fi"]
SEARCHES = [Filters(directors=["Bong Joon-ho"], genres=["Crime", "Thriller"]),
            Filters(actors=["Tom Hanks"], genres=["Comedy"], year_min=1990, year_max=1999),
            Filters(genres=["Thriller"], countries=["South Korea"], year_min=2005),
            Filters(directors=["Steven Spielberg"], max_runtime=120),
            Filters(genres=["War"], min_critic_score=70), Filters(genres=["Comedy"], exclude_genres=["Romance"]),
            Filters(text="oldboy"), Filters(languages=["French"], genres=["Drama"])]
HISTORIES = {"fan": ["Memories of Murder", "Oldboy (2003)", "The Host (2006)"],
             "hanks": ["Forrest Gump", "Big (1988)", "Cast Away"],
             "kid": ["Toy Story (1995)", "Aladdin (1992)", "The Lion King (1994)"], "new": []}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p95_ms": pct(values, 0.95),
            "mean_ms": round(statistics.mean(values), 2)}


async def seed(services) -> None:
    for user, titles in HISTORIES.items():
        for t in titles:
            await services.history.log_title(user, t, InteractionKind.LIKED)


async def ask_overhead(settings: Settings, rounds: int) -> dict:
    services = await build_services(settings)
    await seed(services)
    for text in REQUESTS:  # warm-up
        await services.recommender.recommend("fan", text)
    totals = []
    for _ in range(rounds):
        for user in HISTORIES:
            for text in REQUESTS:
                t = time.perf_counter()
                await services.recommender.recommend(user, text)
                totals.append((time.perf_counter() - t) * 1000)
    engines = {user: (await services.recommender.recommend(user, "recommend me something")).engine["retrieve"]
               for user in HISTORIES}
    await services.close()
    return {**summary(totals), "unfiltered_retrieval_engine_per_user": engines}


async def search_latency(settings: Settings, rounds: int) -> dict:
    services = await build_services(settings)
    times = []
    for _ in range(rounds):
        for f in SEARCHES:
            t = time.perf_counter()
            await services.catalog.search(SearchQuery(filters=f, limit=200))
            times.append((time.perf_counter() - t) * 1000)
    await services.close()
    return summary(times)


async def concurrent_llm(settings: Settings, n: int, latency_s: float) -> dict:
    with FakeLLMServer(lambda body, i: Response(sensible(body).content, delay_s=latency_s)) as server:
        services = await build_services(settings.model_copy(update={"llm_base_url": server.url,
                                                                    "llm_api_key": None}))
        await seed(services)
        users = list(HISTORIES)
        t = time.perf_counter()
        replies = await asyncio.gather(*[services.recommender.recommend(users[i % len(users)], REQUESTS[i % len(REQUESTS)])
                                         for i in range(n)])
        wall = time.perf_counter() - t
        await services.close()
        calls = [r.llm_calls for r in replies]
        return {"requests": n, "llm_latency_s": latency_s, "wall_s": round(wall, 3),
                "http_requests": len(server.requests), "llm_round_trips_per_request_max": max(calls),
                "llm_round_trips_per_request_mean": round(statistics.mean(calls), 2),
                "engines": sorted({f"{r.engine.get('understand')}/{r.engine.get('rank')}" for r in replies})}


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="moviebot-bench-"))
    catalog = tmp / "catalog.sqlite3"
    t = time.perf_counter()
    build_catalog(catalog)
    build_s = time.perf_counter() - t
    base = Settings(_env_file=None, data_dir=tmp, catalog_path=catalog, llm_base_url=None, llm_api_key=None,
                    sasrec_checkpoint=None)
    sasrec = Settings(_env_file=None, data_dir=tmp / "s", catalog_path=catalog, llm_base_url=None,
                      llm_api_key=None)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "catalog_build_s": round(build_s, 2),
        "ask_offline_no_sasrec": await ask_overhead(base, 5),
        "ask_offline_with_sasrec": await ask_overhead(sasrec, 5) if sasrec.sasrec_checkpoint.is_file() else None,
        "catalog_search_filtered": await search_latency(base, 25),
        "concurrent_50_llm_1s": await concurrent_llm(base, 50, 1.0),
        "targets": {"ask_p50_ms": 50, "ask_p95_ms": 150, "search_p50_ms": 10, "concurrent_wall_s": 3,
                    "llm_round_trips_max": 2},
    }
    out = ROOT / "benchmarks" / "results" / "pipeline.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
