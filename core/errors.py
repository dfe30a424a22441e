"""Errors the adapters turn into clear user-facing messages."""


class MovieBotError(Exception):
    """Base class: the message is safe to show to a user."""


class StoreUnavailable(MovieBotError):
    """A history store or catalog backend cannot be reached or answered with an error."""


class BadRequest(MovieBotError):
    """The user's input cannot be handled (empty, unknown title, ...)."""
