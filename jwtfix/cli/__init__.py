"""The command line: the typer app and one module per command.

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
    "sign": "sign_cmd",
    "keygen": "keygen_cmd",
    "verify": "verify_cmd",
    "probe": "probe_cmd",
    "scan": "scan_cmd",
    "har": "har_cmd",
    "explain": "explain_cmd",
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
    try:
        from jwtfix.cli._app import app
    except ModuleNotFoundError as err:  # run outside the environment it was installed in
        sys.stderr.write(
            f"error: jwtfix needs the package {err.name!r}, which this Python "
            f"({sys.executable}) does not have: install jwtfix with pip, e.g. "
            "`python3 -m venv .venv && .venv/bin/pip install .`\n"
        )
        raise SystemExit(2) from None

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
