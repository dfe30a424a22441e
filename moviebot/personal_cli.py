"""`moviebot foryou` and `moviebot digest ...`: the shelf and the digest in the terminal (mounted by moviebot.cli).

The terminal has no channel to post in, so `digest on` keeps a DM-style subscription (the bot posts it when it
runs with the same store) and `digest preview` prints what the next digest would hold without recording it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.errors import MovieBotError
from core.messages import text as msg

if TYPE_CHECKING:
    from core.digest import Digest
    from core.services import Services
    from core.shelf import Shelf

# moviebot.cli mounts this module while it is being imported, so its helpers are imported inside the commands
User = Annotated[str, typer.Option("--user", "-u", help="Your user id.")]

digest_app = typer.Typer(help="Fresh personal picks on a schedule (opt-in).", no_args_is_help=True)


def _personal(s: Services) -> tuple[Shelf, Digest]:
    if s.shelf is None or s.digest is None:
        raise MovieBotError("the personal store is not open")
    return s.shelf, s.digest


def foryou(user: User = "cli", language: Annotated[str, typer.Option("--lang", help="en or ko")] = "en") -> None:
    """Personal picks from your history, no request needed (and remembered, so the next shelf differs)."""
    from moviebot.cli import print_reply, run

    async def go(s: Services):
        shelf, _ = _personal(s)
        print_reply(await shelf.show(user, language))

    run(go)


@digest_app.command("preview")
def digest_preview(user: User = "cli",
                   language: Annotated[str, typer.Option("--lang", help="en or ko")] = "en") -> None:
    """What your next digest would hold (nothing is recorded as shown)."""
    from moviebot.cli import print_reply, run

    async def go(s: Services):
        _, digest = _personal(s)
        print_reply(await digest.prepare(user, language))

    run(go)


@digest_app.command("on")
def digest_on(cadence: Annotated[str, typer.Argument(help="daily or weekly")], user: User = "cli") -> None:
    """Turn your digest on (delivered to your DMs by the bot running on the same store)."""
    from moviebot.cli import console, run

    if cadence not in ("daily", "weekly"):
        raise typer.BadParameter("daily or weekly", param_hint="CADENCE")

    async def go(s: Services):
        _, digest = _personal(s)
        sub = await digest.subscribe(user, "daily" if cadence == "daily" else "weekly", "dm")
        console.print(msg("digest_on", "en", n=digest.picks, cadence=msg(f"digest_{cadence}"),
                          where=msg("digest_dm")) + f" Next: {sub.next_at:%Y-%m-%d %H:%M} UTC.")

    run(go)


@digest_app.command("off")
def digest_off(user: User = "cli") -> None:
    """Turn your digest off."""
    from moviebot.cli import console, run

    async def go(s: Services):
        _, digest = _personal(s)
        console.print(msg("digest_off" if await digest.unsubscribe(user) else "digest_was_off"))

    run(go)
