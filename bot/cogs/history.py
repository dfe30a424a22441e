"""History: reactions (raw events), /watched, /liked, /import, /history, /profile, /forget."""
from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.embeds import KIND_EMOJI, profile_embed, truncate
from bot.errors import log_error, new_error_id, send_ephemeral
from bot.cogs.recommend import language_of
from bot.reactions import handle_raw_reaction
from bot.views import ForgetConfirm, HistoryPager
from core.errors import ImportFileError
from core.importer import MAX_UPLOAD_BYTES, import_history, too_large
from core.messages import text as msg
from core.models import InteractionKind, Movie

if TYPE_CHECKING:
    from bot.client import MovieBot

log = logging.getLogger(__name__)

_IMDB_ID = re.compile(r"^tt\d{5,10}$")
AUTOCOMPLETE_MAX = 25
CHOICE_NAME_MAX = 100
HISTORY_LIMIT = 500
HISTORY_PAGE = 10


class HistoryCog(commands.Cog):
    def __init__(self, bot: "MovieBot"):
        self.bot = bot

    @property
    def history(self):
        return self.bot.services.history

    # ------------------------------------------------------------ reactions

    @commands.Cog.listener("on_raw_reaction_add")
    @commands.Cog.listener("on_raw_reaction_remove")
    async def on_reaction_action(self, payload: discord.RawReactionActionEvent) -> None:
        me = self.bot.user
        if me is None:
            return
        try:
            await handle_raw_reaction(
                payload, bot_user_id=me.id, history=self.history, index=self.bot.movie_messages,
                fetch_message=self.bot.fetch_message_for, is_bot_user=self.bot.is_known_bot,
            )
        except Exception as exc:  # no one to answer: the log has the id and the traceback
            log_error(exc, new_error_id(), f"reaction {payload.event_type}")

    # ------------------------------------------------------------ /watched, /liked

    async def resolve(self, value: str) -> Movie:
        """An autocomplete value (IMDb id) or a typed title -> the catalog movie."""
        value = (value or "").strip()
        if _IMDB_ID.match(value):
            found = await self.bot.services.catalog.get_many([value])
            if value in found:
                return found[value]
        return await self.history.resolve_title(value)

    async def _log_title(self, interaction: discord.Interaction, title: str, kind: InteractionKind) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        movie = await self.resolve(title)
        added = await self.history.log(str(interaction.user.id), movie.id, kind, source="command")
        verb = {InteractionKind.WATCHED: "marked as watched", InteractionKind.LIKED: "added to your likes"}[kind]
        text = f"{KIND_EMOJI[kind]} **{movie.label}** {verb}." if added else \
            f"{KIND_EMOJI[kind]} **{movie.label}** was already {verb.replace('added to', 'in')}."
        await interaction.followup.send(truncate(text, 2000), ephemeral=True)

    @app_commands.command(name="watched", description="Log a movie you have watched")
    @app_commands.describe(title="Movie title (pick one from the list)")
    async def watched(self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        await self._log_title(interaction, title, InteractionKind.WATCHED)

    @app_commands.command(name="liked", description="Log a movie you liked")
    @app_commands.describe(title="Movie title (pick one from the list)")
    async def liked(self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        await self._log_title(interaction, title, InteractionKind.LIKED)

    @watched.autocomplete("title")
    @liked.autocomplete("title")
    async def title_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        current = (current or "").strip()
        if len(current) < 2:
            return []
        try:
            movies = await self.bot.services.catalog.find_titles(current, limit=AUTOCOMPLETE_MAX)
        except Exception as exc:
            log_error(exc, new_error_id(), "autocomplete")
            return []
        return [app_commands.Choice(name=truncate(m.label, CHOICE_NAME_MAX), value=m.id)
                for m in movies[:AUTOCOMPLETE_MAX]]

    # ------------------------------------------------------------ /import

    @app_commands.command(name="import", description="Import your Letterboxd or IMDb history (export .zip or .csv)")
    @app_commands.describe(file="Letterboxd export (.zip, watched.csv, ratings.csv) or IMDb ratings.csv, up to 5 MB")
    async def import_command(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        language = language_of(locale=getattr(interaction, "locale", None))
        try:
            if file.size > MAX_UPLOAD_BYTES:  # refused before downloading it
                raise too_large(file.size)
            await interaction.response.defer(ephemeral=True, thinking=True)
            report = await import_history(self.history, str(interaction.user.id), await file.read(), file.filename)
        except ImportFileError as exc:
            await send_ephemeral(interaction, truncate(f"⚠️ {exc.text(language)}", 2000))
            return
        text = "📥 " + report.summary(language)
        if not report.unmatched:
            await interaction.followup.send(truncate(text, 2000), ephemeral=True)
            return
        listing = discord.File(io.BytesIO(report.unmatched_text(language).encode("utf-8")), filename="unmatched.txt")
        text += " " + msg("import_attached", language)
        await interaction.followup.send(truncate(text, 2000), file=listing, ephemeral=True)

    # ------------------------------------------------------------ /history, /profile, /forget

    @app_commands.command(name="history", description="What you have logged (only you can see it)")
    async def history_command(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        entries = await self.history.entries(str(interaction.user.id), HISTORY_LIMIT)
        pager = HistoryPager(interaction.user.id, entries, per_page=HISTORY_PAGE)
        if pager.pages > 1:
            pager.message = await interaction.followup.send(embed=pager.embed(), view=pager, ephemeral=True, wait=True)
        else:
            await interaction.followup.send(embed=pager.embed(), ephemeral=True)

    @app_commands.command(name="profile", description="Your taste profile (only you can see it)")
    async def profile_command(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        profile = await self.bot.services.recommender.profile(str(interaction.user.id))
        await interaction.followup.send(embed=profile_embed(profile), ephemeral=True)

    @app_commands.command(name="forget", description="Delete all your data (asks to confirm)")
    async def forget_command(self, interaction: discord.Interaction) -> None:
        view = ForgetConfirm(interaction.user.id)
        await send_ephemeral(
            interaction,
            "🗑️ This deletes your whole movie history and taste profile. This cannot be undone. Sure?",
            view=view,
        )
        view.message = await interaction.original_response()  # so its buttons can be disabled on timeout


async def setup(bot: "MovieBot") -> None:
    await bot.add_cog(HistoryCog(bot))
