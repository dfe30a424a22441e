"""PALR step 2: candidates from catalog filters, SASRec, or both; never already-seen movies."""
from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from core import korean
from core.catalog.base import Catalog
from core.messages import text as msg, word
from core.models import Candidate, Filters, Movie, SearchQuery, TasteProfile
from core.moods import adjust as mood_adjust
from core.moods import moods, search_filters
from core.sequential import SequentialRanker, rank_async
from core.examples import fits
from core.text import title_key

log = logging.getLogger(__name__)
POOL = 200
BROAD_POOL = 300  # "a comedy": enough that a widely seen film with a middling critics' score is still a candidate
EXAMPLE_SOURCE = "llm"  # Candidate.source of a film the model named (core/examples.py)
EXAMPLES_ALONE = 5  # this many grounded examples are the whole retrieval of a request with no searchable filter
GENRE_BONUS = 0.15  # what the catalog search adds per asked-for genre (core/catalog/sqlite.py, es_query.py)
# "Ocean's Eleven" -> "ocean's", "Toy Story 2" -> "toy story", "Alien: Resurrection" -> "alien": a series' stem.
_SEQUEL_TAIL = re.compile(r"(?:\s+(?:part|chapter|episode))?(?:\s+(?:\d+|[ivx]+|two|three|four|five|six|eleven|"
                          r"twelve|thirteen))+$")
SEEDED_PICK_SHARE = 0.25
SERIES_SOURCE = "series"  # Candidate.source of a film of the seed's own series
FRANCHISE_BONUS = 1.0  # over the best similarity score: the next film of the series is what a fan asks for first


@dataclass
class Retrieval:
    candidates: list[Candidate]
    engine: str  # "catalog", "catalog+sasrec", "sasrec", "similar", "profile", "popular"
    relaxed: list[str] = field(default_factory=list)
    seeds: list[Movie] = field(default_factory=list)


def affinity(movie: Movie, p: TasteProfile) -> float:
    """0..~1: how much the movie looks like what the user liked and watched."""
    if p.is_empty:
        return 0.0
    genre = sum(p.genres.get(g, 0.0) for g in movie.genres) / max(len(movie.genres), 1)
    director = max((p.directors.get(d, 0.0) for d in movie.directors), default=0.0)
    actor = max((p.actors.get(a, 0.0) for a in movie.cast[:8]), default=0.0)
    decade = p.decades.get(f"{movie.year // 10 * 10}s", 0.0) if movie.year else 0.0
    return 0.4 * genre + 0.3 * director + 0.2 * actor + 0.1 * decade


def genre_cosine(a: list[str], b: list[str], idf: dict[str, float]) -> float:
    """Cosine of IDF-weighted genre sets: sharing "Sci-Fi" says more than sharing "Drama"."""
    wa, wb = {g: idf.get(g, 1.0) for g in a}, {g: idf.get(g, 1.0) for g in b}
    dot = sum(w * wb[g] for g, w in wa.items() if g in wb)
    norm = math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))
    return dot / norm if norm else 0.0


def similarity(movie: Movie, seed: Movie, idf: dict[str, float] | None = None) -> float:
    """0..1: the seed's director counts most, then its genre profile (IDF cosine), shared cast and era."""
    genres = genre_cosine(movie.genres, seed.genres, idf or {})
    director = 1.0 if set(movie.directors) & set(seed.directors) else 0.0
    cast = min(len(set(movie.cast) & set(seed.cast)), 3) / 3
    era = max(0.0, 1 - abs(movie.year - seed.year) / 30) if movie.year and seed.year else 0.0
    return 0.35 * director + 0.35 * genres + 0.15 * cast + 0.15 * era


def _similarity(movie: Movie, seeds: list[Movie], idf: dict[str, float]) -> float:
    return max((similarity(movie, s, idf) for s in seeds), default=0.0)


_RELAX_ORDER = ("min_critic_score", "oscar", "max_runtime", "min_runtime", "languages", "genre_mode", "years",
                "countries", "exclude_genres", "genres", "actors", "directors")
