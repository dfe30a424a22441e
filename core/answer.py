"""Answers a question about one film from its catalog row: director, cast by prominence, year, runtime.

Why from the row and never from a model: the answer is a fact the catalog holds, so it is checkable and the same
whichever reasoner read the question. A title the catalog lacks is said to be missing (the catalog ends in
2014), never answered from a film with a similar name.
"""
from __future__ import annotations

import logging

from core import korean
from core.catalog.base import Catalog
from core.catalog.reliability import TOP_CAST, leads
from core.messages import text as msg
from core.models import Movie
from core.understand.impossible import catalog_end, newer_film, shown_newer
from core.understand.titles import Title, TitleIndex, TitleMatch
from core.understanding import Question

log = logging.getLogger(__name__)
ALSO_MAX = 2  # other films with the same title, named so the user can ask again with a year


def _title(m: Movie, language: str, year: bool = True) -> str:
    shown = f"《{korean.display_title(m)}》" if language == "ko" else m.title
    if not (year and m.year):
        return shown
    return f"{shown}({m.year})" if language == "ko" else f"{shown} ({m.year})"


def _title_of(t: Title, language: str) -> str:
    shown = f"《{korean.title(t.title)}》" if language == "ko" else t.title
    return f"{shown}({t.year})" if language == "ko" and t.year else f"{shown} ({t.year})" if t.year else shown


def _names(names: list[str], language: str) -> str:
    """Korean shows the Hangul rendering with the catalog spelling, so the name is findable either way."""
    if language != "ko":
        return ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[-1])
    shown = [f"{korean.name(n)}({n})" if korean.name(n) != n else n for n in names]
    return ", ".join(shown)


def _hours(minutes: int, language: str) -> str:
    h, mm = divmod(minutes, 60)
    if language == "ko":
        return f"{h}시간 {mm}분" if h and mm else f"{h}시간" if h else f"{mm}분"
    return f"{h} h {mm} min" if h and mm else f"{h} h" if h else f"{mm} min"


def compose(m: Movie, asks: str, language: str) -> str:
    """The answer sentence for one row."""
    title = _title(m, language, year=asks != "year")
    if asks == "director":
        if not m.directors:
            return msg("q_unknown_field", language, title=title, what="감독" if language == "ko" else "director")
        return msg("q_director", language, title=title, names=_names(m.directors, language))
    if asks == "cast":
        cast = leads(m, TOP_CAST)
        if not cast:
            return msg("q_unknown_field", language, title=title, what="출연진" if language == "ko" else "cast")
        return msg("q_cast", language, title=title, names=_names(cast, language))
    if asks == "year" and m.year:
        return msg("q_year", language, title=title, year=m.year)
    if asks == "runtime":
        if not m.runtime:
            return msg("q_unknown_field", language, title=title, what="상영 시간" if language == "ko" else "runtime")
        return msg("q_runtime", language, title=title, minutes=m.runtime, hours=_hours(m.runtime, language))
    facts = []
    if m.directors:
        facts.append(msg("q_directed_by", language, names=_names(m.directors, language)))
    if m.cast:
        facts.append(msg("q_with", language, names=_names(leads(m), language)))
    if m.runtime:
        facts.append(f"{m.runtime}{'분' if language == 'ko' else ' min'}")
    if m.genres:
        facts.append("/".join(korean.genre(g) if language == "ko" else g for g in m.genres[:3]))
    return msg("q_other", language, title=title, facts=" · ".join(facts))


async def answer(catalog: Catalog, index: TitleIndex | None, question: Question, language: str) -> str:
    """The reply to a movie question: the row's fact, plus other films sharing the title when no year chose."""
    end = catalog_end(index)
    if newer := newer_film(question.title, index, end):  # "who directed parasite": the 2019 film, not the 1982 one
        title, year, older = newer
        shown = shown_newer(title, year, language)
        return msg("q_newer", language, title=shown, end=end) + (
            " " + msg("q_older_here", language, title=_title_of(older, language)) if older else "")
    match: TitleMatch | None = index.match(question.title) if index is not None else None
    if match is None:
        hits = await catalog.find_titles(question.title, limit=1)
        movie = hits[0] if hits else None
        others: list[Movie] = []
    else:
        rows = await catalog.get_many([match.best.id, *[t.id for t in match.alternatives[:ALSO_MAX]]])
        movie = rows.get(match.best.id)
        others = [rows[t.id] for t in match.alternatives[:ALSO_MAX] if t.id in rows]
    if movie is None:
        return msg("q_not_found", language, title=question.title, end=end)
    reply = compose(movie, question.asks, language)
    if others:
        reply += " " + msg("q_also", language, others=", ".join(_title(o, language) for o in others))
    return reply
