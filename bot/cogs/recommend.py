"""Recommendations: @mention and /recommend. Both go through services.recommender.recommend."""
from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Optional

import discord
from discord import app_commands
from discord.ext import commands

from bot.delivery import ChannelQueues
from bot.embeds import build_header, build_plain, compact_embeds, pick_embed
from bot.reactions import NUMBER_EMOJIS
from bot.errors import clear_thinking, error_text, log_error, mark_thinking, new_error_id, send_ephemeral
from bot.views import movie_view
from core.messages import text as msg
from core.models import Reply
from core.text import is_hangul

if TYPE_CHECKING:
    from bot.client import MovieBot

log = logging.getLogger(__name__)

STAGES = ("understand", "retrieve", "rank", "offline")


def stage_text(stage: str, language: str = "en") -> str | None:
    return msg(f"stage_{stage}", language) if stage in STAGES else None


def language_of(text: str = "", locale: Any = None) -> str:
    """The language to answer in: Korean text, or (no text) a Korean Discord client."""
    if text:
        return "ko" if is_hangul(text) else "en"
    return "ko" if str(locale or "").startswith("ko") else "en"


class Cooldowns:
    """Per-user cooldown: one accepted request every `seconds` seconds."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic, maxsize: int = 50_000):
        self.seconds = max(0.0, float(seconds))
        self.clock = clock
        self.maxsize = maxsize
        self._last: dict[int, float] = {}

    def hit(self, user_id: int) -> float:
        """0 if the request may run now (and it is recorded), else the seconds left to wait."""
        if self.seconds <= 0:
            return 0.0
        now = self.clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        if len(self._last) >= self.maxsize:  # drop the expired ones; never grows without bound
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        self._last[user_id] = now
        return 0.0


def cooldown_text(wait_s: float, language: str = "en") -> str:
    return msg("cooldown", language, seconds=max(1, math.ceil(wait_s)))


class StageProgress:
    """on_stage callback editing a placeholder, at most one edit per `min_interval` s (others skipped)."""

    def __init__(self, edit: Callable[[str], Awaitable[Any]], min_interval: float = 1.5,
                 clock: Callable[[], float] = time.monotonic, shown: str | None = None, language: str = "en"):
        self.edit = edit
        self.language = language
        self.min_interval = min_interval
        self.clock = clock
        self.shown = shown if shown is not None else stage_text("understand", language)
        self.last = clock()  # the placeholder was just sent
        self.edits = 0

    async def __call__(self, stage: str) -> None:
        text = stage_text(stage, self.language)
        if text is None or text == self.shown:
            return
        now = self.clock()
        if now - self.last < self.min_interval:
            return
        self.last, self.shown = now, text
        try:
            await self.edit(text)
            self.edits += 1
        except discord.HTTPException as exc:  # progress is cosmetic: never break the run
            log.warning("progress edit failed: %s", exc)


def strip_mentions(content: str, bot_id: int, role_ids: set[int] | frozenset[int] = frozenset()) -> str:
    text = re.sub(rf"<@!?{bot_id}>", " ", content or "")
    for rid in role_ids:
        text = text.replace(f"<@&{rid}>", " ")
    return " ".join(text.split())


def _bot_role_ids(message: Any, bot_id: int) -> set[int]:
    ids = set()
    for role in getattr(message, "role_mentions", None) or []:
        tags = getattr(role, "tags", None)
        if tags is not None and getattr(tags, "bot_id", None) == bot_id:
            ids.add(role.id)
    return ids


class RecommendCog(commands.Cog):
    def __init__(self, bot: "MovieBot"):
        self.bot = bot
        settings = bot.services.settings
        # The cog owns its limits: pipeline slots (queue beyond them) and per-user cooldowns.
        self.pipeline_slots = asyncio.Semaphore(max(1, int(settings.discord_max_concurrency)))
        self.cooldowns = Cooldowns(settings.discord_user_cooldown_s)
        self.delivery = ChannelQueues()  # one answer at a time per channel, in the order asked

    # ------------------------------------------------------------ shared

    async def run_pipeline(self, user_id: int, text: str, count: Optional[int],
                           on_stage: Optional[Callable[[str], Awaitable[None]]], channel_id: Optional[int] = None,
                           follow_up: bool = False) -> Reply:
        """`channel_id` keys the conversation (a thread is its own channel); core bounds the length, and says so."""
        async with self.pipeline_slots:
            return await self.bot.services.recommender.recommend(
                str(user_id), text, count=count, on_stage=on_stage,
                conversation=str(channel_id) if channel_id is not None else None, follow_up=follow_up)

    async def compact(self, guild_id: Optional[int]) -> bool:
        cog = self.bot.get_cog("SettingsCog")
        return bool(cog) and await cog.compact(guild_id)  # type: ignore[attr-defined]

    async def deliver(self, reply: Reply, user_id: int, channel_id: Optional[int], guild_id: Optional[int],
                      send_header: Callable[..., Awaitable[Any]], send: Callable[..., Awaitable[Any]]) -> None:
        """The header and the picks in this channel's turn (bot/delivery.py): a whole answer, then the next one.
        In a compact server: one message, one embed per movie, 1️⃣–🔟 reactions that like them."""
        header = build_header(reply)
        async with self.delivery.turn(channel_id or 0):
            if not await self.compact(guild_id):
                await self.delivery.send(send_header, content=header)
                await self.send_movies(reply, user_id, send)
                return
            counts = await self.bot.actor_counts()
            embeds = compact_embeds(reply, cast_counts=counts)
            message = await self.delivery.send(send_header, content=header, embeds=embeds)
        if message is None or getattr(message, "id", None) is None:
            return
        self.bot.movie_messages.remember(message.id, tuple(p.movie.id for p in reply.picks[:len(embeds)]))
        for emoji in NUMBER_EMOJIS[:len(embeds)]:  # reactions have their own limit: the next answer need not wait
            try:
                await message.add_reaction(emoji)
            except discord.HTTPException as exc:  # the answer is there; a missing number is cosmetic
                log.warning("could not add %s: %s", emoji, exc)

    async def send_movies(self, reply: Reply, user_id: int, send: Callable[..., Awaitable[Any]]) -> list[Any]:
        """Each pick as its own message with one embed and the action buttons."""
        sent = []
        counts = await self.bot.actor_counts()
        for pick in reply.picks:
            embed = pick_embed(pick, reply.language, prefer_actors=reply.filters.actors, cast_counts=counts)
            message = await self.delivery.send(send, embed=embed, view=movie_view(pick.movie.id, user_id))
            if message is not None and getattr(message, "id", None) is not None:
                self.bot.movie_messages.remember(message.id, pick.movie.id)
            sent.append(message)
        return sent

    # ------------------------------------------------------------ @mention

    def continues(self, message: discord.Message) -> bool:
        """A reply to one of the bot's messages, a message in a thread the bot started, or a DM: the user is
        talking on from the bot's last answer ("older", "not horror")."""
        me = self.bot.user
        if me is None:
            return False
        ref = getattr(message, "reference", None)
        replied = getattr(ref, "resolved", None) or getattr(ref, "cached_message", None)
        if getattr(getattr(replied, "author", None), "id", None) == me.id:
            return True
        return (getattr(message.channel, "owner_id", None) == me.id  # a thread the bot started
                or message.guild is None)

    def addressed_text(self, message: discord.Message) -> Optional[str]:
        """The request text if the message is addressed to the bot, else None.

        A mention or a DM; also a reply to the bot or a message in its thread that Discord delivered with its
        text (a reply pings the bot by default; otherwise that needs the message-content intent)."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None
        role_ids = _bot_role_ids(message, me.id)
        mentioned = any(getattr(u, "id", None) == me.id for u in message.mentions) or bool(role_ids)
        is_dm = message.guild is None
        if not mentioned and not is_dm and not (message.content and self.continues(message)):
            return None
        return strip_mentions(message.content, me.id, role_ids)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        text = self.addressed_text(message)
        if text is None:
            return
        try:
            night = self.bot.get_cog("MovieNightCog")  # a mention naming two or more friends is a movie night
            group = night.mentioned_group(message) if night is not None else None
            if night is not None and group:
                await night.handle_mention(message, text, group)
                return
            await self.handle_mention(message, text)
        except Exception as exc:
            error_id = new_error_id()
            log_error(exc, error_id, "mention")
            try:
                await message.reply(error_text(exc, error_id), mention_author=False)
            except Exception:
                log.exception("error %s: could not send the error message", error_id)

    async def handle_mention(self, message: discord.Message, text: str) -> None:
        language = language_of(text)
        digest = self.bot.get_cog("DigestCog")  # bot/cogs/digest.py: notes about a digest, the shelf
        if digest is not None:
            await digest.note_for_mention(message, language)  # type: ignore[attr-defined]
        if not text:
            if digest is not None and await digest.shelf_for_mention(message, language):  # type: ignore[attr-defined]
                return
            await message.reply(msg("bot_help", language), mention_author=False)
            return
        wait = self.cooldowns.hit(message.author.id)
        if wait > 0:
            await message.reply(cooldown_text(wait, language), mention_author=False)
            return
        first = msg("queued", language) if self.pipeline_slots.locked() else stage_text("understand", language)
        placeholder = await message.reply(first, mention_author=False)
        self.bot.movie_messages.remember(placeholder.id, None)  # the header: reactions on it mean nothing
        progress = StageProgress(lambda t: placeholder.edit(content=t), self.bot.progress_interval_s, shown=first,
                                 language=language)
        try:
            reply = await self.run_pipeline(message.author.id, text, None, progress, message.channel.id,
                                            self.continues(message))
        except Exception as exc:
            error_id = new_error_id()
            log_error(exc, error_id, "mention pipeline")
            await placeholder.edit(content=error_text(exc, error_id))
            return
        if reply.intent != "recommend" or not reply.picks:
            await placeholder.edit(content=build_plain(reply.message) if reply.intent != "recommend"
                                   else build_header(reply))
            return
        await self.deliver(reply, message.author.id, message.channel.id, getattr(message.guild, "id", None),
                           placeholder.edit, message.channel.send)

    # ------------------------------------------------------------ /recommend

    @app_commands.command(name="recommend", description="Movie recommendations from a free-text request")
    @app_commands.describe(request="What you feel like, e.g. 'a 90s comedy with Tom Hanks'",
                           count="How many movies (1-10)")
    async def recommend(self, interaction: discord.Interaction,
                        request: app_commands.Range[str, 1, 4000],
                        count: Optional[app_commands.Range[int, 1, 10]] = None) -> None:
        wait = self.cooldowns.hit(interaction.user.id)
        if wait > 0:
            await send_ephemeral(interaction, cooldown_text(wait, language_of(request, interaction.locale)))
            return
        await interaction.response.defer(thinking=True)
        mark_thinking(interaction)
        reply = await self.run_pipeline(interaction.user.id, request, count, None, interaction.channel_id)
        if reply.intent != "recommend" or not reply.picks:
            text = build_plain(reply.message) if reply.intent != "recommend" else build_header(reply)
            await interaction.followup.send(text)
            clear_thinking(interaction)
            return
        async def send(**kwargs: Any) -> Any:
            return await interaction.followup.send(wait=True, **kwargs)

        async def send_header(**kwargs: Any) -> Any:
            sent = await send(**kwargs)
            clear_thinking(interaction)  # the first followup replaced the "thinking…" message
            return sent

        await self.deliver(reply, interaction.user.id, interaction.channel_id, interaction.guild_id, send_header, send)

    @app_commands.command(name="help", description="How to use MovieBot")
    async def help_command(self, interaction: discord.Interaction) -> None:
        await send_ephemeral(interaction, msg("bot_help", language_of(locale=interaction.locale)))


async def setup(bot: "MovieBot") -> None:
    await bot.add_cog(RecommendCog(bot))
