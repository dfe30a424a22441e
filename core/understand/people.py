"""People as people say them: full names, surnames, typos, nicknames, first names, sibling pairs, Hangul renderings.

Every reading needs evidence (core/understand/evidence.py): a nickname from data/nicknames.json, a full or
catalog-known name, or, for a single first name or a typo of one word, a capital letter mid-sentence or a person cue
next to it ("with meryl", "a denzel thriller", "감독"). Polite phrases ("thanks for asking", "will you") never name
anyone. A star is read as an actor unless the words say director.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from core.korean import resolve
from core.korean import name as korean_name
from core.models import Filters
from core.text import fold, is_hangul, loose_key, romanize_name
from core.understand.evidence import (capitalised_mid_sentence, clause_starts, companion, negated, person_cue,
                                      polite_spans, token_spans)
from core.understand.names import (KOREAN_NON_NAMES, STOPWORDS, NameIndex, PersonMatch, common_words, non_names,
                                   strip_particle)
from core.understand.names import stems as korean_stems
from core.understand.titles import TitleIndex
from core.understand.vocab import GENRE_WORDS, KOREAN_NAME_ALIASES, load

_NICK = load("nicknames.json")
ALWAYS: dict[str, str] = _NICK["always"]
WITH_EVIDENCE: dict[str, str] = _NICK["with_evidence"]
PAIRS: dict[str, list[str]] = _NICK["pairs"]
ACTOR_FIRST: frozenset[str] = frozenset(_NICK["actor_first"])
NOT_FIRST_NAMES: frozenset[str] = frozenset(_NICK["not_first_names"])

FIRST_NAME_MIN_FAME = 40  # director films x 3 + acting credits: someone a user can call by first name
FIRST_NAME_DOMINANCE = 3.0  # ... and at least this many times as known as the next person with that first name
# A surname that is also many people's first name ("Bill", "Taylor", "Jordan") needs a person cue next to it, unless
# it belongs to someone well known and few people have it as a first name ("Nolan", "Jackson").
SHARED_FIRST_NAME, SHARED_SURNAME_FAME, SHARED_MAX = 5, 25, 15
_DIRECTOR_BEFORE = re.compile(r"\b(by|directed by|director|directors|filmmaker|directing|helmed by)$")
_DIRECTOR_AFTER = ("감독", "연출", "directed", "directs", "directing", "direct")
_ACTOR_BEFORE = re.compile(r"\b(with|starring|stars|featuring|actor|actress|w)$")
LIST_CUES = frozenset(("no", "nor", "or", "without", "not"))  # the word before the next excluded name
_ACTOR_AFTER = ("주연", "출연", "나오는", "나온", "배우", "starring", "stars", "acts", "acting", "plays")


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]  # catalog names (two for a pair)
    start: int
    end: int
    typed: str
    corrected: bool = False  # a typo fix: the reply says what it read
    pair: bool = False


@cache
def _not_people() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(p).split()) for p in load("not_people.json")["phrases"])


def known_names() -> tuple[str, ...]:
    """The folded character, franchise, writer and place names of data/not_people.json."""
    return tuple(" ".join(p) for p in _not_people())


def character_spans(tokens: list[str]) -> set[int]:
    """Token positions inside a character or franchise name ("james bond"): no person is read there."""
    out: set[int] = set()
    for phrase in _not_people():
        n = len(phrase)
        out.update(j for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase for j in range(i, i + n))
    return out


@cache
def _phrases() -> list[tuple[tuple[str, ...], tuple[str, ...], bool, bool]]:
    """(folded words, names, needs evidence, is a pair), longest first."""
    out: list[tuple[tuple[str, ...], tuple[str, ...], bool, bool]] = [
        (tuple(fold(k).split()), (v,), False, False) for k, v in ALWAYS.items()]
    out += [(tuple(fold(k).split()), (v,), True, False) for k, v in WITH_EVIDENCE.items()]
    out += [(tuple(fold(k).split()), tuple(v), False, True) for k, v in PAIRS.items()]
    return sorted(out, key=lambda p: -len(p[0]))


_FIRST_NAMES: dict[int, dict[str, str]] = {}
_FIRST_COUNTS: dict[int, dict[str, int]] = {}


def first_name_counts(names: NameIndex) -> dict[str, int]:
    """Folded first name -> how many catalog people have it."""
    key = id(names)
    if key not in _FIRST_COUNTS:
        counts: dict[str, int] = {}
        for person in names.fame:
            parts = fold(person).split()
            if len(parts) >= 2:
                counts[parts[0]] = counts.get(parts[0], 0) + 1
        _FIRST_COUNTS.clear()
        _FIRST_COUNTS[key] = counts
    return _FIRST_COUNTS[key]


def first_names(names: NameIndex) -> dict[str, str]:
    """Folded first name -> the person who is by far the best known with it ("meryl" -> Meryl Streep).

    Computed once per name index (one pass over its people); ordinary words are never first names here.
    """
    key = id(names)
    if key not in _FIRST_NAMES:
        best: dict[str, list[tuple[int, str]]] = {}
        for person, fame in names.fame.items():
            parts = fold(person).split()
            if len(parts) < 2:
                continue
            top = best.setdefault(parts[0], [])
            top.append((fame, person))
            top.sort(reverse=True)
            del top[2:]
        blocked = non_names()
        table = {}
        for first, top in best.items():
            fame, person = top[0]
            runner = top[1][0] if len(top) > 1 else 0
            if (fame >= FIRST_NAME_MIN_FAME and fame >= FIRST_NAME_DOMINANCE * runner and len(first) >= 3
                    and first.isalpha() and first not in blocked and first not in NOT_FIRST_NAMES):
                table[first] = person
        _FIRST_NAMES.clear()  # one catalog per process in practice: keep only the latest
        _FIRST_NAMES[key] = table
    return _FIRST_NAMES[key]


def role(names: NameIndex, name: str, tokens: list[str], start: int, end: int) -> str:
    """Director or actor: a cue next to the name decides; else a star is an actor; else their credits decide."""
    directed, acted = names.directors.get(name, 0), names.actors.get(name, 0)
    left, right = " ".join(tokens[max(0, start - 2):start]), tokens[end:end + 2]
    last = tokens[end - 1] if end else ""
    said_director = bool(_DIRECTOR_BEFORE.search(left)) or any(w.startswith(_DIRECTOR_AFTER) for w in right) or (
        is_hangul(last) and last.endswith(("감독", "감독의", "감독님")))
    said_actor = bool(_ACTOR_BEFORE.search(left)) or any(w.startswith(_ACTOR_AFTER) for w in right)
    if directed and said_director:
        return "director"
    if acted and (said_actor or name in ACTOR_FIRST):
        return "actor"
    return "director" if directed * 4 >= acted else "actor"


def find_people(text: str, tokens: list[str], names: NameIndex, titles: TitleIndex | None) -> list[Person]:
    """Everyone the message names, with the evidence rules applied."""
    folded = " ".join(tokens)
    spans = token_spans(folded)
    polite = {i for i, (a, b) in enumerate(spans) for (pa, pb) in polite_spans(folded) if a >= pa and b <= pb}
    caps = capitalised_mid_sentence(text)
    used: set[int] = character_spans(tokens)  # "the latest james bond" is not the actor Ward Bond
    found: list[Person] = []

    paired = {fold(w) for pair in re.findall(r"([\w'-]+)\s*[+&]\s*([\w'-]+)", text) for w in pair}

    def evidence(i: int, j: int) -> bool:  # "marty + bobby de niro": a name joined to another by + or &
        return any(t in caps or t in paired for t in tokens[i:j]) or person_cue(tokens, i, j)

    def accept(m: PersonMatch) -> bool:
        span = range(m.start, m.end)
        single = m.end - m.start == 1
        if used.intersection(span):
            return False
        if polite.intersection(span) and not any(t in caps for t in tokens[m.start:m.end]):
            return False  # "thanks for asking" is not the director Peter Askin
        alone = all(t in STOPWORDS for i, t in enumerate(tokens) if i not in span)  # "kubrik": the name is the request
        if m.corrected and single and not alone and not evidence(m.start, m.end):
            return False  # a lowercase near-word is a word, not a typo of a name
        if m.corrected and single and m.end < len(tokens) and tokens[m.end] in caps and not is_hangul(m.typed):
            return False  # "Celine Song" is someone the catalog lacks, not a typo of Edward F. Cline
        if m.corrected and single and _unknown_surname_after(tokens, m.end):
            return False  # "brandon fitzwilliam" is someone else, not a typo of Marlon Brando
        if m.corrected and single and m.start > 0 and _unknown_surname_after(tokens, m.start - 1) and (
                tokens[m.start - 1] != fold(m.name).split()[0]):
            return False  # "ari aster" is someone else, not a typo of Paul Auster
        if single and not is_hangul(m.typed) and _other_first_name(text, names, m.name, tokens, m.start):
            return False  # "Charlotte Wells" is someone the catalog lacks, not Simon Wells
        if single and m.typed not in caps and _used_as_verb(tokens, m.start):
            return False  # "never heard of it", "i heard there are...": the verb, not the actor John Heard
        if single and not is_hangul(m.typed) and _someone_else(names, m.name, tokens, m.start):
            return False  # "my friend Bill", "Taylor likes romance": not Tony Bill, not Elizabeth Taylor
        if is_hangul(m.typed):
            stems = korean_stems(m.typed.replace(" ", ""))
            alias = m.typed.replace(" ", "") in KOREAN_NAME_ALIASES or any(w in KOREAN_NAME_ALIASES for w in stems)
            if not alias and titles is not None and titles.match(m.typed, fuzzy=False) is not None:
                return False  # a Hangul word that is a film's Korean title ("기생충") is that film
            exact = any(loose_key(romanize_name(w)) in names.loose for w in stems)
            listed = len(stems) > 1 and any(person_cue(tokens, m.start, m.end + n) for n in (1, 2))  # "A나 B 감독"
            if not alias and not (exact and (person_cue(tokens, m.start, m.end) or listed)):
                return False  # a common word romanised near a foreign name is not that person
        return True

    starts = clause_starts(text)

    def listed_exclusion(m: PersonMatch) -> bool:
        excluded = [p for p in found if negated(tokens, p.start, p.end, starts)]
        return bool(excluded) and not m.corrected and m.start > 0 and tokens[m.start - 1] in LIST_CUES and (
            m.start not in used and m.start not in polite) and negated(tokens, m.start, m.end, starts)

    def take(m: PersonMatch) -> None:
        used.update(range(m.start, m.end))
        found.append(Person((m.name,), m.start, m.end, m.typed, corrected=m.corrected))

    def phrases(pairs: bool) -> None:
        for words, who, needs, pair in _phrases():
            if pair != pairs:
                continue
            n = len(words)
            for i in range(len(tokens) - n + 1):
                if used.intersection(range(i, i + n)):
                    continue
                window = tokens[i:i + n]
                last = strip_particle(window[-1]) if is_hangul(window[-1]) else window[-1]
                if tuple(window[:-1]) + (last,) != words and tuple(window) != words:
                    continue
                if polite.intersection(range(i, i + n)) or (needs and not evidence(i, i + n)):
                    continue
                used.update(range(i, i + n))
                found.append(Person(who, i, i + n, " ".join(window), pair=pair))

    matches = names.find(text)
    # 1. pairs ("the coen brothers" is both Coens, not the credit "Coen brothers"), then full names, typos included
    # ("denzel washingtn"): they outrank a nickname inside them
    phrases(pairs=True)
    nick = {words for words, _, _, _ in _phrases()}
    for m in matches:
        if m.end - m.start >= 2 and not (m.corrected and tuple(tokens[m.start:m.end]) in nick) and accept(m):
            take(m)  # a typo fix never beats a nickname written exactly ("chris nolan" is not Chris Noonan)
    # 2. nicknames from the data file
    phrases(pairs=False)
    # 3. one-word catalog names: surnames, Hangul names, typos; a surname in a list of exclusions is one more
    # person ("no spielberg, no cameron", "neither spielberg nor cameron")
    for m in matches:
        if m.end - m.start == 1 and accept(m):
            take(m)
    for m in matches:
        if m.end - m.start == 1 and listed_exclusion(m):
            take(m)
    # 4. a first name alone, for the one person far better known by it than anyone else
    table = first_names(names)
    blocked = non_names()
    for i, t in enumerate(tokens):
        if i in used or i in polite or t in STOPWORDS or t in blocked or t not in table:
            continue
        if companion(tokens, i, i + 1):
            continue
        if t in caps or person_cue(tokens, i, i + 1) or (i + 1 < len(tokens) and tokens[i + 1] in GENRE_WORDS):
            used.add(i)
            found.append(Person((table[t],), i, i + 1, t))
    return sorted(found, key=lambda p: p.start)


_SUBJECTS = frozenset("i you we they he she ve d ll ive youve weve theyve".split())
_AUXILIARIES = frozenset("who have has had never ever just already".split())
_VERB_AFTER = frozenset("of about that it this anything something nothing there from".split())


def _used_as_verb(tokens: list[str], i: int) -> bool:
    """A lower-case surname right after a subject ("i heard the prestige is great"), or after an auxiliary and
    before what a verb takes ("never heard of it"), is that verb, not the person (John Heard); "films that have
    hanks in them" still names him."""
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return before in _SUBJECTS or (before in _AUXILIARIES and after in _VERB_AFTER)


