"""Sending to Discord channels in order, one answer at a time per channel.

Discord allows about 5 messages per 5 s in a channel. discord.py already waits out those buckets, so 20 people
asking at once are not refused; without this queue, though, their messages interleave and every answer finishes
late. Here each answer takes its turn per channel (asyncio.Lock is FIFO: first asked, first delivered), so the
first asker's picks arrive whole before the next ones start, and a transient failure (a 5xx, a 429 that slipped
through) is retried with backoff instead of losing the rest of the answer.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import discord

log = logging.getLogger(__name__)
RETRIES = 3


class ChannelQueues:
    def __init__(self, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep):
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.sleep = sleep

    @asynccontextmanager
    async def turn(self, channel_id: int) -> AsyncIterator[None]:
        """Hold the channel for one answer; the lock is dropped when nobody waits for it (bounded memory)."""
        lock = self._locks.setdefault(channel_id, asyncio.Lock())
        self._waiting[channel_id] = self._waiting.get(channel_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[channel_id] -= 1
            if not self._waiting[channel_id]:
                del self._waiting[channel_id], self._locks[channel_id]

    async def send(self, send: Callable[..., Awaitable[Any]], **kwargs: Any) -> Any:
        """`send(**kwargs)`, retried on a 429 or a server error (never on a 4xx that will fail again)."""
        for attempt in range(RETRIES + 1):
            try:
                return await send(**kwargs)
            except discord.HTTPException as exc:
                retryable = exc.status == 429 or exc.status >= 500
                if not retryable or attempt == RETRIES:
                    raise
                wait = float(getattr(exc, "retry_after", 0) or 0) or 0.5 * 2 ** attempt
                log.warning("send failed with HTTP %s; retrying in %.1f s", exc.status, wait)
                await self.sleep(min(wait, 10.0))
        return None

    def __len__(self) -> int:
        return len(self._locks)
