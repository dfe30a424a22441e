"""Movie night: group picks on the real catalog, reasons built from true facts, the vote, the bot and the CLI."""
from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace

import pytest

from bot.factory import create_bot
from core.errors import BadRequest
from core.group import LOG_SOURCE, GroupRecommender, log_winner
from core.models import InteractionKind
from core.poll import Poll, announcement
from core.safety import clean
from core.services import build_services

try:
    from tests.bot_fixtures import BOT_ID, GUILD_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, Sent, \
        reaction_payload, set_bot_user, user
    from tests.test_cli_quiet import cli
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from bot_fixtures import BOT_ID, GUILD_ID, USER_ID, FakeChannel, FakeInteraction, FakeMessage, Sent, \
        reaction_payload, set_bot_user, user
    from test_cli_quiet import cli

L, W, N = InteractionKind.LIKED, InteractionKind.WATCHED, InteractionKind.NOT_INTERESTED
# Overlapping crime-film histories: Goodfellas and Pulp Fiction are shared, Heat is liked by two of them.
HISTORIES = {
    "ann": [("Heat (1995)", L), ("Collateral (2004)", L), ("The Godfather (1972)", L), ("Goodfellas (1990)", W)],
    "bob": [("Goodfellas (1990)", L), ("Casino (1995)", L), ("Pulp Fiction (1994)", L), ("Seven (1995)", N)],
    "cy": [("Pulp Fiction (1994)", L), ("Heat (1995)", W), ("Memories of Murder (2003)", L),
           ("Reservoir Dogs (1992)", N)],
}
NAMES = {"ann": "Ann", "bob": "Bob", "cy": "Cy", "new": "Newbie"}


async def seed(services, histories=HISTORIES) -> dict[str, dict[str, InteractionKind]]:
    logged: dict[str, dict[str, InteractionKind]] = {}
    for uid, items in histories.items():
        for title, kind in items:
            movie = await services.history.log_title(uid, title, kind)
            logged.setdefault(uid, {})[movie.id] = kind
    return logged


def check_reason_facts(reason: str, pick, members: dict[str, tuple]) -> set[str]:
    """Every member clause of an English reason is true; returns the members named by a checked clause.

    members: display name -> (profile, history movies)."""
    named: set[str] = set()
    for clause in re.split(r"; |(?<!\b[A-Z])\. ", reason):  # "Samuel L. Jackson" is one name
        if m := re.match(r"((?:@\w+(?:, | and )?)+) (liked|watched) (.+), also (by|with) (.+?)\.?$", clause):
            who, verb, title, rel, person = m.groups()
            for name in re.findall(r"@(\w+)", who):
                profile, history = members[name]
                seen = [history[i] for i in (profile.liked if verb == "liked" else profile.watched) if i in history]
                film = next(h for h in seen if h.title == title)  # StopIteration: a film they never logged
                # a shared actor is among the first three by prominence in both films, never a bit part
                people = (film.directors, pick.movie.directors) if rel == "by" else (film.cast[:3], pick.movie.cast[:3])
                assert person in people[0] and person in people[1], clause
                named.add(name)
        elif m := re.match(r"((?:@\w+(?:, | and )?)+) often watch(?:es)? (.+) films\.?$", clause):
            who, genre = m.groups()
            assert genre in {g.lower() for g in pick.movie.genres}, clause
            for name in re.findall(r"@(\w+)", who):
                profile, _ = members[name]
                assert genre in {g.lower() for g in list(profile.genres)[:3]}, clause
                named.add(name)
        elif m := re.match(r"Viewers with a history like @(\w+)'s often watch it next", clause):
            named.add(m.group(1))
    return named


# ---------------------------------------------------------------- core: picks and reasons