def _someone_else(names: NameIndex, name: str, tokens: list[str], i: int) -> bool:
    """A one-word match that more likely names someone else: a companion, or a common first name with no cue."""
    if companion(tokens, i, i + 1):
        return True
    shared = first_name_counts(names).get(tokens[i], 0)
    if shared < SHARED_FIRST_NAME:
        return False
    cued = person_cue(tokens, i, i + 1) or (i + 1 < len(tokens) and tokens[i + 1] in GENRE_WORDS)
    return not cued and (shared >= SHARED_MAX or names.fame.get(name, 0) < SHARED_SURNAME_FAME)


def _other_first_name(text: str, names: NameIndex, name: str, tokens: list[str], i: int) -> bool:
    """A surname after a capitalised first name that is not this person's ("Charlotte Wells" is not Simon Wells;
    "Steve Spielberg" is still Steven)."""
    if i == 0:
        return False
    before, own = tokens[i - 1], fold(name).split()[0]
    written = {fold(w) for w in re.findall(r"\b[A-Z][a-z][\w'-]*", text)}
    if before not in written or before in STOPWORDS or first_name_counts(names).get(before, 0) == 0:
        return False
    forms = _NICK.get("first_name_forms", {})
    if forms.get(before) == own or forms.get(own) == before:
        return False  # "Bob Zemeckis", "Chuck Chaplin"
    return not (len(before) >= 3 and (own.startswith(before) or before.startswith(own)))


