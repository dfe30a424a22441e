"""Bot units without Discord: embeds and limits, reactions, buttons, views, errors, cooldown, throttling, runner."""
from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot import embeds as E
from bot.client import MovieBot, ShardedMovieBot
from bot.cogs.recommend import Cooldowns, StageProgress, language_of, stage_text, strip_mentions
from bot.factory import create_bot
from bot.reactions import MovieMessageIndex, handle_raw_reaction, kind_for_emoji
from bot.runner import run_bot
from bot.views import CUSTOM_ID_TEMPLATE, ForgetConfirm, HistoryPager, MovieActionButton, UndoView, movie_view
from core.errors import StoreUnavailable
from core.models import InteractionKind, Movie, Reply
from moviebot.wiring import build_services

try:
    from tests.bot_fixtures import BOT_ID, OTHER_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, \
        FakeRecommender, Sent, fake_services, reaction_payload, set_bot_user, user
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from bot_fixtures import BOT_ID, OTHER_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, \
        FakeRecommender, Sent, fake_services, reaction_payload, set_bot_user, user

REPO = Path(__file__).resolve().parent.parent
ERROR_ID = re.compile(r"error id `([0-9a-f]{8})`")


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def env(make_settings):
    """A bot on a real catalog and a real SQLite history, with a controllable fake recommender."""
    settings = make_settings(DISCORD_USER_COOLDOWN_S=10)
    services = await fake_services(settings)
    movies = list((await services.catalog.get_many(
        ["tt0109830", "tt0104694", "tt0108160", "tt0117887", "tt0128853"])).values())
    assert len(movies) == 5
    calls: list = []
    services.recommender = FakeRecommender(movies, calls)
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    bot.get_cog("RecommendCog").cooldowns.clock = Clock()
    bot.progress_interval_s = 0.0
    yield bot, services, movies, calls
    await bot.close_services()


async def kinds(services, user_id=USER_ID) -> list[tuple[str, InteractionKind]]:
    return sorted((e.interaction.movie_id, e.interaction.kind) for e in await services.history.entries(str(user_id)))


# ---------------------------------------------------------------- embeds


def embed_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= E.TITLE_MAX
    assert len(embed.description or "") <= E.DESCRIPTION_MAX
    assert len(embed.fields) <= E.FIELDS_MAX
    for f in embed.fields:
        assert 0 < len(f.name) <= E.FIELD_NAME_MAX and 0 < len(f.value) <= E.FIELD_VALUE_MAX
    assert len(embed.footer.text or "") <= E.FOOTER_MAX
    assert len(embed) <= E.EMBED_TOTAL_MAX
    embed.to_dict()  # serialisable


def test_embed_truncation_with_a_huge_movie():
    huge = Movie(id="tt0000001", title="T" * 1000, year=1999, genres=[f"Genre{i}" * 20 for i in range(100)],
                 directors=[f"Director {i} " * 10 for i in range(300)], cast=[f"Actor Number {i}" for i in range(200)],
                 runtime=999, metacritic=99)
    embed = E.movie_embed(huge, "r" * 10_000)
    embed_within_limits(embed)
    assert embed.title.endswith("…") and embed.description.endswith("…")
    assert E.movie_id_from_embeds([embed]) == "tt0000001"
    cast = [f.value for f in embed.fields if f.name == "Top cast"][0]
    assert cast.count(",") == 4  # five names
    assert "watched" in embed.footer.text

    header = E.build_header(Reply(message="m" * 5000, relaxed=["x" * 3000], profile_summary="p" * 3000))
    assert len(header) <= E.CONTENT_MAX and header.endswith("…")
    assert len(E.build_plain("z" * 9000)) <= E.CONTENT_MAX


def test_fit_embed_respects_total_and_field_count():
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for i in range(40):
        embed.add_field(name="n" * 300, value="v" * 2000)
    E.fit_embed(embed)
    embed_within_limits(embed)


