"""A circuit breaker for the LLM: after N consecutive failures stop calling it for a while.

Why: a hung or failing server otherwise costs every request the full LLM deadline, and with a few pipeline slots
the bot then serves a handful of requests a minute. Open, requests go offline at once; after the cool-down a single
request probes the server (half-open) while the others stay offline; success closes the breaker, failure reopens it
with a doubled cool-down (30 s, 60 s, … up to 5 min). Open and close are logged once each.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

log = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, threshold: int = 3, cooldown_s: float = 30.0, max_cooldown_s: float = 300.0,
                 clock: Callable[[], float] = time.monotonic):
        self.threshold = max(1, threshold)
        self.base = cooldown_s
        self.max = max_cooldown_s
        self.clock = clock
        self.failures = 0  # consecutive
        self.cooldown = cooldown_s
        self.open_until: float | None = None  # None: closed
        self.probing = False

    @property
    def state(self) -> str:
        if self.open_until is None:
            return "closed"
        return "half-open" if self.probing or self.clock() >= self.open_until else "open"

    def allow(self) -> bool:
        """May this request call the LLM? In half-open state only one request at a time is let through."""
        if self.open_until is None:
            return True
        if self.probing or self.clock() < self.open_until:
            return False
        self.probing = True
        return True

    def success(self) -> None:
        if self.open_until is not None:
            log.warning("LLM circuit closed: the server answered again")
        self.failures, self.cooldown, self.open_until, self.probing = 0, self.base, None, False

    def failure(self) -> None:
        self.failures += 1
        if self.open_until is not None:  # the probe failed (or a call that started before opening): reopen, longer
            if self.probing:
                self.cooldown = min(self.cooldown * 2, self.max)
                self.open_until, self.probing = self.clock() + self.cooldown, False
            return
        if self.failures >= self.threshold:
            self.open_until = self.clock() + self.cooldown
            log.warning("LLM circuit open: %d consecutive failures; answering offline for %.0f s (then one probe)",
                        self.failures, self.cooldown)

    def release(self) -> None:
        """A probe that ended without a verdict (cancelled): let the next request probe instead."""
        self.probing = False
