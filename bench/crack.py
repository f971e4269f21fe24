"""A thin command line around jwtfix.crack.find_secret, for debugging and bench/wordlist.py.

    python bench/crack.py WORDLIST TOKEN

Exit 1 when the secret is found (as `check` fails JWT404), 0 when not, 2 on errors.
"""

from __future__ import annotations

import sys

from jwtfix.crack import find_secret
from jwtfix.errors import JwtfixError
from jwtfix.tokens import parse


def _main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/crack.py WORDLIST TOKEN", file=sys.stderr)
        return 2
    try:
        token = parse(argv[1])
        result = find_secret(token, wordlist=argv[0])
    except (JwtfixError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if result is None:
        print("not found")
        return 0
    print(f"found: line {result.line}, {result.length} bytes, {result.tried} candidates tried")
    return 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