def test_truncate_and_join():
    assert E.truncate("abc", 3) == "abc"
    assert E.truncate("abcd", 3) == "ab…"
    assert E.truncate(None, 5) == ""
    assert E.join_limited(["aa", "bb", "cc"], 7) == "aa, bb…"


def test_top_cast_prefers_requested_then_prolific_actors():
    cast = ["Aaron A", "Bob B", "Tom Hanks", "Zed Z"]
    assert E.top_cast(cast, 2, prefer=["tom hanks"], counts={"Zed Z": 9}) == ["Tom Hanks", "Zed Z"]
    assert E.top_cast(cast, 2) == ["Aaron A", "Bob B"]


def test_header_mentions_relaxed_notes_and_profile():
    reply = Reply(message="90s comedies with Tom Hanks.", relaxed=["widened the years to 1985-2004"],
                  profile_summary="You like Nora Ephron.")
    header = E.build_header(reply)
    assert "Tom Hanks" in header and "1985-2004" in header and "Nora Ephron" in header
    ko = E.movie_embed(Movie(id="tt1", title="괴물", year=2006, genres=["Drama"]), "이유", "ko")
    assert ko.fields[0].name == "장르"


# ---------------------------------------------------------------- reactions


def test_emoji_mapping():
    assert kind_for_emoji(discord.PartialEmoji(name="❤️")) is InteractionKind.LIKED
    assert kind_for_emoji(discord.PartialEmoji(name="❤")) is InteractionKind.LIKED
    assert kind_for_emoji("♥️") is InteractionKind.LIKED
    assert kind_for_emoji("👀") is InteractionKind.WATCHED
    assert kind_for_emoji("👎🏽") is InteractionKind.NOT_INTERESTED
    assert kind_for_emoji("👍") is None
    assert kind_for_emoji(discord.PartialEmoji(name="heart", id=123)) is None


async def _movie_message(bot, env_movies) -> tuple[int, str]:
    """Send a mention through the cog and return (message id, movie id) of the first movie message."""
    cog = bot.get_cog("RecommendCog")
    channel = FakeChannel()
    await cog.on_message(FakeMessage(f"<@{BOT_ID}> comedies", channel=channel))
    first = channel.sent[0][1]
    return first.id, E.movie_id_from_embeds(first.embeds)


async def test_reaction_add_remove_and_double(env):
    bot, services, movies, _ = env
    cog = bot.get_cog("HistoryCog")
    message_id, movie_id = await _movie_message(bot, movies)

    await cog.on_reaction_action(reaction_payload(message_id, USER_ID, "👀"))
    await cog.on_reaction_action(reaction_payload(message_id, USER_ID, "👀"))  # double: stored once
    assert await kinds(services) == [(movie_id, InteractionKind.WATCHED)]

    await cog.on_reaction_action(reaction_payload(message_id, USER_ID, "👎"))
    assert len(await kinds(services)) == 2

    await cog.on_reaction_action(reaction_payload(message_id, USER_ID, "👀", add=False))
    assert await kinds(services) == [(movie_id, InteractionKind.NOT_INTERESTED)]


async def test_reactions_that_mean_nothing(env):
    bot, services, movies, _ = env
    cog = bot.get_cog("HistoryCog")
    message_id, movie_id = await _movie_message(bot, movies)

    # another user's message (gateway says who wrote it): ignored without fetching
    await cog.on_reaction_action(reaction_payload(123, USER_ID, "❤️", message_author_id=OTHER_ID))
    # the bot's own reaction, a bot member's reaction, and a non-legend emoji
    await cog.on_reaction_action(reaction_payload(message_id, BOT_ID, "❤️"))
    await cog.on_reaction_action(reaction_payload(message_id, OTHER_ID, "❤️", member=user(OTHER_ID, is_bot=True)))
    await cog.on_reaction_action(reaction_payload(message_id, USER_ID, "👍"))
    assert await kinds(services) == [] and await kinds(services, OTHER_ID) == []


