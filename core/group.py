"""Movie night: picks for a group of 2–10 people, each with a reason that names whom it fits.

How the tastes are blended (least misery, with the mean and the request as tie-breakers):
every candidate gets one score per member: the member's profile affinity (genres, directors, actors and decades of
what they liked and watched) plus, when SASRec knows films of their history, the candidate's place in that
member's SASRec ranking of the pool. Each member's scores are normalised to 0..1 over the pool, and

    group score = 0.6 · min over members + 0.2 · mean over members + 0.2 · retrieval score (0..1)

A film nobody minds beats one that a single member loves and another would sit through unhappily (least misery),
the mean separates films that fit everyone about equally, and the retrieval score keeps the request, moods and
quality in play. Members with an empty history have no preference: they neither lift nor veto a film. When no
member has a history the retrieval score alone decides. Anything any member watched, liked or marked not
interested is never picked.

Understanding reuses the Recommender's understand stage (LLM with offline fallback: one LLM call at most);
ranking is offline, so every reason is built from true facts: the catalog row and each member's own history.
"""
from __future__ import annotations

import asyncio
import logging
import statistics
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core import korean
from core.errors import BadRequest
from core import facts
from core.catalog.reliability import claimable_genres
from core.explain import diverse_top, explain, explain_all, shared_lead
from core.history.service import HistoryService
from core.models import Candidate, Filters, InteractionKind, Movie, Pick, Reply, TasteProfile
from core.profile import TOP
from core.retrieve import affinity
from core.safety import clean
from core.sequential import rank_async
from core.understanding import Understanding

if TYPE_CHECKING:
    from core.pipeline import Recommender

log = logging.getLogger(__name__)

MIN_MEMBERS, MAX_MEMBERS = 2, 10
MAX_PICKS = 10
LEAST_MISERY, MEAN, REQUEST = 0.6, 0.2, 0.2
NAME_CAP = 32
NAMED_PER_REASON = 3  # a reason names at most this many members: it stays one readable line
MEMBER_POOL = 100  # per-member SASRec candidates added to an unfiltered request
SASREC_FIT = 0.9  # "viewers with a history like @c's…" only for the top tenth of that member's ranking
GENRE_FIT = 0.5  # "@b often watches crime films": among their top 3 genres, at least half their favourite's weight
LOG_SOURCE = "movienight"

Understand = Callable[[str], Awaitable[tuple[Understanding, str, int]]]


class GroupReply(Reply):
    """A Reply (adapters reuse their header and pick rendering) plus who is in the group and whom each pick fits."""

    members: list[str] = []  # user ids, in the order given
    names: dict[str, str] = {}  # user id -> display name (safe text, no "@")
    fits: dict[str, list[str]] = {}  # movie id -> the members its reason names

    def labels(self) -> list[str]:
        """The picks as the vote options and the winner announcement show them."""
        return [option_label(p.movie, self.language) for p in self.picks]


@dataclass
class Member:
    user_id: str
    name: str
    profile: TasteProfile
    history: dict[str, Movie]
    sasrec: dict[str, float] = field(default_factory=dict)  # movie id -> 0..1, 1 = this member's SASRec top

    @property
    def has_taste(self) -> bool:
        return not self.profile.is_empty


def option_label(movie: Movie, language: str) -> str:
    if language == "ko":
        return f"《{korean.display_title(movie)}》" + (f"({movie.year})" if movie.year else "")
    return movie.label


def _members(user_ids: Iterable[str]) -> list[str]:
    members = list(dict.fromkeys(u.strip() for u in user_ids if u and u.strip()))
    if len(members) < MIN_MEMBERS:
        raise BadRequest(f"Movie night needs at least {MIN_MEMBERS} different people "
                         f"(got {len(members)}).")
    if len(members) > MAX_MEMBERS:
        raise BadRequest(f"Movie night is for at most {MAX_MEMBERS} people (got {len(members)}).")
    return members


