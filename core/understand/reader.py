"""Rule-based understanding: catalog vocabulary + English/Korean keyword rules, no LLM."""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import Literal

from core.catalog.base import Catalog
from core.korean import display_title, particle
from core.korean import title as title_ko
from core.models import Filters
from core.understand.names import STOPWORDS, NameIndex, common_words, mood_words, strip_particle
from core.understand.people import Person, known_names, read_people
from core.understand.runtime import DURATION, read_runtime, runtime_fold
from core.understand.evidence import (LIST_JOINS_KO, MAX_TITLE_WORDS, SERIES_WORDS, age_spans,
                                      capitalised_mid_sentence, clause_starts, excluded_spans, life_event_spans,
                                      negated)
from core.understand.genres import TOPICS, fix_typos, read_genres, read_gore, read_moods, read_topics
from core.text import fold, is_hangul, title_key
from core.understand.titles import Title, TitleIndex, TitleMatch
from core.understanding import Question, Understanding
from core.understand import impossible, made_by
from core.understand import intent as intents
from core.messages import text as msg
from core.understand.vocab import (ACCLAIM_PATTERN, AWARD_PATTERNS, COUNTRY_WORDS, SPOKEN, DECADE_PARTS, DECADE_WORDS,
                                   GENRE_WORDS, KOREAN_LIKE_CUE, KOREAN_LIKE_PATTERN, LIKED_WORDS, SEEN_PATTERN,
                                   LANGUAGE_WORDS, LIKE_PATTERN, MORE_LIKE_CUE, NOT_A_TITLE_START, PRAISE_PATTERN, QUESTION_PATTERN, SCOPE_ANSWER, TITLE_AFTER_PATTERN,
                                   TITLE_BEFORE_PATTERN)

RECOMMEND_WORDS = ("recommend", "suggest", "suggestion", "movie", "movies", "film", "films", "watch", "something",
                   "추천", "영화", "볼만한", "볼까", "보고싶", "보고 싶", "알려줘")
MAX_TITLE_PHRASES, MAX_TITLE_LOOKUPS = 4, 24
SERIES_LOOKUP = 30  # catalog films whose titles hold an excluded series' words, best known first
LIST_JOINS_EN = ("or", "and", "nor", "&")
log = logging.getLogger(__name__)
FAMOUS_TOPIC_TITLE = 0.8  # "alien vibes" is Alien (0.88); "heist vibes" is no Heist (0.64)
LOWERCASE_TITLE_QUALITY = 0.6  # an excluded film typed in lowercase is a well-known one (Titanic 0.86, The End 0.48)
PRONOUNS = frozenset("it them that this those these all everything every most him his em one ones".split())
_YEAR = r"(1[89]\d\d|20[0-4]\d)"
# A decade with a direction: "2000년대 이후", "the 90s onwards", "2000s or later"; "since/after/before the 80s".
_DECADE_ON = re.compile(r"^\s*(?:이후|부터|以後|이상|on\b|onwards?\b|and (?:later|newer|after|beyond|up)\b|"
                        r"or (?:later|newer|after)\b|plus\b|and on\b)")
_SINCE = re.compile(r"\bsince (?:the )?$")
_DECADE_AFTER = re.compile(r"\b(?:after|post|newer than) (?:the )?$")
_DECADE_BEFORE = re.compile(r"\b(?:before|pre|older than) (?:the )?$")
_DECADE_BEFORE_KO = re.compile(r"^\s*(?:이전|以前)")
_DECADE_UNTIL = re.compile(r"\b(?:until|till|up to|up through|through) (?:the )?(?:end of the )?$")
_DECADE_UNTIL_KO = re.compile(r"^\s*까지")
# "new" is about the film only next to a film word ("new horror movies", "something new"), not "a new job".
_GENRE_ALT = "|".join(re.escape(g) for g in sorted(GENRE_WORDS, key=len, reverse=True) if g.isascii())
_NEW = re.compile(rf"\bnew(?:ish)? (?:(?:{_GENRE_ALT}) )?(?:movies?|films?|flicks?|ones?|stuff|releases?|titles?)\b|"
                  r"\b(?:something|anything|stuff|ones|movies|films|but|more) new(?:ish)?\b|\bnew(?:ish)?$")


_DECADE = r"(?:'|\b)((?:19|20)?\d0)s?"
_DECADES = re.compile(rf"{_DECADE}(?:\s*년대)?\s*(?:to|through|thru|till|until|-|~|and|or|부터|에서)\s*(?:the\s+)?{_DECADE}"
                      r"(?:s\b|\s*년대)")
# A parenthesis that says which film was meant: "(the pacino/de niro one)", "(the gosling one, not the old one)".
_DESCRIBED = re.compile(r"\s*\((?:the |that )?[^()]{0,60}?\b(?:one|version|remake|original)\b[^()]{0,40}\)")
# "like amelie? the french one w audrey tautou": after a like-X title, which film it is, not a country or a cast filter
_DESCRIBED_TAIL = re.compile(r"(?<=[?,;:.!])\s*(?:the|that)\s+[^.,!?;()]{1,30}?\bone\b"
                             r"(?:\s+(?:with|w/?|starring|where|about|from)\b[^.!?;]{0,60})?", re.IGNORECASE)
_NOT_ACCLAIM = re.compile(r"\b(?:in the best (?:possible )?way|all the best|best wishes|best friends?|at best|"
                          r"do(?:ing)? (?:my|your|our|their) best|my best guess|"
                          # "the classic combo", "classic me": a pairing or a habit, not the films' standing
                          r"classic (?:combo|combination|duo|pair|pairing|team ?up|partnership|double act|trio|"
                          r"move|mistake|case|example|me|him|her|them|us|line|excuse))\b")
# "old hollywood", "the golden age of hollywood": an era of American film, read as a year bound, not as a country
_HOLLYWOOD_ERA = re.compile(r"\b(?:old|classic|golden age of|golden era of|vintage|old school|studio era) hollywood\b")
HOLLYWOOD_ERA_END = 1969
# "classic Arnie, the cheesier the better", "so bad it's good": the user asks for fun trash, not acclaim.
_TRASH = re.compile(r"\b(?:chees(?:e|y|ier|iest)|trash(?:y|ier)?|campy|camp classics?|so bad (?:it s|its|they re|that "
                    r"it s) good|guilty pleasures?|b movies?|schlock(?:y)?|dumb fun|brainless)\b|병맛|싸구려|\bb ?급")
_LIKE_BEFORE = re.compile(r"\b(?:like|similar|close to)\b", re.IGNORECASE)
_KOREAN_INTENSIFIERS = r"(?:\s+(?:진짜|정말|너무|완전|엄청|되게|넘|진심|레알|ㄹㅇ|찐으로|참|아주|제일|젤))+$"
_ARTICLE_FOLD = re.compile(r"^(?:the|a|an) ")
RECENT_FROM = 2009  # "something recent", "new movies": the catalog's last few years
NOT_OLD_FROM = 1990  # "nothing too old": not the newest either, just not old
_NOT_OLD = re.compile(r"\b(?:not|nothing|no|none|never|isn t|aren t|don t want|dont want|without)(?: \w+){0,2} "
                      r"(?:too |that |very |super |really )?(?:old|older|dated|vintage|ancient)\b|"
                      r"(?:오래된|옛날|고전)\s*(?:건|거|것|영화|작품)?\s*(?:은|는)?\s*(?:말고|빼고|싫|별로|아닌|노노|말구|제외)")


