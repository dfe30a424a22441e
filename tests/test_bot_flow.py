"""End-to-end bot flow on the REAL services (catalog, SQLite history, offline pipeline), no Discord."""
from __future__ import annotations

import re

import pytest

from bot.factory import create_bot
from core.models import InteractionKind
from core.services import build_services

try:
    from tests.bot_fixtures import BOT_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, reaction_payload, \
        set_bot_user
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from bot_fixtures import BOT_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, reaction_payload, \
        set_bot_user


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def real_bot(make_settings):
    services = await build_services(make_settings(DISCORD_USER_COOLDOWN_S=10))
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    clock = Clock()
    bot.get_cog("RecommendCog").cooldowns.clock = clock
    bot.progress_interval_s = 0.0
    yield bot, services, clock
    await bot.close_services()


async def test_mention_reaction_then_slash_recommend(real_bot):
    bot, services, clock = real_bot
    rec_cog = bot.get_cog("RecommendCog")
    hist_cog = bot.get_cog("HistoryCog")

    # 1. a mention: placeholder reply, edited through the stages into the header, then one message per movie
    channel = FakeChannel()
    message = FakeMessage(f"<@{BOT_ID}> a 90s comedy with Tom Hanks", channel=channel)
    await rec_cog.on_message(message)

    assert len(message.replies) == 1
    placeholder = message.replies[0][1]
    assert placeholder.edits, "placeholder never edited"
    header = placeholder.content
    assert "Tom Hanks" in header and len(header) <= 2000
    movie_msgs = [m for _, m in channel.sent]
    assert len(movie_msgs) == 5
    first_ids = []
    for m in movie_msgs:
        assert m.content is None and len(m.embeds) == 1
        embed = m.embed
        movie_id = re.search(r"tt\d+", embed.url).group(0)
        first_ids.append(movie_id)
        assert "Tom Hanks" in [f.value for f in embed.fields if f.name == "Top cast"][0]
        assert "👀 watched · ❤️ liked · 👎 not interested" in embed.footer.text
        assert embed.description  # the reason
        assert {c.custom_id for c in m.view.children} == {f"mb:{a}:{movie_id}:{USER_ID}" for a in "wln"}
    assert len(set(first_ids)) == 5

    # 2. ❤️ on movie 2, as the gateway delivers it
    liked_msg, liked_id = movie_msgs[1], first_ids[1]
    await hist_cog.on_reaction_action(reaction_payload(liked_msg.id, USER_ID, "❤️"))
    entries = await services.history.entries(str(USER_ID))
    assert [(e.interaction.movie_id, e.interaction.kind) for e in entries] == [(liked_id, InteractionKind.LIKED)]
    assert entries[0].interaction.source == "reaction"

    # 3. /recommend after the cooldown: defer first, then header + picks without movie 2
    clock.now += 11
    calls: list = []
    real_recommend = services.recommender.recommend

    async def recording_recommend(*args, **kwargs):
        calls.append(("recommend", args[1] if len(args) > 1 else kwargs.get("text")))
        return await real_recommend(*args, **kwargs)

    services.recommender.recommend = recording_recommend
    interaction = FakeInteraction(bot, USER_ID, calls)
    await rec_cog.recommend.callback(rec_cog, interaction, "a 90s comedy with Tom Hanks", None)

    assert calls[0][0] == "defer" and calls[0][1].get("thinking") is True
    assert calls[1][0] == "recommend"
    followups = interaction.messages("followup")
    assert followups[0].embed is None and followups[0].content
    new_ids = [re.search(r"tt\d+", m.embed.url).group(0) for m in followups[1:]]
    assert len(new_ids) == 5
    assert liked_id not in new_ids
    assert not any(m.ephemeral for m in followups)

    # 4. the taste profile now reflects movie 2
    liked_movie = (await services.catalog.get_many([liked_id]))[liked_id]
    profile = await services.recommender.profile(str(USER_ID))
    assert liked_id in profile.liked
    assert set(liked_movie.directors) <= set(profile.directors)
    assert set(liked_movie.genres) <= set(profile.genres)

    # 5. new movie messages are reactable too (they are in the bot's index)
    new_msg = followups[1]
    await hist_cog.on_reaction_action(reaction_payload(new_msg.id, USER_ID, "👀"))
    kinds = {(e.interaction.movie_id, e.interaction.kind) for e in await services.history.entries(str(USER_ID))}
    assert (new_ids[0], InteractionKind.WATCHED) in kinds


