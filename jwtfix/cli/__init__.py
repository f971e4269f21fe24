"""The command line: the typer app and one module per group of commands.

Only this package imports typer. Importing it registers every command.
"""

from __future__ import annotations

from jwtfix.cli import inspect_cmds  # noqa: F401  (registers decode, expiry)
from jwtfix.cli._app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
