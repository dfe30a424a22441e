"""The personal store interface (SQLite and DynamoDB implement it identically) and its records.

Why a store of its own: the schedule must survive restarts, and "never show it again within 30 days" needs
what was shown and when. Both are per user and both go with `/forget`.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from core.models import utcnow

Cadence = Literal["daily", "weekly"]
Target = Literal["dm", "channel"]


def stamp(dt: datetime) -> str:
    """A UTC timestamp string of fixed width: string order is time order in SQL and DynamoDB alike."""
    dt = dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


class Subscription(BaseModel):
    """One user's digest. `note` says why it was turned off; the bot tells the user once, then clears it."""

    user_id: str
    cadence: Cadence
    target: Target
    channel_id: str | None = None  # the channel to post in (target "channel")
    guild_id: str | None = None  # its server, for the server's "no digests" setting
    language: str = "en"
    next_at: datetime
    active: bool = True
    note: str | None = None  # "dm_closed" | "channel_lost" while a turned-off digest is still untold
    created_at: datetime = Field(default_factory=utcnow)


@runtime_checkable
class PersonalStore(Protocol):
    async def put(self, sub: Subscription) -> None:
        """Create or replace the user's subscription (one per user)."""
        ...

    async def get(self, user_id: str) -> Subscription | None: ...

    async def delete(self, user_id: str) -> bool:
        """Remove the subscription; True if there was one."""
        ...

    async def due(self, now: datetime, limit: int = 200) -> list[Subscription]:
        """Active subscriptions with next_at <= now, earliest first, at most `limit`."""
        ...

    async def record_shown(self, user_id: str, movie_ids: list[str], at: datetime) -> None:
        """Remember that these films were shown to the user at `at`."""
        ...

    async def shown_since(self, user_id: str, since: datetime) -> list[str]:
        """Films shown to the user at or after `since`, newest first, each once."""
        ...

    async def settle(self, changes: list[tuple[Subscription, Subscription, list[str]]], at: datetime) -> int:
        """After a digest run: for each (as found due, what it becomes, films posted), replace the subscription
        and record the films as shown at `at`, but only if it is still as found (an opt-out or a forget during
        the post wins). One write round for the whole batch; returns how many were applied."""
        ...

    async def delete_user(self, user_id: str) -> int:
        """Everything about the user (subscription and shown records); how many records went."""
        ...

    async def close(self) -> None: ...
