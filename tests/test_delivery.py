"""Per-channel delivery (order, no interleaving, retries) and the per-server compact mode, through the stand-ins."""
from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace

import discord
import pytest
from discord import app_commands

from bot.delivery import ChannelQueues
from bot.factory import create_bot
from bot.reactions import number_for_emoji
from core.guild_settings import GuildSettings
from core.models import InteractionKind
from core.services import build_services

try:
    from tests.bot_fixtures import (BOT_ID, GUILD_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage,
                                    reaction_payload, set_bot_user)
except ImportError:  # pytest "prepend" import mode
    from bot_fixtures import (BOT_ID, GUILD_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage,
                              reaction_payload, set_bot_user)


async def test_answers_in_one_channel_arrive_whole_and_in_order():
    queues, sent = ChannelQueues(), []

    async def answer(name: str, delay: float) -> None:
        await asyncio.sleep(delay)  # asked in this order: a, b, c
        async with queues.turn(1):
            for part in range(3):
                await asyncio.sleep(0.001)  # other answers would slip in here without the queue
                sent.append((name, part))

    await asyncio.gather(answer("c", 0.02), answer("a", 0.0), answer("b", 0.01))
    assert sent == [(n, p) for n in "abc" for p in range(3)]
    assert len(queues) == 0  # nothing kept for an idle channel


async def test_other_channels_do_not_wait():
    queues, order = ChannelQueues(), []

    async def slow():
        async with queues.turn(1):
            await asyncio.sleep(0.05)
            order.append("slow")

    async def fast():
        await asyncio.sleep(0.01)
        async with queues.turn(2):
            order.append("fast")

    await asyncio.gather(slow(), fast())
    assert order == ["fast", "slow"]


def _http_error(status: int) -> discord.HTTPException:
    return discord.HTTPException(SimpleNamespace(status=status, reason="scripted"), {"message": "x", "code": 0})


async def test_transient_send_failures_are_retried_and_client_errors_are_not():
    waits = []

    async def sleep(s):
        waits.append(s)

    queues = ChannelQueues(sleep=sleep)
    calls = []

    async def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) < 3:
            raise _http_error(503 if len(calls) == 1 else 429)
        return "sent"

    assert await queues.send(flaky, content="hi") == "sent" and len(calls) == 3 and len(waits) == 2

    async def forbidden(**kwargs):
        raise _http_error(403)

    with pytest.raises(discord.HTTPException):
        await queues.send(forbidden, content="hi")


async def test_guild_settings_persist_across_restarts(tmp_path):
    store = await GuildSettings.open(tmp_path / "guilds.sqlite3")
    assert await store.compact("1") is False and await store.compact(None) is False
    await store.set_compact("1", True)
    await store.close()
    again = await GuildSettings.open(tmp_path / "guilds.sqlite3")
    assert await again.compact("1") is True and await again.compact("2") is False
    await again.close()


def test_number_reactions():
    assert number_for_emoji("1️⃣") == 1 and number_for_emoji("🔟") == 10
    assert number_for_emoji(discord.PartialEmoji(name="3️⃣")) == 3 and number_for_emoji("❤️") is None


@pytest.fixture
async def bot_env(make_settings):
    services = await build_services(make_settings())
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    bot.progress_interval_s = 0.0
    yield bot, services
    await bot.close_services()


async def test_compact_mode_one_message_numbered_reactions_like_the_nth_movie(bot_env):
    bot, services = bot_env
    settings_cog, rec = bot.get_cog("SettingsCog"), bot.get_cog("RecommendCog")

    # a member without Manage Server cannot switch it
    member = FakeInteraction(bot, USER_ID)
    member.permissions = discord.Permissions.none()
    with pytest.raises(app_commands.MissingPermissions):
        await settings_cog.compact_command.callback(settings_cog, member, "on")
    assert not await settings_cog.compact(GUILD_ID)

    admin = FakeInteraction(bot, USER_ID)
    admin.permissions = discord.Permissions(manage_guild=True)
    await settings_cog.compact_command.callback(settings_cog, admin, "on")
    answer = admin.messages()[-1]
    assert answer.ephemeral and "Compact mode is now **on**" in answer.content

    channel = FakeChannel()
    message = FakeMessage(f"<@{BOT_ID}> a 90s comedy with Tom Hanks", channel=channel)
    await rec.on_message(message)
    assert channel.sent == []  # nothing but the one reply
    reply = message.replies[0][1]
    ids = [re.search(r"tt\d+", e.url).group(0) for e in reply.embeds]
    assert len(ids) == 5 and len(set(ids)) == 5 and "Tom Hanks" in reply.content
    assert reply.reactions == ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]
    assert reply.embeds[1].title.startswith("2️⃣ ") and sum(len(e) for e in reply.embeds) <= 6000

    hist = bot.get_cog("HistoryCog")
    await hist.on_reaction_action(reaction_payload(reply.id, USER_ID, "2️⃣"))
    await hist.on_reaction_action(reaction_payload(reply.id, USER_ID, "👀"))  # which movie? ignored
    entries = await services.history.entries(str(USER_ID))
    assert [(e.interaction.movie_id, e.interaction.kind) for e in entries] == [(ids[1], InteractionKind.LIKED)]
    await hist.on_reaction_action(reaction_payload(reply.id, USER_ID, "2️⃣", add=False))
    assert await services.history.entries(str(USER_ID)) == []

    # switched off again: a header plus one message per movie
    admin2 = FakeInteraction(bot, USER_ID + 1)
    admin2.permissions = discord.Permissions(manage_guild=True)
    await settings_cog.compact_command.callback(settings_cog, admin2, "off")
    channel2 = FakeChannel()
    m2 = FakeMessage(f"<@{BOT_ID}> a western", USER_ID + 2, channel=channel2)
    await rec.on_message(m2)
    assert len(channel2.sent) == 5 and not m2.replies[0][1].embeds


async def test_twenty_concurrent_answers_in_one_channel_do_not_interleave(bot_env):
    bot, _ = bot_env
    rec = bot.get_cog("RecommendCog")
    rec.cooldowns.seconds = 0
    channel = FakeChannel()
    messages = [FakeMessage(f"<@{BOT_ID}> a {g} movie", USER_ID + i, channel=channel)
                for i, g in enumerate(["comedy", "western", "horror", "drama", "crime"] * 4)]
    await asyncio.gather(*(rec.on_message(m) for m in messages))
    sent = [m for _, m in channel.sent]
    assert len(sent) == 100
    # each answer's five movie messages are consecutive
    owners = [next(i for i, m in enumerate(messages) if s.view and str(m.author.id) in s.view.children[0].custom_id)
              for s in sent]
    assert all(len(set(owners[k:k + 5])) == 1 for k in range(0, 100, 5))
