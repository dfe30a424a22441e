"""Discord adapter for moviebot: mentions, slash commands, reactions and buttons over core services."""
