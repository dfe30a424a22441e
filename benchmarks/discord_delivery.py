"""20 concurrent answers in one Discord channel under Discord's per-channel limit (5 messages / 5 s).

Runs the bot's real delivery code (RecommendCog.deliver: the per-channel queue, the compact layout) against a fake
channel that enforces the limit the way discord.py experiences it (a send waits for the bucket), with time scaled
down by SCALE so the run takes seconds; all reported times are scaled back to real seconds. Reactions (compact
mode) have their own, faster bucket (1 per 0.25 s). Three layouts: one message per movie without the queue (the
old behaviour: answers interleave), the same with the queue, and compact mode (one message per answer).

Run: python benchmarks/discord_delivery.py   (writes benchmarks/results/discord_delivery.json)
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.factory import create_bot  # noqa: E402
from core.catalog.build import build_catalog  # noqa: E402
from core.config import Settings  # noqa: E402
from core.services import build_services  # noqa: E402
from tests.bot_fixtures import set_bot_user  # noqa: E402

SCALE = 0.01  # 5 messages per 5 s becomes 5 per 0.05 s
REQUESTS = 20
TEXTS = ["a 90s comedy with Tom Hanks", "a western", "봉준호 감독 영화", "a feel-good movie", "crime films"]


class Bucket:
    """Discord's per-route limit: `per` uses per `window` seconds; a caller waits for a free slot."""

    def __init__(self, per: int, window: float):
        self.per, self.window, self.times = per, window * SCALE, []
        self.lock = asyncio.Lock()

    async def take(self) -> None:
        async with self.lock:
            now = time.perf_counter()
            self.times = [t for t in self.times if now - t < self.window]
            if len(self.times) >= self.per:
                await asyncio.sleep(self.window - (now - self.times[0]))
            self.times.append(time.perf_counter())


class Channel:
    def __init__(self):
        self.messages, self.reactions = Bucket(5, 5.0), Bucket(1, 0.25)
        self.log: list[tuple[float, str]] = []  # (time, owner)
        self.ids = iter(range(10**6, 10**7))

    def sender(self, owner: str):
        async def send(**kwargs):
            await self.messages.take()
            self.log.append((time.perf_counter(), owner))
            channel = self

            async def add_reaction(_emoji):
                await channel.reactions.take()

            return SimpleNamespace(id=next(self.ids), add_reaction=add_reaction)
        return send


async def run(bot, replies, layout: str) -> dict:
    rec = bot.get_cog("RecommendCog")
    settings = bot.get_cog("SettingsCog")
    await settings.store.set_compact("1", layout == "compact")
    settings.store._compact.clear()
    channel = Channel()
    start = time.perf_counter()
    done: dict[str, float] = {}
    first: dict[str, float] = {}

    async def one(i: int, reply) -> None:
        owner = f"r{i}"
        send = channel.sender(owner)
        if layout == "no_queue":  # the old path: header, then one message per movie, no turn-taking
            await send(content="header")
            for _ in reply.picks:
                await send(embed=None)
        else:
            await rec.deliver(reply, 100 + i, 42, 1, send, send)
        done[owner] = time.perf_counter() - start

    await asyncio.gather(*(one(i, r) for i, r in enumerate(replies)))
    for t, owner in channel.log:
        first.setdefault(owner, t - start)
    owners = [o for _, o in channel.log]
    switches = sum(1 for a, b in zip(owners, owners[1:]) if a != b)
    real = lambda s: round(s / SCALE, 1)  # noqa: E731
    finish = sorted(done.values())
    return {"messages": len(channel.log), "all_delivered_s": real(max(finish)),
            "answer_complete_p50_s": real(statistics.median(finish)),
            "answer_complete_p95_s": real(finish[int(0.95 * (len(finish) - 1))]),
            "first_message_p50_s": real(statistics.median(first.values())),
            "interleavings": switches - (len(replies) - 1)}


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="moviebot-bench-"))
    build_catalog(tmp / "catalog.sqlite3")
    services = await build_services(Settings(_env_file=None, data_dir=tmp, catalog_path=tmp / "catalog.sqlite3",
                                             llm_base_url=None, llm_api_key=None, sasrec_checkpoint=None))
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    replies = [await services.recommender.recommend(f"u{i}", TEXTS[i % len(TEXTS)]) for i in range(REQUESTS)]
    result = {"requests": REQUESTS, "picks_per_answer": 5, "limit": "5 messages / 5 s per channel (reactions 1 / 0.25 s)",
              "time_scale": SCALE}
    for layout in ("no_queue", "queue", "compact"):
        result[layout] = await run(bot, replies, layout)
    with contextlib.suppress(Exception):
        await bot.close_services()
    out = ROOT / "benchmarks" / "results" / "discord_delivery.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