def _unknown_surname_after(tokens: list[str], i: int) -> bool:
    """A lower-case word after a one-word name that is no ordinary word: the second half of a full name."""
    if i >= len(tokens):
        return False
    word = tokens[i]
    return word.isascii() and word.isalpha() and len(word) >= 3 and word not in non_names() and (
        word not in common_words())


# A three-syllable Hangul name before 나오는/출연한/주연: family names that begin most Korean full names.
_KOREAN_SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설길연위표명기반왕금옥육인맹제모탁국은편용예봉경"
_KO_CAST = "나오는|나온|출연한|출연하는|출연작|주연의|주연한|주연작"  # "X 나오는 영화": X is a cast member
_LATIN_BEFORE_KOREAN_CUE = re.compile(rf"(?<![\w])([A-Za-z][\w'.-]+(?: [A-Za-z][\w'.-]+){{0,2}})\s*(?:이|가)?\s*"
                                      rf"(?:{_KO_CAST}|감독의|감독이|감독 영화)")
_SELF_DIRECTED = re.compile(
    r"\b(?:direct(?:s|ing|ed) (?:himself|herself|themselves)|(?:directs?|directed|directing) and (?:stars?|starred|"
    r"starring|acts?|acted|acting)|(?:stars?|starred|starring|acts?|acted|acting) and (?:directs?|directed|directing)|"
    r"in (?:his|her|their) own (?:films?|movies?))\b|감독\s*(?:겸|이자|및)\s*(?:주연|출연|배우)|"
    r"감독(?:하고|하면서|도 하고|도 하면서|까지 하고)\s*(?:직접\s*)?(?:주연|출연)|(?:주연|출연)\s*(?:겸|이자)\s*감독")
