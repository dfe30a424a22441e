"""Pure scoring functions for the dev/test splits of issue #17 (schema: /work/notes/evalspec.md, copied in the
docstring of benchmarks/evaluate.py). Nothing here touches a store or the pipeline, so tests can feed hand-made
Reply/Filters/Movie objects and see each check fail.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from core.models import Filters, Movie, Reply
from core.moods import moods

Canon = Callable[[str], str]  # a title as the reply wrote it -> the catalog's title string for it

RUNTIME_SLACK = 10  # minutes: a parsed runtime bound this close to the expected one counts as right

# Which Filters fields an expect key calls for; any other field set in a reply is an invented constraint unless
# the request's `allow` lists it.
IMPLIED: dict[str, tuple[str, ...]] = {
    "director": ("directors",), "director_any": ("directors",), "actor": ("actors",),
    "genres_any": ("genres",), "genres_all": ("genres",), "genres_none": ("exclude_genres",),
    "year_min": ("year_min",), "year_max": ("year_max",),
    "runtime_min": ("min_runtime",), "runtime_max": ("max_runtime",),
    "language": ("languages",), "country": ("countries",), "oscar": ("oscar",), "mood": ("moods",),
    "exclude_titles": ("exclude_titles",), "exclude_people": ("exclude_people",), "similar_to": ("similar_to",),
}
NOT_CONSTRAINTS = ("ignored", "genre_mode")  # bookkeeping and a mode switch: never an invention by themselves

# Honest-note cues per class of impossible request, lower case, English and Korean. A note passes when it holds
# one cue of its class; "title" also passes by naming the title, "person" and "genre_for_person" by naming the
# person (see honest_note_ok).
HONEST_CUES: dict[str, tuple[str, ...]] = {
    "year": ("2014", "start in", "부터라"),  # the catalog's end, or its first year for "the 1920s"
    "topic": ("plot", "keyword", "줄거리", "주제"),
    "person": ("찾지 못", "not find", "not found", "no one", "couldn't", "could not", "카탈로그에 없"),
    "title": ("찾지 못", "not find", "not found", "couldn't", "could not", "2014", "카탈로그에 없"),
    "genre_for_person": (),
}


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


def _as_list(v: Any) -> list:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def parsed_checks(e: dict, f: Filters, intent: str, canon: Canon = lambda t: t) -> dict[str, bool]:
    """expect key -> whether the reply's Filters carry it (evalspec "parsed")."""
    checks: dict[str, bool] = {}
    titles = {
        "similar_to": {_fold(canon(t)) for t in f.similar_to},
        "exclude_titles": {_fold(canon(t)) for t in f.exclude_titles},
    }
    for key, value in e.items():
        if key == "director":
            checks[key] = value in f.directors
        elif key == "director_any":
            checks[key] = bool(set(value) & set(f.directors))
        elif key == "actor":
            checks[key] = value in f.actors
        elif key in ("genres_any", "genres_all"):
            checks[key] = set(value) <= set(f.genres)
        elif key == "genres_none":
            checks[key] = set(value) <= set(f.exclude_genres)
        elif key in ("year_min", "year_max"):
            checks[key] = getattr(f, key) == value
        elif key in ("runtime_min", "runtime_max"):
            got = getattr(f, key.replace("runtime_", "") + "_runtime")
            checks[key] = got is not None and abs(got - value) <= RUNTIME_SLACK
        elif key == "language":
            checks[key] = value in f.languages
        elif key == "country":
            checks[key] = value in f.countries
        elif key == "oscar":
            checks[key] = f.oscar == value
        elif key == "mood":
            checks[key] = value in f.moods
        elif key in ("similar_to", "exclude_titles"):
            checks[key] = {_fold(t) for t in _as_list(value)} <= titles[key]
        elif key == "exclude_people":
            checks[key] = set(value) <= set(f.exclude_people)
        elif key == "intent":
            checks[key] = intent == value
    return checks