@pytest.mark.parametrize("request_text", ["a crime film", "", "something from the 90s"])
async def test_group_of_three_never_gets_a_film_any_of_them_logged(services, request_text):
    logged = await seed(services)
    group = GroupRecommender(services.recommender)
    reply = await group.recommend(["ann", "bob", "cy"], request_text, names=NAMES)
    assert len(reply.picks) == 5 and reply.language == "en"
    assert reply.message.startswith("Movie night for @Ann, @Bob and @Cy")
    every_logged = {i for kinds in logged.values() for i in kinds}
    assert not {p.movie.id for p in reply.picks} & every_logged
    members = {NAMES[u]: await services.recommender.profiles.get(u) for u in HISTORIES}
    for p in reply.picks:
        assert clean(p.reason, 400) == p.reason  # safe text
        named_in_text = {n for n in NAMES.values() if f"@{n}" in p.reason}
        assert named_in_text, p.reason
        assert {NAMES[u] for u in reply.fits[p.movie.id]} == named_in_text
        assert not re.search(r"\d{6,}", p.reason)  # never a raw id
        if not p.reason.startswith("A pick for "):  # else no history links to it: addressed to the whole group
            assert check_reason_facts(p.reason, p, members) == named_in_text, p.reason  # each name: a true fact
    if request_text == "a crime film":
        assert all("Crime" in p.movie.genres for p in reply.picks)


async def test_a_rejection_by_one_member_removes_the_groups_favourite(services):
    await seed(services)
    group = GroupRecommender(services.recommender)
    first = await group.recommend(["ann", "bob", "cy"], "a crime film", names=NAMES)
    top = first.picks[0].movie.id
    await services.history.log("cy", top, N)
    again = await group.recommend(["ann", "bob", "cy"], "a crime film", names=NAMES)
    assert top not in {p.movie.id for p in again.picks}


async def test_reasons_name_members_through_real_links(services):
    """Ann liked Heat and Collateral (Michael Mann): a Michael Mann film must say so, naming Ann."""
    await seed(services)
    reply = await GroupRecommender(services.recommender).recommend(["ann", "bob"], "Michael Mann films",
                                                                   names=NAMES)
    assert reply.picks and all("Michael Mann" in p.movie.directors for p in reply.picks)
    assert all(re.search(r"@Ann liked (Heat|Collateral), also by Michael Mann", p.reason) for p in reply.picks)


async def test_least_misery_prefers_a_film_for_everyone(services):
    """Two members with opposite tastes: the top pick is not the one only one of them would like."""
    await seed(services, {"kid": [("Toy Story (1995)", L), ("Aladdin (1992)", L), ("The Lion King (1994)", L)],
                          "ann": HISTORIES["ann"]})
    group = GroupRecommender(services.recommender)
    reply = await group.recommend(["kid", "ann"], "", names={"kid": "Kid", "ann": "Ann"})
    kid, _ = await services.recommender.profiles.get("kid")
    ann, _ = await services.recommender.profiles.get("ann")
    from core.retrieve import affinity

    for p in reply.picks[:3]:  # each top pick means something to both, not 0 to one of them
        assert affinity(p.movie, kid) > 0 and affinity(p.movie, ann) > 0, p.movie.label


async def test_each_members_sasrec_ranking_joins_an_open_request(make_settings):
    from core.config import REPO_ROOT
    from moviebot.wiring import build_services as build_with_sasrec

    services = await build_with_sasrec(make_settings(sasrec_checkpoint=REPO_ROOT / "sasrec" / "checkpoints" / "ml1m.npz"))
    try:
        assert services.recommender.retriever.sequential is not None
        await seed(services, {"kid": [("Toy Story (1995)", L), ("Aladdin (1992)", L), ("The Lion King (1994)", L)],
                              **HISTORIES})
        reply = await GroupRecommender(services.recommender).recommend(["kid", "ann", "bob"], "", names={
            "kid": "Kid", "ann": "Ann", "bob": "Bob"})
        assert reply.engine["retrieve"].endswith("+members") and len(reply.picks) == 5
        logged = {i for u in ("kid", "ann", "bob") for i in (await services.recommender.profiles.get(u))[0].excluded}
        assert not {p.movie.id for p in reply.picks} & logged
    finally:
        await services.close()