def _relax(f: Filters, what: str) -> Filters | None:
    """A copy of f without one constraint, or None if f doesn't have it."""
    g = f.model_copy(deep=True)
    if what == "genre_mode":
        if f.genre_mode != "all":
            return None
        g.genre_mode = "any"
    elif what == "years":
        if f.year_min is None and f.year_max is None:
            return None
        g.year_min = g.year_max = None
    elif not getattr(f, what):
        return None
    else:
        value = getattr(f, what)
        setattr(g, what, type(value)() if isinstance(value, list) else None)
    return g


class Retriever:
    def __init__(self, catalog: Catalog, sequential: SequentialRanker | None):
        self.catalog = catalog
        self.sequential = sequential
        self._idf: dict[str, float] | None = None

    async def genre_idf(self) -> dict[str, float]:
        if self._idf is None:
            counts = (await self.catalog.vocabulary()).genres
            total = max(sum(counts.values()), 1)
            self._idf = {g: math.log(total / n) for g, n in counts.items() if n}
        return self._idf

    async def retrieve(self, filters: Filters, profile: TasteProfile, language: str = "en",
                       variety: str = "", examples: list[Movie] | None = None,
                       keep: frozenset[str] = frozenset(), lean: str | None = None) -> Retrieval:
        """`variety` (the request text) picks which well-loved films a new user sees for a vague request.
        `examples`: films the model named, grounded and filtered (core/examples.py); they come first, and for a
        request with no searchable filter ("zombie movies") they are the retrieval. `keep` names constraints a
        follow-up just added, which relaxing never drops (conversation.added). `lean` ("newest", "oldest"): years the
        catalog cannot hold, asked for; the films nearest them rank first."""
        seeds = await self._seeds(filters.similar_to)
        exclude = list(dict.fromkeys(profile.excluded + [s.id for s in seeds]))
        hard = search_filters(filters.model_copy(update={"similar_to": []}))
        known = [m for m in examples or [] if m.id not in set(exclude)]
        if seeds:
            result = await self._similar(seeds, exclude, hard)
            if not result.candidates and not hard.is_empty():
                result = await self._filtered(hard, exclude, language, keep)
        elif not hard.is_empty():
            result = await self._filtered(hard, exclude, language, keep)
        elif len(known) >= EXAMPLES_ALONE:
            result = Retrieval([], "llm")
        else:
            result = await self._personal(profile, exclude, variety)
        _add_examples(result, known)
        if filters.exclude_people:  # no backend filters on it: few films are lost this way, so filter here
            out = set(filters.exclude_people)
            result.candidates = [c for c in result.candidates
                                 if not out.intersection(c.movie.cast) and not out.intersection(c.movie.directors)]
        result.seeds = seeds
        await self._personalise(result, profile, seeds, filters)
        if lean and result.candidates:
            _lean(result.candidates, lean)
        if variety and result.engine != "popular" and not (seeds or filters.directors or filters.actors or known):
            _jitter(result.candidates, variety)  # "horror" and "horror under 2 hours" need not be one list
        if known:  # the model's films first (the offline ranker picks from the top), in personalised order
            result.candidates.sort(key=lambda c: c.source != EXAMPLE_SOURCE)
        return result

    async def _seeds(self, titles: list[str]) -> list[Movie]:
        seeds = []
        for t in titles:
            hits = await self.catalog.find_titles(t, limit=3)
            seeds += [m for m in hits if title_key(m.title) == title_key(t)][:1]
        return seeds

    async def _filtered(self, f: Filters, exclude: list[str], language: str,
                        keep: frozenset[str] = frozenset(), lean: str | None = None) -> Retrieval:
        pool = BROAD_POOL if is_broad(f) else POOL
        cands = await self.catalog.search(SearchQuery(filters=f, exclude_ids=exclude, limit=pool))
        relaxed: list[str] = []
        asked = f
        for what in _RELAX_ORDER:
            if cands:
                break
            if what in keep:
                continue
            loosened = _relax(f, what)
            if loosened is None:
                continue
            f = loosened
            relaxed.append(word(what, language))
            cands = await self.catalog.search(SearchQuery(filters=f, exclude_ids=exclude, limit=pool))
        notes = []
        if relaxed:
            notes = [msg("relaxed", language, what=", ".join(relaxed))]
        elif 0 < len(cands) < FILL_TO and f.genre_mode == "all" and len(f.genres) >= 2 and (
                f.directors or f.actors) and "genre_mode" not in keep:
            cands += await self._either(f, cands, exclude, language, notes)
        if cands and asked.genres and (f.genres != asked.genres or f.genre_mode != asked.genre_mode) and (
                asked.directors or asked.actors) and (
                f.directors == asked.directors and f.actors == asked.actors):
            # "a Nolan comedy": the person never made one here; say so rather than only "dropped the genre"
            people = [*asked.directors, *asked.actors]
            for c in cands:  # their films nearest the genre first, not simply their best known
                c.score += NEAREST_GENRE_BONUS * nearness(c.movie, asked.genres)
            # a consolation, not a match: a short list, so it never reads as the answer to "their films"
            cands = sorted(cands, key=lambda c: -c.score)[:PERSON_NO_GENRE_PICKS]
            notes.append(msg("person_no_genre", language, genre="/".join(
                (korean.genre(g) if language == "ko" else g) for g in asked.genres),
                name=" & ".join(korean.name(p) if language == "ko" else p for p in people)))
        return Retrieval(cands, "catalog", relaxed=notes)

    async def _either(self, f: Filters, both: list[Candidate], exclude: list[str], language: str,
                      notes: list[str]) -> list[Candidate]:
        """"봉준호 범죄 스릴러": one of his films is both; his films that are either come after it, said in a note,
        rather than one pick and silence."""
        have = {c.movie.id for c in both}
        either = [c for c in await self.catalog.search(SearchQuery(
            filters=f.model_copy(update={"genre_mode": "any"}), exclude_ids=exclude, limit=POOL))
            if c.movie.id not in have]
        if not either:
            return []
        floor = min(c.score for c in both) - EITHER_GAP  # below every film that is both, whatever re-ranking adds
        for i, c in enumerate(either):
            c.score = floor - 0.01 * i
        ko = language == "ko"
        genres = [korean.genre(g) if ko else g for g in f.genres]
        people = [*f.directors, *f.actors]
        notes.append(msg("genre_either", language, n=len(both),
                         name=" & ".join(korean.name(p) if ko else p for p in people),
                         both="·".join(genres) if ko else " and ".join(genres),
                         either="·".join(genres) + " 중 하나인" if ko else " or ".join(genres)))
        return either

    async def _similar(self, seeds: list[Movie], exclude: list[str], hard: Filters) -> Retrieval:
        """Movies sharing the seeds' genres or directors, within whatever hard filters came with "like X"."""
        genres = hard.genres or list(dict.fromkeys(g for s in seeds for g in s.genres))
        pool = await self.catalog.search(SearchQuery(filters=hard.model_copy(update={"genres": genres}),
                                                     exclude_ids=exclude, limit=2 * POOL))
        by_director = [] if hard.directors else await self.catalog.search(SearchQuery(
            filters=hard.model_copy(update={"directors": [d for s in seeds for d in s.directors]}),
            exclude_ids=exclude, limit=50))
        co_watched = await self._co_watched(seeds, exclude)
        extra = {} if not hard.is_empty() else await self.catalog.get_many(
            [i for i in co_watched if i not in {c.movie.id for c in pool}][:CO_WATCHED])
        series = await self._series(seeds, exclude, hard)
        merged = {c.movie.id: c for c in by_director + pool}  # the pool's score is the one with the genre bonus
        for movie_id, movie in extra.items():  # people who watched X went on to these, whatever their genres
            merged.setdefault(movie_id, Candidate(movie=movie, score=widely_liked(movie), source="similar"))
        from_pool = {c.movie.id for c in pool}
        idf = await self.genre_idf()
        for c in merged.values():
            bonus = GENRE_BONUS * len(set(genres) & set(c.movie.genres)) if c.movie.id in from_pool else 0.0
            quality = c.score - bonus  # the search's genre bonus out
            c.score = (2.0 * _similarity(c.movie, seeds, idf) + 0.7 * quality  # would favour many-genre films
                       + CO_WATCH_WEIGHT * co_watched.get(c.movie.id, 0.0))
            c.source = "similar"
        top = max((c.score for c in merged.values()), default=0.0)
        for movie in series:  # the series first, in the order the catalog knows them best
            merged[movie.id] = Candidate(movie=movie, score=top + FRANCHISE_BONUS * widely_liked(movie),
                                         source=SERIES_SOURCE)
        return Retrieval(sorted(merged.values(), key=lambda c: -c.score)[:POOL], "similar")

    async def _series(self, seeds: list[Movie], exclude: list[str], hard: Filters) -> list[Movie]:
        """Other films of a seed's series ("like Ocean's Eleven" -> Ocean's Twelve): the title stem shared, and a
        director or a lead shared too, so "Alien Nation" is no "Alien" film; within the request's hard filters."""
        out: list[Movie] = []
        skip = set(exclude) | {s.id for s in seeds}
        for seed in seeds:
            stem = franchise_stem(seed.title)
            if not stem:
                continue
            for m in await self.catalog.find_titles(stem, limit=12):
                kin = set(m.directors) & set(seed.directors) or set(m.cast[:4]) & set(seed.cast[:4])
                making_of = ("Documentary" in m.genres and "Documentary" not in seed.genres) or bool(
                    set(seed.directors) & set(m.cast) - set(m.directors))  # The Matrix Revisited: the makers on screen
                if (m.id not in skip and title_key(m.title).startswith(stem) and kin and fits(m, hard)
                        and not making_of and m not in out):
                    out.append(m)
        return out

    async def _co_watched(self, seeds: list[Movie], exclude: list[str]) -> dict[str, float]:
        """The films nearest the seeds in SASRec's item space, as cosine over the best one's (1.0 down to 0):
        "like X" read through the people who liked X as well as through X's metadata."""
        known = self.sequential.known([s.id for s in seeds]) if self.sequential else []
        if not known or self.sequential is None:
            return {}
        near = await asyncio.to_thread(self.sequential.neighbours, known, NEIGHBOURS, exclude)
        top = max((cos for _, cos in near), default=0.0)
        return {movie_id: max(cos, 0.0) / top for movie_id, cos in near} if top > 0 else {}

    async def _personal(self, profile: TasteProfile, exclude: list[str], variety: str = "") -> Retrieval:
        if self.sequential and (history := self.sequential.known(profile.watched)):
            ranked = await rank_async(self.sequential, history, POOL, exclude=exclude)
            movies = await self.catalog.get_many([i for i, _ in ranked])
            cands = [Candidate(movie=movies[i], score=s, source="sasrec") for i, s in ranked if i in movies]
            if cands:
                _rescale(cands)
                return Retrieval(cands, "sasrec")
        if not profile.is_empty:
            pool = await self.catalog.search(SearchQuery(filters=Filters(genres=list(profile.genres)[:4]),
                                                         exclude_ids=exclude, limit=400))
            # The directors and actors the user likes most, whatever their films' genres.
            people = await self.catalog.search(SearchQuery(
                filters=Filters(directors=list(profile.directors)[:3]), exclude_ids=exclude, limit=50)) \
                if profile.directors else []
            merged = {c.movie.id: c for c in pool + people}
            asked, from_pool = set(list(profile.genres)[:4]), {c.movie.id for c in pool}
            for c in merged.values():  # the search's genre bonus out: affinity below weighs the user's genres
                c.score -= GENRE_BONUS * len(asked & set(c.movie.genres)) if c.movie.id in from_pool else 0.0
                c.source = "profile"
            return Retrieval(list(merged.values()), "profile")
        return Retrieval(_varied(await self.catalog.search(SearchQuery(exclude_ids=exclude, limit=POOL)), variety),
                         "popular")

    async def _personalise(self, result: Retrieval, profile: TasteProfile, seeds: list[Movie],
                           filters: Filters) -> None:
        """Hybrid: order filtered candidates by the user's SASRec score, plus profile affinity, moods, acclaim."""
        cands = result.candidates
        if not cands:
            return
        history = [s.id for s in seeds] + profile.watched  # newest first: "like X" is the most recent signal
        # A new user's "like X" is already read through SASRec's neighbours of X (_co_watched); what comes *next*
        # after X alone would pull towards the most-watched films (Heat -> Jurassic Park).
        seeds_only = result.engine == "similar" and not (self.sequential and self.sequential.known(profile.watched))
        if (not seeds_only and self.sequential and result.engine != "sasrec"
                and (known := self.sequential.known(history))):
            ranked = await rank_async(self.sequential, known, len(cands), allowed=[c.movie.id for c in cands])
            position = {movie_id: i / len(ranked) for i, (movie_id, _) in enumerate(ranked)}
            _rescale(cands)
            for c in cands:  # movies SASRec never saw get a neutral 0.5 rather than the bottom
                c.score += 1.0 - position.get(c.movie.id, 0.5)
            result.engine += "+sasrec"
        broad = is_broad(filters)
        kind = filters.genres or [g for m in filters.moods if m in moods() for g in moods()[m].genres]
        for c in cands:
            c.score += affinity(c.movie, profile)
            if filters.acclaimed:
                c.score += acclaim(c.movie)
            if broad:
                c.score += BROAD_WEIGHT * widely_liked(c.movie) + PURITY_WEIGHT * purity(c.movie, kind)
        top = max(c.score for c in cands)
        if (broad or seeds) and top > 0:  # what people pick, on the scale of the best candidate
            weight = 1.0 if broad else SEEDED_PICK_SHARE  # "like Oldboy" is about Oldboy first, crowds second
            for c in cands:  # the seed's own series stays first ("like Toy Story": Toy Story 2)
                c.score = (c.score / top + weight * picked(c.movie)
                           + (FRANCHISE_BONUS if c.source == SERIES_SOURCE else 0.0))
        for c in cands:  # on the final scale, so a blockbuster's crowd prior cannot buy a stray tag or mood back
            c.score += mood_adjust(c.movie, filters.moods)
            if filters.genres and not any(genre_plausible(c.movie, g) for g in filters.genres if g in c.movie.genres):
                c.score -= IMPLAUSIBLE_PENALTY  # "a comedy" -> not Apocalypse Now, "horror" -> not Gravity
        cands.sort(key=lambda c: -c.score)


