"""The command line: the typer app and one module per group of commands.

Only this package imports typer. `main()` imports just the module of the
command being run, so that typer builds one command's parameters, not every
command's: start-up time is a feature. `from jwtfix.cli import app` (tests,
completion, `--help`) registers them all.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

# Command name -> the module under jwtfix/cli/ that registers it. A new command
# module is added here, and only here.
COMMAND_MODULES = {
    "decode": "decode_cmd",
    "expiry": "expiry_cmd",
    "check": "check_cmd",
    "sign": "signing",
    "keygen": "signing",
    "verify": "signing",
}


def load_all() -> None:
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"jwtfix.cli.{module}")


def _command_module(argv: list[str]) -> str | None:
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None
    first = argv[0] if argv else ""
    return COMMAND_MODULES.get(first)


def main() -> None:
    """Console-script entry point."""
    from jwtfix.cli._app import app

    module = _command_module(sys.argv[1:])
    if module is None:
        load_all()
    else:
        importlib.import_module(f"jwtfix.cli.{module}")
    app()


def __getattr__(name: str) -> Any:
    if name == "app":
        from jwtfix.cli._app import app

        load_all()
        return app
    raise AttributeError(name)


__all__ = ["app", "load_all", "main"]
