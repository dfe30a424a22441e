"""Who the user means: people's names matched forgivingly against the catalog's credits.

People type "hitchcock", "Tom Hnaks", "kubrik", "al pachino" or "봉준호". Exact full names and well-known
surnames are looked up directly; typos go through rapidfuzz over the names of people with enough films, weighted
by how known they are, behind a confidence floor. Ordinary words never become people: a lowercase word that
appears in several catalog titles (data/common_words.txt) or in the genre/mood vocabulary is not a surname.
A person's role comes from their credits, unless a cue right next to the name says otherwise.
"""
from __future__ import annotations

import math
import re
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import ClassVar

from rapidfuzz import fuzz, process

from core.catalog.base import Vocabulary
from core.moods import moods
from core.text import fold, is_hangul, loose_key, romanize_name, squash
from core.understand.evidence import PERSON_CUES_BEFORE, person_cue
from core.understand.vocab import COUNTRY_WORDS, GENRE_WORDS, KOREAN_NAME_ALIASES, KOREAN_PARTICLES, LANGUAGE_WORDS

AWARD_WORDS = frozenset("oscar oscars winner winners winning won award awards academy nominated nominee".split())
FUZZY_MIN_FAME = 5  # director films × 3 + acting credits: typo matching only for people users can know
SURNAME_MIN_DIRECTED, SURNAME_MIN_ACTED = 3, 25  # surname alone stands for a person this prolific
FULL_CUTOFF, SURNAME_CUTOFF = 85.0, 88.0
MAX_FUZZY_LOOKUPS = 12  # bounds the CPU one message can cost
STOPWORDS = frozenset("""a an the and or but with without by for from in on of to at as is are was be been me my i
you we it this that these those some any good great best new old like love man men woman women world day night time
life home house city king queen star stars black white red blue green little big last first one two three movie
movies film films watch something anything recommend suggest please show give want need about more most very
really""".split())
KOREAN_NON_NAMES = frozenset("""추천해 추천좀 나오는 재밌는 재미있 무서운 웃기는 슬픈 최근에 좋아하 보여줘 알려줘 찾아줘
영화를 영화가 영화는 영화로 작품을 작품이 시리즈 감독의 배우의 이후에 이전에 년대에 비슷한 보고싶 싶은데 볼만한 느낌의
분위기 수상한 수상작 수상작을 수상작으로 강아지 고양이 주인공 마법사 경찰관 소방관 한국인 외국인 아이들 동물들 선생님 공주님 왕자님
할머니 할아버지 아저씨 아줌마 남자애 여자애 사람들 괴물들 이상한 무서운 귀여운""".split())  # "아카데미 수상한" is an award, not the actress Susan Hogan
# "asking", "newest", "quickly": a lowercase English word is never a typo of a surname (Peter Askin, Shane West).
_ENGLISH_ENDING = re.compile(r"(?:ing|ings|ed|est|ly|ness|tion|ment|ful|less|able)$")
_DIRECTOR_BEFORE = re.compile(r"\b(by|directed by|director|filmmaker|from)$")
_ACTOR_BEFORE = re.compile(r"\b(with|starring|stars|featuring|actor|actress)$")
_DIRECTOR_AFTER = ("감독", "연출")
_ACTOR_AFTER = ("주연", "출연", "나오는", "나온", "배우")


@cache
def common_words() -> frozenset[str]:
    text = resources.files("core.understand").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def mood_words() -> frozenset[str]:
    return frozenset(w for mood in moods().values() for phrase in mood.words for w in fold(phrase).split())


@cache
def non_names() -> frozenset[str]:
    """Folded words that are never read as a surname on their own when typed in lowercase."""
    vocab = {w for phrase in (*GENRE_WORDS, *COUNTRY_WORDS, *LANGUAGE_WORDS) for w in fold(phrase).split()}
    return common_words() | STOPWORDS | vocab | mood_words() | AWARD_WORDS


def _inflected(word: str, surname: str) -> bool:
    """"winners" is "winner" + s, an English word, not a typo of the director Michael Winner."""
    return any(word == surname + end for end in ("s", "es", "ing", "ed", "er", "ers"))


def strip_particle(word: str) -> str:
    for p in KOREAN_PARTICLES:
        if word.endswith(p) and len(word) > len(p) + 1:
            return word[: -len(p)]
    return word


def stems(word: str) -> list[str]:
    """A Hangul word without its particle; then without the "or" ending of a list ("행크스나 피트 빼고"), which
    KOREAN_PARTICLES leaves alone because so many words end in 나."""
    out = [strip_particle(word)]
    for join in ("이나", "나"):
        if word.endswith(join) and len(word) > len(join) + 1:
            out.append(word[: -len(join)])
            break
    return out


