"""The terminal as a person uses it: `moviebot chat`, `ask`, `profile`, the "Which one?" prompt, piped output and
`moviebot bot`'s log. Run in-process through typer's runner (stdout is then not a terminal, as when piped)."""
from __future__ import annotations

import io
import json
import logging
import sys

import pytest
from typer.testing import CliRunner

from core.errors import AmbiguousTitle, MovieBotError
from core.models import InteractionKind, Movie
from moviebot import cli

DISCORD_ONLY = ("React 👀", "👀/❤️", "Reply to my answer", "reply to my answer", "`/import`")


@pytest.fixture
def run_cli(tmp_path, catalog_db, monkeypatch):
    for name in ("LLM_BASE_URL", "LLM_API_KEY", "MOVIEBOT_LOG_LEVEL", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MOVIEBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CATALOG_PATH", str(catalog_db))
    monkeypatch.setenv("SASREC_CHECKPOINT", "none")
    runner = CliRunner()

    def go(*args: str, lines: str | None = None):
        result = runner.invoke(cli.app, list(args), input=lines, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    yield go
    logging.getLogger().handlers.clear()  # the CLI configured the root logger for its run


def after(out: str, marker: str) -> str:
    return out.split(marker, 1)[1]


def test_chat_forget_asks_first_and_ends_the_conversation(run_cli):
    out = run_cli("chat", "--user", "f", lines="/liked Heat (1995)\n/forget\nn\n/history\n"
                  "a 90s comedy with Tom Hanks\n/forget\ny\nmore\n/history\n/quit\n")
    assert "Delete all history of f? [y/N]" in out
    kept = after(out, "Nothing deleted.")
    assert "Heat (1995)" in kept.split("picks")[0]  # "n" kept the history
    gone = after(out, "Deleted 1 record.")
    # the next "more" does not go on with the forgotten thread: there is nothing to follow
    assert "ask me for movies first" in gone and "still:" not in gone
    assert "then follow up on the next line of `moviebot chat`" in gone and "reply to my answer" not in gone
    assert "No history yet" in gone


def test_chat_speaks_terminal_not_discord(run_cli):
    out = run_cli("chat", "--user", "new", lines="/history\n/profile\na comedy\n/foo\n/Liked Heat (1995)\n"
                  "/nope Heat (1995)\n/history\n/quit\n")
    for hint in DISCORD_ONLY:
        assert hint not in out, hint
    assert "No history yet: /liked TITLE or /watched TITLE logs a film." in out  # /history with nothing in it
    assert "your taste profile grows from them" in out  # /profile with nothing in it
    assert "Tell me what you've seen to teach me your taste: /liked TITLE, /watched TITLE." in out  # the answer
    assert "Unknown command /foo. Commands: /watched TITLE · /liked TITLE" in out
    assert "Unknown command /Liked." in out  # unknown words never become a movie request
    assert "Logged not interested: Heat (1995)" in out and "not_interested" not in out
    assert "not interested  Heat (1995)" in after(out, "Logged not interested")


def test_logged_label_in_the_language_typed():
    assert cli._logged(InteractionKind.NOT_INTERESTED, "The Host (2006)", "괴물") == \
        "기록했어요 (관심 없음): The Host (2006)"
    assert cli._logged(InteractionKind.NOT_INTERESTED, "Heat (1995)", "heat") == "Logged not interested: Heat (1995)"


def test_ask_with_nothing_prints_the_terminal_help(run_cli):
    out = run_cli("ask", "")
    assert "moviebot liked TITLE" in out and "moviebot chat" in out
    for hint in DISCORD_ONLY:
        assert hint not in out, hint


def test_ask_for_a_new_user_says_what_works_here(run_cli):
    out = run_cli("ask", "--user", "nobody", "a 90s comedy with Tom Hanks")
    assert "teach me your taste: moviebot liked TITLE, moviebot watched TITLE." in out
    assert "React" not in out and "👀" not in out


def test_profile_is_readable_and_json_only_when_asked(run_cli):
    run_cli("liked", "--user", "p", "Heat (1995)")
    run_cli("not-interested", "--user", "p", "Titanic (1997)")
    out = run_cli("profile", "--user", "p")
    assert not out.lstrip().startswith("{") and "history_version" not in out
    assert out.startswith("1 film in your history; liked Heat")
    assert "Directors: Michael Mann 1.00" in out and "1 liked · 1 watched" in out
    raw = json.loads(run_cli("profile", "--user", "p", "--json"))
    assert raw["liked"] == ["tt0113277"] and "excluded" not in raw
    assert run_cli("profile", "--user", "empty").startswith("No history yet for empty:")
    run_cli("not-interested", "--user", "nope", "Titanic (1997)")
    only_rejected = run_cli("profile", "--user", "nope")
    assert only_rejected.startswith("No history yet for nope:") and "1 marked not interested" in only_rejected
    assert "React" not in only_rejected


def test_piped_output_is_not_wrapped_mid_sentence(run_cli):
    out = run_cli("ask", "--user", "w", "a 90s comedy with Tom Hanks")
    lines = out.splitlines()
    assert max(len(line) for line in lines) > 80  # the reasons are long: they stay one line each
    for i, line in enumerate(lines):
        if line.startswith("   → ") and i + 1 < len(lines):
            assert lines[i + 1][:1].isdigit(), lines[i + 1]  # a reason never continues on the next line


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_which_one_asks_again_until_the_number_is_one_of_them(monkeypatch, capsys):
    films = [Movie(id="tt0364569", title="Oldboy", year=2003, directors=["Park Chan-wook"]),
             Movie(id="tt1321511", title="Oldboy", year=2013, directors=["Spike Lee"])]
    monkeypatch.setattr(sys, "stdin", _TTY("7\n0\n2\n"))
    assert cli._choose(AmbiguousTitle("Oldboy", films)).id == "tt1321511"
    assert capsys.readouterr().out.count("Type a number from 1 to 2.") == 2


def test_bot_logs_each_line_once_under_the_cli(monkeypatch, capsys):
    """`DISCORD_TOKEN=abc moviebot bot`: the CLI's handler is on the root logger; discord.py's must not join it."""
    from bot.runner import run_bot

    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    handler = logging.StreamHandler(sys.stderr)  # as the CLI's main() installs it
    root.handlers[:] = [handler]

    async def services(settings):
        logging.getLogger("moviebot.test").warning("the catalog is being built")
        raise MovieBotError("no catalog")

    try:
        assert run_bot(services) == 1
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert err.count("the catalog is being built") == 1, err
    assert "cannot start the bot: no catalog" in err
