"""The LLM circuit breaker, on an injected clock."""
from __future__ import annotations

import logging

from core.breaker import CircuitBreaker


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_opens_after_n_failures_probes_once_and_doubles(caplog):
    clock = Clock()
    b = CircuitBreaker(threshold=3, cooldown_s=30, max_cooldown_s=300, clock=clock)
    with caplog.at_level(logging.WARNING, logger="core.breaker"):
        for _ in range(2):
            assert b.allow()
            b.failure()
        assert b.state == "closed"
        b.allow()
        b.failure()
        assert b.state == "open" and not b.allow()
        clock.t = 29.9
        assert not b.allow()
        clock.t = 30
        assert b.allow() and not b.allow()  # one probe; the others stay offline
        b.failure()  # the probe failed: 60 s now
        clock.t = 89
        assert not b.allow()
        clock.t = 90.1
        assert b.allow()
        for _ in range(10):  # doubling stops at the maximum
            b.failure()
            clock.t += b.cooldown
            assert b.allow()
        assert b.cooldown == 300
        b.success()
        assert b.state == "closed" and b.allow() and b.allow() and b.cooldown == 30
    opened = [r for r in caplog.records if "circuit open" in r.message]
    closed = [r for r in caplog.records if "circuit closed" in r.message]
    assert len(opened) == 1 and len(closed) == 1


def test_success_resets_the_count():
    b = CircuitBreaker(threshold=2, clock=Clock())
    b.failure()
    b.success()
    b.failure()
    assert b.state == "closed"


def test_cancelled_probe_lets_another_probe():
    clock = Clock()
    b = CircuitBreaker(threshold=1, cooldown_s=1, clock=clock)
    b.failure()
    clock.t = 2
    assert b.allow() and not b.allow()
    b.release()
    assert b.allow()