def hard_violations(e: dict, m: Movie) -> list[str]:
    """The expect keys a pick's catalog row breaks (evalspec "hard")."""
    v = []
    if "director" in e and e["director"] not in m.directors:
        v.append("director")
    if "director_any" in e and not set(e["director_any"]) & set(m.directors):
        v.append("director_any")
    if "actor" in e and e["actor"] not in m.cast:
        v.append("actor")
    if "genres_any" in e and not set(e["genres_any"]) & set(m.genres):
        v.append("genre")
    if "genres_all" in e and not set(e["genres_all"]) <= set(m.genres):
        v.append("genres_all")
    if set(e.get("genres_none", [])) & set(m.genres):
        v.append("excluded genre")
    if "year_min" in e and (m.year is None or m.year < e["year_min"]):
        v.append("year_min")
    if "year_max" in e and (m.year is None or m.year > e["year_max"]):
        v.append("year_max")
    if "runtime_min" in e and (m.runtime is None or m.runtime < e["runtime_min"]):
        v.append("runtime_min")
    if "runtime_max" in e and (m.runtime is None or m.runtime > e["runtime_max"]):
        v.append("runtime_max")
    if "language" in e and m.languages[:1] != [e["language"]]:
        v.append("language")
    if "country" in e and e["country"] not in m.countries:
        v.append("country")
    if e.get("oscar") == "won" and not m.oscars:
        v.append("oscar")
    if e.get("oscar") == "nominated" and not (m.oscars or "Oscar" in (m.awards or "")):
        v.append("oscar")
    if "mood" in e and set(m.genres) & set(moods()[e["mood"]].exclude):
        v.append("mood exclusion")
    if _fold(m.title) in {_fold(t) for t in e.get("exclude_titles", [])}:
        v.append("excluded title")
    if set(e.get("exclude_people", [])) & (set(m.directors) | set(m.cast)):
        v.append("excluded person")
    return v


def _is_set(value: Any) -> bool:
    return value not in (None, "", False, [], {})


def invented_constraints(e: dict, f: Filters) -> list[str]:
    """Filters fields set without an expect key or `allow` calling for them, then `forbid` values found anywhere
    in the Filters. One entry per invention: "field=value" or "forbidden:value"."""
    allowed = set(e.get("allow", []))
    for key in e:
        allowed.update(IMPLIED.get(key, ()))
    if e.get("honest") == "genre_for_person":  # "a wes anderson horror": the person and the genre were both asked
        allowed.update(("directors", "actors", "genres"))
    mood_excludes = {g for mood in _as_list(e.get("mood", [])) if mood in moods() for g in moods()[mood].exclude}
    dump = f.model_dump(exclude=set(NOT_CONSTRAINTS))
    out = []
    for field, value in dump.items():
        if not _is_set(value) or field in allowed:
            continue
        if field == "exclude_genres" and mood_excludes and set(value) <= mood_excludes:
            continue
        out.append(f"{field}={value}")
    text = json.dumps(dump, ensure_ascii=False).casefold()  # a forbidden value as a whole value or word: the
    out += [f"forbidden:{v}" for v in e.get("forbid", [])  # mood "rainy_day" holds no "Rain"
            if re.search(rf"(?<![\w가-힣]){re.escape(str(v).casefold())}(?![\w가-힣])", text)]
    return out


def note_text(reply: Reply) -> str:
    return " ".join([reply.message, *reply.relaxed])


def _names_in(text: str, names: Iterable[str], forms: Mapping[str, Iterable[str]]) -> bool:
    """Whether the text names one of these people: the catalog name, its surname, or a listed rendering.
    Latin names match as whole Latin words ("Hanks" is not in "thanks", "Forman이에요" is Forman); Hangul ones
    anywhere, spaces ignored, since Korean particles attach to names ("박찬욱이")."""
    folded = _fold(text)
    squashed = folded.replace(" ", "")
    for name in names:
        for c in {name, name.split()[-1], *forms.get(name, ())}:
            c = _fold(c)
            if len(c) < 2:
                continue
            if re.search(r"[가-힣]", c):
                if c.replace(" ", "") in squashed:
                    return True
            elif re.search(rf"(?<![a-z0-9]){re.escape(c)}(?![a-z0-9])", folded):  # "forman이에요": a particle
                return True
    return False


