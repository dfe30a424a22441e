"""Conversation state for follow-ups ("more", "older", "not horror", "more like #2", "why #3?").

Kept per (user, channel) in memory with a TTL and a bounded LRU: a follow-up only makes sense within minutes
of the picks it refers to, and a restart forgetting it is harmless. The phrases live in data/followups.json;
the delta filters of a follow-up come from the regular understander, merged here field by field.
"""
from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from core import korean
from core.catalog.reliability import leads, oscar_phrase
from core.messages import text as msg
from core.models import Filters, Movie, Pick
from core.text import fold
from core.understand.evidence import clause_starts
from core.understand.genres import GORE, read_genres
from core.understand.runtime import DURATION, runtime_fold
from core.understand.vocab import GENRE_WORDS

FollowUpKind = Literal["more", "older", "newer", "shorter", "longer", "like_pick", "why_pick", "refine"]
RELATIVE = frozenset({"more", "older", "newer", "shorter", "longer", "like_pick"})  # answered from the state alone
LIST_FIELDS = ("directors", "actors", "genres", "countries", "languages", "moods", "similar_to")
SCALAR_FIELDS = ("year_min", "year_max", "min_runtime", "max_runtime", "min_critic_score", "oscar", "text")


# a year, a decade or a runtime with its unit: an explicit bound in a relative follow-up (a spelled-out runtime,
# "한 시간 반 안쪽", "under an hour and a half", is found by the reader's DURATION)
_EXPLICIT = r"\b(1[89]\d\d|20\d\d)\b|\b\d0s\b|\d+\s*(?:min|minutes|hours?|h|분|시간)\b|\d+년"


@lru_cache(maxsize=1)
def _phrases() -> dict:
    raw = json.loads(resources.files("core").joinpath("data/followups.json").read_text(encoding="utf-8"))
    compiled = {k: [re.compile(p, re.IGNORECASE) for p in v] for k, v in raw.items()
                if isinstance(v, list)}
    tone = {genre: [re.compile(p, re.IGNORECASE) for p in v] for genre, v in raw.get("tone", {}).items()}
    return {"patterns": compiled, "ordinals": raw.get("ordinals", {}), "tone": tone}


@dataclass
class FollowUp:
    kind: FollowUpKind
    pick: int | None = None  # 1-based index into the picks shown (like_pick, why_pick), or the count (more)


def detect(text: str) -> FollowUp:
    """Classify a follow-up; anything unrecognised is a 'refine' (delta filters from the understander)."""
    t = " ".join(text.lower().split())
    p = _phrases()
    for kind in ("why_pick", "like_pick", "more", "older", "newer", "shorter", "longer"):
        for rx in p["patterns"].get(kind, []):
            m = rx.search(t)
            if not m:
                continue
            if kind in ("older", "newer", "shorter", "longer") and (re.search(_EXPLICIT, t) or (
                    kind in ("shorter", "longer") and DURATION.search(runtime_fold(t)))):
                return FollowUp("refine")  # "older ones, before 1990": the explicit value beats the relative one
            g = next((g for g in m.groups() if g), None)
            number = None if g is None else int(g) if g.isdigit() else p["ordinals"].get(g)
            return FollowUp(kind, number)  # type: ignore[arg-type]
    return FollowUp("refine")


def continues(text: str, read: Filters | None = None) -> bool:
    """Whether a 'refine' message changes the previous request rather than starting a new one.

    "not horror", "with Meg Ryan instead", "in Korean", "한국 영화로" continue; "a horror movie" or
    "봉준호 감독 영화 추천해줘" are new requests. `read`, what the reader found in the message: a message that only
    bounds (years, runtime, place, exclusions: "something under 100 min") narrows the last request even with a
    word like "something". The LLM decides this itself; this is the offline reasoner's rule.
    """
    t = " ".join(text.lower().split())
    p = _phrases()["patterns"]
    if any(rx.search(t) for rx in p.get("new_request", [])):  # "forget that, ...", "다른 거: ..."
        return False
    if any(rx.search(t) for rx in p.get("continue", [])) or (read is not None and only_bounds(read)):
        return True
    return not any(rx.search(t) for rx in p.get("fresh", []))


