"""The catalog interface every backend (SQLite, Elasticsearch) implements identically."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from core.models import Candidate, Movie, SearchQuery


@dataclass
class Vocabulary:
    """Names the catalog knows, with film counts: lets the offline reasoner match words to filters."""

    directors: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)
    genres: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class Catalog(Protocol):
    async def search(self, query: SearchQuery) -> list[Candidate]:
        """Movies satisfying every hard filter, best first (relevance, then quality/popularity).

        Directors/actors/countries/languages match if ANY listed value matches (folded: case,
        accents, hyphens, spacing). Genres use query.filters.genre_mode. exclude_ids never appear.
        """
        ...

    async def get_many(self, ids: list[str]) -> dict[str, Movie]: ...

    async def find_titles(self, title: str, year: int | None = None, limit: int = 5) -> list[Movie]:
        """Forgiving title lookup (exact folded match first, then prefix/contains), popular first."""
        ...

    async def vocabulary(self) -> Vocabulary: ...

    async def count(self) -> int: ...

    async def close(self) -> None: ...
