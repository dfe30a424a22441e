"""PALR step 3: the LLM picks from the candidates; its JSON is validated against their ids."""
from __future__ import annotations

import logging

from typing import Annotated

from pydantic import BaseModel, Field

from core.explain import diverse_top, explain
from core.llm import LLM
from core.models import Candidate, Filters, Movie, Pick, TasteProfile
from core.prompts import render
from core.safety import capped, capped_list, cut

log = logging.getLogger(__name__)


class RankedPick(BaseModel):
    id: Annotated[str, capped(40)]
    reason: Annotated[str, capped(400)] = ""  # cut with an ellipsis: a verbose model still works


class RankOutput(BaseModel):
    """`picks` is required and non-empty: `{}` or `{"picks": []}` is a failed answer, not "no opinion"."""
    picks: Annotated[list[RankedPick], capped_list(20), Field(min_length=1)]


OVERVIEW_CHARS = 240  # TMDB's overview, cut: enough for "what it is about", not a prompt-sized essay


def candidate_line(m: Movie) -> str:
    critics = (f"{m.critics_meter}% of {m.reviews} critics positive" if m.critics_meter is not None
               and (m.reviews or 0) >= 20 else "-")
    about = " ".join((m.overview or "").replace("|", "/").split())
    return " | ".join([m.id, m.label, "/".join(m.genres[:3]) or "-", ", ".join(m.directors[:2]) or "-",
                       ", ".join(m.cast[:3]) or "-", f"{m.runtime} min" if m.runtime else "-", critics,
                       f"{m.oscars} Oscars won" if m.oscars else "-", cut(about, OVERVIEW_CHARS) or "-",
                       ", ".join(k.replace("|", "/") for k in m.keywords[:6]) or "-"])


def offline_picks(cands: list[Candidate], n: int, filters: Filters, profile: TasteProfile,
                  history: dict[str, Movie], seeds: list[Movie], language: str) -> list[Pick]:
    chosen = cands[:n] if filters.directors else diverse_top(cands, n)
    return [Pick(movie=c.movie, reason=explain(c, filters, profile, history, seeds, language), score=round(c.score, 4),
                 source=c.source) for c in chosen]


def validate_picks(output: RankOutput, cands: list[Candidate], n: int, filters: Filters, profile: TasteProfile,
                   history: dict[str, Movie], seeds: list[Movie], language: str) -> tuple[list[Pick], int]:
    """Keep the model's valid picks (known id, first time, non-empty reason); fill the rest by score.

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
        reason = " ".join(p.reason.split())[:400] or explain(c, filters, profile, history, seeds, language)
        picks.append(Pick(movie=c.movie, reason=reason, score=round(c.score, 4), source=c.source))
    if len(picks) < n:
        rest = [c for c in cands if all(c.movie.id != p.movie.id for p in picks)]
        picks += offline_picks(rest, n - len(picks), filters, profile, history, seeds, language)
    return picks, dropped


async def llm_rank(llm: LLM, request: str, cands: list[Candidate], n: int, filters: Filters,
                   profile: TasteProfile, history: dict[str, Movie], language: str) -> RankOutput:
    names = lambda ids: ", ".join(history[i].label for i in ids[:8] if i in history) or "none"  # noqa: E731
    # Fixed instructions in the system message; the user's words, history and candidates in the user message.
    system = render("rank", count=n, language_name="Korean" if language == "ko" else "English")
    data = render(
        "rank_input", request=request, filters=filters.model_dump_json(exclude_defaults=True, exclude={"ignored"}),
        profile=profile.text or "no history yet", liked=names(profile.liked), watched=names(profile.watched),
        candidates="\n".join(candidate_line(c.movie) for c in cands),
    )
    return await llm.structured(RankOutput, system, data)