def only_bounds(f: Filters) -> bool:
    """Filters that narrow a request but name no subject: no genre, person, film, mood or topic."""
    subject = f.genres or f.directors or f.actors or f.similar_to or f.moods or f.text
    return not subject and not f.is_empty()


def switch_roles(text: str, prev: Filters) -> Filters | None:
    """"only the ones he directed himself" after "clint eastwood westerns": the person asked for as an actor, now
    as the director (and back: "just the ones she acted in"). None when the message is no such switch."""
    t = " ".join(text.lower().split())
    p = _phrases()["patterns"]
    if prev.actors and not prev.directors and any(rx.search(t) for rx in p.get("as_director", [])):
        return prev.model_copy(update={"directors": list(prev.actors), "actors": []})
    if prev.directors and not prev.actors and any(rx.search(t) for rx in p.get("as_actor", [])):
        return prev.model_copy(update={"actors": list(prev.directors), "directors": []})
    return None


def refers_back(text: str, prev: Filters, read: Filters) -> Filters | None:
    """"hmm more like his serious stuff" after "comedy with jim carrey": the same person in another tone. The
    message names no person or film of its own but points back ("his ... stuff", "something more serious", "그
    배우"); a tone word names the genre that replaces the last one (serious: Drama, funny: Comedy). The delta to
    merge, or None when the message is no such reference."""
    if not (prev.actors or prev.directors) or read.directors or read.actors or read.similar_to:
        return None
    t = " ".join(text.lower().split())
    p = _phrases()
    if not any(rx.search(t) for rx in p["patterns"].get("refers_back", [])):
        return None
    tone = [genre for genre, rxs in p["tone"].items() if any(rx.search(t) for rx in rxs)]
    return read.model_copy(update={"genres": read.genres or tone[:1]})


@dataclass
class ConversationState:
    filters: Filters
    picks: list[Pick] = field(default_factory=list)  # the last batch: "#2" and "older" refer to these
    shown: list[Movie] = field(default_factory=list)  # everything shown in this conversation: never re-shown
    language: str = "en"
    updated: float = field(default_factory=time.monotonic)

    @property
    def last(self) -> list[Movie]:
        return [p.movie for p in self.picks]

    def pick(self, number: int | None) -> Pick | None:
        """1-based; -1 is the last one ("the last one", "마지막")."""
        if number == -1 and self.picks:
            return self.picks[-1]
        return self.picks[number - 1] if number and 1 <= number <= len(self.picks) else None


class Conversations:
    """Bounded, expiring store of the last request per (user, channel)."""

    def __init__(self, ttl_s: float = 1800, max_entries: int = 5000, clock=time.monotonic):
        self.ttl_s, self.max_entries, self.clock = ttl_s, max_entries, clock
        self._items: OrderedDict[tuple[str, str], ConversationState] = OrderedDict()

    def get(self, user_id: str, channel_id: str) -> ConversationState | None:
        key = (user_id, channel_id)
        state = self._items.get(key)
        if state is None:
            return None
        if self.clock() - state.updated > self.ttl_s:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return state

    def put(self, user_id: str, channel_id: str, filters: Filters, picks: list[Pick], language: str,
            keep_shown: bool = True) -> None:
        """keep_shown: a follow-up keeps excluding everything shown in this conversation, a new request starts over."""
        key = (user_id, channel_id)
        prev = self._items.get(key)
        new = [p.movie for p in picks]
        ids = {m.id for m in new}
        seen = ([m for m in prev.shown if m.id not in ids] if prev and keep_shown else []) + new
        self._items[key] = ConversationState(filters, list(picks), seen, language, self.clock())
        self._items.move_to_end(key)
        while len(self._items) > self.max_entries:
            self._items.popitem(last=False)


