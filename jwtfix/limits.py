"""Every limit jwtfix puts on what it reads from a server, a file or an argument, stated once.

A limit reached is a clear one-line error (exit 2) or a finding, never a
hang, an exhausted memory or exit 3. Import the constant; do not repeat it.
"""

from __future__ import annotations

# -- the network (httpclient) --------------------------------------------------------------

FLOW_DEADLINE_FACTOR = 3.0
"""A client's whole run (every exchange of a flow) ends after this many `--timeout`s."""
MAX_BODY_BYTES = 1024 * 1024
"""Bytes of a response body kept; the rest is read no further (`Exchange.truncated`)."""
MAX_DECODED_BYTES = 8 * MAX_BODY_BYTES
"""Bytes produced by every Content-Encoding layer of one body together (gzip bombs)."""
MAX_HEADER_BYTES = 100 * 1024
"""Bytes of a response's status line and headers together: httpcore's h11 connection enforces
it (`HTTP11Connection.MAX_INCOMPLETE_EVENT_SIZE`; tests/test_hostile.py checks they agree)."""
MAX_HEADER_COUNT = 200
"""Response headers kept from one response; a response with more is read as broken."""

# -- what we parse -------------------------------------------------------------------------

MAX_JSON_DEPTH = 256
"""Nesting of `[`/`{` in a JSON document read from a server or a file (json.loads recurses)."""
MAX_ENV_BYTES = 1024 * 1024
"""Bytes of a `.env` file read."""
MAX_ENV_BINDINGS = 5000
"""Bindings of a `.env` file read."""
MAX_JWKS_KEYS = 1000
"""Entries of a JWKS read; more is no key set a service publishes."""
MAX_HAR_ENTRIES = 50_000
"""Entries of a HAR file read (`har`, `check --har`): the timeline keeps a row for each one
that touches a token, and `--json` lists them all (about 3 KB of memory each while it is
written), so a recording of a million entries took 3 GB. Entries past it are not read, and a
note says so."""
MAX_LISTED = 20
"""Lines of repeated things printed ("and N more" for the rest)."""
MAX_SOURCE_BYTES = 2 << 20
"""Bytes of one source file `check --src` reads; larger ones are bundles or generated code."""
MAX_SOURCE_LINE = 20_000
"""Characters of the longest line of a source file `check --src` reads: a longer line is
minified or generated code, and every match on it costs time in proportion to its length
(the parser counts a column from the line's start), so such a file was quadratic."""
MAX_SOURCE_TOTAL = 8 << 20
"""Bytes of code `check --src` reads in one run: a parsed file takes about 70 times its size
(ast-grep's syntax tree), and every tree is kept for the judgements across files, so this
bounds the run's memory (about 600 MB). Past it, files that name tokens, cookies, storage or a
secret are kept first (up to four budgets of files are read to choose from); the others are
not parsed, and a note says so."""
MAX_PASTE_BYTES = 256 * 1024
"""Bytes of a message `explain` reads (`-`, @FILE): a longer one is a whole log, and its last
256 KiB (from a line's start) hold its newest lines; matching costs time in proportion to
the text (a few seconds for this much; a 48 MiB file read whole took a minute and 500 MB)."""
MAX_SHOWN_CHARS = 200
"""Characters of one value from a server shown in human output (a 30 KB challenge, a message);
the rest is counted ("… (N more characters)")."""
MAX_COOKIE_AGE_SECONDS = 400 * 86400
"""The longest Max-Age kept, as browsers cap it (RFC 6265bis: 400 days); more overflowed."""


def at_most(lines: list[str], what: str = "", limit: int = MAX_LISTED) -> list[str]:
    """The first `limit` lines, and one "and N more{what}" line for the rest."""
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"and {len(lines) - limit} more{what}"]


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """`text` cut after `limit` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
