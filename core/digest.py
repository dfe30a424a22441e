"""The opt-in digest: N fresh personal picks on a daily or weekly schedule, kept in the personal store.

Why here, with no discord import: the schedule, the "fresh" rule and the batching are the product; the bot only
says where a digest goes and how a post failed. The clock is injected, so tests move time instead of sleeping.

* Fresh: never a film the user logged (the profile's exclusions) or was shown in the last 30 days.
* Spread: each user's slot is the time they subscribed plus a stable per-user offset of up to SPREAD, and due
  digests are handled earliest first, BATCH at a time, at most CONCURRENCY posts in flight, yielding to the
  event loop between batches: 10,000 digests due in one hour never hold up ordinary requests.
* Cost: SASRec runs once per batch (batched forward pass), and each digest makes at most one LLM call (rank).
* A post that can never succeed (closed DMs, a lost channel) turns the digest off and leaves a note that the bot
  gives the next time the user talks to it.
"""
from __future__ import annotations

import asyncio
import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Awaitable, Callable, Literal

from core.messages import text as msg
from core.models import Reply, utcnow
from core.personal.base import Cadence, PersonalStore, Subscription, Target
from core.shelf import RANKED_POOL, Shelf

log = logging.getLogger(__name__)

PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
SPREAD = timedelta(minutes=30)
FRESH = timedelta(days=30)
DIGEST_PICKS = 5
BATCH = 128
CONCURRENCY = 8

Outcome = Literal["sent", "dm_closed", "channel_lost", "blocked", "failed"]
Deliver = Callable[[Subscription, Reply], Awaitable[Outcome]]
Allowed = Callable[[Subscription], Awaitable[bool]]


def offset(user_id: str) -> timedelta:
    """A stable share of SPREAD per user: subscriptions made at the same minute still post apart."""
    return timedelta(seconds=zlib.crc32(user_id.encode()) % int(SPREAD.total_seconds()))


def following(sub: Subscription, now: datetime) -> datetime:
    """The next slot after `now`: a bot that was down a week posts once, then keeps the user's rhythm."""
    step = PERIOD[sub.cadence]
    nxt = sub.next_at + step
    if nxt <= now:
        nxt += step * ((now - nxt) // step + 1)
    return nxt


@dataclass
class RunStats:
    due: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # changed or turned off between being found due and being posted


class Digest:
    def __init__(self, shelf: Shelf, store: PersonalStore, clock: Callable[[], datetime] = utcnow,
                 picks: int = DIGEST_PICKS, batch: int = BATCH, concurrency: int = CONCURRENCY):
        self.shelf = shelf
        self.store = store
        self.clock = clock
        self.picks = picks
        self.batch = batch
        self.concurrency = concurrency

    # ------------------------------------------------------------------ the user's choices
    async def subscribe(self, user_id: str, cadence: Cadence, target: Target, channel_id: str | None = None,
                        guild_id: str | None = None, language: str = "en") -> Subscription:
        now = self.clock()
        sub = Subscription(user_id=user_id, cadence=cadence, target=target, language=language, created_at=now,
                           channel_id=channel_id if target == "channel" else None,
                           guild_id=guild_id if target == "channel" else None,
                           next_at=now + PERIOD[cadence] + offset(user_id))
        await self.store.put(sub)
        return sub

    async def unsubscribe(self, user_id: str) -> bool:
        return await self.store.delete(user_id)

    async def take_note(self, user_id: str) -> str | None:
        """The reason a digest was turned off, once: the subscription goes with it."""
        sub = await self.store.get(user_id)
        if sub is None or sub.active or not sub.note:
            return None
        await self.store.delete(user_id)
        return sub.note

    # ------------------------------------------------------------------ preparing
    async def prepare(self, user_id: str, language: str = "en", now: datetime | None = None) -> Reply:
        """One digest (also the terminal preview); does not record it as shown."""
        return (await self.prepare_many([(user_id, language)], now or self.clock()))[0]

    async def prepare_many(self, users: list[tuple[str, str]], now: datetime) -> list[Reply]:
        """Digests for many users: SASRec in one batched pass, the rest per user."""
        people = await asyncio.gather(*(self.shelf.personal(u, now - FRESH) for u, _ in users))
        ranked: list[list[tuple[str, float]] | None] = [None] * len(users)
        seq = self.shelf.sequential
        if seq is not None and hasattr(seq, "rank_many"):
            known = [seq.known(p.profile.watched) for p in people]
            rows = [i for i, k in enumerate(known) if k]
            if rows:
                out = await asyncio.to_thread(seq.rank_many, [list(reversed(known[i])) for i in rows], RANKED_POOL,
                                              [people[i].profile.excluded + people[i].avoid for i in rows])
                for i, r in zip(rows, out):
                    ranked[i] = r
        replies = []
        for (user_id, language), who, r in zip(users, people, ranked):
            reply = await self.shelf.build(who, self.picks, language, strict=True, ranked=r,
                                           variety=f"{user_id}:{now.date()}")
            if reply.picks:
                reply.message = msg("digest_header", language, n=len(reply.picks))
            replies.append(reply)
        return replies

    # ------------------------------------------------------------------ the scheduled run
    async def run_due(self, deliver: Deliver, allowed: Allowed, now: datetime | None = None) -> RunStats:
        """Every subscription due at `now`, batch by batch. Each is posted (or skipped) and moved to its next slot
        or turned off; so the loop ends even when posts fail."""
        now = now or self.clock()
        stats = RunStats()
        gate = asyncio.Semaphore(self.concurrency)
        while subs := await self.store.due(now, self.batch):
            stats.due += len(subs)
            open_subs = [s for s in subs if await allowed(s)]
            blocked = [s for s in subs if s not in open_subs]
            replies = await self.prepare_many([(s.user_id, s.language) for s in open_subs], now) if open_subs else []
            for s in blocked:  # the server turned digests off: skip this one, keep the subscription
                await self._settle(s, "blocked", None, now, stats)
            await asyncio.gather(*(self._one(s, r, deliver, gate, now, stats) for s, r in zip(open_subs, replies)))
            await asyncio.sleep(0)  # let ordinary requests in between batches
        return stats

    async def _one(self, sub: Subscription, reply: Reply, deliver: Deliver, gate: asyncio.Semaphore,
                   now: datetime, stats: RunStats) -> None:
        async with gate:
            if not await self._unchanged(sub):  # opted out (or re-subscribed) meanwhile: honoured at once
                stats.skipped += 1
                return
            outcome: Outcome
            if not reply.picks:
                outcome = "failed"
            else:
                try:
                    outcome = await deliver(sub, reply)
                except Exception:
                    log.exception("digest for a user failed; trying again at the next slot")
                    outcome = "failed"
            await self._settle(sub, outcome, reply, now, stats)

    async def _unchanged(self, sub: Subscription) -> bool:
        current = await self.store.get(sub.user_id)
        return current is not None and current.active and current.next_at == sub.next_at

    async def _settle(self, sub: Subscription, outcome: Outcome, reply: Reply | None, now: datetime,
                      stats: RunStats) -> None:
        stats.outcomes[outcome] = stats.outcomes.get(outcome, 0) + 1
        if outcome == "sent" and reply is not None:
            await self.store.record_shown(sub.user_id, [p.movie.id for p in reply.picks], now)
        if not await self._unchanged(sub):  # an opt-out during the post is not undone by the bookkeeping
            return
        if outcome in ("dm_closed", "channel_lost"):
            await self.store.put(sub.model_copy(update={"active": False, "note": outcome}))
        else:
            await self.store.put(sub.model_copy(update={"next_at": following(sub, now)}))

