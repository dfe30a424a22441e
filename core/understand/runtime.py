"""Runtime in words: "an hour and a half", "under two hours", "두 시간 안 넘는", "한 시간 반", "not too long".

A duration is a runtime only with evidence: a bound word ("under", "이내", "넘는"), an approximate word next to a
film ("a movie around 90 minutes", "세 시간짜리"), a film word right after it ("a 2 hour movie"), a time budget
("I have two hours before my train", "두 시간밖에 없어") or a range ("between 100 and 130 minutes", "90~120분").
"a 10 hour shift", "after a long day" and "finish before 11" are not runtimes. Numbers may be spelled out
("ninety minutes", "an hour and forty five minutes", "한 시간 사십오 분") or compact ("1h45", "1 hr 45").
Soft words give a sensible bound: "short" and "짧은" at most 90 minutes (a short feature), "not too long" and "너무 길지 않은" at
most 120; "around 90 minutes" at most 90. "long" asks for a film of 140 minutes or more, "epic" and "대작" 150;
"a three hour movie" or "세 시간짜리" is a minimum near it (170), "long, like 3 hours" or "세 시간 정도" a looser one
(160, not 2½ hours); never a maximum.
"""
from __future__ import annotations

import logging
import re

from core.models import Filters
from core.text import fold
from core.understand.vocab import GENRE_WORDS

log = logging.getLogger(__name__)

SHORT_MAX, NOT_LONG_MAX, LONG_MIN, EPIC_MIN = 90, 120, 140, 150
ABOUT_SLACK, LOOSE_SLACK = 10, 20  # "a three hour movie", "세 시간짜리": 170 or more; "like 3 hours": 160 or more
_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_TEENS = {w: i for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                     "nineteen".split(), 10)}
_TENS = {w: i * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_WORD_VALUES = {**_UNITS, **_TEENS, **_TENS, "a": 1, "an": 1, "half": 0.5, "hundred": 100}
_KOREAN_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6}
_SINO = {d: i for i, d in enumerate("일이삼사오육칠팔구", 1)}
_U, _TE, _T = ("|".join(d) for d in (_UNITS, _TEENS, _TENS))
# A spelled-out English number up to "a hundred and ninety nine": "ninety", "forty five", "a hundred and twenty".
_EN = (rf"(?:(?:a|one) hundred(?:(?: and)? (?:(?:{_T})(?: (?:{_U}))?|{_TE}|{_U}))?"
       rf"|(?:{_T})(?: (?:{_U}))?|{_TE}|{_U})")
_SINO_NUM = r"(?:[이삼사오육칠팔구]?백(?:[이삼사오육칠팔구]?십)?|[이삼사오육칠팔구]?십)[일이삼사오육칠팔구]?"  # 사십오, 백이십
_HOURS_N = rf"(\d+(?: \d)?|{_EN}|an?|한|두|세|네|다섯|여섯)"  # "1 5" is "1.5" folded
_MINUTES_N = rf"(\d+|{_EN}|{_SINO_NUM})"
_HOUR_UNIT = r"(?:hours?|hrs?|h|시간)(?![a-z])"
_MIN_UNIT = r"(?:minutes?|mins?|m|분)(?![a-z])"
_HALF = r"(?:a half|an? half|반)"
# One duration: hours (with "and a half" / "반" / "and 40 minutes" / "45") or minutes.
DURATION = re.compile(
    rf"(?<![\w]){_HOURS_N}( and a half)?\s*{_HOUR_UNIT}(?:\s*(?:and\s+)?(?:({_HALF})|{_MINUTES_N}\s*{_MIN_UNIT}"
    rf"|(\d\d?|(?:{_T})(?: (?:{_U}))?)(?![\d\w])))?"  # "1h45", "an hour forty five"
    rf"|\b(?:an? )?(half) (?:an? )?hour"
    rf"|(?<![\w])(hour) and (?:a half|{_MINUTES_N} {_MIN_UNIT})"
    rf"|(?<![\w]){_MINUTES_N}\s*{_MIN_UNIT}")
