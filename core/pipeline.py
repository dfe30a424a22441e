"""The recommend flow: four plain async stages, each returning its update to the request's state:

    ─┬─ understand ─┐
     └─ profile ────┴─ retrieve ─ rank

understand and profile run concurrently, so at most two LLM calls (understand, rank) sit on the critical path.
The flow is run by `_run` (asyncio.gather and two awaits) rather than a LangGraph graph: importing
`langgraph.graph` cost 0.84 s of CPU at every start on this machine, for four nodes and one join.
Every LLM stage falls back to the offline reasoner on any failure; the reply records which engine answered.
Both LLM stages share one time budget per request (LLM_DEADLINE_S). Text that came from the user or a model is
made safe (core/safety.py) where the Reply is built, so every adapter gets the same safe text.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Awaitable, Callable, Literal, Mapping, TypedDict, cast


from core.catalog.base import Catalog
from core.config import Settings
from core.history.base import HistoryStore
from core import conversation as conv
from core import korean
from core.llm import LLM, LLMError, request_deadline
from core.messages import text as msg, word
from core.moods import known as known_moods
from core.moods import moods
from core.grounding import ground
from core.models import Filters, Movie, Pick, Reply, SearchQuery, StageReport, TasteProfile
from core.understand.vocab import SPOKEN
from core.understand.reader import OfflineUnderstander
from core.profile import ProfileService, describe
from core.examples import ground as ground_examples
from core.prompts import check_prompts, understand_prompt
from core.schemas import understand_schema
from core import facts
from core.answer import answer as answer_question
from core.rank import choose, llm_rank, offline_picks, rank_engine, validate_picks
from core.retrieve import EXAMPLE_SOURCE, Retrieval, Retriever
from core.safety import clean, cut, redact_url
from core.sequential import SequentialRanker
from core.text import is_hangul
from core.understanding import Understanding
from core.understand.vocab import GENRE_KO

log = logging.getLogger(__name__)
StageCallback = Callable[[str], Awaitable[None]]


def _apply(state: State, update: dict) -> None:
    """A stage's update joins the state: timings and engines merge, LLM calls add up, the rest is replaced."""
    s = cast(dict, state)
    for key, value in update.items():
        if key in ("timings", "engine", "stages"):
            s[key] = {**s.get(key, {}), **value}
        elif key == "llm_calls":
            s[key] = s.get(key, 0) + value
        else:
            s[key] = value


class State(TypedDict, total=False):
    user_id: str
    text: str
    count: int
    on_stage: StageCallback | None
    previous: conv.ConversationState | None  # the conversation this request may continue
    follow: conv.FollowUp
    continued: bool  # set by understand: this request changed the previous one
    keep: frozenset[str]  # constraints the follow-up itself added: relaxing never drops them
    understanding: Understanding
    profile: TasteProfile
    history: dict[str, Movie]
    retrieval: Retrieval
    reply: Reply
    timings: dict[str, float]
    engine: dict[str, str]
    llm_calls: int
    stages: dict[str, StageReport]


def _language(text: str, previous: str) -> Literal["ko", "en"]:
    """The script decides; a message with no letters at all ("#2?") keeps the conversation's language."""
    if is_hangul(text):
        return "ko"
    return "en" if any(c.isalpha() for c in text) or previous != "ko" else "ko"


