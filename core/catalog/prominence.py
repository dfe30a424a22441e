"""A prominence order for cast lists that come without billing (the embedded bokeh/Wikidata snapshot).

The snapshot lists every film's cast alphabetically, so "the first three names" are whoever sorts first
(Turner & Hooch opened with Clyde Kusatsu; Tom Hanks was 12th). IMDb-built catalogs keep the billing order
of `title.principals` and are left alone; this module only serves the embedded build.

Method (computed once at build time, stored as the cast order of each film):

1. Each film has a weight w = q³, where q is the film's 0..1 quality prior (critics' verdict, popularity within
   its decade, Academy Awards; `build.quality_scores`). Cubing makes a few well-known films count for more than
   many obscure ones, which is what separates a star from a prolific bit-part player.
2. A person's standing is the sum of w over every film they appear in, catalog-wide.
3. Within one film, a person's standing is scaled by how much of it comes from *other* films of that film's
   countries: 0.1 + 0.9 × share. A Hollywood character actor with one part in a Korean film (Paul Lazar, Scott
   Wilson in The Host) is a guest there; Song Kang-ho, whose standing is Korean, leads it.
4. The cast is sorted by that score, highest first; ties keep the source order.

It is a derived order, not billing: it ranks leads first for the films people ask about (The Godfather:
Pacino, Duvall, Brando; Turner & Hooch: Tom Hanks), but it can rank a famous supporting actor above a lesser-
known lead. Reasons therefore use only the first few names and never call anyone "the star".
"""
from __future__ import annotations

from collections import defaultdict

from core.models import Movie

GUEST_FLOOR = 0.1  # the weight a person's standing keeps in a film from countries they rarely work in


def standings(movies: list[Movie], quality: dict[str, float]) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """(person -> catalog-wide standing, (person, country) -> the part of it earned in that country's films)."""
    total: dict[str, float] = defaultdict(float)
    by_country: dict[tuple[str, str], float] = defaultdict(float)
    for m in movies:
        w = quality.get(m.id, 0.0) ** 3
        for person in set(m.cast):
            total[person] += w
            for country in set(m.countries):
                by_country[(person, country)] += w
    return total, by_country


def order_cast(movies: list[Movie], quality: dict[str, float]) -> list[Movie]:
    """The same films with each cast list in prominence order (see the module docstring)."""
    total, by_country = standings(movies, quality)

    def score(person: str, countries: set[str], own: float) -> float:
        standing = total.get(person, 0.0)
        elsewhere = standing - own  # the film itself says nothing about whether its people are at home there
        if not countries or elsewhere <= 1e-12:
            return standing
        local = sum(by_country.get((person, c), 0.0) for c in countries) - own
        share = min(1.0, max(0.0, local) / elsewhere)
        return standing * (GUEST_FLOOR + (1 - GUEST_FLOOR) * share)

    out = []
    for m in movies:
        countries, own = set(m.countries), quality.get(m.id, 0.0) ** 3
        ranked = sorted(range(len(m.cast)), key=lambda i: (-score(m.cast[i], countries, own), i))
        out.append(m.model_copy(update={"cast": [m.cast[i] for i in ranked]}))
    return out
