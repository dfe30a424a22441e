"""PALR step 1: history -> taste profile (structured weights + short text), cached per history version."""
from __future__ import annotations

import hashlib
from collections import OrderedDict, defaultdict

from core import korean
from core.catalog.base import Catalog
from core.catalog.reliability import LEADS
from core.history.base import HistoryStore
from core.messages import text as msg
from core.models import Interaction, InteractionKind, Movie, TasteProfile
from core.understand.vocab import GENRE_KO

KIND_WEIGHT = {InteractionKind.LIKED: 2.0, InteractionKind.WATCHED: 1.0, InteractionKind.NOT_INTERESTED: -1.0}
WEIGHT_WINDOW = 500  # taste weights come from the newest events (0.5 ** (500 / 25) is one in a million)
EXCLUSION_LIMIT = 100_000  # exclusions come from the whole history
HALF_LIFE = 25  # the 25th most recent event counts half as much as the newest
TOP = 8
ACTORS_PER_FILM = LEADS  # the first few by prominence (core/catalog/reliability.py); bit parts say nothing of taste
ACTOR_WEIGHT = 0.5  # the first-billed (or most prominent) actor; the n-th gets ACTOR_WEIGHT / n


def history_version(items: list[Interaction]) -> str:
    digest = hashlib.sha1()
    for i in items:
        digest.update(f"{i.movie_id}|{i.kind.value};".encode())
    return digest.hexdigest()[:16]


def _top(weights: dict[str, float]) -> dict[str, float]:
    positive = {k: v for k, v in weights.items() if v > 0}
    if not positive:
        return {}
    peak = max(positive.values())
    best = sorted(positive.items(), key=lambda kv: -kv[1])[:TOP]
    return {k: round(v / peak, 3) for k, v in best}


def describe(p: TasteProfile, movies: dict[str, Movie], language: str = "en") -> str:
    """One line a user can read: what the picks are personalised on."""
    if p.is_empty:
        return msg("profile_empty", language)
    liked = [movies[i].title for i in p.liked[:3] if i in movies]
    genres = ", ".join(list(p.genres)[:3])
    people = ", ".join(list(p.directors)[:2])
    if language == "ko":  # the same Hangul titles and names the reasons use
        liked = [f"《{korean.display_title(movies[i])}》" for i in p.liked[:3] if i in movies]
        people = ", ".join(korean.name(d) for d in list(p.directors)[:2])
        parts = [f"기록 {len(p.watched)}편"]
        if liked:
            parts.append("좋아한 영화: " + ", ".join(liked))
        if genres:
            parts.append("선호 장르: " + ", ".join(GENRE_KO.get(g, g) for g in list(p.genres)[:3]))
        if people:
            parts.append(f"감독: {people}")
        return " · ".join(parts)
    parts = [f"{len(p.watched)} film{'s' if len(p.watched) != 1 else ''} in your history"]
    if liked:
        parts.append("liked " + ", ".join(liked))
    if genres:
        parts.append(f"favourite genres {genres}")
    if people:
        parts.append(f"directors {people}")
    return "; ".join(parts)


def build_profile(user_id: str, items: list[Interaction], movies: dict[str, Movie]) -> TasteProfile:
    """Likes weigh 2x watches, recent events more than old ones, 'not interested' pushes genres down."""
    weights: dict[str, dict[str, float]] = {k: defaultdict(float) for k in
                                            ("genres", "directors", "actors", "decades", "countries")}
    for rank, item in enumerate(items[:WEIGHT_WINDOW]):  # newest first; older events weigh ~nothing anyway
        movie = movies.get(item.movie_id)
        if movie is None:
            continue
        w = KIND_WEIGHT[item.kind] * 0.5 ** (rank / HALF_LIFE)
        for g in movie.genres:
            weights["genres"][g] += w
        for d in movie.directors[:2]:
            weights["directors"][d] += w
        for position, a in enumerate(movie.cast[:ACTORS_PER_FILM]):  # prominence order: leads weigh most
            weights["actors"][a] += w * ACTOR_WEIGHT / (1 + position)
        if movie.year:
            weights["decades"][f"{movie.year // 10 * 10}s"] += w
        for c in movie.countries[:2]:
            weights["countries"][c] += w
    ordered = list(dict.fromkeys(i.movie_id for i in items))
    liked_ids = {i.movie_id for i in items if i.kind == InteractionKind.LIKED}
    seen_ids = {i.movie_id for i in items if i.kind != InteractionKind.NOT_INTERESTED}
    liked = [m for m in ordered if m in liked_ids]
    watched = [m for m in ordered if m in seen_ids]
    profile = TasteProfile(
        user_id=user_id, history_version=history_version(items), liked=liked, watched=watched, excluded=ordered,
        genres=_top(weights["genres"]), directors=_top(weights["directors"]), actors=_top(weights["actors"]),
        decades=_top(weights["decades"]), countries=_top(weights["countries"]),
    )
    profile.text = describe(profile, movies)
    return profile


class ProfileService:
    """Reads the history every request (cheap) but rebuilds the profile only when it changed."""

    def __init__(self, catalog: Catalog, store: HistoryStore, max_users: int = 10_000):
        self.catalog = catalog
        self.store = store
        self._cache: OrderedDict[str, tuple[TasteProfile, dict[str, Movie]]] = OrderedDict()
        self._max = max_users
        self.builds = 0  # how many times a profile was (re)computed: tests check the cache with it
        self._evictions = 0

    def evict(self, user_id: str) -> None:
        """Drop the user's cached profile now (forget): it holds their liked and watched movies."""
        self._cache.pop(user_id, None)
        self._evictions += 1  # a count, not the id: remembering who was forgotten would defeat forgetting

    async def get(self, user_id: str) -> tuple[TasteProfile, dict[str, Movie]]:
        """The profile and the catalog facts of the user's history movies (reasons cite them)."""
        evictions = self._evictions
        # The whole history: every film ever seen or rejected stays excluded, not just the latest 500.
        items = await self.store.recent(user_id, EXCLUSION_LIMIT)
        version = history_version(items)
        cached = self._cache.get(user_id)
        if cached and cached[0].history_version == version:
            self._cache.move_to_end(user_id)
            return cached
        movies = await self.catalog.get_many(sorted({i.movie_id for i in items[:WEIGHT_WINDOW]}))
        result = (build_profile(user_id, items, movies), movies)
        self.builds += 1
        if evictions != self._evictions:  # a forget ran meanwhile: `items` may predate it, keep it uncached
            return result
        self._cache[user_id] = result
        self._cache.move_to_end(user_id)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return result
