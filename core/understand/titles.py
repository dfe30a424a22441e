"""Which film the user means: titles matched forgivingly (case, punctuation, missing year, typos, Korean titles).

"movies like Inceptoin", "I loved oldboy", "올드보이 같은 영화": the index holds every catalog title in folded
form; exact keys win, then a leading-article-free key, then the Korean title table (core/data/titles_ko.json),
then rapidfuzz over titles with the same first letter, behind a confidence floor. Titles that several films
share (Oldboy 2003/2013) come back as alternatives so callers can ask instead of guessing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import ClassVar

from rapidfuzz import fuzz, process

from core.text import title_key

FUZZY_CUTOFF = 88.0
SERIES_MARGIN = 0.25  # how much better known a "<title>: <subtitle>" film must be to stand for a bare title
PREFIX_WORDS = 3  # partial titles are looked up by up to this many first (or last) words
MIN_FUZZY_LEN = 5  # shorter strings are too easy to confuse: exact matches only
_YEAR = re.compile(r"\(?\b(1[89]\d\d|20\d\d)\b\)?\s*$")
_ARTICLE = re.compile(r"^(the|a|an) ")


@cache
def korean_titles() -> dict[str, str]:
    raw = json.loads(resources.files("core").joinpath("data/titles_ko.json").read_text(encoding="utf-8"))
    return {k.replace(" ", ""): v for k, v in raw.items() if not k.startswith("_")}


@cache
def title_aliases() -> dict[str, str]:
    raw = json.loads(resources.files("core.understand").joinpath("data/title_aliases.json").read_text(encoding="utf-8"))
    return {title_key(k): v for k, v in raw.items() if k != "_doc"}


@dataclass(frozen=True)
class Title:
    id: str
    title: str
    year: int | None
    quality: float

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass
class TitleMatch:
    best: Title
    alternatives: list[Title]  # other films with the same (or an equally close) title, best first
    corrected: bool  # found by typo matching or translation: worth saying so


def _bare(title: str) -> str:
    return _ARTICLE.sub("", title_key(title))


def _without_and(key: str) -> str:
    return " ".join(w for w in key.split() if w != "and")


def _nospace(title: str) -> str:
    """Korean titles are spaced inconsistently ("올드 보이" / "올드보이"): their key has no spaces."""
    return title_key(title).replace(" ", "")


@dataclass
class TitleIndex:
    """Stored with the catalog (core.catalog.derived) as JSON; VERSION changes whenever `build` would differ."""

    VERSION: ClassVar[str] = "titles/1"
    by_key: dict[str, list[Title]] = field(default_factory=dict)  # title_key -> films, best known first
    by_bare_key: dict[str, list[Title]] = field(default_factory=dict)  # without a leading article
    buckets: dict[str, dict[str, str]] = field(default_factory=dict)  # first letter -> {key: key}

    @classmethod
    def build(cls, rows: list[tuple[str, str, int | None, float]]) -> TitleIndex:
        idx = cls()
        for movie_id, title, year, quality in rows:
            t = Title(movie_id, title, year, quality)
            key = title_key(title)
            if not key:
                continue
            idx.by_key.setdefault(key, []).append(t)
            bare = _ARTICLE.sub("", key)
            if bare != key:
                idx.by_bare_key.setdefault(bare, []).append(t)
            idx.buckets.setdefault(key[0], {})[key] = key
        for films in (*idx.by_key.values(), *idx.by_bare_key.values()):
            films.sort(key=lambda t: -t.quality)
        return idx

    def to_json(self) -> str:
        """Each film once (several keys share one Title), keys as positions in that list."""
        films = list({t: None for ts in (*self.by_key.values(), *self.by_bare_key.values()) for t in ts})
        pos = {t: i for i, t in enumerate(films)}
        return json.dumps({"films": [[t.id, t.title, t.year, t.quality] for t in films],
                           "by_key": {k: [pos[t] for t in ts] for k, ts in self.by_key.items()},
                           "by_bare_key": {k: [pos[t] for t in ts] for k, ts in self.by_bare_key.items()},
                           "buckets": {k: list(keys) for k, keys in self.buckets.items()}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> TitleIndex:
        raw = json.loads(data)
        films = [Title(*row) for row in raw["films"]]
        return cls(by_key={k: [films[i] for i in ids] for k, ids in raw["by_key"].items()},
                   by_bare_key={k: [films[i] for i in ids] for k, ids in raw["by_bare_key"].items()},
                   buckets={k: {key: key for key in keys} for k, keys in raw["buckets"].items()})

    def add_aliases(self, rows: list[tuple[str, str]]) -> None:
        """Localized titles from the catalog ((movie id, alias): "기생충" for Parasite) point at the film itself,
        so a match still carries the catalog title that retrieval looks up."""
        by_id = {t.id: t for films in self.by_key.values() for t in films}
        for movie_id, alias in rows:
            film = by_id.get(movie_id)
            for key in {title_key(alias), _nospace(alias)}:
                if film is None or not key:
                    continue
                films = self.by_key.setdefault(key, [])
                if film not in films:
                    films.append(film)
                    films.sort(key=lambda t: -t.quality)
                    self.buckets.setdefault(key[0], {})[key] = key

    def match(self, text: str, fuzzy: bool = True) -> TitleMatch | None:
        """The film `text` names, or None. A trailing year ("Oldboy 2013", "Oldboy (2013)") narrows it."""
        year = None
        if (m := _YEAR.search(text.strip())) and len(text.strip()) > len(m.group(0)):
            year, text = int(m.group(1)), text.strip()[: m.start()]
        corrected = False
        hangul = bool(re.search(r"[가-힣]", text))
        if hangul and _nospace(text) in self.by_key:  # a localized title the catalog stores ("기생충")
            key = _nospace(text)
        elif hangul:  # else the bundled Korean title table
            english = korean_titles().get(re.sub(r"\s+", "", text))
            if not english:
                return self._korean_numbered(text)
            text = english  # an exact Korean release title: a lookup, not a correction worth a note
            key = title_key(text)
        else:
            key = title_key(text)
        if not key:
            return None
        films = self.by_key.get(key) or self.by_bare_key.get(_ARTICLE.sub("", key)) or self._and_less(key)
        if not films and fuzzy and len(key) >= MIN_FUZZY_LEN:
            hits = process.extract(key, self.buckets.get(key[0], {}), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                   limit=3)
            if hits:
                top = max(h[1] for h in hits)
                films = sorted((t for h in hits if h[1] == top for t in self.by_key[h[0]]), key=lambda t: -t.quality)
                corrected = True
        if not films:
            return None
        if year:
            near = [t for t in films if t.year and abs(t.year - year) <= 1]
            films = sorted(near, key=lambda t: abs((t.year or 0) - year)) or films
        elif not corrected and (famous := self._series_named(key, films[0])):
            return TitleMatch(famous, films, True)  # said in the reply: "I took ... to mean ..."
        return TitleMatch(films[0], films[1:], corrected)

    def _and_less(self, key: str) -> list[Title]:
        """"harold & maude" is Harold and Maude, "pride and prejudice" is Pride & Prejudice: folding drops "&", so
        titles are also looked up with "and" left out on both sides (built once, only for titles with an and)."""
        if not hasattr(self, "_without_and"):
            table: dict[str, list[Title]] = {}
            for k, films in self.by_key.items():
                if " and " in f" {k} ":
                    table.setdefault(_without_and(k), []).extend(films)
            self._without_and = table
        if key.split()[-1:] == ["and"] or key.split()[:1] == ["and"]:
            return []  # "the matrix and ...": a list goes on, not a title
        short = _without_and(key)
        films = self.by_key.get(short, []) if short != key else []
        return sorted({*films, *self._without_and.get(short, [])}, key=lambda t: -t.quality) if " " in short else []

    def _series_named(self, key: str, exact: Title) -> Title | None:
        """"lord of the rings" is the trilogy people know, not the obscure 1978 film of that exact title: a film
        titled "<the words>: <more>" that is far better known than the exact match (SERIES_MARGIN in quality)."""
        bare = _ARTICLE.sub("", key)
        prefix, _ = self.affixes()
        series = [t for t in prefix.get(" ".join(bare.split()[:PREFIX_WORDS]), [])
                  if ":" in t.title and _bare(t.title.split(":")[0]) == bare]
        known = [t for t in series if t.quality >= exact.quality + SERIES_MARGIN]
        return min(known, key=lambda t: (t.year or 9999, -t.quality)) if known else None  # the series' first

    def _korean_numbered(self, text: str) -> TitleMatch | None:
        """"백 투 더 퓨처 2", "반지의 제왕 1편": a Korean series title and a number name the Nth film. The table gives
        the series' first film; the number is read on its English title and on shorter heads of it ("The Lord of
        the Rings: ..." -> "lord of the rings 2", "Harry Potter and the ..." -> "harry potter 3")."""
        m = re.fullmatch(r"(.+?)\s*([1-9])\s*(?:편|탄)?", re.sub(r"\s+", "", text))
        first = korean_titles().get(m.group(1)) if m else None
        films = self.by_key.get(title_key(first)) if first else None
        if not m or not first or not films:
            return None
        n = int(m.group(2))
        if n == 1:
            return TitleMatch(films[0], films[1:], False)
        words = re.split(r"[\s:]+", _bare(first).strip())
        for size in range(len(words), 1, -1):
            found = self.partial(f"{' '.join(words[:size])} {n}")
            if found:
                return TitleMatch(found.best, found.alternatives, False)
        return None

    def affixes(self) -> tuple[dict[str, list[Title]], dict[str, list[Title]]]:
        """Article-free titles by their first 1-3 words and by their last 2-3 words, built once: partial matching
        is a lookup, not a scan of the catalog."""
        if not hasattr(self, "_prefix"):
            prefix: dict[str, list[Title]] = {}
            suffix: dict[str, list[Title]] = {}
            for k, films in self.by_key.items():
                words = _ARTICLE.sub("", k).split()
                for n in range(1, min(len(words), PREFIX_WORDS) + 1):
                    prefix.setdefault(" ".join(words[:n]), []).extend(films)
                for n in range(2, min(len(words) - 1, PREFIX_WORDS) + 1):
                    suffix.setdefault(" ".join(words[-n:]), []).extend(films)
                for film in films:  # "return of the king": a subtitle after a colon names the film as a whole
                    sub = _ARTICLE.sub("", title_key(re.split(r":| - ", film.title)[-1])) if ":" in film.title else ""
                    if len(sub.split()) > PREFIX_WORDS and film not in suffix.get(sub, []):
                        suffix.setdefault(sub, []).append(film)
            self._prefix, self._suffix = prefix, suffix
        return self._prefix, self._suffix

    def alias(self, text: str) -> TitleMatch | None:
        """A shorthand from data/title_aliases.json ("se7en", "lotr fellowship")."""
        title = title_aliases().get(title_key(text))
        films = self.by_key.get(title_key(title)) if title else None
        return TitleMatch(films[0], films[1:], True) if films else None

    def _nth(self, base: str, n: int) -> list[Title]:
        """"harry potter 3": the Nth film, by year, of a series whose entries all open with the same words but carry
        no number ("Harry Potter and the Prisoner of Azkaban"). Only for a named series of a few films: a short or
        one-word base ("star 2") opens too many unrelated titles."""
        if n < 2 or (" " not in base and len(base) < 6):
            return []
        prefix, _ = self.affixes()
        head = " ".join(base.split()[:PREFIX_WORDS])
        series: dict[str, Title] = {}
        for t in prefix.get(head, []):
            bare = _bare(t.title)
            if (bare == base or bare.startswith(base + " ")) and t.year and (
                    bare not in series or t.quality > series[bare].quality):
                series[bare] = t  # one film per title: a remake is not the next entry
        films = sorted(series.values(), key=lambda t: t.year or 0)
        return [films[n - 1]] if 2 <= len(films) <= 10 and n <= len(films) else []

    def partial(self, text: str) -> TitleMatch | None:
        """A title as people shorten it: "shawshank", "no country", "spotless mind", "godfather 2",
        "back to the future 2", "terminator 2". Only whole words, only after exact and fuzzy matching failed;
        the best-known film whose title starts or ends with the words (a number N also reads as "Part N"/"N:")."""
        key = re.sub(r"\b(?:pt|prt) (\d)$", r"part \1", _ARTICLE.sub("", title_key(text)))  # "godfather pt 2"
        if len(key) < 6 or " " not in key and len(key) < 8:
            return None
        num = re.match(r"^(.+?) (\d)$", key)
        forms = [key]
        if num:
            base, n = num.group(1), int(num.group(2))
            roman = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][n]
            forms = [f"{base} {n}", f"{base} part {n}", f"{base} part {roman}", f"{base} {roman}",
                     f"{base} chapter {n}", f"{base} episode {roman}"]
        prefix, suffix = self.affixes()
        found: list[Title] = []
        for form in forms:
            head = " ".join(form.split()[:PREFIX_WORDS])
            found += [t for t in prefix.get(head, []) if _bare(t.title) == form or _bare(t.title).startswith(form + " ")]
        if not num and " " in key:
            found += suffix.get(key, [])
        if not found and num:  # "lord of the rings pt 2" as an alias, else the Nth film of a series
            base = re.sub(r" part$", "", num.group(1))
            named = title_aliases().get(f"{base} {num.group(2)}")
            found = self.by_key.get(title_key(named), []) if named else self._nth(base, int(num.group(2)))
        if not found:
            return None
        found = sorted(dict.fromkeys(found), key=lambda t: -t.quality)
        return TitleMatch(found[0], found[1:3], True)
