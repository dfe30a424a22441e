"""Movie night: `/movienight @a @b … [request]` or a mention naming two or more friends.

One message holds the picks (one embed each) and the bot adds 1️⃣…5️⃣ under it. Number reactions rather than
Discord's native poll (discord.py 2.7 has `discord.Poll`): a native poll lasts whole hours, its answers are short
text without our embeds, and it counts everyone in the channel; reactions let the vote close after minutes, keep
the pick embeds, and count group members only. The vote logic lives in core/poll.py; this cog only feeds it raw
reaction events (so uncached messages work too) and announces the result.
"""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Optional

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.recommend import cooldown_text, language_of
from bot.embeds import CONTENT_MAX, build_header, fit_embeds, pick_embed, truncate
from bot.errors import clear_thinking, log_error, mark_thinking, new_error_id, reply_error, send_ephemeral
from bot.views import OwnedView
from core.group import MAX_MEMBERS, GroupRecommender, GroupReply, log_winner
from core.korean import resolve
from core.poll import Poll, announcement

if TYPE_CHECKING:
    from bot.client import MovieBot

log = logging.getLogger(__name__)

OPTION_EMOJI = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣")
MAX_OPTIONS = len(OPTION_EMOJI)
_MENTION = re.compile(r"<@!?\d+>")
WINNER_VIEW_TIMEOUT_S = 3600.0

TEXT = {
    "en": {
        "vote": "🗳️ Vote with {first}–{last}: one vote each, your latest reaction counts. Voting closes in "
                "{minutes} min, or as soon as all {n} of you have voted.",
        "footer": "{emoji} to vote for this one · {movie_id}",
        "closed": "🔒 Voting closed.",
        "log": "Log as watched for the winner's voters",
        "logged": "👀 Logged {title} as watched for {who}.",
        "already": "👀 {title} was already logged for everyone who voted for it.",
        "members_only": "Only the movie night's members can use this button.",
        "too_few": "🍿 Movie night needs at least one other person (not a bot): pick members with the command.",
        "too_many": f"🍿 Movie night is for at most {MAX_MEMBERS} people.",
    },
    "ko": {
        "vote": "🗳️ {first}–{last} 반응으로 투표하세요: 한 사람당 한 표, 마지막 반응이 유효해요. {minutes}분 뒤, "
                "또는 {n}명 모두 투표하면 마감해요.",
        "footer": "{emoji} 이 영화에 투표 · {movie_id}",
        "closed": "🔒 투표가 끝났어요.",
        "log": "우승작에 투표한 사람들의 기록에 '봤어요'로 저장",
        "logged": "👀 {who}님의 기록에 {title}을(를) 봤어요로 저장했어요.",
        "already": "👀 {title}은(는) 투표한 모든 분의 기록에 이미 있어요.",
        "members_only": "영화의 밤 멤버만 이 버튼을 쓸 수 있어요.",
        "too_few": "🍿 영화의 밤에는 봇이 아닌 다른 사람이 한 명 이상 필요해요.",
        "too_many": f"🍿 영화의 밤은 최대 {MAX_MEMBERS}명까지예요.",
    },
}


def text(language: str) -> dict[str, str]:
    """The cog's templates; Korean ones mark particles ("{title}을(를)"): pass a filled one through resolve()."""
    return TEXT["ko" if language == "ko" else "en"]


def option_for_emoji(emoji: discord.PartialEmoji | str | None) -> Optional[int]:
    """0 for 1️⃣ … 4 for 5️⃣ (with or without the variation selector); None for anything else."""
    if emoji is None:
        return None
    if not isinstance(emoji, str):
        if emoji.id is not None:
            return None
        emoji = emoji.name or ""
    bare = emoji.replace("\ufe0f", "")
    for i, option in enumerate(OPTION_EMOJI):
        if option.replace("\ufe0f", "") == bare:
            return i
    return None


def display_name(user: Any) -> str:
    return str(getattr(user, "display_name", None) or getattr(user, "name", None) or "someone")


def group_of(users: list[Any], bot_id: Optional[int]) -> list[tuple[int, str]]:
    """(id, display name) of the people in the group: no bots, no duplicates, in the order given."""
    seen: dict[int, str] = {}
    for u in users:
        if u is None or getattr(u, "bot", False) or u.id == bot_id or u.id in seen:
            continue
        seen[u.id] = display_name(u)
    return list(seen.items())


