"""The history interface every backend (SQLite, DynamoDB) implements identically."""
from __future__ import annotations

from typing import AsyncIterator, Protocol, runtime_checkable

from core.models import Interaction, InteractionKind


@runtime_checkable
class HistoryStore(Protocol):
    async def add(self, interaction: Interaction) -> bool:
        """Store it; True if new. (user_id, movie_id, kind) is the identity, so re-adding is a no-op."""
        ...

    async def remove(self, user_id: str, movie_id: str, kind: InteractionKind) -> bool:
        """True if a record was removed."""
        ...

    async def recent(self, user_id: str, limit: int = 500) -> list[Interaction]:
        """The user's history, newest first."""
        ...

    async def delete_user(self, user_id: str) -> int:
        """Delete everything about the user; returns how many records went."""
        ...

    def export(self) -> AsyncIterator[Interaction]:
        """Every interaction of every user (training, migration), oldest first per user."""
        ...

    async def close(self) -> None: ...
