"""`python -m moviebot ...` is the same as the `moviebot` command."""
from moviebot.cli import entry

entry()
