"""`scan`: every JWT in files, folders and stdin, where it is, and how long it lives.

Owns which files a scan reads and how it reads them:
- a folder inside a git work tree is listed by git itself (`git ls-files --cached
  --others --exclude-standard`): tracked files plus untracked ones that no ignore
  rule covers, with every layer of ignore rules git has (nested `.gitignore`,
  `.git/info/exclude`, `core.excludesFile`, negations) and tracked files kept even
  when a rule matches them, as git keeps them. Outside a work tree (or without git),
  every file under the folder is read except `.git` folders;
- files named on the command line are always read, ignored or not, and so is a
  folder that git ignores when it is named itself (`jwtfix scan build/`);
- binary files (a NUL byte in the first 8000 bytes, git's own test) are skipped,
  gzip files (by their magic bytes) are decompressed as a stream;
- each file is read in blocks of 1 MiB and searched as bytes; a block is cut after
  its last line break (or, in a line longer than a block, after the last byte no
  token can contain), so memory stays at a block and a token never straddles a cut.
  Only matches are decoded.

Every token is judged by `ops.expiry.evaluate` at the caller's `now`.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from jwtfix.errors import InputError
from jwtfix.ops.expiry import ExpiryReport, ExpiryStatus, evaluate
from jwtfix.timefmt import relative
from jwtfix.tokens import (
    RARE_PREFIX,
    RARE_START,
    TOKEN_PATTERN,
    WORD_BYTES,
    ParsedToken,
    after_escape,
    fingerprint,
    recognise,
)

if TYPE_CHECKING:
    from jwtfix.model import CheckInfo, CheckReport, Finding

TOKEN_BYTES_RE = re.compile(TOKEN_PATTERN.encode("ascii"))
RARE_START_BYTES_RE = re.compile(RARE_START.encode("ascii"))
RARE_PREFIX_BYTES_RE = re.compile(RARE_PREFIX.encode("ascii"))

# subprocess (git), gzip and the check model are imported where they are needed: a
# scan of one plain file should start as fast as any other command.

BLOCK = 1 << 20
"""Bytes read at a time: large enough that per-block work vanishes, small enough to hold."""
SEEN_LIMIT = 256
"""Tokens remembered per file (parsed and judged once): bounded, so memory stays flat."""
BINARY_PROBE = 8000
"""A NUL byte among the first this many bytes makes a file binary (as git decides)."""

STDIN = "-"

# Bytes after which a long line can be cut: none of them can be inside a token.
_CUTS = tuple(bytes([c]) for c in b"\"' ,;:(){}[]<>=&|\t\\/+*!?`")


class Readable(Protocol):
    """A binary stream that reads into a caller's buffer (files, gzip, stdin, BytesIO)."""

    def readinto(self, buffer: bytearray | memoryview, /) -> int | None: ...


SkipReason = Literal["binary", "ignored", "special", "symlink", "unreadable"]


class Hit(NamedTuple):
    """One token found in one place."""

    file: str
    """The file as the user named it, or as found under a folder they named; '-' is stdin."""
    line: int
    """1-based line number."""
    column: int
    """1-based column in characters (Unicode code points) of its first character."""
    token: ParsedToken
    fingerprint: str
    """8 hex digits of SHA-256 of the token: names it without revealing it."""
    status: str
    """As `expiry` judges it (valid, expiring, expired, not_yet_valid, no_exp,
    malformed), or `encrypted` for a JWE, whose claims cannot be read."""
    expiry: ExpiryReport | None
    """None for a JWE, or a JWS whose payload is not a JSON object."""


class Skipped(NamedTuple):
    """A path that was not searched, and why."""

    path: str
    reason: SkipReason
    detail: str = ""
    """For `unreadable`: what went wrong."""


class Source(NamedTuple):
    """A file to search: its name for output, and the path to open (None: stdin)."""

    name: str
    path: str | None
    listed: bool = False
    """Found in a folder (not named): a symbolic link there is skipped, not followed, and
    a file gone since the listing is nothing to read."""


