"""`check --src`: the service's and the frontend's code read with a structural parser.

Owns reading source code for the checklist (JWT901-JWT910): which files (the
listing of `ops.scan`: git's view of a work tree, ignore files, binary skip),
their language, the rules of `data/src-rules.toml` run over their syntax trees
by ast-grep, and the judgements that need the whole service (`service.py`:
routes, refresh and logout handlers, the frontend's 401 handling).

Core code: plain values in (paths, the `.env` as read, thresholds), a
`SrcReport` of facts out. ast-grep is imported here and only here, so only
`check --src` pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jwtfix.model import Status


@dataclass(frozen=True, slots=True)
class CodeFinding:
    """One place in the code and what is wrong there (or, with `ok`, what is right)."""

    id: str
    """JWT901-JWT910."""
    status: Status
    file: str
    line: int
    """1-based."""
    column: int
    """1-based, in characters."""
    code: str
    """The offending line as written, with any secret literal masked."""
    message: str
    fix: str
    rule: str
    """The rule's name in src-rules.toml."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where the code was read and found right: shown with a `pass`, so that a reader can
    see which handler or call it judged."""

    file: str
    line: int
    """1-based."""
    column: int
    """1-based, in characters."""


@dataclass(frozen=True, slots=True)
class SrcReport:
    """What the code says about each JWT9xx check."""

    findings: tuple[CodeFinding, ...]
    """Problems, each at its line."""
    judged: dict[str, int] = field(default_factory=dict)
    """Per ID, how many places were read and found right (the `pass` message counts them)."""
    places: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    """Per ID, where those places are, in file and line order (no code shown: a right
    place may still hold a literal the findings would have masked)."""
    unread: dict[str, int] = field(default_factory=dict)
    """Per ID, how many places of its kind hold a value the code does not say (a lifetime
    or a secret from a config module or a call): the `skip` message counts them."""
    files: int = 0
    """Source files read (JavaScript, TypeScript, Python)."""
    skipped: tuple[str, ...] = ()
    """Files that could not be read or parsed, each with why."""
    roots: tuple[str, ...] = ()
    """The paths given (--src)."""
    other_languages: tuple[tuple[str, int], ...] = ()
    """Source files in languages `--src` does not read, per language, most first (`("Go",
    12)`): what a report on the files read leaves out."""

    def about(self, check_id: str) -> list[CodeFinding]:
        return [f for f in self.findings if f.id == check_id]