async def test_uncached_message_is_fetched_once_and_parsed(env):
    bot, services, movies, _ = env
    movie = movies[2]
    fetched: list = []
    bot_message = Sent(id=42, embeds=[E.movie_embed(movie, "why")], author=user(BOT_ID, True))
    foreign = Sent(id=43, embeds=[E.movie_embed(movie, "why")], author=user(OTHER_ID))

    async def fetch(channel_id, message_id):
        fetched.append(message_id)
        return {42: bot_message, 43: foreign}[message_id]

    index = MovieMessageIndex()
    # a removal has no message_author_id: the message is fetched, then remembered
    for _ in range(2):
        result = await handle_raw_reaction(reaction_payload(42, USER_ID, "❤️", message_author_id=None),
                                           bot_user_id=BOT_ID, history=services.history, index=index,
                                           fetch_message=fetch)
    assert result.movie_id == movie.id and fetched == [42]
    assert await kinds(services) == [(movie.id, InteractionKind.LIKED)]
    # same embed, but not written by the bot: nothing
    assert await handle_raw_reaction(reaction_payload(43, USER_ID, "❤️", message_author_id=None),
                                     bot_user_id=BOT_ID, history=services.history, index=index,
                                     fetch_message=fetch) is None


def test_message_index_is_bounded():
    index = MovieMessageIndex(maxsize=3)
    for i in range(5):
        index.remember(i, f"tt{i:07d}")
    assert len(index) == 3 and index.lookup(0) == (False, None) and index.lookup(4) == (True, "tt0000004")


# ---------------------------------------------------------------- buttons


async def test_buttons_toggle_for_owner_and_refuse_others(env):
    bot, services, movies, _ = env
    movie = movies[0]
    view = movie_view(movie.id, USER_ID)
    assert view.timeout is None and len(view.children) == 3
    like = [c for c in view.children if c.custom_id.startswith("mb:l:")][0]
    assert re.fullmatch(CUSTOM_ID_TEMPLATE, like.custom_id)
    # what discord.py does after a restart: rebuild the item from the custom_id
    match = re.fullmatch(CUSTOM_ID_TEMPLATE, like.custom_id)
    button = await MovieActionButton.from_custom_id(None, like.item, match)
    assert (button.action, button.movie_id, button.user_id) == ("l", movie.id, USER_ID)

    message = Sent(id=1, embeds=[E.movie_embed(movie, "why")])
    stranger = FakeInteraction(bot, OTHER_ID, message=message)
    assert await button.interaction_check(stranger) is False
    note = stranger.messages("response")[0]
    assert note.ephemeral and f"<@{USER_ID}>" in note.content
    assert await kinds(services, OTHER_ID) == [] and await kinds(services) == []

    owner = FakeInteraction(bot, USER_ID, message=message)
    assert await button.interaction_check(owner) is True
    await button.callback(owner)
    assert owner.messages("response")[0].ephemeral and movie.title in owner.messages("response")[0].content
    assert await kinds(services) == [(movie.id, InteractionKind.LIKED)]
    again = FakeInteraction(bot, USER_ID, message=message)
    await button.callback(again)  # a second press never silently undoes: it asks
    answer = again.messages("response")[0]
    assert "already" in answer.content and await kinds(services) == [(movie.id, InteractionKind.LIKED)]
    undo_view = answer.view
    assert isinstance(undo_view, UndoView)
    confirm = FakeInteraction(bot, USER_ID, message=message)
    await undo_view.undo.callback(confirm)
    assert await kinds(services) == [] and "removed" in confirm.messages("edit")[0].content
    assert await services.store.recent(str(USER_ID)) == []


