"""Moods and occasions ("feel-good", "date night", "아이들이랑") as soft preferences, from core/data/moods.json.

A mood is not a genre: "date night" prefers romance and comedy, ranks war films lower, and excludes nothing;
"with the kids" prefers family and animation and never shows horror or war. Moods reach retrieval as
preferred genres (when the user named none), a runtime default and a few hard exclusions, so the LLM path and
the offline reasoner, which both fill `Filters.moods`, get the same behaviour.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from core.models import Filters, Movie


@dataclass(frozen=True)
class Mood:
    id: str
    label_en: str
    label_ko: str
    words: tuple[str, ...]
    genres: tuple[str, ...]
    avoid: tuple[str, ...]
    exclude: tuple[str, ...]
    max_runtime: int | None = None
    min_runtime: int | None = None
    pick_en: str = ""
    pick_ko: str = ""
    phrases: tuple[str, ...] = ()  # idioms of ordinary words ("mess with my head"): matched, not vocabulary

    @property
    def cues(self) -> tuple[str, ...]:
        """Everything that names the mood, longest first: its words and its phrases."""
        return tuple(sorted((*self.words, *self.phrases), key=len, reverse=True))

    def label(self, language: str) -> str:
        return self.label_ko if language == "ko" else self.label_en

    def pick(self, language: str) -> str:
        """How a reason opens for a film that fits: "A kid-friendly pick", "아이와 함께 보기 좋은"."""
        return (self.pick_ko or self.label_ko) if language == "ko" else (self.pick_en or f"A {self.label_en} pick")

    def fits(self, movie: Movie) -> bool:
        """The test a pick must pass for this mood: one preferred genre, no excluded one."""
        return bool(set(movie.genres) & set(self.genres)) and not set(movie.genres) & set(self.exclude)

    def suits(self, movie: Movie) -> bool:
        """Whether a reason may call the film this mood ("A tear-jerker"): it fits and has no genre the mood
        avoids; Knocked Up fits "tear-jerker" by its Drama tag, but it is a comedy."""
        return self.fits(movie) and not set(movie.genres) & set(self.avoid)


@cache
def moods() -> dict[str, Mood]:
    raw = json.loads(resources.files("core").joinpath("data/moods.json").read_text(encoding="utf-8"))
    return {key: Mood(id=key, label_en=v["label"]["en"], label_ko=v["label"]["ko"], words=tuple(v["words"]),
                      genres=tuple(v["genres"]), avoid=tuple(v.get("avoid", ())), exclude=tuple(v.get("exclude", ())),
                      max_runtime=v.get("max_runtime"), min_runtime=v.get("min_runtime"),
                      pick_en=v.get("pick", {}).get("en", ""), pick_ko=v.get("pick", {}).get("ko", ""),
                      phrases=tuple(v.get("phrases", ())))
            for key, v in raw.items() if not key.startswith("_")}


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for mood in moods().values():
        for w in mood.cues:
            out.append((re.compile(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)), mood.id))
    return out


def find_moods(folded: str) -> list[str]:
    """Mood ids named in a folded message, in the order of the data file."""
    found = {mood_id for pattern, mood_id in _patterns() if pattern.search(folded)}
    return [m for m in moods() if m in found]


def known(ids: list[str]) -> list[str]:
    return [i for i in ids if i in moods()]


def search_filters(f: Filters) -> Filters:
    """The hard filters a catalog search gets for a request with moods: the mood's genres when the user named
    none, its runtime when the user gave none, and its exclusions (never horror for kids, unless horror is what
    they asked for)."""
    ms = [moods()[i] for i in known(f.moods)]
    if not ms:
        return f
    genres = f.genres or list(dict.fromkeys(g for m in ms for g in m.genres))
    # a mood never excludes a genre the user named ("horror comedy, dumb fun": light, horror and all)
    excluded = list(dict.fromkeys([*f.exclude_genres, *(g for m in ms for g in m.exclude if g not in f.genres)]))
    genres = [g for g in genres if g not in excluded]
    max_runtime = f.max_runtime or min((m.max_runtime for m in ms if m.max_runtime), default=None)
    min_runtime = f.min_runtime or max((m.min_runtime for m in ms if m.min_runtime), default=None)
    return f.model_copy(update={"genres": genres, "genre_mode": "any" if not f.genres else f.genre_mode,
                                "exclude_genres": excluded, "max_runtime": max_runtime, "min_runtime": min_runtime})


AVOID_WEIGHT = 0.6  # on the final ranking scale (best candidate 1.0 plus the crowd prior): Pulp Fiction is no cry


def adjust(movie: Movie, mood_ids: list[str]) -> float:
    """Score shift for ranking: more preferred genres up, avoided genres down."""
    shift = 0.0
    for m in (moods()[i] for i in known(mood_ids)):
        shift += 0.08 * len(set(movie.genres) & set(m.genres)) - AVOID_WEIGHT * bool(set(movie.genres) & set(m.avoid))
    return shift
