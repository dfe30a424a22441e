"""Genres as people combine them, moods with their negation, and topics the catalog has no genre for.

"sci-fi thriller", "romantic comedy", "액션 코미디": adjacent genre words name one film with every genre
(Filters.genre_mode "all"); "comedy or horror", "스릴러 아니면 미스터리" name either. A negated genre is excluded and
a negated mood is never added ("a thriller that isn't scary"). A topic ("heist", "좀비", "법정") maps to the best
honest proxy in data/topics.json, and the reply says the catalog can't search by plot.
"""
from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import OSA

from core.messages import text as msg
from core.models import Filters
from core.moods import moods
from core.text import fold, is_hangul
from core.understand.evidence import hedged, negated
from core.understand.names import common_words, strip_particle
from core.understand.vocab import GENRE_WORDS, load

_GENRE_PHRASES = sorted(GENRE_WORDS, key=len, reverse=True)  # longer phrases first: "science fiction" first
TOPICS: dict[str, dict] = load("topics.json")
_EITHER = re.compile(r"\b(or|either|nor)\b|아니면|또는|이나\b|이든|거나")
_LATIN_HEAD = re.compile(r"([a-z][a-z-]*)[가-힣]{1,3}")  # "thriller로", "fi랑": the word before its particle
GORE = re.compile(r"\b(gory|gore|bloody|blood|violent|violence|graphic|brutal|gruesome)\b|잔인|피 튀|고어|폭력적|잔혹")

# Children who are asleep or elsewhere are not watching: "we just put the kids to bed", "애들 재우고".
_KIDS = r"(?:the |my |our )?(?:kids?|children|little ones|baby|son|daughter)"
_KIDS_AWAY = re.compile(
    rf"\b(?:put|putting|got|get|getting) {_KIDS} (?:to bed|down|to sleep)\b"
    rf"|\b{_KIDS}(?: are| is| s| re)?(?: finally| already| both)? (?:asleep|in bed|sleeping|gone to bed|went to bed|"
    r"at school|at camp|away|out for the night|at (?:their |my |our )?(?:grandma|grandpa|grandparents|mom|dad)\w*)\b"
    r"|\bwithout (?:the|my|our) (?:kids?|children|little ones|baby)\b"
    rf"|\bafter {_KIDS} (?:go|goes|went|are|have gone|fall|falls) "
    r"(?:to bed|to sleep|asleep|down)\b"
    r"|(?:애들|아이들|아이|애기|아기|딸|아들)(?:을|를|이|가|은|는)?\s*(?:재우|재웠|잠들|자고|자는|없이|학교 가|유치원 가)")
# Someone who scares easily wants nothing scary: "I get nightmares easily", "I scare easily", "겁이 많아서".
_FEARFUL = re.compile(r"\b(?:i|we|he|she|they|kids?|who)(?: \w+)? (?:get|gets|have|has|had) (?:bad |really bad )?"
                      r"nightmares\b(?: \w+){0,2}|\bnightmares (?:\w+ )?easily\b|\bscared? (?:\w+ )?easily\b|"
                      r"\beasily (?:scared|spooked|frightened)\b|\b(?:i m|im|i am) (?:a )?(?:total |big )?"
                      r"(?:scaredy ?cat|wimp|chicken)\b|겁이\s*많|겁쟁이|쫄보|겁\s*많은")
_AWAY = {"kids": _KIDS_AWAY, "scary": _FEARFUL}
# Sadness refused: "nothing sad please", "no depressing stuff", "i don't want anything bleak", "우울한 건 사절".
_NOT_SAD = re.compile(
    r"\b(?:nothing|no|not|none|without|avoid|skip|anything but|no more|enough of the|don t want|dont want|do not want|"
    r"don t need|dont need)(?: (?:anything|something|too|overly|very|that|so|super|remotely|at all))* (?:sad|depressing|"
    r"bleak|tragic|tear ?jerkers?|downers?|gloomy|miserable|heartbreaking)\b(?! ones?\b)"
    r"|(?:슬픈|우울한|눈물 나는|신파)\s*(?:건|거|것|영화|영화는)?\s*(?:말고|빼고|싫어|노노|사절|no\b)")