async def test_menus_disable_on_timeout_and_answer_after_a_restart(env):
    import bot.views as V

    bot, services, movies, _ = env
    view = ForgetConfirm(USER_ID)
    ids = [c.custom_id for c in view.children]
    assert all(re.fullmatch(V.MENU_ID_TEMPLATE, i) for i in ids)
    edits = []

    class Msg:
        async def edit(self, **kwargs):
            edits.append(kwargs)

    view.message = Msg()
    await view.on_timeout()
    assert edits and all(c.disabled for c in edits[0]["view"].children)
    # the same custom id, pressed after a restart (another process id): answered, never "interaction failed"
    old = re.fullmatch(V.MENU_ID_TEMPLATE, ids[0].replace(V.BOOT_ID, "0badc0de"))
    stale = await V.ExpiredViewButton.from_custom_id(None, None, old)
    press = FakeInteraction(bot, USER_ID)
    assert await stale.interaction_check(press) is True
    await stale.callback(press)
    assert "expired" in press.messages("response")[0].content and "/forget" in press.messages("response")[0].content
    live = await V.ExpiredViewButton.from_custom_id(None, None, re.fullmatch(V.MENU_ID_TEMPLATE, ids[0]))
    assert await live.interaction_check(FakeInteraction(bot, USER_ID)) is False  # the live view handles it


def test_nobody_is_pinged_by_echoed_text(env):
    bot, *_ = env
    mentions = bot.allowed_mentions
    assert mentions.everyone is False and mentions.roles is False and mentions.users is False


async def test_button_error_is_answered_with_an_id(env, caplog):
    bot, services, movies, _ = env
    button = MovieActionButton("w", movies[0].id, USER_ID)

    async def broken(*a, **k):
        raise StoreUnavailable("history down")

    services.history.log = broken
    interaction = FakeInteraction(bot, USER_ID)
    with caplog.at_level(logging.ERROR):
        await button.callback(interaction)
    sent = interaction.messages("response")[0]
    assert sent.ephemeral and "unavailable" in sent.content
    error_id = ERROR_ID.search(sent.content).group(1)
    assert error_id in caplog.text


# ---------------------------------------------------------------- commands


async def test_slash_recommend_defers_first_and_sends_one_message_per_movie(env):
    bot, services, movies, calls = env
    cog = bot.get_cog("RecommendCog")
    interaction = FakeInteraction(bot, USER_ID, calls)
    await cog.recommend.callback(cog, interaction, "comedies", 3)
    assert [c[0] for c in calls[:2]] == ["defer", "recommend"]
    followups = interaction.messages("followup")
    assert len(followups) == 4 and followups[0].content.startswith("Here you go")
    assert all(len(m.embeds) == 1 and m.view is not None for m in followups[1:])
    for m in followups[1:]:
        embed_within_limits(m.embed)
        assert bot.movie_messages.lookup(m.id)[1] == E.movie_id_from_embeds(m.embeds)


async def test_other_intent_is_plain_text(env):
    bot, services, movies, calls = env
    services.recommender.intent = "other"
    cog = bot.get_cog("RecommendCog")
    interaction = FakeInteraction(bot, USER_ID, calls)
    await cog.recommend.callback(cog, interaction, "what is the weather", None)
    followups = interaction.messages("followup")
    assert len(followups) == 1 and followups[0].embed is None and "movies" in followups[0].content


async def test_exception_in_recommend_gives_ephemeral_error_with_id(env, caplog):
    bot, services, movies, calls = env
    services.recommender.error = RuntimeError("boom")
    cog = bot.get_cog("RecommendCog")
    interaction = FakeInteraction(bot, USER_ID, calls)
    with caplog.at_level(logging.ERROR):
        try:  # what the command tree does with an exception from a command
            await cog.recommend.callback(cog, interaction, "comedies", None)
        except Exception as exc:
            await bot.tree.on_error(interaction, app_commands.CommandInvokeError(cog.recommend, exc))
        else:
            pytest.fail("the error was swallowed")
    assert ("delete_original", None) in calls  # the public "thinking…" is removed
    sent = interaction.messages("followup")[-1]
    assert sent.ephemeral and "went wrong" in sent.content
    error_id = ERROR_ID.search(sent.content).group(1)
    assert error_id in caplog.text and "boom" in caplog.text and "Traceback" in caplog.text

    services.recommender.error = StoreUnavailable("catalog down")
    bot.get_cog("RecommendCog").cooldowns.clock.now += 100
    again = FakeInteraction(bot, USER_ID)
    try:
        await cog.recommend.callback(cog, again, "comedies", None)
    except Exception as exc:
        await bot.tree.on_error(again, app_commands.CommandInvokeError(cog.recommend, exc))
    assert "unavailable" in again.messages("followup")[-1].content


