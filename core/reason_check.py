"""Checks a reason against what the catalog can actually vouch for (core/catalog/reliability.py).

A model writes fluent reasons from the candidate lines, and fluent is not true: it may add an Oscar count it
remembers, call someone the star, or name a genre the embedded catalog only guesses. `problems` lists such
claims; the rank stage replaces a model reason that has any with the offline reason, and benchmarks/claims.py
counts them per class over the evaluation set.

Classes:
  award_count   any number of Oscars / Academy Awards / wins or nominations ("won 4 Oscars", "3관왕")
  lead_role     "the star", "lead role", "주연"...: no catalog source here vouches for billing in words
  cast_order    a cast member of the film (or of the history film in a shared-actor claim) who is not among the
                first TOP_CAST by prominence, unless the user asked for that actor
  genre         a genre word the user did not ask for and no reliable source corroborates
"""
from __future__ import annotations

import re

from core import korean
from core.catalog.reliability import TOP_CAST, claimable_genres, leads
from core.models import Filters, Movie
from core.understand.vocab import GENRE_KO

_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
AWARD_COUNT = re.compile(
    rf"\b{_NUMBER}[- ](?:time )?(?:academy awards?|oscars?)\b"
    rf"|\b{_NUMBER} (?:academy award |oscar )?(?:wins|nominations|awards)\b"
    r"|(?:oscars?|academy awards?)\s*(?:wins?|nominations?)?\s*[:(]\s*\d+"
    r"|(?:아카데미|오스카)(?:상)?\s*\d+\s*(?:개|관왕|부문)|\d+\s*관왕|\d+개 부문",
    re.IGNORECASE)
LEAD_ROLE = re.compile(
    r"\b(?:lead role|leading role|lead actor|lead actress|leading man|leading lady|stars as|starring role|"
    r"title role|the star\b|stars in the lead|headlines?|headlined|top-billed)\b|주연|주인공을 맡",
    re.IGNORECASE)
GENRES_EN = {g.lower(): g for g in GENRE_KO} | {"sci-fi": "Sci-Fi", "science fiction": "Sci-Fi"}
GENRES_KO = {v: k for k, v in GENRE_KO.items()}


def award_counts(reason: str) -> list[str]:
    return [m.group(0) for m in AWARD_COUNT.finditer(reason)]


def lead_claims(reason: str) -> list[str]:
    return [m.group(0) for m in LEAD_ROLE.finditer(reason)]


def _named(reason: str, person: str) -> bool:
    return person in reason or (korean.name(person) != person and korean.name(person) in reason)


def cast_outside_top(reason: str, movie: Movie, filters: Filters | None = None,
                     others: list[Movie] | tuple[Movie, ...] = ()) -> list[str]:
    """Cast members named in the reason who are not among the first TOP_CAST by prominence of the film, and, for
    another film the reason names (a liked film, the film to match), not among that film's first TOP_CAST."""
    asked = set(filters.actors) if filters else set()
    out = []
    for m in [movie, *(o for o in others if o.title in reason or korean.title(o.title) in reason
                       or (o.title_ko and o.title_ko in reason))]:
        top = set(leads(m, TOP_CAST))
        for person in m.cast[TOP_CAST:]:
            if person not in top and person not in asked and person not in m.directors and _named(reason, person):
                out.append(f"{person} ({m.title})")
    return out


# Words that are genres whenever they appear; the others ("war", "history", "music", "family", "crime", "action")
# are everyday words too, so they count only as "<word> film", "a <word>-<genre>" and the like.
_ALWAYS = {"comedy", "comedies", "drama", "dramas", "thriller", "thrillers", "horror", "western", "westerns",
           "musical", "musicals", "romance", "romantic comedy", "documentary", "sci-fi", "science fiction", "animated",
           "biopic"}
_STEM = {"comedies": "comedy", "dramas": "drama", "thrillers": "thriller", "westerns": "western",
         "musicals": "musical", "animated": "animation", "biopic": "biography", "romantic comedy": "romance"}
_HEAD = r"(?:film|films|movie|movies|picture|epic|story|tale|drama|comedy|thriller|classic|pick)"


def genre_words(reason: str) -> list[str]:
    """The genres a reason names, English words or Korean genre labels."""
    found = []
    low = reason.lower()
    words = set(GENRES_EN) | set(_ALWAYS)
    for word in sorted(words, key=len, reverse=True):
        g = GENRES_EN.get(_STEM.get(word, word))
        if g is None:
            continue
        pattern = (rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word in _ALWAYS else
                   rf"(?<![a-z]){re.escape(word)}(?:[- ](?:[a-z]+-)*{_HEAD}\b|-(?=[a-z]))")
        if re.search(pattern, low):
            found.append(g)
    for ko, g in GENRES_KO.items():
        if re.search(rf"{ko}(?:·| 영화| 장르|[,)])", reason):
            found.append(g)
    return list(dict.fromkeys(found))


def unsafe_genres(reason: str, movie: Movie, filters: Filters | None = None) -> list[str]:
    asked = list(filters.genres) if filters else []
    allowed = set(asked) | set(claimable_genres(movie, asked))
    return [g for g in genre_words(reason) if g not in allowed]


def problems(reason: str, movie: Movie, filters: Filters | None = None,
             others: list[Movie] | tuple[Movie, ...] = ()) -> dict[str, list[str]]:
    """Every unsafe claim in `reason`, by class (only classes with findings)."""
    found = {"award_count": award_counts(reason), "lead_role": lead_claims(reason),
             "cast_order": cast_outside_top(reason, movie, filters, others),
             "genre": unsafe_genres(reason, movie, filters)}
    return {k: v for k, v in found.items() if v}
