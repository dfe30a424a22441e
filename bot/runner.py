"""Run the bot: `moviebot bot [--sync [--guild ID]]` (the entry package hands over its service factory)."""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Awaitable, Callable, Optional

import aiohttp
import discord
from pydantic import ValidationError

from core.config import Settings
from core.errors import MovieBotError
from core.services import Services

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2

NO_TOKEN_MESSAGE = (
    "DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in .env or the environment "
    "(Discord developer portal > your application > Bot > Reset Token; see docs/discord.md)."
)


def _token(settings: Settings) -> str:
    return settings.discord_token.get_secret_value().strip() if settings.discord_token else ""


ServicesFactory = Callable[[Settings], Awaitable[Services]]


def run_bot(build_services: ServicesFactory, sync: bool = False, guild: Optional[int] = None) -> int:
    """Connect and serve until stopped. Returns the process exit code (2: configuration problem)."""
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"moviebot: invalid settings:\n{exc}", file=sys.stderr)
        return EXIT_CONFIG
    token = _token(settings)
    if not token:
        print(f"moviebot: {NO_TOKEN_MESSAGE}", file=sys.stderr)
        return EXIT_CONFIG
    if guild is not None and not sync:
        print("moviebot: --guild only matters together with --sync; ignoring it.", file=sys.stderr)
    _setup_logging(logging.getLevelName(settings.log_level.upper()))
    try:
        return asyncio.run(_serve(build_services, settings, token, sync, guild))
    except KeyboardInterrupt:
        return EXIT_OK


def _setup_logging(level: int) -> None:
    """One handler on the root logger. `moviebot bot` arrives with the CLI's handler already there, and
    discord.utils.setup_logging(root=True) would add a second one: every line would print twice. So discord.py's
    handler is added only when nothing configured logging; otherwise the bot only lowers the level to its own."""
    root = logging.getLogger()
    if not root.handlers:
        discord.utils.setup_logging(level=level, root=True)
    elif root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)


async def _serve(build_services: ServicesFactory, settings: Settings, token: str, sync: bool,
                 guild: Optional[int]) -> int:
    from bot.factory import create_bot

    try:
        services = await build_services(settings)
    except MovieBotError as exc:
        return _fail(f"cannot start the bot: {exc}")
    bot = create_bot(services, sync_commands=sync, sync_guild=guild)
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    except (NotImplementedError, RuntimeError):  # Windows
        pass
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        return _fail("Discord rejected DISCORD_TOKEN: reset the token in the developer portal and update .env",
                     EXIT_CONFIG)
    except discord.PrivilegedIntentsRequired:  # not expected: only default intents are used
        return _fail("Discord refused the intents: enable them for the bot in the developer portal", EXIT_CONFIG)
    except discord.HTTPException as exc:
        if exc.status == 429:
            return _fail("Discord is rate-limiting this bot's log-in: wait a few minutes, then start it again")
        return _fail(f"Discord answered HTTP {exc.status} at start-up: {exc.text or exc}")
    except (OSError, aiohttp.ClientError, discord.GatewayNotFound, discord.ConnectionClosed, asyncio.TimeoutError) as exc:
        return _fail(f"cannot reach Discord (network): {type(exc).__name__}: {exc}")
    except MovieBotError as exc:
        return _fail(f"cannot start the bot: {exc}")
    finally:
        await bot.close_services()
    return EXIT_OK


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    """Start-up failures end in one line that names the cause, never a traceback."""
    print(f"moviebot: {message}", file=sys.stderr)
    return code
