"""Prompt templates live in prompts/*.txt; `$name` placeholders (string.Template) keep JSON braces literal."""
from __future__ import annotations

from functools import cache
from string import Template

from core.config import REPO_ROOT

PROMPTS_DIR = REPO_ROOT / "prompts"


@cache
def load_prompt(name: str) -> Template:
    return Template((PROMPTS_DIR / f"{name}.txt").read_text(encoding="utf-8"))


def render(name: str, **values: object) -> str:
    return load_prompt(name).substitute(**{k: str(v) for k, v in values.items()})