async def test_member_without_history_neither_vetoes_nor_is_named(services):
    await seed(services)
    group = GroupRecommender(services.recommender)
    pair = await group.recommend(["ann", "bob"], "a crime film", names=NAMES)
    trio = await group.recommend(["ann", "bob", "new"], "a crime film", names=NAMES)
    assert [p.movie.id for p in trio.picks] == [p.movie.id for p in pair.picks]
    assert all("@Newbie" not in p.reason for p in trio.picks)
    assert any("@Newbie has no history yet" in n for n in trio.relaxed)
    assert "@Newbie no history" in trio.profile_summary


async def test_nobody_with_history_gets_well_loved_films_for_everyone(services):
    reply = await GroupRecommender(services.recommender).recommend(["x", "y"], "", names={"x": "Xu", "y": "Yi"})
    assert len(reply.picks) == 5
    assert all(p.reason.startswith("A pick for @Xu and @Yi.") for p in reply.picks)
    assert any(n.startswith("None of you has a history yet") for n in reply.relaxed)


async def test_korean_request_korean_reasons(services):
    await seed(services)
    reply = await GroupRecommender(services.recommender).recommend(["ann", "bob", "cy"], "90년대 범죄 영화",
                                                                   names=NAMES)
    assert reply.language == "ko" and "영화의 밤" in reply.message
    assert all(p.movie.year and 1990 <= p.movie.year <= 1999 for p in reply.picks)
    assert all(re.search(r"@(Ann|Bob|Cy)님", p.reason) for p in reply.picks)
    assert reply.labels()[0].startswith("《")


async def test_group_size_and_names_are_checked(services):
    group = GroupRecommender(services.recommender)
    with pytest.raises(BadRequest, match="at least 2"):
        await group.recommend(["ann", "ann "], "")
    with pytest.raises(BadRequest, match="at most 10"):
        await group.recommend([f"u{i}" for i in range(11)], "")
    reply = await group.recommend(["a", "b"], "", names={"a": "<@123> **boss**", "b": "@everyone"})
    assert reply.names == {"a": "user boss", "b": "\u200beveryone"}
    assert all("<@" not in p.reason and "**" not in p.reason for p in reply.picks)


async def test_the_llm_understands_a_group_request_in_one_round_trip(make_settings):
    try:
        from tests.fake_llm import FakeLLMServer, sensible
    except ImportError:
        from fake_llm import FakeLLMServer, sensible

    with FakeLLMServer(sensible) as server:  # answers: Tom Hanks, comedy, 1990-1999
        s = await build_services(make_settings(llm_base_url=server.url, llm_api_key="test-key"))
        try:
            await seed(s)
            reply = await GroupRecommender(s.recommender).recommend(["ann", "bob"], "something fun from the 90s with Hanks",
                                                                    names=NAMES)
        finally:
            await s.close()
    assert reply.engine["understand"] == "llm" and reply.llm_calls == 1 and len(server.requests) == 1
    assert reply.picks and all("Tom Hanks" in p.movie.cast and 1990 <= p.movie.year <= 1999 for p in reply.picks)


async def test_off_topic_text_still_gets_group_picks_with_a_note(services):
    reply = await GroupRecommender(services.recommender).recommend(["a", "b"], "what is the capital of France?")
    assert reply.picks and any("didn't read a movie request" in n for n in reply.relaxed)


# ---------------------------------------------------------------- core: the vote


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_vote_each_changeable_and_members_only():
    poll = Poll(3, ["a", "b", "c"], [0.9, 0.8, 0.7])
    assert poll.vote("a", 0) and poll.vote("a", 2)  # changed: the latest reaction counts
    assert poll.votes == {"a": 2} and poll.counts() == [0, 0, 1]
    assert poll.unvote("a", 2) and poll.votes == {"a": 0}  # taking 3 back leaves the standing 1
    assert not poll.vote("stranger", 1) and not poll.vote("b", 7)
    assert poll.counts() == [1, 0, 0]