_KOREAN_CAST_CUE = re.compile(rf"(?<![가-힣])([가-힣]{{3,4}})\s*(?:이|가|이가)?\s*(?:{_KO_CAST}|주연)")


def read_people(text: str, tokens: list[str], names: NameIndex, f: Filters, notes: list[str], lang: str,
                titles: TitleIndex | None = None) -> tuple[list[Person], list[str]]:
    """Fills directors, actors and exclude_people; notes typo fixes and names the catalog does not know. Returns
    the people read, so their words are not read again as something else (a film title), and the unknown names
    (the reader answers a request for only a missing person with the note and no picks)."""
    starts = clause_starts(text)
    people = find_people(text, tokens, names, titles)
    for p in people:
        for name in p.names:
            target = f.directors if p.pair or role(names, name, tokens, p.start, p.end) == "director" else f.actors
            if negated(tokens, p.start, p.end, starts):  # "without Tom Hanks", "톰 행크스 빼고"
                target = f.exclude_people
            if name not in target:
                target.append(name)
        if p.corrected:
            notes.append(f"I read “{p.typed}” as {p.names[0]}." if lang == "en"
                         else f"“{p.typed}” → {korean_name(p.names[0])} 님으로 알아들었어요.")
    if _SELF_DIRECTED.search(text):  # "clint directing himself": the same person behind and in front of the camera
        for name in [*f.directors, *f.actors]:
            if names.directors.get(name) and names.actors.get(name):
                for target in (f.directors, f.actors):
                    if name not in target:
                        target.append(name)
    # Names the user clearly meant but the catalog doesn't know: only when no part of them was resolved.
    resolved = {w for p in people for w in tokens[p.start:p.end]}
    unknown = [m.group(1).strip() for m in re.finditer(
        r"\b(?:directed by|by|with|starring|director)\s+((?:[A-Z][\w'.-]+\s?){1,3})", text)]
    unknown = [w for w in unknown if not set(fold(w).split()) & resolved and fold(w) not in GENRE_WORDS
               and fold(w).split()[0] not in STOPWORDS]
    unknown += [m.group(1) for m in re.finditer(r"([가-힣]{2,4})\s*(?:감독|배우)", text)
                if not names.korean(m.group(1)) and strip_particle(m.group(1)) not in resolved
                and m.group(1) not in _KOREAN_ROLE_WORDS]
    unknown += [w for m in _KOREAN_CAST_CUE.finditer(text) if _korean_name_like(w := strip_particle(m.group(1)), titles)
                and not names.korean(w) and w not in resolved and not f.actors and not f.directors]
    unknown += [w for m in _LATIN_BEFORE_KOREAN_CUE.finditer(text)  # "zendaya 나오는 거": a name in Latin letters
                if not set(fold(w := m.group(1)).split()) & resolved and not f.actors and not f.directors
                and not set(fold(w).split()) & (STOPWORDS | set(GENRE_WORDS) | (
                    set() if _title_cased(w) else common_words()))]  # "Celine Song": "song" is a title word
    unknown += _missing_aliases(tokens, names, resolved)
    for who in dict.fromkeys(unknown):
        notes.append(f"I couldn't find a director or actor named “{who}” in the catalog." if lang == "en"
                     else resolve(f"“{who}”(이)라는 감독이나 배우를 카탈로그에서 찾지 못했어요."))
    return people, list(dict.fromkeys(unknown))


