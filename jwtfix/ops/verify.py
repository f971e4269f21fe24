"""Verify a token's signature and claims, and say why it fails.

The rules are PyJWT's and jsonwebtoken's, at an explicit `now`: the header's
`alg` must be in the allow-list (by default the family of the key), `none` is
never accepted, `iat > now + skew` is `issued_in_future`, `nbf > now + skew`
is `not_yet_valid`, `now >= exp + skew` is `expired`; registered claims of the
wrong JSON type are `malformed` (RFC 7519 section 4.1).

Signatures are `jwtfix.jws`'s primitives (HMAC without PyJWT). Claims are
checked here rather than by `jwt.decode`, which reads the wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jwtfix import limits
from jwtfix.envfile import SECRET, EnvFile, ServiceConfig, service_config
from jwtfix.errors import InputError, UsageError
from jwtfix.jws import (
    HMAC_ALGS,
    RSA_MIN_BITS,
    SIGNING_ALGS,
    hmac_min_length,
    token_verifies,
    verifies,
)
from jwtfix.keys import Key, Secret, key_mismatch, select_by_kid
from jwtfix.ops import diagnose
from jwtfix.ops.claims import Reason, check_claims
from jwtfix.tokens import ParsedToken, require_jws

REASONS = tuple(reason.value for reason in Reason)
"""The reason codes as strings."""


@dataclass(frozen=True, slots=True)
class VerifyReport:
    valid: bool
    reason: Reason | None
    """None when valid."""
    message: str | None
    """The reason as one sentence for people."""
    diagnosis: tuple[str, ...]
    """Why, where jwtfix could find out: which key really signed it, what else is wrong."""
    header: dict[str, Any]
    payload: dict[str, Any] | None
    now: float
    alg: str | None
    allowed: tuple[str, ...]
    """The allow-list the token's alg was checked against."""
    key: str | None = None
    """The key that verified the signature (or was tried), by origin: never its value."""
    signature_valid: bool | None = None
    """None when the signature was not checked (alg refused, no fitting key)."""
    checked: tuple[str, ...] = field(default=())
    """Which claim rules were applied, e.g. ('exp', 'aud')."""
    warnings: tuple[str, ...] = field(default=())
    """What does not stop the token but should be fixed: an HMAC key shorter than its hash,
    a JWK `alg` jwtfix does not know."""


def verify(
    token: ParsedToken,
    *,
    now: float,
    secret: Secret | None = None,
    key: Key | None = None,
    jwks: Sequence[Key] | None = None,
    algorithms: Sequence[str] | None = None,
    audience: str | Sequence[str] | None = None,
    issuer: str | Sequence[str] | None = None,
    subject: str | None = None,
    require: Sequence[str] = (),
    skew: float = 0.0,
    env: EnvFile | None = None,
    env_key: str | None = None,
) -> VerifyReport:
    """Judge `token` as a server with these keys and rules would at `now`.

    `env` is used for the diagnosis (other secrets of the same file) and, when
    no secret or key is given, for JWT_SECRET. `env_key` names the `.env`
    variable the secret came from (JWT_SECRET or JWT_REFRESH_SECRET).
    """
    require_jws(token, "verify")
    if secret is None and key is None and not jwks and env is not None:
        secret = service_config(env).load_secret(SECRET)
        if secret is not None:
            env_key = env_key or SECRET
    if secret is None and key is None and not jwks:
        raise InputError(
            "verify needs a key: --secret-env VAR, --secret-file PATH, --key PATH, --jwks PATH "
            "or --env .env (with JWT_SECRET); without them, $JWT_SECRET or the .env of the "
            "current folder"
        )
    return _Verification(token, now, secret, key, tuple(jwks or ()), env, env_key).run(
        algorithms, audience, issuer, subject, require, skew
    )


