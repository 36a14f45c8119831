"""The exit codes of `assll` and the error a command raises for a misuse (code 2), shared by every command
module so that none of them imports the entry point."""

from __future__ import annotations

EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A misuse of the command (exit code 2); the message is French."""
