"""People as fans name them: nicknames, first names, pairs and brothers ("a Denzel thriller", "the Coens").

The NameIndex finds full names, surnames and typos; this table adds what no index of catalog names can derive.
An entry that is also an everyday English word ("clint" is not, "audrey" is not, "the rock" is) must be typed with a
capital letter or follow a person cue ("with", "starring", "by") to count: a filter needs positive evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from core.understand.names import common_words
from core.understand.vocab import load

_PERSON_CUE = re.compile(r"\b(with|starring|stars|featuring|by|directed by|from|anything|something|movies?|films?)$")


@dataclass(frozen=True)
class Nickname:
    start: int  # token span in fold(text).split()
    end: int
    role: str  # "directors" or "actors"
    names: tuple[str, ...]


@cache
def nicknames() -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:
    """Folded phrase (as tokens) -> (role, catalog names)."""
    out = {}
    for phrase, roles in load("nicknames.json").items():
        for role, names in roles.items():
            out[tuple(phrase.split())] = (role, tuple(names))
    return out


@cache
def _not_people() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in load("not_people.json")["phrases"])


def character_spans(tokens: list[str]) -> set[int]:
    """Token positions inside a character or franchise name ("james bond"): no person is read there."""
    out: set[int] = set()
    for phrase in _not_people():
        n = len(phrase)
        out.update(j for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase for j in range(i, i + n))
    return out


def find_nicknames(text: str, tokens: list[str]) -> list[Nickname]:
    """Longest phrases first; a phrase that is an ordinary word needs a capital or a person cue before it."""
    table = nicknames()
    capitals = {w.lower() for w in re.findall(r"\b[A-Z][\w'-]*", text)}
    ordinary = common_words()
    used: set[int] = set()
    found: list[Nickname] = []
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            span = tuple(tokens[i:i + n])
            if span not in table or used.intersection(range(i, i + n)):
                continue
            word_like = n == 1 and (span[0] in ordinary or len(span[0]) <= 3)
            cued = bool(_PERSON_CUE.search(" ".join(tokens[max(0, i - 2):i])))
            if word_like and span[0] not in capitals and not cued:
                continue
            role, names = table[span]
            used.update(range(i, i + n))
            found.append(Nickname(i, i + n, role, names))
    return sorted(found, key=lambda m: m.start)