def test_all_voted_closes_early_and_timeout_closes_the_rest():
    clock = Clock()
    poll = Poll(2, ["a", "b"], timeout_s=600, clock=clock)
    poll.vote("a", 1)
    assert not poll.due()
    poll.vote("b", 1)
    assert poll.all_voted() and poll.due() and clock.now < 600
    result = poll.close()
    assert result.winner == 1 and result.voters == ["a", "b"] and not result.tie
    assert not poll.vote("a", 0) and poll.close() is result  # closed: nothing changes any more

    late = Poll(2, ["a", "b"], timeout_s=600, clock=clock)
    late.vote("a", 0)
    clock.now += 599
    assert not late.due()
    clock.now += 1
    assert late.due() and late.close().winner == 0


def test_tie_goes_to_the_higher_group_score_and_says_so():
    poll = Poll(3, ["a", "b", "c", "d"], [0.5, 0.9, 0.7])
    poll.vote("a", 0)
    poll.vote("b", 2)
    poll.vote("c", 0)
    poll.vote("d", 2)
    result = poll.close()
    assert result.tie and result.tied == [0, 2] and result.winner == 2 and result.voters == ["b", "d"]
    text = announcement(result, ["Heat (1995)", "Fargo (1996)", "Casino (1995)"], {"b": "Bob", "d": "Dee"})
    assert "Casino (1995)" in text and "tie between #1, #3" in text and "@Bob, @Dee" in text
    ko = announcement(result, ["《히트》(1995)", "《파고》(1996)", "《카지노》(1995)"], {"b": "Bob", "d": "Dee"}, "ko")
    assert "동점" in ko and "《카지노》" in ko
    # equal scores too: the earlier option wins, deterministically
    even = Poll(2, ["a", "b"], [0.5, 0.5])
    even.vote("a", 1)
    even.vote("b", 0)
    assert even.close().winner == 0


def test_a_member_who_leaves_loses_their_vote_and_does_not_hold_up_the_close():
    poll = Poll(2, ["a", "b", "c"], [0.1, 0.2])
    poll.vote("a", 0)
    poll.vote("c", 1)
    poll.vote("b", 1)
    assert poll.leave("b") and poll.leave("c")
    assert poll.counts() == [1, 0] and poll.all_voted()
    result = poll.close()
    assert result.winner == 0 and result.voters == ["a"]


def test_nobody_voted_means_no_winner():
    result = Poll(2, ["a", "b"]).close()
    assert result.winner is None
    assert "Nobody voted" in announcement(result, ["Heat (1995)", "Fargo (1996)"], {})


async def test_logging_the_winner_for_its_voters_only(services):
    result_voters = ["ann", "cy"]
    logged = await log_winner(services.history, "tt0116282", result_voters)
    assert logged == ["ann", "cy"]
    for uid in ("ann", "cy"):
        [entry] = await services.history.entries(uid)
        assert (entry.interaction.movie_id, entry.interaction.kind, entry.interaction.source) == \
            ("tt0116282", W, LOG_SOURCE)
    assert await services.history.entries("bob") == []
    assert await log_winner(services.history, "tt0116282", result_voters) == []  # twice stores nothing twice


# ---------------------------------------------------------------- the bot


ANN_ID, BOB_ID, CY_ID, STRANGER_ID = USER_ID, 100_000_000_000_000_002, 100_000_000_000_000_003, 100_000_000_000_009


def member(user_id: int, name: str) -> SimpleNamespace:
    return SimpleNamespace(id=user_id, bot=False, name=name.lower(), display_name=name, mention=f"<@{user_id}>")


