"""The shelf, "more like this" and the digest through the bot's stand-ins, on real services and a fake clock.

No real sleeps: the digest's clock is a FakeClock the tests move, and `DigestCog.tick` is what the tasks loop
would call every minute. Where a digest goes (a DM or a channel) is a FakeChannel that can refuse like Discord.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot.factory import create_bot
from core.digest import SPREAD, offset
from core.models import InteractionKind
from moviebot.wiring import build_services

try:
    from tests.bot_fixtures import BOT_ID, OTHER_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, \
        set_bot_user
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from bot_fixtures import BOT_ID, OTHER_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, set_bot_user

REPO = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc)
LIKED = {"tt0353969": "Memories of Murder", "tt0113277": "Heat", "tt0364569": "Oldboy"}
THIRD_ID = 100_000_000_000_000_003


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Destinations:
    """DM channels per user and server channels per id; `closed` users have their DMs closed to the bot."""

    def __init__(self) -> None:
        self.channels: dict[tuple[str, str], FakeChannel] = {}
        self.closed: set[str] = set()

    async def __call__(self, sub) -> FakeChannel:
        key = (sub.target, sub.user_id if sub.target == "dm" else str(sub.channel_id))
        if key not in self.channels:
            self.channels[key] = FakeChannel(channel_id=900 + len(self.channels))
        channel = self.channels[key]
        if sub.target == "dm" and sub.user_id in self.closed:
            channel.send.side_effect = forbidden
        return channel

    def posts(self, target: str, key: str | int) -> list:
        channel = self.channels.get((target, str(key)))
        return [m for _, m in channel.sent] if channel else []


async def forbidden(*args, **kwargs):
    raise discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"),
                            {"message": "Cannot send messages to this user", "code": 50007})


async def start(make_settings, clock: FakeClock, **overrides):
    settings = make_settings(DISCORD_USER_COOLDOWN_S=0, **overrides)
    services = await build_services(settings)
    services.shelf.clock = services.digest.clock = clock
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    bot.progress_interval_s = 0.0
    cog = bot.get_cog("DigestCog")
    cog.destination = Destinations()
    return bot, services, cog


@pytest.fixture
async def env(make_settings):
    clock = FakeClock()
    bot, services, cog = await start(make_settings, clock)
    for movie_id in LIKED:
        await services.history.log(str(USER_ID), movie_id, InteractionKind.LIKED)
    yield bot, services, cog, clock
    await bot.close_services()


def interaction(bot, user_id: int = USER_ID, guild: bool = True) -> FakeInteraction:
    i = FakeInteraction(bot, user_id)
    if not guild:
        i.guild_id = None
    return i


def movie_ids(posts: list) -> list[str]:
    return [re.search(r"tt\d+", m.embed.url).group(0) for m in posts if m.embed is not None]


async def subscribe(cog, user_id: int, cadence: str, where: str | None, guild: bool = True) -> FakeInteraction:
    i = interaction(cog.bot, user_id, guild)
    await cog.digest_on.callback(cog, i, cadence, where)
    return i


async def tick_at(cog, clock: FakeClock, when: datetime) -> None:
    clock.now = when
    await cog.tick()


def slot(user_id: int, days: int) -> datetime:
    """When a digest subscribed at T0 is due: the period, plus the user's share of the spread."""
    return T0 + timedelta(days=days) + offset(str(user_id))


# ---------------------------------------------------------------- the digest schedule