class _Verification:
    """One verify run: the steps in order, each may end it with a reason."""

    def __init__(
        self,
        token: ParsedToken,
        now: float,
        secret: Secret | None,
        key: Key | None,
        jwks: tuple[Key, ...],
        env: EnvFile | None,
        env_key: str | None,
    ) -> None:
        self.token = token
        self.now = now
        self.secret = secret
        self.key = key
        self.jwks = jwks
        self.env = env
        self.env_key = env_key
        self.allowed: tuple[str, ...] = ()
        self.key_used: str | None = None
        self.warnings: list[str] = []

    def report(
        self,
        reason: Reason | None,
        message: str | None,
        diagnosis: Sequence[str] = (),
        *,
        signature_valid: bool | None = None,
        checked: Sequence[str] = (),
    ) -> VerifyReport:
        return VerifyReport(
            valid=reason is None,
            reason=reason,
            message=message,
            diagnosis=tuple(dict.fromkeys(diagnosis)),
            header=self.token.header,
            payload=self.token.payload,
            now=self.now,
            alg=self.token.alg,
            allowed=self.allowed,
            key=self.key_used,
            signature_valid=signature_valid,
            checked=tuple(checked),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )

    def run(
        self,
        algorithms: Sequence[str] | None,
        audience: str | Sequence[str] | None,
        issuer: str | Sequence[str] | None,
        subject: str | None,
        require: Sequence[str],
        skew: float,
    ) -> VerifyReport:
        token = self.token
        raw_alg = token.header.get("alg")
        keys: list[Key | Secret] = (
            list(self.jwks) if self.jwks else [self.key] if self.key else [self.secret]  # type: ignore[list-item]
        )
        self.allowed = tuple(algorithms) if algorithms else _family(keys)
        if not isinstance(raw_alg, str) or not raw_alg:
            return self.report(
                Reason.MALFORMED, 'the header has no "alg" string (RFC 7515 section 4.1.1)'
            )
        alg = raw_alg
        if alg.lower() == "none":
            return self.report(
                Reason.ALG_NONE,
                f"the token is unsecured (alg {alg!r}): it has no signature and is never accepted",
                [
                    "anyone can make such a token; a server that accepts it lets anyone in. Reject "
                    "alg none (pin the algorithms) and sign tokens with a key"
                ],
            )
        header_problem = _header_problem(token.header)
        if header_problem:
            return self.report(Reason.MALFORMED, header_problem)
        if alg not in self.allowed:
            return self._refused(alg, keys, explicit=bool(algorithms))
        if alg not in SIGNING_ALGS:
            return self.report(
                Reason.ALG_NOT_ALLOWED,
                f"alg {alg!r} is not one jwtfix can verify ({', '.join(SIGNING_ALGS)})",
            )
        if self.jwks:
            mixed = _mixed_jwks(self.jwks)
            if mixed:
                return self.report(Reason.KEY_TYPE_MISMATCH, mixed)
            kid = token.header.get("kid")
            chosen = select_by_kid(self.jwks, kid, alg)
            if not chosen:
                return self._kid_not_found(kid, alg)
            if kid is not None and len(chosen) > 1:
                return self.report(
                    Reason.KID_AMBIGUOUS,
                    f"{len(chosen)} keys of the JWKS have kid {kid!r}: a verifier cannot tell "
                    "which one the token means (RFC 7517 section 4.5 wants kids distinct)",
                    ["give each key of the JWKS its own kid (e.g. its RFC 7638 thumbprint)"],
                )
            keys = list(chosen)
        for candidate in keys:
            self.warnings.extend(key_warnings(alg, candidate))
        ruled = [(k, key_rule(alg, k)) for k in keys]
        usable = [k for k, rule in ruled if rule is None]
        if not usable:
            reason, refusal = next(rule for _, rule in ruled if rule is not None)
            self.key_used = _describe(keys[0])
            return self.report(reason, refusal)
        keys = usable
        fitting = [k for k in keys if key_mismatch(alg, k, signing=False) is None]
        if not fitting:
            problem = key_mismatch(alg, keys[0], signing=False)
            self.key_used = keys[0].origin
            return self.report(Reason.KEY_TYPE_MISMATCH, problem, self._confusion(alg, keys))
        signature_ok = False
        for candidate in fitting:
            self.key_used = _describe(candidate)
            if token_verifies(token, alg, candidate):
                signature_ok = True
                break
        if token.payload_problem is not None:
            return self._not_a_jwt(alg, fitting, signature_ok)
        claim_problems, checked = check_claims(
            token.claims,
            now=self.now,
            skew=skew,
            audience=audience,
            issuer=issuer,
            subject=subject,
            require=require,
        )
        if not signature_ok:
            self.key_used = _describe(fitting[0]) if len(fitting) == 1 else _many(fitting)
            diagnosis = self._signature_diagnosis(alg, fitting)
            diagnosis += [f"also: {message}" for _, message in claim_problems]
            return self.report(
                Reason.INVALID_SIGNATURE,
                f"the {alg} signature does not verify with {self.key_used}",
                diagnosis,
                signature_valid=False,
                checked=checked,
            )
        if claim_problems:
            (reason, message), *rest = claim_problems
            return self.report(
                reason,
                message,
                [f"also: {m}" for _, m in rest],
                signature_valid=True,
                checked=checked,
            )
        return self.report(None, None, signature_valid=True, checked=checked)

    def _refused(self, alg: str, keys: Sequence[Key | Secret], *, explicit: bool) -> VerifyReport:
        allowed = ", ".join(self.allowed)
        diagnosis = self._confusion(alg, keys)
        if explicit or alg not in SIGNING_ALGS:
            return self.report(
                Reason.ALG_NOT_ALLOWED,
                f"the token's alg {alg} is not in the allowed algorithms ({allowed})",
                diagnosis,
            )
        first = keys[0]
        self.key_used = _describe(first)
        problem = key_mismatch(alg, first, signing=False) or (
            f"the token's alg {alg} does not fit {_describe(first)} ({allowed})"
        )
        if alg in HMAC_ALGS and not diagnosis:
            diagnosis = [
                "an HS token checked with a public key: if the server lets the token choose its "
                "algorithm, a forger can sign HS256 with the public key as the secret (key "
                "confusion); pin the algorithms on the server"
            ]
        return self.report(Reason.KEY_TYPE_MISMATCH, problem, diagnosis)

    def _not_a_jwt(self, alg: str, keys: Sequence[Key | Secret], ok: bool) -> VerifyReport:
        """A JWS whose payload is no JSON object: its signature judged, then `malformed`."""
        problem = self.token.payload_problem or "the payload is not a JSON object"
        not_jwt = (
            "it is a JWS (RFC 7515 allows any payload bytes) but not a JWT: a JWT's payload "
            f"is a JSON object of claims (RFC 7519 section 7.2), and {problem}"
        )
        if ok:
            return self.report(
                Reason.MALFORMED,
                f"the {alg} signature verifies with {self.key_used}, but the payload is not a "
                "JSON object of claims",
                [not_jwt],
                signature_valid=True,
            )
        self.key_used = _describe(keys[0]) if len(keys) == 1 else _many(keys)
        return self.report(
            Reason.INVALID_SIGNATURE,
            f"the {alg} signature does not verify with {self.key_used}",
            [not_jwt],
            signature_valid=False,
        )

    def _kid_not_found(self, kid: Any, alg: str) -> VerifyReport:
        kids = ", ".join(limits.at_most([repr(k.kid) for k in self.jwks if k.kid], " kids"))
        kids = kids or "none"
        diagnosis = []
        for candidate in self.jwks:
            if key_mismatch(alg, candidate, signing=False) is None and token_verifies(
                self.token, alg, candidate
            ):
                diagnosis.append(
                    f"the signature verifies with {candidate.origin}: the token names the wrong "
                    "kid (the signer's kid and its published JWKS disagree)"
                )
                break
        if not diagnosis:
            diagnosis.append(
                "the signer uses a key this JWKS does not have: a rotated key not yet published, "
                "a JWKS from another environment, or a cached JWKS that is out of date"
            )
        if kid is None:
            message = f"the token has no kid and no key of the JWKS fits {alg} (kids: {kids})"
        else:
            message = f"no key of the JWKS has kid {kid!r} (kids: {kids})"
        return self.report(Reason.KID_NOT_FOUND, message, diagnosis)

    def _confusion(self, alg: str, keys: Sequence[Key | Secret]) -> list[str]:
        if alg not in HMAC_ALGS:
            return []
        asymmetric = [k for k in keys if isinstance(k, Key) and k.kty != "oct"]
        if not asymmetric:
            return []
        return diagnose.diagnose_hmac(self.token, secret=None, env=None, keys=asymmetric)

    def _signature_diagnosis(self, alg: str, keys: Sequence[Key | Secret]) -> list[str]:
        token = self.token
        first = keys[0]
        found = diagnose.diagnose_signature_shape(token, first if isinstance(first, Key) else None)
        if alg in HMAC_ALGS:
            secret = first if isinstance(first, Secret) else None
            other_keys = [k for k in (self.key, *self.jwks) if k is not None and k.kty != "oct"]
            found += diagnose.diagnose_hmac(
                token, secret=secret, env=self.env, keys=other_keys, used_env_key=self.env_key
            )
        else:
            for candidate in keys:
                if isinstance(candidate, Key):
                    found += diagnose.diagnose_rsa_padding(token, candidate)
            if self.jwks:
                for other in self.jwks:
                    if (
                        other not in keys
                        and key_mismatch(alg, other, signing=False) is None
                        and token_verifies(token, alg, other)
                    ):
                        found.append(
                            f"the signature verifies with {other.origin}: the token's kid "
                            "points at the wrong key"
                        )
                        break
            if (
                isinstance(first, Key)
                and first.kid
                and token.header.get("kid")
                not in (
                    None,
                    first.kid,
                )
            ):
                found.append(
                    f"the token's kid {token.header.get('kid')!r} is not the key's kid "
                    f"{first.kid!r}: it was signed with another (perhaps rotated) key"
                )
        if not any(
            line.startswith(("the token was signed with", "key confusion")) for line in found
        ):
            found += diagnose.diagnose_encoding(
                token, lambda data, sig: any(verifies(alg, k, data, sig) for k in keys)
            )
        if not found:
            tried = (
                "another secret of the .env, the secret trimmed, with a newline, base64 or hex "
                "decoded, or a well-known default"
                if alg in HMAC_ALGS
                else "the other RSA padding, a re-encoded header or payload"
            )
            found.append(
                f"nothing jwtfix tried matches ({tried}): the token was signed with a different "
                f"key than {self.key_used}, or its header or payload was changed after signing "
                "(an edited claim cannot be told apart from a different key)"
            )
        return found


