"""Korean replies that read naturally: names and titles in Hangul where known, particles by the final consonant.

Templates mark a particle that depends on the word before it with the usual pair notation ("을(를)", "이(가)",
"은(는)", "과(와)", "(으)로", "(이)에요" ...); `resolve` picks the right one once the word is filled in, so a
template never shows both forms to the user.

The final sound of the word before a particle:
* Hangul: the last syllable's final consonant (ㄹ counts apart for "(으)로": 서울로, 집으로).
* Digits: their Korean reading (1 일, 3 삼, 6 육, 7 칠, 8 팔, 0 영/십/백/천 end in a consonant; 2 4 5 9 do not).
* Latin: a word in capitals or without a vowel is read letter by letter ("JSA" 제이에스에이, "png" 피엔지;
  L 엘, M 엠, N 엔, R 알 end in a consonant); any other word by the loanword reading of its last letters:
  -m, -n, -ng, -ck and a silent e after m or n ("Stone" 스톤) end in a consonant, -l in ㄹ ("Paul" 폴), every
  other ending in a vowel ("Hanks" 행크스, "Host" 호스트).
* A closing quote or bracket (” 》 」) is skipped, and so is a trailing parenthetical: 《괴물》(2006)을.
Callers should substitute the Hangul form of a known title or name first (`display_title`, `name`), so these
Latin rules only decide for words the project has no Hangul for.
"""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable

from core.text import is_hangul, squash
from core.understand.vocab import GENRE_KO, KOREAN_NAME_ALIASES

if TYPE_CHECKING:
    from core.models import Movie

_CLOSERS = " \t\"'”’》」』〉»]*_~`"
_RIEUL = 8  # the index of ㄹ among the final consonants
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}  # 영 일 삼 육 칠 팔
_LETTER_FINAL = {"L": "ㄹ", "M": "ㅁ", "N": "ㄴ", "R": "ㄹ"}  # 엘 엠 엔 알


def _strip_tail(word: str) -> str:
    """The word as it is read before a particle: no closing quotes or brackets, no trailing "(...)"."""
    word = word.rstrip(_CLOSERS)
    while word.endswith(")") and "(" in word:
        word = word[: word.rindex("(")].rstrip(_CLOSERS)
    return word


def final_consonant(word: str) -> str:
    """"" for a vowel ending, "ㄹ" for ㄹ, "C" for any other final consonant (of the sound before a particle)."""
    word = _strip_tail(word)
    last = word[-1:]
    if "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        return "" if jong == 0 else "ㄹ" if jong == _RIEUL else "C"
    if last.isdigit():
        final = _DIGIT_FINAL.get(last, "")
        return "ㄹ" if final == "ㄹ" else "C" if final else ""
    match = re.search(r"[A-Za-z]+$", word)
    if not match:
        return ""
    latin = match.group(0)
    if latin.isupper() or not re.search("[aeiouy]", latin.lower()):  # read letter by letter: JSA, SF, png
        final = _LETTER_FINAL.get(latin[-1].upper(), "")
        return "ㄹ" if final == "ㄹ" else "C" if final else ""
    low = latin.lower()
    if low.endswith("l"):
        return "ㄹ"
    if low.endswith(("m", "n", "ng", "ck")) or (len(low) > 2 and low.endswith(("me", "ne"))):
        return "C"
    return ""


def has_batchim(word: str) -> bool:
    """Whether the sound before a particle ends in a consonant (책 yes, 영화 no); see the module notes."""
    return final_consonant(word) != ""


def particle(word: str, pair: str) -> str:
    """word + the right particle: pair is "을/를", "이/가", "은/는", "과/와" or "으로/로"."""
    with_consonant, without = pair.split("/")
    final = final_consonant(word)
    if pair == "으로/로" and final == "ㄹ":  # ㄹ takes 로
        return word + without
    return word + (with_consonant if final else without)


