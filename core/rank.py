"""PALR step 3: the LLM picks from the candidates; its JSON is validated against their ids."""
from __future__ import annotations

import logging

from typing import Annotated

from pydantic import BaseModel, Field

from core import reason_check
from core.catalog.reliability import TOP_CAST, claimable_genres, oscar_count, oscar_phrase
from core.explain import diverse_top, explain, explain_all
from core.facts import FactContext
from core.llm import LLM
from core.models import Candidate, Filters, Movie, Pick, StageReport, TasteProfile
from core.prompts import rank_prompt, render
from core.safety import capped, capped_list, cut
from core.schemas import rank_schema

log = logging.getLogger(__name__)


class RankedPick(BaseModel):
    id: Annotated[str, capped(40)]
    reason: Annotated[str, capped(400)] = ""  # cut with an ellipsis: a verbose model still works


class RankOutput(BaseModel):
    """`picks` is required and non-empty: `{}` or `{"picks": []}` is a failed answer, not "no opinion"."""
    picks: Annotated[list[RankedPick], capped_list(20), Field(min_length=1)]


OVERVIEW_CHARS = 240  # TMDB's overview, cut: enough for "what it is about", not a prompt-sized essay


def candidate_line(m: Movie, filters: Filters | None = None) -> str:
    """One candidate for the model, with only what core/catalog/reliability.py lets a reason state: genres the user
    asked for or a reliable source gives, the cast in prominence order (requested actors first), Oscars as won or
    nominated, never a count unless a complete source gave it."""
    f = filters or Filters()
    critics = (f"{m.critics_meter}% of {m.reviews} critics positive" if m.critics_meter is not None
               and (m.reviews or 0) >= 20 else "-")
    about = " ".join((m.overview or "").replace("|", "/").split())
    asked = [a for a in m.cast if a in f.actors]
    cast = list(dict.fromkeys(asked + m.cast[:TOP_CAST]))
    count = oscar_count(m)
    oscars = (f"won {count} Oscars" if count else oscar_phrase(m, "en")) or "-"
    return " | ".join([m.id, m.label, "/".join(claimable_genres(m, f.genres)[:3]) or "-",
                       ", ".join(m.directors[:2]) or "-", ", ".join(cast) or "-",
                       f"{m.runtime} min" if m.runtime else "-", critics, oscars, cut(about, OVERVIEW_CHARS) or "-",
                       ", ".join(k.replace("|", "/") for k in m.keywords[:6]) or "-"])


COMPACT_OVERVIEW_CHARS, COMPACT_CAST = 120, 3


def compact_line(m: Movie, filters: Filters | None = None) -> str:
    """LLM_PROMPT=compact: what a reason most often uses (genres, director, leading cast, runtime, the plot in a
    clause), for a small model's short context."""
    f = filters or Filters()
    asked = [a for a in m.cast if a in f.actors]
    cast = list(dict.fromkeys(asked + m.cast[:COMPACT_CAST]))[:COMPACT_CAST + len(asked)]
    about = " ".join((m.overview or "").replace("|", "/").split())
    return " | ".join([m.id, m.label, "/".join(claimable_genres(m, f.genres)[:3]) or "-",
                       ", ".join(m.directors[:1]) or "-", ", ".join(cast) or "-",
                       f"{m.runtime} min" if m.runtime else "-", cut(about, COMPACT_OVERVIEW_CHARS) or "-"])


def choose(cands: list[Candidate], n: int, filters: Filters) -> list[Candidate]:
    """The offline ranking's picks: by score, at most two per director unless the user asked for directors."""
    return cands[:n] if filters.directors else diverse_top(cands, n)


def offline_picks(cands: list[Candidate], n: int, filters: Filters, profile: TasteProfile,
                  history: dict[str, Movie], seeds: list[Movie], language: str,
                  context: FactContext | None = None) -> list[Pick]:
    chosen = choose(cands, n, filters)
    reasons = explain_all(chosen, filters, profile, history, seeds, language, context)
    return [Pick(movie=c.movie, reason=reason, score=round(c.score, 4), source=c.source)
            for c, reason in zip(chosen, reasons)]


