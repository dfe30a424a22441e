"""The opt-in digest: N fresh personal picks on a daily or weekly schedule, kept in the personal store.

Why here, with no discord import: the schedule, the "fresh" rule and the batching are the product; the bot only
says where a digest goes and how a post failed. The clock is injected, so tests move time instead of sleeping.

* Fresh: never a film the user logged (the profile's exclusions) or was shown in the last 30 days.
* Spread: each user's slot is the time they subscribed plus a stable per-user offset of up to SPREAD, and due
  digests are handled earliest first, BATCH at a time, at most CONCURRENCY posts in flight, giving way to
  ordinary requests between steps: 10,000 digests due in one hour never hold up the bot's answers.
* Cost: SASRec runs once per CHUNK of users (a batched pass in a worker thread, overlapping the previous chunk's
  work), each digest makes at most one LLM call (rank), and one store write settles a batch.
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
from core.shelf import RANKED_POOL, Personal, Shelf

log = logging.getLogger(__name__)

PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
SPREAD = timedelta(minutes=30)
FRESH = timedelta(days=30)
DIGEST_PICKS = 5
BATCH = 128
CONCURRENCY = 8
GIVE_WAY_S = 0.2  # per step at most: under constant load digests still move (5 users/s at worst)
CHUNK = 64  # users per SASRec pass; the next chunk's pass overlaps this chunk's work
LOADS = 4  # store reads in flight per batch: requests share the stores' connections and must not queue long

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
                 picks: int = DIGEST_PICKS, batch: int = BATCH, concurrency: int = CONCURRENCY,
                 busy: Callable[[], bool] = lambda: False):
        self.shelf = shelf
        self.busy = busy  # True while ordinary requests run: digest work waits (a little) for them
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
        """Digests for many users, CHUNK at a time: while one chunk's digests are built on the event loop, the
        next chunk's histories load and its SASRec pass runs in a worker thread (one batched pass per chunk)."""
        chunks = [users[i:i + CHUNK] for i in range(0, len(users), CHUNK)]
        replies: list[Reply] = []
        if not chunks:
            return replies
        pending = asyncio.create_task(self._inputs(chunks[0], now))
        try:
            for n, chunk in enumerate(chunks):
                people, ranked = await pending
                if n + 1 < len(chunks):
                    pending = asyncio.create_task(self._inputs(chunks[n + 1], now))
                for (user_id, language), who, r in zip(chunk, people, ranked):
                    reply = await self.shelf.build(who, self.picks, language, strict=True, ranked=r,
                                                   variety=f"{user_id}:{now.date()}")
                    if reply.picks:
                        reply.message = msg("digest_header", language, n=len(reply.picks))
                    replies.append(reply)
                    await self._make_way()
        finally:
            pending.cancel()
        return replies

    async def _inputs(self, users: list[tuple[str, str]], now: datetime
                      ) -> tuple[list[Personal], list[list[tuple[str, float]] | None]]:
        """The users' histories and films to avoid (a few store reads at a time), then one SASRec pass."""
        loads = asyncio.Semaphore(LOADS)

        async def load(user_id: str) -> Personal:
            async with loads:
                return await self.shelf.personal(user_id, now - FRESH, cached=False)

        people = list(await asyncio.gather(*(load(u) for u, _ in users)))
        ranked: list[list[tuple[str, float]] | None] = [None] * len(users)
        seq = self.shelf.sequential
        if seq is not None and hasattr(seq, "rank_many"):
            known = [seq.known(p.profile.watched) for p in people]
            rows = [i for i, k in enumerate(known) if k]
            if rows:
                await self._make_way()  # the pass holds both cores for ~0.1 s: start it between requests
                out = await asyncio.to_thread(seq.rank_many, [list(reversed(known[i])) for i in rows], RANKED_POOL,
                                              [people[i].profile.excluded + people[i].avoid for i in rows])
                for i, r in zip(rows, out):
                    ranked[i] = r
        return people, ranked

    async def _make_way(self) -> None:
        """Between two users' digests: requests first, for up to GIVE_WAY_S (so digests still finish under load)."""
        waited = 0.0
        await asyncio.sleep(0)
        while self.busy() and waited < GIVE_WAY_S:
            await asyncio.sleep(0.002)
            waited += 0.002

    # ------------------------------------------------------------------ the scheduled run
    async def run_due(self, deliver: Deliver, allowed: Allowed, now: datetime | None = None) -> RunStats:
        """Every subscription due at `now`, batch by batch. Each is posted (or skipped) and then moved to its next
        slot or turned off, in one store write per batch; so the loop ends even when posts fail."""
        now = now or self.clock()
        stats = RunStats()
        gate = asyncio.Semaphore(self.concurrency)
        while subs := await self.store.due(now, self.batch):
            stats.due += len(subs)
            open_subs = [s for s in subs if await allowed(s)]
            # the server turned digests off: no post this time, the subscription stays and moves on
            done: list[tuple[Subscription, Outcome, Reply | None]] = [(s, "blocked", None) for s in subs
                                                                       if s not in open_subs]
            replies = await self.prepare_many([(s.user_id, s.language) for s in open_subs], now) if open_subs else []
            posted = await asyncio.gather(*(self._one(s, r, deliver, gate) for s, r in zip(open_subs, replies)))
            done += [p for p in posted if p is not None]
            stats.skipped += posted.count(None)
            for _, outcome, _ in done:
                stats.outcomes[outcome] = stats.outcomes.get(outcome, 0) + 1
            changes = [(s, self._after(s, outcome, now), [p.movie.id for p in r.picks] if r and outcome == "sent"
                        else []) for s, outcome, r in done]
            stats.skipped += len(changes) - await self.store.settle(changes, now)  # changed during the post
            await asyncio.sleep(0)  # let ordinary requests in between batches
        return stats

    async def _one(self, sub: Subscription, reply: Reply, deliver: Deliver, gate: asyncio.Semaphore
                   ) -> tuple[Subscription, Outcome, Reply] | None:
        async with gate:
            current = await self.store.get(sub.user_id)
            if current is None or not current.active or current.next_at != sub.next_at:
                return None  # opted out (or re-subscribed) since it was found due: honoured at once
            if not reply.picks:
                return sub, "failed", reply
            try:
                return sub, await deliver(sub, reply), reply
            except Exception:
                log.exception("digest for a user failed; trying again at the next slot")
                return sub, "failed", reply

    @staticmethod
    def _after(sub: Subscription, outcome: Outcome, now: datetime) -> Subscription:
        if outcome in ("dm_closed", "channel_lost"):
            return sub.model_copy(update={"active": False, "note": outcome})
        return sub.model_copy(update={"next_at": following(sub, now)})
