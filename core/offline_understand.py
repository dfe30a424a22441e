"""Rule-based understanding: catalog vocabulary + English/Korean keyword rules, no LLM."""
from __future__ import annotations

import re

from core.catalog.base import Catalog
from core.models import Filters
from core.names import STOPWORDS, NameIndex, strip_particle
from core.text import fold, is_hangul, squash, title_key
from core.understanding import Understanding
from core.vocab import COUNTRY_WORDS, GENRE_WORDS, LANGUAGE_WORDS, NEGATIONS

RECOMMEND_WORDS = ("recommend", "suggest", "suggestion", "movie", "movies", "film", "films", "watch", "something",
                   "추천", "영화", "볼만한", "볼까", "보고싶", "보고 싶", "알려줘")
MAX_TITLE_PHRASES, MAX_TITLE_LOOKUPS = 3, 8
_GENRE_PHRASES = sorted(GENRE_WORDS, key=len, reverse=True)  # longer phrases first: "science fiction" before "fiction"
_YEAR = r"(1[89]\d\d|20[0-4]\d)"


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
        f = Filters.model_validate(f)  # set field by field: validating bounds them (absurd numbers are dropped)
        wants = any(w in folded or w in text for w in RECOMMEND_WORDS)
        intent = "recommend" if wants or not f.is_empty() else "other"
        return Understanding(intent=intent, language=language, filters=f, notes=notes)

    # -- genres, with negation: "no horror", "공포 빼고"
    @staticmethod
    def _genres(tokens: list[str], f: Filters) -> None:
        stripped = [strip_particle(t) if is_hangul(t) else t for t in tokens]  # once per token, not per phrase
        starts: dict[str, list[int]] = {}
        for i, t in enumerate(tokens):
            starts.setdefault(t, []).append(i)
        hangul = [i for i, t in enumerate(tokens) if is_hangul(t)]
        used: set[int] = set()
        for phrase in _GENRE_PHRASES:
            parts = phrase.split()
            n = len(parts)
            # Only the positions where the phrase can start: an index lookup, not a scan per phrase.
            places = hangul if n == 1 and not phrase.isascii() else starts.get(parts[0], [])
            for i in places:
                if i + n > len(tokens) or any(j in used for j in range(i, i + n)):
                    continue
                window = tokens[i:i + n]
                hit = " ".join(window) == phrase or (n == 1 and not phrase.isascii() and phrase in stripped[i])
                if not hit:
                    continue
                if phrase.isascii() or phrase == stripped[i]:
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
            f.max_runtime = value * 60 if m.group(2).startswith("h") else value  # type: ignore[assignment]
        elif m := re.search(r"(\d+(?:\s\d)?)\s*(시간|분)\s*(?:이내|이하|미만|안|짜리|정도)", folded):
            value = float(m.group(1).replace(" ", "."))
            f.max_runtime = value * 60 if m.group(2) == "시간" else value  # type: ignore[assignment]
        elif re.search(r"\bshort\b|짧은", folded):
            f.max_runtime = 100
        if re.search(r"\b(acclaimed|highly rated|top rated|masterpiece|masterpieces|best)\b|명작|걸작|수작|평점 높은|평이 좋은",
                     folded):
            f.min_critic_score = 70

    @staticmethod
    def _people(text: str, tokens: list[str], names: NameIndex, f: Filters, notes: list[str], lang: str) -> None:
        matches = names.find(text)
        for m in matches:
            role = names.role(m.name, tokens[:m.start], tokens[m.end:])
            target = f.directors if role == "director" else f.actors
            if m.name not in target:
                target.append(m.name)
            if m.corrected:
                notes.append(f"I read “{m.typed}” as {m.name}." if lang == "en"
                             else f"“{m.typed}” → {m.name} 님으로 알아들었어요.")
        # Names the user clearly meant but the catalog doesn't know: only when no part of them was resolved.
        resolved = {w for m in matches for w in tokens[m.start:m.end]}
        unknown = [m.group(1).strip() for m in re.finditer(
            r"\b(?:directed by|by|with|starring|director)\s+((?:[A-Z][\w'.-]+\s?){1,3})", text)]
        unknown = [w for w in unknown if not set(fold(w).split()) & resolved and fold(w) not in GENRE_WORDS
                   and fold(w).split()[0] not in STOPWORDS]
        unknown += [m.group(1) for m in re.finditer(r"([가-힣]{2,4})\s*(?:감독|배우)", text)
                    if not names.korean(m.group(1)) and strip_particle(m.group(1)) not in resolved]
        for who in dict.fromkeys(unknown):
            notes.append(f"No director or actor named “{who}” is in the catalog." if lang == "en"
                         else f"“{who}”라는 감독이나 배우를 카탈로그에서 찾지 못했어요.")

    async def _titles(self, text: str, f: Filters, notes: list[str], lang: str) -> None:
        """"movies like Oldboy", "Oldboy 같은 영화", quoted titles: only exact catalog titles count."""
        phrases = re.findall(r"\b(?:like|similar to|such as)\s+([^,.!?;\"“”]+)", text, re.IGNORECASE)
        if re.search(r"같은|처럼|비슷한", text):  # the lazy pattern backtracks: run it only when it can match
            phrases += re.findall(r"([A-Za-z0-9][^가-힣,.!?]{0,80}?)\s*(?:같은|처럼|랑 비슷한|와 비슷한|과 비슷한)", text)
        quoted = re.findall(r"[\"“'‘]([^\"“”'’]{2,80})[\"”'’]", text)
        budget = MAX_TITLE_LOOKUPS  # a message full of quoted phrases must not cost seconds of catalog scans
        for phrase in list(dict.fromkeys(phrases + quoted))[:MAX_TITLE_PHRASES]:
            words = phrase.split()
            for n in range(min(len(words), 8), 0, -1):
                if budget <= 0:
                    return
                budget -= 1
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
