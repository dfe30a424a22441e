"""When a word is evidence for a filter, and when it is only an ordinary word.

A filter needs positive evidence: a name the user clearly wrote, a number with its unit, a decade in a time phrase.
These are pure functions over the raw text and its folded tokens (`fold(text).split()`), shared by the reader's
people, runtime, year, genre and mood readers, so every one of them applies the same rules:

- negation has a scope: a cue ("not", "isn't", "nothing", "말고", "않은") covers the words next to it up to a clause
  boundary, never the rest of the message ("no musicals please, just a comedy" still wants the comedy);
- an age ("in his 70s", "I'm 25", "8 year old", "70대") is not a decade or a year;
- a lowercase word is a person only with a cue next to it ("with", "starring", "감독") or capitalised mid-sentence.
"""
from __future__ import annotations

import re
from functools import cache

from core.text import fold
from core.understand.vocab import GENRE_WORDS, load

_NEG = load("negation.json")
# English cues scope forward over the next few words; Korean cues follow what they negate.
NEG_BEFORE: tuple[str, ...] = tuple(_NEG["before"])
NEG_AFTER: tuple[str, ...] = tuple(_NEG["after"])
SCOPE_ENDS: frozenset[str] = frozenset(_NEG["scope_ends"])
FILLERS_KO: frozenset[str] = frozenset(_NEG["fillers_ko"])
LIST_JOINS_KO: tuple[str, ...] = tuple(_NEG["list_joins_ko"])  # "공포나 스릴러 빼고": both are negated
TITLE_BEFORE: frozenset[str] = frozenset(_NEG["title_before"]) | {"except", "except for", "excluding", "other than",
                                                                 "but not", "anything but", "everything but",
                                                                 "instead of", "rather than"}
TITLE_AFTER_KO = ("빼고", "말고", "제외", "빼구", "말구", "빼줘", "빼주")
SERIES_WORDS: frozenset[str] = frozenset(_NEG["series_words"])  # "the matrix trilogy", "die hard 시리즈는 빼고"
HEDGES: tuple[tuple[str, ...], ...] = tuple(tuple(h.split()) for h in _NEG["hedges"])  # "doesn't have to be scary"
_OUT = ("is", "are", "s", "re")  # "the harry potter ones are out": titles only ("the kids are out" is no genre)
MAX_TITLE_WORDS = 6
_SEEN = frozenset(("seen", "watched", "saw"))
NEG_SCOPE = 4  # words an English cue reaches: "nothing with too much romance"
_NO_AFTER = frozenset(("no", "nope", "nah", "x"))  # after a topic particle: "공포는 no", "romance는 절대 no"

_LINKS = frozenset(("with", "w", "starring", "featuring", "by", "from"))
# what may stand between a cue and its link while the cue still covers the person: "no movies with X"
_LINK_FILLERS = frozenset("movie movies film films flick flicks anything something stuff one ones thing things a an the "
                          "any more of".split())
_CLAUSE = re.compile(r"[,.;!?()\n]|\s[-–—]\s")
PERSON_CUES_BEFORE = frozenset("with w starring stars featuring by director directed actor actress from".split())
# "what has leo done", "what's keanu been in", "what did arnold do": the subject of a credit verb is a person
_CREDIT_BEFORE = frozenset("has have had did does s is was else".split())
_CREDIT_AFTER = frozenset("done do made make directed direct been starred star acted act appeared appear shot "
                          "filmed".split())
PERSON_CUES_AFTER = frozenset("movie movies film films flick flicks thriller comedy western westerns drama dramas "
                              "stuff classic classics picture pictures vehicle role roles directing directs".split())
KOREAN_PERSON_CUES = ("감독", "배우", "주연", "출연", "나오는", "나온", "영화", "작품")

AGE_PATTERNS = (
    r"\b(?:in|into) (?:his|her|their|my|our|your) (?:early |mid |late )?(\d0)s\b",  # "in his 70s"
    r"\b(?:i m|im|i am|he s|she s|he is|she is|they re|we re|turned|turning|aged?) (\d{1,2})\b",  # "I'm 25"
    r"\b(\d{1,2}) (?:year|yr)s? olds?\b|\b(\d{1,2}) yo\b",  # "8 year old", "my 6 yo"
    r"\b(?:who|when) \w+(?: \w+)? in (?:the )?(?:early |mid |late )?(\d0s|\d{4})\b",  # "who served in the 60s"
    r"\bborn in (?:the )?(?:early |mid |late )?(\d0s|\d{4})\b",
    r"(\d0)대\s*(?:이신|인|이고|이라|이에요|이야|남자|여자|부모|아버지|어머니|아빠|엄마|분)",  # "70대 아빠"
    r"(\d{1,2})\s*살",  # "25살", "8살 아이"
)


