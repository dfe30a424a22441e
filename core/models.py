"""Typed records that cross module boundaries (stores, catalog, pipeline, adapters)."""
from __future__ import annotations

import enum
import math
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema


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
    imdb_rating: float | None = None  # IMDb-built catalogs only; None on the bokeh snapshot
    imdb_votes: int | None = None
    aliases: list[str] = []  # localized titles from IMDb akas (Korean etc.)
    # TMDB enrichment (`moviebot catalog enrich --tmdb`); all empty on the bokeh snapshot and plain IMDb builds
    overview: str | None = None
    overview_ko: str | None = None
    title_ko: str | None = None
    poster_path: str | None = None  # TMDB path such as "/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg"
    keywords: list[str] = []
    # Which catalog built this row ("bokeh", "imdb", "" unknown): core/catalog/reliability.py says which of the
    # fields above may be stated as fact, and in what order `cast` is (billing or derived prominence).
    catalog_source: str = ""

    @property
    def imdb_url(self) -> str:
        return f"https://www.imdb.com/title/{self.id}/"

    @property
    def poster_url(self) -> str | None:
        return f"https://image.tmdb.org/t/p/w342{self.poster_path}" if self.poster_path else None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def critic_score(self) -> int | None:
        """Metacritic if known, else the critics' meter: both are 0-100."""
        return self.metacritic if self.metacritic is not None else self.critics_meter


# Numeric filters and the values that mean something; anything else (1e20, -5, "abc") is dropped with a note,
# so no user or model number can reach a store as an overflow or a nonsense query.
NUMERIC_BOUNDS: dict[str, tuple[int, int]] = {
    "year_min": (1870, 2100), "year_max": (1870, 2100), "max_runtime": (1, 1440), "min_runtime": (1, 1440),
    "min_critic_score": (0, 100),
}


def _bounded(field: str, value: Any) -> tuple[int | None, bool]:
    """(the value as an int, or None; whether something was dropped)."""
    if value is None or value == "":
        return None, False
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None, True
    lo, hi = NUMERIC_BOUNDS[field]
    if not math.isfinite(number) or not lo <= number <= hi:
        return None, True
    return round(number), False


class Filters(BaseModel):
    """Structured constraints extracted from a request. Empty lists mean 'no constraint'.

    Validated again wherever a Filters is handed on (revalidate_instances), so values set field by field by the
    offline reasoner or a follow-up pass the same bounds as the LLM's JSON.
    """

    model_config = ConfigDict(revalidate_instances="always")

    directors: list[str] = []
    actors: list[str] = []
    genres: list[str] = []
    genre_mode: Literal["any", "all"] = "any"
    exclude_genres: list[str] = []
    year_min: int | None = None
    year_max: int | None = None
    countries: list[str] = []
    languages: list[str] = []  # the film's primary (first-listed) language is one of these
    min_runtime: int | None = None  # minutes
    max_runtime: int | None = None
    min_critic_score: int | None = None
    oscar: Literal["won", "nominated"] | None = None  # Academy Awards: won at least one / nominated at least once
    moods: list[str] = []  # ids from core/data/moods.json: soft preferences plus obvious exclusions
    acclaimed: bool = False  # "best", "classic", "of all time": favour acclaimed, lasting films (soft)
    text: str | None = None  # free text / title words
    similar_to: list[str] = []  # titles: "movies like Oldboy"
    exclude_titles: list[str] = []
    exclude_people: list[str] = []  # "without Tom Hanks": no film they directed or act in
    ignored: SkipJsonSchema[list[str]] = []  # out-of-range values that were dropped: the reply says so

    @model_validator(mode="before")
    @classmethod
    def _bound_numbers(cls, data: Any) -> Any:
        if isinstance(data, BaseModel):
            data = dict(data)
        if not isinstance(data, dict):
            return data
        data = dict(data)
        ignored = list(data.get("ignored") or [])
        for field in NUMERIC_BOUNDS:
            value, dropped = _bounded(field, data.get(field))
            if dropped:
                ignored.append(f"{field}={str(data[field])[:24]}")
            data[field] = value
        data["ignored"] = ignored
        return data

    def is_empty(self) -> bool:
        return self.model_dump(exclude={"ignored"}) == Filters().model_dump(exclude={"ignored"})


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


Intent = Literal["recommend", "other", "question"]


class StageReport(BaseModel):
    """What one LLM stage did for one request: benchmarks and operators read it to tell a slow model from a wrong one.

    outcome: "llm" | "llm + offline fill" | "offline: <why>" (plus "(N reasons replaced)" and the like).
    fallback_reason: "" or one of timeout, invalid_json, schema, foreign_ids, unavailable, breaker_open,
    not_configured, too_slow.
    """

    calls: int = 0  # HTTP requests actually sent to the server (a JSON-mode retry is a second one)
    outcome: str = ""
    fallback_reason: str = ""
    repairs: list[str] = []  # repair classes applied to the raw model text (core/llm_json.py)
    dropped: list[str] = []  # filters dropped or moved by grounding: "directors=Song Kang-ho -> actors"
    replaced: dict[str, int] = {}  # rank reasons replaced, by the first failed claim class
    prompt_tokens: int = 0  # from the server's `usage`, when it gives one
    completion_tokens: int = 0
    seconds: float = 0.0


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
    fallback: str = ""  # set when the offline reasoner answered because the LLM failed: adapters can show it
    stages: dict[str, StageReport] = {}  # "understand", "rank": what each LLM stage did (calls, repairs, tokens)