def _display_names(members: list[str], names: Mapping[str, str]) -> dict[str, str]:
    """Display names as safe text (no pings, no markdown); a member without a usable one is "member N"."""
    out = {}
    for i, u in enumerate(members, 1):
        name = clean(names.get(u) or u, NAME_CAP).lstrip("@").strip()
        out[u] = name or f"member {i}"
    return out


def _at(name: str) -> str:
    return "@" + name


def join_names(names: list[str], language: str) -> str:
    at = [_at(n) for n in names]
    if language == "ko" or len(at) < 2:
        return ", ".join(at)
    return ", ".join(at[:-1]) + " and " + at[-1]


def blend_profiles(profiles: list[TasteProfile]) -> TasteProfile:
    """The group as one profile for the regular Retriever: averaged weights, interleaved histories, every
    exclusion of every member."""
    tasted = [p for p in profiles if not p.is_empty]

    def mean(attr: str) -> dict[str, float]:
        total: dict[str, float] = {}
        for p in tasted:
            for k, v in getattr(p, attr).items():
                total[k] = total.get(k, 0.0) + v / len(tasted)
        return dict(sorted(total.items(), key=lambda kv: -kv[1])[:TOP])

    def interleave(lists: list[list[str]]) -> list[str]:
        out: list[str] = []
        for i in range(max((len(x) for x in lists), default=0)):
            out += [x[i] for x in lists if i < len(x)]
        return list(dict.fromkeys(out))

    return TasteProfile(
        user_id="group", history_version="+".join(p.history_version for p in profiles),
        genres=mean("genres"), directors=mean("directors"), actors=mean("actors"), decades=mean("decades"),
        countries=mean("countries"), liked=interleave([p.liked for p in profiles]),
        watched=interleave([p.watched for p in profiles]),
        excluded=list(dict.fromkeys(i for p in profiles for i in p.excluded)))


def _normalised(values: dict[str, float]) -> dict[str, float]:
    lo, hi = min(values.values()), max(values.values())
    return {k: (v - lo) / (hi - lo) if hi > lo else 1.0 for k, v in values.items()}


# ---------------------------------------------------------------- reasons


@dataclass(frozen=True)
class Link:
    """One true link between a film and a member's history. Members with the same link share one clause."""

    kind: str  # "director" | "actor" | "genre" | "sasrec"
    verb: str  # "liked" | "watched" | ""
    film: str  # the history film's title ("" for genre/sasrec)
    value: str  # the person or the genre
    film_ko: str = ""  # the history film's title as a Korean reader knows it (korean.display_title)

    def render(self, who: list[str], ko: bool) -> str:
        at = join_names(who, "ko" if ko else "en")
        if ko:
            verb = {"liked": "좋아한", "watched": "본"}.get(self.verb, "")
            film = f"《{self.film_ko or korean.title(self.film)}》"
            return {"director": f"{at}님이 {verb} {film}의 감독 {korean.name(self.value)}의 작품",
                    "actor": f"{at}님이 {verb} {film}에 나온 {korean.name(self.value)} 출연",
                    "genre": f"{at}님이 즐겨 보는 {korean.genre(self.value)} 장르",
                    "sasrec": f"{at}님과 기록이 비슷한 관객들이 이어서 많이 본 영화"}[self.kind]
        return {"director": f"{at} {self.verb} {self.film}, also by {self.value}",
                "actor": f"{at} {self.verb} {self.film}, also with {self.value}",
                "genre": f"{at} often watch{'es' if len(who) == 1 else ''} {self.value.lower()} films",
                "sasrec": f"viewers with a history like {at}'s often watch it next"}[self.kind]