_MAX_BEFORE = re.compile(r"(?:under|(?<!no )(?<!not )less than|(?<!no )(?<!not )shorter than|at most|within|max|maximum|no longer than|no more than|"
                         r"up to|below|not over|not longer than|not more than|nothing over|nothing longer than|"
                         r"none over|no over|tops|no longer than about|"
                         r"(?:isn t|isnt|aren t|arent|never|shouldn t be|shouldnt be) (?:over|more than|longer than)|"
                         # "can't sit through more than an hour": what they cannot do is the ceiling
                         r"\b(?:can ?t|cannot|can not|won ?t)(?: \w+){0,3} (?:more|longer) than)\s*$")
_MIN_BEFORE = re.compile(r"(?<!nothing )(?<!not )(?<!none )(?<!no )\b(?:over|more than|longer than|at least|minimum|"
                         r"minimum of|a minimum of|above|past|min|(?:no|not) (?:less|shorter) than)\s*$")
_ABOUT_BEFORE = re.compile(r"(?:around|about|roughly|approximately|approx|like|maybe|some|~)\s*$")
_MAX_AFTER = re.compile(r"^\s*(?:no more\b(?! than)|이내|이하|미만|안쪽|안에|안으로|안 넘|안넘|넘지 않|넘지않|or less|or shorter|or under|max|"
                        r"tops|at most|and under|and below|under(?![a-z])(?! (?:the|a|an|my|water|sea)\b)|"  # "1시간 30분 under로"
                        # "한 시간 반 넘는 건 싫어요", "두 시간 넘으면 별로": more than that is what they do not want
                        r"(?:넘는|넘어가는|이상인?|넘으면|넘어가면)\s*(?:건|거|것|영화)?\s*(?:은|는|도)?\s*"
                        r"(?:싫|별로|말고|빼고|안 ?돼|노노|패스|부담))")
_MIN_AFTER = re.compile(r"^\s*(?:이상|넘는|넘게|넘어|초과|넘(?!지)|or more|or longer|plus|\+|and up|and over|and longer|"
                        r"minimum\b|min\b|at (?:the )?(?:very )?least\b|at a minimum\b)")
# A floor negated is a ceiling: "not 2+ hours long", "nothing 2 hours or longer", "isn't 90+ minutes".
_NEG_BEFORE = re.compile(r"\b(?:not|nothing|none|no|never|isn t|isnt|aren t|arent|without)(?: (?:a|an|even|like|that s|thats))?"
                         r"\s*$")
_ABOUT_AFTER = re.compile(r"^\s*(?:짜리|정도|쯤|내외|or so|ish|long)")
_LOOSE_AFTER = re.compile(r"^\s*(?:정도|쯤|내외|or so|ish)")  # 짜리 and "long" give the film's length
_FILM_AFTER = re.compile(r"^\s*(?:long\s+)?(?:movies?|films?|flicks?|ones?|영화|작품|runtime|running time)\b")
_FILM_BEFORE = re.compile(r"(?:something|anything|movie|film|one|runtime|length|long|lasting|영화|러닝타임|상영시간)\s*$")
# A time budget is a maximum: "I have two hours before my train", "we've only got 90 minutes", "두 시간밖에 없어".
_BUDGET_BEFORE = re.compile(r"\b(?:i|we)(?: ve| have)? (?:only |just |still )?(?:have|got|ve got)"
                            r"(?: only| just| like| about| maybe| roughly| around)*\s*$|\bonly (?:have|got)\s*$")
_BUDGET_AFTER = re.compile(r"^\s*(?:before (?!\d)|until |till |to kill|to spare|free\b|left\b|of free time|"
                           r"밖에|뿐|남았|남아|여유)")
