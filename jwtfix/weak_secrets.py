"""The built-in list of weak and well-known secrets (jwtfix/data/weak-secrets.tsv).

One file, one secret a line, exact bytes; a well-known default has a tab and
where it is known from. `is_weak_secret` (JWT303) matches a configured secret
against the list, give or take what people vary; `builtin_secrets` feeds the
JWT404 search; `default_secrets` names a default by its origin, never by its
value, in verify's diagnosis.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_FILE = "weak-secrets.tsv"


@cache
def _rows() -> tuple[tuple[bytes, str | None], ...]:
    try:
        text = (Path(__file__).parent / "data" / DATA_FILE).read_bytes()
    except OSError:  # installed as a zip: ask importlib (slower to import, so second)
        from importlib import resources

        text = resources.files("jwtfix").joinpath(f"data/{DATA_FILE}").read_bytes()
    rows = []
    for raw in text.split(b"\n"):
        line = raw.rstrip(b"\r")
        if not line or line.startswith(b"#"):
            continue
        value, tab, origin = line.partition(b"\t")
        rows.append((value, origin.decode("utf-8") if tab else None))
    return tuple(rows)


@cache
def _builtin() -> tuple[bytes, ...]:
    return tuple(value for value, _ in _rows())


def builtin_secrets() -> list[bytes]:
    """The built-in weak and well-known secrets, in file order."""
    return list(_builtin())


@cache
def default_secrets() -> tuple[tuple[str, str], ...]:
    """(secret, where it is known from) of the well-known defaults, for verify's diagnosis."""
    return tuple(
        (value.decode("utf-8"), origin or "a well-known default")
        for value, origin in _rows()
        if origin is not None
    )


def _normalise(value: bytes) -> bytes:
    return value.strip().strip(b"\"'").strip().lower()


def _squash(value: bytes) -> bytes:
    """Without separators: `your_256_bit_secret` and `your-256-bit-secret` are one."""
    return value.translate(None, b" -_.")


@cache
def _weak_forms() -> frozenset[bytes]:
    forms: set[bytes] = set()
    for secret in _builtin():
        normal = _normalise(secret)
        forms.add(normal)
        forms.add(_squash(normal))
    forms.discard(b"")
    return frozenset(forms)


def is_weak_secret(value: bytes) -> bool:
    """True when `value` is on the built-in list, give or take what people vary.

    Compared ignoring case, surrounding white space and quotes, the separators
    ` -_.`, and a trailing run of digits and punctuation (`Secret123!` is as
    weak as `secret`). An empty value is not "weak" here: it is JWT301.
    """
    forms = _weak_forms()
    normal = _normalise(value)
    if not normal:
        return False
    if value in _builtin() or normal in forms:
        return True
    squashed = _squash(normal)
    if squashed in forms:
        return True
    stem = squashed.rstrip(b"0123456789!@#$%^&*?+=~")
    return len(stem) >= 3 and stem in forms
