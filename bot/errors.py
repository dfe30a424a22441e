"""Every failure gets a short user-facing message with an error id; the log has the id and the traceback."""
from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from core.errors import BadRequest, MovieBotError, StoreUnavailable

log = logging.getLogger(__name__)

# Interaction.extras key: set after a public defer(thinking=True) until the first followup replaced it.
PENDING_THINKING = "moviebot_pending_thinking"


def new_error_id() -> str:
    return secrets.token_hex(4)


def unwrap(error: BaseException) -> BaseException:
    """The user-relevant exception inside discord.py's wrappers."""
    while isinstance(error, (app_commands.CommandInvokeError, commands.CommandInvokeError)) and \
            getattr(error, "original", None) is not None:
        error = error.original
    return error


def error_text(error: BaseException, error_id: str) -> str:
    error = unwrap(error)
    if isinstance(error, StoreUnavailable):
        text = "⚠️ The movie data store is unavailable right now. Please try again in a minute."
    elif isinstance(error, BadRequest):
        text = f"⚠️ {error}" if str(error) else "⚠️ I could not handle that request."
    elif isinstance(error, MovieBotError):
        text = f"⚠️ {error}" if str(error) else "⚠️ Something went wrong."
    elif isinstance(error, app_commands.CheckFailure):
        text = "⛔ You cannot use this command here."
    else:
        text = "💥 Something went wrong on my side."
    text = text[:1800]
    return f"{text} (error id `{error_id}`)"


def log_error(error: BaseException, error_id: str, where: str) -> None:
    error = unwrap(error)
    log.error("error %s in %s: %s", error_id, where, error, exc_info=(type(error), error, error.__traceback__))


def _extras(interaction: Any) -> dict:
    extras = getattr(interaction, "extras", None)
    return extras if isinstance(extras, dict) else {}


def mark_thinking(interaction: Any) -> None:
    _extras(interaction)[PENDING_THINKING] = True


def clear_thinking(interaction: Any) -> None:
    _extras(interaction).pop(PENDING_THINKING, None)


async def send_ephemeral(interaction: Any, content: str, **kwargs: Any) -> None:
    """Answer ephemerally whatever state the interaction is in (fresh, deferred, already answered)."""
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=True, **kwargs)
        return
    if _extras(interaction).pop(PENDING_THINKING, False):
        # The first followup after a public "thinking" defer would replace it publicly: remove it first.
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            pass
    await interaction.followup.send(content, ephemeral=True, **kwargs)


async def reply_error(interaction: Any, error: BaseException, where: str = "interaction") -> str:
    """Log `error` with a fresh id and tell the user (ephemeral). Returns the id. Never raises."""
    error_id = new_error_id()
    command = getattr(getattr(interaction, "command", None), "qualified_name", None)
    log_error(error, error_id, f"{where} {command}" if isinstance(command, str) else where)
    if getattr(interaction, "type", None) == discord.InteractionType.autocomplete:
        return error_id  # an autocomplete request cannot carry a message
    try:
        await send_ephemeral(interaction, error_text(error, error_id))
    except Exception:  # the interaction may be expired or the channel gone: the log has it
        log.exception("error %s: could not send the error message", error_id)
    return error_id
