"""Follow-up latency: the non-LLM time of a follow-up turn ("more", "older", "not horror", "#2", "why #3?") next to
the first request of a conversation, offline reasoner, SASRec loaded when its checkpoint is present.

Run: python benchmarks/conversation.py   (writes benchmarks/results/conversation.json)
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline import HISTORIES, seed, summary  # noqa: E402
from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402

DIALOGUES = [
    ["a 90s comedy with Tom Hanks", "more", "older", "not romance", "with Meg Ryan instead", "more like #2",
     "why #3?"],
    ["봉준호 감독 범죄 스릴러 추천해줘", "다른 거", "공포 말고", "2번 같은 거", "1번 왜?"],
    ["Korean thriller after 2005", "shorter", "in Korean", "another 3", "like the second one"],
    ["recommend me something", "older", "no musicals", "newer", "why #1?"],
]


async def measure(settings: Settings, rounds: int) -> dict:
    services = await build_services(settings)
    await seed(services)
    rec = services.recommender
    first, follow, by_kind, calls = [], [], {}, []
    for r in range(rounds + 1):  # round 0 warms up
        for user in HISTORIES:
            for d, dialogue in enumerate(DIALOGUES):
                channel = f"bench-{r}-{d}"
                for i, text in enumerate(dialogue):
                    t = time.perf_counter()
                    reply = await rec.recommend(user, text, conversation=channel, follow_up=i > 0)
                    ms = (time.perf_counter() - t) * 1000
                    if r == 0:
                        continue
                    calls.append(reply.llm_calls)
                    (follow if i else first).append(ms)
                    if i:
                        by_kind.setdefault(text, []).append(ms)
    await services.close()
    return {"first_request": summary(first), "follow_up": summary(follow),
            "follow_up_by_text": {k: summary(v)["p50_ms"] for k, v in by_kind.items()},
            "llm_round_trips_max": max(calls)}


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="moviebot-bench-"))
    catalog = tmp / "catalog.sqlite3"
    build_catalog(catalog)
    sasrec = Settings(_env_file=None, data_dir=tmp, catalog_path=catalog, llm_base_url=None, llm_api_key=None)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sasrec_loaded": sasrec.sasrec_checkpoint.is_file() if sasrec.sasrec_checkpoint else False,
        "offline": await measure(sasrec, 5),
        "target": {"follow_up_p50_ms": 50},
    }
    out = ROOT / "benchmarks" / "results" / "conversation.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