def _add_examples(result: Retrieval, examples: list[Movie]) -> None:
    """The model's films join the searched ones, marked with their source; one found by both is the model's.
    Their starting score follows the model's order, above the searched pool (rescaled later with it)."""
    if not examples:
        return
    top = max((c.score for c in result.candidates), default=1.0)
    ids = {m.id for m in examples}
    rest = [c for c in result.candidates if c.movie.id not in ids]
    result.candidates = [Candidate(movie=m, score=top + 1.0 - 0.5 * i / len(examples), source=EXAMPLE_SOURCE)
                         for i, m in enumerate(examples)] + rest


BROAD_WEIGHT = 1.5  # how much "widely seen and well liked" counts for a broad request, against the quality prior
CO_WATCHED = 40  # SASRec neighbours outside the searched pool that may join a like-X request
NEIGHBOURS = 300  # SASRec neighbours that weigh a like-X request's candidates
CO_WATCH_WEIGHT = 1.0  # a like-X candidate's nearness to X in SASRec's item space, against 2x metadata similarity
IMPLAUSIBLE_PENALTY = 1.0
NEAREST_GENRE_BONUS = 1.0
FILL_TO = 5  # a person's "A B" film (both genres) with fewer matches than this is filled with films that are either
EITHER_GAP = 2.0
PERSON_NO_GENRE_PICKS = 3  # "a Nolan comedy": three of his films nearest one, not his whole filmography


