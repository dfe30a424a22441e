"""Prompt templates live in prompts/*.txt; `$name` placeholders (string.Template) keep JSON braces literal.

They are package data read through importlib.resources, so a wheel install finds them wherever it lives.
"""
from __future__ import annotations

from functools import cache
from typing import Iterable
from importlib import resources
from string import Template

from core.errors import MovieBotError
from core.moods import moods

NAMES = ("understand", "understand_compact", "understand_followups", "rank", "rank_compact", "rank_input",
         "rank_input_compact")


@cache
def load_prompt(name: str) -> Template:
    try:
        return Template(resources.files("prompts").joinpath(f"{name}.txt").read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise MovieBotError(f"the prompt file {name}.txt is missing from this installation: reinstall moviebot") from exc


def check_prompts() -> None:
    """Called at start-up when an LLM is configured: a missing prompt is a clear error, not silent fallbacks."""
    for name in NAMES:
        load_prompt(name)


def render(name: str, **values: object) -> str:
    return load_prompt(name).substitute(**{k: str(v) for k, v in values.items()})


def understand_prompt(compact: bool, previous: bool, genres: Iterable[str]) -> str:
    """The understand stage's system message. The follow-up rules go in only when there is a previous turn: a model
    shown them on a fresh request set `continues` anyway."""
    followups = render("understand_followups") if previous else ""
    return render("understand_compact" if compact else "understand", genres=", ".join(genres),
                  moods=", ".join(moods()), followups=followups)


def rank_prompt(compact: bool, count: int, language: str) -> str:
    """The rank stage's system message; Korean requests get a Korean example so the reasons come back in Korean."""
    ko = language == "ko"
    return render("rank_compact" if compact else "rank", count=count,
                  language_name="Korean (한국어)" if ko else "English",
                  example=KO_EXAMPLE if ko else EN_EXAMPLE)


# Two picks, invented ids and neutral wording: a one-pick example was copied as a one-pick answer, and a phrase
# in the example ("dark humour") reappeared in 41 unrelated reasons.
EN_EXAMPLE = ('{"picks": [{"id": "tt0000001", "reason": "From the director of a film you liked, a tense chase '
              'across one night."}, {"id": "tt0000002", "reason": "A 1970s courtroom drama, 95 minutes, '
              'Oscar-nominated."}]}')
KO_EXAMPLE = ('{"picks": [{"id": "tt0000001", "reason": "좋아하신 영화의 감독 작품으로, 하룻밤 동안의 긴박한 추격을 '
              '그려요."}, {"id": "tt0000002", "reason": "1970년대 법정 드라마로 95분이며 아카데미 후보에 올랐어요."}]}')
