"""The bot's cogs: recommendations and history."""
