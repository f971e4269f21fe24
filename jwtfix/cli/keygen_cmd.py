"""`keygen`: write a test key pair as PEM and as JWK/JWKS."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jwtfix.cli._app import JsonOpt, NoColorOpt, app, examples, out


class KeygenAlg(StrEnum):
    RS256 = "RS256"
    PS256 = "PS256"
    ES256 = "ES256"
    ES384 = "ES384"
    ES512 = "ES512"
    EdDSA = "EdDSA"


@app.command(
    epilog=examples(
        "jwtfix keygen --alg ES256 --out keys/",
        "jwtfix sign --key keys/private.pem --sub user-42 --expires 15m",
    )
)
def keygen(
    alg: Annotated[
        KeygenAlg,
        typer.Option(
            "--alg",
            metavar="ALG",
            help="The algorithm the key pair is for: RS256, PS256, ES256, ES384, ES512 or EdDSA.",
        ),
    ] = KeygenAlg.RS256,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write private.pem, public.pem, private.jwk.json, public.jwk.json and "
            "jwks.json there (private ones mode 0600). Default: print to stdout.",
        ),
    ] = None,
    bits: Annotated[int, typer.Option("--bits", help="RSA key size.")] = 2048,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    json_: JsonOpt = False,
    no_color: NoColorOpt = False,  # accepted as on every command; keygen prints no colour
) -> None:
    """Generate a test key pair as PEM and as JWK/JWKS, with kid = its RFC 7638 thumbprint."""
    from jwtfix.ops.keygen import generate, write
    from jwtfix.render.human.signing import keygen_text, keygen_written
    from jwtfix.render.json import dumps, keygen_document

    pair = generate(alg.value, bits=bits)
    if out_dir is None:
        if json_:
            out(dumps(keygen_document(pair, None)))
        else:
            out(keygen_text(pair))
        return
    written = write(pair, Path(out_dir), force=force)
    out(dumps(keygen_document(pair, written)) if json_ else keygen_written(pair, written))
