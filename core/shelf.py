"""The "for you" shelf: personal picks with no query, each saying which film of the history it follows from.

It reuses the pipeline's stages rather than a second recommender: retrieval (SASRec plus the profile; profile
similarity when no history film is known to SASRec; the varied draw of well-loved films for a new user), one
optional LLM rank call with the usual offline fallback, and grounded reasons. The shelf remembers what it showed
(core/personal) so the next shelf within 14 days shows other films unless nothing else fits.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable

from core.explain import _history_link, _title, diverse_top, explain
from core.facts import candidates
from core.llm import LLMError, request_deadline
from core.messages import text as msg
from core.models import Candidate, Filters, Movie, Pick, Reply, StageReport, TasteProfile, utcnow
from core.personal.base import PersonalStore
from core.profile import EXCLUSION_LIMIT, WEIGHT_WINDOW, build_profile, describe
from core.rank import llm_rank, validate_picks
from core.retrieve import Retrieval, _rescale, affinity, similarity

if TYPE_CHECKING:
    from core.pipeline import Recommender

log = logging.getLogger(__name__)

SHELF_PICKS = 5
SHELF_AVOID = timedelta(days=14)  # a shelf does not repeat what earlier shelves showed in this window...
LIKE_THIS_PICKS = 3
BECAUSE_MIN = 0.35  # content similarity above which "because you liked X" is said
REASON_HISTORY = 40  # the newest liked and watched films a reason may cite
RANKED_POOL = 40  # SASRec candidates per user on the batched (digest) path
NO_FILTERS = Filters()  # a shelf has no request: one shared empty filter (read-only everywhere it goes)
SHELF_REQUEST = ("No request: a personal shelf of films this user would love next. In each reason, name the film "
                 "of their history the pick follows from.")


@dataclass
class Personal:
    """One user's inputs, loaded once: the profile, the catalog rows of the history, films to avoid."""

    user_id: str
    profile: TasteProfile
    history: dict[str, Movie]
    avoid: list[str]