def member_link(m: Movie, member: Member, idf: Mapping[str, float], asked: Sequence[str] = ()) -> Link | None:
    """The strongest true link between the film and one member's history: a director, then an actor among the
    leads of both films, of a film they liked (then watched), then one of their top genres (the rarest one:
    "drama" says little) when a reason may name it (core/catalog/reliability.py), then SASRec."""
    p = member.profile
    liked = [member.history[i] for i in p.liked if i in member.history]
    seen = [member.history[i] for i in p.watched if i in member.history and i not in set(p.liked)]
    for kind in ("director", "actor"):
        for pool, verb in ((liked, "liked"), (seen, "watched")):
            for h in pool:
                person = (next((x for x in m.directors if x in h.directors), None) if kind == "director"
                          else shared_lead(m, h))
                if person:
                    return Link(kind, verb, h.title, person, korean.display_title(h))
    nameable = claimable_genres(m, list(asked))
    favourite = [g for g in list(p.genres)[:3] if p.genres[g] >= GENRE_FIT and g in nameable]
    if favourite:
        return Link("genre", "", "", max(favourite, key=lambda g: (idf.get(g, 0.0), g)))
    if member.sasrec.get(m.id, 0.0) >= SASREC_FIT:
        return Link("sasrec", "", "", "")
    return None


def group_reason(c: Candidate, members: list[Member], fit: dict[str, float], filters: Filters,
                 seeds: list[Movie], language: str, idf: Mapping[str, float] | None = None,
                 tail: str = "") -> tuple[str, list[str]]:
    """(the reason, the members it names). Members are named by how well the film fits them, at most
    NAMED_PER_REASON; when no member's history links to the film, the reason is addressed to the whole group."""
    ko = language == "ko"
    links: dict[Link, list[Member]] = {}
    named: list[str] = []
    for member in sorted(members, key=lambda x: -fit.get(x.user_id, 0.0)):
        if member.has_taste and (link := member_link(c.movie, member, idf or {}, filters.genres)):
            links.setdefault(link, []).append(member)
            named.append(member.user_id)
        if len(named) == NAMED_PER_REASON:
            break
    if links:
        clauses = [link.render([x.name for x in who], ko) for link, who in links.items()]
        if ko:
            head = ", ".join(clauses) + ("이에요." if korean.has_batchim(clauses[-1]) else "예요.")
        else:
            head = "; ".join(clauses) + "."
            head = head[0].upper() + head[1:]
    else:
        named = [x.user_id for x in members]
        everyone = join_names([x.name for x in members], language)
        head = f"{everyone}님 모두를 위한 선택이에요." if ko else f"A pick for {everyone}."
    # The film's own facts, as for one person with no history: the request link or the seed, and one fact.
    tail = tail or explain(Candidate(movie=c.movie, score=c.score, source="catalog"), filters,
                           TasteProfile(user_id=""), {}, seeds, language)
    return f"{head} {tail}", named


# ---------------------------------------------------------------- text

NOT_A_REQUEST = {
    "en": "I didn't read a movie request in that, so these simply fit the group.",
    "ko": "영화 요청으로 이해하지 못해서 그룹 취향에 맞춰 골랐어요.",
}


def _no_history_note(names: list[str], everyone: bool, language: str) -> str:
    if language == "ko":
        if everyone:
            return "아직 아무도 기록이 없어서 평이 좋은 인기작으로 골랐어요. 영화에 👀/❤️를 눌러 취향을 알려주세요."
        return f"{', '.join(map(_at, names))}님은 아직 기록이 없어서 다른 분들의 취향을 따랐어요."
    if everyone:
        return ("None of you has a history yet, so these are well-loved films. React 👀/❤️ to movies to teach me "
                "your tastes.")
    verb = "has" if len(names) == 1 else "have"
    return f"{join_names(names, 'en')} {verb} no history yet, so the picks follow the others' taste."


def _summary(members: list[Member], language: str) -> str:
    if language == "ko":
        return " · ".join(f"{_at(m.name)} {len(m.profile.watched)}편" if m.has_taste else f"{_at(m.name)} 기록 없음"
                          for m in members)
    return " · ".join(f"{_at(m.name)} {len(m.profile.watched)} film{'s' if len(m.profile.watched) != 1 else ''}"
                      if m.has_taste else f"{_at(m.name)} no history" for m in members)