def franchise_stem(title: str) -> str:
    """The words a series shares: the title before a colon, without a sequel number ("" when too short to say)."""
    stem = _SEQUEL_TAIL.sub("", title_key(title.split(":")[0])).strip()
    return stem if len(stem) >= 4 else ""


@cache
def _evidence() -> dict:
    return json.loads(resources.files("core").joinpath("data/genre_evidence.json").read_text(encoding="utf-8"))


def nearness(m: Movie, genres: list[str]) -> float:
    """0..1: how near the film's genres come to genres it lacks (data/genre_evidence.json, "nearest").

    A near genre counts by where the film lists it: the catalog lists a film's main genres first, and every
    Tarantino film carries Drama somewhere, so Jackie Brown (Drama second) is nearer a romance than Death Proof
    (Drama fifth)."""
    near = _evidence()["nearest"]
    return max((w / (1 + m.genres.index(n)) for g in genres for w, n in zip((1.0, 0.6, 0.3), near.get(g, []))
                if n in m.genres), default=0.0)


def genre_plausible(m: Movie, genre: str) -> bool:
    """Whether the film's `genre` tag is believable (data/genre_evidence.json explains the rule)."""
    ev = _evidence()
    if not m.genres or (m.genres[0] == genre and genre not in ev.get("needs_companion", ())):
        return True
    if len(m.genres) >= ev["max_genres"] and m.genres.index(genre) >= 2:  # Apocalypse Now's 4th tag, Comedy
        return False
    companions = ev["companions"].get(genre)
    return companions is None or bool(set(companions) & set(m.genres))


