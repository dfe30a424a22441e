"""Text folding and Korean romanization: the forgiveness behind name, title and genre matching."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z가-힣]+")
_ARTICLE_LAST = re.compile(r"^(.*), (the|a|an|les|la|le|il|das|der|die|el)$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase, strip accents, turn hyphens/punctuation into single spaces.

    "Bong Joon-ho" and "bong joon ho" and "BONG JOONHO"? -> the first two fold equal; `squash`
    handles the missing space.
    """
    if text.isascii():  # most names and titles: NFKD, accents and NFC change nothing in ASCII
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text.lower())
    return _NON_WORD.sub(" ", text).strip()


def squash(text: str) -> str:
    """fold() without spaces: "Joon-ho" == "joonho" == "joon ho"."""
    return fold(text).replace(" ", "")


def title_key(title: str) -> str:
    """Folded title with a trailing article moved to the front ("Host, The" -> "the host")."""
    m = _ARTICLE_LAST.match(title.strip())
    if m:
        title = f"{m.group(2)} {m.group(1)}"
    return fold(title)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


# ---------------------------------------------------------------- Korean -> Latin
_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t"]
# Family names are romanized by convention, not by the rules.
_SURNAMES = {"이": "lee", "박": "park", "김": "kim", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
             "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh", "신": "shin", "서": "seo",
             "권": "kwon", "황": "hwang", "송": "song", "류": "ryoo", "유": "yoo", "홍": "hong", "전": "jeon",
             "고": "go", "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo",
             "노": "noh", "심": "shim", "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo",
             "우": "woo", "구": "koo", "민": "min", "나": "na", "진": "jin", "지": "ji", "엄": "uhm",
             "채": "chae", "원": "won", "천": "cheon", "방": "bang", "공": "kong", "현": "hyun", "함": "ham",
             "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "도": "do", "소": "so", "석": "seok",
             "선": "sun", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "위": "wi", "표": "pyo",
             "명": "myung", "기": "ki", "반": "ban", "왕": "wang", "금": "geum", "옥": "ok", "육": "yook",
             "인": "in", "맹": "maeng", "제": "je", "모": "mo", "탁": "tak", "봉": "bong", "국": "kook",
             "남궁": "namgoong", "황보": "hwangbo", "제갈": "jegal", "선우": "sunwoo", "독고": "dokgo"}


def is_hangul(text: str) -> bool:
    return any("가" <= c <= "힣" for c in text)


def romanize(text: str) -> str:
    """Revised Romanization, syllable by syllable (no sound-change rules: names don't follow them)."""
    out = []
    for c in text:
        code = ord(c) - 0xAC00
        if 0 <= code < 11172:
            i, rest = divmod(code, 588)
            v, f = divmod(rest, 28)
            out.append(_INITIALS[i] + _VOWELS[v] + _FINALS[f])
        else:
            out.append(c)
    return "".join(out)


def romanize_name(name: str) -> str:
    """"봉준호" -> "bong junho": conventional surname, then the given name as one word."""
    name = name.strip().replace(" ", "")
    for sur in sorted(_SURNAMES, key=len, reverse=True):
        if name.startswith(sur) and len(name) > len(sur):
            return f"{_SURNAMES[sur]} {romanize(name[len(sur):])}"
    return romanize(name)


_LOOSE = [("oo", "u"), ("wu", "u"), ("eo", "o"), ("eu", "u"), ("ee", "i"), ("yu", "u"), ("wo", "o"), ("ae", "a"),
          ("ay", "a"), ("k", "g"), ("p", "b"), ("t", "d"), ("ch", "j"), ("r", "l"), ("sh", "s"),
          ("ou", "u"), ("h", "")]


def loose_key(name: str) -> str:
    """A spelling-insensitive key for Korean names: Joon/Jun, Hyeon/Hyun, Park/Bak, Choi/Choe fold together."""
    s = squash(name)
    for a, b in _LOOSE:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)
