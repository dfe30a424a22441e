"""Checks a reason against what the catalog can actually vouch for (core/catalog/reliability.py).

A model writes fluent reasons from the candidate lines, and fluent is not true: it may add an Oscar count it
remembers, call someone the star, or name a genre the embedded catalog only guesses. `problems` lists such
claims; the rank stage replaces a model reason that has any with the offline reason, and benchmarks/claims.py
counts them per class over the evaluation set.

Classes:
  award_count   any number of Oscars / Academy Awards / wins or nominations ("won 4 Oscars", "3관왕")
  lead_role     "the star", "lead role", "주연"...: no catalog source here vouches for billing in words
  cast_order    a cast member of the film (or of the history film in a shared-actor claim) who is not among the
                first TOP_CAST by prominence, unless the user asked for that actor
  genre         a genre word the user did not ask for and no reliable source corroborates
"""
from __future__ import annotations

import re

from core import korean
from core.catalog.reliability import TOP_CAST, claimable_genres, leads
from core.models import Filters, Movie
from core.understand.vocab import GENRE_KO

_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
AWARD_COUNT = re.compile(
    rf"\b{_NUMBER}[- ](?:time )?(?:academy awards?|oscars?)\b"
    rf"|\b{_NUMBER} (?:academy award |oscar )?(?:wins|nominations|awards)\b"
    r"|(?:oscars?|academy awards?)\s*(?:wins?|nominations?)?\s*[:(]\s*\d+"
    r"|(?:아카데미|오스카)(?:상)?\s*\d+\s*(?:개|관왕|부문)|\d+\s*관왕|\d+개 부문",
    re.IGNORECASE)
LEAD_ROLE = re.compile(
    r"\b(?:lead role|leading role|lead actor|lead actress|leading man|leading lady|stars as|starring role|"
    r"title role|the star\b|stars in the lead|headlines?|headlined|top-billed)\b|주연|주인공을 맡",
    re.IGNORECASE)
GENRES_EN = {g.lower(): g for g in GENRE_KO} | {"sci-fi": "Sci-Fi", "science fiction": "Sci-Fi"}
GENRES_KO = {v: k for k, v in GENRE_KO.items()}


def award_counts(reason: str) -> list[str]:
    return [m.group(0) for m in AWARD_COUNT.finditer(reason)]


def lead_claims(reason: str) -> list[str]:
    return [m.group(0) for m in LEAD_ROLE.finditer(reason)]


def _named(reason: str, person: str) -> bool:
    return person in reason or (korean.name(person) != person and korean.name(person) in reason)


def cast_outside_top(reason: str, movie: Movie, filters: Filters | None = None,
                     others: list[Movie] | tuple[Movie, ...] = ()) -> list[str]:
    """Cast members named in the reason who are not among the first TOP_CAST by prominence of the film, and, for
    another film the reason names (a liked film, the film to match), not among that film's first TOP_CAST."""
    asked = set(filters.actors) if filters else set()
    out = []
    for m in [movie, *(o for o in others if o.title in reason or korean.title(o.title) in reason
                       or (o.title_ko and o.title_ko in reason))]:
        top = set(leads(m, TOP_CAST))
        for person in m.cast[TOP_CAST:]:
            if person not in top and person not in asked and person not in m.directors and _named(reason, person):
                out.append(f"{person} ({m.title})")
    return out


# Words that are genres whenever they appear; the others ("war", "history", "music", "family", "crime", "action")
# are everyday words too, so they count only as "<word> film", "a <word>-<genre>" and the like.
_ALWAYS = {"comedy", "comedies", "drama", "dramas", "thriller", "thrillers", "horror", "western", "westerns",
           "musical", "musicals", "romance", "romantic comedy", "documentary", "sci-fi", "science fiction", "animated",
           "biopic"}
_STEM = {"comedies": "comedy", "dramas": "drama", "thrillers": "thriller", "westerns": "western",
         "musicals": "musical", "animated": "animation", "biopic": "biography", "romantic comedy": "romance"}