_NOT_LONG = re.compile(r"\b(?:not|nothing|isn t|isnt|none|no)\s+(?:too|that|very|so|overly|super|crazy)\s+long\b|"
                       r"\bnot long\b|\bnothing long\b|\bnot a long\b|너무 길지 않|길지 않|안 긴|안긴|길지않|"
                       r"너무 긴 건 (?:싫|말고|빼고)|긴 건 (?:싫|말고|빼고)|긴 영화 (?:싫|말고|빼고)")
_SHORT = re.compile(r"\bshort(?:er)?\b(?! films?\b)|\bquick (?:watch|one|movie|film)\b|짧은|짧게|짧고|"
                    r"(?:빨리|금방|후딱|일찍) (?:끝나는|끝날|볼 수 있는|보는)")  # "빨리 끝나는 영화": a short one
_LONG = re.compile(r"\b(?:long|lengthy) (?:movies?|films?|ones?|watch|epics?|sit)\b|\b(?:something|anything|really|"
                   r"very|super|nice|proper) long\b|\blong (?:\w+ )?sagas?\b|\bsprawling\b|\b(?:epic|epics|lengthy)\b(?! day| week| night| shift)|"
                   r"(?<![가-힣])긴 영화|(?<![가-힣])긴 거|(?<![가-힣])긴거|대작|서사")
_EPIC = re.compile(r"\b(?:epic|epics)\b(?! day| week| night| shift)|\bsprawling\b|\blong (?:\w+ )?sagas?\b|대작|서사")  # longer than just "long"
# The lower end of a range, before its upper duration: "between 100 and", "100 to", "1시간에서", "from 90 minutes to".
_RANGE_LEFT = re.compile(rf"(?:\b(between|from)\s+)?(?<![\w])(\d+(?: \d)?|{_EN}|한|두|세|네)\s*"
                         rf"({_HOUR_UNIT}|{_MIN_UNIT})?\s*(and|to|에서)\s*$")


_PLUS = re.compile(r"(\d)\s*\+\s*(hours?|hrs?|h|minutes?|mins?|m|시간|분)(?![a-z])|"
                   r"(\d\s*(?:hours?|hrs?|h|minutes?|mins?|m|시간|분))\s*\+", re.IGNORECASE)


def runtime_fold(text: str) -> str:
    """fold() that keeps a range a range and a plus a floor: "100-130 min" and "90~120분" read "100 to 130 min",
    "90 to 120분"; "2+ hours" and "2h+" read "2 hours or more" (fold would drop the "+")."""
    text = re.sub(r"\b(hours?|hrs?) and a bit\b", r"\1 and 15 minutes", text)  # "an hour and a bit": about 75
    text = _PLUS.sub(lambda m: f"{m[1]} {m[2]} or more" if m[1] else f"{m[3]} or more", text)
    return fold(re.sub(r"(\d)\s*[-~–]\s*(\d)", r"\1 to \2", text))


def _number(word: str) -> float:
    """The value of a number as typed: "90", "1 5" (1.5 folded), "forty five", "a hundred and ten", "사십오", "두"."""
    word = word.strip()
    if word[0].isdigit():
        return float(word.replace(" ", "."))
    if word in _KOREAN_NATIVE:
        return _KOREAN_NATIVE[word]
    if not word.isascii():  # Sino-Korean: 사십오 = 4 x 10 + 5, 백이십 = 100 + 2 x 10
        sino, digit = 0, 0
        for ch in word:
            if ch in _SINO:
                digit = _SINO[ch]
            else:
                sino += (digit or 1) * (100 if ch == "백" else 10)
                digit = 0
        return sino + digit
    total: float = 0.0
    for w in word.split():
        if w == "hundred":
            total = max(total, 1) * 100
        elif w != "and":
            total += _WORD_VALUES[w]
    return total


def minutes(m: re.Match[str]) -> float | None:
    """Minutes of one DURATION match."""
    g = m.groups()
    if g[0]:  # hours, maybe with a half or minutes
        value = _number(g[0]) * 60 + (30 if g[1] or g[2] else 0)
        if g[3]:
            value += _number(g[3])
        elif g[4] and _number(g[4]) < 60:  # "1h45", "1 hr 45", "an hour forty five"
            value += _number(g[4])
        return value
    if g[5]:  # "half an hour"
        return 30
    if g[6]:  # "hour and a half", "hour and 40 minutes"
        return 60 + (_number(g[7]) if g[7] else 30)
    return _number(g[8]) if g[8] else None


