"""Words the offline reader understands, in English and Korean.

Word lists are data (`core/understand/data/*.json`, each with a `_doc` line); what stays here are the patterns,
which are code in all but name.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load(name: str) -> dict[str, Any]:
    """One vocabulary file, without its `_doc` entry."""
    raw = json.loads(resources.files("core.understand").joinpath(f"data/{name}").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if k != "_doc"}


GENRE_WORDS: dict[str, list[str]] = load("genres.json")  # folded phrase -> catalog genres
_PLACES = load("places.json")
COUNTRY_WORDS: dict[str, str] = _PLACES["countries"]  # nationality word -> catalog country
SPOKEN: dict[str, str] = _PLACES["spoken"]  # a country -> the language its own films are in
LANGUAGE_WORDS: dict[str, str] = _PLACES["languages"]  # "in French", "프랑스어" -> catalog language
# Foreign names are written phonetically in Hangul; a handful of well-known ones can't be derived.
KOREAN_NAME_ALIASES: dict[str, str] = load("korean_names.json")
NEGATIONS: tuple[str, ...] = tuple(load("negation.json")["cues"])

# Korean particles and words that follow a name: "봉준호의", "송강호가 나오는", "봉준호 감독".
KOREAN_PARTICLES = ("이랑", "처럼", "같은", "감독님", "감독", "배우", "주연", "의", "이", "가", "은", "는",
                    "을", "를", "과", "와", "랑", "도", "님")
DIRECTOR_CUES = ("director", "directed", "감독", "연출", "filmmaker", "by")
ACTOR_CUES = ("with", "starring", "stars", "actor", "actress", "featuring", "출연", "나오는", "주연", "배우",
              "나온")

GENRE_KO = {"Action": "액션", "Adventure": "모험", "Animation": "애니메이션", "Biography": "전기", "Comedy": "코미디",
            "Crime": "범죄", "Documentary": "다큐멘터리", "Drama": "드라마", "Family": "가족", "Fantasy": "판타지",
            "History": "역사", "Horror": "공포", "Music": "음악", "Musical": "뮤지컬", "Mystery": "미스터리",
            "Romance": "로맨스", "Sci-Fi": "SF", "Sport": "스포츠", "Thriller": "스릴러", "War": "전쟁",
            "Western": "서부극"}

# "early 2000s", "80년대 후반": offsets within the decade.
DECADE_PARTS = {"early": (0, 3), "초반": (0, 3), "초": (0, 3), "mid": (4, 6), "중반": (4, 6),
                "late": (7, 9), "후반": (7, 9), "말": (7, 9)}
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
                "seventies": 1970, "eighties": 1980, "nineties": 1990}
# "best", "of all time", "명작": favour acclaimed, lasting films (a soft preference, Filters.acclaimed).
ACCLAIM_PATTERN = (r"\b(best|greatest|of all time|all time|classic|classics|masterpiece|masterpieces|acclaimed|"
                   r"must see|must watch|timeless|essential)\b|명작|걸작|고전|역대|인생 영화|인생영화")
# Academy Awards, most specific first.
AWARD_PATTERNS = (
    (r"\b(oscar|academy award)s? ?(nominated|nominee|nominees|nomination|nominations)\b|\bnominated for (an |the )?"
     r"(oscar|academy award)|오스카 후보|아카데미 후보|노미네이트", "nominated"),
    (r"\b(oscar|oscars|academy award|academy awards|best picture)\b|오스카|아카데미", "won"),
)
# "movies like X", "I loved X", "more like X": the text after the cue may name a film.
LIKE_PATTERN = (r"\b(?:like|similar to|such as|in the vein of|reminds? me of|along the lines of|"
                r"(?:really )?(?:loved|liked|enjoyed|adored)|fan of)\s+"
                r"(?!(?:in|at|on|to|for|from|with|when|if|i|you|we|he|she|they|it|that|this|so|crazy|mad|hell)\b)"
                r"([^.!?;\"“”\n]+)")  # "what's the weather like in london", "cried like crazy": no film
# More ways to name a film you liked: "just rewatched X", "I love X", "we watched X and loved it" (title after the
# cue) and "X is my fav", "X vibes" (title before it).
TITLE_AFTER_PATTERN = (r"\b(?:re-?watched|watched|saw|seen|finished|love|adore|enjoy|obsessed with|"
                       r"my (?:fav(?:ou?rite)?|fave) (?:movie|film) is)\s+([^.!?;\"“”\n]+)")
TITLE_BEFORE_PATTERN = (r"([^,.!?;\"“”\n]{2,60}?)\s+(?:is|was) (?:my |our |an )?(?:all[- ]time |absolute )?(?:fav(?:ou?rite)?|fave)\b|"
                        r"([^,.!?;\"“”\n]{2,60}?)(?:\s+|-)(?:vibes|energy|(?:type|kind|sort|style)\b(?: of)?|esque|ish)\b")
# "X was so good", "X is a masterpiece": praise names a film only with a "more like that" cue in the message, or
# when the words are a catalog title exactly ("my week was so good" names nothing).
PRAISE_PATTERN = (r"([^,.!?;\"“”\n]{2,60}?)\s+(?:is|was|were)\s+(?:(?:so|really|very|absolutely|pretty|just|such|"
                  r"an?|soo+|rly)\s+)*(?:good|great|amazing|awesome|insane|incredible|fantastic|brilliant|perfect|"
                  r"wild|fire|goated|beautiful|gorgeous|masterpiece|unreal|phenomenal|sick|dope|peak|epic)\b")
MORE_LIKE_CUE = (r"\b(?:more|others?|something|anything|films?|movies?|stuff|recs?|recommendations?|ones?|picks?) "
                 r"(?:like|similar to) (?:that|it|this|them)\b|\b(?:hits?|feels?) (?:just )?like (?:that|it|this)\b|"
                 r"\b(?:close|similar) to (?:that|it|this)\b|\bsimilar\b|\bwhat(?:'s| is)? next\b|\bwhat else\b|"
                 r"\bin the same vein\b")
# "I've seen X, Y and Z": films to leave out, not seeds (unless the words say they were liked).
SEEN_PATTERN = (r"\b(?:i've|i have|ive|we've|we have|already|i already|have already)\s+(?:only\s+|just\s+)?"
                r"(?:seen|watched)\s+"
                r"(?:all of |both |)([^.!?;\"“”\n]+)|"
                r"\b(?:already|i already|we already)\s+saw\s+([^.!?;,\"“”\n]+)|"  # "already saw heat"
                r"(?:^|[.!?;]\s*|\b(?:i|we|i've|ive|we've)\s+)(?:seen|watched|saw)\s+([^.!?;,\"“”\n]+?)\s+already\b")
LIKED_WORDS = r"\b(?:lov|lik|enjoy|ador|fav|great|amazing|awesome|brilliant)"
# Words that open an ordinary subject, not a title: "my week was so good", "it was great", "what type of movies".
NOT_A_TITLE_START = frozenset("my our your his her their this that it its today tonight yesterday everything life "
                              "work what which whatever any some".split())
KOREAN_LIKE_CUE = r"같은|처럼|비슷한|느낌|분위기|감성의|재밌게|재미있게|재밌었|재미있었|좋았|좋아하|좋아했|인상 깊|감명 깊|봤는데"
KOREAN_LIKE_PATTERN = r"([^,.!?\n]{1,40}?)\s*(?:" + KOREAN_LIKE_CUE + r")"
# A question with no movie words and nothing movie-specific is off-topic.
QUESTION_PATTERN = (r"^(what|who|where|when|why|how|which|is|are|can|could|do|does|did|will|tell me)\b|"
                    r"\b(capital of|weather|what time|meaning of|how many|how much)\b|뭐야|뭐예요|누구|어디|언제|왜|"
                    r"날씨|수도|몇 시")
SCOPE_ANSWER = {
    "en": "I only know movies 🎬 Ask me for recommendations, like “a 90s comedy with Tom Hanks”, "
          "“something feel-good for date night” or “movies like Oldboy”.",
    "ko": "저는 영화 추천만 할 수 있어요 🎬 “봉준호 감독 범죄 스릴러”, “비 오는 날 볼 따뜻한 영화”, "
          "“올드보이 같은 영화”처럼 물어봐 주세요.",
}
