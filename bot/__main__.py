"""`python -m bot [--sync] [--guild ID]`: run the Discord bot with DISCORD_TOKEN."""
from __future__ import annotations

import argparse
import sys

from bot.runner import run_bot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run the moviebot Discord bot (needs DISCORD_TOKEN).")
    parser.add_argument("--sync", action="store_true",
                        help="sync slash commands to Discord at start-up (only after adding or changing commands)")
    parser.add_argument("--guild", type=int, default=None,
                        help="with --sync: sync to this guild (server) id only, which shows the commands at once")
    args = parser.parse_args(argv)
    return run_bot(sync=args.sync, guild=args.guild)


if __name__ == "__main__":
    sys.exit(main())