_HEAD = r"(?:film|films|movie|movies|picture|epic|story|tale|drama|comedy|thriller|classic|pick)"


def genre_words(reason: str) -> list[str]:
    """The genres a reason names, English words or Korean genre labels."""
    found = []
    low = reason.lower()
    words = set(GENRES_EN) | set(_ALWAYS)
    for word in sorted(words, key=len, reverse=True):
        g = GENRES_EN.get(_STEM.get(word, word))
        if g is None:
            continue
        pattern = (rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word in _ALWAYS else
                   rf"(?<![a-z]){re.escape(word)}(?:[- ](?:[a-z]+-)*{_HEAD}\b|-(?=[a-z]))")
        if re.search(pattern, low):
            found.append(g)
    for ko, g in GENRES_KO.items():
        if re.search(rf"{ko}(?:·| 영화| 장르|[,)])", reason):
            found.append(g)
    return list(dict.fromkeys(found))


def unsafe_genres(reason: str, movie: Movie, filters: Filters | None = None) -> list[str]:
    asked = list(filters.genres) if filters else []
    allowed = set(asked) | set(claimable_genres(movie, asked))
    return [g for g in genre_words(reason) if g not in allowed]


def problems(reason: str, movie: Movie, filters: Filters | None = None,
             others: list[Movie] | tuple[Movie, ...] = ()) -> dict[str, list[str]]:
    """Every unsafe claim in `reason`, by class (only classes with findings)."""
    found = {"award_count": award_counts(reason), "lead_role": lead_claims(reason),
             "cast_order": cast_outside_top(reason, movie, filters, others),
             "genre": unsafe_genres(reason, movie, filters)}
    return {k: v for k, v in found.items() if v}


# ---------------------------------------------------------------- false claims (checked against the row)
# Classes, in the order a replaced reason is counted under:
#   wrong_title      another candidate's title, or a "Title (Year)" that is neither the pick nor a film the user
#                    logged or named ("The Right Stuff is a long epic" given for Titanic's id)
#   wrong_director   "directed by X" / "X's direction" / "X 감독" where X is not a director of the pick
#   wrong_cast       "starring X" / "featuring X" / "with X" where X is not in the pick's credits, or a person from
#                    another candidate's row
#   runtime          a runtime or length the row contradicts ("under 90 minutes" for 154, "3 hours" for 95)
#   invented_history "which you liked", "you loved", "좋아하신": the user liked no film the reason names
_CAP = r"[A-Z][\w'.-]+"
_NAME = rf"({_CAP}(?:\s(?:(?:van|von|de|del|da|der|le|la|di)\s)?{_CAP})*(?:\s(?:and|&)\s{_CAP}(?:\s{_CAP})*)?)"
_DIRECTED = re.compile(rf"\b(?i:directed by|direction (?:of|by)|from director|by director|director)\s+{_NAME}")
_DIRECTION_OF = re.compile(r"\b([A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+){0,2})'s?\s+(?:direction|directing|film-making)\b")
_STARRING = re.compile(rf"\b(?i:starring|featuring|stars|co-starring|with actors?|actor|actress)\s+{_NAME}")
_KO_DIRECTOR = re.compile(r"([가-힣]{2,5})\s*감독(?:의|이|님|이\s|은|가)?")
_LIKED = re.compile(r"\b(?:which|that|as|since|because) you (?:liked|loved|enjoyed|adored)\b|"
                    r"\byou (?:liked|loved|enjoyed|adored)\b|\byour (?:favou?rite|liked)\b|"
                    r"좋아하신|좋아했던|좋아하셨|재밌게 보신|재미있게 보신|즐겨 보신", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "an": 1, "a": 1, "half an": 0.5}
_UNIT = r"(hours?|hrs?|h|minutes?|mins?|시간|분)"
_AMOUNT = r"(\d+(?:\.\d+)?|one|two|three|four|five|an|a|half an)"
_LOWER_BOUND = re.compile(rf"\b(?:over|more than|longer than|at least|above|nearly|almost|close to)\s+{_AMOUNT}\s*"
                          rf"[- ]?{_UNIT}(?![a-z])|{_AMOUNT}\s*[- ]?{_UNIT}\s*(?:or more|plus|\+|이상|넘)",
                          re.IGNORECASE)