def softened(text: str, prev: Filters, delta: Filters) -> Filters:
    """"너무 잔인한 건 말고" after "horror movie": less gore in the horror asked for, not an end to horror. The
    reader turns "no gore" into no Horror only when horror was not asked for, which a follow-up alone cannot see;
    a Horror exclusion that no genre word of the message names is dropped here."""
    if "Horror" not in prev.genres or "Horror" not in delta.exclude_genres or not GORE.search(fold(text)):
        return delta
    named = Filters()
    read_genres(fold(text).split(), clause_starts(text), named)
    if "Horror" in named.exclude_genres:  # "공포 말고": horror itself is refused
        return delta
    return delta.model_copy(update={"exclude_genres": [g for g in delta.exclude_genres if g != "Horror"]})


def forget_genres(text: str, merged: Filters, delta: Filters) -> Filters:
    """"forget the drama part, just robin williams", "any genre", "장르 상관없이": the genre of the last request is
    dropped, not excluded (the reader reads a dismissed genre as no filter at all). Genres this message asks for
    itself stay."""
    t = " ".join(text.lower().replace("’", "'").split())
    p = _phrases()["patterns"]
    drop: set[str] = set()
    if any(rx.search(t) for rx in p.get("any_genre", [])):
        drop.update(merged.genres)
    for rx in p.get("forget_genre", []):
        for m in rx.finditer(t):
            words = fold(m.group("g")).split()
            phrase = next((" ".join(words[:n]) for n in (2, 1) if " ".join(words[:n]) in GENRE_WORDS), None)
            if phrase:
                drop.update(GENRE_WORDS[phrase])
    drop -= set(delta.genres)
    if not drop & set(merged.genres):
        return merged
    genres = [g for g in merged.genres if g not in drop]
    return merged.model_copy(update={"genres": genres, "genre_mode": merged.genre_mode if len(genres) > 1 else "any"})


def adds_genre(text: str) -> bool:
    """"코미디도 섞인 걸로", "with some comedy mixed in", "action too": a genre added to the last one, not a new one."""
    t = " ".join(text.lower().split())
    return any(rx.search(t) for rx in _phrases()["patterns"].get("also_genre", []))


def merge(prev: Filters, delta: Filters, also: bool = False) -> Filters:
    """New values override their field; exclusions accumulate; untouched fields carry over. `also` (adds_genre):
    the genres named join the last ones and a film must have them all ("로맨스" then "코미디도 섞인 걸로")."""
    out = prev.model_copy(deep=True)
    for name in LIST_FIELDS:
        if getattr(delta, name):
            setattr(out, name, list(getattr(delta, name)))
    for name in SCALAR_FIELDS:
        if getattr(delta, name) is not None:
            setattr(out, name, getattr(delta, name))
    # "공포 코미디는 어때?" after "너무 무서운 건 싫어": a genre asked for now lifts its earlier exclusion
    out.exclude_genres = [g for g in out.exclude_genres if g not in delta.genres]
    if delta.exclude_genres:
        out.exclude_genres = list(dict.fromkeys(out.exclude_genres + delta.exclude_genres))
        out.genres = [g for g in out.genres if g not in delta.exclude_genres]
    out.exclude_titles = list(dict.fromkeys(out.exclude_titles + delta.exclude_titles))
    if delta.exclude_people:
        out.exclude_people = list(dict.fromkeys(out.exclude_people + delta.exclude_people))
        out.actors = [a for a in out.actors if a not in delta.exclude_people]
        out.directors = [d for d in out.directors if d not in delta.exclude_people]
    if delta.genres:  # "crime dramas" means both; a new genre brings its own mode
        out.genre_mode = delta.genre_mode
    if also and delta.genres and prev.genres:
        out.genres = list(dict.fromkeys([g for g in prev.genres if g not in delta.exclude_genres] + delta.genres))
        out.genre_mode = "all" if len(out.genres) > 1 else out.genre_mode
    if delta.acclaimed:
        out.acclaimed = True
    return out