@pytest.fixture
async def night_bot(make_settings, monkeypatch):
    reactions: list[tuple[int, str]] = []

    async def add_reaction(self, emoji):
        reactions.append((self.id, emoji))

    monkeypatch.setattr(Sent, "add_reaction", add_reaction, raising=False)
    services = await build_services(make_settings(DISCORD_USER_COOLDOWN_S=0))
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    await seed(services, {str(ANN_ID): HISTORIES["ann"], str(BOB_ID): HISTORIES["bob"],
                          str(CY_ID): HISTORIES["cy"]})
    yield bot, services, reactions
    for night in list(bot.get_cog("MovieNightCog").nights.values()):
        night.task.cancel()
    await bot.close_services()


async def test_movienight_posts_picks_counts_member_votes_and_announces(night_bot):
    bot, services, reactions = night_bot
    cog = bot.get_cog("MovieNightCog")
    channel = FakeChannel()
    interaction = FakeInteraction(bot, ANN_ID)
    interaction.user = member(ANN_ID, "Ann")
    interaction.channel = channel
    await cog.movienight.callback(cog, interaction, member(BOB_ID, "Bob"), member(CY_ID, "Cy"),
                                  user(BOT_ID, True), None, None, "a crime film")

    assert interaction.calls[0][0] == "defer"
    [poll_msg] = interaction.messages("followup")
    assert not poll_msg.ephemeral and len(poll_msg.embeds) == 5
    assert "Movie night for @Ann, @Bob and @Cy" in poll_msg.content and "Vote with 1️⃣–5️⃣" in poll_msg.content
    assert sum(len(e) for e in poll_msg.embeds) <= 6000
    assert [e for _, e in reactions] == ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]
    movie_ids = [re.search(r"tt\d+", e.url).group(0) for e in poll_msg.embeds]
    for e in poll_msg.embeds:
        assert re.search(r"@(Ann|Bob|Cy)", e.description) and str(ANN_ID) not in e.description

    night = cog.nights[poll_msg.id]
    # the bot's own reactions, a stranger's and a 👀 count for nothing
    for uid, emoji in ((BOT_ID, "1️⃣"), (STRANGER_ID, "2️⃣"), (ANN_ID, "👀")):
        await cog.on_vote(reaction_payload(poll_msg.id, uid, emoji))
    assert night.poll.votes == {}
    await bot.get_cog("HistoryCog").on_reaction_action(reaction_payload(poll_msg.id, ANN_ID, "👀"))
    assert len(await services.history.entries(str(ANN_ID))) == len(HISTORIES["ann"])  # 👀 on the poll: nothing

    await cog.on_vote(reaction_payload(poll_msg.id, ANN_ID, "1️⃣"))
    await cog.on_vote(reaction_payload(poll_msg.id, BOB_ID, "1️⃣"))
    await cog.on_vote(reaction_payload(poll_msg.id, BOB_ID, "3️⃣"))  # Bob changes his mind
    await cog.on_vote(reaction_payload(poll_msg.id, BOB_ID, "3️⃣", add=False))  # … and back to 1️⃣
    assert night.poll.votes == {str(ANN_ID): 0, str(BOB_ID): 0} and not channel.sent
    await cog.on_vote(reaction_payload(poll_msg.id, CY_ID, "2️⃣"))  # everyone voted: closes now

    assert poll_msg.id not in cog.nights
    [(_, announced)] = channel.sent
    winner_label = poll_msg.embeds[0].title.removeprefix("1️⃣ ")
    assert announced.content.startswith(f"🏆 Winner: {winner_label} with 2 of 3 votes")
    assert "@Ann, @Bob" in announced.content and "Voting closed" in poll_msg.content
    view = announced.view
    assert view is not None and view.children[0].label == "Log as watched for the winner's voters"

    stranger = FakeInteraction(bot, STRANGER_ID)
    assert await view.interaction_check(stranger) is False
    assert stranger.messages("response")[0].ephemeral

    press = FakeInteraction(bot, CY_ID, message=announced)
    assert await view.interaction_check(press) is True
    await view.log_watched.callback(press)
    assert press.calls[0][0] == "defer"
    assert "Logged" in press.messages("followup")[0].content and view.children[0].disabled
    for uid, expect in ((ANN_ID, True), (BOB_ID, True), (CY_ID, False)):
        entries = await services.history.entries(str(uid))
        got = [e.interaction for e in entries if e.interaction.movie_id == movie_ids[0]]
        assert bool(got) == expect and all(i.source == "movienight" and i.kind == W for i in got)


