"""Text from a server, a token or a file, made harmless for a terminal.

A claim, a `WWW-Authenticate` value, a file name or a line of code may hold
terminal control sequences: ESC starting a CSI/OSC sequence (colours, cursor
moves, OSC 8 hyperlinks, OSC 52 writing the clipboard), C1 controls that some
terminals read as ESC + a letter, carriage returns and backspaces that
overwrite what was printed, and bidirectional overrides that make text read
differently from what it is (CVE-2021-42574). Human output and the `error:`
and `note:` lines never pass them on raw: each is shown as a visible stand-in.

Standard library only: `error:` lines of `--json` runs use it too.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""What a terminal would act on rather than show: C0 but tab and newline, DEL, C1, bidi."""
UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
"""The same for one line (`error:`, `note:`): newlines and tabs too."""


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␛ for ESC, ␍ for CR
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 and bidi controls have no picture


def printable(text: str) -> str:
    """`text` with every control character shown as a stand-in (newlines and tabs kept)."""
    return UNSAFE.sub(_stand_in, text)


def one_line(text: str) -> str:
    """`text` as one line: whitespace runs are one space, other controls stand-ins."""
    return UNSAFE_IN_LINE.sub(_stand_in, " ".join(text.split()))
