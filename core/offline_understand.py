"""Rule-based understanding: catalog vocabulary + English/Korean keyword rules, no LLM."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from core.catalog.base import Catalog, Vocabulary
from core.models import Filters
from core.text import fold, is_hangul, loose_key, romanize_name, squash, title_key
from core.understanding import Understanding
from core.vocab import (ACTOR_CUES, COUNTRY_WORDS, DIRECTOR_CUES, GENRE_WORDS, KOREAN_NAME_ALIASES,
                        KOREAN_PARTICLES, LANGUAGE_WORDS, NEGATIONS)

RECOMMEND_WORDS = ("recommend", "suggest", "suggestion", "movie", "movies", "film", "films", "watch", "something",
                   "추천", "영화", "볼만한", "볼까", "보고싶", "보고 싶", "알려줘")
STOPWORDS = set("""a an the and or but with without by for from in on of to at as is are was be been me my i you we
it this that these those some any good great best new old like love war man men woman women world day night time
life home house city king queen star stars black white red blue green little big last first one two three
""".split())
KOREAN_NON_NAMES = set("""추천해 추천좀 나오는 재밌는 재미있 무서운 웃기는 슬픈 최근에 좋아하 보여줘 알려줘 찾아줘 영화를
영화가 영화는 영화로 작품을 작품이 시리즈 감독의 배우의 이후에 이전에 년대에 비슷한 보고싶 싶은데 볼만한 느낌의 분위기""".split())
_YEAR = r"(1[89]\d\d|20[0-4]\d)"


@dataclass
class NameIndex:
    """Lookups from folded strings to canonical catalog names, built once per catalog."""

    exact: dict[str, str] = field(default_factory=dict)  # squash(name) -> name
    surname: dict[str, str] = field(default_factory=dict)  # squash(last name) -> prolific director/actor
    loose: dict[str, str] = field(default_factory=dict)  # loose_key -> name (Korean transliterations)
    directors: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, vocab: Vocabulary) -> "NameIndex":
        idx = cls(directors=vocab.directors, actors=vocab.actors)
        films = {n: vocab.directors.get(n, 0) * 3 + vocab.actors.get(n, 0) for n in {*vocab.directors, *vocab.actors}}
        for name in sorted(films, key=films.get):  # most prolific last, so it wins collisions
            idx.exact[squash(name)] = name
            parts = name.split()
            if len(parts) >= 2:
                idx.loose[loose_key(name)] = name
                if (vocab.directors.get(name, 0) >= 3 or vocab.actors.get(name, 0) >= 25) and len(parts[-1]) >= 4:
                    idx.surname[squash(parts[-1])] = name
        return idx

    def role(self, name: str, context: str) -> str:
        if any(cue in context for cue in DIRECTOR_CUES) and self.directors.get(name):
            return "director"
        if any(cue in context for cue in ACTOR_CUES) and self.actors.get(name):
            return "actor"
        return "director" if self.directors.get(name, 0) * 4 >= self.actors.get(name, 0) else "actor"

    def korean(self, word: str) -> str | None:
        """"봉준호" -> "Bong Joon-ho": alias table, else romanize + spelling-insensitive match."""
        if word in KOREAN_NAME_ALIASES:
            return KOREAN_NAME_ALIASES[word]
        if len(word) != 3 or word in KOREAN_NON_NAMES:  # Korean full names are three syllables
            return None
        key = loose_key(romanize_name(word))
        if key in self.loose:
            return self.loose[key]
        hit = process.extractOne(key, self.loose.keys(), scorer=fuzz.ratio, score_cutoff=90)
        return self.loose[hit[0]] if hit and hit[0][:2] == key[:2] else None


def _strip_particle(word: str) -> str:
    for p in KOREAN_PARTICLES:
        if word.endswith(p) and len(word) > len(p) + 1:
            return word[: -len(p)]
    return word


def _negated(tokens: list[str], start: int, end: int) -> bool:
    before = " ".join(tokens[max(0, start - 2):start])
    after = " ".join(tokens[end:end + 2])
    raw = "".join(tokens[start:end])
    return (any(re.search(rf"\b{n}\b", before) for n in NEGATIONS if n.isascii())
            or any(n in after or n in raw for n in NEGATIONS if not n.isascii()))


class OfflineUnderstander:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._names: NameIndex | None = None

    async def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex.build(await self.catalog.vocabulary())
        return self._names

    async def understand(self, text: str) -> Understanding:
        names = await self.names()
        language = "ko" if is_hangul(text) else "en"
        folded = fold(text)
        tokens = folded.split()
        f = Filters()
        notes: list[str] = []
        self._genres(tokens, f)
        self._places(folded, tokens, f)
        self._years(folded, f)
        self._runtime_and_quality(folded, f)
        self._people(text, tokens, names, f, notes, language)
        await self._titles(text, f, notes, language)
        wants = any(w in folded or w in text for w in RECOMMEND_WORDS)
        intent = "recommend" if wants or not f.is_empty() else "other"
        return Understanding(intent=intent, language=language, filters=f, notes=notes)

    # -- genres, with negation: "no horror", "공포 빼고"
    @staticmethod
    def _genres(tokens: list[str], f: Filters) -> None:
        words = sorted(GENRE_WORDS, key=len, reverse=True)
        used: set[int] = set()
        for phrase in words:
            n = len(phrase.split())
            for i in range(len(tokens) - n + 1):
                if any(j in used for j in range(i, i + n)):
                    continue
                window = tokens[i:i + n]
                hit = " ".join(window) == phrase or (
                    n == 1 and not phrase.isascii() and phrase in _strip_particle(window[0]))
                if not hit:
                    continue
                if phrase.isascii() or phrase == _strip_particle(window[0]):
                    used.update(range(i, i + n))  # a Korean compound ("범죄스릴러") stays open for more genres
                target = f.exclude_genres if _negated(tokens, i, i + n) else f.genres
                for g in GENRE_WORDS[phrase]:
                    if g not in target:
                        target.append(g)
        f.genres = [g for g in f.genres if g not in f.exclude_genres]

    @staticmethod
    def _places(folded: str, tokens: list[str], f: Filters) -> None:
        for word, lang in LANGUAGE_WORDS.items():
            if re.search(rf"\b(in|spoken in) {word}\b|\b{word} (language|speaking|spoken)\b", folded) or (
                    not word.isascii() and word in folded):
                f.languages.append(lang) if lang not in f.languages else None
        for word, country in sorted(COUNTRY_WORDS.items(), key=lambda kv: -len(kv[0])):
            pattern = rf"\b{word}\b" if word.isascii() else word
            if re.search(pattern, folded) and country not in f.countries:
                if word.isascii() and re.search(rf"\b(in|spoken in) {word}\b|\b{word} (language|speaking)", folded):
                    continue  # a language, not a country
                if not word.isascii() and any(lw.startswith(word) and lw in folded for lw in LANGUAGE_WORDS):
                    continue  # "프랑스어" is the language
                if word in ("us", "english") and not re.search(rf"\b{word} (movie|film)s?\b", folded):
                    continue
                f.countries.append(country)

    @staticmethod
    def _years(folded: str, f: Filters) -> None:
        def decade(d: int) -> None:
            f.year_min, f.year_max = d, d + 9

        if m := re.search(rf"\bbetween {_YEAR} and {_YEAR}\b|\b{_YEAR}\s*(?:to|~)\s*{_YEAR}\b", folded):
            a, b = [int(x) for x in m.groups() if x]
            f.year_min, f.year_max = min(a, b), max(a, b)
        elif m := re.search(r"\b(1[89]\d0|20[0-4]0)\s*(?:s|년대)\b|(1[89]\d0|20[0-4]0)년대", folded):
            decade(int(m.group(1) or m.group(2)))
        elif m := re.search(r"(?:\b|')(\d0)\s*(?:s|년대)(?:\b|$)|(\d0)년대", folded):
            d = int(m.group(1) or m.group(2))
            decade(1900 + d if d >= 20 else 2000 + d)
        else:
            for word, d in (("twenties", 1920), ("thirties", 1930), ("forties", 1940), ("fifties", 1950),
                            ("sixties", 1960), ("seventies", 1970), ("eighties", 1980), ("nineties", 1990)):
                if word in folded:
                    decade(d)
        if m := re.search(rf"\b(?:after|since|from|post){' '}{_YEAR}\b|{_YEAR}\s*년?\s*(?:이후|부터)", folded):
            f.year_min = int(m.group(1) or m.group(2))
        if m := re.search(rf"\b(?:before|until|pre){' '}{_YEAR}\b|{_YEAR}\s*년?\s*(?:이전|까지)", folded):
            f.year_max = int(m.group(1) or m.group(2))
        if f.year_min is None and f.year_max is None:
            if m := re.search(rf"\bin {_YEAR}\b|{_YEAR}\s*년", folded):
                f.year_min = f.year_max = int(m.group(1) or m.group(2))
            elif re.search(r"\b(recent|new|newer|latest)\b|최신|최근", folded):
                f.year_min = 2009
            elif re.search(r"\b(classic|classics|old|golden age)\b|고전|옛날", folded):
                f.year_max = 1979

    @staticmethod
    def _runtime_and_quality(folded: str, f: Filters) -> None:
        if m := re.search(r"\b(?:under|less than|shorter than|at most|within|max|maximum|no longer than) "
                          r"(\d+(?:\s\d)?)\s*(hours?|hrs?|h|minutes?|mins?|m)\b", folded):
            value = float(m.group(1).replace(" ", "."))
            f.max_runtime = int(value * 60 if m.group(2).startswith("h") else value)
        elif m := re.search(r"(\d+(?:\s\d)?)\s*(시간|분)\s*(?:이내|이하|미만|안|짜리|정도)", folded):
            value = float(m.group(1).replace(" ", "."))
            f.max_runtime = int(value * 60 if m.group(2) == "시간" else value)
        elif re.search(r"\bshort\b|짧은", folded):
            f.max_runtime = 100
        if re.search(r"\b(acclaimed|highly rated|top rated|masterpiece|masterpieces|best)\b|명작|걸작|수작|평점 높은|평이 좋은",
                     folded):
            f.min_critic_score = 70

    @staticmethod
    def _people(text: str, tokens: list[str], names: NameIndex, f: Filters, notes: list[str], lang: str) -> None:
        original = fold(text).split()
        caps = {w.lower() for w in re.findall(r"\b[A-Z][\w'-]+", text)}
        used: set[int] = set()
        found: list[tuple[str, int, int]] = []
        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                if any(j in used for j in range(i, i + n)):
                    continue
                words = tokens[i:i + n]
                key = "".join(words)
                name = None
                if is_hangul(key):
                    if n <= 2:
                        stripped = _strip_particle(words[-1])
                        joined = "".join(words[:-1]) + stripped
                        name = KOREAN_NAME_ALIASES.get(joined) or (
                            names.korean(stripped) if n == 1 else None)
                elif n >= 2 and key in names.exact:
                    name = names.exact[key]
                elif n == 1 and key in names.surname and key not in STOPWORDS and words[0] in caps \
                        and key not in GENRE_WORDS and key not in COUNTRY_WORDS:
                    name = names.surname[key]
                if name:
                    used.update(range(i, i + n))
                    found.append((name, i, i + n))
        for name, i, j in found:
            context = " ".join(original[max(0, i - 3):j + 2])
            target = f.directors if names.role(name, context) == "director" else f.actors
            if name not in target:
                target.append(name)
        # Names the user clearly meant but the catalog doesn't know.
        known = {squash(n) for n in f.directors + f.actors}
        for m in re.finditer(r"\b(?:directed by|by|with|starring|director)\s+((?:[A-Z][\w'.-]+\s?){1,3})", text):
            who = m.group(1).strip()
            if squash(who) not in known and not any(squash(w) in known for w in who.split()) \
                    and fold(who) not in GENRE_WORDS and fold(who.split()[0]) not in STOPWORDS:
                notes.append(f"No director or actor named “{who}” is in the catalog."
                             if lang == "en" else f"“{who}”라는 감독이나 배우는 카탈로그에 없어요.")
        for m in re.finditer(r"([가-힣]{2,4})\s*(?:감독|배우)", text):
            if not any(n for n in f.directors + f.actors if names.korean(m.group(1)) == n):
                notes.append(f"“{m.group(1)}”라는 감독이나 배우를 카탈로그에서 찾지 못했어요."
                             if lang == "ko" else f"No director or actor named “{m.group(1)}” is in the catalog.")

    async def _titles(self, text: str, f: Filters, notes: list[str], lang: str) -> None:
        """"movies like Oldboy", "Oldboy 같은 영화", quoted titles: only exact catalog titles count."""
        phrases = re.findall(r"\b(?:like|similar to|such as)\s+([^,.!?;\"“”]+)", text, re.IGNORECASE)
        phrases += re.findall(r"([A-Za-z0-9][^가-힣,.!?]*?)\s*(?:같은|처럼|랑 비슷한|와 비슷한|과 비슷한)", text)
        quoted = re.findall(r"[\"“'‘]([^\"“”'’]{2,80})[\"”'’]", text)
        for phrase in phrases + quoted:
            words = phrase.split()
            for n in range(min(len(words), 8), 0, -1):
                candidate = " ".join(words[:n])
                hits = await self.catalog.find_titles(candidate, limit=3)
                exact = [m for m in hits if title_key(m.title) == title_key(candidate)]
                if exact:
                    if exact[0].title not in f.similar_to:
                        f.similar_to.append(exact[0].title)
                    break
            else:
                if phrase in quoted:
                    notes.append(f"“{phrase}” is not in the catalog, so I can't recommend it."
                                 if lang == "en" else f"“{phrase}”은(는) 카탈로그에 없는 영화예요.")