# A genre word as a plain noun of the user's day or opinion, not a kind of film: "not having seen jaws is a crime",
# "it'd be a crime to...", "so much drama at work", "drama가 너무 많았음", "my week was a horror show".
_FILM_NOUNS = r"(?:movies?|films?|flicks?|stories|story|thrillers?|comedy|comedies|drama|dramas|caper|shows?|series|genre)"
_FIGURATIVE = re.compile(
    rf"\b(?:is|s|was|be|been|what|such|it s|that s|thats|its)(?: a| an)?(?: real| total| absolute| actual| literal)? "
    rf"(?P<crime>crime)\b(?! {_FILM_NOUNS}\b)"
    rf"|\b(?:too much|so much|way too much|enough|all the|all this)(?: \w+)? (?P<drama>drama)\b(?! {_FILM_NOUNS}\b)"
    r"|\b(?:lots of|a lot of|tons of|some)(?: \w+)? (?P<dramas>drama)\b(?= (?:at|in my|with my|from|going on|today|"
    r"lately|this week|irl)\b)"
    r"|(?P<ko>drama|드라마)\s*(?:가|이|는)?\s*(?:너무|진짜|엄청|완전|ㄹㅇ|넘)?\s*많"
    r"|\b(?:is|was|been|s) (?:a |an |such a |an absolute |a total |a complete )?(?P<show>horror) (?:show|story)\b")


# A misspelt genre word ("comdy", "horor", "thriler", "documentry") counts where a genre word stands: after "a",
# "any", "good"..., before "movies", "pls", "from"..., or beside another genre word. Same first letter, one edit
# (two for long words), never a common English word: "spots" is no "sports", "prime" no "crime".
_TYPO_TARGETS = sorted(w for w in GENRE_WORDS if w.isascii() and " " not in w and len(w) >= 5)
_TYPO_BEFORE = frozenset("a an any some good great best decent fun cool new old classic recent favourite favorite "
                         "korean french british japanese american italian".split())
_TYPO_AFTER = frozenset("movie movies film films flick flicks pls please plz recs recommendations suggestions about "
                        "from with set for that or and".split())


@cache
def _typo_known() -> frozenset[str]:
    """Words that are never a typo: genre words and common English words (built once, not per message)."""
    return frozenset(GENRE_WORDS) | common_words()


def fix_typos(text: str) -> str:
    """The message with misspelt genre words spelt right (see _TYPO_TARGETS), everything else as typed."""
    words = list(re.finditer(r"[A-Za-z]+", text))
    known = _typo_known()
    out, last = [], 0
    for k, m in enumerate(words):
        w = m.group(0).lower()
        if len(w) < 5 or w in known:
            continue
        prev = words[k - 1].group(0).lower() if k and text[words[k - 1].end():m.start()].strip() == "" else ""
        nxt = words[k + 1].group(0).lower() if k + 1 < len(words) else ""
        if not (prev in _TYPO_BEFORE or prev in GENRE_WORDS or nxt in _TYPO_AFTER or nxt in GENRE_WORDS
                or k + 1 == len(words)):
            continue
        best = [g for g in _TYPO_TARGETS if g[0] == w[0]
                and OSA.distance(w, g) <= (2 if len(g) >= 8 else 1)]
        if len(best) == 1 or (best and all(GENRE_WORDS[b] == GENRE_WORDS[best[0]] for b in best)):
            out += [text[last:m.start()], best[0]]
            last = m.end()
    return "".join(out) + text[last:] if out else text


def read_genres(tokens: list[str], starts: set[int], f: Filters) -> None:
    """Wanted and excluded genres; "all" mode when the wanted ones are written together as one kind of film.
    An English genre word with a Korean particle on it counts ("horror 말고 thriller로")."""
    tokens = [m.group(1) if (m := _LATIN_HEAD.fullmatch(t)) else t for t in tokens]
    stripped = [strip_particle(t) if is_hangul(t) else t for t in tokens]  # once per token, not per phrase
    first: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        first.setdefault(t, []).append(i)
    hangul = [i for i, t in enumerate(tokens) if is_hangul(t)]
    used = _away_tokens(tokens) | _figurative_tokens(tokens)  # "we put the kids to bed": no family film wanted
    wanted_spans: list[tuple[int, int, int]] = []  # (start, end, genres named)
    span_genres: list[list[str]] = []
    for phrase in _GENRE_PHRASES:
        parts = phrase.split()
        n = len(parts)
        places = hangul if n == 1 and not phrase.isascii() else first.get(parts[0], [])
        for i in places:
            if i + n > len(tokens) or any(j in used for j in range(i, i + n)):
                continue
            hit = " ".join(tokens[i:i + n]) == phrase or (n == 1 and not phrase.isascii() and phrase in stripped[i])
            if not hit:
                continue
            if phrase.isascii() or phrase == stripped[i]:
                used.update(range(i, i + n))  # a Korean compound ("범죄스릴러") stays open for more genres
            if hedged(tokens, i, starts):  # "doesn't have to be scary": neither wanted nor excluded
                continue
            excluded = negated(tokens, i, i + n, starts)
            target = f.exclude_genres if excluded else f.genres
            for g in GENRE_WORDS[phrase]:
                if g not in target:
                    target.append(g)
            if not excluded:
                wanted_spans.append((i, i + n, len(GENRE_WORDS[phrase])))
                span_genres.append(GENRE_WORDS[phrase])
    # A genre named outright beats the same genre under a negated degree word: "a horror film that isn't too scary".
    f.exclude_genres = [g for g in f.exclude_genres if g not in f.genres]
    seen: set[str] = set()
    firsts = []  # "horror comedy, like scary but fun": a later word that names no new genre is no third genre
    for span, genres in zip(wanted_spans, span_genres):
        if not set(genres) <= seen:
            firsts.append(span)
        seen.update(genres)
    if len(f.genres) >= 2 and (_together(firsts, tokens) or _for_the_family(f.genres, tokens)
                               or _BOTH.search(" ".join(tokens))):
        f.genre_mode = "all"