def _ends_or_genre(after: str) -> bool:
    """A duration on its own ("an hour and a half?", "한 시간 반 코미디"), not "a 3 hour drive"."""
    words = after.split()
    return not words or words[0] in GENRE_WORDS


def _ranges(folded: str, found: list[re.Match[str]]) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """The first range ("between 100 and 130 minutes", "1시간에서 2시간") as (low, high) minutes, and the character
    spans it covers (its ends are not read again as single durations)."""
    for m in found:
        left = _RANGE_LEFT.search(folded[:m.start()])
        high = minutes(m)
        if not left or high is None or (left.group(4) == "and" and left.group(1) != "between"):
            continue
        in_hours = (left.group(3) or ("h" if m.group(1) else "m"))[0] in "h시"
        low = _number(left.group(2)) * (60 if in_hours else 1)
        if 0 < low < high:
            return (int(low), int(high)), [(left.start(), m.end())]
    return None, []


def read_runtime(folded: str, f: Filters) -> None:
    """Sets min_runtime / max_runtime from what the words say, and nothing without evidence."""
    found = list(DURATION.finditer(folded))
    span, covered = _ranges(folded, found)
    if span:
        f.min_runtime, f.max_runtime = span
    long_film = bool(_LONG.search(folded)) and not _NOT_LONG.search(folded)
    for m in found:
        value = minutes(m)
        if value is None or any(a <= m.start() < b for a, b in covered):
            continue
        before, after = folded[:m.start()], folded[m.end():]
        # A bound word makes it a runtime whatever the number: Filters drops an absurd one and the reply says so.
        bound = int(value) if value < 1e9 else value  # whole minutes; an absurd float stays for Filters to drop
        if (_MAX_BEFORE.search(before) or _MAX_AFTER.search(after) or _BUDGET_BEFORE.search(before)
                or _BUDGET_AFTER.search(after)):
            f.max_runtime = f.max_runtime or bound  # type: ignore[assignment]
        elif _MIN_BEFORE.search(before) or _MIN_AFTER.search(after):
            if _NEG_BEFORE.search(before) and not _MIN_BEFORE.search(before):  # "not 2+ hours": no more than that
                f.max_runtime = f.max_runtime or bound  # type: ignore[assignment]
            else:
                f.min_runtime = f.min_runtime or bound  # type: ignore[assignment]
        elif not 20 <= value <= 300:  # "a 10 hour shift", "3 min": not a film's length
            continue
        elif (_ABOUT_BEFORE.search(before) or _ABOUT_AFTER.search(after) or _FILM_AFTER.search(after)
              or _FILM_BEFORE.search(before) or _ends_or_genre(after)):
            if long_film or value >= 150:  # "a proper long epic, like 3 hours", "세 시간짜리", "a three hour
                # movie": a long film of about that length; longer still is welcome, so a floor and no ceiling
                loose = _ABOUT_BEFORE.search(before) or _LOOSE_AFTER.search(after)  # "like 3 hours": a wider band
                f.min_runtime = f.min_runtime or int(value) - (LOOSE_SLACK if loose else ABOUT_SLACK)
                continue
            # "around an hour and a half", "a 2 hour movie": about that long, so no longer
            f.max_runtime = f.max_runtime or int(value)
    if f.max_runtime is None and _NOT_LONG.search(folded):
        f.max_runtime = NOT_LONG_MAX
    elif f.max_runtime is None and f.min_runtime is None and _SHORT.search(folded):
        f.max_runtime = SHORT_MAX
    if f.min_runtime is None and f.max_runtime is None and long_film:
        f.min_runtime = EPIC_MIN if _EPIC.search(folded) else LONG_MIN
