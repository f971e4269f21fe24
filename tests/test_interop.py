"""Interop with Node's real `jsonwebtoken` (9.x) and `jose` (6.x), in both directions.

One Node process per table (rows go in on stdin as JSON, results come back as
JSON), not one per row, to keep the suite fast. jsonwebtoken 9 has no EdDSA:
those tokens are checked with jose, and a test records the limitation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, NOW

from jwtfix.jws import SIGNING_ALGS
from jwtfix.keys import Secret, load_jwks, load_key
from jwtfix.ops.keygen import KEYGEN_ALGS
from jwtfix.ops.verify import verify
from jwtfix.tokens import parse

pytestmark = pytest.mark.node

KEYS = DATA / "keys"
SECRET = "interop-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"
PRIVATE = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), "rsa-pkcs8.pem"),
    "ES256": "ec256-pkcs8.pem",
    "ES384": "ec384-pkcs8.pem",
    "ES512": "ec521-pkcs8.pem",
    "EdDSA": "ed25519-pkcs8.pem",
}
PUBLIC = {alg: name.replace("pkcs8", "spki") for alg, name in PRIVATE.items()}
NODE_VERIFY = """
import jwt from "jsonwebtoken"; import * as jose from "jose"; import fs from "fs";
const rows = JSON.parse(fs.readFileSync(0, "utf8")); const out = [];
for (const r of rows) {
  const res = {alg: r.alg};
  const pem = r.key ? fs.readFileSync(r.key, "utf8") : null;
  try {
    const p = jwt.verify(r.token, pem ?? r.secret, {algorithms: [r.alg], clockTimestamp: r.now});
    res.jsonwebtoken = p.sub;
  } catch (e) { res.jsonwebtoken = "error: " + e.message; }
  try {
    const key = pem ? await jose.importSPKI(pem, r.alg) : new TextEncoder().encode(r.secret);
    const {payload} = await jose.jwtVerify(r.token, key,
      {algorithms: [r.alg], currentDate: new Date(r.now * 1000)});
    res.jose = payload.sub;
  } catch (e) { res.jose = "error: " + e.message; }
  out.push(res);
}
console.log(JSON.stringify(out));
"""


def key_args(alg: str) -> list[str]:
    if alg.startswith("HS"):
        return ["--secret-env", "INTEROP_SECRET"]
    return ["--key", str(KEYS / PRIVATE[alg])]


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEROP_SECRET", SECRET)


def test_jwtfix_tokens_verify_in_jsonwebtoken_and_jose(cli: Any, node: Callable[..., str]) -> None:
    rows = []
    for alg in SIGNING_ALGS:
        result = cli("sign", "--alg", alg, "--sub", f"sub-{alg}", "--expires", "15m",
                     "--aud", "api", "--at", str(NOW), *key_args(alg))  # fmt: skip
        assert result.exit_code == 0, result.stderr
        rows.append({"alg": alg, "token": result.stdout.strip(), "now": NOW + 60,
                     "secret": SECRET, "key": None if alg.startswith("HS")
                     else str(KEYS / PUBLIC[alg])})  # fmt: skip
    results = json.loads(node(NODE_VERIFY, esm=True, input=json.dumps(rows)))
    for row in results:
        alg = row["alg"]
        assert row["jose"] == f"sub-{alg}", row
        if alg == "EdDSA":
            assert row["jsonwebtoken"].startswith("error:")  # jsonwebtoken 9 has no EdDSA
        else:
            assert row["jsonwebtoken"] == f"sub-{alg}", row


def test_jsonwebtoken_has_no_eddsa(node: Callable[..., str]) -> None:
    script = """
    const jwt = require("jsonwebtoken"); const fs = require("fs");
    const key = fs.readFileSync(process.argv[process.argv.length - 1]);
    try { jwt.sign({a: 1}, key, {algorithm: "EdDSA"}); console.log("ok"); }
    catch (e) { console.log("error: " + e.message); }
    """
    assert node(script, str(KEYS / "ed25519-pkcs8.pem")).startswith(
        'error: "algorithm" must be a valid string enum value'
    )


NODE_SIGN = """
import jwt from "jsonwebtoken"; import * as jose from "jose"; import fs from "fs";
const rows = JSON.parse(fs.readFileSync(0, "utf8")); const out = [];
for (const r of rows) {
  const pem = r.key ? fs.readFileSync(r.key, "utf8") : null;
  const claims = {sub: "node-" + r.alg, iat: r.now, aud: "api"};
  if (r.alg !== "EdDSA") {
    out.push({alg: r.alg, lib: "jsonwebtoken",
      token: jwt.sign(claims, pem ?? r.secret, {algorithm: r.alg, expiresIn: "15m", keyid: "k1"})});
  }
  const key = pem ? await jose.importPKCS8(pem, r.alg) : new TextEncoder().encode(r.secret);
  const token = await new jose.SignJWT(claims).setProtectedHeader({alg: r.alg, kid: "k1"})
    .setExpirationTime(r.now + 900).sign(key);
  out.push({alg: r.alg, lib: "jose", token});
}
console.log(JSON.stringify(out));
"""


def test_node_tokens_verify_in_jwtfix(cli: Any, node: Callable[..., str]) -> None:
    rows = [{"alg": alg, "now": NOW, "secret": SECRET,
             "key": None if alg.startswith("HS") else str(KEYS / PRIVATE[alg])}
            for alg in SIGNING_ALGS]  # fmt: skip
    tokens = json.loads(node(NODE_SIGN, esm=True, input=json.dumps(rows)))
    assert len(tokens) == 2 * len(SIGNING_ALGS) - 1
    for row in tokens:
        alg, token = row["alg"], row["token"]
        if alg.startswith("HS"):
            report = verify(parse(token), now=NOW, secret=Secret(SECRET.encode(), "$S"),
                            audience="api")  # fmt: skip
        else:
            report = verify(parse(token), now=NOW, key=load_key(KEYS / PUBLIC[alg]), audience="api")
        assert (report.valid, report.reason) == (True, None), row
        assert parse(token).claims["exp"] == NOW + 900
        keys = (["--secret-env", "INTEROP_SECRET"] if alg.startswith("HS")
                else ["--key", str(KEYS / PUBLIC[alg])])  # fmt: skip
        result = cli("verify", *keys, "--aud", "api", "--at", str(NOW + 899), token)
        assert result.exit_code == 0, (row, result.stdout)
        expired = cli("verify", *keys, "--at", str(NOW + 900), "--json", token)
        assert json.loads(expired.stdout)["reason"] == "expired"


EXPIRES_STRINGS = [
    "15m", "2.5 hrs", "7d", "1y", "1h", "30s", "2w", "90m", "1.5h", "100ms", "1500ms", "-5m",
    "2 days", "1 week", "3 Hours", "0.5d", "45 mins", "10 sec", "12h", "365d", "1Y", ".5h",
    "5 minutes", "2 years", "1.25 weeks", "-1d", "999 msecs",
]  # fmt: skip
EXPIRES_NUMBERS = [900, 3600, 86400, 0, 120, -60, 1, 31557600]
"""jsonwebtoken 9 takes whole numbers of seconds only; jwtfix also takes 0.5 (and floors)."""


def test_expires_matches_jsonwebtoken(cli: Any, node: Callable[..., str]) -> None:
    script = """
    const jwt = require("jsonwebtoken"); const fs = require("fs");
    const rows = JSON.parse(fs.readFileSync(0, "utf8"));
    console.log(JSON.stringify(rows.map(([v, now]) => {
      const p = jwt.decode(jwt.sign({iat: now}, "k", {expiresIn: v}));
      return p.exp - p.iat;
    })));
    """
    values: list[str | float] = [*EXPIRES_STRINGS, *EXPIRES_NUMBERS]
    assert len(values) >= 20
    expected = json.loads(node(script, input=json.dumps([[v, NOW] for v in values])))
    for value, lifetime in zip(values, expected, strict=True):
        flag = str(value)  # on the command line a bare number means seconds
        result = cli("sign", "--expires", flag, "--at", str(NOW), *key_args("HS256"))
        assert result.exit_code == 0, (value, result.stderr)
        claims = parse(result.stdout.strip()).claims
        assert claims["exp"] - claims["iat"] == lifetime, value


def test_hs256_token_is_byte_for_byte_jsonwebtokens(cli: Any, node: Callable[..., str]) -> None:
    script = """
    const jwt = require("jsonwebtoken"); const fs = require("fs");
    const r = JSON.parse(fs.readFileSync(0, "utf8"));
    console.log(jwt.sign({role: "admin", n: [1, 2]}, r.secret, {expiresIn: "15m", audience: "api",
      issuer: "https://i", subject: "u1", jwtid: "j1", keyid: "k1", notBefore: "1m"}));
    """
    ours = cli("sign", "--payload", f'{{"iat": {NOW}, "role": "admin"}}', "--claim", "n:=[1,2]",
               "--expires", "15m", "--not-before", "1m", "--aud", "api", "--iss", "https://i",
               "--sub", "u1", "--jti", "j1", "--kid", "k1", *key_args("HS256"))  # fmt: skip
    theirs = node(
        script.replace("{role", f"{{iat: {NOW}, role"), input=json.dumps({"secret": SECRET})
    )
    assert ours.stdout.strip() == theirs.strip()


NODE_KEYGEN = """
import * as jose from "jose"; import fs from "fs";
const rows = JSON.parse(fs.readFileSync(0, "utf8")); const out = [];
for (const r of rows) {
  const read = (f) => fs.readFileSync(r.dir + "/" + f, "utf8");
  const priv = await jose.importPKCS8(read("private.pem"), r.alg);
  const pub = await jose.importSPKI(read("public.pem"), r.alg);
  const privJwk = await jose.importJWK(JSON.parse(read("private.jwk.json")), r.alg);
  const pubJwk = JSON.parse(read("public.jwk.json"));
  await jose.importJWK(pubJwk, r.alg);
  const jwks = jose.createLocalJWKSet(JSON.parse(read("jwks.json")));
  const token = await new jose.SignJWT({sub: "k-" + r.alg})
    .setProtectedHeader({alg: r.alg, kid: pubJwk.kid}).sign(privJwk);
  await jose.jwtVerify(token, pub); await jose.jwtVerify(token, jwks);
  const other = await new jose.SignJWT({sub: "pem-" + r.alg}).setProtectedHeader({alg: r.alg})
    .sign(priv);
  out.push({alg: r.alg, kid: pubJwk.kid, thumbprint: await jose.calculateJwkThumbprint(pubJwk),
            token, other});
}
console.log(JSON.stringify(out));
"""


def test_keygen_keys_load_in_jose(cli: Any, node: Callable[..., str], tmp_path: Path) -> None:
    rows = []
    for alg in KEYGEN_ALGS:
        directory = tmp_path / alg
        assert cli("keygen", "--alg", alg, "--out", str(directory)).exit_code == 0
        rows.append({"alg": alg, "dir": str(directory)})
    for row in json.loads(node(NODE_KEYGEN, esm=True, input=json.dumps(rows))):
        alg = row["alg"]
        assert row["kid"] == row["thumbprint"]
        directory = tmp_path / alg
        by_kid = verify(parse(row["token"]), now=NOW, jwks=load_jwks(directory / "jwks.json"))
        assert by_kid.valid, by_kid
        by_pem = verify(parse(row["other"]), now=NOW, key=load_key(directory / "public.pem"))
        assert by_pem.valid, by_pem
        result = cli("verify", "--jwks", str(directory / "jwks.json"), row["token"])
        assert result.exit_code == 0, result.stdout