def key_rule(alg: str, key: Key | Secret) -> tuple[Reason, str] | None:
    """Why `key` must not verify a token of `alg` (SPEC verify: weak_key, key_type_mismatch).

    A key that a careful verifier refuses whatever the signature says: too weak
    to mean anything, or a JWK whose own members say it is not for this token.
    """
    what = _describe(key)
    if isinstance(key, Secret):
        if not key.value:
            return Reason.WEAK_KEY, f"{what} is empty: an empty HMAC key lets anyone sign"
        return None
    if key.flaw is not None:
        return Reason.WEAK_KEY, f"{key.origin} must not verify anything: {key.flaw}"
    if key.kty == "oct" and not key.material:
        return Reason.WEAK_KEY, f"{key.origin} is empty: an empty HMAC key lets anyone sign"
    if key.kty == "RSA" and key.bits is not None and key.bits < RSA_MIN_BITS:
        return Reason.WEAK_KEY, (
            f"{what} is under {RSA_MIN_BITS} bits: Node jsonwebtoken 9 and jose refuse such "
            "keys, and 1024-bit RSA is within reach of factoring; use 2048 bits or more"
        )
    if key.kty == "RSA" and key.material is not None:
        exponent = key.public_key().public_numbers().e
        if exponent < 3 or exponent % 2 == 0:
            return Reason.WEAK_KEY, f"{what} has public exponent {exponent}: it must be odd, >= 3"
    if key.use is not None and key.use != "sig":
        return Reason.KEY_TYPE_MISMATCH, (
            f'{key.origin} has "use": {key.use!r}: it is published for encryption, not for '
            "verifying signatures (RFC 7517 section 4.2)"
        )
    if key.key_ops is not None and "verify" not in key.key_ops:
        return Reason.KEY_TYPE_MISMATCH, (
            f'{key.origin} has "key_ops": {list(key.key_ops)!r}, without "verify" (RFC 7517 '
            "section 4.3)"
        )
    if key.alg is not None and key.alg != alg:
        return Reason.KEY_TYPE_MISMATCH, (
            f'{key.origin} has "alg": {key.alg!r}, the token says {alg}: the key is for '
            f"{key.alg} tokens only (RFC 7517 section 4.4)"
        )
    return None