@dataclass(frozen=True)
class PersonMatch:
    name: str  # canonical catalog name
    start: int  # token span in fold(text).split()
    end: int
    typed: str  # what the user wrote
    corrected: bool  # found by typo matching: the reply says what it read


@dataclass
class NameIndex:
    """Lookups from folded strings to canonical catalog names, built once per catalog.

    Building it folds ~60k names (about a second of CPU), so the catalog build stores it as JSON
    (`to_json`) and every process loads that instead; VERSION changes whenever `build` would give other lookups,
    and a stored index of another version is ignored (built again in memory).
    """

    VERSION: ClassVar[str] = "names/1"

    directors: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)
    fame: dict[str, int] = field(default_factory=dict)
    exact: dict[str, str] = field(default_factory=dict)  # squash(full name) -> name
    surname: dict[str, str] = field(default_factory=dict)  # squash(last name) -> the most known such person
    loose: dict[str, str] = field(default_factory=dict)  # loose_key -> name (Korean transliterations)
    loose_by_prefix: dict[str, list[str]] = field(default_factory=dict)  # first two letters -> loose keys
    fuzzy_full: dict[str, dict[str, str]] = field(default_factory=dict)  # first letter -> {name: squash(name)}
    fuzzy_last: dict[str, dict[str, str]] = field(default_factory=dict)  # first letter -> {name: squash(last)}

    @classmethod
    def build(cls, vocab: Vocabulary) -> NameIndex:
        idx = cls(directors=vocab.directors, actors=vocab.actors)
        idx.fame = {n: vocab.directors.get(n, 0) * 3 + vocab.actors.get(n, 0)
                    for n in {*vocab.directors, *vocab.actors}}
        for name in sorted(idx.fame, key=idx.fame.__getitem__):  # most known last, so it wins collisions
            key = squash(name)
            if not key:
                continue
            idx.exact[key] = name
            parts = name.split()
            if len(parts) < 2:
                continue
            loose = loose_key(name)
            idx.loose[loose] = name
            idx.loose_by_prefix.setdefault(loose[:2], []).append(loose)
            last = squash(parts[-1])
            prolific = (vocab.directors.get(name, 0) >= SURNAME_MIN_DIRECTED
                        or vocab.actors.get(name, 0) >= SURNAME_MIN_ACTED)
            if prolific and len(last) >= 4:
                idx.surname[last] = name
                idx.fuzzy_last.setdefault(last[0], {})[name] = last
            if idx.fame[name] >= FUZZY_MIN_FAME:
                idx.fuzzy_full.setdefault(key[0], {})[name] = key
        return idx

    def to_json(self) -> str:
        return json.dumps(vars(self), ensure_ascii=False, separators=(",", ":"))  # plain dicts: no deep copy

    @classmethod
    def from_json(cls, data: str) -> NameIndex:
        return cls(**json.loads(data))

    # ------------------------------------------------------------ single lookups
    def korean(self, word: str) -> str | None:
        """"봉준호" -> "Bong Joon-ho": alias table, else romanize + spelling-insensitive match."""
        if word in KOREAN_NAME_ALIASES:
            return self.spelled(KOREAN_NAME_ALIASES[word])
        if len(word) != 3 or word in KOREAN_NON_NAMES:  # Korean full names are three syllables
            return None
        key = loose_key(romanize_name(word))
        if key in self.loose:
            return self.loose[key]
        # Same first two letters only: the romanised surname is reliable, the rest is spelling.
        hit = process.extractOne(key, self.loose_by_prefix.get(key[:2], []), scorer=fuzz.ratio, score_cutoff=90)
        return self.loose[hit[0]] if hit else None

    def spelled(self, name: str) -> str | None:
        """A table's name as this catalog spells it ("Bong Joon-ho" in Wikidata, "Bong Joon Ho" in IMDb), or None."""
        return self.exact.get(squash(name)) or self.loose.get(loose_key(name))

    def fuzzy(self, key: str, full: bool) -> str | None:
        """The best-known person whose (full or last) name is a near spelling of `key`, or None."""
        pool = (self.fuzzy_full if full else self.fuzzy_last).get(key[:1], {})
        cutoff = FULL_CUTOFF if full else SURNAME_CUTOFF
        found = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        close = [(name, score) for k, score, name in found if abs(len(k) - len(key)) <= 2]
        if not close:
            return None
        return max(close, key=lambda h: h[1] + 3 * math.log2(1 + self.fame.get(h[0], 0)))[0]

    def canonical(self, name: str) -> str | None:
        """A name from anywhere (the LLM, a command) -> the catalog's spelling, or None when unknown."""
        key = squash(name)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        if is_hangul(name):
            return self.korean(key)
        if len(name.split()) >= 2:
            return self.fuzzy(key, full=True)
        return self.surname.get(key) or (self.fuzzy(key, full=False) if len(key) >= 5 else None)

    def role(self, name: str, before: list[str], after: list[str]) -> str:
        directed, acted = self.directors.get(name, 0), self.actors.get(name, 0)
        left, right = " ".join(before[-2:]), " ".join(after[:2])
        if directed and (_DIRECTOR_BEFORE.search(left) or any(c in right for c in _DIRECTOR_AFTER)):
            return "director"
        if acted and (_ACTOR_BEFORE.search(left) or any(c in right for c in _ACTOR_AFTER)):
            return "actor"
        return "director" if directed * 3 >= acted else "actor"  # Jackie Chan (12 directed, 46 acted) is a star

    # ------------------------------------------------------------ whole messages
    def find(self, text: str) -> list[PersonMatch]:
        """Every person named in `text`: exact spans first (longest first), then bounded typo matching."""
        tokens = fold(text).split()
        caps = {fold(w) for w in re.findall(r"\b[A-Z][\w'-]+", text)}
        caps |= {fold(w) for pair in re.findall(r"([\w'-]+)\s*[+&]\s*([\w'-]+)", text) for w in pair}  # "a + b"
        shouted = {fold(w) for w in re.findall(r"\b[A-Z][A-Z'-]+\b", text)}  # "a LONG epic" is emphasis, not a name
        blocked = non_names()
        used: set[int] = set()
        found: list[PersonMatch] = []

        def take(name: str, i: int, n: int, corrected: bool) -> None:
            used.update(range(i, i + n))
            found.append(PersonMatch(name, i, i + n, " ".join(tokens[i:i + n]), corrected))

        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                if used.intersection(range(i, i + n)):
                    continue
                words = tokens[i:i + n]
                key = "".join(words)
                name = None
                if is_hangul(key):
                    for stripped in stems(words[-1]) if n <= 2 else ():
                        alias = KOREAN_NAME_ALIASES.get("".join(words[:-1]) + stripped)
                        name = (alias and self.spelled(alias)) or (
                            self.korean(stripped) if n == 1 else None)
                        if name:
                            break
                elif n >= 2 and not (all(w in blocked for w in words) and not caps.intersection(words)
                                     and not person_cue(tokens, i, i + n)):
                    name = self.exact.get(key)  # "red man" in lowercase is not the rapper Redman; "michael bay
                    # movies" is Michael Bay: a person cue next to a full name written as the catalog writes it
                    if name and all(w in blocked for w in words) and len(name.split()) != n:
                        name = None
                if name:
                    take(name, i, n, corrected=False)
        budget = MAX_FUZZY_LOOKUPS

        def typo(i: int, n: int) -> None:
            nonlocal budget
            words = tokens[i:i + n]
            # "johnie to", "ang lee": a surname that is also a short word counts only when written exactly and
            # after a misspelt first name that is no word
            short = n == 2 and words[1] in STOPWORDS and words[0] not in blocked and len(words[0]) >= 4
            checked = words[:1] if short else words
            if budget <= 0 or used.intersection(range(i, i + n)) or all(w in blocked for w in words) \
                    or any(not w.isalpha() or not w.isascii() or w in STOPWORDS or w in GENRE_WORDS or len(w) < 2
                           for w in checked) \
                    or (n == 1 and words[0] not in caps and _ENGLISH_ENDING.search(words[0])):
                return
            budget -= 1
            name = self.fuzzy("".join(words), full=n == 2)
            if name and short and fold(name).split()[-1] != words[1]:
                return
            if name and not (n == 1 and _inflected(words[0], squash(name.split()[-1]))):
                take(name, i, n, corrected=self.exact.get("".join(words)) != name)

        for i in range(len(tokens) - 1):  # "tom hnaks", "jim carey": before "carey" alone claims Harry Carey
            typo(i, 2)
        for i in range(len(tokens)):
            key = tokens[i]
            if i in used or is_hangul(key):
                continue
            shout = key in shouted and (i == 0 or tokens[i - 1] not in PERSON_CUES_BEFORE)
            if key in self.surname and key not in STOPWORDS and ((key in caps and not shout) or key not in blocked):
                take(self.surname[key], i, 1, corrected=False)
            elif len(key) >= 5:
                typo(i, 1)
        return sorted(found, key=lambda m: m.start)
