"""What adapters do with history: log by id or by title, list with movie facts, forget."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.catalog.base import Catalog
from core.errors import AmbiguousTitle, BadRequest
from core.history.base import HistoryStore
from core.models import Interaction, InteractionKind, Movie
from core.text import fold, title_key
from core.understand.titles import TitleIndex

MIN_TITLE_CHARS = 2  # "a" must not log Amour


@dataclass
class HistoryEntry:
    interaction: Interaction
    movie: Movie | None  # None if the catalog no longer has it


class HistoryService:
    def __init__(self, store: HistoryStore, catalog: Catalog, on_forget: list[Callable[[str], None]] | None = None,
                 titles: Callable[[], Awaitable[TitleIndex | None]] | None = None,
                 erase: list[Callable[[str], Awaitable[int]]] | None = None):
        self.store = store
        self.erase = erase or []  # other stores holding the user's data (digest subscription, shown films)
        self.catalog = catalog
        self.on_forget = on_forget or []  # evictions of in-process caches that hold a user's data
        self.titles = titles  # the shared fuzzy title index (the understander's), when the catalog has one

    async def log(self, user_id: str, movie_id: str, kind: InteractionKind, source: str = "cli") -> bool:
        return await self.store.add(Interaction(user_id=user_id, movie_id=movie_id, kind=kind, source=source))

    async def unlog(self, user_id: str, movie_id: str, kind: InteractionKind) -> bool:
        return await self.store.remove(user_id, movie_id, kind)

    async def resolve_title(self, title: str) -> Movie:
        """"Memories of Murderr", "the host (2006)", "tt0353969" -> one catalog film, or a clear error.

        An IMDb id and "TITLE (YEAR)" are exact. Otherwise the title index forgives case, punctuation and typos,
        but never guesses: a query under MIN_TITLE_CHARS letters, or one that no title is close to, is refused,
        and a title several films share raises AmbiguousTitle with the choices.
        """
        title = " ".join(title.split())
        if re.fullmatch(r"tt\d{5,10}", title):
            found = await self.catalog.get_many([title])
            if title not in found:
                raise BadRequest(f"No movie with IMDb id {title} is in the catalog.")
            return found[title]
        year = None
        if m := re.fullmatch(r"(.+?)\s*\((\d{4})\)", title):
            title, year = m.group(1).strip(), int(m.group(2))
        if len(fold(title).replace(" ", "")) < MIN_TITLE_CHARS:
            raise BadRequest(f"“{title}” is too short to find a film by: give more of the title.")
        if year is not None:  # exact: the folded title and that year
            exact = [m for m in await self.catalog.find_titles(title, year=year, limit=10)
                     if title_key(m.title) == title_key(title) and m.year == year]
            if not exact:
                raise BadRequest(f"No movie titled “{title}” from {year} is in the catalog.")
            return exact[0]
        hits = [m for m in await self.catalog.find_titles(title, limit=10) if title_key(m.title) == title_key(title)]
        index = None if hits else await self.titles() if self.titles else None  # the exact title needs no index
        match = index.match(title) if index else None
        if match is None:
            if not hits:
                raise BadRequest(f"No movie titled “{title}” is in the catalog.")
            ids = [h.id for h in hits]
        else:
            same = [t for t in match.alternatives if title_key(t.title) == title_key(match.best.title)]
            ids = [match.best.id] + [t.id for t in same]
        movies = await self.catalog.get_many(ids)
        choices = [movies[i] for i in ids if i in movies]
        if len(choices) > 1:
            raise AmbiguousTitle(title, choices)
        return choices[0]

    async def log_title(self, user_id: str, title: str, kind: InteractionKind, source: str = "cli") -> Movie:
        movie = await self.resolve_title(title)
        await self.log(user_id, movie.id, kind, source)
        return movie

    async def entries(self, user_id: str, limit: int = 500) -> list[HistoryEntry]:
        items = await self.store.recent(user_id, limit)
        movies = await self.catalog.get_many(sorted({i.movie_id for i in items}))
        return [HistoryEntry(i, movies.get(i.movie_id)) for i in items]

    def changed(self, user_id: str) -> None:
        """Drop in-process caches of the user's data (after a forget or a bulk change such as an import)."""
        for evict in self.on_forget:
            evict(user_id)

    async def forget(self, user_id: str) -> int:
        """The history's records deleted (the count reported); the other stores' records go too."""
        try:
            deleted = await self.store.delete_user(user_id)
            for erase in self.erase:
                await erase(user_id)
            return deleted
        finally:
            self.changed(user_id)
