"""Prompt templates live in prompts/*.txt; `$name` placeholders (string.Template) keep JSON braces literal.

They are package data read through importlib.resources, so a wheel install finds them wherever it lives.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

from core.errors import MovieBotError

NAMES = ("understand", "rank", "rank_input")


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
