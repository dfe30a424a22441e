"""Messages that want no picks: movie questions, greetings and thanks, requests for other media; and vague
messages that still want picks.

"who directed Ben-Hur?", "올드보이 감독이 누구야?" are questions about one film, answered from its catalog row
(core/answer.py); "hi", "고마워" get a short friendly line; "a book like Dune" gets the scope answer; "entertain me"
wants picks though it names nothing. The wordings are data (data/intents.json): each pattern covers a class of
phrasing, and a question counts only when the words in its title slot name a film the title index knows, so
"who is in the mood for a comedy" stays a request.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from core.understand.vocab import load

log = logging.getLogger(__name__)

Asks = Literal["director", "cast", "year", "runtime", "other"]
Chat = Literal["greeting", "how_are_you", "thanks", "goodbye", "goodnight"]

# Words around a question that carry no meaning: "yo who made goodfellas again", "quick question: ...".
_LEAD = re.compile(r"^(?:(?:yo+|hey+|hi+|hello|so|and|ok(?:ay)?|um+|uh+|hm+|wait|btw|also|oh|ah|quick (?:question|q)|"
                   r"random (?:question|q)|question|q|lol|dude|bro|guys|moviebot|bot|봇아|저기|근데|혹시|아|remind me|"
                   r"do you (?:know|remember)|any idea|i forgot|i forget|(?:can you )?tell me(?= (?:who|what|how|when|which)\b))"
                   r"\b[,:!]?\s*)+")
_TAIL = re.compile(r"(?:[\s,]+(?:again|lol|lmao|haha+|btw|exactly|anyway|though|tho|already|i forgot|i forget|"
                   r"i can'?t remember|do you know|you know|off the top of your head|pls|please|real quick|"
                   r"ㅋ+|ㅎ+|ㅠ+))+$")


@dataclass(frozen=True)
class QuestionMatch:
    title: str  # the film as the user typed it, maybe with a year: "titanic (1997)"
    asks: Asks
    loose: bool = False  # a wording that is a question only when its title names a catalog film
    rest: str = ""  # the rest of the message ("the one with jimmy stewart"): it may say which film of the title


@cache
def _vocab() -> tuple[list[tuple[str, re.Pattern[str], bool]], re.Pattern[str], re.Pattern[str], re.Pattern[str],
                      re.Pattern[str]]:
    raw = load("intents.json")
    questions = [(q["asks"], re.compile(q["pattern"]), bool(q.get("loose"))) for q in raw["questions"]]
    return (questions, re.compile(raw["other_media"]), re.compile(raw["weak_media"]),
            re.compile(raw["media_film_words"]), re.compile(raw["wants_picks"]))


@cache
def _chat() -> dict[str, re.Pattern[str]]:
    """Each chat family as one alternation, longest phrase first so "thank you" beats "thank"."""
    out = {}
    for kind, phrases in load("intents.json")["chat"].items():
        alts = "|".join(sorted(phrases, key=len, reverse=True))
        out[kind] = re.compile(rf"(?<![\w가-힣])(?:{alts})(?![a-z0-9'])")
    return out


_BESIDES = re.compile(r"\s+(?:besides|apart from|aside from|other than|except(?: for)?|excluding|not counting|"
                      r"beyond|but not)\s.*$|\s*(?:말고|빼고|외에|말고도|빼고도|이외에)\s*$")


def normalise(text: str) -> str:
    """Lower case, one space, curly apostrophes straightened, trailing punctuation and emoji-free ends."""
    text = " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())
    text = re.sub(r"\b(who|what|how|where|when)s\b", r"\1's", text)  # "whos in X", "whats X about"
    return re.sub(r"[\s?!.~…,:;)]*$", "", text).strip(" \"'“”")


def _sentences(t: str) -> list[str]:
    """Each sentence, the whole message, then its comma pieces, fillers trimmed: "when was vertigo released? the
    one with jimmy stewart" asks in its first sentence and describes the film in the second; a comma splits a
    title ("the good, the bad and the ugly") less often than a sentence end does, so its pieces come last."""
    parts = [*re.split(r"\s*(?:[?!]+|\.\s+|\n+)\s*", t), t, *re.split(r"\s*[,;]\s*", t)]
    out = []
    for part in parts:
        part = _TAIL.sub("", _LEAD.sub("", normalise(part))).strip()
        if part and part not in out:
            out.append(part)
    return out


def questions(text: str) -> list[QuestionMatch]:
    """Every reading of the message as a movie question, in pattern order (the caller keeps the first whose
    title resolves)."""
    t = normalise(text)
    if not t or len(t) > 160:  # a long message is a request that happens to contain "who"
        return []
    out: list[QuestionMatch] = []
    for sentence in _sentences(t):
        rest = t.replace(sentence, " ").strip(" ?!.,")
        for asks, pattern, loose in _vocab()[0]:
            if m := pattern.search(sentence):
                title = m.group("t").strip(" \"'“”《》「」")
                title = re.sub(r"^(?:the (?:movie|film)|movie|film|영화)\s+", "", title).strip()
                if title and not any(q.title == title and q.asks == asks for q in out):
                    out.append(QuestionMatch(title, asks, loose, rest))  # type: ignore[arg-type]
                    # "who's in the godfather besides pacino": the names after the title only narrow the answer
                    bare = _BESIDES.sub("", title).strip()
                    if bare and bare != title:
                        out.append(QuestionMatch(bare, asks, loose, rest))  # type: ignore[arg-type]
                    glued = re.match(r"[가-힣]+", sentence[m.end("t"):])  # "올드보이 어떤": the particle took its 이
                    if glued and re.search(r"[가-힣]$", title):
                        out.append(QuestionMatch(title + glued.group(0), asks, loose, rest))  # type: ignore[arg-type]
    return out


def chat(text: str) -> Chat | None:
    """A message made only of greetings, thanks, goodbyes, "how are you" and fillers ("hey moviebot 👋 how r u",
    "thx that was perfect, watching it now", "추천 고마워!! 잘 볼게"); anything left over is a request."""
    t = re.sub(r"[^\w\s'가-힣ㄱ-ㅎㅏ-ㅣ]", " ", normalise(text))
    t = " ".join(t.replace("_", " ").split())
    if not t:
        return None
    found = set()
    for kind, pattern in _chat().items():
        t, n = pattern.subn(" ", t)
        if n:
            found.add(kind)
    if t.strip() or not found - {"filler"}:
        return None
    if "thanks" in found:
        return "thanks"
    if "bye" in found:
        return "goodnight" if re.search(r"night|\bgn\b|잘 ?자|굿나잇|좋은 밤", normalise(text)) else "goodbye"
    return "how_are_you" if "how_are_you" in found else "greeting"


def wants_picks(text: str) -> bool:
    """Whether a message that names no constraint still asks for something to watch ("entertain me", "got anything
    good?", "뭐 볼까"): a broad request, not an off-topic one."""
    return bool(_vocab()[4].search(normalise(text)))


def other_media(text: str, titles: list[str] = ()) -> bool:  # type: ignore[assignment]
    """Whether the message asks for a book, series, podcast, game... rather than a film. A media word inside a
    film the user named ("The Book Thief") does not count; "movies based on books" is still a film request,
    "a podcast about film" is not. A word that is often no medium ("bursting into song") counts only where it is
    what is asked for ("songs like this"); 정주행 (binge a series) not when a film was named."""
    t = normalise(text)
    for title in titles:
        t = t.replace(title.casefold(), " ")
    _, media, weak, film, _ = _vocab()
    hit = next((m for m in (*media.finditer(t), *weak.finditer(t))  # "i can't stand people bursting into song":
                if not (titles and m.group(0) == "정주행") and not _disliked(t, m.start())  # not asked for
                and not _OCCASION.match(t, m.end())), None)  # "a movie for game night": an evening, not a game
    if not hit:
        return False
    film_hit = film.search(t)
    if film_hit is None:
        return True
    # the media word is what is asked for when it comes first and the film word only follows as its subject
    return hit.start() < film_hit.start() and bool(
        re.match(r"\s*(?:about|on|like|similar to|for|of|about the|on the|(?:(?:that|which) (?:are|were|is|was) )?"
                 r"(?:based on|inspired by|adapted from|made from|made out of|from|of|after))\b", t[hit.end():]))


_OCCASION = re.compile(r"\s*(?:night|day|evening)\b")
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
