"""Which catalog fields may be stated to a user as fact, per catalog source.

Every reason, embed field, why-answer and LLM candidate line goes through these rules, because the catalog
sources are not equally right about the world:

- **bokeh** (the embedded CC0 Wikidata/OMDb snapshot, `build.read_source`): Oscar *counts* are incomplete and
  mostly too low (Forrest Gump 4 for 6, Casablanca 1 for 3, The Departed 2 for 4), so no count is ever shown; a
  count above zero or an "Oscar" mention in the awards text is kept as "an Oscar winner" / "Oscar-nominated".
  Genres are broad Wikidata classes (Gravity "horror", The Pianist "musical"): fine for filtering, not for a
  claim unless the user asked for that genre. Cast lists carry no billing; the build orders them by derived
  prominence (`prominence.py`). Years, runtimes, directors, countries, languages and critic counts are used as is.
- **imdb** (`imdb.py`, IMDb's datasets): genres are IMDb's own, cast is in `title.principals` billing order,
  and there are no awards at all.
- **tmdb** enrichment (any catalog, `enrichment.py`): overviews, Korean titles and keywords are TMDB's own text.
  A keyword that names a genre corroborates that genre.
- anything else (a test or a hand-built catalog, `""`): treated like the least reliable source.

No source today has complete award counts: `COMPLETE_AWARD_COUNTS` is empty, so `oscar_count` returns None.
A source documented as complete would be added there by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.models import Movie

BOKEH, IMDB = "bokeh", "imdb"


@dataclass(frozen=True)
class SourceFacts:
    name: str
    cast_order: Literal["billing", "prominence", "unknown"]
    genres_claimable: bool  # may a reason name a genre the user did not ask for
    award_flags: bool  # "an Oscar winner" / "Oscar-nominated" is safe to say
    award_counts: bool  # a number of Oscars is safe to say


SOURCES: dict[str, SourceFacts] = {
    BOKEH: SourceFacts(BOKEH, "prominence", genres_claimable=False, award_flags=True, award_counts=False),
    IMDB: SourceFacts(IMDB, "billing", genres_claimable=True, award_flags=False, award_counts=False),
}
UNKNOWN = SourceFacts("", "unknown", genres_claimable=False, award_flags=True, award_counts=False)
COMPLETE_AWARD_COUNTS: frozenset[str] = frozenset()  # names of sources whose Oscar counts match the Academy's

LEADS = 3  # "starring", shared-actor links and profile weights use this many names, in prominence order
TOP_CAST = 5  # what the embed's "Top cast" shows and the claims benchmark accepts in a starring claim


def of(m: Movie) -> SourceFacts:
    return SOURCES.get(m.catalog_source, UNKNOWN)


def oscar_count(m: Movie) -> int | None:
    """A number of Oscars only from a source documented as complete; None otherwise (today: always)."""
    facts = of(m)
    return m.oscars if facts.award_counts and facts.name in COMPLETE_AWARD_COUNTS else None


def oscar_status(m: Movie) -> Literal["won", "nominated"] | None:
    if not of(m).award_flags:
        return None
    if m.oscars > 0:
        return "won"
    return "nominated" if m.awards and "Oscar" in m.awards else None


def oscar_phrase(m: Movie, language: str) -> str | None:
    """"An Oscar winner" / "Oscar-nominated" (no count), or None."""
    status = oscar_status(m)
    if status is None:
        return None
    if language == "ko":
        return "아카데미상 수상작" if status == "won" else "아카데미상 후보작"
    return "an Oscar winner" if status == "won" else "Oscar-nominated"


def leads(m: Movie, n: int = LEADS) -> list[str]:
    """The first `n` cast names by prominence (billing on IMDb builds, derived order on the embedded one)."""
    return m.cast[:n]


def claimable_genres(m: Movie, asked: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The film's genres a reason may name: asked for by the user, or from a source whose genres hold, or named
    by one of its TMDB keywords."""
    keywords = {k.casefold() for k in m.keywords}
    trusted = of(m).genres_claimable
    return [g for g in m.genres if g in asked or trusted or g.casefold() in keywords]
