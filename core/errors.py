"""Errors the adapters turn into clear user-facing messages."""
from __future__ import annotations

from pathlib import Path


class MovieBotError(Exception):
    """Base class: the message is safe to show to a user."""


class StoreUnavailable(MovieBotError):
    """A history store or catalog backend cannot be reached or answered with an error."""


class StoreDamaged(StoreUnavailable):
    """A local store file exists but is not a readable database (garbage, truncated, corrupt pages).

    Separate from StoreUnavailable because retrying never helps: a person has to act. The file is left
    exactly as found (it may still hold history someone wants back); `path`, `detail` and `remedy` let an
    adapter word its own message, and str() is already a complete one.
    """

    def __init__(self, store: str, path: Path, detail: str, remedy: str):
        self.store = store
        self.path = Path(path)
        self.detail = detail
        self.remedy = remedy
        super().__init__(f"the {store} file {self.path} is damaged ({detail}); it was left untouched. {remedy}")


class BadRequest(MovieBotError):
    """The user's input cannot be handled (empty, unknown title, ...)."""


class AmbiguousTitle(BadRequest):
    """Several films share the title the user gave: adapters ask which one (a numbered choice, a menu)."""

    def __init__(self, title: str, choices: list):
        self.title = title
        self.choices = choices  # list[Movie], best known first
        labels = "; ".join(f"{m.label} {m.id}" for m in choices)
        super().__init__(f"Several films are called “{title}”: {labels}. Say which, e.g. “{choices[0].label}”.")


class ImportFileError(BadRequest):
    """An uploaded history file cannot be imported (too big, wrong type, unsafe zip). Nothing was stored.

    Built from a core.messages key: str() is the English line, `text(language)` the user's language.
    """

    def __init__(self, key: str, **fields: object):
        from core.messages import text

        self.key, self.fields = key, fields
        self.ko = text(key, "ko", **fields)
        super().__init__(text(key, "en", **fields))

    def text(self, language: str) -> str:
        return self.ko if language == "ko" else str(self)


class FileTooLarge(ImportFileError):
    """Over the upload limit (checked before reading when the size is known)."""


class UnsupportedFile(ImportFileError):
    """Neither a CSV with a known export header nor a zip holding one."""


class UnsafeArchive(ImportFileError):
    """A zip that looks like a bomb (sizes, ratio, member count) or plays path tricks (absolute, `..`)."""
