"""Rule-based understanding: catalog vocabulary + English/Korean keyword rules, no LLM."""
from __future__ import annotations

import re
from functools import cache
from typing import Literal

from core.catalog.base import Catalog
from core.korean import display_title, particle
from core.korean import title as title_ko
from core.models import Filters
from core.understand.names import STOPWORDS, NameIndex, common_words, mood_words, strip_particle
from core.understand.people import Person, read_people
from core.understand.runtime import read_runtime
from core.understand.evidence import age_spans, capitalised_mid_sentence, clause_starts, excluded_spans, negated
from core.understand.genres import TOPICS, read_genres, read_gore, read_moods, read_topics
from core.text import fold, is_hangul, title_key
from core.understand.titles import Title, TitleIndex, TitleMatch
from core.understanding import Question, Understanding
from core.understand import impossible
from core.understand import intent as intents
from core.messages import text as msg
from core.understand.vocab import (ACCLAIM_PATTERN, AWARD_PATTERNS, COUNTRY_WORDS, DECADE_PARTS, DECADE_WORDS,
                                   GENRE_WORDS, KOREAN_LIKE_CUE, KOREAN_LIKE_PATTERN,
                                   LANGUAGE_WORDS, LIKE_PATTERN, QUESTION_PATTERN, SCOPE_ANSWER, TITLE_AFTER_PATTERN,
                                   TITLE_BEFORE_PATTERN)

RECOMMEND_WORDS = ("recommend", "suggest", "suggestion", "movie", "movies", "film", "films", "watch", "something",
                   "추천", "영화", "볼만한", "볼까", "보고싶", "보고 싶", "알려줘")
MAX_TITLE_PHRASES, MAX_TITLE_LOOKUPS = 4, 24
LOWERCASE_TITLE_QUALITY = 0.6  # an excluded film typed in lowercase is a well-known one (Titanic 0.86, The End 0.48)
PRONOUNS = frozenset("it them that this those these all everything every most him his em one ones".split())
_YEAR = r"(1[89]\d\d|20[0-4]\d)"


