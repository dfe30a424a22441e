"""The bot: a commands.Bot subclass holding the core services, its cogs and persistent buttons."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Optional

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import reply_error
from bot.reactions import MovieMessageIndex

log = logging.getLogger(__name__)


class GuildSyncs:
    """The guilds that got a copy of the commands (`--sync --guild`), so a global sync can remove the copies."""

    def __init__(self, path: Path):
        self.path = path

    def all(self) -> list[int]:
        try:
            return [int(g) for g in json.loads(self.path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return []

    def _write(self, ids: list[int]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(sorted(set(ids))), encoding="utf-8")

    def add(self, guild_id: int) -> None:
        self._write([*self.all(), guild_id])

    def remove(self, guild_id: int) -> None:
        self._write([g for g in self.all() if g != guild_id])


COG_EXTENSIONS = ("bot.cogs.recommend", "bot.cogs.history", "bot.cogs.movienight", "bot.cogs.settings",
                  "bot.cogs.digest")


class MovieBotTree(app_commands.CommandTree):
    """Every app-command error becomes a short ephemeral message with an error id (never "interaction failed")."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        await reply_error(interaction, error, "command")


class MovieBot(commands.Bot):
    """Mentions and slash commands in, core services behind. No message-content intent needed."""

    def __init__(self, services: Any, *, sync_commands: bool = False, sync_guild: Optional[int] = None,
                 **options: Any):
        options.setdefault("intents", discord.Intents.default())
        # Nobody is pinged by anything the bot says: echoed user or model text can hold <@id> mentions, and the
        # asker is already addressed through the reply reference.
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(command_prefix=commands.when_mentioned, tree_cls=MovieBotTree, help_command=None,
                         **options)
        self.services = services
        self.movie_messages = MovieMessageIndex()
        self.progress_interval_s = 1.5
        self.sync_on_start = sync_commands
        self.sync_guild = sync_guild
        self._services_closed = False

    async def setup_hook(self) -> None:
        from bot.views import ExpiredViewButton, MovieActionButton

        # Cogs load by extension name (each module has `async def setup(bot)`) and own their state, so new
        # cogs slot in here without the client importing them.
        for extension in COG_EXTENSIONS:
            await self.load_extension(extension)
        # Movie buttons of messages sent before a restart keep working; menus from before it say they expired.
        self.add_dynamic_items(MovieActionButton, ExpiredViewButton)
        if self.sync_on_start:
            await self.sync_app_commands(self.sync_guild)

    async def sync_app_commands(self, guild_id: Optional[int] = None) -> list[app_commands.AppCommand]:
        """Only on request (`--sync`): syncing on every start hits Discord's rate limits."""
        guilds = GuildSyncs(self.services.settings.data_dir / "synced_guilds.json")
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            guilds.add(guild_id)
            log.info("synced %d commands to guild %s (visible at once)", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            # Guild copies from an earlier `--sync --guild` would now show every command twice there: clear them.
            for gid in guilds.all():
                self.tree.clear_commands(guild=discord.Object(id=gid))
                await self.tree.sync(guild=discord.Object(id=gid))
                guilds.remove(gid)
            log.info("synced %d global commands (may take up to an hour to appear)", len(synced))
        return synced

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s), %d guilds, shards=%s", self.user, getattr(self.user, "id", "?"),
                 len(self.guilds), self.shard_count)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions are handled by RecommendCog's listener."""
        return

    async def fetch_message_for(self, channel_id: int, message_id: int) -> discord.Message:
        """Fetch any message, cached channel or not (DMs included)."""
        return await self.get_partial_messageable(channel_id).fetch_message(message_id)

    async def actor_counts(self) -> dict[str, int]:
        """Films per actor in the catalog (cached by the catalog): orders the "Top cast" field."""
        try:
            return (await self.services.catalog.vocabulary()).actors
        except Exception as exc:  # cosmetic: never fail a reply for it
            log.warning("no actor counts for cast ordering: %s", exc)
            return {}

    def is_known_bot(self, user_id: int) -> bool:
        user = self.get_user(user_id)
        return bool(user is not None and user.bot)

    async def close_services(self) -> None:
        if not self._services_closed:
            self._services_closed = True
            await self.services.close()

    async def close(self) -> None:
        """Graceful shutdown: disconnect, then close the stores."""
        try:
            await super().close()
        finally:
            await self.close_services()


class ShardedMovieBot(MovieBot, commands.AutoShardedBot):
    """The same bot on AutoShardedBot (DISCORD_SHARD_COUNT set; 0 = let Discord choose)."""