async def test_mention_errors_cooldown_empty_and_throttled_progress(env):
    bot, services, movies, calls = env
    cog = bot.get_cog("RecommendCog")

    empty = FakeMessage(f"<@{BOT_ID}>  ")
    await cog.on_message(empty)
    assert "/recommend" in empty.replies[0][1].content  # the help text

    first = FakeMessage(f"<@!{BOT_ID}> comedies")
    await cog.on_message(first)
    placeholder = first.replies[0][1]
    assert placeholder.edits[-1].startswith("Here you go") and len(first.channel.sent) == 5

    quick = FakeMessage(f"<@{BOT_ID}> more comedies")
    await cog.on_message(quick)
    assert re.search(r"again in 10 s", quick.replies[0][1].content)
    assert quick.channel.sent == []

    slash = FakeInteraction(bot, USER_ID, [])
    await cog.recommend.callback(cog, slash, "comedies", None)
    assert slash.calls[0][0] == "send_message" and slash.messages("response")[0].ephemeral

    bot.get_cog("RecommendCog").cooldowns.clock.now += 11
    services.recommender.error = StoreUnavailable("down")
    failing = FakeMessage(f"<@{BOT_ID}> comedies")
    await cog.on_message(failing)
    assert ERROR_ID.search(failing.replies[0][1].content) and "unavailable" in failing.replies[0][1].content

    # not addressed: no mention in a guild channel, or written by a bot
    for ignored in (FakeMessage("comedies", mentions_bot=False), FakeMessage(f"<@{BOT_ID}> hi", author_is_bot=True)):
        await cog.on_message(ignored)
        assert ignored.replies == []
    services.recommender.error = None
    dm = FakeMessage("comedies", OTHER_ID, mentions_bot=False, guild=False)
    await cog.on_message(dm)
    assert len(dm.channel.sent) == 5


async def test_pipeline_runs_are_limited_by_the_global_semaphore(env):
    import asyncio

    bot, services, movies, _ = env
    bot.get_cog("RecommendCog").pipeline_slots = asyncio.Semaphore(2)
    running = peak = 0

    async def slow(user_id, text, count=None, on_stage=None, **conversation):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        return Reply(message="ok")

    services.recommender.recommend = slow
    cog = bot.get_cog("RecommendCog")
    await asyncio.gather(*(cog.run_pipeline(i, "x", None, None) for i in range(6)))
    assert peak == 2


async def test_stage_progress_is_throttled():
    clock = Clock(0.0)
    edits: list[str] = []

    async def edit(text):
        edits.append(text)

    progress = StageProgress(edit, 1.5, clock)
    clock.now = 0.5
    await progress("understand")  # already shown by the placeholder
    await progress("retrieve")  # too soon: skipped
    clock.now = 2.0
    await progress("rank")
    await progress("rank")
    assert edits == [stage_text("rank")]
    ko = StageProgress(edit, 0.0, clock, language="ko")
    await ko("rank")
    assert edits[-1] == "✍️ 고르는 중…" and language_of("봉준호 영화") == "ko" and language_of(locale="ko") == "ko"


def test_cooldowns_and_mentions():
    clock = Clock(0.0)
    cd = Cooldowns(10, clock)
    assert cd.hit(1) == 0 and cd.hit(2) == 0
    clock.now = 4
    assert cd.hit(1) == pytest.approx(6)
    clock.now = 10.5
    assert cd.hit(1) == 0
    assert Cooldowns(0, clock).hit(1) == 0
    assert strip_mentions(f"<@{BOT_ID}> a <@!{BOT_ID}> b <@&5>", BOT_ID, {5}) == "a b"


