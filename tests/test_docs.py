"""What the README, docs/discord.md and the /help text promise matches what the bot does (issue 21)."""
from __future__ import annotations

import re
from pathlib import Path

from core.messages import text

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DISCORD = (ROOT / "docs" / "discord.md").read_text(encoding="utf-8")


def test_the_first_two_set_up_commands_stay_as_they_are():
    first = README.split("```")[1].splitlines()
    assert first[1].startswith('pip install -e ".[dev]" && moviebot chat --user me')
    assert first[2].startswith("python3 -m pytest")


def test_installing_says_how_to_get_the_cpu_torch_and_how_long_it_takes():
    assert "pip install torch --index-url https://download.pytorch.org/whl/cpu" in README
    assert re.search(r"first install takes about \d+ s", README)


def test_no_thread_follow_ups_are_promised_and_the_reply_ping_is_explained():
    assert "in its thread" not in README and "thread the bot" not in README
    for doc in (README, DISCORD):
        assert "ping" in doc and "Message Content" in doc
    for language in ("en", "ko"):  # the /help text says so too
        assert "@" in text("bot_help", language).split("older" if language == "en" else "다른 거")[1].split("\n")[0]


def test_every_slash_command_is_documented():
    for command in ("/recommend", "/watched", "/liked", "/import", "/movienight", "/history", "/profile",
                    "/forget", "/settings compact", "/help"):
        assert command in README, command
        assert command in DISCORD, command
        if command != "/help":
            assert command.split()[0] in text("bot_help"), command
    assert "Manage Server" in README and "Manage Server" in DISCORD


def test_leaving_the_server_is_described_as_it_works_without_the_members_intent():
    assert "someone who leaves the server loses their" not in README
    assert "has left the server by the time" in README and "needs no" in README
    assert "Server Members" in DISCORD


def test_examples_agree_in_number():
    for doc in (README, DISCORD):
        assert not re.search(r"\b1 (films|rows|records|votes)\b", doc)
