"""Positive evidence: may a filter stand, given the words of the request? Pure functions, no catalog access.

The offline reader never invents a constraint: it sets one only when the words say it. A model does invent them
(a few-shot example's "Tom Hanks" excluded from an unrelated request, `min_runtime: 90` for "under 90 minutes",
a year range for "something by Kubrick"). These checks hold the model to the same rule: an exclusion needs a
negation near its value, a year a number, decade or era word, a runtime a number with a unit or a length word, a
person their name (or a known rendering) in the text.
"""
from __future__ import annotations

import re
from typing import Iterable

from core.text import fold, squash
from core.understand.vocab import DECADE_WORDS, GENRE_KO, GENRE_WORDS, NEGATIONS

# the offline reader's NEGATIONS plus phrasings a model's exclusion may rest on
CUES = (*NEGATIONS, "anything but", "other than", "instead of", "rather than", "exclude", "excluding", "hate",
        "dislike", "don t like", "dont like", "tired of", "no more", "never", "isn t", "aren t", "wasn t",
        "doesn t", "don t", "shouldn t", "won t", "않은", "빼줘", "제외하고")
NEGATION_WINDOW = 4  # words before a value ("not a horror", "anything but Tom Hanks")
KOREAN_NEGATION_CHARS = 12  # characters after a value ("공포 빼고", "톰 행크스 나오는 거 말고")
_ERA = re.compile(r"\b(recent|new|newer|newest|latest|modern|current|contemporary|classic|classics|old|older|"
                  r"oldies|vintage|golden age|silent|retro|this year|last year|decade|century)\b|최신|최근|요즘|"
                  r"고전|옛날|오래된|예전|옛|올해|작년|년대|세기")
_YEARISH = re.compile(r"\d{2,4}|'\d0s?\b|\b\d0s\b")
_RUNTIME = re.compile(r"\d+\s*(?:h|hr|hrs|hour|hours|m|min|mins|minute|minutes|시간|분)(?![a-z])|"
                      r"\b(short|shorter|long|longer|lengthy|epic|epics|quick|brief|runtime|length|hour|hours|"
                      r"minutes|an evening|bite-sized)\b|짧|길|긴 영화|러닝타임|상영 시간|대작|서사|시간")


def has_year_cue(text: str) -> bool:
    folded = fold(text)
    return bool(_YEARISH.search(folded) or _ERA.search(folded)
                or any(re.search(rf"\b{w}\b", folded) for w in DECADE_WORDS))


def has_runtime_cue(text: str) -> bool:
    return bool(_RUNTIME.search(fold(text)))


def _positions(folded: str, form: str) -> list[int]:
    form = fold(form)
    if not form:
        return []
    if form.isascii():
        return [m.start() for m in re.finditer(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", folded)]
    return [m.start() for m in re.finditer(re.escape(form), folded)]


def mentioned(text: str, forms: Iterable[str]) -> bool:
    """Does the text name one of `forms` (spacing-insensitive for Hangul)?"""
    folded = fold(text)
    squashed = squash(text)
    for form in forms:
        if _positions(folded, form):
            return True
        key = squash(form)
        if key and not key.isascii() and key in squashed:
            return True
    return False


def negated_near(text: str, forms: Iterable[str]) -> bool:
    """A negation word within a few words before one of `forms`, or a Korean negation just after it."""
    folded = fold(text)
    for form in forms:
        length = len(fold(form))
        for pos in _positions(folded, form):
            before = folded[:pos].split()[-NEGATION_WINDOW:]
            after = folded[pos + length: pos + length + KOREAN_NEGATION_CHARS]
            if any(re.search(rf"\b{re.escape(n)}\b", " ".join(before)) for n in CUES if n.isascii()):
                return True
            if any(n in after for n in CUES if not n.isascii()):
                return True
            if re.match(r"\s*(?:free|less)\b", after) or re.match(r"-free\b", folded[pos + length:]):
                return True  # "gore-free", "horror free"
    return False


def genre_forms(genre: str) -> list[str]:
    """Every word a request may use for a catalog genre: "Romance" <- romance, romantic, love story, 로맨스, 멜로..."""
    forms = [genre, GENRE_KO.get(genre, "")]
    forms += [word for word, genres in GENRE_WORDS.items() if genre in genres]
    return [f for f in dict.fromkeys(forms) if f]


def genre_of(word: str, known: Iterable[str]) -> list[str]:
    """A genre word from a model ("Romcom", "스릴러", "sci fi", "thriller") -> catalog genres, [] when unknown."""
    by_lower = {g.lower(): g for g in known}
    folded = fold(word)
    if folded in by_lower:
        return [by_lower[folded]]
    for key in (folded, folded.replace("-", " "), squash(word)):
        if key in GENRE_WORDS:
            return [g for g in GENRE_WORDS[key] if g in by_lower.values()]
    ko = {v: k for k, v in GENRE_KO.items()}
    if word.strip() in ko and ko[word.strip()] in by_lower.values():
        return [ko[word.strip()]]
    return []