def is_broad(f: Filters) -> bool:
    """"I'm looking for a comedy", "any good sci-fi?": a genre or a mood and nothing that names films, people,
    places or years. "classic", "best", "of all time" set years or `acclaimed`, so those stay with acclaim."""
    return bool(f.genres or f.moods) and not (
        f.directors or f.actors or f.similar_to or f.countries or f.languages or f.year_min or f.year_max
        or f.acclaimed or f.oscar or f.min_critic_score)


# Rotten Tomatoes review counts grew threefold around 2000 (the site began in 1998; older films were reviewed
# after the fact): the count that makes a film "widely seen" in its own era, about the 97th percentile of the
# embedded catalog's films of those years.
REVIEWS_WIDELY_SEEN = ((1997, 90), (2001, 175), (2004, 215), (9999, 240))


def widely_seen(m: Movie) -> float:
    """0..1, how many people have seen it, against films of its own era: IMDb votes when the catalog has them."""
    if m.imdb_votes:
        return min(math.log1p(m.imdb_votes) / math.log1p(500_000), 1.0)
    ref = next(n for until, n in REVIEWS_WIDELY_SEEN if (m.year or 2014) <= until)
    return min(math.log1p(m.reviews or 0) / math.log1p(ref), 1.0)


def widely_liked(m: Movie) -> float:
    """What people who ask a broad question actually watch and like: widely seen in its era, and liked (the
    critics' score shrunk toward 60 when few reviewed it), 0..1. Seen weighs more: crowds suggest Notting Hill
    before The Philadelphia Story."""
    reviews = m.reviews or 0
    liked = ((m.critic_score if m.critic_score is not None else 50) * reviews + 60 * 20) / (reviews + 20)
    return SEEN_WEIGHT * widely_seen(m) + (1 - SEEN_WEIGHT) * liked / 100