# marker -> (after a consonant, after a vowel); "(으)로" also takes 로 after ㄹ
_MARKERS = {"을(를)": ("을", "를"), "를(을)": ("을", "를"), "이(가)": ("이", "가"), "가(이)": ("이", "가"),
            "은(는)": ("은", "는"), "는(은)": ("은", "는"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
            "(으)로": ("으로", "로"), "(이)에요": ("이에요", "예요"), "(이)나": ("이나", "나"),
            "(이)랑": ("이랑", "랑"), "(이)라는": ("이라는", "라는"), "(이)라고": ("이라고", "라고"),
            "(이)고": ("이고", "고"), "(아)야": ("아", "야")}
MARKER_RE = re.compile("|".join(re.escape(m) for m in sorted(_MARKERS, key=len, reverse=True)))
# any pair notation left for a reader, resolved or not: the check the tests and benchmarks run
UNRESOLVED_RE = re.compile(r"[을를이가은는과와]\([을를이가은는과와]\)|\((?:으|이|아)\)[가-힣]")


def resolve(text: str) -> str:
    """Every particle marker in `text` replaced by the form the word before it takes."""
    if "(" not in text:
        return text
    out: list[str] = []
    pos = 0
    for match in MARKER_RE.finditer(text):
        before = text[: match.start()]
        if not before or before[-1:].isspace():
            continue  # a marker with no word before it is not a particle
        out.append(text[pos: match.start()])
        marker = match.group(0)
        consonant, vowel = _MARKERS[marker]
        final = final_consonant(before)
        out.append(vowel if not final or (marker == "(으)로" and final == "ㄹ") else consonant)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def unresolved(text: str) -> list[str]:
    """Pair notations a reader would see ("을(를)", "(으)로"): empty for well-formed Korean."""
    return UNRESOLVED_RE.findall(text)


@cache
def _hangul_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for hangul, latin in KOREAN_NAME_ALIASES.items():
        if len(hangul) > len(names.get(latin, "")):  # the full form ("스티븐스필버그"), not a short alias
            names[latin] = hangul
    extra = json.loads(resources.files("core").joinpath("data/names_ko.json").read_text(encoding="utf-8"))
    names.update({k: v for k, v in extra.items() if not k.startswith("_")})
    names.update({squash(k): v for k, v in list(names.items())})
    return names


@cache
def _hangul_titles() -> dict[str, str]:
    raw = json.loads(resources.files("core").joinpath("data/titles_ko.json").read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    for hangul, latin in raw.items():
        if not hangul.startswith("_") and latin not in titles:  # the first, usual form in the file
            titles[latin] = hangul
    return titles


@cache
def _places() -> dict[str, dict[str, str]]:
    raw = json.loads(resources.files("core").joinpath("data/places_ko.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def name(latin: str) -> str:
    """Hangul for a known person; IMDb and Wikidata spell names differently ("Bong Joon Ho" / "Bong Joon-ho")."""
    names = _hangul_names()
    return names.get(latin) or names.get(squash(latin)) or latin


def title(latin: str) -> str:
    return _hangul_titles().get(latin, latin)


def display_title(movie: "Movie") -> str:
    """The title a Korean reader knows: TMDB's Korean title, else the first Hangul IMDb aka (KR region or ko
    language), else the project's title table, else the catalog title. Every Korean surface uses this one."""
    for candidate in (movie.title_ko, *movie.aliases):
        if candidate and is_hangul(candidate):
            return candidate
    return title(movie.title)


def genre(g: str) -> str:
    return GENRE_KO.get(g, g)


def country(c: str) -> str:
    """A catalog country ("South Korea") in Korean ("한국"); unknown ones stay as they are."""
    return _places()["countries"].get(c, c)


def language(lang: str) -> str:
    """A catalog language ("Standard Chinese") in Korean ("표준 중국어"); unknown ones stay as they are."""
    return _places()["languages"].get(lang, lang)


@cache
def _latin_labels() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(people, genres and places, titles) the project can write in Hangul, by their catalog spelling."""
    extra = json.loads(resources.files("core").joinpath("data/names_ko.json").read_text(encoding="utf-8"))
    people = frozenset([*KOREAN_NAME_ALIASES.values(), *(k for k in extra if not k.startswith("_"))])
    labels = frozenset([*GENRE_KO, *_places()["countries"], *_places()["languages"]])
    return people, labels, frozenset(_hangul_titles())


_SEGMENTS = re.compile(r"\s*(?:[·,:;—\n/]|\(|\)|언어)\s*")


def untranslated(text: str, movies: Iterable["Movie"] = ()) -> list[str]:
    """Latin-script labels in a Korean text that have a Hangul form in the project's tables or the catalog row:
    a known person's name, a title in 《》 (or the title of one of `movies`) that has a Hangul title, a genre,
    country or language standing as a label of its own. The check the Korean tests and benchmark run."""
    people, labels, titles = _latin_labels()
    titled = {m.title for m in movies if display_title(m) != m.title} | titles
    found = [t for t in re.findall(r"《([^》]*)》", text) if t in titled]
    bare = re.sub(r"《[^》]*》", " ", text)
    found += [m.title for m in movies if m.title in titled and _has_word(bare, m.title)]
    found += [p for p in people if _has_word(bare, p)]
    found += [s for s in _SEGMENTS.split(bare) if s.strip() in labels]
    return found


def _has_word(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text) is not None
