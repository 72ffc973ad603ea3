"""`python -m bot.cli_main` runs the CLI (same as the `mentorbot` script), for subprocesses."""

from bot.cli import main

main()