def added(delta: Filters) -> frozenset[str]:
    """The relaxable constraints a follow-up sets itself (retrieve's names): relaxing keeps these and drops
    carried-over ones first ("in Korean" after "thrillers" must not be the one dropped)."""
    out = {name for name in ("min_critic_score", "oscar", "max_runtime", "min_runtime", "languages", "countries",
                             "exclude_genres", "genres", "actors", "directors") if getattr(delta, name)}
    if delta.year_min is not None or delta.year_max is not None:
        out.add("years")
    if "genres" in out:
        out.add("genre_mode")
    return frozenset(out)


def apply(state: ConversationState, follow: FollowUp, delta: Filters | None = None) -> Filters:
    """The filters of the next request: relative words handled here, the rest merged from the delta."""
    f = state.filters.model_copy(deep=True)
    years = [m.year for m in state.last if m.year]
    runtimes = [m.runtime for m in state.last if m.runtime]
    if follow.kind == "older" and years:
        f.year_min, f.year_max = None, min(years) - 1
    elif follow.kind == "newer" and years:
        f.year_min, f.year_max = max(years) + 1, None
    elif follow.kind == "shorter" and runtimes:
        f.min_runtime, f.max_runtime = None, min(runtimes) - 1
    elif follow.kind == "longer" and runtimes:
        f.min_runtime, f.max_runtime = max(runtimes) + 1, None
    elif follow.kind == "like_pick" and (pick := state.pick(follow.pick)):
        f.similar_to = [pick.movie.title]
    elif follow.kind == "refine" and delta is not None:
        f = merge(f, delta)
    return f


def exclude_ids(state: ConversationState) -> list[str]:
    return [m.id for m in state.shown]


def carried(prev: Filters, now: Filters, describe) -> tuple[str, str]:
    """('still' part, 'now' part) of the header, each worded by describe(Filters)."""
    kept, changed = Filters(), Filters()
    for name in LIST_FIELDS + SCALAR_FIELDS + ("exclude_genres", "exclude_people"):
        a, b = getattr(prev, name), getattr(now, name)
        if b in (None, []):
            continue
        setattr(kept if a == b else changed, name, b)
    return describe(kept), describe(changed)


def header(prev: Filters, now: Filters, describe, language: str) -> str:
    still, new = carried(prev, now, describe)
    parts = [msg("still", language, what=still) if still else "", msg("now", language, what=new) if new else ""]
    return "; ".join(p for p in parts if p)


def why(movie: Movie, liked: list[Movie], language: str = "en", reason: str = "") -> str:
    """A longer explanation of one pick ("why #3?"): only facts from its catalog row and the user's liked films."""
    ko = language == "ko"

    def person(n: str) -> str:
        return korean.name(n) if ko else n

    label = f"《{korean.display_title(movie)}》" + (f" ({movie.year})" if movie.year else "") if ko else movie.label
    lines = [label] + ([reason] if reason else [])
    if movie.directors:
        lines.append(msg("why_directed", language, names=", ".join(map(person, movie.directors))))
    if movie.cast:  # prominence order: billing on IMDb builds, derived on the embedded catalog
        lines.append(msg("why_starring", language, names=", ".join(map(person, leads(movie)))))
    if movie.genres:
        lines.append(msg("why_genres", language, names=", ".join(korean.genre(g) if ko else g
                                                                  for g in movie.genres)))
    if movie.runtime:
        lines.append(msg("why_runtime", language, minutes=movie.runtime))
    if award := oscar_phrase(movie, language):  # never a count: the catalog's counts are incomplete
        lines.append(f"{award[0].upper()}{award[1:]}" if language != "ko" else award)
    for other in liked:
        cast = set(leads(other))
        shared = sorted(set(movie.directors) & set(other.directors)) + [a for a in leads(movie) if a in cast]
        if shared:
            lines.append(msg("why_shared", language, who=", ".join(map(person, shared)),
                             title=f"《{korean.display_title(other)}》" if ko else other.title))
            break
    overview = movie.overview_ko if ko and movie.overview_ko else movie.overview
    if overview:
        lines.append(overview)
    return "\n".join(lines)