async def test_daily_and_weekly_deliveries_on_time(env):
    bot, services, cog, clock = env
    await services.history.log(str(OTHER_ID), "tt0113277", InteractionKind.LIKED)
    on = await subscribe(cog, USER_ID, "daily", "dm")
    assert on.messages("response")[0].ephemeral and "every day" in on.messages("response")[0].content
    await subscribe(cog, OTHER_ID, "weekly", "here")
    assert offset(str(USER_ID)) < SPREAD and offset(str(USER_ID)) != offset(str(OTHER_ID))  # spread apart
    dests = cog.destination

    await tick_at(cog, clock, slot(USER_ID, 1) - timedelta(seconds=1))
    assert dests.posts("dm", USER_ID) == []  # not a second early
    for day in (1, 2, 3):
        await tick_at(cog, clock, slot(USER_ID, day) + timedelta(seconds=30))  # the next minute's tick
        posts = dests.posts("dm", USER_ID)
        assert len(posts) == 6 * day, day  # header + 5 picks, once a day
        assert "Your digest" in posts[-6].content
        await tick_at(cog, clock, slot(USER_ID, day) + timedelta(hours=3))  # later ticks the same day: nothing
        assert len(dests.posts("dm", USER_ID)) == 6 * day
    assert dests.posts("channel", "800000000000000001") == []  # the weekly one waits for its week

    await tick_at(cog, clock, slot(OTHER_ID, 7) - timedelta(minutes=1))
    assert dests.posts("channel", "800000000000000001") == []
    await tick_at(cog, clock, slot(OTHER_ID, 7) + timedelta(seconds=30))
    weekly = dests.posts("channel", "800000000000000001")
    assert len(weekly) == 6 and weekly[0].content.startswith(f"<@{OTHER_ID}> ")  # named, never pinged
    assert bot.allowed_mentions.users is False
    sub = await services.personal.get(str(OTHER_ID))
    assert sub.next_at == slot(OTHER_ID, 14)


async def test_opt_out_is_honoured_at_once(env):
    bot, services, cog, clock = env
    await services.history.log(str(OTHER_ID), "tt0113277", InteractionKind.LIKED)
    await subscribe(cog, USER_ID, "daily", "dm")
    await subscribe(cog, OTHER_ID, "daily", "dm")
    off = interaction(bot)
    await cog.digest_off.callback(cog, off)
    assert "Digest off" in off.messages("response")[0].content
    again = interaction(bot)
    await cog.digest_off.callback(cog, again)
    assert "no digest" in again.messages("response")[0].content
    # The other user opts out while the run is already under way (after being found due, before the post).
    services.digest.concurrency = 1
    real = cog.deliver_digest

    async def deliver(sub, reply):
        if sub.user_id == str(USER_ID):
            raise AssertionError("a digest went to a user who had opted out")
        await services.digest.unsubscribe(str(OTHER_ID))
        return "skipped-by-test"

    assert real is not None
    await services.digest.subscribe(str(USER_ID), "daily", "dm")  # the first user back, then out again
    await services.digest.unsubscribe(str(USER_ID))
    clock.now = T0 + timedelta(days=2)
    stats = await services.digest.run_due(deliver, cog.allowed)
    assert stats.due == 1 and stats.outcomes == {"skipped-by-test": 1}
    assert await services.personal.get(str(OTHER_ID)) is None  # the bookkeeping did not bring it back
    await tick_at(cog, clock, T0 + timedelta(days=3))
    assert cog.destination.channels == {}


async def test_restart_resumes_the_schedule(make_settings):
    clock = FakeClock()
    bot, services, cog = await start(make_settings, clock)
    await services.history.log(str(USER_ID), "tt0353969", InteractionKind.LIKED)
    await subscribe(cog, USER_ID, "daily", "dm")
    await tick_at(cog, clock, slot(USER_ID, 1) + timedelta(seconds=5))
    first = movie_ids(cog.destination.posts("dm", USER_ID))
    assert len(first) == 5
    await bot.close_services()

    bot2, services2, cog2 = await start(make_settings, clock)  # a new process on the same data folder
    try:
        sub = await services2.personal.get(str(USER_ID))
        assert sub is not None and sub.next_at == slot(USER_ID, 2)
        await tick_at(cog2, clock, slot(USER_ID, 2) + timedelta(seconds=5))
        second = movie_ids(cog2.destination.posts("dm", USER_ID))
        assert len(second) == 5 and not set(first) & set(second)  # the restart kept what was shown too
        # down for five days: one digest when it comes back, then the usual rhythm (no burst)
        await tick_at(cog2, clock, slot(USER_ID, 7) + timedelta(hours=2))
        assert len(cog2.destination.posts("dm", USER_ID)) == 12
        assert (await services2.personal.get(str(USER_ID))).next_at == slot(USER_ID, 8)
    finally:
        await bot2.close_services()