class OfflineUnderstander:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._names: NameIndex | None = None
        self._titles_index: TitleIndex | None = None
        self._end: int | None = None

    async def names(self) -> NameIndex:
        if self._names is None:
            stored = getattr(self.catalog, "stored_name_index", None)  # the SQLite catalog keeps one; ES does not
            self._names = (stored and await stored()) or NameIndex.build(await self.catalog.vocabulary())
        return self._names

    async def understand(self, text: str) -> Understanding:
        names = await self.names()
        language: Literal["ko", "en"] = "ko" if is_hangul(text) else "en"
        folded = fold(text)
        tokens = folded.split()
        f = Filters()
        notes: list[str] = []
        starts = clause_starts(text)
        read_genres(tokens, starts, f)
        positive = " ".join(t for i, t in enumerate(tokens) if not negated(tokens, i, i + 1, starts))
        self._places(positive, tokens, f)  # "영어 말고 한국어": the language named after 말고 is the one wanted
        if not f.languages and _NO_SUBTITLES.search(folded):  # "no subtitles": a film in the user's own language
            f.languages.append("Korean" if language == "ko" else "English")
        self._years(folded, f)
        self._runtime_and_quality(folded, f)
        self._awards(folded, f)
        f.moods = read_moods(folded, tokens, starts)
        read_gore(folded, tokens, starts, f)
        people = read_people(text, tokens, names, f, notes, language, await self.titles())
        named = await self._titles(text, f, notes, language)
        named = self._excluded_titles(text, tokens, starts, people, f, await self.titles()) or named
        read_topics(folded, tokens, starts, f, notes, language)
        f = Filters.model_validate(f)  # set field by field: validating bounds them (absurd numbers are dropped)
        missing = None if f.actors or f.directors or f.exclude_people else impossible.unknown_person(folded, _known_words(),
                                                                                  _plain_words())
        missing = None if missing and any(fold(missing) in fold(n) for n in notes) else missing
        intent, answer, question = await self._intent(text, folded, f, language, named or bool(missing))
        if intent != "recommend":  # a question or a greeting carries no filters ("how long is X" is no runtime)
            f, notes = Filters(), []
        else:
            end = await self.catalog_end()
            notes += impossible.year_notes(text, f, end, language) + impossible.studio_notes(text, language)
            if missing:  # "anything with zendaya": say the person is missing rather than show anything
                notes.append(msg("person_missing", language, name=missing, end=end))
        return Understanding(intent=intent, language=language, filters=f, notes=notes, answer=answer,
                             question=question)

    async def _intent(self, text: str, folded: str, f: Filters, language: Literal["ko", "en"],
                      named: bool = False) -> tuple[Literal["recommend", "other", "question"], str, Question | None]:
        """(intent, the short answer for "other", the movie question). A movie question counts only when its
        title slot names a catalog film; greetings, thanks and other media get their line; off-topic questions
        ("what is the capital of France?") get the scope answer, not French films."""
        index = await self.titles()
        asked = intents.questions(text)
        end = await self.catalog_end()
        for q in asked:
            if impossible.newer_film(q.title, index, end):  # answered with a note: not the older namesake
                return "question", "", Question(title=q.title, asks=q.asks)
            if index is not None and (index.match(q.title) or index.match(strip_particle(q.title))):
                title = q.title if index.match(q.title) else strip_particle(q.title)
                return "question", "", Question(title=title, asks=q.asks)
        if chat := intents.chat(text):
            return "other", msg(chat, language), None
        if intents.other_media(text, f.similar_to):
            return "other", msg("other_media", language), None
        movie_words = any(w in folded or w in text for w in RECOMMEND_WORDS)
        specific = bool(f.directors or f.actors or f.genres or f.exclude_genres or f.similar_to or f.moods
                        or f.oscar or f.min_runtime or f.max_runtime)
        if asked and not specific:  # "who directed Blorbo 3?": say the film is missing, not recommend
            return "question", "", Question(title=asked[0].title, asks=asked[0].asks)
        if re.search(QUESTION_PATTERN, folded) and not movie_words and not specific:
            return "other", SCOPE_ANSWER[language], None
        if movie_words or named or not f.is_empty():
            return "recommend", "", None
        return "other", SCOPE_ANSWER[language], None

    @staticmethod
    def _places(folded: str, tokens: list[str], f: Filters) -> None:
        def spoken(word: str) -> bool:  # "in french", "french-speaking", "english only", "only english"
            return bool(re.search(rf"\b(in|spoken in) {word}\b|\b{word} (language|speaking|spoken|only)\b|"
                                  rf"\bonly {word}\b(?! (?:movies?|films?|cinema|directors?|actors?))", folded))

        for word, lang in LANGUAGE_WORDS.items():
            if spoken(word) or (not word.isascii() and word in folded):
                f.languages.append(lang) if lang not in f.languages else None
        for word, country in sorted(COUNTRY_WORDS.items(), key=lambda kv: -len(kv[0])):
            pattern = rf"\b{word}\b" if word.isascii() else word
            if re.search(pattern, folded) and country not in f.countries:
                if word.isascii() and spoken(word):
                    continue  # a language, not a country
                if not word.isascii() and any(lw.startswith(word) and lw in folded for lw in LANGUAGE_WORDS):
                    continue  # "프랑스어" is the language
                if word in ("us", "english") and not re.search(rf"\b{word} (movie|film)s?\b", folded):
                    continue
                f.countries.append(country)

    @staticmethod
    def _years(folded: str, f: Filters) -> None:
        for a, b in age_spans(folded):  # "in his 70s", "I'm 25", "8살": an age, not a decade or a year
            folded = folded[:a] + " " * (b - a) + folded[b:]
        def decade(d: int, part: str | None = None) -> None:
            lo, hi = DECADE_PARTS.get(part or "", (0, 9))
            f.year_min, f.year_max = d + lo, d + hi

        part = r"(?:(early|mid|late|초반|중반|후반|초|말)\s*)?"
        if m := re.search(rf"\bbetween {_YEAR} and {_YEAR}\b|\b{_YEAR}\s*(?:to|~|-)\s*{_YEAR}\b", folded):
            a, b = [int(x) for x in m.groups() if x]
            f.year_min, f.year_max = min(a, b), max(a, b)
        elif m := re.search(rf"{part}\b(1[89]\d0|20[0-4]0)\s*(?:s\b|년대\s*(초반|중반|후반|초|말)?)", folded):
            decade(int(m.group(2)), m.group(1) or m.group(3))
        elif m := re.search(rf"{part}(?:\b|')(\d0)\s*(?:s\b|년대\s*(초반|중반|후반|초|말)?)", folded):
            d = int(m.group(2))
            decade(1900 + d if d >= 20 else 2000 + d, m.group(1) or m.group(3))
        elif m := re.search(rf"{part}\b(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
                            folded):
            decade(DECADE_WORDS[m.group(2)], m.group(1))
        folded = _negated_bounds(folded, f)
        # "after 2000" and "before 1970" are strict; "since", "from", "until" and Korean 이후/부터/까지 include the year.
        if m := re.search(rf"\b(after|since|from|post|newer than)\s{_YEAR}\b|{_YEAR}\s*년?\s*(이후|부터|以後)", folded):
            year = int(m.group(2) or m.group(3))
            f.year_min = year + 1 if m.group(1) in ("after", "post", "newer than") else year
        if m := re.search(rf"\b(before|until|pre|older than|up to)\s{_YEAR}\b|{_YEAR}\s*년?\s*(이전|까지)", folded):
            year = int(m.group(2) or m.group(3))
            f.year_max = year - 1 if (m.group(1) in ("before", "pre", "older than") or m.group(4) == "이전") else year
        if f.year_min is None and f.year_max is None:
            if m := re.search(rf"\b(?:in|from) {_YEAR}\b|{_YEAR}\s*년", folded):
                f.year_min = f.year_max = int(m.group(1) or m.group(2))
            elif re.search(r"\b(recent|newer|newest|latest|modern)\b|\bnew\b(?! (?:york|zealand|jersey|orleans|mexico|"
                           r"delhi|england|year|years|to|here|wave|world|hollywood))|최신|최근", folded):
                f.year_min = 2009
            elif re.search(r"\b(classic|classics|(?<!year )(?<!years )old|older|golden age|vintage|oldies)\b|"
                           r"고전|옛날|오래된", folded):
                f.year_max = 1979
        if re.search(ACCLAIM_PATTERN, folded):
            f.acclaimed = True

    @staticmethod
    def _runtime_and_quality(folded: str, f: Filters) -> None:
        read_runtime(folded, f)
        if re.search(r"\b(acclaimed|highly rated|top rated|masterpiece|masterpieces|best)\b|명작|걸작|수작|평점 높은|평이 좋은",
                     folded):
            f.min_critic_score = 70

    @staticmethod
    def _awards(folded: str, f: Filters) -> None:
        for pattern, value in AWARD_PATTERNS:
            if re.search(pattern, folded):
                f.oscar = value  # type: ignore[assignment]
                return

    async def titles(self) -> TitleIndex | None:
        """The fuzzy title index, when the catalog can list its titles (the SQLite catalog can)."""
        stored = getattr(self.catalog, "stored_title_index", None)
        if self._titles_index is None and stored:
            self._titles_index = await stored()
        if self._titles_index is None and hasattr(self.catalog, "titles"):
            index = TitleIndex.build(await self.catalog.titles())
            if hasattr(self.catalog, "aliases"):
                index.add_aliases(await self.catalog.aliases())
            self._titles_index = index
        return self._titles_index

    async def _titles(self, text: str, f: Filters, notes: list[str], lang: str) -> bool:
        """"movies like Oldboy", "I loved Inceptoin", "just rewatched fight club", "godfather 2 vibes",
        "올드보이 같은 영화", quoted titles -> similar_to. A film newer than the catalog that shares its title with
        an older one ("parasite", "dune (2021)") gets a note, not the older film. True when a film was named."""
        index = await self.titles()
        end = await self.catalog_end()
        budget = MAX_TITLE_LOOKUPS  # a message full of quoted phrases must not cost seconds
        quoted = re.findall(r"[\"“‘]([^\"“”‘’]{2,80})[\"”’]", text) + re.findall(
            r"(?:^|\s)'([^']{2,80})'(?=\s|$|[.,!?])", text)  # 'single quotes', not apostrophes
        latin = (re.findall(LIKE_PATTERN, text, re.IGNORECASE) + quoted
                 + re.findall(TITLE_AFTER_PATTERN, text, re.IGNORECASE))
        before = [a or b for a, b in re.findall(TITLE_BEFORE_PATTERN, text, re.IGNORECASE)]  # title ends it
        korean = [p.strip() for p in re.findall(KOREAN_LIKE_PATTERN, text)] if re.search(KOREAN_LIKE_CUE, text) else []
        caps = {w for w in re.findall(r"\b[A-Z][\w'-]*", text)}
        named = False
        whole = [text.strip(" ?!.")] if (f.is_empty() and not latin + before + korean
                                         and len(text.split()) <= 6 and not is_hangul(text)) else []
        for phrase in list(dict.fromkeys(latin + before + korean + whole))[:MAX_TITLE_PHRASES]:
            words = phrase.split()
            tail = is_hangul(phrase) or phrase in before
            candidates = [" ".join(words[-n:] if tail else words[:n]) for n in range(min(len(words), 8), 0, -1)]
            if not tail and phrase not in quoted and words and fold(words[0]) in PRONOUNS and words[0] not in caps:
                # "i've seen them all", "loved it": a pronoun refers back and names no film ("Them!"), unless it
                # opens a longer title ("loved all about eve")
                candidates = [c for c in candidates if len(c.split()) >= 3]
            candidates = [c for c in candidates if is_hangul(c) or not _generic(c, caps)]
            if phrase in whole:  # a bare message is a title only as a whole ("godfather 2", "barbie 2023")
                candidates = candidates[:1]
            newer = next((hit for c in candidates[:4] if (hit := impossible.newer_film(c, index, end))), None)
            if newer:  # "movies like parasite": the 2019 film, not the 1982 one the catalog has
                notes.append(impossible.title_note(phrase, *newer, end=end, language=lang))
                named = True
                continue
            match = None
            for candidate in candidates:
                if budget <= 0:
                    return named
                budget -= 1
                numbered = index is not None and re.search(r" \d$", candidate)  # "back to the future 2": Part II,
                match = (index.partial(candidate) if numbered and index else None) or await self._title(
                    index, candidate)  # not the fuzzy-close first film
                if not match and is_hangul(candidate):  # "인셉션이랑", "올드보이를"
                    match = await self._title(index, strip_particle(candidate))
                if not match and index is not None and not is_hangul(candidate):
                    # "se7en", "lotr fellowship"; then "shawshank", "godfather 2", "no country", "spotless mind"
                    match = index.alias(candidate) or index.partial(candidate)
                if match:
                    break
            if match and (typed := re.search(r"\(?\b(1[89]\d\d|20\d\d)\b\)?", phrase)) and match.best.year and abs(
                    int(typed.group(1)) - match.best.year) > 1:  # "dune (2021)": the catalog's Dune is 1984
                named = True
                if int(typed.group(1)) > end:
                    notes.append(impossible.title_note(phrase, match.best.title, int(typed.group(1)), match.best,
                                                       end=end, language=lang))
                    continue
            if match:
                named = True
                if match.best.title not in f.similar_to:
                    f.similar_to.append(match.best.title)
                _drop_people_inside(match.best.title, text, f)
                if match.corrected and lang == "en":
                    notes.append(f"I took “{phrase.strip()}” to mean {match.best.label}.")
                elif match.corrected:
                    best = match.best
                    movie = (await self.catalog.get_many([best.id])).get(best.id)
                    shown = f"《{display_title(movie) if movie else title_ko(best.title)}》" + (
                        f"({best.year})" if best.year else "")
                    notes.append(f"“{phrase.strip()}” → {particle(shown, '으로/로')} 찾았어요.")
            elif phrase in quoted:
                notes.append(f"“{phrase}” is not in the catalog, so I can't recommend it."
                             if lang == "en" else f"{particle(f'“{phrase}”', '은/는')} 카탈로그에 없는 영화예요.")
        return named

    @staticmethod
    def _excluded_titles(text: str, tokens: list[str], starts: set[int], people: list[Person], f: Filters,
                         index: TitleIndex | None) -> bool:
        """"but not titanic", "except The Shining", "besides Heat", "설국열차 빼고", "인셉션 말고" -> exclude_titles.
        A span is a film only when it is exactly a catalog title (or a known Korean or short title), names no
        person, is not all plain words ("no romance") and has evidence: a cue that names films or a word the user
        capitalised ("no Aliens")."""
        if index is None:
            return False
        caps = capitalised_mid_sentence(text) | {fold(q) for q in re.findall(r"[\"“‘']([^\"“”‘’']{2,80})[\"”’']", text)}
        taken = {i for p in people for i in range(p.start, p.end)}
        done: set[int] = set()
        found = False
        for start, end, strong in excluded_spans(tokens, starts):
            span = range(start, end)
            if taken.intersection(span) or done.intersection(span):
                continue
            words = tokens[start:end]
            phrase = " ".join(words)
            if all(_plain(strip_particle(w) if is_hangul(w) else w) for w in words):
                continue
            marked = is_hangul(phrase) or any(w in caps for w in words) or phrase in caps
            if not (strong or marked) or (end < len(tokens) and tokens[end] == "of"):
                continue  # "but not a fan of ...": the head of a longer phrase, not "The Fan"
            match = index.match(phrase, fuzzy=False) or (
                index.match(" ".join(words[:-1] + [strip_particle(words[-1])]), fuzzy=False) if is_hangul(
                    words[-1]) else index.alias(phrase))
            if match and (marked or match.best.quality >= LOWERCASE_TITLE_QUALITY):  # "except the end": no film
                done.update(span)
                found = True
                if match.best.title not in f.exclude_titles:
                    f.exclude_titles.append(match.best.title)
        return found

    async def catalog_end(self) -> int:
        """The catalog's last year (2014 for the embedded one), for notes on what it cannot have."""
        if self._end is None:
            index = await self.titles()
            self._end = impossible.catalog_end(index)
            if index is not None:  # the lookups the first request would otherwise build: startup, not a user, waits
                index.affixes()
                impossible.newer_film("", index, self._end)
                _known_words()
        return self._end

    async def _title(self, index: TitleIndex | None, candidate: str) -> TitleMatch | None:
        if index is not None:
            return index.match(candidate)
        hits = await self.catalog.find_titles(candidate, limit=3)  # backends without a title list: exact only
        exact = [m for m in hits if title_key(m.title) == title_key(candidate)]
        return TitleMatch(Title(exact[0].id, exact[0].title, exact[0].year, 0.0), [], False) if exact else None