def check_paths(paths: Iterable[str]) -> None:
    """Every path named on the command line exists and can be read: raise InputError
    naming the first that cannot, before anything is printed."""
    for path in paths:
        if path == STDIN:
            continue
        if not os.path.lexists(path):
            raise InputError(f"{path}: no such file or folder")
        if os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                raise InputError(f"{path}: the folder cannot be read (permission denied)")
        elif not os.path.exists(path):
            raise InputError(f"{path}: a symbolic link to a file that does not exist")
        elif not os.access(path, os.R_OK):
            raise InputError(f"{path}: the file cannot be read (permission denied)")


def scan(
    paths: Iterable[str],
    *,
    now: float,
    skew: float = 0.0,
    stdin: IO[bytes] | None = None,
) -> Iterator[Hit | Skipped | Source]:
    """Every file as it is opened (a `Source`), the tokens in it, and every path left out
    (binary, ignored, unreadable: `Skipped`), in order."""
    buf = bytearray(BLOCK)  # one buffer for every file: most files are small
    for item in sources(paths):
        yield item
        if type(item) is not Source:
            continue
        # Most files are small and hold no token: decided by a plain call, no generator.
        filled = None if item.path is None else _whole(item.path, item.listed, buf)
        if filled == _NO_TOKEN:
            continue
        if filled is not None:
            yield from _scan_buffer(_AT_END, buf, filled, item.name, now, skew)
        else:
            yield from scan_source(item, now=now, skew=skew, stdin=stdin, buf=buf)


_NO_TOKEN = -1


def _whole(path: str, listed: bool, buf: bytearray) -> int | None:
    """Read a file that fits in `buf` whole: its length when a token may be in it,
    _NO_TOKEN when none can be, None when `scan_source` must read it (larger than the
    buffer, gzip, binary, or anything to report: a link, an error)."""
    try:
        fd = os.open(path, _LISTED if listed else _NAMED)
    except OSError:
        return None
    try:
        filled = os.readv(fd, [buf])
    except OSError:
        return None
    finally:
        os.close(fd)
    if (
        filled == len(buf)
        or buf[:2] == b"\x1f\x8b"
        or buf.find(b"\0", 0, min(filled, BINARY_PROBE)) >= 0
    ):
        return None
    return filled if _may_hold_token(buf, filled) else _NO_TOKEN


class _AtEnd:
    """A stream that has nothing more: the file is already in the buffer."""

    def readinto(self, buffer: bytearray | memoryview, /) -> int:
        return 0


_AT_END = _AtEnd()


def sources(paths: Iterable[str]) -> Iterator[Source | Skipped]:
    """The files behind `paths`: each file as named, each folder expanded."""
    for path in paths:
        if path == STDIN:
            yield Source(STDIN, None)
        elif os.path.isdir(path):
            yield from _folder(path, named=True)
        else:
            yield Source(path, path)


def _folder(folder: str, *, named: bool = False) -> Iterator[Source | Skipped]:
    listed = _git_ls_files(folder)
    if listed is None:
        yield from _walk(folder)
        return
    files, ignored = listed
    if named and not files and _git_ignores(folder):
        # A folder git ignores, named on the command line (`jwtfix scan build/`): the
        # user asked for it, as for a file; git has nothing to say about its contents.
        yield from _walk(folder)
        return
    prefix = _join(folder, "")
    for rel, regular in files:
        if regular:  # a regular file in git's index: opened without following a link
            path = prefix + rel
            yield Source(path, path, True)
            continue
        path = prefix + rel.rstrip("/")
        try:
            mode = os.lstat(path).st_mode  # one system call says which of the three it is
        except OSError:
            continue  # tracked but deleted from the work tree; nothing to read
        if stat.S_ISLNK(mode):
            yield Skipped(path, "symlink")
        elif stat.S_ISDIR(mode):
            if os.path.lexists(os.path.join(path, ".git")):
                # a submodule or a nested repository: its own work tree, its own rules
                yield from _folder(path)
            else:
                # a submodule not checked out (`git clone` without --recursive): no work tree
                # of its own; git lists it as a link, and as the folder itself (`./`) when
                # asked inside it. What is there (usually nothing) is read as a plain folder.
                same = os.path.normpath(path) == os.path.normpath(folder)
                yield from _walk(folder if same else path)
        elif stat.S_ISREG(mode):
            yield Source(path, path, listed=True)
    for rel in ignored:
        yield Skipped(_join(folder, rel), "ignored")