async def test_closed_dm_turns_the_digest_off_with_a_note(env):
    bot, services, cog, clock = env
    await subscribe(cog, USER_ID, "weekly", "dm")
    cog.destination.closed.add(str(USER_ID))
    await tick_at(cog, clock, slot(USER_ID, 7) + timedelta(seconds=5))
    sub = await services.personal.get(str(USER_ID))
    assert sub is not None and not sub.active and sub.note == "dm_closed"
    await tick_at(cog, clock, slot(USER_ID, 14) + timedelta(seconds=5))
    assert cog.destination.channels[("dm", str(USER_ID))].send.await_count == 1  # tried once, never again
    # the next time the user talks to the bot: the note first, once
    channel = FakeChannel()
    message = FakeMessage(f"<@{BOT_ID}> a comedy", channel=channel)
    await bot.get_cog("RecommendCog").on_message(message)
    assert "turned your digest off" in message.replies[0][1].content
    again = FakeMessage(f"<@{BOT_ID}> a comedy", channel=channel)
    await bot.get_cog("RecommendCog").on_message(again)
    assert all("turned your digest off" not in (m.content or "") for _, m in again.replies)
    assert await services.personal.get(str(USER_ID)) is None


async def test_lost_channel_turns_the_digest_off(env):
    bot, services, cog, clock = env
    await subscribe(cog, USER_ID, "daily", "here")

    async def gone(sub):
        raise discord.NotFound(SimpleNamespace(status=404, reason="Not Found"), {"message": "Unknown Channel",
                                                                                  "code": 10003})

    cog.destination = gone
    await tick_at(cog, clock, slot(USER_ID, 1) + timedelta(seconds=5))
    assert (await services.personal.get(str(USER_ID))).note == "channel_lost"
    i = interaction(bot)
    await cog.foryou.callback(cog, i)
    assert any("can no longer post" in (m.content or "") for m in i.messages())


async def test_the_server_setting_blocks_digests(env):
    bot, services, cog, clock = env
    await subscribe(cog, USER_ID, "daily", "here")  # before the admins turn digests off
    settings_cog = bot.get_cog("SettingsCog")
    admin = interaction(bot, OTHER_ID)
    admin.permissions = SimpleNamespace(manage_guild=True)
    await settings_cog.digests_command.callback(settings_cog, admin, "off")
    assert "off" in admin.messages("response")[0].content

    refused = await subscribe(cog, OTHER_ID, "daily", "here")
    assert "turned digests off" in refused.messages("response")[0].content
    assert await services.personal.get(str(OTHER_ID)) is None
    await tick_at(cog, clock, slot(USER_ID, 1) + timedelta(seconds=5))
    assert cog.destination.channels == {}  # nothing posted in the server
    sub = await services.personal.get(str(USER_ID))
    assert sub.active and sub.next_at == slot(USER_ID, 2)  # kept, and it moves on
    dm = await subscribe(cog, OTHER_ID, "daily", "dm")  # a DM is not the server's channel
    assert "DMs" in dm.messages("response")[0].content

    await settings_cog.digests_command.callback(settings_cog, admin_again(bot), "on")
    await tick_at(cog, clock, slot(USER_ID, 2) + timedelta(seconds=5))
    assert len(cog.destination.posts("channel", "800000000000000001")) == 6


def admin_again(bot) -> FakeInteraction:
    i = interaction(bot, OTHER_ID)
    i.permissions = SimpleNamespace(manage_guild=True)
    return i


async def test_forget_removes_the_subscription(env):
    bot, services, cog, clock = env
    await subscribe(cog, USER_ID, "daily", "dm")
    await services.shelf.show(str(USER_ID))
    await services.history.forget(str(USER_ID))
    assert await services.personal.get(str(USER_ID)) is None
    assert await services.personal.shown_since(str(USER_ID), T0 - timedelta(days=1)) == []
    await tick_at(cog, clock, slot(USER_ID, 1) + timedelta(seconds=5))
    assert cog.destination.channels == {}


# ---------------------------------------------------------------- freshness, with SASRec


