"""Buttons: persistent per-movie actions (DynamicItem), the /history pager and the /forget confirmation."""
from __future__ import annotations

import logging
import re
import secrets
from typing import Any, Sequence

import discord

from bot.embeds import history_page_embed, truncate
from bot.errors import reply_error, send_ephemeral
from core.models import InteractionKind

log = logging.getLogger(__name__)

ACTION_KINDS: dict[str, InteractionKind] = {
    "w": InteractionKind.WATCHED,
    "l": InteractionKind.LIKED,
    "n": InteractionKind.NOT_INTERESTED,
}
_ACTION_LOOK = {
    "w": ("👀", "Watched", discord.ButtonStyle.secondary),
    "l": ("❤️", "Liked", discord.ButtonStyle.secondary),
    "n": ("👎", "Not interested", discord.ButtonStyle.secondary),
}
_DONE = {"w": "marked as watched", "l": "added to your likes", "n": "marked as not interested"}
_UNDONE = {"w": "is no longer marked as watched", "l": "was removed from your likes",
           "n": "is no longer marked as not interested"}

CUSTOM_ID_TEMPLATE = r"mb:(?P<action>w|l|n):(?P<movie>tt\d+):(?P<user>\d+)"
# Menus (pager, confirmation) live in this process only; their custom ids carry this process's id, so a press
# on a menu from before a restart is recognised and answered instead of failing.
BOOT_ID = secrets.token_hex(4)
MENU_ID_TEMPLATE = r"mb:v:(?P<boot>[0-9a-f]{8}):(?P<view>\w+):(?P<n>\d+)"


def custom_id(action: str, movie_id: str, user_id: int | str) -> str:
    return f"mb:{action}:{movie_id}:{user_id}"


def _services(interaction: Any):
    return interaction.client.services


class MovieActionButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID_TEMPLATE):
    """👀 / ❤️ / 👎 on a movie message. The custom_id carries everything, so it survives restarts."""

    def __init__(self, action: str, movie_id: str, user_id: int):
        emoji, label, style = _ACTION_LOOK[action]
        super().__init__(discord.ui.Button(style=style, emoji=emoji, label=label,
                                           custom_id=custom_id(action, movie_id, user_id)))
        self.action = action
        self.movie_id = movie_id
        self.user_id = int(user_id)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(match["action"], match["movie"], int(match["user"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.user_id:
            return True
        try:
            await send_ephemeral(
                interaction,
                f"These buttons belong to <@{self.user_id}>, who asked for this list. "
                "React with 👀 ❤️ 👎 to log this movie for yourself.",
            )
        except Exception:
            log.exception("could not answer a foreign button press")
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            history = _services(interaction).history
            kind = ACTION_KINDS[self.action]
            user = str(self.user_id)
            added = await history.log(user, self.movie_id, kind, source="button")
            title = _message_title(interaction) or self.movie_id
            shelf = getattr(_services(interaction), "shelf", None)
            more = interaction.client.get_cog("DigestCog") if self.action == "l" and shelf is not None else None
            if added and more is not None:  # ❤️ Liked: confirm and offer three films like it (bot/cogs/digest.py)
                await more.more_like_this(interaction, self.user_id, self.movie_id, title)
                return
            if added:
                await send_ephemeral(interaction, truncate(f"{_ACTION_LOOK[self.action][0]} **{title}** "
                                                           f"{_DONE[self.action]}.", 2000))
                return
            # Already logged (by this button or a reaction): the button sets the state, it never silently undoes
            # it; undoing is an explicit second choice.
            await send_ephemeral(interaction, truncate(f"{_ACTION_LOOK[self.action][0]} **{title}** is already "
                                                       f"{_DONE[self.action]}. Undo?", 2000),
                                 view=UndoView(self.user_id, self.movie_id, self.action, title))
        except Exception as exc:
            await reply_error(interaction, exc, "movie button")


class ExpiredViewButton(discord.ui.DynamicItem[discord.ui.Button], template=MENU_ID_TEMPLATE):
    """Answers presses on menus sent by an earlier run of the bot (their view is gone after a restart)."""

    def __init__(self, boot: str, view: str, n: int):
        super().__init__(discord.ui.Button(label="expired", custom_id=f"mb:v:{boot}:{view}:{n}"))
        self.boot = boot
        self.view_name = view

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(match["boot"], match["view"], int(match["n"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return self.boot != BOOT_ID  # a menu of this run is handled by its live view

    async def callback(self, interaction: discord.Interaction) -> None:
        command = {"HistoryPager": "/history", "ForgetConfirm": "/forget"}.get(self.view_name, "the command")
        await send_ephemeral(interaction, f"This menu has expired: run {command} again.")


def _message_title(interaction: Any) -> str | None:
    message = getattr(interaction, "message", None)
    embeds = getattr(message, "embeds", None) or []
    for embed in embeds:
        if getattr(embed, "title", None):
            return embed.title
    return None


def movie_view(movie_id: str, user_id: int) -> discord.ui.View:
    """The persistent view sent with each movie message (its items are DynamicItems)."""
    view = discord.ui.View(timeout=None)
    for action in ("w", "l", "n"):
        view.add_item(MovieActionButton(action, movie_id, user_id))
    return view


class OwnedView(discord.ui.View):
    """A view only its owner may press; errors become ephemeral messages with an error id.

    On timeout its buttons are disabled (the message is edited), and its custom ids carry BOOT_ID so that a
    press after a restart gets an "expired" answer from ExpiredViewButton rather than "interaction failed".
    """

    def __init__(self, owner_id: int, timeout: float | None = 600):
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: Any = None  # set by whoever sends the view, so on_timeout can edit it
        for n, item in enumerate(self.children):
            if isinstance(item, discord.ui.Button):
                item.custom_id = f"mb:v:{BOOT_ID}:{type(self).__name__}:{n}"

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException as exc:  # deleted message, expired token: nothing left to disable
                log.info("could not disable an expired %s: %s", type(self).__name__, exc)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await send_ephemeral(interaction, "Only the person who ran this command can use these buttons.")
        return False

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item, /) -> None:
        await reply_error(interaction, error, f"view {type(self).__name__}")


class HistoryPager(OwnedView):
    def __init__(self, owner_id: int, entries: Sequence, per_page: int = 10, timeout: float | None = 600):
        super().__init__(owner_id, timeout)
        self.entries = list(entries)
        self.per_page = per_page
        self.page = 0
        self._sync_buttons()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.entries) // self.per_page))

    def embed(self) -> discord.Embed:
        start = self.page * self.per_page
        return history_page_embed(self.entries[start:start + self.per_page], self.page, self.per_page,
                                  len(self.entries))

    def _sync_buttons(self) -> None:
        self.prev_page.disabled = self.page <= 0
        self.next_page.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def prev_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page = min(self.pages - 1, self.page + 1)
        await self._show(interaction)


class UndoView(OwnedView):
    """The explicit undo offered when a movie button is pressed for something already logged."""

    def __init__(self, owner_id: int, movie_id: str, action: str, title: str, timeout: float | None = 120):
        super().__init__(owner_id, timeout)
        self.movie_id, self.action, self.title = movie_id, action, title

    @discord.ui.button(label="Undo", style=discord.ButtonStyle.secondary)
    async def undo(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await _services(interaction).history.unlog(str(self.owner_id), self.movie_id, ACTION_KINDS[self.action])
        self.stop()
        await interaction.response.edit_message(
            content=truncate(f"↩️ **{self.title}** {_UNDONE[self.action]}.", 2000), view=None)


class ForgetConfirm(OwnedView):
    def __init__(self, owner_id: int, timeout: float | None = 120):
        super().__init__(owner_id, timeout)
        self.deleted: int | None = None

    @discord.ui.button(label="Delete everything", emoji="🗑️", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.deleted = await _services(interaction).history.forget(str(self.owner_id))
        self.stop()
        await interaction.response.edit_message(
            content=f"🗑️ Done: deleted {self.deleted} history record{'' if self.deleted == 1 else 's'}. "
                    "Your taste profile starts from scratch.",
            view=None,
        )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was deleted.", view=None)
