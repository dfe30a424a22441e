"""What adapters do with history: log by id or by title, list with movie facts, forget."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.catalog.base import Catalog
from core.errors import BadRequest
from core.history.base import HistoryStore
from core.models import Interaction, InteractionKind, Movie


@dataclass
class HistoryEntry:
    interaction: Interaction
    movie: Movie | None  # None if the catalog no longer has it


class HistoryService:
    def __init__(self, store: HistoryStore, catalog: Catalog, on_forget: list[Callable[[str], None]] | None = None):
        self.store = store
        self.catalog = catalog
        self.on_forget = on_forget or []  # evictions of in-process caches that hold a user's data

    async def log(self, user_id: str, movie_id: str, kind: InteractionKind, source: str = "cli") -> bool:
        return await self.store.add(Interaction(user_id=user_id, movie_id=movie_id, kind=kind, source=source))

    async def unlog(self, user_id: str, movie_id: str, kind: InteractionKind) -> bool:
        return await self.store.remove(user_id, movie_id, kind)

    async def resolve_title(self, title: str) -> Movie:
        """"Memories of Murder" or "The Host (2006)" -> the best catalog match, or a clear error."""
        title = title.strip()
        year = None
        if title.endswith(")") and "(" in title:
            head, _, tail = title.rpartition("(")
            if tail[:-1].strip().isdigit():
                title, year = head.strip(), int(tail[:-1])
        if not title:
            raise BadRequest("Give a movie title.")
        found = await self.catalog.find_titles(title, year=year, limit=1)
        if not found:
            raise BadRequest(f"No movie titled {title!r} is in the catalog.")
        return found[0]

    async def log_title(self, user_id: str, title: str, kind: InteractionKind, source: str = "cli") -> Movie:
        movie = await self.resolve_title(title)
        await self.log(user_id, movie.id, kind, source)
        return movie

    async def entries(self, user_id: str, limit: int = 500) -> list[HistoryEntry]:
        items = await self.store.recent(user_id, limit)
        movies = await self.catalog.get_many(sorted({i.movie_id for i in items}))
        return [HistoryEntry(i, movies.get(i.movie_id)) for i in items]

    async def forget(self, user_id: str) -> int:
        try:
            return await self.store.delete_user(user_id)
        finally:
            for evict in self.on_forget:
                evict(user_id)