async def test_history_pager_and_forget(env):
    bot, services, movies, _ = env
    cog = bot.get_cog("HistoryCog")
    for m in movies:
        await services.history.log(str(USER_ID), m.id, InteractionKind.WATCHED, source="test")
        await services.history.log(str(USER_ID), m.id, InteractionKind.LIKED, source="test")
        await services.history.log(str(USER_ID), m.id, InteractionKind.NOT_INTERESTED, source="test")
    listing = FakeInteraction(bot, USER_ID)
    await cog.history_command.callback(cog, listing)
    sent = listing.messages("followup")[0]
    pager = sent.view
    assert sent.ephemeral and isinstance(pager, HistoryPager) and pager.pages == 2
    embed_within_limits(sent.embed)

    stranger = FakeInteraction(bot, OTHER_ID)
    assert await pager.interaction_check(stranger) is False and stranger.messages()[0].ephemeral
    press = FakeInteraction(bot, USER_ID)
    assert await pager.interaction_check(press)
    await pager.next_page.callback(press)
    assert pager.page == 1 and "Page 2/2" in press.messages("edit")[0].embed.footer.text

    ask = FakeInteraction(bot, USER_ID)
    await cog.forget_command.callback(cog, ask)
    confirm = ask.messages("response")[0]
    assert confirm.ephemeral and isinstance(confirm.view, ForgetConfirm)
    assert await confirm.view.interaction_check(FakeInteraction(bot, OTHER_ID)) is False
    yes = FakeInteraction(bot, USER_ID)
    await confirm.view.confirm.callback(yes)
    assert "deleted 15" in yes.messages("edit")[0].content and await kinds(services) == []

    help_ = FakeInteraction(bot, USER_ID)
    rec = bot.get_cog("RecommendCog")
    await rec.help_command.callback(rec, help_)
    assert help_.messages()[0].ephemeral


async def test_unknown_title_is_a_clear_ephemeral_error(env):
    bot, services, movies, _ = env
    cog = bot.get_cog("HistoryCog")
    interaction = FakeInteraction(bot, USER_ID)
    try:
        await cog.watched.callback(cog, interaction, "zzqqx no such film")
    except Exception as exc:
        await bot.tree.on_error(interaction, app_commands.CommandInvokeError(cog.watched, exc))
    sent = interaction.messages("followup")[-1]
    assert sent.ephemeral and "zzqqx" in sent.content and ERROR_ID.search(sent.content)
    assert await kinds(services) == []


# ---------------------------------------------------------------- bot and runner


async def test_factory_picks_the_base_class(make_settings):
    for shards, cls, count in ((None, MovieBot, None), (0, ShardedMovieBot, None), (3, ShardedMovieBot, 3)):
        services = await fake_services(make_settings(DISCORD_SHARD_COUNT=shards))
        bot = create_bot(services)
        assert type(bot) is cls and bot.shard_count == count
        assert not bot.intents.message_content and bot.intents.guild_reactions and bot.intents.dm_reactions
        if cls is ShardedMovieBot:
            assert isinstance(bot, discord.ext.commands.AutoShardedBot)
        async with bot:  # what the runner does around start(): exiting closes the bot and its services
            pass
        assert bot._services_closed
    names = {c.name for c in bot.tree.get_commands()}
    assert names == set()  # cogs are loaded in setup_hook, not before


async def test_commands_registered(env):
    bot, *_ = env
    names = {c.name for c in bot.tree.get_commands()}
    assert names == {"recommend", "help", "watched", "liked", "import", "history", "profile", "forget", "movienight", "settings",
                     "foryou", "digest"}
    rec = bot.tree.get_command("recommend")
    count = [p for p in rec.parameters if p.name == "count"][0]
    assert (count.min_value, count.max_value, count.required) == (1, 10, False)