# A year a life event happened in is not a film year: "we got married in 2010", "since 2012 we've lived here",
# "2010년에 결혼했거든요", "2015년에 졸업". (Born-in years are ages, above.)
_EVENTS_EN = (r"married|wed|engaged|graduated|met|moved|started|joined|retired|divorced|dating|together|"
              r"got together|hired|arrived|emigrated")
_EVENTS_KO = r"결혼|졸업|태어|입사|퇴사|이사|만났|만난|사귀|연애|입학|전역|제대|출산|낳|이민|유학|취직|취업"
LIFE_EVENT_PATTERNS = (
    rf"\b(?:{_EVENTS_EN})\b(?: (?!movies?\b|films?\b)\w+){{0,3}}? (?:in|since|back in) (?:the )?"
    r"(?:early |mid |late )?(?:\d{4}|\d0s)\b",  # "we met back in 2010", "got married in the 90s"
    r"\b(?:since|back in|in) \d{4}(?: \w+)?? (?:we|i|my|our|he|she|they)\b(?: \w+){0,2}? "
    rf"(?:{_EVENTS_EN}|have|ve|been|were|was|lived|live)\b",  # "since 2010 we have", "back in 2008 i moved"
    rf"\d{{4}}\s*년(?:도)?(?:에|에는|쯤|쯤에)?\s*(?:(?!영화|작품|개봉|나온)\S+\s+)?(?:{_EVENTS_KO})",
)


def life_event_spans(folded: str) -> list[tuple[int, int]]:
    """Character spans of a year tied to the user's own life ("we got married in 2010"), not to a film."""
    return [m.span() for p in LIFE_EVENT_PATTERNS for m in re.finditer(p, folded)]


def clause_starts(text: str) -> set[int]:
    """Token indices (in fold(text).split()) where a new clause starts: after , . ; ! ? and dashes."""
    starts, count = set(), 0
    for part in _CLAUSE.split(text):
        n = len(fold(part).split())
        if n:
            starts.add(count)
        count += n
    return starts


def negated(tokens: list[str], start: int, end: int, starts: set[int] | None = None) -> bool:
    """Whether the span tokens[start:end] sits inside a negation's scope.

    English: a cue up to NEG_SCOPE words before, with no clause boundary or scope-ending word ("but", "just",
    "instead") in between. Korean: a cue right after the span, past fillers ("무서운 건 말고", "공포 영화 빼고"),
    or a negated stem inside the word ("재미없는").
    """
    starts = starts or set()
    if start > 0 and tokens[start - 1] == "안" and start not in starts and is_hangul_word(tokens[start]):
        return True  # Korean short negation covers the one word after it: "안 무서운 스릴러" wants the thriller
    link = None  # the nearest "with"/"by" before the span: "isn't scary with tom hanks" negates scary, not him
    for j in range(start - 1, max(-1, start - NEG_SCOPE - 1), -1):
        if j + 1 in starts:  # a clause boundary between this word and the span
            break
        word = tokens[j]
        if link is None and word in _LINKS:
            link = j
        if word in ("never", "not") and _SEEN.intersection(tokens[j + 1:j + 3]):
            continue  # "i've never seen a good western": a wish for one, not an exclusion
        # a cue that starts or ends here ("anything but horror": "but" alone would end the scope)
        if word in NEG_BEFORE or " ".join(tokens[j:j + 2]) in NEG_BEFORE or any(
                " ".join(tokens[j - n:j + 1]) in NEG_BEFORE for n in range(1, min(j, 4) + 1)
                if not any(i in starts for i in range(j - n + 1, j + 1))):
            if link is not None and any(t not in _LINK_FILLERS for t in tokens[j + 1:link]):
                break  # the cue negates the word before the link ("nothing scary with X" still wants X)
            return True
        if word in ("and", "or", "nor") and j == start - 1 and j >= 1 and negated(tokens, j - 1, j, starts):
            return True  # "except documentaries and animation": the next item of the same list
        if word in SCOPE_ENDS and not (word in ("anything", "something") and j > 0 and tokens[j - 1] == "for"):
            break  # "not in the mood for anything scary": the cue's object, not a new wish
    return _negated_after(tokens, end, starts)