class Shelf:
    def __init__(self, recommender: "Recommender", store: PersonalStore, clock: Callable[[], datetime] = utcnow):
        self.rec = recommender
        self.store = store
        self.clock = clock

    @property
    def sequential(self):
        return self.rec.retriever.sequential

    async def personal(self, user_id: str, avoid_since: datetime, cached: bool = True) -> Personal:
        """`cached=False` for digests: 10,000 profiles built once a day would only crowd the request cache."""
        load = self.rec.profiles.get(user_id) if cached else self._uncached_profile(user_id)
        (profile, history), shown = await asyncio.gather(load, self.store.shown_since(user_id, avoid_since))
        return Personal(user_id, profile, history, shown)

    async def _uncached_profile(self, user_id: str) -> tuple[TasteProfile, dict[str, Movie]]:
        items = await self.rec.profiles.store.recent(user_id, EXCLUSION_LIMIT)
        movies = await self.rec.catalog.get_many(sorted({i.movie_id for i in items[:WEIGHT_WINDOW]}))
        return build_profile(user_id, items, movies), movies

    # ------------------------------------------------------------------ entry points
    async def show(self, user_id: str, language: str = "en", n: int = SHELF_PICKS) -> Reply:
        """The /foryou shelf (also a bare mention, `moviebot foryou`). Records what it shows."""
        now = self.clock()
        who = await self.personal(user_id, now - SHELF_AVOID)
        reply = await self.build(who, n, language, strict=False, variety=f"{user_id}:{now.date()}")
        if reply.picks:
            await self.store.record_shown(user_id, [p.movie.id for p in reply.picks], now)
        return reply

    async def like_this(self, user_id: str, movie_id: str, language: str = "en",
                        n: int = LIKE_THIS_PICKS) -> Reply:
        """Three films like one the user just liked: the "similar" retrieval seeded by it, offline (no LLM)."""
        profile, history = await self.rec.profiles.get(user_id)
        seeds = list((await self.rec.catalog.get_many([movie_id])).values())
        if not seeds:
            return Reply(intent="other", language=language, message=msg("no_picks", language))
        exclude = list(dict.fromkeys(profile.excluded + [movie_id]))
        retrieval = await self.rec.retriever._similar(seeds, exclude, NO_FILTERS)
        retrieval.seeds = seeds
        await self.rec.retriever._personalise(retrieval, profile, seeds, NO_FILTERS)
        chosen = diverse_top(retrieval.candidates, n)
        picks = [Pick(movie=c.movie, reason=explain(c, NO_FILTERS, profile, history, seeds, language),
                      score=round(c.score, 4), source=c.source) for c in chosen]
        if picks:
            await self.store.record_shown(user_id, [p.movie.id for p in picks], self.clock())
        return _safe(Reply(language=language, picks=picks, engine={"retrieve": retrieval.engine, "rank": "offline"},
                           message=msg("like_this_header", language, title=_title(seeds[0], language == "ko"))))

    # ------------------------------------------------------------------ stages
    async def build(self, who: Personal, n: int, language: str, *, strict: bool, variety: str,
                    ranked: list[tuple[str, float]] | None = None) -> Reply:
        """Retrieve, rank (at most one LLM call), explain. `strict`: never a film in `who.avoid` (digests);
        otherwise the avoided films come back only when nothing else fits. `ranked`: SASRec scores computed in
        a batch for many users (the digest path), instead of one model call here."""
        started = time.perf_counter()
        cands, engine = await self.candidates(who, who.avoid, language, variety, ranked)
        if not cands and who.avoid and not strict:
            cands, engine = await self.candidates(who, [], language, variety, None)
        picks, rank_engine, calls = await self.rank(who, cands, n, language)
        notes = [msg("shelf_teach", language)] if who.profile.is_empty else []
        header = (msg("shelf_header", language, n=len(picks)) if picks else msg("shelf_empty", language))
        reply = Reply(language=language, message=header, picks=picks, relaxed=notes, llm_calls=calls,
                      profile_summary=describe(who.profile, who.history, language),
                      engine={"retrieve": engine, "rank": rank_engine})
        if rank_engine.startswith("offline (llm"):
            reply.fallback = msg("fallback", language)
        reply.timings_ms = {"total": round((time.perf_counter() - started) * 1000, 2)}
        return _safe(reply)

    async def candidates(self, who: Personal, avoid: list[str], language: str, variety: str,
                         ranked: list[tuple[str, float]] | None) -> tuple[list[Candidate], str]:
        exclude = list(dict.fromkeys(who.profile.excluded + avoid))
        if ranked:
            movies = await self.rec.catalog.get_many([i for i, _ in ranked])
            cands = [Candidate(movie=movies[i], score=s, source="sasrec") for i, s in ranked if i in movies]
            retrieval = Retrieval(cands, "sasrec")
            if cands:
                _rescale(cands)
                for c in cands:
                    c.score += affinity(c.movie, who.profile)
                cands.sort(key=lambda c: -c.score)
        else:
            profile = who.profile.model_copy(update={"excluded": exclude})
            retrieval = await self.rec.retriever.retrieve(NO_FILTERS, profile, language, variety=variety)
        out = set(exclude)
        cands = [c for c in retrieval.candidates if c.movie.id not in out]
        return cands[: self.rec.settings.rank_candidates], retrieval.engine

    async def rank(self, who: Personal, cands: list[Candidate], n: int, language: str
                   ) -> tuple[list[Pick], str, int]:
        llm = self.rec.llm
        if llm is not None and cands:
            report = StageReport()
            try:
                with request_deadline(self.rec.settings.llm_deadline_s):
                    out = await llm_rank(llm, SHELF_REQUEST, cands, n, NO_FILTERS, who.profile, who.history,
                                         language, report=report)
                picks, dropped = validate_picks(out, cands, n, NO_FILTERS, who.profile, who.history, [], language,
                                                report=report)
                if dropped >= len(out.picks):
                    raise LLMError("no valid pick among the model's answer", "invalid")
                return picks, "llm" if not dropped else f"llm ({dropped} invalid picks dropped)", 1
            except LLMError as exc:
                log.warning("shelf rank: LLM failed (%s); using the offline reasoner", exc)
                engine = f"offline (llm {exc.kind})"
                calls = 1 if report.calls else 0  # a call never sent is not a call
        else:
            engine, calls = "offline", 0
        idf = await self.rec.retriever.genre_idf()
        p = who.profile  # reasons cite the recent history: a link to a film from years ago says little
        recent = Personal(who.user_id, p.model_copy(update={"liked": p.liked[:REASON_HISTORY],
                                                            "watched": p.watched[:REASON_HISTORY]}),
                          who.history, who.avoid)
        picks = [Pick(movie=c.movie, reason=self.reason(c, recent, idf, language), score=round(c.score, 4),
                      source=c.source) for c in diverse_top(cands, n)]
        return picks, engine, calls

    def reason(self, c: Candidate, who: Personal, idf: dict[str, float], language: str) -> str:
        """Why this pick, from the history: a shared director or actor, then "people who watched X also watched
        this" (SASRec's item embeddings), then "because you liked X" (content similarity), else the usual reason."""
        m, ko, profile, history = c.movie, language == "ko", who.profile, who.history
        found = _history_link(m, profile, history, ko)
        link = found[1] if found else None
        if link is None and (nearest := getattr(self.sequential, "nearest", None)) is not None:
            anchor = nearest(m.id, [i for i in profile.watched if i in history])
            if anchor is not None:
                link = msg("shelf_cowatch", language, title=_title(history[anchor], ko))
        if link is None:
            liked = [history[i] for i in profile.liked if i in history]
            best = max(liked, key=lambda h: similarity(m, h, idf), default=None)
            if best is not None and similarity(m, best, idf) >= BECAUSE_MIN:
                link = msg("shelf_because", language, title=_title(best, ko))
        if link is None:
            return explain(c, NO_FILTERS, profile, history, [], language)
        facts = candidates(m, NO_FILTERS, None, ko)
        return f"{link} {facts[0].text}" if facts else link


def _safe(reply: Reply) -> Reply:
    from core.pipeline import safe_reply  # imported when first used: the CLI's shelf commands stay light

    return safe_reply(reply)