_BOTH = re.compile(r"\bboth\b|둘 ?다|동시에")  # "둘 다인 거", "both sci-fi and horror"


def _for_the_family(genres: list[str], tokens: list[str]) -> bool:
    """"a comedy for the whole family": the audience narrows the kind of film named, it is no second choice."""
    return "Family" in genres and not _EITHER.search(" ".join(tokens))


def _together(spans: list[tuple[int, int, int]], tokens: list[str]) -> bool:
    """The wanted genres form one run of adjacent words ("sci fi thriller", "로맨틱 코미디", "범죄스릴러")."""
    positions = sorted({(s, e) for s, e, _ in spans})
    if not positions:
        return False
    lo, hi = positions[0][0], max(e for _, e in positions)
    if _EITHER.search(" ".join(tokens[lo:hi])):
        return False
    covered: set[int] = {i for i in range(lo, hi) if tokens[i] in _ABOUT}  # "a documentary about music"
    for s, e in positions:
        covered.update(range(s, e))
    return covered == set(range(lo, hi))


# Words that make the second genre the first one's subject: "a documentary about a musician", "음악에 관한 다큐".
_ABOUT = {"about", "on", "of", "a", "an", "the", "some", "관한", "대한", "관련", "관련된", "다룬"}


def _figurative_tokens(tokens: list[str]) -> set[int]:
    """Indices of genre words used as plain nouns ("is a crime", "so much drama at work"): no genre at all."""
    folded, offsets, at = " ".join(tokens), [], 0
    for t in tokens:
        offsets.append(at)
        at += len(t) + 1
    spans = [m.span(g) for m in _FIGURATIVE.finditer(folded) for g in ("crime", "drama", "dramas", "ko", "show") if m.group(g)]
    return {i for i, o in enumerate(offsets) if any(a <= o < b for a, b in spans)}


def _away_tokens(tokens: list[str]) -> set[int]:
    """Indices of the tokens inside a phrase about children who are away or asleep."""
    folded, offsets, at = " ".join(tokens), [], 0
    for t in tokens:
        offsets.append(at)
        at += len(t) + 1
    spans = [m.span() for m in _KIDS_AWAY.finditer(folded)]
    return {i for i, o in enumerate(offsets) if any(a <= o < b for a, b in spans)}


def read_moods(folded: str, tokens: list[str], starts: set[int], f: Filters) -> list[str]:
    """Mood ids the message asks for; a mood named only under a negation, or only about children who are away or
    asleep, is not asked for. A refused scary mood excludes Horror unless Horror is the genre asked for."""
    offsets = [m.start() for m in re.finditer(r"\S+", folded)]
    found: set[str] = set()
    refused: set[str] = set()
    away = {mood: [m.span() for m in p.finditer(folded)] for mood, p in _AWAY.items()}
    for pattern, mood_id in _mood_patterns():
        for m in pattern.finditer(folded):
            if any(a <= m.start() < b for a, b in away.get(mood_id, [])):
                continue
            i = _token_at(offsets, m.start())
            j = _token_at(offsets, max(m.end() - 1, m.start())) + 1
            # "아무 생각 없이", "부담 없는": the cue's own 없이/없는 is its meaning, not a negation of it
            own = not m.group(0).isascii() and any(c in m.group(0) for c in ("없이", "없는"))
            if hedged(tokens, i, starts):
                continue
            if not negated([*tokens[:j - 1], "·", *tokens[j:]] if own else tokens, i, j, starts):
                found.add(mood_id)
            else:
                refused.add(mood_id)
    if "kids" not in found and _child_age(folded):
        found.add("kids")
    if ("tear_jerker" in refused or _NOT_SAD.search(folded)) and not found & {"tear_jerker", "scary", "exciting"}:
        found.add("feel_good")  # "nothing sad please", "슬픈 거 말고": the opposite is what they ask for
    if "scary" in refused and "scary" not in found and "Horror" not in f.genres and "Horror" not in f.exclude_genres:
        f.exclude_genres.append("Horror")  # "무섭지 않은 스릴러", "nothing scary": a thriller, never a horror film
    return [m for m in moods() if m in found]


