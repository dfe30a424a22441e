"""Honest notes for what the catalog cannot have: films after its last year, "the newest", a film newer than the
catalog that shares its title with an older one.

Why: a filter the catalog cannot satisfy used to be relaxed in silence ("2021 or later ... I dropped the years")
and the user saw unrelated films. The note says what is missing and how to get it (an IMDb build is current);
the impossible bound becomes "the newest films the catalog has" rather than no bound at all.
"""
from __future__ import annotations

import re
from typing import Literal
from functools import cache

from core import korean
from core.messages import text as msg
from core.models import Filters
from core.understand.evidence import AGE_PATTERNS, LIFE_EVENT_PATTERNS
from core.text import is_hangul, title_key
from core.understand.titles import Title, TitleIndex
from core.understand.vocab import load

LATEST_PLAUSIBLE = 2035  # a larger number is a title's ("Blade Runner 2049"), not a release year
Lean = Literal["newest", "oldest"] | None  # a soft order for what the catalog's years cannot hold
_LATER_YEAR = r"(?<![\d.])(20[0-9]\d)(?:\s*(s|년대|년|년도))?(?![\d])(?!\s*(?:min|minutes|분|m\b))"
_NEWEST = (r"\b(newest|latest|brand new|new releases?|just came out|this year'?s?|last year'?s?|next year'?s?|"
           r"upcoming|coming (?:out|soon)|current|in theaters|in cinemas|now playing)\b|최신|요즘 나온|올해|작년|내년|"
           r"개봉작|개봉 예정|곧 개봉|상영 중|상영작")
_RECENT_CUE = r"\b(new|newer|newest|latest|recent|remake|reboot)\b|최신|신작|새로 나온|리메이크"


def asks_newest(text: str) -> bool:
    """"what's coming out next year", "최신 영화": a question about films even without the word "movie"."""
    return bool(re.search(_NEWEST, text.casefold()))


def later_years(text: str, end: int) -> list[str]:
    """Years and decades after `end` that the user named ("2016", "2020s", "2024년")."""
    out, text = [], text.casefold()
    for pattern in (*AGE_PATTERNS, *LIFE_EVENT_PATTERNS):  # "born in 2016", "2015년에 이사": the user's years
        text = re.sub(pattern, lambda m: " " * len(m.group(0)), text)
    for m in re.finditer(_LATER_YEAR, text):
        year, suffix = int(m.group(1)), m.group(2) or ""
        if end < year <= LATEST_PLAUSIBLE:  # "the 2010s" still has films; "Blade Runner 2049" is a title
            out.append(f"{year}s" if suffix == "s" else f"{year}{suffix}" if suffix else str(year))
    return list(dict.fromkeys(out))


def year_notes(text: str, f: Filters, end: int, language: str, start: int | None = None,
               newest: bool = True) -> tuple[list[str], Lean]:
    """Notes for years the catalog cannot have, and which way the picks should then lean. A bound the catalog
    cannot meet is dropped, not swapped for years nobody asked for: "best movies of 2019" keeps its other words,
    says the catalog ends in 2014, and leans to the newest films it has. `newest=False`: a "newest" word
    described a film already noted ("the new dune movie")."""
    if start and f.year_max is not None and f.year_max < start:
        asked = f"{f.year_min}–{f.year_max}" if f.year_min and f.year_min != f.year_max else str(f.year_max)
        f.year_min = f.year_max = None
        return [msg("before_catalog", language, years=asked, start=start)], "oldest"
    if later := later_years(text, end):
        if f.year_min is not None and f.year_min <= end:  # "2005 to 2018": the part the catalog has
            f.year_max = None if (f.year_max or 0) > end else f.year_max
            return [msg("after_catalog", language, years=", ".join(later), end=end)], None
        f.year_min = f.year_max = None
        return [msg("after_catalog", language, years=", ".join(later), end=end)], "newest"
    if newest and re.search(_NEWEST, text.casefold()):
        return [msg("newest_in_catalog", language, end=end)], "newest"
    return [], None


def catalog_end(index: TitleIndex | None, default: int = 2014) -> int:
    """The catalog's last year (an IMDb build is current, the embedded one ends in 2014)."""
    return catalog_span(index, (1940, default))[1]


def catalog_span(index: TitleIndex | None, default: tuple[int, int] = (1940, 2014)) -> tuple[int, int]:
    """The catalog's first and last years, from the title index (an IMDb build is current and reaches back to the
    silent era; the embedded one runs 1940-2014)."""
    years = [t.year for films in index.by_key.values() for t in films if t.year] if index is not None else []
    return (min(years), max(years)) if years else default


@cache
def _newer_raw() -> list[tuple[str, str, int, list[str]]]:
    return [(title_key(f["title"]), f["title"], f["year"], f["ko"])
            for name in ("newer_titles.json", "missing_titles.json") for f in load(name)["films"]]