# "비슷한 거", "그런 느낌": a Korean "more like that" that refers back to a film named earlier in the message.
_KOREAN_MORE_LIKE = re.compile(r"비슷한|(?:그런|이런|그|저런) ?(?:느낌|분위기|스타일|류|계열|감성|결)(?:의|인|으로|로)? ?(?:영화|거|것|작품)")


# "인셉션은 이미 봤어", "매트릭스 벌써 봤는데": a film seen, to leave out, not a seed.
_KOREAN_SEEN = re.compile(r"([^,.!?\n]{1,40}?)\s*(?:이미|벌써|예전에|옛날에)\s*(?:다\s*)?봤")
# "설국열차밖에 못 봤는데", "올드보이만 봤어요": the only film seen of those asked for, to leave out
_KOREAN_ONLY_SEEN = re.compile(r"([^,.!?\n]{1,40}?)(?:(?<![번회편])(?:밖에|만)\s*(?:안|못)?\s*봤|"  # not "한 번만 봤는데"
                               r"\s*(?:다\s*)?봤(?:으니까|으니깐|으니|잖아)|"  # "인셉션은 봤으니까"
                               r"\s*(?:다\s*)?봤(?:고|는데|어|어요|음)\s*(?:그거\s*)?(?:말고\s*)?다른(?![^.!?]*(?:비슷|같은|느낌)))")


_WISH = re.compile(r"([^,.!?\n]{1,40}?)\s*(?:보고\s*싶|볼래|보려고|보러)|\b(?:want to|wanna|gonna|going to|would like to|"
                   r"d like to|dying to|need to)\s+(?:watch|see|rewatch)\s+([^.,!?;]{1,60})", re.IGNORECASE)


def _wished(text: str) -> list[str]:
    """The words before "보고 싶어" or after "want to watch": a film the user wants to watch."""
    return [(a or b).strip() for a, b in _WISH.findall(text) if (a or b).strip()]


_NOT_A_LIST_ITEM = frozenset("other others another anything something more".split())  # "seen X, other kubrick?"
_TIMES = re.compile(r"\blike\s+(?:\d+|a|an|a few|a million|a hundred|a thousand|a dozen|one|two|three|four|five|six|"
                    r"seven|eight|nine|ten|twenty|fifty|100)\s+(?:\w+\s+)?times\b", re.IGNORECASE)


# After a question about a film, a request for more of it: "want more zombie stuff like it", "any others like that".
_MORE_AFTER = re.compile(r"\bmore\b[^.?!]{0,40}?\b(?:like|similar to) (?:it|that|this|them)\b|\bsimilar\b|"
                         r"비슷한|같은 (?:거|영화|작품)|(?:더|다른 거) 추천")


def _more_after_question(text: str) -> bool:
    """Whether the words after the first question mark ask for more films like the one asked about."""
    _, mark, after = text.partition("?")
    return bool(mark) and bool(_MORE_AFTER.search(after) or re.search(MORE_LIKE_CUE, after, re.IGNORECASE))


def _described_year(m: re.Match[str]) -> str:
    """The description goes; a year in it stays as the title's year ("titanic (the 1997 one)" -> "titanic (1997)")."""
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", m.group(0))
    return f" ({year.group(1)})" if year else " "


def _decade_of(digits: str) -> int:
    """"80" -> 1980, "10" -> 2010, "1970" -> 1970."""
    d = int(digits)
    return d if d >= 100 else 1900 + d if d >= 20 else 2000 + d