def describe_filters(f: Filters, language: str, titles: Mapping[str, str] | None = None) -> str:
    """The filters as the header shows them; Korean names every value in Hangul where the project knows it.
    `titles` maps a similar_to title to its display form (the seed film's Hangul title from the catalog)."""
    ko = language == "ko"
    parts = []
    if f.directors:
        parts.append(msg("f_directors", language, names=", ".join(korean.name(d) if ko else d for d in f.directors)))
    if f.actors:
        parts.append(msg("f_actors", language, names=", ".join(korean.name(a) if ko else a for a in f.actors)))

    def genre(g: str) -> str:
        return GENRE_KO.get(g, g) if ko else g

    if f.genres:
        parts.append("/".join(map(genre, f.genres)))
    if f.exclude_genres:
        parts.append(msg("f_exclude", language, names="/".join(map(genre, f.exclude_genres))))
    if f.exclude_people:
        parts.append(msg("f_exclude_people", language,
                         names=", ".join(korean.name(p) if ko else p for p in f.exclude_people)))
    if f.year_min and f.year_max:
        years = str(f.year_min) if f.year_min == f.year_max else f"{f.year_min}–{f.year_max}"
        parts.append(f"{years}년" if ko else years)
    elif f.year_min:
        parts.append(msg("f_year_from", language, year=f.year_min))
    elif f.year_max:
        parts.append(msg("f_year_to", language, year=f.year_max))
    if f.countries:
        parts.append(", ".join(korean.country(c) if ko else c for c in f.countries))
    if f.languages and f.languages != [SPOKEN.get(c) for c in f.countries]:  # "한국 · 언어: 한국어" says it twice
        parts.append(msg("f_languages", language, names=", ".join(korean.language(x) if ko else x
                                                                  for x in f.languages)))
    if f.min_runtime or f.max_runtime:
        unit = msg("f_minutes", language)
        parts.append(f"{f.min_runtime}–{f.max_runtime}{unit}" if f.min_runtime and f.max_runtime else
                     f"≥ {f.min_runtime}{unit}" if f.min_runtime else f"≤ {f.max_runtime}{unit}")
    if f.oscar:
        parts.append(msg(f"f_oscar_{f.oscar}", language))
    for mood in known_moods(f.moods):
        parts.append(moods()[mood].label(language))
    if f.acclaimed:
        parts.append(msg("f_acclaimed", language))
    if f.min_critic_score:
        parts.append(msg("f_critics", language, score=f.min_critic_score))
    if f.similar_to:
        shown = ", ".join(f"《{(titles or {}).get(t) or korean.title(t)}》" for t in f.similar_to) if ko else \
            ", ".join(f.similar_to)
        parts.append(msg("f_like", language, titles=shown))
    return " · ".join(parts)


_NUMBER_WORDS = {"year_min": "year", "year_max": "year", "max_runtime": "runtime", "min_runtime": "runtime",
                 "min_critic_score": "critic score"}


def ignored_note(item: str, language: str) -> str:
    """ "max_runtime=1e+20" -> a sentence the user understands."""
    field, _, value = item.partition("=")
    return msg("ignored_number", language, what=word(_NUMBER_WORDS.get(field, field), language), value=value)


UNDERSTAND_MAX_TOKENS = 600  # the filters and an answer; an understanding needs far fewer, a rambling model more
# engine label per LLMError kind: the reply says why the offline reasoner answered
_FALLBACK_ENGINE = {"timeout": "offline (llm timed out)", "unavailable": "offline (llm unavailable)",
                    "invalid": "offline (llm answer invalid)", "skipped": "offline (llm circuit open)",
                    "not_sent": "offline (llm not sent: too slow)"}
# Reply caps: a header, at most 10 notes, at most 10 reasons; the total follows from these.
MESSAGE_CAP, NOTE_CAP, NOTES_MAX, REASON_CAP, SUMMARY_CAP = 2000, 300, 10, 400, 700
REPLY_TEXT_CAP = MESSAGE_CAP + NOTE_CAP * (NOTES_MAX + 1) + REASON_CAP * 10 + SUMMARY_CAP  # 10,000: + fallback


def safe_reply(reply: Reply) -> Reply:
    """The Reply boundary: user and model text neutralised (mentions, links, markdown) and capped."""
    reply.message = clean(reply.message, MESSAGE_CAP)
    reply.relaxed = [c for c in (clean(n, NOTE_CAP) for n in reply.relaxed[:NOTES_MAX]) if c]
    for p in reply.picks:
        p.reason = clean(p.reason, REASON_CAP)
    reply.profile_summary = cut(reply.profile_summary, SUMMARY_CAP)
    reply.fallback = clean(reply.fallback, NOTE_CAP)
    return reply


def reply_chars(reply: Reply) -> int:
    """The user-visible text of a reply, for the cap check."""
    return (len(reply.message) + sum(map(len, reply.relaxed)) + sum(len(p.reason) for p in reply.picks)
            + len(reply.profile_summary) + len(reply.fallback))