@cache
def _missing() -> list[tuple[str, str, int, list[str]]]:
    """Famous films of the catalog's own years that it lacks (title key, title, year, spaceless Korean titles)."""
    return [(title_key(f["title"]), f["title"], f["year"], [k.replace(" ", "") for k in f["ko"]])
            for f in load("missing_titles.json")["films"]]


def missing_film(phrase: str, index: TitleIndex | None) -> tuple[str, int, Title | None] | None:
    """A famous film the catalog lacks that `phrase` names as a whole ("spirited away", "센과 치히로의 행방불명") or
    opens with a title of two or more words ("spirited away but live action"): (title, year, namesake or None).
    One word ("akira") counts only as the whole phrase: "like akira kurosawa" names a person."""
    key, squashed = title_key(phrase), re.sub(r"\s+", "", phrase)
    hangul = is_hangul(phrase)
    for fkey, title, year, ko in _missing():
        hit = key == fkey or (" " in fkey and key.startswith(fkey + " ")) if not hangul else any(
            squashed == k or (len(k) >= 4 and squashed.endswith(k)) for k in ko)
        if not hit:
            continue
        same = index.match(title, fuzzy=False) if index is not None else None
        if same and same.best.year and abs(same.best.year - year) <= 1:
            return None  # this catalog has it
        return title, year, same.best if same else None
    return None


@cache
def _newer() -> list[tuple[str, str, int, list[str]]]:
    """(title key, title, year, Korean keys), longest key first so "dune part two" beats "dune"."""
    films = load("newer_titles.json")["films"]
    rows = [(title_key(f["title"]), f["title"], f["year"], [k.replace(" ", "") for k in f["ko"]]) for f in films]
    return sorted(rows, key=lambda r: -len(r[0]))


def newer_film(phrase: str, index: TitleIndex | None, end: int) -> tuple[str, int, Title | None] | None:
    """The widely known post-catalog film that `phrase` starts with (Latin) or ends with (Hangul), when the catalog
    lacks it: (its title, its year, the older catalog film of the same title or None)."""
    key, squashed = title_key(phrase), re.sub(r"\s+", "", phrase)
    for fkey, title, year, ko in _newer():
        if year <= end:
            continue
        # a short title ("It", "Us", "Soul") only as the whole phrase: "loved it, what next" names no film
        hit = (key == fkey or (len(fkey) >= 5 and key.startswith(fkey + " "))) if fkey else False
        hit = hit or any(squashed.endswith(k) or squashed.startswith(k) for k in ko if is_hangul(phrase))
        if not hit:
            continue
        older = index.match(title, fuzzy=False) if index is not None else None
        if older and older.best.year and abs(older.best.year - year) <= 1:
            return None  # an up-to-date catalog has it
        return title, year, older.best if older else None
    return None


def newer_in_text(text: str, index: TitleIndex | None, end: int) -> tuple[str, int, Title | None] | None:
    """A post-catalog film named anywhere in the words, not through a like-X cue: "the new dune movie", "최신
    조커". Only with a cue for recency, or when the catalog has no film of that title at all."""
    key, squashed = f" {title_key(text)} ", re.sub(r"\s+", "", text)
    recent = bool(re.search(_RECENT_CUE, text.casefold()))
    for fkey, title, year, ko in _newer():
        if year <= end or not ((len(fkey) >= 4 and f" {fkey} " in key) or any(k in squashed for k in ko)):
            continue
        if hit := newer_film(title, index, end):
            if recent or hit[2] is None:
                return hit
    return None


def shown_newer(title: str, year: int, language: str) -> str:
    """A post-catalog film as the user knows it: its Korean title in Korean."""
    if language != "ko":
        return f"“{title}” ({year})"
    local = next((f[3] for f in _newer_raw() if f[1] == title), [])
    return f"《{local[0] if local else title}》({year})"


def title_note(typed: str, title: str, year: int, older: Title | None, end: int, language: str) -> str:
    ko = language == "ko"
    shown = shown_newer(title, year, language)
    if year <= end:  # a film of the catalog's years that it lacks: the catalog's end explains nothing
        if older is None:
            return msg("title_absent", language, typed=shown if ko else f"{title} ({year})")
        return msg("title_absent_other", language, typed=shown if ko else f"{title} ({year})",
                   title=korean.title(older.title) if ko else older.title, year=older.year)
    if older is None:
        return msg("title_missing", language, typed=shown if ko else f"{title} ({year})", end=end)
    return msg("title_newer", language, typed=shown, title=korean.title(older.title) if ko else older.title,
               year=older.year, end=end)


@cache
def _forgotten() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{c})" for c in load("forgotten_title.json")["cues"]))


def forgotten_title(folded: str) -> bool:
    """"a girl who talks to a dragon... no idea what it's called": a film described, not named. The catalog has
    no plots to search, so the reply must say so (msg plot_search)."""
    return bool(_forgotten().search(folded))