class OfflineUnderstander:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._names: NameIndex | None = None
        self._titles_index: TitleIndex | None = None
        self._span: tuple[int, int] | None = None

    async def names(self) -> NameIndex:
        if self._names is None:
            stored = getattr(self.catalog, "stored_name_index", None)  # the SQLite catalog keeps one; ES does not
            self._names = (stored and await stored()) or NameIndex.build(await self.catalog.vocabulary())
        return self._names

    async def understand(self, text: str) -> Understanding:
        names = await self.names()
        text = re.sub(r"([A-Za-z])([가-힣])", r"\1 \2", text)  # "exciting한 거", "thriller로": the word, then Korean
        text = fix_typos(text)  # "a good comdy", "horor movies pls"
        text = _DESCRIBED.sub(_described_year, text)  # "heat (the pacino/de niro one)": which film, not a filter
        text = _DESCRIBED_TAIL.sub(lambda m: _described_year(m) if _LIKE_BEFORE.search(text[:m.start()]) else m.group(0),
                                   text)
        language: Literal["ko", "en"] = "ko" if is_hangul(text) else "en"
        folded = fold(text)
        tokens = folded.split()
        f = Filters()
        notes: list[str] = []
        starts = clause_starts(text)
        read_genres(tokens, starts, f)
        positive = " ".join(t for i, t in enumerate(tokens) if not negated(tokens, i, i + 1, starts))
        self._places(positive, tokens, f)  # "영어 말고 한국어": the language named after 말고 is the one wanted
        if "Animation" in f.genres and "Japan" in f.countries and not f.languages:
            f.languages.append("Japanese")  # "japanese animation", "일본 애니": anime, not a US film co-made in Japan
        if not f.languages and _NO_SUBTITLES.search(folded):  # "no subtitles": a film in the user's own language
            f.languages.append("Korean" if language == "ko" else "English")
        self._years(folded, f)
        self._runtime_and_quality(runtime_fold(text), f)  # "100-130 min" stays a range
        self._awards(tokens, starts, f)
        f.moods = read_moods(folded, tokens, starts, f)
        read_gore(folded, tokens, starts, f)
        people, unknown = read_people(text, tokens, names, f, notes, language, await self.titles())
        named = await self._titles(text, f, notes, language, tuple(fold(p.typed) for p in people))
        named = await self._asked_film(text, f) or named
        if named and (f.countries or f.languages):
            self._drop_places_in_titles(positive, f)
        if film := await self._made_by(text, f):  # "by the guy who made memento": that film's director
            named = named or "film"
            notes = [n for n in notes if not any(f"“{u}”" in n for u in unknown if u in film)]
            unknown = [u for u in unknown if u not in film]
        excluded, series = self._excluded_titles(text, tokens, starts, people, f, await self.titles())
        if excluded:
            named = named or "film"
            await self._series_films(series, f)
        years_text = re.sub(r"\((?:19|20)\d\d\)", " ", text) if named else text  # "Dune (2021)": a title's year
        read_topics(folded, tokens, starts, f, notes, language)
        f = Filters.model_validate(f)  # set field by field: validating bounds them (absurd numbers are dropped)
        missing = None if f.actors or f.directors or f.exclude_people else impossible.unknown_person(folded, _known_words(),
                                                                                  _plain_words())
        missing = None if missing and any(fold(missing) in fold(n) for n in notes) else missing
        forgotten = impossible.forgotten_title(folded)  # a plot told for a film the user can't name
        if forgotten:
            f.similar_to, named = [], ""  # "saw as a kid, there was a girl...": the story's words are no title
            f.directors, f.actors = ([n for n in names_ if fold(n) in folded]  # "the dog waits" names no Tom Waits
                                     for names_ in (f.directors, f.actors))
        studio = impossible.studio(text)  # "anything from studio ghibli": a request, though the catalog has no studio
        intent, answer, question = await self._intent(text, folded, f, language,
                                                      bool(named or missing or unknown or studio), notes)
        if forgotten and intent != "recommend":  # "what's that movie where the dog waits...": not a film question
            intent, answer, question = "recommend", "", None
        lean: impossible.Lean = None
        if intent != "recommend":  # a question or a greeting carries no filters ("how long is X" is no runtime)
            f, notes = Filters(), []
        else:
            start, end = await self.catalog_span()
            year_notes, lean = impossible.year_notes(years_text, f, end, language, start=start,
                                                     newest=named != "newer")  # "최신 듄": that film is the newest
            notes += year_notes + impossible.studio_notes(text, language, f)
            if forgotten:
                notes.insert(0, msg("plot_search", language))
            if missing:  # "anything with zendaya": say the person is missing rather than show anything
                notes.append(msg("person_missing", language, name=missing, end=end))
            if (missing or unknown) and f.is_empty():  # only a missing person was asked for: the note, no picks
                log.info("only a person the catalog lacks was asked for: %s", missing or unknown)
                return Understanding(intent="other", language=language, filters=Filters(), notes=[],
                                     answer=" ".join(notes), question=None)
        return Understanding(intent=intent, language=language, filters=f, notes=notes, answer=answer,
                             question=question, lean=lean)

    async def _intent(self, text: str, folded: str, f: Filters, language: Literal["ko", "en"],
                      named: bool = False, notes: list[str] | None = None
                      ) -> tuple[Literal["recommend", "other", "question"], str, Question | None]:
        """(intent, the short answer for "other", the movie question). A movie question counts only when its
        title slot names a catalog film; greetings, thanks and other media get their line; off-topic questions
        ("what is the capital of France?") get the scope answer, not French films."""
        index = await self.titles()
        asked = intents.questions(text)
        end = await self.catalog_end()
        asked = [q for q in asked if fold(q.title) not in PRONOUNS]  # "is it any good": no film "It"
        more = _more_after_question(text)
        for q in asked:
            if newer := impossible.newer_film(q.title, index, end):  # answered with a note: not the older namesake
                if more and notes is not None:  # "is train to busan any good? want more zombie stuff like it"
                    note = impossible.title_note(q.title, *newer, end=end, language=language)
                    notes[:] = [note] + [n for n in notes if n != note]
                    return "recommend", "", None
                return "question", "", Question(title=q.title, asks=q.asks)
            match = index.match(q.title) if index is not None else None
            title = q.title
            if match is None and index is not None and (match := index.match(strip_particle(q.title))):
                title = strip_particle(q.title)
            if match is None and index is not None and not q.loose and not is_hangul(q.title) and " " in q.title:
                match = index.alias(q.title) or index.partial(q.title)  # "how long is return of the king"
                title = match.best.title if match else title
            if match is not None and more and q.asks == "other" and match.best.title in f.similar_to:
                return "recommend", "", None  # "is alien any good? want more like it": seeded in `_asked_film`
            if match is not None:
                if is_hangul(title) and re.search(r"[1-9]\s*(?:편|탄)?$", title):  # "반지의 제왕 1편": that entry's
                    title = match.best.title  # catalog title, which the answer looks up
                return "question", "", Question(title=await self._which_film(title, match, q.rest, f), asks=q.asks)
        if chat := intents.chat(text):
            return "other", msg(chat, language), None
        service = impossible.streaming(text)
        if service and re.match(r"(is|are|does|do|can|could|will)\b|.*(?:있어|있나|있음|나와)\s*\?*$", folded):
            return "other", msg("streaming_question", language, service=service), None  # "is inception on netflix?"
        if intents.other_media(text, f.similar_to):
            return "other", msg("other_media", language), None
        movie_words = (any(w in folded or w in text for w in RECOMMEND_WORDS) or intents.wants_picks(text)
                       or impossible.asks_newest(text) or service is not None)
        specific = bool(f.directors or f.actors or f.genres or f.exclude_genres or f.similar_to or f.moods
                        or f.oscar or f.min_runtime or f.max_runtime)
        strict = [q for q in asked if not q.loose]
        if strict and not specific:  # "who directed Blorbo 3?": say the film is missing, not recommend
            return "question", "", Question(title=strict[0].title, asks=strict[0].asks)
        if re.search(QUESTION_PATTERN, folded) and not movie_words and not specific:
            return "other", SCOPE_ANSWER[language], None
        if movie_words or named or not f.is_empty():
            return "recommend", "", None
        return "other", SCOPE_ANSWER[language], None

    async def _which_film(self, title: str, match: TitleMatch, rest: str, f: Filters) -> str:
        """The row a question means among films sharing its title: the best known, unless the rest of the message
        names a year or a person of another one ("titanic, the 1953 one"; "vertigo, the one with jimmy stewart").
        The description only picks the row; it never becomes a filter. A year is appended to pick it."""
        films = [match.best, *match.alternatives]
        if len(films) < 2:
            return title
        chosen = None
        if year := re.search(rf"\b{_YEAR}\b", rest):
            chosen = min(films, key=lambda t: abs((t.year or 0) - int(year.group(1))))
        elif people := {*f.actors, *f.directors}:
            rows = await self.catalog.get_many([t.id for t in films])
            chosen = next((t for t in films if (m := rows.get(t.id)) and people & {*m.cast, *m.directors}), None)
        return f"{title} ({chosen.year})" if chosen and chosen.year and chosen is not match.best else title

    @staticmethod
    def _places(folded: str, tokens: list[str], f: Filters) -> None:
        def spoken(word: str) -> bool:  # "in french", "french-speaking", "english only", "only english"
            return bool(re.search(rf"\b(in|spoken in) {word}\b|\b{word} (language|speaking|spoken|only)\b|"
                                  rf"\bonly {word}\b(?! (?:movies?|films?|cinema|directors?|actors?))", folded))

        for word, lang in LANGUAGE_WORDS.items():
            if spoken(word) or (not word.isascii() and word in folded):
                f.languages.append(lang) if lang not in f.languages else None
        era = _HOLLYWOOD_ERA.sub(" ", folded)  # "old hollywood musicals": an era, no country
        for word, country in sorted(COUNTRY_WORDS.items(), key=lambda kv: -len(kv[0])):
            pattern = rf"\b{word}\b" if word.isascii() else word
            if re.search(pattern, era) and country not in f.countries:
                if word.isascii() and spoken(word):
                    continue  # a language, not a country
                if not word.isascii() and any(lw.startswith(word) and lw in folded for lw in LANGUAGE_WORDS):
                    continue  # "프랑스어" is the language
                if word in ("us", "english") and not re.search(rf"\b{word} (movie|film)s?\b", folded):
                    continue
                f.countries.append(country)
        if len(f.countries) == 1 and not f.languages and f.countries[0] in SPOKEN:
            f.languages.append(SPOKEN[f.countries[0]])  # "한국 영화", "french films": in that language too

    async def _asked_film(self, text: str, f: Filters) -> str:
        """"is alien any good? want more stuff like it": the catalog film asked about is the like-X seed, read before
        topics so that its words are no topic ("alien" is no sci-fi proxy)."""
        index = await self.titles()
        if index is None or not _more_after_question(text):
            return ""
        for q in intents.questions(text):
            if q.asks != "other" or fold(q.title) in PRONOUNS or impossible.newer_film(q.title, index,
                                                                                       await self.catalog_end()):
                continue
            if (match := index.match(q.title)) and match.best.title not in f.similar_to:
                f.similar_to.append(match.best.title)
                return "film"
        return ""

    @classmethod
    def _drop_places_in_titles(cls, folded: str, f: Filters) -> None:
        """"like big trouble in little china": a place or language word inside a film's title, as typed, is no
        filter; one said again outside the title still is."""
        rest = f" {folded} "
        for title in [*f.similar_to, *f.exclude_titles]:
            for form in {fold(title), _ARTICLE_FOLD.sub("", fold(title))}:
                if form:
                    rest = rest.replace(f" {form} ", "  ")
        again = Filters()
        cls._places(rest, rest.split(), again)
        f.countries = [c for c in f.countries if c in again.countries]
        f.languages = [lang for lang in f.languages if lang in again.languages]

    @staticmethod
    def _years(folded: str, f: Filters) -> None:
        for a, b in age_spans(folded) + life_event_spans(folded):  # "in his 70s", "8살", "2010년에 결혼했":
            folded = folded[:a] + " " * (b - a) + folded[b:]  # an age or a life event, not a film's year

        def decade(d: int, part: str | None, span: tuple[int, int]) -> None:
            lo, hi = DECADE_PARTS.get(part or "", (0, 9))
            f.year_min, f.year_max = d + lo, d + hi
            before, after = folded[:span[0]], folded[span[1]:]
            if _DECADE_ON.search(after) or _SINCE.search(before):
                f.year_max = None  # "2000년대 이후", "from the 2000s on", "since the 90s": that decade and after
            elif _DECADE_AFTER.search(before):
                f.year_min, f.year_max = d + 10, None  # "after the 90s"
            elif _DECADE_BEFORE.search(before) or _DECADE_BEFORE_KO.search(after):
                f.year_min, f.year_max = None, d - 1  # "before the 80s", "80년대 이전"
            elif _DECADE_UNTIL.search(before) or _DECADE_UNTIL_KO.search(after):
                f.year_min = None  # "up to the 90s", "90년대까지"

        part = r"(?:(early|mid|late|초반|중반|후반|초|말)\s*)?"
        if m := re.search(rf"\bbetween {_YEAR} and {_YEAR}\b|\b{_YEAR}\s*(?:to|~|-)\s*{_YEAR}\b", folded):
            a, b = [int(x) for x in m.groups() if x]
            f.year_min, f.year_max = min(a, b), max(a, b)
        elif m := _DECADES.search(folded):  # "80s to 90s", "1970s-1980s", "80년대부터 90년대"
            a, b = sorted(_decade_of(x) for x in m.groups())
            f.year_min, f.year_max = a, b + 9
        elif m := re.search(rf"{part}\b(1[89]\d0|20[0-4]0)\s*(?:s\b|년대\s*(초반|중반|후반|초|말)?)", folded):
            decade(int(m.group(2)), m.group(1) or m.group(3), m.span())
        elif m := re.search(rf"{part}(?:\b|')(\d0)\s*(?:s\b|년대\s*(초반|중반|후반|초|말)?)", folded):
            d = int(m.group(2))
            decade(1900 + d if d >= 20 else 2000 + d, m.group(1) or m.group(3), m.span())
        elif m := re.search(rf"{part}\b(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
                            folded):
            decade(DECADE_WORDS[m.group(2)], m.group(1), m.span())
        folded = _negated_bounds(folded, f)
        # "after 2000" and "before 1970" are strict; "since", "from", "until" and Korean 이후/부터/까지 include the year.
        # "a romance from 2005" is that year; "from 2005 on" is a lower bound.
        if m := re.search(rf"\b(after|since|post|newer than)\s{_YEAR}\b|\b(from)\s{_YEAR}\s+(?:on|onwards?|and (?:later|after|"
                          rf"newer)|or (?:later|newer))\b|{_YEAR}\s*년?\s*(이후|부터|以後)", folded):
            year = int(next(g for g in (m.group(2), m.group(4), m.group(5)) if g))
            f.year_min = year + 1 if m.group(1) in ("after", "post", "newer than") else year
        if m := re.search(rf"\b(before|until|pre|older than|up to)\s{_YEAR}\b|{_YEAR}\s*년?\s*(이전|까지)", folded):
            year = int(m.group(2) or m.group(3))
            f.year_max = year - 1 if (m.group(1) in ("before", "pre", "older than") or m.group(4) == "이전") else year
        if f.year_min is None and f.year_max is None:
            if m := re.search(rf"\b(?:in|from|of|an?|the) {_YEAR}\b|{_YEAR}\s*년|\b{_YEAR}\s+(?:(?:{_GENRE_ALT})\s+)?"
                              rf"(?:movies?|films?|flicks?|{_GENRE_ALT})\b", folded):  # "a 1985 comedy"
                f.year_min = f.year_max = int(next(g for g in m.groups() if g))
            elif re.search(r"\b(recent|newer|modern)\b|최근", folded) or _NEW.search(folded):  # "latest": a lean
                f.year_min = RECENT_FROM
            elif _HOLLYWOOD_ERA.search(folded):
                f.year_max = HOLLYWOOD_ERA_END
            elif _NOT_OLD.search(folded):  # "nothing too old", "너무 오래된 건 말고": newer films, not old ones
                f.year_min = NOT_OLD_FROM
            elif re.search(r"\b((?<!year )(?<!years )old|older|golden age|vintage|oldies)\b|"  # "classic": acclaim
                           r"고전|옛날|오래된", folded):
                f.year_max = 1979
        if re.search(ACCLAIM_PATTERN, _NOT_ACCLAIM.sub(" ", folded)) and not _TRASH.search(folded):
            f.acclaimed = True  # not "wrecked me in the best way" (an idiom) nor "classic 80s cheese" (the opposite)

    @staticmethod
    def _runtime_and_quality(folded: str, f: Filters) -> None:
        read_runtime(folded, f)
        # A rating named is a bound; "best", "명작" only rank by acclaim (ACCLAIM_PATTERN), they bound nothing.
        if re.search(r"\b(critically acclaimed|highly rated|top rated|well reviewed|good reviews)\b|평점 높은|평이 좋은|평점 좋은",
                     folded):
            f.min_critic_score = 70

    @staticmethod
    def _awards(tokens: list[str], starts: set[int], f: Filters) -> None:
        """"Oscar winners" is a filter; "not the oscar bait stuff" and "no award winners" are not."""
        text = " ".join(tokens)
        for pattern, value in AWARD_PATTERNS:
            if (m := re.search(pattern, text)) and not negated(tokens, i := text.count(" ", 0, m.start()), i + 1,
                                                               starts):
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

    async def _titles(self, text: str, f: Filters, notes: list[str], lang: str, people: tuple[str, ...] = ()) -> str:
        """"movies like Oldboy", "I loved Inceptoin", "just rewatched fight club", "godfather 2 vibes",
        "올드보이 같은 영화", quoted titles -> similar_to. A film newer than the catalog that shares its title with
        an older one ("parasite", "dune (2021)") gets a note, not the older film. "newer" when a film after the
        catalog was named, "film" for a catalog film, "" for none."""
        index = await self.titles()
        end = await self.catalog_end()
        budget = MAX_TITLE_LOOKUPS  # a message full of quoted phrases must not cost seconds
        quoted = re.findall(r"[\"“‘《「『]([^\"“”‘’《》「」『』]{2,80})[\"”’》」』]", text) + re.findall(
            r"(?:^|\s)'([^']{2,80})'(?=\s|$|[.,!?])", text)  # 'single quotes', not apostrophes
        latin = [part for p in re.findall(LIKE_PATTERN, text, re.IGNORECASE)  # "the older ones like X": X too
                 for part in re.split(r"\blike\s+", p, flags=re.IGNORECASE) if part.strip()]
        liked_as = set(latin)  # named after "like", "similar to": a capitalised title there is meant as one
        latin += quoted + re.findall(TITLE_AFTER_PATTERN, text, re.IGNORECASE)
        before = [a or b for a, b in re.findall(TITLE_BEFORE_PATTERN, text, re.IGNORECASE)]  # title ends it
        before = [p for p in before if fold(p).split()[-1:] and fold(p).split()[0] not in NOT_A_TITLE_START]
        praised = [p for p in re.findall(PRAISE_PATTERN, text, re.IGNORECASE)
                   if p not in before and fold(p).split()[0] not in NOT_A_TITLE_START]
        loose = bool(re.search(MORE_LIKE_CUE, text, re.IGNORECASE))  # else praise must name a title exactly
        loose = loose or bool(re.search(_KOREAN_MORE_LIKE, text))  # "인셉션 인생영화야. 비슷한 거 있어?"
        seen = [p for g in re.findall(SEEN_PATTERN, text, re.IGNORECASE) for p in g if p  # "seen X already" too
                and not re.search(LIKED_WORDS, _TIMES.sub(" ", p), re.I)]  # "like 5 times": how often, no praise
        latin = [p for p in latin if not any(p.startswith(s) for s in seen)]  # "seen X already, ...": not liked
        korean = [re.sub(_KOREAN_INTENSIFIERS, "", p).strip() for p in re.findall(KOREAN_LIKE_PATTERN, text)
                  ] if re.search(KOREAN_LIKE_CUE, text) else []  # "쇼생크 탈출 진짜 좋아하는데": the title, not 진짜
        seen += [p.strip() for pattern in (_KOREAN_SEEN, _KOREAN_ONLY_SEEN)  # "인셉션은 이미 봤어"
                 for p in re.findall(pattern, text) if p.strip()]
        korean = [p for p in korean if p and not any(p in s or s in p for s in seen)]  # "...야. 비슷한 거": no title
        caps = {w for w in re.findall(r"\b[A-Z][\w'-]*", text)}
        named = ""
        whole = [text.strip(" ?!.")] if (f.is_empty() and not latin + before + praised + korean
                                         and len(text.split()) <= 6 and not is_hangul(text)) else []
        others = seen + latin + before + praised + korean
        lead = [p for p in _lead_phrases(text) if p not in others] if loose else []  # read last, and only when
        # nothing else named a film: "toy story 3 made me cry like a baby, anything similar?" ("a baby" is none)
        queue = list(dict.fromkeys(seen + latin + before + praised + korean + whole + lead))[:MAX_TITLE_PHRASES]
        listed: list[str] = []
        while queue:
            phrase = queue.pop(0)
            # an English cue's phrase that only holds some Hangul ("like 80 minutes 남았어 before my train") is
            # read as English: from its start, a length first
            english = phrase in latin and phrase not in korean + quoted and not is_hangul(phrase.split()[-1])
            if (english or not is_hangul(phrase)) and _duration(phrase):  # "like 3 hours, war stuff": a length
                continue
            words = phrase.split()
            strict = (phrase in praised and not loose) or phrase in listed
            person = next((p for p in people if (fold(phrase) == p or fold(phrase).startswith(p + " ")) and not
                           is_hangul(p)), None)  # read from its end, a Korean phrase's title follows the person
            if person and phrase not in quoted:  # "i like nicholas cage but...": the person liked, a title only
                strict = True  # when written exactly, never "Nicholas Nickleby" from the first name
            if phrase in lead and named:  # "X is the best one. change my mind": the first clause named it
                continue
            tail = (is_hangul(phrase) and not english and phrase not in lead) or phrase in before or phrase in praised
            candidates = [" ".join(words[-n:] if tail else words[:n]) for n in range(min(len(words), 8), 0, -1)]
            if phrase in korean and len(words) > 1:  # "어바웃 타임 보고 펑펑 울었어 비슷한 영화": the title opens it
                candidates += [c for n in range(min(len(words), 8) - 1, 0, -1) if (c := " ".join(words[:n]))
                               not in candidates and is_hangul(c)]
            if not tail and phrase not in quoted and words and fold(words[0]) in PRONOUNS and words[0] not in caps:
                # "i've seen them all", "loved it": a pronoun refers back and names no film ("Them!"), unless it
                # opens a longer title ("loved all about eve")
                candidates = [c for c in candidates if len(c.split()) >= 3]
            candidates = [c for c in candidates if is_hangul(c) or not _generic(c, caps)]
            if person and phrase not in quoted:
                candidates = [c for c in candidates if len(c.split()) > len(person.split())]
            if phrase in whole:  # a bare message is a title only as a whole ("godfather 2", "barbie 2023")
                candidates = candidates[:1]
            newer = next((hit for c in candidates[:4] if (hit := impossible.newer_film(c, index, end))), None) or (
                impossible.missing_film(candidates[0], index) if candidates else None)  # "like spirited away"
            if newer:  # "movies like parasite": the 2019 film, not the 1982 one the catalog has
                if phrase not in seen:  # a film they have seen needs no note: it could not be shown anyway
                    notes.append(impossible.title_note(phrase, *newer, end=end, language=lang))
                named = "newer"
                continue
            match = None
            if phrase in lead and index is not None:  # exact titles first: "the dark knight is..." is no "... Rises"
                for candidate in candidates:
                    match = index.match(candidate, fuzzy=False) or index.alias(candidate) or index.partial(candidate)
                    if match and (_ordinary_word(candidate, match) or _generic(candidate, caps)):
                        match = None
                    if match:
                        break
            for candidate in candidates if match is None else []:
                if budget <= 0:
                    return named
                budget -= 1
                if strict:
                    match = (index.match(candidate, fuzzy=False) or index.alias(candidate)) if index else None
                    if match and phrase not in quoted and _ordinary_word(candidate, match):
                        match = None  # "the extended cut is insane": the word "cut", not the film Cut (2000)
                    if match:
                        break
                    continue
                numbered = index is not None and re.search(r" \d$", candidate)  # "back to the future 2": Part II,
                match = (index.partial(candidate) if numbered and index else None) or await self._title(
                    index, candidate)  # not the fuzzy-close first film
                if not match and is_hangul(candidate):  # "인셉션이랑", "올드보이를"
                    match = await self._title(index, strip_particle(candidate))
                if match and phrase not in quoted and (_ordinary_word(candidate, match) or _topic_word(
                        candidate, match, caps) or match.corrected and _inside_known_name(candidate, text)):
                    match = None  # "obsessed with dinosaurs" is no Dinosaur (2000), "cried like a baby" no The Baby,
                    # "heist vibes" no Heist (2001), "agatha christie style" no Christine
                if not match and index is not None and not is_hangul(candidate):
                    # "se7en", "lotr fellowship"; then "shawshank", "godfather 2", "no country", "spotless mind"
                    match = index.alias(candidate) or (None if _lone_common_word(candidate, text) or re.match(
                        r"an? ", candidate, re.I) else index.partial(candidate))  # "like a little girl": a simile
                if match and phrase in lead and phrase not in seen + latin + before + praised + korean and (
                        match.corrected and " " not in candidate or _generic(candidate, caps)):
                    match = None  # a clause's first word fuzzily close to a film is no title ("honestly")
                if match:
                    break
            if match and phrase in lead and re.search(ACCLAIM_PATTERN, fold(phrase)) and not re.search(
                    ACCLAIM_PATTERN, fold(text.replace(phrase, " "))):
                f.acclaimed = False  # "X is the best one, anything like it?": praise of X, not an acclaim filter
            if match and phrase in lead and f.moods:  # "up made me cry, anything similar?": what X did, no mood
                rest = fold(text.replace(phrase, " "))
                kept = read_moods(rest, rest.split(), clause_starts(text.replace(phrase, " ")), f)
                f.moods = [m for m in f.moods if m in kept]
            if match and (typed := re.search(r"\(?\b(1[89]\d\d|20\d\d)\b\)?", phrase)) and match.best.year and abs(
                    int(typed.group(1)) - match.best.year) > 1:  # "dune (2021)": the catalog's Dune is 1984
                named = named or "film"
                if int(typed.group(1)) > end:
                    named = "newer"
                    written = phrase[:typed.start()].strip(" ,(") or match.best.title  # "Rogue One: ... (2016)"
                    same = title_key(written) == title_key(match.best.title)
                    _drop_people_inside(written, text, f)
                    if phrase not in seen:
                        notes.append(impossible.title_note(written, written, int(typed.group(1)),
                                                           match.best if same else None, end=end, language=lang))
                    continue
            if match:
                named = named or "film"
                into = f.exclude_titles if phrase in seen else f.similar_to  # "I've seen X and Y": not again
                if match.best.title not in into:
                    into.append(match.best.title)
                _drop_people_inside(match.best.title, text, f)
                rest = "" if tail else _after_list_separator(words, len(candidate.split()))
                if rest and fold(rest).split()[0] not in NOT_A_TITLE_START | _NOT_A_LIST_ITEM:
                    queue.insert(0, rest)  # "like X, Y and Z": the next title of the list, named exactly
                    listed.append(rest)
                    seen += [rest] if phrase in seen else []
                if phrase in lead:  # the clause goes on after the title: name only the words that were read
                    phrase = candidate
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
            elif phrase in liked_as and (asked := _capitalised_title(phrase, f)):
                named = named or "film"  # "movies like The Lantern Keeper": say so, never seed from nothing
                notes.append(msg("title_absent", lang, typed=asked if lang == "en" else f"“{asked}”"))
        for wish in [] if named else _wished(text):  # "기생충 보고싶어요", "wanna watch oppenheimer": a film after the
            words = wish.split()  # catalog that the user wants to watch gets its note, never its older namesake
            tail = is_hangul(wish)
            for c in [" ".join(words[-n:] if tail else words[:n]) for n in range(min(len(words), 6), 0, -1)]:
                if fold(c) in PRONOUNS or fold(c) in STOPWORDS:  # "i want to watch it tonight": no film "It"
                    continue
                if newer := impossible.newer_film(c, index, end) or impossible.newer_film(strip_particle(c), index,
                                                                                            end):
                    notes.append(impossible.title_note(c, *newer, end=end, language=lang))
                    return "newer"
        if not named and (newer := impossible.newer_in_text(text, index, end)):  # "the new dune movie"
            notes.append(impossible.title_note(newer[0], *newer, end=end, language=lang))
            named = "newer"
        return named

    @staticmethod
    def _excluded_titles(text: str, tokens: list[str], starts: set[int], people: list[Person], f: Filters,
                         index: TitleIndex | None) -> tuple[bool, list[tuple[str, Title]]]:
        """"but not titanic", "except The Shining", "besides Heat", "설국열차 빼고", "인셉션 말고" -> exclude_titles.
        A span is a film only when it is exactly a catalog title (or a known Korean or short title), names no
        person, is not all plain words ("no romance") and has evidence: a cue that names films or a word the user
        capitalised ("no Aliens"). A list after one cue excludes each title ("not X or Y", "X랑 Y 빼고"). Returns
        whether a film was found, and the series the user excluded as a whole ("the matrix trilogy", "the
        godfathers", "die hard 시리즈"): the words naming it and its best-known film, for `_series_films`."""
        if index is None:
            return False, []
        caps = capitalised_mid_sentence(text) | {fold(q) for q in re.findall(r"[\"“‘']([^\"“”‘’']{2,80})[\"”’']", text)}
        taken = {i for p in people for i in range(p.start, p.end)}
        done: set[int] = set()
        series: list[tuple[str, Title]] = []

        def take(start: int, end: int, strong: bool) -> bool:
            span = range(start, end)
            inside = [p for p in people if p.start < end and start < p.end]  # "not Toy Story": no Tim Story
            if done.intersection(span) or taken.intersection(span) and not (end - start > 1 and all(
                    p.end - p.start == 1 and start <= p.start and p.end <= end and not p.pair for p in inside)):
                return False
            hit = _excluded_film(tokens[start:end], tokens[end] if end < len(tokens) else "", strong, caps, index)
            if hit is None:
                return False
            film, stem = hit
            for person in inside:  # a surname read inside the title the user excluded is that title's word
                for field in (f.exclude_people, f.actors, f.directors):
                    field[:] = [n for n in field if n not in person.names]
                taken.difference_update(range(person.start, person.end))
            done.update(span)
            if film.title not in f.exclude_titles:
                f.exclude_titles.append(film.title)
            if stem:
                series.append((stem, film))
            return True

        for start, end, strong in excluded_spans(tokens, starts):
            if (end < len(tokens) and tokens[end] == "of") or not take(start, end, strong):
                continue  # "but not a fan of ...": the head of a longer phrase, not "The Fan"
            nxt = end + (end < len(tokens) and tokens[end] in SERIES_WORDS)
            while nxt + 1 < len(tokens) and tokens[nxt] in LIST_JOINS_EN and nxt + 1 not in starts:
                stop = next((k for k in range(nxt + 2, len(tokens)) if k in starts), len(tokens))
                found = next((e for e in range(min(stop, nxt + 1 + MAX_TITLE_WORDS), nxt + 1, -1)
                              if take(nxt + 1, e, strong)), None)  # "not forrest gump or cast away"
                if found is None:
                    break
                nxt = found + (found < len(tokens) and tokens[found] in SERIES_WORDS)
            while nxt in starts and nxt < len(tokens):  # "not forrest gump, cast away or big": each clause of
                stop = next((k for k in range(nxt + 1, len(tokens)) if k in starts), len(tokens))  # titles only
                pieces, at = [], nxt
                for k in range(nxt, stop + 1):
                    if k == stop or tokens[k] in LIST_JOINS_EN:
                        pieces.append((at, k))
                        at = k + 1
                if not all(b > a and _excluded_film(tokens[a:b], "", strong, caps, index) for a, b in pieces):
                    break
                if not all([take(a, b, strong) for a, b in pieces]):
                    break
                nxt = stop
            first = start
            while first > 0 and first not in starts and (item := _korean_list_item(tokens[first - 1])) is not None:
                if item:  # "인셉션이랑 메멘토 빼고": the film before the list join
                    hit = _excluded_film([item], "", True, caps, index)
                    if hit is None or first - 1 in taken:
                        break
                    done.add(first - 1)
                    if hit[0].title not in f.exclude_titles:
                        f.exclude_titles.append(hit[0].title)
                    first -= 1
                else:  # "Inception 이랑 Memento 빼고": a join of its own after a Latin title
                    found = next((b for b in range(max(0, first - 1 - MAX_TITLE_WORDS), first - 1)
                                  if not any(i in starts for i in range(b + 1, first)) and take(b, first - 1, True)),
                                 None)
                    if found is None:
                        break
                    first = found
        return bool(done), series

    async def _series_films(self, series: list[tuple[str, Title]], f: Filters) -> None:
        """Every catalog film of an excluded series: its title holds the words the user named it by, and it shares
        a director or a cast member with a film of the series, as retrieval's `_series` decides ("Alien Nation" is
        no "Alien" film). The family grows film by film (Toy Story 3 shares its director with Toy Story 2, not with
        Toy Story), and the stem need not open the title ("Live Free or Die Hard")."""
        named = set(f.directors) | set(f.actors)  # "nolan, not the batman ones": his Batman films, not Burton's
        for stem, film in series:
            seed = (await self.catalog.get_many([film.id])).get(film.id)
            if seed is None:
                continue
            words = re.compile(rf"\b{re.escape(stem)}\b")
            rest = [m for m in await self.catalog.find_titles(stem, limit=SERIES_LOOKUP)  # "Aliens": the plural
                    if m.id != seed.id and (words.search(title_key(m.title)) or title_key(m.title) == stem + "s")]
            people, grew = set(seed.directors) | set(seed.cast), True
            if named and not named & people:  # the person's own films of the series are in it too
                people.update(p for m in rest if named & {*m.directors, *m.cast} for p in (*m.directors, *m.cast))
            while grew:
                kin = [m for m in rest if people & {*m.directors, *m.cast}]
                rest = [m for m in rest if m not in kin]
                people.update(p for m in kin for p in (*m.directors, *m.cast))
                f.exclude_titles.extend(m.title for m in kin if m.title not in f.exclude_titles)
                grew = bool(kin)

    async def _made_by(self, text: str, f: Filters) -> str:
        """"films by whoever directed the shining", "올드보이 감독 다른 영화": the film's director becomes the
        filter and the film itself is left out (seen). Only a film the catalog has, and only when no director was
        named outright ("봉준호 감독 영화" names the person). Returns the words of the cue, so none of them is also
        reported as an unknown person ("만든 감독")."""
        index = await self.titles()
        if index is None or f.directors:
            return ""
        for phrase, tail, whole in made_by.film_phrases(text):
            words = phrase.split()
            for n in range(min(len(words), 8), 0, -1):
                candidate = " ".join(words[-n:] if tail else words[:n])
                if tail and not is_hangul(candidate) and n < len(words):
                    break  # "Celine Song 감독": Latin words before 감독 name a film only as a whole ("inception 감독")
                if is_hangul(candidate):
                    match = index.match(candidate, fuzzy=False) or index.match(strip_particle(candidate), fuzzy=False)
                else:
                    match = index.match(candidate) or index.alias(candidate) or index.partial(candidate)
                    if match and _ordinary_word(candidate, match):
                        match = None
                if not match:
                    continue
                movie = (await self.catalog.get_many([match.best.id])).get(match.best.id)
                if movie is None or not movie.directors:
                    break
                f.directors = movie.directors[:1]
                f.similar_to = [t for t in f.similar_to if t != movie.title]
                if movie.title not in f.exclude_titles:
                    f.exclude_titles.append(movie.title)
                _drop_people_inside(movie.title, text, f)  # "the hurt locker" names no John Hurt
                return whole
        return ""

    async def catalog_end(self) -> int:
        """The catalog's last year (2014 for the embedded one), for notes on what it cannot have."""
        return (await self.catalog_span())[1]

    async def catalog_span(self) -> tuple[int, int]:
        """The catalog's first and last years; the first call also builds the lookups the first request would
        otherwise build, so startup, not a user, waits."""
        if self._span is None:
            index = await self.titles()
            self._span = impossible.catalog_span(index)
            if index is not None:
                index.affixes()
                impossible.newer_film("", index, self._span[1])
                _known_words()
        return self._span

    async def _title(self, index: TitleIndex | None, candidate: str) -> TitleMatch | None:
        if index is not None:
            return index.match(candidate)
        hits = await self.catalog.find_titles(candidate, limit=3)  # backends without a title list: exact only
        exact = [m for m in hits if title_key(m.title) == title_key(candidate)]
        return TitleMatch(Title(exact[0].id, exact[0].title, exact[0].year, 0.0), [], False) if exact else None