async def test_movienight_closes_after_its_time_and_needs_a_real_group(make_settings, monkeypatch):
    async def add_reaction(self, emoji):
        return None

    monkeypatch.setattr(Sent, "add_reaction", add_reaction, raising=False)
    services = await build_services(make_settings(MOVIENIGHT_POLL_MINUTES=0.002))
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    try:
        cog = bot.get_cog("MovieNightCog")
        alone = FakeInteraction(bot, ANN_ID)
        await cog.movienight.callback(cog, alone, member(ANN_ID, "Ann"), user(BOT_ID, True), None, None, None, None)
        assert alone.messages("response")[0].ephemeral and "at least one other person" in alone.messages()[0].content

        channel = FakeChannel()
        interaction = FakeInteraction(bot, ANN_ID)
        interaction.user, interaction.channel = member(ANN_ID, "Ann"), channel
        await cog.movienight.callback(cog, interaction, member(BOB_ID, "Bob"), None, None, None, None, None)
        [poll_msg] = interaction.messages("followup")
        await cog.on_vote(reaction_payload(poll_msg.id, BOB_ID, "2️⃣"))
        await cog.member_left(BOB_ID)  # Bob leaves the server: his vote goes, Ann alone has not voted
        assert channel.sent == [] and poll_msg.id in cog.nights
        for _ in range(50):
            if channel.sent:
                break
            await asyncio.sleep(0.05)
        [(_, announced)] = channel.sent
        assert announced.content.startswith("🗳️ Nobody voted") and announced.view is None
    finally:
        await bot.close_services()


async def test_a_voter_who_left_the_server_loses_the_vote_without_the_members_intent(night_bot, monkeypatch):
    """No leave event arrives without the members intent: the vote's close asks Discord who is still there."""
    import discord

    bot, services, _ = night_bot
    assert not bot.intents.members
    asked: list[int] = []

    async def fetch_member(user_id: int):
        asked.append(user_id)
        if user_id == BOB_ID:  # Bob left the server
            raise discord.NotFound(SimpleNamespace(status=404, reason="Not Found"), "Unknown Member")
        if user_id == CY_ID:  # Discord hiccups: an unknown answer keeps Cy's vote
            raise discord.HTTPException(SimpleNamespace(status=503, reason="Unavailable"), "try again")
        return member(user_id, "Ann")

    guild = SimpleNamespace(id=GUILD_ID, fetch_member=fetch_member)
    monkeypatch.setattr(bot, "get_guild", lambda gid: guild if gid == GUILD_ID else None)
    cog = bot.get_cog("MovieNightCog")
    channel = FakeChannel()
    interaction = FakeInteraction(bot, ANN_ID)
    interaction.user, interaction.channel = member(ANN_ID, "Ann"), channel
    await cog.movienight.callback(cog, interaction, member(BOB_ID, "Bob"), member(CY_ID, "Cy"),
                                  None, None, None, "a crime film")
    [poll_msg] = interaction.messages("followup")
    for uid, emoji in ((ANN_ID, "1️⃣"), (BOB_ID, "2️⃣"), (CY_ID, "1️⃣")):
        await cog.on_vote(reaction_payload(poll_msg.id, uid, emoji))
    [(_, announced)] = channel.sent
    assert sorted(asked) == sorted([ANN_ID, BOB_ID, CY_ID])
    assert "with 2 of 2 votes" in announced.content and "@Bob" not in announced.content


