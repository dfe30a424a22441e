"""Korean replies that read naturally: names and titles in Hangul where known, particles by the final consonant."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

from core.text import squash
from core.vocab import GENRE_KO, KOREAN_NAME_ALIASES


def has_batchim(word: str) -> bool:
    """Whether the last syllable ends in a consonant (책 yes, 영화 no). Non-Hangul endings: digits by their
    Korean reading (1 일, 3 삼 ...), anything else is treated as a vowel ending."""
    last = word.rstrip(" )》」』\"'”’")[-1:]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "0136780"  # 영 일 삼 육 칠 팔 (공): readings that end in a consonant


def particle(word: str, pair: str) -> str:
    """word + the right particle: pair is "을/를", "이/가", "은/는", "과/와" or "으로/로"."""
    with_consonant, without = pair.split("/")
    if pair == "으로/로" and word[-1:] and (ord(word[-1]) - 0xAC00) % 28 == 8:  # ㄹ takes 로
        return word + without
    return word + (with_consonant if has_batchim(word) else without)


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


def name(latin: str) -> str:
    """Hangul for a known person; IMDb and Wikidata spell names differently ("Bong Joon Ho" / "Bong Joon-ho")."""
    names = _hangul_names()
    return names.get(latin) or names.get(squash(latin)) or latin


def title(latin: str) -> str:
    return _hangul_titles().get(latin, latin)


def genre(g: str) -> str:
    return GENRE_KO.get(g, g)
