"""Runtime in words: "an hour and a half", "under two hours", "두 시간 안 넘는", "한 시간 반", "not too long".

A duration is a runtime only with evidence: a bound word ("under", "이내", "넘는"), an approximate word next to a
film ("a movie around 90 minutes", "세 시간짜리"), or a film word right after it ("a 2 hour movie"). "a 10 hour
shift", "after a long day" and "finish before 11" are not runtimes. Soft words give a sensible bound: "short" and
"짧은" at most 100 minutes, "not too long" and "너무 길지 않은" at most 120; "around 90 minutes" at most 90.
"""
from __future__ import annotations

import re

from core.models import Filters
from core.understand.vocab import GENRE_WORDS

SHORT_MAX, NOT_LONG_MAX, LONG_MIN = 100, 120, 140
_ENGLISH_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20,
                    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "half": 0.5}
_KOREAN_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5}
_NUM = r"(\d+(?: \d)?|an?|one|two|three|four|five|ten|twenty|thirty|forty|fifty|sixty|ninety|한|두|세|네|다섯)"
# One duration: hours (with "and a half" / "반" / "and 40 minutes") or minutes.
DURATION = re.compile(
    rf"(?:(?<![\w]){_NUM}\s*(hours?|hrs?|h|시간)(?![a-z])(?:\s*(?:and\s+)?(?:(a half|an? half|반)|"
    rf"(\d+|twenty|thirty|forty|fifty)\s*(?:minutes?|mins?|m|분)(?![a-z])))?"
    rf"|\b(?:an? )?(half) (?:an? )?hour"
    rf"|(?<![\w])(hour) and (?:a half|(\d+|twenty|thirty|forty|fifty) (?:minutes?|mins?))"
    rf"|(?<![\w])(\d+)\s*(minutes?|mins?|m|분)(?![a-z]))")
_MAX_BEFORE = re.compile(r"(?:under|less than|shorter than|at most|within|max|maximum|no longer than|no more than|"
                         r"up to|below|not over|not longer than|not more than|nothing over|nothing longer than|"
                         r"none over|no over|tops|no longer than about)\s*$")
_MIN_BEFORE = re.compile(r"(?<!nothing )(?<!not )(?<!none )(?<!no )\b(?:over|more than|longer than|at least|minimum|"
                         r"above|past|min)\s*$")
_ABOUT_BEFORE = re.compile(r"(?:around|about|roughly|approximately|approx|like|maybe|some|~)\s*$")
_MAX_AFTER = re.compile(r"^\s*(?:이내|이하|미만|안쪽|안에|안으로|안 넘|안넘|넘지 않|넘지않|or less|or shorter|or under|max|"
                        r"tops|at most|and under|and below)")
_MIN_AFTER = re.compile(r"^\s*(?:이상|넘는|넘게|넘어|초과|넘(?!지)|or more|or longer|plus|\+|and up|and over|and longer)")
_ABOUT_AFTER = re.compile(r"^\s*(?:짜리|정도|쯤|내외|or so|ish|long)")
_FILM_AFTER = re.compile(r"^\s*(?:long\s+)?(?:movies?|films?|flicks?|ones?|영화|작품|runtime|running time)\b")
_FILM_BEFORE = re.compile(r"(?:something|anything|movie|film|one|runtime|length|long|lasting|영화|러닝타임|상영시간)\s*$")
_NOT_LONG = re.compile(r"\b(?:not|nothing|isn t|isnt|none|no)\s+(?:too|that|very|so|overly|super|crazy)\s+long\b|"
                       r"\bnot long\b|\bnothing long\b|\bnot a long\b|너무 길지 않|길지 않|안 긴|안긴|길지않|"
                       r"너무 긴 건 (?:싫|말고|빼고)|긴 건 (?:싫|말고|빼고)|긴 영화 (?:싫|말고|빼고)")
_SHORT = re.compile(r"\bshort(?:er)?\b(?! films?\b)|\bquick (?:watch|one|movie|film)\b|짧은|짧게|짧고")
_LONG = re.compile(r"\b(?:long|lengthy) (?:movies?|films?|ones?|watch|epics?|sit)\b|\b(?:something|anything|really|"
                   r"very|super|nice) long\b|\b(?:epic|epics|lengthy)\b(?! day| week| night| shift)|(?<![가-힣])긴 영화|(?<![가-힣])긴 거|(?<![가-힣])긴거|"
                   r"대작|서사")


def _number(word: str) -> float:
    if word in _ENGLISH_NUMBERS:
        return _ENGLISH_NUMBERS[word]
    if word in _KOREAN_NUMBERS:
        return _KOREAN_NUMBERS[word]
    return float(word.replace(" ", "."))  # "1 5 hours": "1.5 hours" folded


def minutes(m: re.Match[str]) -> float | None:
    """Minutes of one DURATION match."""
    g = m.groups()
    if g[0]:  # hours, maybe with a half or minutes
        value = _number(g[0]) * 60
        if g[2]:
            value += 30
        elif g[3]:
            value += _number(g[3])
        return value
    if g[4]:  # "half an hour"
        return 30
    if g[5]:  # "hour and a half", "hour and 40 minutes"
        return 60 + (_number(g[6]) if g[6] else 30)
    return float(g[7]) if g[7] else None


def _ends_or_genre(after: str) -> bool:
    """A duration on its own ("an hour and a half?", "한 시간 반 코미디"), not "a 3 hour drive"."""
    words = after.split()
    return not words or words[0] in GENRE_WORDS


def read_runtime(folded: str, f: Filters) -> None:
    """Sets min_runtime / max_runtime from what the words say, and nothing without evidence."""
    for m in DURATION.finditer(folded):
        value = minutes(m)
        if value is None:
            continue
        before, after = folded[:m.start()], folded[m.end():]
        # A bound word makes it a runtime whatever the number: Filters drops an absurd one and the reply says so.
        bound = int(value) if value < 1e9 else value  # whole minutes; an absurd float stays for Filters to drop
        if _MAX_BEFORE.search(before) or _MAX_AFTER.search(after):
            f.max_runtime = f.max_runtime or bound  # type: ignore[assignment]
        elif _MIN_BEFORE.search(before) or _MIN_AFTER.search(after):
            f.min_runtime = f.min_runtime or bound  # type: ignore[assignment]
        elif not 20 <= value <= 300:  # "a 10 hour shift", "3 min": not a film's length
            continue
        elif (_ABOUT_BEFORE.search(before) or _ABOUT_AFTER.search(after) or _FILM_AFTER.search(after)
              or _FILM_BEFORE.search(before) or _ends_or_genre(after)):
            # "around an hour and a half", "세 시간짜리", "a 2 hour movie": about that long, so no longer
            f.max_runtime = f.max_runtime or int(value) + (30 if value >= 150 else 0)
            if value >= 150:
                f.min_runtime = f.min_runtime or int(value) - 30
    if f.max_runtime is None and _NOT_LONG.search(folded):
        f.max_runtime = NOT_LONG_MAX
    elif f.max_runtime is None and _SHORT.search(folded):
        f.max_runtime = SHORT_MAX
    if f.min_runtime is None and f.max_runtime is None and not _NOT_LONG.search(folded) and _LONG.search(folded):
        f.min_runtime = LONG_MIN
