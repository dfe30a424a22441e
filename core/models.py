"""Typed records that cross module boundaries (stores, catalog, pipeline, adapters)."""
from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class InteractionKind(str, enum.Enum):
    WATCHED = "watched"
    LIKED = "liked"
    NOT_INTERESTED = "not_interested"


class Interaction(BaseModel):
    """One history event. (user_id, movie_id, kind) is the identity: logging it twice stores it once."""

    user_id: str
    movie_id: str  # catalog id == IMDb id, e.g. "tt0353969"
    kind: InteractionKind
    source: str = "cli"  # "reaction", "button", "command", "cli", "import"...
    created_at: datetime = Field(default_factory=utcnow)


class Movie(BaseModel):
    id: str  # IMDb id
    title: str
    year: int | None = None
    genres: list[str] = []
    directors: list[str] = []
    cast: list[str] = []
    countries: list[str] = []
    languages: list[str] = []
    runtime: int | None = None
    metacritic: int | None = None
    critics_meter: int | None = None
    reviews: int | None = None  # popularity proxy
    awards: str | None = None
    oscars: int = 0

    @property
    def imdb_url(self) -> str:
        return f"https://www.imdb.com/title/{self.id}/"

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def critic_score(self) -> int | None:
        """Metacritic if known, else the critics' meter: both are 0-100."""
        return self.metacritic if self.metacritic is not None else self.critics_meter


class Filters(BaseModel):
    """Structured constraints extracted from a request. Empty lists mean 'no constraint'."""

    directors: list[str] = []
    actors: list[str] = []
    genres: list[str] = []
    genre_mode: Literal["any", "all"] = "any"
    exclude_genres: list[str] = []
    year_min: int | None = None
    year_max: int | None = None
    countries: list[str] = []
    languages: list[str] = []
    max_runtime: int | None = None
    min_critic_score: int | None = None
    text: str | None = None  # free text / title words
    similar_to: list[str] = []  # titles: "movies like Oldboy"
    exclude_titles: list[str] = []

    def is_empty(self) -> bool:
        return self == Filters()


class SearchQuery(BaseModel):
    """What a catalog backend receives: the filters plus retrieval-only knobs."""

    filters: Filters = Filters()
    exclude_ids: list[str] = []
    limit: int = 50


class Candidate(BaseModel):
    movie: Movie
    score: float = 0.0  # backend relevance/quality score, higher is better
    source: str = "catalog"  # "catalog", "sasrec", "profile"


class TasteProfile(BaseModel):
    user_id: str
    history_version: str = ""
    text: str = ""
    genres: dict[str, float] = {}
    directors: dict[str, float] = {}
    actors: dict[str, float] = {}
    decades: dict[str, float] = {}
    countries: dict[str, float] = {}
    liked: list[str] = []  # movie ids, newest first
    watched: list[str] = []  # movie ids (watched or liked), newest first
    excluded: list[str] = []  # seen + not interested: never recommend

    @property
    def is_empty(self) -> bool:
        return not self.watched


class Pick(BaseModel):
    movie: Movie
    reason: str
    score: float = 0.0
    source: str = "catalog"


Intent = Literal["recommend", "other"]


class Reply(BaseModel):
    """Everything an adapter needs to answer, plus what tests and `ask --json` inspect."""

    intent: Intent = "recommend"
    language: str = "en"  # "ko" or "en": the reply's language follows the request
    message: str = ""  # the header (recommend) or the whole answer (other)
    filters: Filters = Filters()
    relaxed: list[str] = []  # human-readable notes about constraints dropped to find anything
    picks: list[Pick] = []
    profile_summary: str = ""
    engine: dict[str, str] = {}  # stage -> "llm" | "offline" | "sasrec" | "catalog" | "profile"
    timings_ms: dict[str, float] = {}
    llm_calls: int = 0