class Recommender:
    def __init__(self, settings: Settings, catalog: Catalog, store: HistoryStore,
                 sequential: SequentialRanker | None, llm: LLM | None):
        self.settings = settings
        self.catalog = catalog
        self.profiles = ProfileService(catalog, store)
        self.offline = OfflineUnderstander(catalog)
        self.retriever = Retriever(catalog, sequential)
        self.llm = llm
        self.conversations = conv.Conversations(ttl_s=settings.conversation_ttl_s)
        self.in_flight = 0  # requests running now

    @classmethod
    async def create(cls, settings: Settings, catalog: Catalog, store: HistoryStore,
                     sequential: SequentialRanker | None = None, warm: bool = True) -> "Recommender":
        llm = LLM(settings) if settings.llm_enabled else None
        if llm:
            check_prompts()
        log.info("reasoner: %s", f"LLM {settings.llm_model} at {redact_url(settings.llm_base_url) or 'OpenAI'}"
                 if llm else
                 "offline (no LLM_BASE_URL / LLM_API_KEY configured)")
        rec = cls(settings, catalog, store, sequential, llm)
        if warm:  # the name and title indexes and the vocabulary now, not on the first requests
            await rec.offline.names()
            await rec.offline.titles()
            await rec.offline.catalog_end()  # and the partial-title, newer-film and word lookups built on them
            await catalog.vocabulary()
        return rec

    async def _run(self, state: State) -> State:
        """understand ∥ profile, then retrieve, then rank. Each stage reads a snapshot of the state so far; a
        stage that raises cancels its sibling and propagates."""
        first = [asyncio.create_task(stage(State(**state))) for stage in (self._understand, self._profile)]
        try:
            for update in await asyncio.gather(*first):
                _apply(state, update)
        except BaseException:  # the error itself propagates (a StoreUnavailable stays one), the sibling stops
            for task in first:
                task.cancel()
            raise
        _apply(state, await self._retrieve(State(**state)))
        _apply(state, await self._rank(State(**state)))
        return state

    async def understand(self, text: str) -> tuple[Understanding, str, int]:
        """The understand stage alone, for a fresh request (a movie night): (understanding, engine, LLM calls).
        Runs under its own LLM deadline."""
        state: State = {"text": text, "previous": None, "follow": conv.FollowUp("refine"), "continued": False,
                        "timings": {}, "engine": {}, "llm_calls": 0}
        with request_deadline(self.settings.llm_deadline_s):
            out = await self._understand(state)
        return out["understanding"], out["engine"]["understand"], out["llm_calls"]

    async def profile(self, user_id: str) -> TasteProfile:
        return (await self.profiles.get(user_id))[0]

    async def recommend(self, user_id: str, text: str, count: int | None = None,
                        on_stage: StageCallback | None = None, conversation: str | None = None,
                        follow_up: bool = False) -> Reply:
        """Never raises for bad input; store outages propagate as StoreUnavailable for the adapter to word.

        `conversation` names where the user is talking (a channel, a thread, a chat session): the request may then
        continue the user's previous one there. "more", "older", "#2", "why #3?" always refer to it; a free
        refinement ("not horror") does only when the adapter says the message is a `follow_up` (a reply to the
        bot, a message in the bot's thread, the next line of a chat).
        """
        text = " ".join((text or "").split())
        count = max(1, min(int(count or self.settings.default_picks), 10))
        if not text:
            return Reply(intent="other", message=msg("help"))
        notes = []
        if len(text) > self.settings.max_request_chars:
            text = text[: self.settings.max_request_chars]
            notes.append(msg("long_message", "ko" if is_hangul(text) else "en",
                                 chars=self.settings.max_request_chars))
        started = time.perf_counter()
        previous = self.conversations.get(user_id, conversation) if conversation else None
        follow = conv.detect(text)
        if follow.kind == "why_pick" or (follow.kind in conv.RELATIVE and previous is None and conv.continues(text)
                                         and len(text) <= 40 and not await self._names_a_subject(text)):
            return safe_reply(await self._explain(user_id, text, previous, follow))
        if follow.kind == "more" and follow.pick and previous is not None:
            count = max(1, min(follow.pick, 10))
        if follow.kind == "refine" and not follow_up:
            previous = None  # a new message in the channel, not a reply: a fresh request
        self.in_flight += 1  # background work (digests) gives way while requests run
        try:
            with request_deadline(self.settings.llm_deadline_s):  # one LLM budget for both stages and retries
                state = await self._run({"user_id": user_id, "text": text, "count": count,
                                         "on_stage": on_stage, "previous": previous, "follow": follow,
                                         "continued": False, "timings": {}, "engine": {}, "llm_calls": 0})
        finally:
            self.in_flight -= 1
        reply: Reply = state["reply"]
        if conversation and reply.intent == "recommend" and reply.picks:
            self.conversations.put(user_id, conversation, reply.filters, reply.picks, reply.language,
                                   keep_shown=state["continued"])
        reply.relaxed = notes + reply.relaxed
        reply.engine, reply.llm_calls = state["engine"], state["llm_calls"]
        reply.stages = state.get("stages", {})
        if any(e.startswith("offline (llm") for e in reply.engine.values()):
            reply.fallback = msg("fallback", reply.language)
        reply.timings_ms = {**state["timings"], "total": round((time.perf_counter() - started) * 1000, 2)}
        return safe_reply(reply)

    async def _explain(self, user_id: str, text: str, previous: conv.ConversationState | None,
                       follow: conv.FollowUp) -> Reply:
        """'why #3?': a longer explanation from the catalog row and the history, no LLM call. Also the answer to a
        follow-up with nothing to follow."""
        language = _language(text, previous.language if previous else "en")
        if previous is None:
            return Reply(intent="other", language=language, message=msg("no_context", language))
        pick = previous.pick(follow.pick)
        if pick is None:
            return Reply(intent="other", language=language, message=msg("no_pick", language, n=follow.pick or "?"))
        profile, history = await self.profiles.get(user_id)
        liked = [history[i] for i in profile.liked if i in history]
        return Reply(intent="other", language=language, filters=previous.filters,
                     message=conv.why(pick.movie, liked, language, pick.reason))

    # ---------------------------------------------------------------- nodes
    async def _stage(self, state: State, name: str) -> None:
        if cb := state.get("on_stage"):
            try:
                await cb(name)
            except Exception:  # a failed progress edit must not fail the request
                log.warning("stage callback failed for %s", name, exc_info=True)

    async def _understand(self, state: State) -> dict:
        await self._stage(state, "understand")
        t = time.perf_counter()
        calls, engine = 0, "offline"
        result = None
        previous, follow = state.get("previous"), state["follow"]
        if previous is not None and follow.kind in conv.RELATIVE:  # "more", "older", "#2": the state answers
            result = Understanding(intent="recommend", filters=conv.apply(previous, follow),
                                   language=_language(state["text"], previous.language))
            return {"understanding": result, "continued": True, "engine": {"understand": "conversation"},
                    "timings": {"understand": round((time.perf_counter() - t) * 1000, 2)}}
        report = StageReport(outcome="offline: not_configured", fallback_reason="not_configured")
        if self.llm:
            report = StageReport()
            try:
                vocab = await self.catalog.vocabulary()
                compact = self.settings.llm_prompt == "compact"
                result = await self.llm.structured(
                    Understanding, understand_prompt(compact, previous is not None, vocab.genres),
                    self._context(previous) + f"message: {state['text']}", max_tokens=UNDERSTAND_MAX_TOKENS,
                    json_schema=understand_schema(previous is not None, compact), report=report,
                    budget_s=self.settings.llm_deadline_s * self.settings.llm_understand_share)
                result.notes = []  # never offered: what users read is the pipeline's to write
                result = await self._ground(result, state["text"], previous is not None, report)
                engine = report.outcome = "llm"
            except LLMError as exc:
                log.warning("understand: LLM failed (%s); using the offline reasoner", exc)
                engine = _FALLBACK_ENGINE.get(exc.kind, "offline (llm failed)")
                report.outcome = f"offline: {exc.reason}"
                await self._stage(state, "offline")
            calls = 1 if report.calls else 0  # a call never sent is not a call
        offline = result is None
        if result is None:
            result = await self.offline.understand(state["text"])
        # "only the ones he directed himself": the last request's person in the other role, whoever read it
        switched = conv.switch_roles(state["text"], previous.filters) if previous is not None else None
        if switched is not None and result.intent != "question":
            result.intent, result.answer, result.continues = "recommend", "", True
            result.filters = result.filters.model_copy(update={
                "directors": switched.directors, "actors": switched.actors})
        elif offline and previous is not None and result.intent != "question" and (
                back := conv.refers_back(state["text"], previous.filters, result.filters)) is not None:
            # "more like his serious stuff": the last request's person, in the tone the words name
            result.intent, result.answer, result.continues, result.filters = "recommend", "", True, back
        elif offline:
            result.continues = previous is not None and result.intent == "recommend" and conv.continues(
                state["text"], result.filters)
        continued = previous is not None and result.continues and result.intent == "recommend"
        keep: frozenset[str] = frozenset()
        if continued and previous is not None:
            result.filters = conv.softened(state["text"], previous.filters, result.filters)
            keep = conv.added(result.filters)
            merged = conv.merge(previous.filters, result.filters, also=conv.adds_genre(state["text"]))
            merged = conv.forget_genres(state["text"], merged, result.filters)  # "forget the drama part"
            if switched is not None:  # a role moved: the old role's list must not carry over
                merged.actors, merged.directors = list(switched.actors), list(switched.directors)
            result.filters = merged
        result.notes += [ignored_note(item, result.language) for item in result.filters.ignored]
        return {"understanding": result, "llm_calls": calls, "engine": {"understand": engine}, "continued": continued,
                "stages": {"understand": report}, "keep": keep,
                "timings": {"understand": round((time.perf_counter() - t) * 1000, 2)}}

    async def _names_a_subject(self, text: str) -> bool:
        """"짧은 거 하나만, 코미디로", "blade runner 같은데 좀 더 최근 거": a request of its own (a genre, a person, a
        film, a mood), not only a step from a previous one."""
        f = (await self.offline.understand(text)).filters
        return bool(f.genres or f.directors or f.actors or f.similar_to or f.moods)

    @staticmethod
    def _context(previous: conv.ConversationState | None) -> str:
        """The previous request for the understand prompt: its filters and the titles shown (one LLM call)."""
        if previous is None:
            return ""
        filters = previous.filters.model_dump_json(exclude_defaults=True, exclude={"ignored"})
        shown = "; ".join(f"#{i} {m.label}" for i, m in enumerate(previous.last, 1))
        return f"previous request filters: {filters}\nshown: {shown}\n"

    async def _ground(self, u: Understanding, text: str, has_previous: bool = False,
                      report: StageReport | None = None) -> Understanding:
        """Every name and genre the LLM produced is grounded in the catalog, and filters the request's words cannot
        support are dropped (core/grounding.py); what was dropped or moved goes to the stage report."""
        u.language = "ko" if is_hangul(text) else "en"  # the script beats the model's guess
        dropped = ground(u, text, await self.offline.names(), await self.catalog.vocabulary(), has_previous)
        if report is not None:
            report.dropped += dropped
        return u

    async def _profile(self, state: State) -> dict:
        t = time.perf_counter()
        profile, history = await self.profiles.get(state["user_id"])
        return {"profile": profile, "history": history,
                "timings": {"profile": round((time.perf_counter() - t) * 1000, 2)}}

    async def _retrieve(self, state: State) -> dict:
        u = state["understanding"]
        if u.intent != "recommend":
            return {}
        await self._stage(state, "retrieve")
        t = time.perf_counter()
        profile, previous = state["profile"], state.get("previous")
        if state.get("continued") and previous is not None:  # a follow-up never shows a film again
            profile = profile.model_copy(update={"excluded": profile.excluded + conv.exclude_ids(previous)})
        grounded = await ground_examples(u.examples, self.catalog, self.offline.titles, u.filters,
                                         set(profile.excluded)) if u.examples else None
        r = await self.retriever.retrieve(u.filters, profile, u.language, variety=f"{state['user_id']}|{state['text']}",
                                          examples=grounded.movies if grounded else None,
                                          keep=state.get("keep", frozenset()), lean=u.lean)
        if (not r.candidates or r.relaxed) and state.get("continued") and previous is not None and previous.shown and (
                state["follow"].kind not in conv.RELATIVE):  # "more" after the last one still means new films
            # "나홍진 감독 작품으로" after "하정우 나오는 영화", "did any of those win an oscar": what fits was shown
            # already; show it again and say so, rather than drop a filter to find films not shown
            again = await self.retriever.retrieve(u.filters, state["profile"], u.language,
                                                  variety=f"{state['user_id']}|{state['text']}",
                                                  keep=state.get("keep", frozenset()), lean=u.lean)
            if again.candidates and (not r.candidates or not again.relaxed):
                r = again
                r.relaxed = [msg("shown_again", u.language), *again.relaxed]
        r.candidates = r.candidates[: self.settings.rank_candidates]
        engine = r.engine
        if grounded:  # which candidates came from the model: "catalog + llm examples (4 of 6 found)"
            engine = grounded.label if r.engine.startswith("llm") else f"{r.engine} + {grounded.label}"
        return {"retrieval": r, "engine": {"retrieve": engine},
                "timings": {"retrieve": round((time.perf_counter() - t) * 1000, 2)}}

    async def _rank(self, state: State) -> dict:
        u, profile, history = state["understanding"], state["profile"], state["history"]
        if u.intent == "question" and u.question is not None:  # answered from the film's catalog row, no picks
            message = await answer_question(self.catalog, await self.offline.titles(), u.question, u.language)
            return {"reply": Reply(intent="question", language=u.language, message=message, filters=u.filters)}
        if u.intent != "recommend":
            return {"reply": Reply(intent="other", language=u.language, message=u.answer or msg("help", u.language),
                                   filters=u.filters)}
        await self._stage(state, "rank")
        t = time.perf_counter()
        r, n = state["retrieval"], state["count"]
        calls, engine = 0, "offline"
        picks: list[Pick] = []
        report = StageReport(outcome="offline: not_configured" if not self.llm else "offline: no candidates",
                             fallback_reason="not_configured" if not self.llm else "")
        if self.llm and r.candidates:
            report = StageReport()
            try:
                out = await llm_rank(self.llm, state["text"], r.candidates, n, u.filters, profile, history,
                                     u.language, compact=self.settings.llm_prompt == "compact", report=report)
                picks, dropped = validate_picks(out, r.candidates, n, u.filters, profile, history, r.seeds,
                                                u.language, report=report)
                if dropped >= len(out.picks):  # not one usable pick: the model failed, the offline ranking answered
                    raise LLMError("no valid pick among the model's answer", "invalid", "foreign_ids")
                engine = report.outcome = rank_engine(len(out.picks) - dropped, len(picks), dropped, report)
            except LLMError as exc:
                log.warning("rank: LLM failed (%s); using the offline reasoner", exc)
                engine = _FALLBACK_ENGINE.get(exc.kind, "offline (llm failed)")
                report.outcome, report.fallback_reason, report.replaced = f"offline: {exc.reason}", exc.reason, {}
                picks = []
                await self._stage(state, "offline")
            calls = 1 if report.calls else 0  # a call never sent is not a call
        if not picks:
            chosen = choose(r.candidates, n, u.filters)
            context = await facts.gather(self.catalog, [c.movie for c in chosen], u.filters)
            picks = offline_picks(chosen, n, u.filters, profile, history, r.seeds, u.language, context)
        previous = state.get("previous") if state.get("continued") else None
        if u.filters.is_empty() and profile.is_empty and previous is None \
                and not any(c.source == EXAMPLE_SOURCE for c in r.candidates):
            u.notes.append(msg("vague", u.language))
        if previous is not None and len(picks) < n and not r.relaxed:
            u.notes.append(msg("all_shown", u.language))
        elif picks and len(picks) < n and not r.relaxed and (u.filters.actors or u.filters.directors):
            # a person with few films here (a star of the 2020s in a catalog that ends in 2014): say why so few
            people = list(dict.fromkeys([*u.filters.directors, *u.filters.actors]))  # one who directs and stars
            names = ", ".join(korean.name(x) if u.language == "ko" else x for x in people)
            total = len(await self.catalog.search(SearchQuery(filters=Filters(
                directors=u.filters.directors, actors=u.filters.actors), limit=50)))
            if total > len(picks):  # the person has more films here; the rest of the request narrowed them
                u.notes.append(msg("person_few_match", u.language, n=len(picks), total=total, names=names))
            else:
                u.notes.append(msg("person_few", u.language, n=len(picks), end=await self.offline.catalog_end(),
                                   names=names))
        reply = Reply(intent="recommend", language=u.language, filters=u.filters, picks=picks,
                      relaxed=u.notes + r.relaxed, profile_summary=describe(profile, history, u.language),
                      message=self._header(u, len(picks), previous.filters if previous else None,
                                           {s.title: korean.display_title(s) for s in r.seeds}))
        return {"reply": reply, "llm_calls": calls, "engine": {"rank": engine}, "stages": {"rank": report},
                "timings": {"rank": round((time.perf_counter() - t) * 1000, 2)}}

    @staticmethod
    def _header(u: Understanding, n: int, previous: Filters | None = None,
                titles: Mapping[str, str] | None = None) -> str:
        """What the picks are for; a follow-up says what carried over ("still: Tom Hanks; now: up to 1983")."""
        language = u.language
        if not n:
            return msg("no_picks", language)
        what = describe_filters(u.filters, language, titles)
        if previous is not None:
            what = conv.header(previous, u.filters, lambda f: describe_filters(f, language, titles), language) or what
        if language == "ko":
            return msg("header", language, n=n, what=f"{what} — " if what else "")
        return msg("header", language, n=n, picks="pick" if n == 1 else "picks",
                    what=f" — {what}" if what else " for you")
