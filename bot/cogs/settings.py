"""Server settings: `/settings compact on|off`, for members who can manage the server."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import send_ephemeral
from core.guild_settings import GuildSettings
from core.messages import text as msg

if TYPE_CHECKING:
    from bot.client import MovieBot

log = logging.getLogger(__name__)


def _language(interaction: discord.Interaction) -> str:
    return "ko" if str(getattr(interaction, "locale", "")).startswith("ko") else "en"



async def _in_guild_as_manager(interaction: discord.Interaction, language: str) -> bool:
    """Server settings: only in a server, and only for Manage Server (default_permissions can be overridden by
    server admins, so the check is made here too). Outside a server the user is told; without the permission
    discord.py's MissingPermissions reaches the cog's error handler."""
    if interaction.guild_id is None:
        await send_ephemeral(interaction, msg("guild_only", language))
        return False
    perms = getattr(interaction, "permissions", None)
    if perms is None or not perms.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return True

class SettingsCog(commands.Cog):
    """Owns the per-server settings store (opened with the cog, closed with it)."""

    settings_group = app_commands.Group(name="settings", description="Server settings for MovieBot",
                                        default_permissions=discord.Permissions(manage_guild=True), guild_only=True)

    def __init__(self, bot: "MovieBot"):
        self.bot = bot
        self.store: GuildSettings | None = None

    async def cog_load(self) -> None:
        self.store = await GuildSettings.open(self.bot.services.settings.data_dir / "guilds.sqlite3")

    async def cog_unload(self) -> None:
        if self.store is not None:
            await self.store.close()

    async def compact(self, guild_id: int | None) -> bool:
        if self.store is None or guild_id is None:
            return False
        try:
            return await self.store.compact(str(guild_id))
        except Exception:  # a settings read never breaks an answer: the normal layout is always fine
            log.warning("could not read the compact setting of %s", guild_id, exc_info=True)
            return False

    @settings_group.command(name="compact", description="One message per answer (for busy servers)")
    @app_commands.describe(state="on: one message per answer with 1️⃣–5️⃣ reactions; off: one message per movie")
    async def compact_command(self, interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        language = _language(interaction)
        if not await _in_guild_as_manager(interaction, language):
            return
        assert self.store is not None
        await self.store.set_compact(str(interaction.guild_id), state == "on")
        await send_ephemeral(interaction, msg("compact_set", language, state=state,
                                              what=msg(f"compact_{state}", language)))

    async def digests_allowed(self, guild_id: int | str | None) -> bool:
        """Whether digests may be posted in this server. Unreadable settings block (a digest is never urgent)."""
        if guild_id is None:
            return True
        if self.store is None:
            return False
        try:
            return await self.store.digests(str(guild_id))
        except Exception:
            log.warning("could not read the digests setting of %s", guild_id, exc_info=True)
            return False

    @settings_group.command(name="digests", description="Allow members' scheduled digests in this server")
    @app_commands.describe(state="off: no digest is posted in this server's channels")
    async def digests_command(self, interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        language = _language(interaction)
        if not await _in_guild_as_manager(interaction, language):
            return
        assert self.store is not None
        await self.store.set_digests(str(interaction.guild_id), state == "on")
        await send_ephemeral(interaction, msg("digests_set", language, state=state))


async def setup(bot: "MovieBot") -> None:
    await bot.add_cog(SettingsCog(bot))