def honest_note_ok(e: dict, reply: Reply, forms: Mapping[str, Iterable[str]] = {}) -> bool:
    """Whether an impossible request's reply says what is missing (HONEST_CUES; evalspec `honest`)."""
    cls = e["honest"]
    note = note_text(reply)
    folded = _fold(note)
    if not folded:
        return False
    if any(cue in folded for cue in HONEST_CUES.get(cls, ())):
        return True
    people = [*_as_list(e.get("director", [])), *e.get("director_any", []), *_as_list(e.get("actor", []))]
    if cls == "title":
        titles = [*e.get("similar_to", []), *e.get("exclude_titles", []), *([e["question"]["title"]]
                                                                          if "question" in e else [])]
        return any(_fold(t) in folded for t in titles)
    if cls == "genre_for_person":
        return _names_in(note, people, forms) if people else bool(reply.relaxed)
    return False


def question_ok(e: dict, reply: Reply, row: Movie | None, forms: Mapping[str, Iterable[str]] = {}) -> list[str]:
    """What is wrong with the answer to a movie question (empty: right). The answer must come from the row."""
    problems = []
    if reply.picks:
        problems.append("picks shown")
    if reply.intent != "question":
        problems.append(f"intent {reply.intent}")
    if row is None:
        return [*problems, "question film not in catalog"]
    asks, text = e["question"]["asks"], reply.message
    if asks == "director":
        ok = bool(row.directors) and all(_names_in(text, [d], forms) for d in row.directors)
    elif asks == "cast":
        ok = _names_in(text, row.cast[:3], forms)
    elif asks == "year":
        ok = row.year is not None and re.search(rf"(?<!\d){row.year}(?!\d)", text) is not None
    elif asks == "runtime":
        ok = row.runtime is not None and re.search(rf"(?<!\d){row.runtime}(?!\d)", text) is not None
    else:
        ok = False
    if not ok:
        problems.append(f"answer lacks {asks}")
    return problems


def normalised_expect(e: dict) -> str:
    """The constraint set a request asks for, order-free; allow/forbid only account, they ask for nothing."""
    core = {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in e.items() if k not in ("allow", "forbid")}
    return json.dumps(core, sort_keys=True, ensure_ascii=False)


def near_identical(lists: list[tuple[dict, list[str]]], shared: int = 4, top: int = 5) -> list[tuple[int, int]]:
    """Index pairs of requests whose expectations differ yet whose first `top` picks share >= `shared` films.
    Each entry is (request, pick ids); a request without picks never pairs."""
    keys = [(normalised_expect(r.get("expect", {})), set(ids[:top])) for r, ids in lists]
    out = []
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            (ki, pi), (kj, pj) = keys[i], keys[j]
            if pi and pj and ki != kj and len(pi & pj) >= shared:
                out.append((i, j))
    return out


EXPECT_KEYS = frozenset({*IMPLIED, "intent", "question", "honest", "no_constraint", "allow", "forbid"})
FILTER_FIELDS = frozenset(Filters.model_fields) - set(NOT_CONSTRAINTS)
CATEGORIES = frozenset("people no_invent negation runtime_words titles genres_topics impossible not_picks followup "
                       "broad".split())


def schema_problems(r: dict) -> list[str]:
    """What in one dev/test line breaks the schema, so a typo in the set is not scored as a reader failure."""
    e = r.get("expect", {})
    out = [f"unknown expect key {k}" for k in e if k not in EXPECT_KEYS]
    out += [f"unknown allow field {k}" for k in e.get("allow", []) if k not in FILTER_FIELDS]
    if r.get("category") not in CATEGORIES:
        out.append(f"unknown category {r.get('category')}")
    if e.get("mood") is not None and e["mood"] not in moods():
        out.append(f"unknown mood {e['mood']}")
    if e.get("intent") == "question" and not {"title", "asks"} <= set(e.get("question", {})):
        out.append("question without title/asks")
    if e.get("honest") not in (None, *HONEST_CUES):
        out.append(f"unknown honest class {e['honest']}")
    return out