_UPPER_BOUND = re.compile(rf"\b(?:under|less than|shorter than|at most|within|below|no more than|no longer than|"
                          rf"just over|barely)\s+{_AMOUNT}\s*[- ]?{_UNIT}(?![a-z])|{_AMOUNT}\s*[- ]?{_UNIT}\s*"
                          r"(?:or less|이내|이하|미만)", re.IGNORECASE)
_EXACT = re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?|one|two|three|four|five)\s*[- ]?{_UNIT}(?![a-z])(?!\s*(?:or (?:more|less)|이상|이내|이하|미만))",
                    re.IGNORECASE)
_SHORT = re.compile(r"\b(?:short runtime|brisk runtime|short and sweet|quick watch|a short film|brief runtime)\b|"
                    r"짧은 러닝타임|짧은 상영", re.IGNORECASE)
_LONG = re.compile(r"\b(?:long epic|lengthy|long runtime|epic length|long running time|marathon)\b|"
                   r"긴 러닝타임|긴 상영", re.IGNORECASE)
NOT_A_NAME = frozenset("The A An This That It Its Their His Her Our Your You I We They Oscar Oscars Academy "
                       "Award Awards Best Picture Director Film Movie Korean American British French".split())


def _fold(s: str) -> str:
    return re.sub(r"[^0-9a-z가-힣]+", "", s.lower())


def _has_person(name: str, people: list[str]) -> bool:
    key = _fold(name)
    if not key:
        return True
    for p in people:
        pk = _fold(p)
        if key == pk or key == _fold(korean.name(p)) or (len(key) >= 4 and pk.endswith(key)):
            return True
    return False


def _names(group: str) -> list[str]:
    parts = re.split(r"\s+(?:and|&)\s+", group.strip())
    out = []
    for p in parts:
        words = [w for w in p.split() if w]
        while words and words[0] in NOT_A_NAME:
            words = words[1:]
        if words:
            out.append(re.sub(r"'s?$", "", " ".join(words).strip(".,;:!?")))
    return out


def _titled(reason: str, m: Movie) -> bool:
    forms = [m.title, korean.title(m.title), m.title_ko or "", *m.aliases]
    low = reason.lower()
    return any(f and len(f) >= 3 and f.lower() in low for f in forms)


def _minutes(amount: str, unit: str) -> float:
    value = _WORD_NUMBERS.get(amount.lower()) if not amount[0].isdigit() else float(amount)
    return float(value or 0) * (60 if unit.lower().startswith(("h", "시")) else 1)


def runtime_claims(reason: str, runtime: int | None) -> list[str]:
    """Runtime or length claims the row's runtime contradicts (any such claim, when the row has no runtime)."""
    out = []
    spans: list[tuple[int, int]] = []
    for pattern, ok in ((_LOWER_BOUND, lambda r, v: r >= v - 5), (_UPPER_BOUND, lambda r, v: r <= v + 5)):
        for m in pattern.finditer(reason):
            amount, unit = [g for g in m.groups() if g][:2]
            spans.append(m.span())
            if runtime is None or not ok(runtime, _minutes(amount, unit)):
                out.append(m.group(0))
    for m in _EXACT.finditer(reason):
        if any(a <= m.start() < b for a, b in spans):
            continue
        amount, unit = m.group(1), m.group(2)
        value = _minutes(amount, unit)
        tolerance = 20 if unit.lower().startswith(("h", "시")) else 5
        if runtime is None or abs(runtime - value) > tolerance:
            out.append(m.group(0))
    if _SHORT.search(reason) and (runtime is None or runtime > 105):
        out.append(_SHORT.search(reason).group(0))  # type: ignore[union-attr]
    if _LONG.search(reason) and (runtime is None or runtime < 140):
        out.append(_LONG.search(reason).group(0))  # type: ignore[union-attr]
    return out