def key_warnings(alg: str, key: Key | Secret) -> list[str]:
    """What verify says about `key` without refusing it."""
    found: list[str] = []
    if isinstance(key, Key) and key.unknown_alg is not None:
        found.append(
            f'{key.origin} has "alg": {key.unknown_alg!r}, which is no JWS algorithm jwtfix '
            f"knows (a typo?): ignored, the key is judged by its kty {key.kty}"
            + (f" and crv {key.curve}" if key.curve else "")
        )
    if alg in HMAC_ALGS and (isinstance(key, Secret) or key.kty == "oct"):
        size = len(key.value if isinstance(key, Secret) else key.material)
        need = hmac_min_length(alg)
        if 0 < size < need:
            found.append(
                f"{_describe(key)} is shorter than {alg}'s hash ({need} bytes): RFC 7518 "
                "section 3.2 wants at least that, and short secrets can be brute-forced"
            )
    return found


def _mixed_jwks(keys: Sequence[Key]) -> str | None:
    secret = [k for k in keys if k.kty == "oct"]
    if secret and len(secret) < len(keys):
        return (
            f"the JWKS mixes {len(secret)} secret (oct) key(s) with {len(keys) - len(secret)} "
            "public key(s): a token can pick the secret by its kid and alg and be signed with "
            "it (key confusion); keep HMAC secrets out of a JWKS of public keys"
        )
    return None