_NO_SUBTITLES = re.compile(r"\b(?:no|without|zero|hate|hates|not|don t want|dont want|can t read|cant read) "
                           r"(?:any |reading |to read |read )?(?:subtitles|subs|subtitled)\b|\bsubtitle free\b|"
                           r"자막\s*(?:없|싫|안 읽|읽기 싫|보기 싫|말고|빼고|노노)")
_NOT = r"\b(?:nothing|not|no|none|never|anything but)(?: (?:made|released|filmed|shot|from|that s|that is|its|it s|"
_NOT += r"anything|movies?|films?|stuff))*"
_OLDER = re.compile(rf"{_NOT} (?:older than|before|earlier than|prior to|pre) {_YEAR}\b|"
                    rf"{_YEAR}\s*년?\s*(?:이전|전)(?:에)?\s*(?:건|거|것|영화|작품|영화는)?\s*(?:말고|빼고|제외|싫|별로|노노|사절)")
_NEWER = re.compile(rf"{_NOT} (?:newer than|after|later than|past|more recent than) {_YEAR}\b|"
                    rf"{_YEAR}\s*년?\s*(?:이후|후)(?:에)?\s*(?:건|거|것|영화|작품|영화는)?\s*(?:말고|빼고|제외|싫|별로|노노|사절)")


