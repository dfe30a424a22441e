"""Recommendations without a request: /foryou (and a bare mention), "more like this" after ❤️ Liked, /digest.

Nothing here speaks first except a digest the user turned on: the shelf answers a command or a mention, "more
like this" answers a button press ephemerally, and only a subscription makes the bot post on a schedule (a
discord.ext.tasks loop). Digest posts take their turn in the per-channel queue like every answer.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal, Optional

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.cogs.recommend import cooldown_text, language_of
from bot.embeds import build_header, pick_embed, truncate
from bot.errors import clear_thinking, mark_thinking, send_ephemeral
from bot.views import OwnedView
from core.digest import DIGEST_PICKS, Outcome
from core.messages import text as msg
from core.models import Reply
from core.personal.base import Subscription

if TYPE_CHECKING:
    from bot.client import MovieBot
    from bot.cogs.recommend import RecommendCog

log = logging.getLogger(__name__)
TICK_S = 60  # how often due digests are looked for; each run handles all that are due, in batches


class ShowToChannel(OwnedView):
    """Under the ephemeral "more like this": put the three films in the channel, for everyone."""

    def __init__(self, owner_id: int, reply: Reply, timeout: float | None = 600):
        super().__init__(owner_id, timeout)
        self.reply = reply
        self.show.label = msg("like_this_show", reply.language)

    @discord.ui.button(label="Show them to the channel", emoji="📣", style=discord.ButtonStyle.secondary)
    async def show(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content=msg("like_this_shown", self.reply.language), view=None)
        cog: DigestCog | None = interaction.client.get_cog("DigestCog")  # type: ignore[attr-defined]
        if cog is None:
            return

        async def send(**kwargs: Any) -> Any:
            return await interaction.followup.send(wait=True, **kwargs)

        await cog.recommend_cog.deliver(self.reply, self.owner_id, interaction.channel_id, interaction.guild_id,
                                        send, send)


class DigestCog(commands.Cog):
    digest_group = app_commands.Group(name="digest", description="Fresh personal picks on a schedule (opt-in)")

    def __init__(self, bot: "MovieBot"):
        self.bot = bot
        self.tick_loop = tasks.loop(seconds=TICK_S)(self.tick)

    @property
    def services(self) -> Any:
        return self.bot.services

    @property
    def recommend_cog(self) -> "RecommendCog":
        return self.bot.get_cog("RecommendCog")  # type: ignore[return-value]

    async def cog_unload(self) -> None:
        self.tick_loop.cancel()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """The schedule starts once connected (never in tests, which call `tick` with a fake clock)."""
        if getattr(self.services, "digest", None) is not None and not self.tick_loop.is_running():
            self.tick_loop.start()

    # ------------------------------------------------------------ notes ("your digest was turned off")
    async def take_note(self, user_id: int, language: str) -> str | None:
        digest = getattr(self.services, "digest", None)
        if digest is None:
            return None
        try:
            note = await digest.take_note(str(user_id))
        except Exception:  # a note is never worth failing the request it rides on
            log.warning("could not read a digest note", exc_info=True)
            return None
        return msg(f"digest_note_{note}", language) if note else None

    async def note_for_mention(self, message: discord.Message, language: str) -> None:
        if note := await self.take_note(message.author.id, language):
            await message.reply(note, mention_author=False)

    # ------------------------------------------------------------ the shelf
    async def shelf_for_mention(self, message: discord.Message, language: str) -> bool:
        """A bare mention from a user with history gets the shelf (True); a new user gets the help (False)."""
        shelf = getattr(self.services, "shelf", None)
        if shelf is None or not await self.services.store.recent(str(message.author.id), 1):
            return False
        rec = self.recommend_cog
        wait = rec.cooldowns.hit(message.author.id)
        if wait > 0:
            await message.reply(cooldown_text(wait, language), mention_author=False)
            return True
        placeholder = await message.reply(msg("stage_retrieve", language), mention_author=False)
        self.bot.movie_messages.remember(placeholder.id, None)
        async with rec.pipeline_slots:
            reply = await shelf.show(str(message.author.id), language)
        if not reply.picks:
            await placeholder.edit(content=build_header(reply))
            return True
        await rec.deliver(reply, message.author.id, message.channel.id, getattr(message.guild, "id", None),
                          placeholder.edit, message.channel.send)
        return True

    @app_commands.command(name="foryou", description="Personal picks from your history, no request needed")
    async def foryou(self, interaction: discord.Interaction) -> None:
        language = language_of(locale=interaction.locale)
        rec = self.recommend_cog
        wait = rec.cooldowns.hit(interaction.user.id)
        if wait > 0:
            await send_ephemeral(interaction, cooldown_text(wait, language))
            return
        await interaction.response.defer(thinking=True)
        mark_thinking(interaction)
        if note := await self.take_note(interaction.user.id, language):
            await send_ephemeral(interaction, note)
        async with rec.pipeline_slots:
            reply = await self.services.shelf.show(str(interaction.user.id), language)

        async def send(**kwargs: Any) -> Any:
            return await interaction.followup.send(wait=True, **kwargs)

        async def send_header(**kwargs: Any) -> Any:
            sent = await send(**kwargs)
            clear_thinking(interaction)
            return sent

        if not reply.picks:
            await send_header(content=build_header(reply))
            return
        await rec.deliver(reply, interaction.user.id, interaction.channel_id, interaction.guild_id, send_header, send)

    # ------------------------------------------------------------ "more like this" (the ❤️ Liked button)
    async def more_like_this(self, interaction: discord.Interaction, user_id: int, movie_id: str,
                             title: str) -> None:
        """Confirm the like and offer three films like it, ephemerally, with a button to show them to all."""
        language = language_of(locale=getattr(interaction, "locale", None))
        await interaction.response.defer(ephemeral=True, thinking=True)
        liked = truncate(msg("like_this_liked", language, title=title), 300)
        reply = await self.services.shelf.like_this(str(user_id), movie_id, language)
        if not reply.picks:
            await interaction.followup.send(liked, ephemeral=True)
            return
        counts = await self.bot.actor_counts()
        embeds = [pick_embed(p, language, cast_counts=counts) for p in reply.picks]
        view = ShowToChannel(user_id, reply)
        view.message = await interaction.followup.send(truncate(f"{liked}\n{reply.message}", 2000), embeds=embeds,
                                                       view=view, ephemeral=True, wait=True)

    # ------------------------------------------------------------ /digest on|off
    @digest_group.command(name="on", description="Fresh personal picks every day or week, here or in your DMs")
    @app_commands.describe(cadence="daily or weekly", where="here (this channel) or dm (default: here in a "
                                                              "server, dm in a DM)")
    async def digest_on(self, interaction: discord.Interaction, cadence: Literal["daily", "weekly"],
                        where: Optional[Literal["here", "dm"]] = None) -> None:
        language = language_of(locale=interaction.locale)
        choice = where or ("here" if interaction.guild_id else "dm")
        target: Literal["dm", "channel"] = "channel" if choice == "here" and interaction.guild_id else "dm"
        if target == "channel":
            settings = self.bot.get_cog("SettingsCog")
            allowed = settings is not None and await settings.digests_allowed(interaction.guild_id)  # type: ignore
            if not allowed:
                await send_ephemeral(interaction, msg("digest_server_off", language))
                return
        await self.services.digest.subscribe(
            str(interaction.user.id), cadence, target, channel_id=str(interaction.channel_id),
            guild_id=str(interaction.guild_id) if interaction.guild_id else None, language=language)
        await send_ephemeral(interaction, msg("digest_on", language, n=DIGEST_PICKS,
                                              cadence=msg(f"digest_{cadence}", language),
                                              where=msg("digest_dm" if target == "dm" else "digest_here", language)))

    @digest_group.command(name="off", description="Stop your digest at once")
    async def digest_off(self, interaction: discord.Interaction) -> None:
        language = language_of(locale=interaction.locale)
        was_on = await self.services.digest.unsubscribe(str(interaction.user.id))
        await send_ephemeral(interaction, msg("digest_off" if was_on else "digest_was_off", language))

    # ------------------------------------------------------------ the schedule
    async def tick(self) -> None:
        """One scheduled run: every digest due now (core/digest.py batches and bounds the work)."""
        try:
            stats = await self.services.digest.run_due(self.deliver_digest, self.allowed)
        except Exception:  # a store outage: the loop tries again next tick
            log.exception("digest run failed")
            return
        if stats.due:
            log.info("digests: %d due, %s", stats.due, stats.outcomes)

    async def allowed(self, sub: Subscription) -> bool:
        if sub.target != "channel":
            return True
        settings = self.bot.get_cog("SettingsCog")
        return settings is not None and await settings.digests_allowed(sub.guild_id)  # type: ignore[attr-defined]

    async def destination(self, sub: Subscription) -> Any:
        """Where the digest goes: the user's DM channel or the chosen channel (raises Forbidden/NotFound)."""
        if sub.target == "dm":
            user = self.bot.get_user(int(sub.user_id)) or await self.bot.fetch_user(int(sub.user_id))
            return await user.create_dm()
        channel_id = int(sub.channel_id or 0)
        return self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)

    async def deliver_digest(self, sub: Subscription, reply: Reply) -> Outcome:
        lost: Outcome = "dm_closed" if sub.target == "dm" else "channel_lost"
        if sub.target == "channel":  # who it is for; the bot's allowed_mentions keep it from pinging
            reply.message = f"<@{sub.user_id}> {reply.message}"
        try:
            channel = await self.destination(sub)
            await self.recommend_cog.deliver(reply, int(sub.user_id), channel.id,
                                             int(sub.guild_id) if sub.guild_id else None, channel.send, channel.send)
        except (discord.Forbidden, discord.NotFound) as exc:
            log.info("digest turned off: %s (%s)", lost, exc.status)
            return lost
        return "sent"


async def setup(bot: "MovieBot") -> None:
    await bot.add_cog(DigestCog(bot))