_NO_SUBTITLES = re.compile(r"\b(?:no|without|zero|hate|hates|not|nothing|don t want|dont want|can t read|cant read|"
                           r"can t do|cant do|can t stand|not into|not a fan of|skip) (?:with |into |a fan of )?"
                           r"(?:any |reading |to read |read |the )?(?:subtitles|subs|subtitled)\b|\bsubtitle free\b|"
                           r"\b(?:subtitles|subs) (?:are a no|is a no|please no|no thanks)\b|"
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


def _excluded_film(words: list[str], after: str, strong: bool, caps: set[str],
                   index: TitleIndex) -> tuple[Title, str] | None:
    """The film an excluded span names, and the words of its series when the user excluded a whole series ("" when
    not): a series word after the title ("the matrix trilogy", "the godfather movies", "die hard 시리즈") or a plural
    title ("the godfathers", "toy storys"). "the titanic one" is the film Titanic."""
    marker = ""
    if len(words) > 1 and words[-1] in SERIES_WORDS | {"one"}:
        marker, words = words[-1], words[:-1]
    elif after in SERIES_WORDS | {"one"}:
        marker = after
    titled = any(w in caps and w not in GENRE_WORDS for w in words)  # "Alien 시리즈는 빼줘": written as a title
    if not words or all(_plain(strip_particle(w) if is_hangul(w) else w) for w in words) and not titled:
        return None  # "no romance", "skip the dinosaur ones": no film
    phrase = " ".join(words)
    marked = is_hangul(phrase) or any(w in caps for w in words) or phrase in caps
    if not (strong or marked or marker in SERIES_WORDS):  # "no matrix movies": a well-known title, below
        return None

    def known(m: TitleMatch | None) -> TitleMatch | None:  # "except the end": no film unless capitalised
        return m if m and (marked or m.best.quality >= LOWERCASE_TITLE_QUALITY) else None

    match = known(index.match(phrase, fuzzy=False) or (
        index.match(" ".join(words[:-1] + [strip_particle(words[-1])]), fuzzy=False) if is_hangul(
            words[-1]) else index.alias(phrase)))
    bare = words[1:] if words[0] == "the" and len(words) > 1 else words
    if marker and not match:  # "the titanic one", "the harry potter ones"
        match = known(index.match(" ".join(bare), fuzzy=False))
    if marker in SERIES_WORDS and not is_hangul(phrase):  # the series' best-known film: "lord of the rings movies"
        lead = known(index.partial(" ".join(bare)))
        match = lead if lead and (not match or lead.best.quality > match.best.quality) else match
    if not match and not is_hangul(phrase) and re.fullmatch(r"[a-z]{3,}s", bare[-1]):  # "the godfathers"
        single = bare[:-1] + [bare[-1][:-3] + "y" if bare[-1].endswith("ies") else bare[-1][:-1]]  # "toy stories"
        if not all(_plain(w) for w in single) and (match := known(index.match(" ".join(single), fuzzy=False))):
            marker, bare = "plural", single
    if not match and not is_hangul(phrase) and len(bare) > 1 and any(w in caps for w in bare) and not _plain(bare[-1]):
        match = known(index.partial(" ".join(bare)))  # "Grand Budapest 말고": a capitalised shorthand of a title
    if not match:
        return None
    series = marker in SERIES_WORDS or marker == "plural"
    if series and is_hangul(phrase):  # "반지의 제왕 시리즈": the English title's words before a colon
        bare = [re.sub(r"(?: \d+| part \w+)$", "", title_key(match.best.title.split(":")[0]))]
        if ":" not in match.best.title:  # "해리 포터 시리즈": the words its catalog namesakes share ("harry potter")
            bare = [_shared_head(bare[0], index) or bare[0]]
    stem = title_key(" ".join(bare)) if series else ""
    return match.best, stem if len(stem) >= 4 else ""


def _shared_head(key: str, index: TitleIndex) -> str:
    """The words a series' first film shares with the other catalog titles that open with its first two words
    ("harry potter and the philosopher s stone" -> "harry potter and the"), or "" when no other title does."""
    words = _ARTICLE_FOLD.sub("", key).split()
    prefix, _ = index.affixes()
    others = [title_key(t.title).split() for t in prefix.get(" ".join(words[:2]), []) if title_key(t.title) != key]
    if len(words) < 3 or not others:
        return ""
    n = min(max(next((i for i, (a, b) in enumerate(zip(words, o)) if a != b), min(len(words), len(o)))
                for o in others), len(words) - 1)
    return " ".join(words[:n]) if n >= 2 else ""


def _korean_list_item(word: str) -> str | None:
    """The item before a Korean list join ("인셉션이랑" -> "인셉션"), "" for a join standing alone (after a Latin
    title: "Inception 이랑"), None when the word joins nothing."""
    if word in LIST_JOINS_KO:
        return ""
    if is_hangul(word):
        for join in sorted(LIST_JOINS_KO, key=len, reverse=True):
            if word.endswith(join) and len(word) > len(join) + 1:
                return word[:-len(join)]
    return None


def _drop_people_inside(title: str, text: str, f: Filters) -> None:
    """"I love Toy Story": a name matched on a word of the title the user named (Tim Story) is no person filter,
    unless the user wrote that person's full name."""
    words, typed = set(title_key(title).split()), fold(text)
    for people in (f.directors, f.actors):
        for name in list(people):
            parts = fold(name).split()
            if parts and parts[-1] in words and fold(name) not in typed:
                people.remove(name)


def _ordinary_word(candidate: str, match: TitleMatch) -> bool:
    """One lower-case word (an article aside) that names only a little-known film: the user's own word
    ("dinosaurs", "a baby"), not a title. A famous one stays a title, typo and all ("inceptoin")."""
    words = [w for w in candidate.split() if w.casefold() not in ("a", "an", "the")]
    return (len(words) == 1 and not is_hangul(candidate) and candidate == candidate.casefold()
            and match.best.quality < LOWERCASE_TITLE_QUALITY)


_TITLE_JOINERS = frozenset("of the and a an in on to at for from with".split())


def _capitalised_title(phrase: str, f: Filters) -> str:
    """The Title Case words opening a like-X phrase that matched no film ("The Lantern Keeper and Me vibes" ->
    "The Lantern Keeper and Me"): two or more capitalised words, none a person, genre or place already read."""
    run: list[str] = []
    for word in phrase.split():
        bare = word.strip(",:;!?'\"()")
        if not (bare[:1].isupper() or (run and bare.casefold() in _TITLE_JOINERS)):
            break
        run.append(bare)
        if word.endswith((",", ";", ":", "!", "?")):  # "like Moonfall Express, but ...": the title ends there
            break
    while run and run[-1].casefold() in _TITLE_JOINERS:
        run.pop()
    capitals = [w for w in run if w[:1].isupper() and w != "I"]
    people = {w for n in (*f.directors, *f.actors, *f.exclude_people) for w in fold(n).split()}
    plain = set(GENRE_WORDS) | set(COUNTRY_WORDS) | set(LANGUAGE_WORDS)
    if len(capitals) < 2 or any(fold(w) in people or fold(w) in plain for w in capitals):
        return ""
    return " ".join(run)


def _lead_phrases(text: str) -> list[str]:
    """The clauses of a message that has a "more like that" cue elsewhere ("jaws basically raised me. anything close
    to that?"): a film may open any of them. The clause holding the cue itself is the LIKE patterns' to read."""
    out = []
    for clause in re.split(r"\.{2,}|…|[.!?;,]\s|\s[-–—]\s|[.!?]$", text):
        clause = clause.strip(" .!?,;\"“”")
        words = fold(clause).split()
        if not words or words[0] in NOT_A_TITLE_START or re.search(MORE_LIKE_CUE, clause, re.IGNORECASE):
            continue
        out.append(clause)
    return out


def _topic_word(candidate: str, match: TitleMatch, caps: set[str]) -> bool:
    """A lower-case topic word ("heist vibes", "zombie stuff") names its topic, not a lesser film of that one-word
    title (Heist, 2001); a famous one stays a title ("alien vibes")."""
    words = [w for w in fold(candidate).split() if w not in ("a", "an", "the")]
    return (len(words) == 1 and words[0] in TOPICS and words[0] not in caps
            and match.best.quality < FAMOUS_TOPIC_TITLE)


def _inside_known_name(candidate: str, text: str) -> bool:
    """A typo-fixed title inside a name that is no catalog person ("agatha christie style" is no Christine)."""
    folded, key = fold(text), fold(candidate)
    return any(key in phrase and re.search(rf"\b{re.escape(phrase)}\b", folded) for phrase in known_names())


def _lone_common_word(candidate: str, text: str) -> bool:
    """"what's the weather like tomorrow": in a message with no word about films, one common lower-case word is
    no start of a longer title (Tomorrow Never Dies); "something like jurassic" or an alias still is."""
    words = [w for w in candidate.split() if w.casefold() not in ("a", "an", "the")]
    folded = fold(text)
    film_words = any(w in folded or w in text for w in RECOMMEND_WORDS) or intents.wants_picks(text)
    return (len(words) == 1 and candidate == candidate.casefold() and fold(words[0]) in common_words()
            and not film_words)


def _after_list_separator(words: list[str], used: int) -> str:
    """The rest of a phrase after the title that opened it, when a list goes on: "X (2001), Y and Z" -> "Y and Z"."""
    rest = words[used:]
    comma = words[used - 1].endswith(",")
    if rest and re.fullmatch(r"\(?\d{4}\)?,?", rest[0]):  # the title's year, maybe with the list's comma
        comma, rest = rest[0].endswith(","), rest[1:]
    if rest and rest[0].casefold() in ("and", "or", "&", "nor"):
        return " ".join(rest[1:])
    return " ".join(rest) if comma else ""


def _duration(phrase: str) -> bool:
    """"like 3 hours, war stuff" starts with a length, not the film "36 Hours" or "4", unless the user wrote the
    length as a title ("like 36 Hours")."""
    m = DURATION.match(re.sub(r"^(?:max(?:imum)?|at most|under|about|around|roughly|approx\w*|like|less than)\s+", "",
                              fold(phrase)))
    return m is not None and not any(w[:1].isupper() for w in phrase.split()[:len(m.group(0).split())])


def _generic(candidate: str, caps: set[str]) -> bool:
    """"like a comedy", "like something funny", "the japanese kind": not a title unless the user capitalised it
    ("like Her")."""
    words = fold(candidate).split()
    if not words:
        return True
    plain = all(w in STOPWORDS or w in GENRE_WORDS or w in mood_words() or w in _place_words() for w in words)
    return plain and not any(w in caps for w in candidate.split())


@cache
def _place_words() -> frozenset[str]:
    """"the japanese kind", "something french": a nationality or language word names no film by itself."""
    return frozenset(w for phrase in (*COUNTRY_WORDS, *LANGUAGE_WORDS) if phrase.isascii() for w in fold(phrase).split())