def _negated_bounds(folded: str, f: Filters) -> str:
    """"nothing older than 2000" is from 2000 on, "nothing after 2005" up to 2005, "2000년 이전 건 빼고" from 2000:
    the year is kept (it was not excluded). Returns the text with those phrases blanked for the other rules."""
    for pattern, field in ((_OLDER, "year_min"), (_NEWER, "year_max")):
        for m in pattern.finditer(folded):
            korean_since = field == "year_max" and m.group(2)  # 이후 includes its year: "2010년 이후 말고" ends 2009
            setattr(f, field, int(m.group(1) or m.group(2)) - (1 if korean_since else 0))
            folded = folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
    return folded


@cache
def _plain_words() -> frozenset[str]:
    """Stopwords, genre and mood words: never part of a name."""
    return frozenset({w for phrase in GENRE_WORDS for w in phrase.split()} | set(mood_words()) | set(STOPWORDS))


@cache
def _known_words() -> frozenset[str]:
    """Lower-case words that are not surnames: catalog title words and the plain words."""
    return frozenset(common_words() | _plain_words())


def _plain(word: str) -> bool:
    """A stopword, genre, mood or topic word: "no romance", "nothing sad", "공포 말고" name no film."""
    return word in _plain_words() or word in TOPICS


def _drop_people_inside(title: str, text: str, f: Filters) -> None:
    """"I love Toy Story": a name matched on a word of the title the user named (Tim Story) is no person filter,
    unless the user wrote that person's full name."""
    words, typed = set(title_key(title).split()), fold(text)
    for people in (f.directors, f.actors):
        for name in list(people):
            parts = fold(name).split()
            if parts and parts[-1] in words and fold(name) not in typed:
                people.remove(name)


def _generic(candidate: str, caps: set[str]) -> bool:
    """"like a comedy", "like something funny": not a title unless the user capitalised it ("like Her")."""
    words = fold(candidate).split()
    if not words:
        return True
    plain = all(w in STOPWORDS or w in GENRE_WORDS or w in mood_words() for w in words)
    return plain and not any(w in caps for w in candidate.split())