SEEN_WEIGHT = 0.7
PURITY_WEIGHT = 0.5
BOX_OFFICE_WEIGHT, SUGGESTED_WEIGHT = 0.5, 0.3  # on ReDial training dialogues, 2-fold (benchmarks/redial_recall.py)


@cache
def pick_prior() -> dict[str, dict[str, float]]:
    """Per IMDb id: box office ($M) and times suggested in public recommendation dialogues (pick_prior.json)."""
    raw = json.loads(resources.files("core").joinpath("data/pick_prior.json").read_text(encoding="utf-8"))
    return raw["films"]


def picked(m: Movie) -> float:
    """How likely people are to pick it when asked for "a comedy" or "something like X": seen in theatres (box
    office, log scale, about 0..1 at $1B) and suggested by people in recommendation dialogues."""
    p = pick_prior().get(m.id, {})
    return (BOX_OFFICE_WEIGHT * math.log1p(p.get("box_office", 0.0)) / 7
            + SUGGESTED_WEIGHT * math.log1p(p.get("redial", 0.0)))


def purity(m: Movie, asked: list[str]) -> float:
    """The share of a film's genre tags that were asked for: "an action movie" means Die Hard (thriller, crime,
    action) before The English Patient, whose many tags happen to include action."""
    return len(set(asked) & set(m.genres)) / len(m.genres) if asked and m.genres else 0.0