@cache
def _unsupported() -> dict:
    return load("unsupported.json")


def _named(text: str, kind: str) -> list[str]:
    """The studios or streaming services (unsupported.json `kind`) the words name, as shown."""
    folded = " ".join(re.sub(r"[^\w\s가-힣+]", " ", text.casefold()).split())
    return list(dict.fromkeys(shown for word, shown in _unsupported()[kind].items()
                              if (re.search(rf"(?<!\w){re.escape(word)}(?![\w+])", folded) if word.isascii()
                                  else word in folded)))


def streaming(text: str) -> str | None:
    """"what's good on netflix right now": a service whose current offer the bot cannot see."""
    return next(iter(_named(text, "streaming")), None)


def studio(text: str) -> str | None:
    """"anything from studio ghibli", "픽사 영화": the studio named, as shown."""
    return next(iter(_named(text, "studios")), None)


def studio_notes(text: str, language: str, f: Filters | None = None) -> list[str]:
    """"the newest Pixar film": the catalog has no studio field; say so rather than show any new film. A studio
    named with nothing else to search gets its proxy in `f` ("studio ghibli": animated films), said in the note.
    A streaming service gets its own note: the bot cannot see what it offers now."""
    if service := streaming(text):
        return [msg("no_streaming", language, service=service)]
    if (name := studio(text)) is None:
        return []
    proxy = _unsupported()["studio_proxies"].get(name)
    if proxy and f is not None and set(f.genres) <= set(proxy["genres"]) and not (
            f.countries or f.languages or f.similar_to or f.directors or f.actors):  # "지브리 같은 애니" too
        f.genres = f.genres or list(proxy["genres"])
        f.countries = list(proxy.get("countries", []))
        return [msg("studio_proxy", language, studio=name, proxy=proxy["label"]["ko" if language == "ko" else "en"])]
    return [msg("no_studio", language, studio=name)]


def unknown_person(text: str, known_words: frozenset[str], plain_words: frozenset[str] = frozenset()) -> str | None:
    """A lower-case name after "with"/"starring" that the catalog lacks ("anything with zendaya", "films with
    billie eilish"). Capitalised names are the people reader's; this only catches lower-case ones, and only when
    the words cannot be ordinary ones: the surname is no catalog title word, genre or mood word and does not end
    like an English noun or adjective ("subtitles", "meaning"); a single word must end the phrase ("with zendaya",
    not "with dialogue that sparkles"). `plain_words` (stopwords, genre and mood words) can't be a first name."""
    cues = "|".join(re.escape(c) for c in _unsupported()["person_cues"])
    # "directed by ari aster", "films by ...": after a maker cue a two-word name may end like a noun ("aster")
    if m := re.search(r"\b(?:directed by|(?:movies?|films?|anything|something|stuff) (?:directed )?by)\s+([a-z][a-z'-]{1,})\s+"
                      r"([a-z][a-z'-]{2,})\s*(?:$|please|pls|movies?|films?|[,.!?])", text):
        first, last = m.group(1), m.group(2)
        if first not in plain_words and last not in known_words and not re.search(r"(?:s|ing|ly)$", last):
            return f"{first} {last}".title()
    # "ari aster films pls": a two-word name that opens the message before "films", neither word an ordinary one
    if m := re.match(r"(?:(?:some|any|more|the)\s+)?([a-z][a-z'-]{1,})\s+([a-z][a-z'-]{2,})\s+(?:films|movies|flicks)\b",
                     text):  # a person's films, plural: "newest marvel movie" is a studio's film
        first, last = m.group(1), m.group(2)
        studios = set(_unsupported()["studios"]) | set(_unsupported()["streaming"])
        if not {first, last} & (known_words | plain_words | studios) and not re.search(
                r"(?:y|ly|ish|ful|ing|ed|s|est)$", first):
            return f"{first} {last}".title()
    for m in re.finditer(rf"\b(?:{cues})\s+([a-z][a-z'-]+)(?:\s+([a-z][a-z'-]+))?(\s*(?:$|please|movies?|films?|"
                         rf"stuff|pls|in it|[,.!?])?)", text):
        first, last, after = m.group(1), m.group(2), m.group(3)
        if last and last not in known_words and len(last) >= 3 and not re.search(_WORD_ENDINGS, last) and (
                first not in plain_words and (first not in known_words or len(first) >= 4)):
            return f"{first} {last}".title()
        if first not in known_words and len(first) >= 4 and not re.search(_WORD_ENDINGS, first) and (
                last is None or after.strip() != "" or last in ("please", "pls", "movies", "films", "movie", "film")):
            return first.title()
    return None


_WORD_ENDINGS = r"(?:s|ing|ed|ly|tion|sion|ness|ment|ity|ful|ous|ive|al|ism|ist|er|ure|age|ance|ence)$"