_AGE_WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_AGE_KO = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
           "열한": 11, "열두": 12}
_AGE_N = rf"(\d{{1,2}}|{'|'.join(_AGE_WORDS)})"
# A child's age: "my 8 year old", "a 10 yo", "my nephew, he's 6", "여섯 살 딸", "7살", "5세 아이".
_CHILD_AGE = re.compile(
    rf"\b{_AGE_N} (?:year|yr)s? old\b|\b{_AGE_N} ?yo\b"
    rf"|\b(?:he|she) (?:s|is) {_AGE_N}\b(?! (?:feet|foot|ft|inches|hours?|minutes?|mins?|times|stars?|of)\b)"
    rf"|(?<![가-힣])(\d{{1,2}}|{'|'.join(sorted(_AGE_KO, key=len, reverse=True))}) ?(?:살|세)(?=이|인|[^가-힣]|$)(?!이상)"  # "10살인데", "8살이라"
    r"(?!\s*(?:때|이상|넘|이후|까지|부터|더|차이|많|어린|위|아래|연상|연하))")
_OWN_PAST = re.compile(r"\b(?:i|we) (?:was|were)(?: (?:about|like|only|maybe))? $|\bsince i (?:was )?$")


def _child_age(folded: str) -> bool:
    """A child's age makes it a kids request; an adult's ("my 40 year old husband", "서른 살") is no mood and
    never a decade."""
    for m in _CHILD_AGE.finditer(folded):
        if _OWN_PAST.search(folded[:m.start()]):  # "a film i loved when i was 10 years old": the speaker, then
            continue
        word = next(g for g in m.groups() if g)
        age = int(word) if word.isdigit() else _AGE_WORDS.get(word) or _AGE_KO.get(word, 99)
        if age <= 12:
            return True
    return False


@cache
def _mood_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w)), mood.id)
            for mood in moods().values() for w in mood.cues]


def _token_at(offsets: list[int], char: int) -> int:
    i = 0
    while i + 1 < len(offsets) and offsets[i + 1] <= char:
        i += 1
    return i


def read_gore(folded: str, tokens: list[str], starts: set[int], f: Filters) -> None:
    """"nothing too gory", "너무 잔인한 건 싫어": no horror, unless horror is what they asked for."""
    offsets = [m.start() for m in re.finditer(r"\S+", folded)]
    for m in GORE.finditer(folded):
        i = _token_at(offsets, m.start())
        if negated(tokens, i, i + 1, starts) and not hedged(tokens, i, starts) and (
                "Horror" not in f.genres and "Horror" not in f.exclude_genres):
            f.exclude_genres.append("Horror")


def read_topics(folded: str, tokens: list[str], starts: set[int], f: Filters, notes: list[str], lang: str) -> None:
    """A topic the catalog has no genre for: its proxy (when no genre was named) and a note saying so."""
    offsets = [m.start() for m in re.finditer(r"\S+", folded)]
    for word in sorted(TOPICS, key=len, reverse=True):
        m = re.search(rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word), folded)
        if not m:
            continue
        i = _token_at(offsets, m.start())
        if negated(tokens, i, i + len(word.split()), starts) or any(
                re.search(rf"\b{re.escape(word)}\b", fold(t)) for t in f.similar_to):
            continue  # "alien was a masterpiece" names the film Alien, not the topic
        topic = TOPICS[word]
        narrowed = f.similar_to or f.directors or f.actors  # the proxy only when nothing else narrows the request
        if f.text or narrowed or not set(f.genres) <= set(topic.get("genres", [])):
            # "a documentary on sharks": the documentaries answer; never name a proxy that was not searched
            notes.append(msg("topic_unsearched", lang, topic=m.group(0)))
            return
        if topic.get("text"):
            f.text = topic["text"]
        for g in topic.get("genres", []):
            if g not in f.genres and g not in f.exclude_genres:
                f.genres.append(g)
        if topic.get("all") and len(f.genres) >= 2:
            f.genre_mode = "all"
        notes.append(msg("topic_proxy", lang, topic=m.group(0), proxy=topic["label"]["ko" if lang == "ko" else "en"]))
        return