def checked_reason(reason: str, c: Candidate, filters: Filters, profile: TasteProfile, history: dict[str, Movie],
                   seeds: list[Movie], language: str, cands: list[Candidate] | None = None,
                   report: StageReport | None = None) -> str:
    """The model's reason when every claim in it holds (core/reason_check.py), else the offline reason.

    Checked: unsafe claims (`problems`) and false ones (`false_claims`: another film's title, a director or cast
    name not in the row, a runtime the row contradicts, "which you liked" with no such liked film). A replaced
    reason is counted in `report.replaced` once, under its first failed class."""
    reason = " ".join(reason.split())[:400]
    if not reason:
        return explain(c, filters, profile, history, seeds, language)
    liked = [history[i] for i in profile.liked if i in history]
    others = [x.movie for x in cands or () if x.movie.id != c.movie.id]
    found = {**reason_check.false_claims(reason, c.movie, liked, [*history.values(), *seeds], others, seeds),
             **reason_check.problems(reason, c.movie, filters, [*history.values(), *seeds])}
    if found:
        log.info("rank: model reason for %s replaced (%s)", c.movie.id, ", ".join(sorted(found)))
        if report is not None:
            first = next(iter(found))
            report.replaced[first] = report.replaced.get(first, 0) + 1
        return explain(c, filters, profile, history, seeds, language)
    return reason


def rank_engine(kept: int, shown: int, dropped: int, report: StageReport) -> str:
    """ "llm", "llm + offline fill" (the model chose fewer picks than shown), with what was dropped or replaced."""
    base = "llm" if shown <= kept else "llm + offline fill"
    extras = [f"{dropped} invalid picks dropped"] if dropped else []
    if replaced := sum(report.replaced.values()):
        extras.append(f"{replaced} reasons replaced")
    return f"{base} ({'; '.join(extras)})" if extras else base


def validate_picks(output: RankOutput, cands: list[Candidate], n: int, filters: Filters, profile: TasteProfile,
                   history: dict[str, Movie], seeds: list[Movie], language: str,
                   report: StageReport | None = None) -> tuple[list[Pick], int]:
    """Keep the model's valid picks (known id, first time); fill the rest by score. A reason with an unsafe claim
    (an award count, a lead role, a bit part as "starring", an uncorroborated genre) is replaced by the offline one.

    Returns the picks and how many model picks were dropped.
    """
    by_id = {c.movie.id: c for c in cands}
    picks: list[Pick] = []
    dropped = 0
    for p in output.picks:
        c = by_id.get(p.id.strip())
        if c is None or any(x.movie.id == c.movie.id for x in picks) or len(picks) == n:
            dropped += 1
            continue
        reason = checked_reason(p.reason, c, filters, profile, history, seeds, language, cands, report)
        picks.append(Pick(movie=c.movie, reason=reason, score=round(c.score, 4), source=c.source))
    if len(picks) < n:
        rest = [c for c in cands if all(c.movie.id != p.movie.id for p in picks)]
        chosen = choose(rest, n - len(picks), filters)
        # "the shortest of these five" compares with every pick shown, the model's included
        context = FactContext(picks=[p.movie for p in picks] + [c.movie for c in chosen])
        picks += offline_picks(chosen, len(chosen), filters, profile, history, seeds, language, context)
    return picks, dropped


def rank_messages(request: str, cands: list[Candidate], n: int, filters: Filters, profile: TasteProfile,
                  history: dict[str, Movie], language: str, compact: bool = False) -> tuple[str, str]:
    """(system, user): fixed instructions in the system message; the user's words, history and candidates in the
    user message. The pick count is what the model can give: never more than the candidates."""
    names = lambda ids: ", ".join(history[i].label for i in ids[:8] if i in history) or "none"  # noqa: E731
    count = max(1, min(n, len(cands)))
    system = rank_prompt(compact, count, language)
    line = compact_line if compact else candidate_line
    data = render(
        "rank_input_compact" if compact else "rank_input", request=request,
        filters=filters.model_dump_json(exclude_defaults=True, exclude={"ignored"}),
        profile=profile.text or "no history yet", liked=names(profile.liked), watched=names(profile.watched),
        candidates="\n".join(line(c.movie, filters) for c in cands),
    )
    return system, data


async def llm_rank(llm: LLM, request: str, cands: list[Candidate], n: int, filters: Filters,
                   profile: TasteProfile, history: dict[str, Movie], language: str,
                   compact: bool = False, report: StageReport | None = None) -> RankOutput:
    system, data = rank_messages(request, cands, n, filters, profile, history, language, compact)
    return await llm.structured(RankOutput, system, data, max_tokens=150 + 100 * n,  # an id and a sentence each
                                json_schema=rank_schema([c.movie.id for c in cands], n), report=report)
