"""A director named through one of their films: "something by the guy who made memento", "from the director of
jaws", "올드보이 감독 다른 영화", "인셉션 만든 감독".

Why: people often remember the film, not the name. The words after such a cue are a title, not a like-X seed;
the reader turns the film into its director (a filter) and leaves the film itself out of the picks.
"""
from __future__ import annotations

import re

_WHO = r"(?:guy|person|man|woman|lady|dude|people|one|someone|folks?|team|director|filmmaker|maker|creator)s?"
_MADE = r"(?:made|directed|did|shot|gave us|was behind|is behind)"
_EN = re.compile(
    rf"\b(?:(?:by|from)\s+(?:the\s+)?(?:same\s+)?{_WHO}\s+(?:who|that)\s+(?:also\s+)?{_MADE}"
    rf"|(?:by|from)\s+whoever\s+{_MADE}"
    rf"|(?:the\s+)?(?:same\s+)?(?:director|filmmaker|maker|creator)s?\s+(?:of|behind|who\s+{_MADE})"
    rf"|whoever\s+{_MADE})\s+([^.!?;,\n]+)", re.IGNORECASE)
# "올드보이 감독 다른 영화", "올드보이 감독의 작품", "인셉션 만든 감독", "기생충 연출한 사람 영화"
_KO = re.compile(r"([^,.!?\n]{1,40}?)\s*(?:(?:을|를)?\s*(?:만든|연출한|찍은)\s*(?:감독|사람)"
                 r"|\s감독(?:의|이|님|님의)?\s*(?:다른|딴|다음|또 다른|최신)?\s*(?:영화|작품|거|것))")


def film_phrases(text: str) -> list[tuple[str, bool, str]]:
    """(words that may name the film, whether the title ends them, the whole cue) for each made-by cue in the
    message: English phrases start with the title ("memento please" -> try "memento please", "memento"), Korean
    ones end with it."""
    out = [(m.group(1).strip(), False, m.group(0)) for m in _EN.finditer(text)]
    out += [(m.group(1).strip(), True, m.group(0)) for m in _KO.finditer(text)]
    return [(p, tail, whole) for p, tail, whole in out if p]
