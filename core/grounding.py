"""Grounding the LLM's understanding in the catalog and in the request's own words.

A small model answers on schema but wrong: Hangul names and genres ("박찬욱", "스릴러"), a genre that is not one
("Romcom"), an actor given as a director ("송강호"), exclusions nobody asked for (a few-shot example's Tom Hanks),
"min_runtime: 90" for "under 90 minutes". Each value is mapped to the catalog's own (names through the Korean
tables and the name index, genres through the genre vocabulary), a person is moved to the role the credits give
when the other role has none, and a filter the words cannot support (core/evidence.py) is dropped. Every drop or
move is returned as a short line for StageReport.dropped.
"""
from __future__ import annotations

import re

from functools import cache

from core import evidence, korean
from core.catalog.base import Vocabulary
from core.messages import text as msg
from core.models import Filters
from core.moods import known as known_moods
from core.understand.names import NameIndex
from core.understand.reader import OfflineUnderstander
from core.understand.runtime import runtime_fold
from core.text import is_hangul, squash
from core.understanding import Understanding
from core.understand.vocab import KOREAN_NAME_ALIASES


@cache
def _latin_of_hangul() -> dict[str, str]:
    """"송강호" -> "Song Kang-ho", from the project's Korean name tables (core/data/names_ko.json, vocab aliases)."""
    table = {squash(hangul): latin for latin, hangul in korean._hangul_names().items() if is_hangul(hangul)}
    return table | {squash(k): v for k, v in KOREAN_NAME_ALIASES.items()}


def canonical_person(names: NameIndex, name: str) -> str | None:
    if is_hangul(name) and (latin := _latin_of_hangul().get(squash(name))):
        return names.canonical(latin) or latin
    return names.canonical(name)


def _forms(typed: str, canonical: str) -> list[str]:
    """How a request may write a person: as the model wrote it, the catalog name, the surname, the Hangul name."""
    forms = [typed, canonical, korean.name(canonical)]
    forms += [k for k, v in KOREAN_NAME_ALIASES.items() if v == canonical]
    parts = canonical.split()
    if len(parts) >= 2 and len(parts[-1]) >= 4:
        forms.append(parts[-1])
    if len(parts) >= 2 and len(parts[0]) >= 5:  # "keanu", "meryl": a rare first name is how people write them
        forms.append(parts[0])
    return [f for f in dict.fromkeys(forms) if f]


def _people(u: Understanding, text: str, names: NameIndex, vocab: Vocabulary, dropped: list[str]) -> None:
    f = u.filters
    in_text = {m.name for m in names.find(text)}  # typos and Hangul included ("julia robrets", "봉준호")
    moved: dict[str, list[str]] = {"directors": [], "actors": []}
    for field, other in (("directors", "actors"), ("actors", "directors")):
        credits, other_credits = getattr(vocab, field), getattr(vocab, other)
        kept: list[str] = []
        for typed in getattr(f, field):
            person = canonical_person(names, typed)
            if person is None:
                u.notes.append(msg("unknown_person", u.language, role=field[:-1], name=typed))
                dropped.append(f"{field}={typed}: not in the catalog")
                continue
            if person not in in_text and not evidence.mentioned(text, _forms(typed, person)):
                dropped.append(f"{field}={person}: not in the request")
                continue
            if not credits.get(person) and other_credits.get(person):  # "송강호" as a director: he acts
                moved[other].append(person)
                dropped.append(f"{field}={person} -> {other}")
                continue
            kept.append(person)
        setattr(f, field, kept)
    for field, people in moved.items():
        setattr(f, field, list(dict.fromkeys([*getattr(f, field), *people])))
    kept = []
    for typed in f.exclude_people:
        person = canonical_person(names, typed) or typed
        forms = _forms(typed, person)
        if not (person in in_text or evidence.mentioned(text, forms)):
            dropped.append(f"exclude_people={person}: not in the request")
        elif not evidence.negated_near(text, forms):
            dropped.append(f"exclude_people={person}: no negation in the request")
        else:
            kept.append(person)
    f.exclude_people = list(dict.fromkeys(kept))


def _genres(f: Filters, text: str, vocab: Vocabulary, dropped: list[str]) -> None:
    def mapped(field: str, values: list[str]) -> list[str]:
        out: list[str] = []
        for g in values:
            found = evidence.genre_of(g, vocab.genres)
            if not found:
                dropped.append(f"{field}={g}: not a catalog genre")
            elif found != [g]:
                dropped.append(f"{field}={g} -> {'+'.join(found)}")
            out += found
        return list(dict.fromkeys(out))

    f.genres = mapped("genres", f.genres)
    for mood in f.moods:  # "romantic" given as a mood is the genre Romance
        if mood not in known_moods([mood]) and (found := evidence.genre_of(mood, vocab.genres)):
            dropped.append(f"moods={mood} -> genres {'+'.join(found)}")
            f.genres = list(dict.fromkeys([*f.genres, *found]))
    f.moods = known_moods(f.moods)
    kept = []
    for g in mapped("exclude_genres", f.exclude_genres):
        if evidence.negated_near(text, evidence.genre_forms(g)):
            kept.append(g)
        else:
            dropped.append(f"exclude_genres={g}: no negation in the request")
    f.exclude_genres = kept
    f.genres = [g for g in f.genres if g not in f.exclude_genres]


def _numbers(f: Filters, text: str, dropped: list[str]) -> None:
    if (f.year_min or f.year_max) and not evidence.has_year_cue(text):
        dropped.append(f"year_min={f.year_min}, year_max={f.year_max}: no year, decade or era in the request")
        f.year_min = f.year_max = None
    if (f.min_runtime or f.max_runtime) and not evidence.has_runtime_cue(text):
        dropped.append(f"min_runtime={f.min_runtime}, max_runtime={f.max_runtime}: no length in the request")
        f.min_runtime = f.max_runtime = None
        return
    read = Filters()
    OfflineUnderstander._runtime_and_quality(runtime_fold(text), read)  # the words' own direction: "under 90" is a maximum
    if f.min_runtime and not f.max_runtime and read.max_runtime == f.min_runtime and not read.min_runtime:
        dropped.append(f"min_runtime={f.min_runtime} -> max_runtime")
        f.max_runtime, f.min_runtime = f.min_runtime, None
    elif f.max_runtime and not f.min_runtime and read.min_runtime == f.max_runtime and not read.max_runtime:
        dropped.append(f"max_runtime={f.max_runtime} -> min_runtime")
        f.min_runtime, f.max_runtime = f.max_runtime, None


def ground(u: Understanding, text: str, names: NameIndex, vocab: Vocabulary, has_previous: bool) -> list[str]:
    """Grounds `u` in place; returns what was dropped or moved ("directors=Song Kang-ho -> actors")."""
    dropped: list[str] = []
    _people(u, text, names, vocab, dropped)
    _genres(u.filters, text, vocab, dropped)
    _numbers(u.filters, text, dropped)
    # "except lord of the rings": the series named by its title before the colon
    kept_titles = [t for t in u.filters.exclude_titles if evidence.negated_near(
        text, [t, t.split(":")[0], re.sub(r"^(?:the|a|an) ", "", t.split(":")[0], flags=re.IGNORECASE)])]
    dropped += [f"exclude_titles={t}: no negation in the request" for t in u.filters.exclude_titles
                if t not in kept_titles]
    u.filters.exclude_titles = kept_titles
    if u.continues and not has_previous:
        u.continues = False
        dropped.append("continues: no previous turn")
    u.filters = Filters.model_validate(u.filters)
    return dropped