def test_missing_token_exits_2_with_a_message(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert run_bot(build_services) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "Traceback" not in err


def test_python_m_moviebot_bot_without_token(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run([sys.executable, "-m", "moviebot", "bot", "--sync", "--guild", "1"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "DISCORD_TOKEN" in proc.stderr and "Traceback" not in proc.stderr


def test_start_up_without_network_is_one_line_and_a_non_zero_exit(monkeypatch, tmp_path, catalog_db, capsys):
    """discord.py's HTTP is pointed at a closed loopback port: the real connection error, no Discord needed."""
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")
    monkeypatch.chdir(tmp_path)
    for key, value in {"DISCORD_TOKEN": "x" * 59, "MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db),
                       "SASREC_CHECKPOINT": "none", "MOVIEBOT_LOG_LEVEL": "WARNING"}.items():
        monkeypatch.setenv(key, value)
    assert run_bot(build_services) == 1
    err = capsys.readouterr().err
    assert "cannot reach Discord (network)" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("moviebot:")]) == 1


async def test_global_sync_removes_guild_copies_so_commands_are_not_listed_twice(env, monkeypatch, tmp_path):
    from unittest.mock import AsyncMock, MagicMock

    bot, services, *_ = env
    monkeypatch.setattr(services.settings, "data_dir", tmp_path)
    monkeypatch.setattr(bot.tree, "sync", AsyncMock(return_value=[]))  # Discord's side is unreachable here
    monkeypatch.setattr(bot.tree, "copy_global_to", MagicMock())
    clear = MagicMock()
    monkeypatch.setattr(bot.tree, "clear_commands", clear)
    await bot.sync_app_commands(42)  # `--sync --guild 42`
    await bot.sync_app_commands()  # later `--sync`
    assert [c.kwargs["guild"].id for c in clear.call_args_list] == [42]
    await bot.sync_app_commands()  # nothing left to clear
    assert clear.call_count == 1


def test_client_and_cogs_do_not_import_each_other():
    """Cogs load by extension name; client and cogs import each other for typing only."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "bot"

    def runtime_imports(path: Path) -> set[str]:
        tree = ast.parse(path.read_text())
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        return found

    assert not any(m.startswith("bot.cogs") for m in runtime_imports(root / "client.py"))
    for cog in (root / "cogs").glob("*.py"):
        assert "bot.client" not in runtime_imports(cog), cog.name


def test_header_says_when_the_offline_reasoner_answered_for_a_failed_llm():
    reply = Reply(intent="recommend", message="5 picks.", fallback="The language model didn't answer in time.")
    assert "🛟 The language model didn't answer in time." in E.build_header(reply)
    assert stage_text("offline") and stage_text("offline", "ko") != stage_text("offline")


def test_enriched_movies_show_poster_overview_and_korean_title():
    from core.models import Movie

    m = Movie(id="tt6751668", title="Parasite", year=2019, title_ko="기생충", poster_path="/p.jpg",
              overview="All unemployed, Ki-taek's family takes interest in the Parks. Then [click](https://x.y).",
              overview_ko="전원백수로 살 길 막막한 기택 가족. 둘째 문장.")
    en = E.movie_embed(m, "Because you liked Mother.", "en")
    assert en.thumbnail.url == "https://image.tmdb.org/t/p/w342/p.jpg" and en.title == "Parasite (2019)"
    assert "Because you liked Mother." in en.description and "All unemployed" in en.description
    assert "Then" not in en.description and "https://" not in en.description  # one line, no link
    ko = E.movie_embed(m, "어머니를 좋아하셔서요.", "ko")
    assert ko.title == "기생충 · Parasite (2019)" and "전원백수로" in ko.description and "둘째" not in ko.description
    plain = E.movie_embed(Movie(id="tt1", title="Big", year=1988), "A reason.", "en")
    assert plain.thumbnail.url is None and plain.description == "A reason."