@functools.cache
def _git() -> str | None:
    import shutil

    return shutil.which("git")


def _git_ls_files(folder: str) -> tuple[list[tuple[str, bool]], list[str]] | None:
    """(files to read, each with whether git's index holds it as a regular file; ignored
    paths) as git lists them, or None outside a work tree. The two listings run at once."""
    import subprocess

    git = _git()
    if git is None:
        return None
    base = [git, "-C", folder, "ls-files", "-z", "--others", "--exclude-standard"]
    try:
        # --stage: the mode of each tracked file, so that most files need no lstat.
        # close_fds=False lets Python use posix_spawn (our descriptors are not inheritable
        # anyway, PEP 446): a fork of this process costs more than git's whole listing.
        listing = subprocess.Popen(
            [*base, "--cached", "--stage"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=False,
        )
        ignoring = subprocess.Popen(
            [*base, "--ignored", "--directory"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=False,
        )
        listed, _ = listing.communicate()
        ignored, _ = ignoring.communicate()
    except OSError:
        return None
    if listing.returncode != 0:  # not a work tree (or inside .git)
        return None
    files: dict[str, bool] = {}  # a file with merge conflicts is listed once per stage
    decode = os.fsdecode
    for entry in listed.split(b"\0"):
        # `100644 <40 hex> 0\tname` (SHA-1 object names: fixed places, no regex needed)
        if entry[49:50] == b"\t" and entry[6:7] == b" " and entry[47:48] == b" ":
            files[decode(entry[50:])] = entry[:3] == b"100"  # 100644, 100755
            continue
        if not entry:
            continue
        head, tab, name = entry.partition(b"\t")
        if tab and _STAGED.fullmatch(head):  # SHA-256 object names
            files[decode(name)] = head.startswith(b"100")
        else:  # untracked: no stage, just the name
            files[decode(entry)] = False
    names = [os.fsdecode(n) for n in ignored.split(b"\0") if n]
    return list(files.items()), list(dict.fromkeys(names)) if ignoring.returncode == 0 else []


_STAGED = re.compile(rb"[0-7]{6} [0-9a-f]{40,64} [0-3]")
"""The head of a `git ls-files --stage` entry: mode, object name, stage."""


def _git_ignores(folder: str) -> bool:
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return False
    try:
        proc = subprocess.run(
            [git, "-C", folder, "check-ignore", "-q", "."], capture_output=True, check=False
        )
    except OSError:
        return False
    return proc.returncode == 0


def _walk(folder: str) -> Iterator[Source | Skipped]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        # A work tree inside (a folder holding clones): git lists it, with its own ignore
        # rules, as for the folder named itself; it is not walked into here.
        nested = [d for d in dirs if os.path.lexists(os.path.join(root, d, ".git"))]
        for name in nested:
            dirs.remove(name)
            yield from _folder(os.path.join(root, name))
        for name in sorted(files):
            path = _join(root, name)
            if os.path.islink(path):
                yield Skipped(path, "symlink")
            elif not os.path.isfile(path):
                # a named pipe, socket or device: opening it waits for a writer forever
                yield Skipped(path, "special")
            else:
                yield Source(path, path, listed=True)


def _join(folder: str, rel: str) -> str:
    if folder in (".", "./"):
        return rel
    # os.path.join's rules, for the relative names git and os.walk give, at a tenth the cost
    return folder + rel if folder.endswith("/") else f"{folder}/{rel}"


def scan_source(
    source: Source,
    *,
    now: float,
    skew: float = 0.0,
    stdin: IO[bytes] | None = None,
    buf: bytearray | None = None,
) -> Iterator[Hit | Skipped]:
    """The tokens of one file (or stdin); Skipped when it is binary or cannot be read.
    `buf`: a buffer to read into, reused from file to file (the caller's)."""
    if buf is None:
        buf = bytearray(BLOCK)
    try:
        if source.path is None:
            if stdin is None:
                return
            yield from _scan_stream(stdin, source.name, now, skew, buf)
            return
        try:
            fd = os.open(source.path, _LISTED if source.listed else _NAMED)
        except OSError as err:
            if source.listed and err.errno == errno.ELOOP:
                yield Skipped(source.name, "symlink")  # a link where git's index has a file
                return
            if source.listed and err.errno == errno.ENOENT:
                return  # tracked but deleted from the work tree: nothing to read
            raise
        # Unbuffered, straight into `buf`: a small file is one read; a Python file object
        # is made only for what goes on.
        wrapped = False
        try:
            filled = os.readv(fd, [buf])
            if buf[:2] == b"\x1f\x8b":
                import gzip

                os.lseek(fd, 0, os.SEEK_SET)
                wrapped = True
                with (
                    open(fd, "rb", buffering=0) as raw,
                    gzip.GzipFile(fileobj=raw, mode="rb") as unzipped,
                ):
                    stream: Readable = unzipped
                    filled = stream.readinto(buf) or 0
                    yield from _scan_buffer(stream, buf, filled, source.name, now, skew)
                return
            if buf.find(b"\0", 0, min(filled, BINARY_PROBE)) >= 0:
                yield Skipped(source.name, "binary")
                return
            if filled < len(buf) and not _may_hold_token(buf, filled):
                return  # a regular file read short is read to its end: most files end here
            wrapped = True
            with open(fd, "rb", buffering=0) as raw:
                yield from _scan_buffer(raw, buf, filled, source.name, now, skew)
        finally:
            if not wrapped:
                os.close(fd)
    except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
        if err.__class__ is IsADirectoryError and source.listed:
            return  # a folder where git's index has a file
        detail = getattr(err, "strerror", None) or str(err) or type(err).__name__
        yield Skipped(source.name, "unreadable", detail)


_NAMED = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
_LISTED = _NAMED | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""A listed path is opened without following a link, and without waiting on a pipe."""


def _may_hold_token(buf: bytearray, end: int) -> bool:
    """Two memory scans: can a token start anywhere in buf[:end]?"""
    return buf.find(b"eyJ", 0, end) >= 0 or RARE_START_BYTES_RE.search(buf, 0, end) is not None


def _scan_stream(
    raw: IO[bytes], name: str, now: float, skew: float, buf: bytearray
) -> Iterator[Hit | Skipped]:
    """Stdin (or any stream): the magic bytes looked at without consuming them."""
    stream: Readable = raw  # type: ignore[assignment]  # typeshed's IO has no readinto
    if hasattr(raw, "peek") and raw.peek(2)[:2] == b"\x1f\x8b":
        import gzip

        stream = gzip.GzipFile(fileobj=raw, mode="rb")
    filled = stream.readinto(buf) or 0
    yield from _scan_buffer(stream, buf, filled, name, now, skew)


def _scan_buffer(
    stream: Readable, buf: bytearray, filled: int, name: str, now: float, skew: float
) -> Iterator[Hit | Skipped]:
    """The tokens of a stream whose first `filled` bytes are in `buf`."""
    if buf.find(b"\0", 0, min(filled, BINARY_PROBE)) >= 0:
        yield Skipped(name, "binary")
        return
    # A log repeats the same token on every request it made: judge each one once.
    judged: dict[str, tuple[str, str, ExpiryReport | None]] = {}
    for line, column, parsed in search(stream, buf, filled):
        known = judged.get(parsed.text)
        if known is None:
            if len(judged) >= SEEN_LIMIT:
                judged.clear()
            known = judged[parsed.text] = (
                fingerprint(parsed.text),
                *judge(parsed, now=now, skew=skew),
            )
        yield Hit(name, line, column, parsed, *known)


def is_binary(head: bytes | bytearray | memoryview) -> bool:
    """A file is binary when a NUL byte is among its first bytes (git's own test)."""
    return b"\0" in bytes(head[:BINARY_PROBE])


def search(
    stream: Readable, buf: bytearray | None = None, filled: int | None = None
) -> Iterator[tuple[int, int, ParsedToken]]:
    """(line, column, token) of every token in a byte stream (1-based; the column counts
    characters, the stream being read as UTF-8).

    Reads into one reused buffer (`buf`, its first `filled` bytes already read): a new
    bytes object per block would cost a fresh allocation and its page faults each time.
    """
    if buf is None:
        buf = bytearray(BLOCK)
    if filled is None:
        filled = stream.readinto(buf) or 0
    match_at = TOKEN_BYTES_RE.match
    words = WORD_BYTES
    parsed_before: dict[bytes, ParsedToken | None] = {}
    line = 1
    # The character column at buffer index `origin` of the line being searched: columns
    # are counted from the last place one is known, so a long line is decoded once.
    origin, origin_col = 0, 0
    done = filled == 0
    while True:
        if done:
            cut = filled
        else:
            cut = buf.rfind(b"\n", 0, filled) + 1 or max(buf.rfind(c, 0, filled) for c in _CUTS) + 1
        if cut:
            counted = 0
            # Candidates by their 'J' (memchr, rare outside base64), then 'ey' before it:
            # several times faster than the regex's own scan, which stops at every 'e'.
            # Headers that start otherwise (`ewog`: pretty-printed) are rare: found apart,
            # by a memmem per start, and merged in order.
            rare = _rare_starts(buf, cut)
            next_rare = 0
            resume = 0
            j = buf.find(b"J", 2, cut)
            while True:
                if next_rare < len(rare) and (j < 0 or rare[next_rare] < j - 2):
                    start = rare[next_rare]
                    next_rare += 1
                    if start < resume:
                        continue
                elif j >= 0:
                    start = j - 2
                    j = buf.find(b"J", j + 1, cut)
                    if buf[start] != 0x65 or buf[start + 1] != 0x79:
                        continue
                else:
                    break
                if (
                    start
                    and buf[start - 1] in words
                    and not after_escape(buf[max(0, start - 6) : start])
                ):
                    continue  # inside a longer word (`%20` and `\n` before it are escapes)
                match = match_at(buf, start, cut)
                if match is None:
                    parsed = None
                else:
                    text = match.group()
                    if text in parsed_before:
                        parsed = parsed_before[text]
                    else:
                        if len(parsed_before) >= SEEN_LIMIT:
                            parsed_before.clear()
                        parsed = parsed_before[text] = recognise(text.decode("ascii"))
                if parsed is None:
                    continue
                breaks = buf.count(b"\n", counted, start)
                if breaks:
                    line += breaks
                    origin, origin_col = buf.rfind(b"\n", counted, start) + 1, 0
                counted = start
                origin_col += _characters(buf, origin, start)
                origin = start
                yield line, origin_col + 1, parsed
                resume = start + len(parsed.text)
                j = buf.find(b"J", resume + 2, cut)
            breaks = buf.count(b"\n", counted, cut)
            if breaks:
                line += breaks
                origin, origin_col = buf.rfind(b"\n", counted, cut) + 1, 0
            origin_col += _characters(buf, origin, cut)
            origin = 0
        if done:
            return
        # Keep the uncut tail (a partial line or word) at the front and read on after it.
        rest = filled - cut
        buf[:rest] = buf[cut:filled]
        if rest == len(buf):  # one word longer than the buffer: grow it
            buf.extend(bytes(len(buf)))
        with memoryview(buf) as view:
            got = stream.readinto(view[rest:]) or 0
        filled = rest + got
        done = got == 0


def _rare_starts(buf: bytearray, end: int) -> list[int]:
    """Where a header that does not start `eyJ` (`ew[o0k]…`, `eyA…`) may begin in
    buf[:end], in order. By `memchr` for their `w` and `A` where those letters are rare (logs,
    base64, minified code: several times faster than a regex, which stops at every `e`);
    by the regex where they are not (prose), once the letters pass a budget per KiB."""
    found: list[int] = []
    budget = (end >> 11) + 16
    for anchor, back in ((b"w", 1), (b"A", 2)):
        at = buf.find(anchor, back, end)
        while at >= 0:
            budget -= 1
            if budget < 0:
                return [match.start() for match in RARE_PREFIX_BYTES_RE.finditer(buf, 0, end)]
            start = at - back
            if buf[start] == 0x65 and (
                buf[at + 1 : at + 2] in _AFTER_W if back == 1 else buf[start + 1] == 0x79
            ):
                found.append(start)
            at = buf.find(anchor, at + 1, end)
    found.sort()
    return found


_AFTER_W = (b"o", b"0", b"k")


def _characters(buf: bytearray, start: int, end: int) -> int:
    if end <= start:
        return 0
    piece = buf[start:end]
    return len(piece) if piece.isascii() else len(piece.decode("utf-8", "replace"))


def judge(parsed: ParsedToken, *, now: float, skew: float = 0.0) -> tuple[str, ExpiryReport | None]:
    """The token's status as `expiry` judges it; `malformed` also when a server would
    refuse its time claims' types (SPEC: exp or nbf not a NumericDate)."""
    if parsed.payload is None:
        return ("encrypted" if parsed.kind == "JWE" else "malformed"), None
    report = evaluate(parsed.payload, now=now, skew=skew)
    status = report.status
    if not report.server_accepts and status not in (
        ExpiryStatus.EXPIRED,
        ExpiryStatus.NOT_YET_VALID,
    ):
        return "malformed", report
    return status.value, report


def expires_within(hit: Hit, seconds: float) -> bool:
    """Has the token an exp that is past or at most `seconds` away?"""
    report = hit.expiry
    return (
        report is not None
        and report.remaining_seconds is not None
        and (report.remaining_seconds <= seconds)
    )


def claim_text(hit: Hit, name: str) -> str | None:
    """A string claim (`sub`, `iss`) or header parameter (`kid`), else None."""
    source: dict[str, Any] = hit.token.header if name in ("kid", "typ") else hit.token.claims
    value = source.get(name)
    return value if isinstance(value, str) else None


def prefix(text: str) -> str:
    """The start of a token that says what it is and reveals nothing (part of the header)."""
    return text[:10] + "…"


# --- as findings, for SARIF and GitHub annotations ---------------------------------------


RULE_HELP = """A JSON Web Token is written in this file.

A token in source, fixtures or logs may be a live credential: anyone who reads
the file can use it until it expires. Remove it and revoke it or let it expire;
make test tokens at test time (`jwtfix sign --expires 15m`) instead of
committing them. A committed test token that expires breaks the build on that
date: `jwtfix scan --expiring-within 30d` finds those first."""


@functools.cache
def rule() -> CheckInfo:
    """The one SARIF rule of scan: its help is what to do about a committed token."""
    from jwtfix.model import CheckInfo, Severity

    return CheckInfo(
        id="SCAN-1",
        title="JWT in a file",
        help=RULE_HELP,
        severity=Severity.WARNING,
        item=0,
    )


def finding(hit: Hit, *, failed: bool, now: float, reason: str = "") -> Finding:
    """A hit as a `SCAN-1` finding: `fail` when it trips the scan's failure rule."""
    from jwtfix.model import Finding, Location, Severity, Status

    alg = hit.token.alg or "?"
    parts = [f"{hit.token.kind} {alg} token {prefix(hit.token.text)} (sha256 {hit.fingerprint})"]
    for name in ("sub", "iss"):
        value = claim_text(hit, name)
        if value is not None:
            parts.append(f"{name} {value[:60]}")
    report = hit.expiry
    when = ""
    if report is not None and report.remaining_seconds is not None:
        when = f", exp {relative(report.remaining_seconds)}"
    message = f"{', '.join(parts)}: {hit.status}{when}"
    if failed and reason.startswith("expires within") and hit.status == "expired":
        message += f" (expired already: counted as it {reason})"
    elif failed and reason:
        message += f" ({reason})"
    return Finding(
        id=rule().id,
        title=rule().title,
        status=Status.FAIL if failed else Status.WARN,
        message=message,
        fix="remove the token from the file (and revoke it if it is live); sign test tokens "
        "at test time instead of committing them",
        severity=Severity.ERROR if failed else Severity.WARNING,
        location=Location(file=hit.file, line=hit.line, column=hit.column),
    )


def check_report(
    hits: Iterable[Hit], failed: Iterable[bool], *, exit_code: int, now: float, reason: str = ""
) -> CheckReport:
    """The hits as a check report (one SCAN-1 finding each) for the CI renderers.

    `reason` names the failure rule a failing hit trips (`expires within 30d`).
    """
    from jwtfix.model import CheckReport

    findings = tuple(
        finding(hit, failed=fail, now=now, reason=reason)
        for hit, fail in zip(hits, failed, strict=True)
    )
    return CheckReport(findings=findings, rules=(rule(),), exit_code=exit_code, inputs=())