def wrong_titles(reason: str, movie: Movie, allowed: list[Movie], others: list[Movie]) -> list[str]:
    """Other candidates' titles, and "Title (Year)" forms that are neither the pick nor an allowed film."""
    out = []
    mine = movie.title.lower()
    for o in others:
        t = o.title
        if len(t) < 4 or t.lower() in mine or any(t.lower() in a.title.lower() for a in allowed):
            continue
        if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", reason) and " " in t or (
                len(t) >= 6 and re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", reason)):
            out.append(t)
    for m in re.finditer(r"([A-Z][^()]{1,60}?)\s*\((1[89]\d\d|20\d\d)\)", reason):
        title, year = m.group(1).strip(" ,:;'\""), int(m.group(2))
        ok = [x for x in [movie, *allowed] if x.year == year and (title.lower().endswith(x.title.lower())
                                                                  or _titled(title, x))]
        if not ok:
            out.append(m.group(0))
    return list(dict.fromkeys(out))


def wrong_directors(reason: str, movie: Movie, allowed: list[Movie]) -> list[str]:
    out = []
    named_others = [o for o in allowed if _titled(reason, o)]
    people = movie.directors + [d for o in named_others for d in o.directors]
    claims = [n for m in _DIRECTED.finditer(reason) for n in _names(m.group(1))]
    claims += [n for m in _DIRECTION_OF.finditer(reason) for n in _names(m.group(1))]
    for m in _KO_DIRECTOR.finditer(reason):
        word = m.group(1)
        if any(_fold(word) in _fold(korean.name(d)) or _fold(korean.name(d)) in _fold(word)
               for d in people if korean.name(d) != d):
            continue
        if len(word) == 3 and word not in GENRES_KO and word[-1] not in "은는인한적의":  # a full name
            claims.append(word)
    for name in claims:
        if not _has_person(name, people):
            out.append(name)
    return out


def wrong_cast(reason: str, movie: Movie, allowed: list[Movie], others: list[Movie]) -> list[str]:
    named_others = [o for o in allowed if _titled(reason, o)]
    people = movie.cast + movie.directors + [p for o in named_others for p in o.cast + o.directors]
    out = [n for m in _STARRING.finditer(reason) for n in _names(m.group(1)) if not _has_person(n, people)]
    mine = set(movie.cast) | set(movie.directors)
    for o in others:  # a person of another candidate's row, named in this pick's reason
        for p in o.cast[:TOP_CAST] + o.directors:
            if p not in mine and " " in p and p in reason and not _has_person(p, people):
                out.append(p)
    return list(dict.fromkeys(out))


def invented_history(reason: str, movie: Movie, liked: list[Movie], seeds: list[Movie]) -> list[str]:
    """ "which you liked" needs a liked (or user-named) film that the reason names, other than the pick."""
    m = _LIKED.search(reason)
    if not m:
        return []
    if any(_titled(reason, x) for x in [*liked, *seeds] if x.id != movie.id):
        return []
    return [m.group(0)]


def false_claims(reason: str, movie: Movie, liked: list[Movie], history: list[Movie],
                 others: list[Movie] | tuple[Movie, ...] = (),
                 seeds: list[Movie] | tuple[Movie, ...] = ()) -> dict[str, list[str]]:
    """Claims in `reason` that the pick's row or the user's history contradict, by class (only with findings).

    `liked`: the user's liked films; `history`: every film the user logged or named; `others`: the other
    candidates the model saw (the films it confuses the pick with)."""
    allowed = [*history, *seeds]
    found = {"wrong_title": wrong_titles(reason, movie, allowed, list(others)),
             "wrong_director": wrong_directors(reason, movie, allowed),
             "wrong_cast": wrong_cast(reason, movie, allowed, list(others)),
             "runtime": runtime_claims(reason, movie.runtime),
             "invented_history": invented_history(reason, movie, liked, list(seeds))}
    return {k: v for k, v in found.items() if v}
