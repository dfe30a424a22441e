"""Which words of a request are negated: "a thriller that isn't scary", "comedy but no romance", "공포 말고 코미디".

English cues negate the words after them, up to the end of the clause ("but", "just", punctuation); Korean cues
follow what they negate ("무서운 건 말고"). A negated genre becomes an exclusion; a negated mood is never added;
a negated person is excluded. Cue words are data: data/negation.json.
"""
from __future__ import annotations

import re
from functools import cache

from core.text import fold
from core.understand.vocab import load

_SCOPE_EN = 6  # words after an English cue
_SCOPE_KO = 2  # words before a Korean cue


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    data = load("negation.json")
    english = frozenset(c for c in data["cues"] if c.isascii() and " " not in c)
    korean = frozenset(c for c in data["cues"] if not c.isascii())
    return english, frozenset(data["clause_ends"]), frozenset(data["contractions"]), tuple(sorted(korean, key=len))


def clauses(text: str) -> list[list[str]]:
    """Folded tokens per clause: punctuation ends a clause, which folding alone would erase."""
    return [fold(part).split() for part in re.split(r"[.,;:!?\n]+|\s[-–—]\s", text)]


def negated_positions(text: str) -> set[int]:
    """Indices into fold(text).split() that a negation covers."""
    english, ends, contractions, korean = _cues()
    parts = clauses(text)
    if sum(len(p) for p in parts) != len(fold(text).split()):  # folding merged across a mark: one clause
        parts = [fold(text).split()]
    out: set[int] = set()
    offset = 0
    for words in parts:
        for i, w in enumerate(words):
            cue = w in english or (w == "t" and i > 0 and words[i - 1] in contractions)
            if cue:
                for j in range(i + 1, min(len(words), i + 1 + _SCOPE_EN)):
                    if words[j] in ends:
                        break
                    out.add(offset + j)
            elif not w.isascii():
                if w in korean:
                    out.update(offset + j for j in range(max(0, i - _SCOPE_KO), i))
                elif any(w.endswith(c) and len(w) > len(c) for c in korean):  # "공포빼고": the word itself
                    out.add(offset + i)
        offset += len(words)
    return out
