"""Build the bot from services without connecting (the runner connects; tests call callbacks directly)."""
from __future__ import annotations

from typing import Any, Optional

from bot.client import MovieBot, ShardedMovieBot


def bot_class(shard_count: Optional[int]) -> type[MovieBot]:
    """None -> a plain (single-connection) bot; 0 -> auto-sharded; N -> N shards."""
    return MovieBot if shard_count is None else ShardedMovieBot


def create_bot(services: Any, *, sync_commands: bool = False, sync_guild: Optional[int] = None) -> MovieBot:
    shard_count = services.settings.discord_shard_count
    cls = bot_class(shard_count)
    options: dict[str, Any] = {}
    if cls is ShardedMovieBot and shard_count:
        options["shard_count"] = shard_count
    return cls(services, sync_commands=sync_commands, sync_guild=sync_guild, **options)