def _header(names: list[str], n: int, what: str, language: str) -> str:
    who = join_names(names, language)
    if language == "ko":
        if not n:
            return f"{who}님의 영화의 밤: 조건에 맞는 영화를 찾지 못했어요."
        return f"{who}님의 영화의 밤 — {what + ' — ' if what else ''}{n}편을 골랐어요."
    if not n:
        return f"Movie night for {who}: I couldn't find a movie for that in the catalog."
    return f"Movie night for {who} — {n} pick{'s' if n != 1 else ''}{': ' + what if what else ''}."


# ---------------------------------------------------------------- the recommender


class GroupRecommender:
    """Built on the single-user Recommender: its understand stage, profile cache, Retriever and SASRec."""

    def __init__(self, recommender: "Recommender", understand: Understand | None = None):
        self.recommender = recommender
        self.settings = recommender.settings
        self.catalog = recommender.catalog
        self.profiles = recommender.profiles
        self.retriever = recommender.retriever
        self.understand = understand or recommender.understand

    async def recommend(self, user_ids: Sequence[str], text: str = "", names: Mapping[str, str] | None = None,
                        count: int | None = None, language: str | None = None) -> GroupReply:
        """Raises BadRequest for a group of the wrong size; otherwise never for bad input (as Recommender).

        `language` ("ko"/"en", e.g. the Discord client's locale) is used when there is no request text to read
        it from."""
        from core.pipeline import describe_filters, safe_reply

        ids = _members(user_ids)
        display = _display_names(ids, names or {})
        count = max(1, min(int(count or self.settings.default_picks), MAX_PICKS))
        text = " ".join((text or "").split())[: self.settings.max_request_chars]
        started = time.perf_counter()
        timings: dict[str, float] = {}

        async def understood() -> tuple[Understanding, str, int]:
            if not text:
                return Understanding(intent="recommend"), "none", 0
            return await self.understand(text)

        (u, understand_engine, calls), loaded = await asyncio.gather(
            understood(), asyncio.gather(*(self.profiles.get(uid) for uid in ids)))
        timings["understand+profiles"] = _ms(started)
        language = u.language if text else ("ko" if language == "ko" else "en")
        members = [Member(uid, display[uid], profile, history) for uid, (profile, history) in zip(ids, loaded)]
        notes = list(u.notes)
        filters = u.filters
        if u.intent != "recommend":
            notes.append(NOT_A_REQUEST[language])
            filters = Filters()

        t = time.perf_counter()
        group = blend_profiles([m.profile for m in members])
        excluded = set(group.excluded)
        r = await self.retriever.retrieve(filters, group, language, variety=text or "|".join(sorted(ids)))
        pool = {c.movie.id: c for c in r.candidates if c.movie.id not in excluded}
        engine = r.engine
        if filters.is_empty() and await self._add_member_picks(members, pool, excluded):
            engine += "+members"
        cands = list(pool.values())
        await self._member_sasrec(members, cands)
        timings["retrieve"] = _ms(t)

        t = time.perf_counter()
        scored, fit = self._score(cands, members)
        chosen = diverse_top(scored, count)
        picks, fits = [], {}
        idf = await self.retriever.genre_idf()
        context = await facts.gather(self.catalog, [c.movie for c in chosen], filters)
        plain = [Candidate(movie=c.movie, score=c.score, source="catalog") for c in chosen]
        tails = explain_all(plain, filters, TasteProfile(user_id=""), {}, r.seeds, language, context,
                            vary_openers=False)
        for c, tail in zip(chosen, tails):
            reason, named = group_reason(c, members, fit[c.movie.id], filters, r.seeds, language, idf, tail)
            picks.append(Pick(movie=c.movie, reason=reason, score=round(c.score, 4), source=c.source))
            fits[c.movie.id] = named
        timings["rank"] = _ms(t)

        empty = [m.name for m in members if not m.has_taste]
        if empty:
            notes.append(_no_history_note(empty, len(empty) == len(members), language))
        what = describe_filters(filters, language, {s.title: korean.display_title(s) for s in r.seeds})
        reply = GroupReply(intent="recommend", language=language, filters=filters, picks=picks,
                           relaxed=notes + r.relaxed, profile_summary=_summary(members, language),
                           message=_header([m.name for m in members], len(picks), what, language),
                           engine={"understand": understand_engine, "retrieve": engine,
                                   "rank": "group (least misery)"},
                           llm_calls=calls, members=ids, names=display, fits=fits)
        reply.timings_ms = {**timings, "total": _ms(started)}
        return safe_reply(reply)  # type: ignore[return-value]  # same object, made safe

    async def _add_member_picks(self, members: list[Member], pool: dict[str, Candidate], excluded: set[str]) -> bool:
        """An open request: each member's own SASRec top joins the pool, so no one's taste is missing from it."""
        seq = self.retriever.sequential
        if seq is None or not pool:
            return False
        base = statistics.median(c.score for c in pool.values())
        added = False
        for m in members:
            known = seq.known(m.profile.watched)
            if not known:
                continue
            ranked = await rank_async(seq, known, MEMBER_POOL, exclude=excluded)
            missing = [i for i, _ in ranked if i not in pool]
            movies = await self.catalog.get_many(missing)
            for i in missing:
                if i in movies:
                    pool[i] = Candidate(movie=movies[i], score=base, source="sasrec")
                    added = True
        return added

    async def _member_sasrec(self, members: list[Member], cands: list[Candidate]) -> None:
        """Each member's SASRec ranking of the pool, as 0..1 (films SASRec never saw get a neutral 0.5)."""
        seq = self.retriever.sequential
        if seq is None or not cands:
            return
        allowed = [c.movie.id for c in cands]
        for m in members:
            known = seq.known(m.profile.watched)
            if not known:
                continue
            ranked = await rank_async(seq, known, len(allowed), allowed=allowed)
            position = {movie_id: 1.0 - i / len(ranked) for i, (movie_id, _) in enumerate(ranked)}
            m.sasrec = {i: position.get(i, 0.5) for i in allowed}

    @staticmethod
    def _score(cands: list[Candidate], members: list[Member]) -> tuple[list[Candidate], dict[str, dict[str, float]]]:
        """Candidates by group score (least misery, then the mean, then the request); per film, each member's fit."""
        if not cands:
            return [], {}
        base = _normalised({c.movie.id: c.score for c in cands})
        per_member = {m.user_id: _normalised({c.movie.id: affinity(c.movie, m.profile) + m.sasrec.get(c.movie.id, 0.0)
                                              for c in cands})
                      for m in members if m.has_taste}
        fit: dict[str, dict[str, float]] = {}
        keyed = []
        for c in cands:
            scores = {u: s[c.movie.id] for u, s in per_member.items()}
            fit[c.movie.id] = scores
            if scores:
                least, mean = min(scores.values()), statistics.fmean(scores.values())
                group = LEAST_MISERY * least + MEAN * mean + REQUEST * base[c.movie.id]
            else:
                least = mean = group = base[c.movie.id]
            keyed.append((-round(group, 9), -mean, c.movie.id, c))
            c.score = group
        keyed.sort(key=lambda k: k[:3])
        return [k[3] for k in keyed], fit


async def log_winner(history: HistoryService, movie_id: str, voters: Iterable[str]) -> list[str]:
    """Log the winning film as watched for the members who voted for it (and only them). Returns who got it
    newly logged (someone who had already logged it is left as is)."""
    logged = []
    for user_id in dict.fromkeys(voters):
        if await history.log(user_id, movie_id, InteractionKind.WATCHED, source=LOG_SOURCE):
            logged.append(user_id)
    return logged


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