def _negated_after(tokens: list[str], end: int, starts: set[int], depth: int = 0) -> bool:
    """Korean: a cue after the span, past fillers ("톰 크루즈 나오는 거 말고"), or after the next item of a list
    ("스필버그나 캐머런 빼고": 나 joins the two, the cue covers both)."""
    if _trailing_jom(tokens, end, starts):
        return True
    k = end
    while k < len(tokens) and tokens[k] in FILLERS_KO and k - end < 2:
        k += 1
    nxt = tokens[k] if k < len(tokens) else ""
    last = tokens[end - 1] if end else ""
    pair = " ".join(tokens[k:k + 2])  # a two-word cue: "안 땡겨", "땡기지 않아"
    if bool(nxt and not nxt.isascii() and (nxt.startswith(NEG_AFTER) or pair.startswith(NEG_AFTER))) or (
            not last.isascii() and any(cue in last for cue in ("없는", "없이", "말고", "빼고"))):
        return True
    if nxt in _NO_AFTER and (k + 1 in starts or k + 1 == len(tokens)) and (
            is_hangul_word(last) or k > end and is_hangul_word(tokens[end])):
        return True  # "horror는 절대 no, 코미디 좋아": an English "no" closing a Korean topic's clause
    joined = is_hangul_word(last) and last.endswith(LIST_JOINS_KO) and len(last) > 2
    return joined and depth < 3 and end not in starts and any(
        _negated_after(tokens, end + n, starts, depth + 1) for n in (1, 2) if end + n <= len(tokens)
        and not any(i in starts for i in range(end + 1, end + n)))


_JOM_ADVERBS = frozenset(("역시", "아무래도", "솔직히", "오늘은", "지금은", "이번엔", "이번에는", "아직", "요즘은"))
_JOM_AFTER = ("그래", "그렇", "그런", "부담", "무리", "힘들")


def _trailing_jom(tokens: list[str], end: int, starts: set[int]) -> bool:
    """A Korean polite refusal: the phrase, maybe an adverb, then 좀 closing the clause ("무서운 건 역시 좀..",
    "공포는 아무래도 좀") or 좀 그래/부담 ("공포는 좀 부담돼"), the phrase marked as the topic. 좀 before a verb only
    softens it ("공포 좀 추천해줘"), and "로맨스 좀" asks for some."""
    k = end
    while k < len(tokens) and k - end < 3 and k not in starts and tokens[k] != "좀" and (
            tokens[k] in FILLERS_KO or tokens[k] in _JOM_ADVERBS):
        k += 1
    last = tokens[end - 1] if end else ""
    if k >= len(tokens) or tokens[k] != "좀" or k in starts or not is_hangul_word(last):
        return False
    if k == end and not last.endswith(("은", "는", "건")):  # "로맨스 좀": some romance, please; "로맨스는 좀": no
        return False
    return k + 1 == len(tokens) or k + 1 in starts or tokens[k + 1].startswith(_JOM_AFTER)


def hedged(tokens: list[str], start: int, starts: set[int] | None = None) -> bool:
    """The span at `start` follows a hedge ("doesn't have to be scary", "not necessarily creepy"): the user neither
    asks for it nor rules it out, so it is no filter at all."""
    starts = starts or set()
    for hedge in HEDGES:
        for gap in (0, 1):  # "doesn't have to be too scary"
            pos = start - gap - len(hedge)
            if pos >= 0 and tuple(tokens[pos:pos + len(hedge)]) == hedge and not any(
                    i in starts for i in range(pos + 1, start + 1)):
                return True
    return False


def is_hangul_word(word: str) -> bool:
    return bool(word) and "가" <= word[-1] <= "힣"


def age_spans(folded: str) -> list[tuple[int, int]]:
    """Character spans of ages in a folded message: "in his 70s" is a person's age, not the 1970s."""
    return [m.span() for p in AGE_PATTERNS for m in re.finditer(p, folded)]


def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


@cache
def polite_phrases() -> tuple[re.Pattern[str], ...]:
    """Polite and conversational phrases ("thanks for asking", "could you please") whose words are never people."""
    return tuple(re.compile(rf"\b{re.escape(p)}\b") for p in load("negation.json")["polite"])


def polite_spans(folded: str) -> list[tuple[int, int]]:
    return [m.span() for p in polite_phrases() for m in p.finditer(folded)]


def token_spans(folded: str) -> list[tuple[int, int]]:
    """Character span of every token of fold(text).split() inside the folded string."""
    return [m.span() for m in re.finditer(r"\S+", folded)]


def capitalised_mid_sentence(text: str) -> set[str]:
    """Folded words the user capitalised where a sentence does not force it ("a Denzel thriller")."""
    text = text.strip()
    out = set()
    for m in re.finditer(r"\b[A-Z][a-z][\w'-]*", text):
        if m.start() == 0 or re.search(r"[.!?:]\s*$", text[:m.start()]):
            continue  # a sentence's first word is capitalised whatever it is
        out.add(fold(m.group(0)))
    return out


