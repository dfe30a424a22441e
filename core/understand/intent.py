"""Messages that want no picks: movie questions, greetings and thanks, requests for other media.

"who directed Ben-Hur?", "올드보이 감독이 누구야?" are questions about one film, answered from its catalog row
(core/answer.py); "hi", "고마워" get a short friendly line; "a book like Dune" gets the scope answer. The
wordings are data (data/intents.json): each pattern covers a class of phrasing, and a question counts only when
the words in its title slot name a film the title index knows, so "who is in the mood for a comedy" stays a
request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from core.understand.vocab import load

Asks = Literal["director", "cast", "year", "runtime", "other"]
Chat = Literal["greeting", "thanks", "goodnight"]


@dataclass(frozen=True)
class QuestionMatch:
    title: str  # the film as the user typed it, maybe with a year: "titanic (1997)"
    asks: Asks


@cache
def _vocab() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str], re.Pattern[str], re.Pattern[str],
                      re.Pattern[str]]:
    raw = load("intents.json")
    questions = [(q["asks"], re.compile(q["pattern"])) for q in raw["questions"]]
    return (questions, re.compile(raw["greetings"]), re.compile(raw["thanks"]), re.compile(raw["other_media"]),
            re.compile(raw["media_film_words"]))


def normalise(text: str) -> str:
    """Lower case, one space, curly apostrophes straightened, trailing punctuation and emoji-free ends."""
    text = " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())
    return re.sub(r"[\s?!.~…,:;)]*$", "", text).strip(" \"'“”")


def questions(text: str) -> list[QuestionMatch]:
    """Every reading of the message as a movie question, in pattern order (the caller keeps the first whose
    title resolves)."""
    t = normalise(text)
    if not t or len(t) > 160:  # a long message is a request that happens to contain "who"
        return []
    out = []
    for asks, pattern in _vocab()[0]:
        if m := pattern.search(t):
            title = m.group("t").strip(" \"'“”《》「」")
            title = re.sub(r"^(?:the (?:movie|film)|movie|film|영화)\s+", "", title).strip()
            if title:
                out.append(QuestionMatch(title, asks))  # type: ignore[arg-type]
                glued = re.match(r"[가-힣]+", t[m.end("t"):])  # "올드보이 어떤": the optional particle took its 이
                if glued and re.search(r"[가-힣]$", title):
                    out.append(QuestionMatch(title + glued.group(0), asks))  # type: ignore[arg-type]
    return out


def chat(text: str) -> Chat | None:
    """A greeting or a thank-you and nothing else."""
    t = normalise(text)
    _, greetings, thanks, _, _ = _vocab()
    if thanks.search(t):
        return "thanks"
    if greetings.search(t):
        return "goodnight" if re.search(r"night|\bgn\b|잘 ?자|굿나잇|좋은 밤", t) else "greeting"
    return None


def other_media(text: str, titles: list[str] = ()) -> bool:  # type: ignore[assignment]
    """Whether the message asks for a book, series, podcast, game... rather than a film. A media word inside a
    film the user named ("The Book Thief") does not count; "movies based on books" is still a film request,
    "a podcast about film" is not."""
    t = normalise(text)
    for title in titles:
        t = t.replace(title.casefold(), " ")
    _, _, _, media, film = _vocab()
    hit = next((h for h in media.finditer(t) if not _disliked(t, h.start())), None)
    if not hit:  # "i can't stand people bursting into song": a media word said with dislike is not asked for
        return False
    film_hit = film.search(t)
    if film_hit is None:
        return True
    # the media word is what is asked for when it comes first and the film word only follows as its subject
    return hit.start() < film_hit.start() and bool(
        re.match(r"\s*(?:about|on|like|similar to|for|of|about the|on the)\b", t[hit.end():]))


_DISLIKE = re.compile(r"\b(?:no|not|without|never|hate|hates|can't stand|cannot stand|can't bear|cannot bear|"
                      r"can't|cannot|don't|dont|won't|tired of|sick of)\b")
_DISLIKE_AFTER = re.compile(r"^\s*(?:은|는|도|이나|나)?\s*(?:싫|말고|빼고|없이|사절|노노)")
_CLAUSE_END = re.compile(r"[,.;!?]|\bbut\b|\bjust\b")


def _disliked(t: str, at: int) -> bool:
    """An English dislike or negation word earlier in the media word's clause ("no books, a film please"), or a
    Korean one right after the word ("게임 말고 영화")."""
    clause = _CLAUSE_END.split(t[:at])[-1]
    word = re.match(r"\S+", t[at:])
    rest = t[at + (len(word.group(0)) if word else 0):]
    return bool(_DISLIKE.search(clause)) or bool(_DISLIKE_AFTER.search(rest))
