"""Discord stand-ins for the bot tests (no gateway, no HTTP): interactions, messages, raw reaction payloads.

Imported by tests/test_bot_*.py (not a conftest). Everything records what the bot sent, in order.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord

from core.history.service import HistoryService
from core.history.sqlite import SQLiteHistoryStore
from core.catalog.sqlite import SQLiteCatalog
from core.models import Movie, Pick, Reply, TasteProfile

BOT_ID = 900_000_000_000_000_001
USER_ID = 100_000_000_000_000_001
OTHER_ID = 100_000_000_000_000_002
GUILD_ID = 700_000_000_000_000_001
CHANNEL_ID = 800_000_000_000_000_001

_ids = itertools.count(500_000_000_000_000_000)


def next_id() -> int:
    return next(_ids)


@dataclass
class Sent:
    """A message the bot sent (or edited): what a test inspects."""

    id: int
    content: str | None = None
    embed: discord.Embed | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: Any = None
    ephemeral: bool = False
    author: Any = None
    edits: list[str] = field(default_factory=list)
    reactions: list[str] = field(default_factory=list)

    async def edit(self, content: str | None = None, **kwargs: Any) -> "Sent":
        self.edits.append(content)
        self.content = content
        if "embeds" in kwargs:
            self.embeds = list(kwargs["embeds"])
            self.embed = self.embeds[0] if self.embeds else None
        return self

    async def add_reaction(self, emoji: str) -> None:
        self.reactions.append(emoji)


def _sent(log: list, kind: str, content: str | None = None, **kwargs: Any) -> Sent:
    embed = kwargs.get("embed")
    embeds = list(kwargs.get("embeds") or ([embed] if embed is not None else []))
    msg = Sent(id=next_id(), content=content, embed=embed, embeds=embeds, view=kwargs.get("view"),
               ephemeral=bool(kwargs.get("ephemeral", False)), author=SimpleNamespace(id=BOT_ID, bot=True))
    log.append((kind, msg))
    return msg


def set_bot_user(bot: Any, bot_id: int = BOT_ID) -> None:
    """What login would do: the bot knows who it is."""
    bot._connection.user = SimpleNamespace(id=bot_id, bot=True, name="MovieBot", mention=f"<@{bot_id}>")


def user(user_id: int, is_bot: bool = False) -> SimpleNamespace:
    return SimpleNamespace(id=user_id, bot=is_bot, name=f"user{user_id}", mention=f"<@{user_id}>")


class FakeInteraction:
    """The parts of discord.Interaction the bot uses. `calls` records (what, detail) in order."""

    def __init__(self, bot: Any, user_id: int = USER_ID, calls: list | None = None, message: Any = None):
        self.client = bot
        self.user = user(user_id)
        self.channel_id = CHANNEL_ID
        self.guild_id: int | None = GUILD_ID
        self.locale = discord.Locale.american_english
        self.extras: dict = {}
        self.type = discord.InteractionType.application_command
        self.command = None
        self.message = message
        self.calls = calls if calls is not None else []
        self.sent: list[tuple[str, Sent]] = []
        self._done = False
        self.response = MagicMock()
        self.response.is_done = lambda: self._done
        self.response.defer = AsyncMock(side_effect=self._defer)
        self.response.send_message = AsyncMock(side_effect=self._send_message)
        self.response.edit_message = AsyncMock(side_effect=self._edit_message)
        self.followup = MagicMock()
        self.followup.send = AsyncMock(side_effect=self._followup)
        self.delete_original_response = AsyncMock(side_effect=lambda: self.calls.append(("delete_original", None)))
        self.original_response = AsyncMock(side_effect=lambda: self.messages("response")[-1])

    async def _defer(self, **kwargs: Any) -> None:
        assert not self._done, "interaction answered twice"
        self._done = True
        self.calls.append(("defer", kwargs))

    async def _send_message(self, content: str | None = None, **kwargs: Any) -> None:
        assert not self._done, "interaction answered twice"
        self._done = True
        msg = _sent(self.sent, "response", content, **kwargs)
        self.calls.append(("send_message", msg))

    async def _edit_message(self, **kwargs: Any) -> None:
        assert not self._done, "interaction answered twice"
        self._done = True
        content = kwargs.pop("content", None)
        msg = _sent(self.sent, "edit", content, **kwargs)
        self.calls.append(("edit_message", msg))

    async def _followup(self, content: str | None = None, **kwargs: Any) -> Sent:
        assert self._done, "followup before the interaction was answered or deferred"
        msg = _sent(self.sent, "followup", content, **kwargs)
        self.calls.append(("followup", msg))
        return msg

    # helpers for assertions
    def messages(self, kind: str | None = None) -> list[Sent]:
        return [m for k, m in self.sent if kind is None or k == kind]


class FakeChannel:
    def __init__(self, channel_id: int = CHANNEL_ID):
        self.id = channel_id
        self.sent: list[tuple[str, Sent]] = []
        self.send = AsyncMock(side_effect=self._send)

    async def _send(self, content: str | None = None, **kwargs: Any) -> Sent:
        return _sent(self.sent, "channel", content, **kwargs)


class FakeMessage:
    """An incoming user message (a mention)."""

    def __init__(self, content: str, author_id: int = USER_ID, *, mentions_bot: bool = True, guild: bool = True,
                 channel: FakeChannel | None = None, author_is_bot: bool = False, reply_to: Any = None):
        self.id = next_id()
        self.content = content
        self.author = user(author_id, author_is_bot)
        self.mentions = [user(BOT_ID, True)] if mentions_bot else []
        self.role_mentions: list = []
        self.guild = SimpleNamespace(id=GUILD_ID) if guild else None
        self.channel = channel or FakeChannel()
        # a Discord reply: message.reference.resolved is the message replied to (here: something the bot sent)
        self.reference = SimpleNamespace(resolved=reply_to, cached_message=reply_to) if reply_to is not None else None
        self.replies: list[tuple[str, Sent]] = []
        self.reply = AsyncMock(side_effect=self._reply)

    async def _reply(self, content: str | None = None, **kwargs: Any) -> Sent:
        return _sent(self.replies, "reply", content, **kwargs)


def reaction_payload(message_id: int, user_id: int = USER_ID, emoji: str = "❤️", *, add: bool = True,
                     message_author_id: int | None = BOT_ID, guild: bool = True, member: Any = None,
                     channel_id: int = CHANNEL_ID) -> discord.RawReactionActionEvent:
    """A raw reaction event built the way discord.py builds it from the gateway dict."""
    data: dict[str, Any] = {"message_id": str(message_id), "channel_id": str(channel_id), "user_id": str(user_id),
                            "burst": False, "type": 0}
    if guild:
        data["guild_id"] = str(GUILD_ID)
    if add and message_author_id is not None:
        data["message_author_id"] = str(message_author_id)
    payload = discord.RawReactionActionEvent(data, discord.PartialEmoji(name=emoji),
                                             "REACTION_ADD" if add else "REACTION_REMOVE")
    if add and member is not None:
        payload.member = member
    return payload


class FakeRecommender:
    """Stands in for core.pipeline.Recommender where a test needs control (errors, call order)."""

    def __init__(self, movies: list[Movie], calls: list | None = None, error: BaseException | None = None,
                 intent: str = "recommend"):
        self.movies = movies
        self.calls = calls if calls is not None else []
        self.error = error
        self.intent = intent

    async def recommend(self, user_id: str, text: str, count: int | None = None, on_stage=None,
                        conversation: str | None = None, follow_up: bool = False) -> Reply:
        self.calls.append(("recommend", text))
        for stage in ("understand", "retrieve", "rank"):
            if on_stage:
                await on_stage(stage)
        if self.error is not None:
            raise self.error
        if self.intent != "recommend":
            return Reply(intent="other", message="I only know about movies. " + text)
        picks = [Pick(movie=m, reason=f"Because you asked for {text!r}.") for m in self.movies[: count or 5]]
        return Reply(message="Here you go:", picks=picks, profile_summary="No history yet.")

    async def profile(self, user_id: str) -> TasteProfile:
        return TasteProfile(user_id=user_id, text="Likes comedies.", genres={"Comedy": 2.0}, directors={"X": 1.0})


async def fake_services(settings, recommender: Any = None) -> SimpleNamespace:
    """Real catalog + real SQLite history, a fake (or given) recommender."""
    catalog = await SQLiteCatalog.open(settings.catalog_db)
    store = await SQLiteHistoryStore.open(settings.history_db)

    async def close() -> None:
        await store.close()
        await catalog.close()

    return SimpleNamespace(settings=settings, catalog=catalog, store=store, history=HistoryService(store, catalog),
                           recommender=recommender, close=close)