def word_after(tokens: list[str], end: int, n: int = 1) -> str:
    """The n words after a span, seen through a possessive: "nolan's animated movies" -> "animated" (fold splits
    "nolan's" into "nolan s")."""
    if end < len(tokens) and tokens[end] == "s" and end + 1 < len(tokens):
        end += 1
    return " ".join(tokens[end:end + n])


def person_cue(tokens: list[str], start: int, end: int) -> bool:
    """A word next to the span says it is a person: "with meryl", "denzel movies", "감독", "나오는"."""
    before = tokens[start - 1] if start > 0 else ""
    after = word_after(tokens, end)
    last = tokens[end - 1] if end else ""
    return (before in PERSON_CUES_BEFORE or after in PERSON_CUES_AFTER or after in GENRE_WORDS
            or (before in _CREDIT_BEFORE and after in _CREDIT_AFTER)
            or (tokens[end:end + 1] == ["s"] and bool(PERSON_CUES_AFTER.intersection(tokens[end + 1:end + 3]))
                and tokens[end + 1:end + 2] != ["the"] and not companion(tokens, start, start))  # "leo's best films", not "my friend ryan's"
            or word_after(tokens, end, 2) in GENRE_WORDS  # "nolan sci fi"
            or any(after.startswith(c) or last.endswith(c) for c in KOREAN_PERSON_CUES))


RELATIONS = frozenset("""friend friends buddy pal son daughter kid kids wife husband partner girlfriend boyfriend gf bf
dad mom mum father mother brother sister bro sis cousin uncle aunt niece nephew grandpa grandma boss coworker
colleague roommate neighbor neighbour cat dog puppy baby teacher""".split())
SUBJECT_VERBS = frozenset("""says said wants wanted likes liked loves loved hates hated recommended suggested thinks
thought told asked is was s needs prefers enjoys watches watched""".split())


def companion(tokens: list[str], start: int, end: int) -> bool:
    """A name for someone in the user's life: "my friend Bill", "Rose and I", "Tyler recommended ..."."""
    before = tokens[max(0, start - 2):start]
    after = tokens[end:end + 2]
    return (len(before) == 2 and before[0] in ("my", "our", "his", "her") and before[1] in RELATIONS) or (
        after[:2] in (["and", "i"], ["and", "me"])) or (bool(after) and after[0] in SUBJECT_VERBS)


_IS_NOT = frozenset(("isnt", "isn t", "not", "aren t", "arent"))
_THAT = frozenset(("that", "one", "ones", "which", "thats"))


def _one_that(tokens: list[str], i: int) -> bool:
    """"one that isn't X", "something that's not X": the words after the cue say which film is not wanted."""
    return i > 0 and (tokens[i - 1] in _THAT and tokens[i - 1:i + 1] != ["that", "not"]
                      or tokens[max(0, i - 2):i] in (["that", "s"], ["that", "is"], ["which", "is"], ["one", "s"]))


def excluded_spans(tokens: list[str], starts: set[int]) -> list[tuple[int, int, bool]]:
    """Token spans that may name a film the user does not want, longest first per cue, with whether the cue is
    one that names films ("except", "besides", "but not", "빼고", "X excluded") rather than any negation ("no",
    "without": "no aliens" is a creature, not the film). English spans follow their cue up to a clause boundary;
    Korean spans end before a cue after them, past fillers ("설국열차는 빼고", "인셉션 말고")."""
    out: list[tuple[int, int, bool]] = []
    cues = NEG_BEFORE + tuple(TITLE_BEFORE)
    for i in range(len(tokens)):
        cue = next((c for n in (3, 2, 1) if (c := " ".join(tokens[i:i + n])) in cues and len(c.split()) == n), None)
        if cue:
            p = i + len(cue.split())
            strong = cue in TITLE_BEFORE or (cue == "not" and i > 0 and tokens[i - 1] == "but" and i not in starts
                                             ) or (cue in _IS_NOT and _one_that(tokens, i))
            end = next((k for k in range(p + 1, min(len(tokens), p + MAX_TITLE_WORDS) + 1) if k in starts),
                       min(len(tokens), p + MAX_TITLE_WORDS))
            out += [(p, e, strong) for e in range(end, p, -1)]
        out_cue = tokens[i] == "out" and i > 1 and tokens[i - 1] in _OUT and i not in starts
        if tokens[i] == "excluded" or out_cue or (not tokens[i].isascii() and tokens[i].startswith(TITLE_AFTER_KO)):
            k = i - 1 if out_cue else i
            while k > 0 and tokens[k - 1] in FILLERS_KO and i - k < 2:
                k -= 1
            first = next((b for b in range(k - 1, max(-1, k - MAX_TITLE_WORDS - 1), -1) if b in starts), 0)
            first = max(first, k - MAX_TITLE_WORDS)
            out += [(b, k, True) for b in range(first, k) if b < k]
    return out