def _family(keys: Sequence[Key | Secret | None]) -> tuple[str, ...]:
    algs: list[str] = []
    for key in keys:
        if isinstance(key, Secret):
            algs.extend(HMAC_ALGS)
        elif key is not None:
            algs.extend(key.algorithms())
    return tuple(dict.fromkeys(algs))


def _describe(key: Key | Secret) -> str:
    return key.describe()


def _many(keys: Sequence[Key | Secret]) -> str:
    return f"any of {len(keys)} keys ({', '.join(_describe(k) for k in keys)})"


def _header_problem(header: dict[str, Any]) -> str | None:
    if "kid" in header and not isinstance(header["kid"], str):
        return "the header's kid is not a string (RFC 7515 section 4.1.4)"
    if "crit" in header:
        return (
            f"the header lists critical extensions {header['crit']!r} that the verifier must "
            "understand, and jwtfix (like most libraries) does not (RFC 7515 section 4.1.11)"
        )
    return None


def check_allowed(algs: Sequence[str]) -> None:
    """A typo in --alg (hs256, RS265) would make every token alg_not_allowed: UsageError."""
    for name in algs:
        if name in SIGNING_ALGS:
            continue
        if name.lower() == "none":
            raise UsageError(
                "--alg none: an unsecured token (alg none) is never accepted by verify"
            )
        close = [a for a in SIGNING_ALGS if a.lower() == name.lower()]
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(
            f"--alg {name!r} is not an algorithm: {hint}use one of {', '.join(SIGNING_ALGS)}"
        )


@dataclass(frozen=True, slots=True)
class ServiceRules:
    """What a service configured by a `.env` checks: algorithms, issuers, audiences."""

    algorithms: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()


def service_rules(service: ServiceConfig | None, *, asymmetric_key: bool) -> ServiceRules:
    """The rules of `service`; an HS JWT_ALGORITHM does not describe a --key or --jwks."""
    if service is None:
        return ServiceRules()
    algorithms = tuple(service.algorithms())
    if asymmetric_key and algorithms and algorithms[0] in HMAC_ALGS:
        algorithms = ()
    return ServiceRules(algorithms, tuple(service.issuers()), tuple(service.audiences()))
