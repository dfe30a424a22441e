"""Reactions on the bot's movie messages as history: 👀 watched, ❤️ liked, 👎 not interested.

Raw events (``on_raw_reaction_add`` / ``on_raw_reaction_remove``) are handled by one plain async
function so that they work for uncached messages and can be tested without a gateway.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Optional

import discord

from bot.embeds import movie_id_from_embeds
from core.models import InteractionKind

log = logging.getLogger(__name__)

_VARIATION_AND_SKIN = {"\ufe0f", "\ufe0e", *(chr(c) for c in range(0x1F3FB, 0x1F400))}

_EMOJI_KINDS: dict[str, InteractionKind] = {
    "👀": InteractionKind.WATCHED,
    "❤": InteractionKind.LIKED,  # ❤️ without its variation selector
    "♥": InteractionKind.LIKED,
    "🩷": InteractionKind.LIKED,
    "👎": InteractionKind.NOT_INTERESTED,
}


NUMBER_EMOJIS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")


def _bare(name: str) -> str:
    return "".join(ch for ch in name if ch not in _VARIATION_AND_SKIN)


def kind_for_emoji(emoji: discord.PartialEmoji | str | None) -> Optional[InteractionKind]:
    """The history kind an emoji means, or None (custom emojis never count)."""
    if emoji is None:
        return None
    if isinstance(emoji, str):
        name = emoji
    else:
        if emoji.id is not None:
            return None
        name = emoji.name or ""
    return _EMOJI_KINDS.get(_bare(name))


def number_for_emoji(emoji: discord.PartialEmoji | str | None) -> Optional[int]:
    """1..10 for a keycap number reaction (compact answers: one message, the n-th movie), else None."""
    if emoji is None or (not isinstance(emoji, str) and emoji.id is not None):
        return None
    name = _bare(emoji if isinstance(emoji, str) else emoji.name or "")
    return next((i for i, e in enumerate(NUMBER_EMOJIS, 1) if _bare(e) == name), None)


class MovieMessageIndex:
    """Bounded LRU map message_id -> movie_id, or a tuple of movie ids for a compact answer (one embed per movie),
    or None: known not to be a movie message."""

    _MISSING = object()

    def __init__(self, maxsize: int = 10_000):
        self.maxsize = maxsize
        self._data: OrderedDict[int, Optional[str | tuple[str, ...]]] = OrderedDict()

    def remember(self, message_id: int, movie_id: Optional[str | tuple[str, ...]]) -> None:
        self._data[message_id] = movie_id
        self._data.move_to_end(message_id)
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)

    def lookup(self, message_id: int) -> tuple[bool, Optional[str | tuple[str, ...]]]:
        """(known, movie_id)."""
        value = self._data.get(message_id, self._MISSING)
        if value is self._MISSING:
            return False, None
        self._data.move_to_end(message_id)
        return True, value  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self._data)


@dataclass
class ReactionResult:
    action: str  # "added" | "removed" | "unchanged"
    user_id: str
    movie_id: str
    kind: InteractionKind


FetchMessage = Callable[[int, int], Awaitable[Any]]  # (channel_id, message_id) -> discord.Message


async def resolve_movie_id(
    payload: discord.RawReactionActionEvent,
    *,
    bot_user_id: int,
    index: MovieMessageIndex,
    fetch_message: Optional[FetchMessage],
) -> Optional[str | tuple[str, ...]]:
    """The movie id of the reacted message if it is one of the bot's movie messages (a tuple of ids for a compact
    answer), else None."""
    known, movie_id = index.lookup(payload.message_id)
    if known:
        return movie_id
    if payload.message_author_id is not None and payload.message_author_id != bot_user_id:
        index.remember(payload.message_id, None)
        return None
    if fetch_message is None:
        return None
    try:
        message = await fetch_message(payload.channel_id, payload.message_id)
    except (discord.NotFound, discord.Forbidden):
        index.remember(payload.message_id, None)
        return None
    movie_id: Optional[str | tuple[str, ...]] = None
    if message is not None and getattr(message.author, "id", None) == bot_user_id:
        embeds = list(message.embeds)
        ids = tuple(i for i in (movie_id_from_embeds([e]) for e in embeds) if i)
        movie_id = ids if len(embeds) > 1 and ids else movie_id_from_embeds(embeds)
    index.remember(payload.message_id, movie_id)
    return movie_id


async def handle_raw_reaction(
    payload: discord.RawReactionActionEvent,
    *,
    bot_user_id: int,
    history: Any,
    index: MovieMessageIndex,
    fetch_message: Optional[FetchMessage] = None,
    is_bot_user: Optional[Callable[[int], bool]] = None,
) -> Optional[ReactionResult]:
    """Store (add) or remove (remove) the history record a reaction means. None when it means nothing."""
    if payload.user_id == bot_user_id:
        return None
    kind, number = kind_for_emoji(payload.emoji), number_for_emoji(payload.emoji)
    if kind is None and number is None:
        return None
    member = payload.member
    if member is not None and getattr(member, "bot", False):
        return None
    if is_bot_user is not None and is_bot_user(payload.user_id):
        return None
    found = await resolve_movie_id(payload, bot_user_id=bot_user_id, index=index, fetch_message=fetch_message)
    if isinstance(found, tuple):  # a compact answer: 1️⃣–🔟 like the n-th movie; 👀/❤️/👎 can't say which one
        if number is None or number > len(found):
            return None
        movie_id, kind = found[number - 1], InteractionKind.LIKED
    elif found and kind is not None:
        movie_id = found
    else:
        return None
    user_id = str(payload.user_id)
    if payload.event_type == "REACTION_ADD":
        changed = await history.log(user_id, movie_id, kind, source="reaction")
        action = "added" if changed else "unchanged"
    else:
        changed = await history.unlog(user_id, movie_id, kind)
        action = "removed" if changed else "unchanged"
    log.info("reaction %s: user %s %s %s (%s)", payload.event_type, user_id, kind.value, movie_id, action)
    return ReactionResult(action=action, user_id=user_id, movie_id=movie_id, kind=kind)