Send = Callable[..., Awaitable[Any]]


@dataclass
class Night:
    poll: Poll
    reply: GroupReply
    message: Any  # the poll message
    announce: Send  # sends the winner message where the night was asked for
    owner_id: int
    task: Optional[asyncio.Task] = None
    guild_id: Optional[int] = None  # where the members are checked when the vote closes (None: a DM)


class WinnerView(OwnedView):
    """"Log as watched for the winner's voters": any member may press it, once; it is disabled on timeout."""

    def __init__(self, owner_id: int, members: list[int], voters: list[str], movie_id: str, title: str,
                 language: str, names: dict[str, str], timeout: float | None = WINNER_VIEW_TIMEOUT_S):
        super().__init__(owner_id, timeout)
        self.members = set(members)
        self.voters, self.movie_id, self.title, self.language = voters, movie_id, title, language
        self.names = names  # user id -> display name
        self.log_watched.label = text(language)["log"]
        self.logged: list[str] | None = None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id in self.members:
            return True
        await send_ephemeral(interaction, text(self.language)["members_only"])
        return False

    @discord.ui.button(label="Log as watched", emoji="👀", style=discord.ButtonStyle.primary)
    async def log_watched(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        try:
            await interaction.response.defer()
            services = interaction.client.services  # type: ignore[attr-defined]
            self.logged = await log_winner(services.history, self.movie_id, self.voters)
            button.disabled = True
            self.stop()
            if self.message is not None:
                try:
                    await self.message.edit(view=self)
                except discord.HTTPException as exc:
                    log.info("could not disable the movie-night button: %s", exc)
            t = text(self.language)
            line = resolve(t["logged"].format(title=self.title,
                                              who=", ".join("@" + self.names.get(u, "?") for u in self.logged))
                           if self.logged else t["already"].format(title=self.title))
            await interaction.followup.send(truncate(line, CONTENT_MAX))
        except Exception as exc:
            await reply_error(interaction, exc, "movienight log")


class MovieNightCog(commands.Cog):
    def __init__(self, bot: "MovieBot"):
        self.bot = bot
        self.poll_minutes = float(bot.services.settings.movienight_poll_minutes)
        self.nights: dict[int, Night] = {}  # poll message id -> its night
        self._group: GroupRecommender | None = None
        self._slots = asyncio.Semaphore(max(1, int(bot.services.settings.discord_max_concurrency)))

    @property
    def group(self) -> GroupRecommender:
        if self._group is None:
            self._group = GroupRecommender(self.bot.services.recommender)
        return self._group

    async def cog_unload(self) -> None:
        for night in self.nights.values():
            if night.task is not None:
                night.task.cancel()

    # ------------------------------------------------------------ shared

    def _limits(self) -> tuple[asyncio.Semaphore, Any]:
        """The recommend cog's pipeline slots and cooldowns when loaded: a group request is a request too."""
        rec = self.bot.get_cog("RecommendCog")
        return (getattr(rec, "pipeline_slots", self._slots), getattr(rec, "cooldowns", None))

    async def run_group(self, group: list[tuple[int, str]], request: str, language: str) -> GroupReply:
        slots, _ = self._limits()
        async with slots:
            return await self.group.recommend([str(i) for i, _ in group], request,
                                              names={str(i): n for i, n in group}, count=MAX_OPTIONS,
                                              language=language)

    def poll_content(self, reply: GroupReply) -> str:
        t = text(reply.language)
        n = len(reply.picks)
        minutes = f"{self.poll_minutes:g}"
        vote = t["vote"].format(first=OPTION_EMOJI[0], last=OPTION_EMOJI[n - 1], minutes=minutes,
                                n=len(reply.members))
        header = build_header(reply)
        return truncate(header, CONTENT_MAX - len(vote) - 2) + "\n\n" + vote

    def poll_embeds(self, reply: GroupReply, cast_counts: dict[str, int]) -> list[discord.Embed]:
        t = text(reply.language)
        embeds = []
        for i, (pick, label) in enumerate(zip(reply.picks, reply.labels())):
            embed = pick_embed(pick, reply.language, prefer_actors=reply.filters.actors, cast_counts=cast_counts)
            embed.title = truncate(f"{OPTION_EMOJI[i]} {label}", 256)
            embed.set_footer(text=t["footer"].format(emoji=OPTION_EMOJI[i], movie_id=pick.movie.id))
            embeds.append(embed)
        return fit_embeds(embeds)

    async def start(self, group: list[tuple[int, str]], request: str, language: str, owner_id: int,
                    send_poll: Send, announce: Send, guild_id: Optional[int] = None) -> Optional[Night]:
        """Recommend, post the poll, add the number reactions, start the clock. None when there was no pick."""
        reply = await self.run_group(group, request, language)
        if not reply.picks:
            await send_poll(content=build_header(reply))
            return None
        counts = await self.bot.actor_counts()
        message = await send_poll(content=self.poll_content(reply), embeds=self.poll_embeds(reply, counts))
        self.bot.movie_messages.remember(message.id, None)  # 👀 ❤️ 👎 on the poll mean nothing
        poll = Poll(len(reply.picks), reply.members, [p.score for p in reply.picks], timeout_s=self.poll_minutes * 60)
        night = Night(poll=poll, reply=reply, message=message, announce=announce, owner_id=owner_id,
                      guild_id=guild_id)
        self.nights[message.id] = night
        for emoji in OPTION_EMOJI[: len(reply.picks)]:
            try:
                await message.add_reaction(emoji)
            except discord.HTTPException as exc:  # no Add Reactions permission: members can still add them
                log.warning("could not add the vote reaction %s: %s", emoji, exc)
                break
        night.task = asyncio.create_task(self._close_later(message.id, poll.timeout_s))
        return night

    async def _close_later(self, message_id: int, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.close_night(message_id)

    async def close_night(self, message_id: int) -> Optional[Any]:
        """Close the vote, announce the winner (with the log button when someone voted). Never raises."""
        night = self.nights.pop(message_id, None)
        if night is None:
            return None
        if night.task is not None and night.task is not asyncio.current_task():
            night.task.cancel()
        try:
            await self.drop_departed(night)
            reply, result = night.reply, night.poll.close()
            t = text(reply.language)
            content = announcement(result, reply.labels(), reply.names, reply.language)
            view = None
            if result.winner is not None:
                winner = reply.picks[result.winner]
                view = WinnerView(night.owner_id, [int(u) for u in night.poll.members], result.voters,
                                  winner.movie.id, reply.labels()[result.winner], reply.language, reply.names)
            kwargs: dict[str, Any] = {"content": truncate(content, CONTENT_MAX),
                                      "allowed_mentions": discord.AllowedMentions.none()}
            if view is not None:
                kwargs["view"] = view
            sent = await night.announce(**kwargs)
            if view is not None:
                view.message = sent
            try:
                await night.message.edit(content=truncate(f"{night.message.content or ''}\n{t['closed']}",
                                                          CONTENT_MAX))
            except (discord.HTTPException, AttributeError) as exc:  # cosmetic: the announcement went out
                log.info("could not mark the poll closed: %s", exc)
            return sent
        except Exception as exc:
            log_error(exc, new_error_id(), "movienight close")
            return None

    # ------------------------------------------------------------ votes

    @commands.Cog.listener("on_raw_reaction_add")
    @commands.Cog.listener("on_raw_reaction_remove")
    async def on_vote(self, payload: discord.RawReactionActionEvent) -> None:
        night = self.nights.get(payload.message_id)
        me = self.bot.user
        if night is None or me is None or payload.user_id == me.id:
            return
        option = option_for_emoji(payload.emoji)
        if option is None:
            return
        user = str(payload.user_id)  # non-members and bots are not in the poll: their reactions count for nothing
        counted = night.poll.vote(user, option) if payload.event_type == "REACTION_ADD" else \
            night.poll.unvote(user, option)
        if counted and night.poll.all_voted():
            await self.close_night(payload.message_id)

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Someone left the server. Only bots with the (privileged) members intent get this event at once; the
        bot runs without it, so drop_departed asks Discord when the vote closes."""
        await self.member_left(payload.user.id)

    async def drop_departed(self, night: Night) -> None:
        """Before counting: a voter no longer in the server loses their vote. Without the members intent no
        leave event arrives, so each voter is looked up once (GET guild member, which needs no intent); a
        lookup that fails for another reason keeps the vote."""
        guild = self.bot.get_guild(night.guild_id) if night.guild_id is not None else None
        if guild is None:
            return
        for user_id in list(night.poll.votes):
            try:
                await guild.fetch_member(int(user_id))
            except discord.NotFound:
                night.poll.leave(user_id)
            except discord.HTTPException as exc:
                log.info("could not check a movie-night voter's membership: %s", exc)

    async def member_left(self, user_id: int) -> None:
        for message_id, night in list(self.nights.items()):
            if night.poll.leave(str(user_id)) and (not night.poll.members or night.poll.all_voted()):
                await self.close_night(message_id)

    # ------------------------------------------------------------ /movienight

    @app_commands.command(name="movienight", description="Movie picks for a group, with a vote")
    @app_commands.describe(member1="Someone to watch with", member2="Someone else", member3="Someone else",
                           member4="Someone else", member5="Someone else",
                           request="What the group feels like, e.g. 'a crime film from the 90s'")
    async def movienight(self, interaction: discord.Interaction, member1: discord.Member,
                         member2: Optional[discord.Member] = None, member3: Optional[discord.Member] = None,
                         member4: Optional[discord.Member] = None, member5: Optional[discord.Member] = None,
                         request: Optional[app_commands.Range[str, 1, 2000]] = None) -> None:
        language = language_of(request or "", getattr(interaction, "locale", None))
        try:
            me = self.bot.user
            group = group_of([interaction.user, member1, member2, member3, member4, member5],
                             me.id if me else None)
            if len(group) < 2:
                await send_ephemeral(interaction, text(language)["too_few"])
                return
            _, cooldowns = self._limits()
            wait = cooldowns.hit(interaction.user.id) if cooldowns is not None else 0
            if wait > 0:
                await send_ephemeral(interaction, cooldown_text(wait, language))
                return
            await interaction.response.defer(thinking=True)
            mark_thinking(interaction)

            async def send_poll(**kwargs: Any) -> Any:
                sent = await interaction.followup.send(wait=True, **kwargs)
                clear_thinking(interaction)
                return sent

            channel = getattr(interaction, "channel", None)

            async def announce(**kwargs: Any) -> Any:
                # The channel, not the interaction: its followup token expires after 15 minutes.
                if channel is not None and hasattr(channel, "send"):
                    return await channel.send(**kwargs)
                return await interaction.followup.send(wait=True, **kwargs)

            await self.start(group, request or "", language, interaction.user.id, send_poll, announce,
                             guild_id=getattr(interaction, "guild_id", None))
        except Exception as exc:
            await reply_error(interaction, exc, "movienight")

    # ------------------------------------------------------------ @mention with friends

    def mentioned_group(self, message: discord.Message) -> Optional[list[tuple[int, str]]]:
        """The group if the message mentions two or more people besides the bot and the author, else None."""
        me = self.bot.user
        bot_id = me.id if me else None
        others = group_of([u for u in message.mentions if u.id != message.author.id], bot_id)
        if len(others) < 2:
            return None
        return group_of([message.author, *message.mentions], bot_id)[: MAX_MEMBERS]

    async def handle_mention(self, message: discord.Message, request: str, group: list[tuple[int, str]]) -> None:
        """Called by RecommendCog for a mention that names friends: the request without any mention in it."""
        request = " ".join(_MENTION.sub(" ", request or "").split())
        _, cooldowns = self._limits()
        wait = cooldowns.hit(message.author.id) if cooldowns is not None else 0
        language = language_of(request)
        if wait > 0:
            await message.reply(cooldown_text(wait, language), mention_author=False)
            return

        async def send_poll(**kwargs: Any) -> Any:
            return await message.reply(mention_author=False, **kwargs)

        guild = getattr(message, "guild", None)
        await self.start(group, request, language, message.author.id, send_poll, message.channel.send,
                         guild_id=getattr(guild, "id", None))


async def setup(bot: "MovieBot") -> None:
    await bot.add_cog(MovieNightCog(bot))
