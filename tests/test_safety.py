"""core/safety.py: what users and models write is shown inert and bounded."""
from __future__ import annotations

import pytest

from core.safety import LINK_MASK, clean, cut, redact_url, redact_urls_in


@pytest.mark.parametrize("raw, gone", [
    ("hi <@123456789012345678>", "<@"), ("hi <@!123>", "<@"), ("role <@&42>", "<@&"), ("chan <#99>", "<#"),
    ("@everyone look", "@everyone"), ("@here look", "@here"), ("[click](https://evil.example/x)", "evil"),
    ("see https://evil.example/login now", "https://"), ("go to evil.com/phish", "evil.com"),
    ("**bold** __u__ ~~s~~ ||spoiler|| `code`", "*"), ("# Heading", "#"), ("> quote", ">"),
    ("a\u202eb\u200bc\x07", "\u202e"),
])
def test_clean_neutralises(raw, gone):
    out = clean(raw)
    assert gone not in out
    assert "<@" not in out and "](" not in out


def test_clean_keeps_plain_text_and_link_labels():
    assert clean("A 1994 comedy with Tom Hanks.") == "A 1994 comedy with Tom Hanks."
    assert clean("[Oldboy](https://x.example) is great") == "Oldboy is great"
    assert clean("visit https://evil.example") == f"visit {LINK_MASK}"
    assert clean("봉준호 감독의 스릴러") == "봉준호 감독의 스릴러"
    assert clean("@everyone") == "@\u200beveryone"


def test_caps_cut_with_an_ellipsis():
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc"
    out = clean("x" * 5_000_000, 300)
    assert len(out) == 300 and out.endswith("…")


def test_redact_url():
    assert redact_url("http://user:s3cret@host:8080/v1") == "http://***@host:8080/v1"
    assert redact_url("http://host/v1") == "http://host/v1" and redact_url(None) == ""
    assert "s3cret" not in redact_urls_in("failed at https://elastic:s3cret@es.local:9200: refused")


def test_terminal_render_escapes_markup():
    """A request or model text containing "[/bold]" prints literally instead of raising MarkupError."""
    import io

    from rich.console import Console

    from core.models import Reply
    from moviebot import cli

    saved = cli.console
    cli.console = Console(file=io.StringIO(), width=100)
    try:
        cli.print_reply(Reply(message="[/bold] x", relaxed=["[bold red]n[/]"], fallback="[/]"))
        assert "[/bold] x" in cli.console.file.getvalue()
    finally:
        cli.console = saved