def acclaim(m: Movie) -> float:
    """"Best of all time": a critics' verdict backed by many reviews, Oscars, and having lasted (older films)."""
    reviews = m.reviews or 0
    critic = ((m.critic_score if m.critic_score is not None else 50) * reviews + 50 * 20) / (reviews + 20)
    lasted = min(max(2015 - (m.year or 2015), 0), 50) / 50
    return 0.6 * critic / 100 + 0.1 * min(m.oscars, 3) + 0.3 * lasted


def _varied(cands: list[Candidate], variety: str) -> list[Candidate]:
    """A vague request from a new user: a different draw of well-loved films per request, not one fixed list."""
    if not variety:
        return cands
    rng = random.Random(zlib.crc32(variety.encode("utf-8")))
    for c in cands:  # scores, not just order: later re-ranking keeps the draw
        c.score *= 0.5 + rng.random()
    return sorted(cands, key=lambda c: -c.score)


JITTER = 0.5  # the Gumbel scale, as a share of the score spread across the top JITTER_REF candidates
JITTER_REF = 20


def _jitter(cands: list[Candidate], variety: str, top: int = 60) -> None:
    """A filtered request's order, nudged by its own words (and user): among films that fit about as well,
    different requests see different ones instead of the same five best-scored films. Gumbel noise on the score
    is a seeded Plackett-Luce draw: the best-scored films stay the likeliest, the rest of the top keep a chance."""
    if len(cands) < 6:
        return
    head = cands[:top]
    scale = JITTER * (head[0].score - head[min(len(head), JITTER_REF) - 1].score)
    if scale <= 0:
        return
    rng = random.Random(zlib.crc32(variety.encode("utf-8")))
    for c in head:
        c.score += scale * -math.log(-math.log(rng.random() or 1e-12))
    cands[:top] = sorted(head, key=lambda c: -c.score)


LEAN_WEIGHT, LEAN_YEARS = 1.5, 5.0  # the newest (oldest) films first: a film 5 years off gets a third of the lean


def _lean(cands: list[Candidate], lean: str) -> None:
    """"best movies of 2019" with a catalog that ends in 2014: its newest films first, with no hard bound."""
    years = [c.movie.year for c in cands if c.movie.year]
    if not years:
        return
    edge = max(years) if lean == "newest" else min(years)
    for c in cands:
        c.score += LEAN_WEIGHT * math.exp(-abs((c.movie.year or edge - 50) - edge) / LEAN_YEARS)
    cands.sort(key=lambda c: -c.score)


def _rescale(cands: list[Candidate]) -> None:
    """Scores from different engines live on different scales: map them to 0..1 before mixing."""
    lo, hi = min(c.score for c in cands), max(c.score for c in cands)
    for c in cands:
        c.score = (c.score - lo) / (hi - lo) if hi > lo else 1.0