def _title_cased(words: str) -> bool:
    """"Celine Song": two or more words, each capitalised as a name is."""
    parts = words.split()
    return len(parts) >= 2 and all(p[:1].isupper() and p[1:2].islower() for p in parts)


def _missing_aliases(tokens: list[str], names: NameIndex, resolved: set[str]) -> list[str]:
    """Hangul names the alias table knows ("아이유", "젠데이아") whose person this catalog lacks. A name of two
    syllables or fewer may be an ordinary word ("수지"): it needs a person cue next to it."""
    out = []
    for i in range(len(tokens)):
        for n in (2, 1):
            words = tokens[i:i + n]
            if len(words) < n or not all(is_hangul(w) for w in words) or set(words) & resolved:
                continue
            for stem in korean_stems(words[-1]):
                key = "".join(words[:-1]) + stem
                if key in KOREAN_NAME_ALIASES and not names.spelled(KOREAN_NAME_ALIASES[key]) and (
                        len(key) > 2 or person_cue(tokens, i, i + n)):
                    out.append(" ".join(words[:-1] + [stem]))
                    break
    return out


@cache
def _topic_words() -> frozenset[str]:
    return frozenset(load("topics.json"))


# "다른 배우", "좋아하는 감독", "남자 배우": words that describe a director or an actor without naming one
_KOREAN_ROLE_WORDS = frozenset("""다른 좋아하는 좋아하던 유명한 유명 남자 여자 주연 조연 외국 해외 할리우드 한국 국내 아역 신인
어떤 무슨 같은 그런 이런 저런 최고의 인기 좋은 멋진 잘생긴 예쁜 연기 천재 거장 명배우 명감독 배우 감독 그 이 저 일본 중국
홍콩 프랑스 영국 미국 원로 젊은 옛날 요즘 최근""".split())


def _korean_name_like(word: str, titles: TitleIndex | None) -> bool:
    """"김태리 나오는 영화": three syllables starting with a family name, no ordinary noun, topic or film title."""
    return (len(word) == 3 and word[0] in _KOREAN_SURNAMES and word not in KOREAN_NON_NAMES
            and word not in _topic_words() and (titles is None or titles.match(word, fuzzy=False) is None))
