"""The yardstick of bench/startup.py: the least a typer CLI that decodes a JWT can do.

One command, standard-library decoding, JSON out. jwtfix's `decode --json` does
far more (input unwrapping, precise errors, time objects, status), and the
benchmark asks it to start within 1.15x of this.
"""

import base64
import json
from typing import Annotated

import typer

app = typer.Typer()


def _segment(text: str) -> object:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


@app.command()
def decode(
    token: str,
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    header, payload, _signature = token.split(".")
    print(json.dumps({"header": _segment(header), "payload": _segment(payload)}, indent=2))


@app.command()
def version() -> None:
    print("0")


if __name__ == "__main__":
    app()