async def test_no_repeats_across_four_digests_with_sasrec(make_settings):
    clock = FakeClock()
    bot, services, cog = await start(make_settings, clock,
                                     sasrec_checkpoint=REPO / "sasrec" / "checkpoints" / "ml1m.npz")
    try:
        assert services.recommender.retriever.sequential is not None
        for movie_id in LIKED:
            await services.history.log(str(USER_ID), movie_id, InteractionKind.LIKED)
        shelf = await services.shelf.show(str(USER_ID))  # a shelf this week counts as shown too
        await subscribe(cog, USER_ID, "daily", "dm")
        seen: list[str] = []
        for day in (1, 2, 3, 4):
            await tick_at(cog, clock, slot(USER_ID, day) + timedelta(seconds=5))
            posts = cog.destination.posts("dm", USER_ID)
            assert len(posts) == 6 * day
            seen += movie_ids(posts[-5:])
        assert len(seen) == 20 and len(set(seen)) == 20
        assert not set(seen) & (set(LIKED) | {p.movie.id for p in shelf.picks})
        reasons = [m.embed.description for m in cog.destination.posts("dm", USER_ID) if m.embed is not None]
        assert any(any(t in r for t in LIKED.values()) for r in reasons)  # reasons name the history
    finally:
        await bot.close_services()


# ---------------------------------------------------------------- the shelf and "more like this"


async def test_foryou_shelf_reasons_and_no_repeat_within_two_weeks(env):
    bot, services, cog, clock = env
    first = interaction(bot)
    await cog.foryou.callback(cog, first)
    header, *movies = first.messages("followup")
    assert "picks for you" in header.content and len(movies) == 5
    reasons = [m.embed.description for m in movies]
    assert sum(any(t in r for t in LIKED.values()) for r in reasons) >= 3, reasons
    clock.now += timedelta(days=1)
    second = interaction(bot)
    await cog.foryou.callback(cog, second)
    assert not set(movie_ids(movies)) & set(movie_ids(second.messages("followup")[1:]))
    assert not set(movie_ids(movies)) & set(LIKED)


async def test_bare_mention_shelf_for_a_known_user_help_for_a_new_one(env):
    bot, services, cog, clock = env
    rec = bot.get_cog("RecommendCog")
    channel = FakeChannel()
    known = FakeMessage(f"<@{BOT_ID}>", channel=channel)
    await rec.on_message(known)
    assert "picks for you" in known.replies[0][1].content and len(channel.sent) == 5
    new = FakeMessage(f"<@{BOT_ID}>", author_id=THIRD_ID, channel=FakeChannel())
    await rec.on_message(new)
    assert "/recommend" in new.replies[0][1].content  # the help text, as before
    i = interaction(bot, THIRD_ID)
    await cog.foryou.callback(cog, i)  # /foryou for a new user: the varied draw and how to teach the bot
    header = i.messages("followup")[0].content
    assert "don't know your taste yet" in header and len(i.messages("followup")) == 6


async def test_liked_button_offers_three_like_it_and_shows_them_on_request(env):
    from bot.views import movie_view

    bot, services, cog, clock = env
    view = movie_view("tt0468492", USER_ID)  # The Host (2006)
    like = [c for c in view.children if c.custom_id.startswith("mb:l:")][0]
    message = SimpleNamespace(embeds=[discord.Embed(title="The Host (2006)")])
    press = FakeInteraction(bot, USER_ID, message=message)
    await like.callback(press)
    answer = press.messages("followup")[0]
    assert answer.ephemeral and "added to your likes" in answer.content and len(answer.embeds) == 3
    assert ("tt0468492", InteractionKind.LIKED) in [(e.interaction.movie_id, e.interaction.kind)
                                                    for e in await services.history.entries(str(USER_ID))]
    show = FakeInteraction(bot, USER_ID)
    await answer.view.show.callback(show)
    shown = show.messages("followup")
    assert show.messages("edit")[0].content == "Shown to the channel."
    assert not any(m.ephemeral for m in shown) and len(shown) == 4
    assert set(movie_ids(shown[1:])) == {re.search(r"tt\d+", e.url).group(0) for e in answer.embeds}