async def test_a_store_outage_is_one_ephemeral_line_not_interaction_failed(night_bot, monkeypatch):
    from core.errors import StoreUnavailable

    bot, services, _ = night_bot
    cog = bot.get_cog("MovieNightCog")

    async def down(user_id):
        raise StoreUnavailable("history store down")

    monkeypatch.setattr(services.recommender.profiles, "get", down)
    interaction = FakeInteraction(bot, ANN_ID)
    interaction.user, interaction.channel = member(ANN_ID, "Ann"), FakeChannel()
    await cog.movienight.callback(cog, interaction, member(BOB_ID, "Bob"), None, None, None, None, "a comedy")
    assert interaction.calls[0][0] == "defer"
    [error] = interaction.messages("followup")
    assert error.ephemeral and "unavailable" in error.content and len(error.content.splitlines()) == 1
    assert not cog.nights


def test_several_pick_embeds_fit_one_message():
    from bot.embeds import EMBED_TOTAL_MAX, fit_embeds, movie_embed
    from core.models import Movie

    movie = Movie(id="tt0113277", title="Heat", year=1995, genres=["Crime"], directors=["Michael Mann"],
                  cast=[f"Actor Number {i}" for i in range(300)], runtime=170)
    embeds = fit_embeds([movie_embed(movie, "why " * 1000) for _ in range(5)])
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL_MAX
    assert all(e.title == "Heat (1995)" and e.description and e.footer.text for e in embeds)
    assert all("Top cast" not in [f.name for f in e.fields] for e in embeds)  # the cast goes first


async def test_a_mention_naming_two_friends_starts_a_movie_night(night_bot):
    bot, services, reactions = night_bot
    channel = FakeChannel()
    message = FakeMessage(f"<@{BOT_ID}> <@{BOB_ID}> <@{CY_ID}> movie night, something from the 90s",
                          channel=channel)
    message.author = member(ANN_ID, "Ann")
    message.mentions = [user(BOT_ID, True), member(BOB_ID, "Bob"), member(CY_ID, "Cy")]
    await bot.get_cog("RecommendCog").on_message(message)
    [(_, poll_msg)] = message.replies
    assert "Movie night for @Ann, @Bob and @Cy" in poll_msg.content and len(poll_msg.embeds) == 5
    assert all(1990 <= int(re.search(r"\((\d{4})\)", e.title).group(1)) <= 1999 for e in poll_msg.embeds)
    assert len(reactions) == 5 and poll_msg.id in bot.get_cog("MovieNightCog").nights

    one_friend = FakeMessage(f"<@{BOT_ID}> <@{BOB_ID}> a comedy", channel=FakeChannel())
    one_friend.mentions = [user(BOT_ID, True), member(BOB_ID, "Bob")]
    assert bot.get_cog("MovieNightCog").mentioned_group(one_friend) is None  # an ordinary request


# ---------------------------------------------------------------- the CLI


def test_cli_night_prints_picks_with_reasons_naming_the_users(tmp_path, catalog_db):
    for uid, title in (("ann", "Heat (1995)"), ("bob", "Casino (1995)")):
        out = cli(["liked", "--user", uid, title], tmp_path, catalog_db)
        assert out.returncode == 0, out.stderr
    out = cli(["night", "--users", "ann,bob,cy", "a crime film"], tmp_path, catalog_db)
    assert out.returncode == 0 and out.stderr == ""
    assert "Movie night for @ann, @bob and @cy" in out.stdout
    reasons = [line for line in out.stdout.splitlines() if line.strip().startswith("→")]
    assert len(reasons) == 5 and all(re.search(r"@(ann|bob|cy)", r) for r in reasons)
    bad = cli(["night", "--users", "ann", "x"], tmp_path, catalog_db)
    assert bad.returncode == 1 and "at least 2" in bad.stderr and "Traceback" not in bad.stderr
