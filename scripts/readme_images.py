"""Regenerate the README's pictures: the real output of `check` and `har`, as SVG.

Each command runs through jwtfix's own CLI (colour forced, a fixed `--at`,
100 columns), and rich records what it printed to an SVG. Run it after a
change to the human output:

    python scripts/readme_images.py

tests/test_readme_images.py fails when a picture is not current.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 100
AT = "2026-01-25T10:15:00Z"

IMAGES: dict[str, tuple[str, ...]] = {
    "docs/check.svg": (
        "check", "--at", AT, "--env", "examples/broken.env", "@examples/expired-access.jwt",
    ),
    "docs/har.svg": ("har", "examples/session.har"),
}  # fmt: skip
"""Where each picture goes -> the jwtfix command line it shows (run in the repository)."""


def render(args: tuple[str, ...]) -> str:
    """The SVG of `jwtfix ARGS` as a 100-column colour terminal shows it."""
    from rich.console import Console
    from rich.text import Text
    from typer.testing import CliRunner

    from jwtfix.cli import app

    env = {"COLUMNS": str(WIDTH), "FORCE_COLOR": "1", "NO_COLOR": "", "JWT_SECRET": ""}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(cwd)
    console = Console(
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        file=io.StringIO(),
    )
    console.print(Text.from_ansi(result.stdout.rstrip("\n")), soft_wrap=True)
    return console.export_svg(title="jwtfix " + " ".join(args))


def main() -> int:
    for path, args in IMAGES.items():
        target = ROOT / path
        target.parent.mkdir(exist_ok=True)
        target.write_text(render(args), encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
