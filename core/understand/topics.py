"""Topics the catalog cannot search ("a heist movie", "좀비 영화"): an honest genre proxy plus a note saying so.

The embedded catalog has genres, not plots. Searching "vampire" in titles would find a handful and miss most;
pretending the genre *is* the topic would be a quiet lie. So the reader searches the proxy and tells the user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from core.understand.vocab import load


@dataclass(frozen=True)
class Topic:
    name: str
    typed: str
    genres: tuple[str, ...]


@cache
def _table() -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    rows = []
    for name, entry in load("topics.json").items():
        for word in sorted(entry["words"], key=len, reverse=True):
            pattern = re.compile(rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word))
            rows.append((pattern, name, tuple(entry["genres"])))
    return rows


def find_topics(folded: str, negated_words: set[str] = frozenset()) -> list[Topic]:  # type: ignore[assignment]
    """Topics named in a folded message (not negated ones), each once, in table order."""
    found: dict[str, Topic] = {}
    for pattern, name, genres in _table():
        m = pattern.search(folded)
        if m and name not in found and m.group(0) not in negated_words:
            found[name] = Topic(name, m.group(0), genres)
    return list(found.values())
