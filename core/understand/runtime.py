"""Runtime in words: "an hour and a half", "under two hours", "한 시간 반", "두 시간 안 넘는".

The reader's runtime patterns read numbers with units; this turns spelled-out durations into minutes first, so
one set of patterns serves every phrasing. Words without a number ("long", "short") are read in reader.py, and
only when they describe the film: "a long day" is not a runtime.
"""
from __future__ import annotations

import re

_EN_NUMBERS = {"an": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_KO_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4}


def _minutes(hours: float, extra: int = 0) -> str:
    return f"{int(hours * 60) + extra} minutes"


def spell_out(folded: str) -> str:
    """Spelled-out durations -> "N minutes" ("an hour and 40 minutes" -> "100 minutes")."""
    en = r"(an|a|one|two|three|four|\d+)"

    def hours(word: str) -> float:
        return float(_EN_NUMBERS.get(word, word))

    folded = re.sub(rf"\b{en}\s+(?:hours?|hrs?)\s+and\s+(?:a\s+)?half\b",
                    lambda m: _minutes(hours(m.group(1)) + 0.5), folded)
    folded = re.sub(rf"\b{en}\s+and\s+a\s+half\s+(?:hours?|hrs?)\b",
                    lambda m: _minutes(hours(m.group(1)) + 0.5), folded)
    folded = re.sub(r"\b(?:an\s+|one\s+)?(?:hour|hr)\s+and\s+(?:a\s+)?half\b", _minutes(1.5), folded)
    folded = re.sub(r"\bhalf\s+an\s+hour\b", "30 minutes", folded)
    folded = re.sub(rf"\b{en}\s+(?:hours?|hrs?)\s+and\s+(\d+)\s*(?:minutes?|mins?)\b",
                    lambda m: _minutes(hours(m.group(1)), int(m.group(2))), folded)
    folded = re.sub(r"\b(an|one|two|three|four)\s+(hours?|hrs?)\b",
                    lambda m: _minutes(hours(m.group(1))), folded)
    folded = re.sub(r"\b(\d+)\s*(?:1/2|\.5)\s*(?:hours?|hrs?)\b", lambda m: _minutes(int(m.group(1)) + 0.5), folded)
    folded = re.sub(r"([한두세네])\s*시간\s*반", lambda m: f"{_KO_NUMBERS[m.group(1)] * 60 + 30}분", folded)
    folded = re.sub(r"(\d+)\s*시간\s*반", lambda m: f"{int(m.group(1)) * 60 + 30}분", folded)
    folded = re.sub(r"([한두세네])\s*시간", lambda m: f"{_KO_NUMBERS[m.group(1)] * 60}분", folded)
    folded = re.sub(r"(\d+)\s*시간\s*(\d+)\s*분", lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))}분", folded)
    return folded


# "around 90 minutes", "like 80-90 mins", "90분 정도", "90분짜리": about that long, so at most a little more.
APPROX_EN = r"\b(?:around|about|roughly|approximately|like|~)\s*(?:\d+\s*(?:-|to)\s*)?(\d+)\s*(?:minutes?|mins?|m)\b"
APPROX_KO = r"(\d+)\s*분\s*(?:정도|쯤|짜리|내외|남짓)"
APPROX_SLACK = 10