async def test_watched_autocomplete_and_history_on_real_services(real_bot):
    bot, services, _ = real_bot
    cog = bot.get_cog("HistoryCog")
    interaction = FakeInteraction(bot, USER_ID)
    choices = await cog.title_autocomplete(interaction, "forrest gump")
    assert 0 < len(choices) <= 25 and all(len(c.name) <= 100 for c in choices)
    assert choices[0].value.startswith("tt")

    await cog.watched.callback(cog, interaction, choices[0].value)
    assert interaction.calls[0][0] == "defer" and interaction.calls[0][1]["ephemeral"] is True
    reply = interaction.messages("followup")[0]
    assert reply.ephemeral and "Forrest Gump" in reply.content

    by_title = FakeInteraction(bot, USER_ID)
    await cog.liked.callback(cog, by_title, "You've Got Mail")
    assert "You've Got Mail" in by_title.messages("followup")[0].content

    listing = FakeInteraction(bot, USER_ID)
    await cog.history_command.callback(cog, listing)
    sent = listing.messages("followup")[0]
    assert sent.ephemeral and "Forrest Gump" in sent.embed.description and "You've Got Mail" in sent.embed.description

    profile = FakeInteraction(bot, USER_ID)
    await cog.profile_command.callback(cog, profile)
    shown = profile.messages("followup")[0]
    assert shown.ephemeral and shown.embed.title == "Your taste profile"


async def test_replies_to_the_bot_continue_the_conversation(real_bot):
    """Through the stand-ins: a reply to the bot's header or to a movie message is a follow-up, in both languages."""
    bot, services, clock = real_bot
    cog = bot.get_cog("RecommendCog")
    channel = FakeChannel()

    async def say(text, reply_to=None, mention=True):
        clock.now += 11
        before = len(channel.sent)
        message = FakeMessage((f"<@{BOT_ID}> " if mention else "") + text, channel=channel, reply_to=reply_to,
                              mentions_bot=mention)
        await cog.on_message(message)
        header = message.replies[0][1] if message.replies else None
        movies = [m for _, m in channel.sent[before:]]
        ids = [re.search(r"tt\d+", m.embed.url).group(0) for m in movies]
        return header, movies, ids

    header, movies, first = await say("a 90s comedy with Tom Hanks")
    assert len(first) == 5
    # a reply to the header, without a mention (the reply pings the bot): only the years change
    h2, movies2, older = await say("older", reply_to=header, mention=False)
    assert "still: with Tom Hanks · Comedy" in h2.content and "now: up to" in h2.content
    got = await services.catalog.get_many(older)
    assert older and not set(older) & set(first)
    assert all("Tom Hanks" in m.cast and "Comedy" in m.genres and m.year < 1990 for m in got.values())
    # a reply to a movie message: "why #2?" explains the second pick of the last batch, no new movies
    h3, movies3, none = await say("why #2?", reply_to=movies2[0])
    assert not none and got[older[1]].title in h3.content
    # a refinement in a reply keeps the rest; the same text as a new message would start over
    h4, _, not_romance = await say("not romance", reply_to=movies2[0])
    assert "now: not Romance" in h4.content
    assert all("Romance" not in m.genres and "Tom Hanks" in m.cast
               for m in (await services.catalog.get_many(not_romance)).values())
    h5, _, _ = await say("not romance")
    assert "still:" not in h5.content and "Tom Hanks" not in h5.content
    # Korean, in the same channel
    hk, _, ko = await say("봉준호 감독 영화 추천해줘")
    hk2, _, ko2 = await say("다른 거", reply_to=hk)
    assert hk2.content.startswith("여전히: 봉준호 감독") and not set(ko) & set(ko2)
    # someone else's message in the channel that is not addressed to the bot is ignored
    stranger = FakeMessage("older", channel=channel, mentions_bot=False)
    await cog.on_message(stranger)
    assert not stranger.replies


async def test_the_scripted_dialogues_through_the_bot(real_bot):
    """The 40+ turn EN/KO scripts of tests/test_dialogue.py, each turn a Discord reply to the bot's last message."""
    try:
        from tests.test_dialogue import EN, KO, play
    except ImportError:  # pytest "prepend" import mode
        from test_dialogue import EN, KO, play
    bot, services, clock = real_bot
    cog = bot.get_cog("RecommendCog")
    replies = []
    real_recommend = services.recommender.recommend

    async def recording(*args, **kwargs):
        replies.append(await real_recommend(*args, **kwargs))
        return replies[-1]

    services.recommender.recommend = recording
    turns = 0
    for script, user_id in ((EN, USER_ID), (KO, USER_ID + 7)):
        channel = FakeChannel()
        last_bot_message = None

        async def ask(text):
            nonlocal last_bot_message
            clock.now += 11
            message = FakeMessage(text, user_id, channel=channel, reply_to=last_bot_message,
                                  mentions_bot=last_bot_message is None)
            await cog.on_message(message)
            header = message.replies[0][1]
            reply = replies[-1]
            # what the user sees: the header (or the answer) and one embed per pick, in order
            assert reply.message.splitlines()[0][:40] in header.content
            sent = [m for _, m in channel.sent if m.embed is not None][-len(reply.picks):] if reply.picks else []
            assert [re.search(r"tt\d+", m.embed.url).group(0) for m in sent] == [p.movie.id for p in reply.picks]
            last_bot_message = sent[-1] if sent else header
            return reply

        turns += await play(ask, script, str(user_id))
    assert turns >= 40
