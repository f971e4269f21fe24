"""HMAC secret search (JWT404): which candidate secret reproduces a token's signature.

The list of weak, well-known secrets and its matching (JWT303) are
`jwtfix.weak_secrets`'s; this module is the fast, parallel search.

`find_secret` tries candidate secrets against an HS256/384/512 token until one
reproduces its signature. It is a brute-force loop, so it is built for speed:

* HMAC is computed from two pre-initialised hash contexts that are copied per
  candidate (HMAC(k, m) = H((k ^ opad) || H((k ^ ipad) || m))). On OpenSSL 3
  this is about 1.8x faster per core than `hmac.digest`, whose one-shot call
  looks the MAC implementation up again for every key.
* A wordlist file is read in byte ranges ("chunks") by worker processes, one
  per core: the list is never held in memory at once, and a chunk is a few
  hundred kilobytes, so a hit stops the search within milliseconds. A
  wordlist that cannot seek (`--wordlist <(zcat rockyou.txt.gz)`, a FIFO,
  /dev/stdin) is read by the calling process and handed to the workers in
  chunks through a bounded queue.
* Every candidate before the hit is tried, so the result (the first matching
  line) does not depend on the number of workers.

Wordlist lines are exact bytes: only the line terminator (`\\n` or `\\r\\n`)
is removed, leading and trailing spaces are kept (a secret may have them, and
JWT308 is about exactly that), blank lines are skipped. Nothing here prints a
secret: `CrackResult.value` is for the caller's own comparisons and is hidden
from `repr`.

    python bench/crack.py WORDLIST TOKEN     (a thin entry for debugging and bench/)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from jwtfix.errors import InputError
from jwtfix.jws import HMAC
from jwtfix.tokens import ParsedToken
from jwtfix.weak_secrets import builtin_secrets

Progress = Callable[[int, int | None], None]
"""`progress(done, total)`: bytes of the wordlist done and its size; for an
iterable of candidates, candidates tried and `len()` (None when unsized)."""

CHUNK_MIN = 64 * 1024
CHUNK_MAX = 256 * 1024
BATCH = 4096
"""Candidates taken at a time from an iterable."""

_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


@dataclass(frozen=True, slots=True)
class CrackResult:
    """A secret that reproduces the token's signature, and where it was found."""

    line: int
    """1-based line of the wordlist file, or 1-based position among the candidates."""
    length: int
    """Length of the secret in bytes."""
    value: bytes = field(repr=False)
    """The secret itself: compare with it, never print or log it."""
    tried: int
    """Candidates tried up to and including this one (blank lines not counted)."""

    def __str__(self) -> str:
        return f"secret found at line {self.line} ({self.length} bytes)"


# --- matching ----------------------------------------------------------------


class _Matcher:
    """Tests candidate keys against one token's HMAC signature."""

    def __init__(self, alg: str, message: bytes, signature: bytes) -> None:
        import hashlib  # here, not at the top: importing jwtfix.crack stays cheap

        spec = HMAC[alg]
        self.block = spec.block_size
        self.new: Callable[..., Any] = getattr(hashlib, spec.hash)
        self.message = message
        self.signature = signature
        self.args = (alg, message, signature)

    def first_hit(self, keys: list[bytes]) -> int | None:
        """Index of the first non-empty key in `keys` that signs the message."""
        block = self.block
        if max(map(len, keys), default=0) > block:
            # RFC 2104: a key longer than the block is hashed first.
            new = self.new
            keys = [k if len(k) <= block else new(k).digest() for k in keys]
        copy = self.new().copy
        message = self.message
        signature = self.signature
        ipad = _IPAD
        opad = _OPAD
        # The hot loop: about 1 microsecond per candidate; keep it this plain.
        for index, key in enumerate(keys):
            padded = key.ljust(block, b"\0")
            inner = copy()
            inner.update(padded.translate(ipad))
            inner.update(message)
            outer = copy()
            outer.update(padded.translate(opad))
            outer.update(inner.digest())
            if outer.digest() == signature and key:
                return index
        return None


def _matcher(token: ParsedToken) -> _Matcher | None:
    alg = token.alg
    if alg not in HMAC:
        raise ValueError(f"find_secret works on HS256/HS384/HS512 tokens, not alg {alg!r}")
    if len(token.signature_bytes) != HMAC[alg].digest_size:
        return None  # no key can produce a signature of the wrong length
    return _Matcher(alg, token.signing_input, token.signature_bytes)


# --- the search ----------------------------------------------------------------


def find_secret(
    token: ParsedToken,
    candidates: Iterable[bytes] | None = None,
    *,
    wordlist: str | Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> CrackResult | None:
    """The first candidate secret that reproduces the token's HMAC signature, or None.

    Candidates come from `wordlist` (a file, searched by `workers` processes,
    default one per available core), else from `candidates` (any iterable,
    consumed lazily in the calling process, each item an exact key), else from
    the built-in list. Blank lines and empty candidates are skipped.

    Raises ValueError when the token's `alg` is not HS256, HS384 or HS512, and
    InputError when the wordlist cannot be read. A token whose signature has
    the wrong length for its `alg` matches nothing: None.
    """
    matcher = _matcher(token)
    if wordlist is not None:
        path = Path(wordlist)
        regular, size = _wordlist_kind(path)
        if matcher is None:
            return None
        if not regular:  # a pipe: `--wordlist <(zcat rockyou.txt.gz)`, /dev/stdin
            return _search_stream(matcher, path, _worker_count(workers), progress)
        return _search_file(matcher, path, size, _worker_count(workers), progress)
    source: Iterable[bytes] = builtin_secrets() if candidates is None else candidates
    if matcher is None:
        return None
    return _search_iterable(matcher, source, progress)


def _search_iterable(
    matcher: _Matcher, candidates: Iterable[bytes], progress: Progress | None
) -> CrackResult | None:
    total = len(candidates) if hasattr(candidates, "__len__") else None  # type: ignore[arg-type]
    iterator = iter(candidates)
    seen = 0
    tried = 0
    while batch := list(islice(iterator, BATCH)):
        hit = matcher.first_hit(batch)
        if hit is not None:
            key = batch[hit]
            tried += _nonblank(batch[: hit + 1])
            return CrackResult(line=seen + hit + 1, length=len(key), value=key, tried=tried)
        seen += len(batch)
        tried += _nonblank(batch)
        if progress is not None:
            progress(seen, total)
    return None


def _nonblank(keys: list[bytes]) -> int:
    return len(keys) - keys.count(b"")


def _wordlist_kind(path: Path) -> tuple[bool, int]:
    """(is a regular file, its size); an InputError when it cannot be read."""
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode):
            path.open("rb").close()  # readable? (a pipe is opened once, later)
    except OSError as err:
        raise InputError(f"cannot read the wordlist {path}: {err.strerror or err}") from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"cannot read the wordlist {path}: it is a directory")
    return stat.S_ISREG(info.st_mode), info.st_size


def _worker_count(workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _chunk_size(size: int, workers: int) -> int:
    # Enough chunks for the workers to share the work evenly and to stop soon
    # after a hit; big enough that the per-chunk bookkeeping does not show.
    return max(CHUNK_MIN, min(CHUNK_MAX, size // (workers * 8) + 1))


@dataclass(frozen=True, slots=True)
class _ChunkResult:
    index: int
    first_line: int | None
    """Lines before the chunk, when known (a stream); else counted up to `begin`."""
    begin: int
    """Byte offset of the chunk's first line in the file."""
    size: int
    """Bytes of the wordlist the chunk stands for (for progress)."""
    candidates: int
    """Non-blank lines in the chunk."""
    hit: int | None
    """Index of the matching line within the chunk."""
    tried_to_hit: int
    key: bytes = field(repr=False)


def _split_lines(data: bytes) -> list[bytes]:
    """Whole lines (ending in a newline, or at the end of the list) -> candidates."""
    if not data:
        return []
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if data.endswith(b"\n"):
        data = data[:-1]
    elif data.endswith(b"\r"):
        data = data[:-1]  # a CRLF file whose last line lost its LF
    return data.split(b"\n")


def _read_range(handle: IO[bytes], index: int, chunk: int, size: int) -> tuple[int, bytes]:
    """The lines that start in byte range [index*chunk, (index+1)*chunk), and their offset."""
    start = index * chunk
    end = min(start + chunk, size)
    if start == 0:
        handle.seek(0)
        data = handle.read(end)
        begin = 0
    else:
        handle.seek(start - 1)
        data = handle.read(end - start + 1)
        cut = data.find(b"\n")
        if cut < 0:
            return end, b""  # inside one long line that began in an earlier chunk
        data = data[cut + 1 :]
        begin = start + cut
    if data and end < size and not data.endswith(b"\n"):
        data += handle.readline()  # finish the line that starts in this chunk
    return begin, data


def _scan(
    matcher: _Matcher, index: int, first_line: int | None, begin: int, data: bytes, size: int
) -> _ChunkResult:
    lines = _split_lines(data)
    hit = matcher.first_hit(lines)
    candidates = _nonblank(lines)
    if hit is None:
        return _ChunkResult(index, first_line, begin, size, candidates, None, 0, b"")
    tried = _nonblank(lines[: hit + 1])
    return _ChunkResult(index, first_line, begin, size, candidates, hit, tried, lines[hit])


def _scan_chunk(
    matcher: _Matcher, handle: IO[bytes], index: int, chunk: int, size: int
) -> _ChunkResult:
    begin, data = _read_range(handle, index, chunk, size)
    return _scan(matcher, index, None, begin, data, min(chunk, size - index * chunk))


def _stream_chunks(handle: IO[bytes], chunk: int) -> Iterator[tuple[int, bytes]]:
    """(lines before, whole lines of about `chunk` bytes) read from a pipe."""
    carry = b""
    lines = 0
    while block := handle.read(chunk):
        data = carry + block
        cut = data.rfind(b"\n") + 1
        carry = data[cut:]
        if cut:
            yield lines, data[:cut]
            lines += data.count(b"\n", 0, cut)
    if carry:
        yield lines, carry


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as err:
        raise InputError(f"cannot read the wordlist {path}: {err.strerror or err}") from err


def _found(path: Path, result: _ChunkResult, tried_before: int) -> CrackResult:
    assert result.hit is not None
    first_line = result.first_line
    if first_line is None:
        first_line = _count_newlines(path, result.begin)
    return CrackResult(
        line=first_line + result.hit + 1,
        length=len(result.key),
        value=result.key,
        tried=tried_before + result.tried_to_hit,
    )


def _count_newlines(path: Path, upto: int) -> int:
    count = 0
    with _open(path) as handle:
        while upto > 0:
            data = handle.read(min(upto, 1 << 22))
            if not data:
                break
            count += data.count(b"\n")
            upto -= len(data)
    return count


class _InOrder:
    """Chunk results in list order: the first hit in it is the earliest line."""

    def __init__(self, path: Path, total: int | None, progress: Progress | None) -> None:
        self.path = path
        self.total = total
        self.progress = progress
        self.pending: dict[int, _ChunkResult] = {}
        self.next = 0
        self.tried = 0
        self.done = 0

    def add(self, result: _ChunkResult) -> CrackResult | None:
        self.pending[result.index] = result
        self.done += result.size
        if self.progress is not None:
            self.progress(self.done, self.total)
        while self.next in self.pending:
            ready = self.pending.pop(self.next)
            if ready.hit is not None:
                return _found(self.path, ready, self.tried)
            self.tried += ready.candidates
            self.next += 1
        return None


# --- one process ---------------------------------------------------------------


def _search_file(
    matcher: _Matcher, path: Path, size: int, workers: int, progress: Progress | None
) -> CrackResult | None:
    chunk = _chunk_size(size, workers)
    chunks = -(-size // chunk)
    if workers > 1 and chunks > 1:
        return _search_parallel(matcher, path, min(workers, chunks), progress, size, chunk)
    order = _InOrder(path, size, progress)
    with _open(path) as handle:
        for index in range(chunks):
            found = order.add(_scan_chunk(matcher, handle, index, chunk, size))
            if found is not None:
                return found
    return None


def _search_stream(
    matcher: _Matcher, path: Path, workers: int, progress: Progress | None
) -> CrackResult | None:
    if workers > 1:
        return _search_parallel(matcher, path, workers, progress, None, CHUNK_MAX)
    order = _InOrder(path, None, progress)
    with _open(path) as handle:
        try:
            for index, (first_line, data) in enumerate(_stream_chunks(handle, CHUNK_MAX)):
                found = order.add(_scan(matcher, index, first_line, 0, data, len(data)))
                if found is not None:
                    return found
        except OSError as err:
            raise InputError(f"cannot read the wordlist {path}: {err.strerror or err}") from err
    return None


# --- worker processes ------------------------------------------------------------


def _context() -> Any:
    import multiprocessing

    # fork starts a worker in milliseconds and shares the matcher for free;
    # where there is no fork (Windows) spawn works too, only slower to start.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _search_parallel(
    matcher: _Matcher,
    path: Path,
    workers: int,
    progress: Progress | None,
    size: int | None,
    chunk: int,
) -> CrackResult | None:
    """Workers scan byte ranges of a file (`size` given) or chunks the parent reads (a pipe)."""
    import queue
    import threading
    import warnings

    ctx = _context()
    results = ctx.Queue()
    stop = threading.Event()
    feed_errors: list[str] = []
    if size is not None:
        chunks = -(-size // chunk)
        next_chunk = ctx.Value("q", 0)
        stop_after = ctx.Value("q", chunks, lock=False)
        target: Callable[..., None] = _range_worker
        args: tuple[Any, ...] = (str(path), size, chunk, chunks, next_chunk, stop_after)
    else:
        tasks = ctx.Queue(maxsize=2 * workers)  # bounded: the list is read as it is used
        target = _stream_worker
        args = (tasks,)
    procs = [
        ctx.Process(target=target, args=(matcher.args, results, *args), daemon=True)
        for _ in range(workers)
    ]
    order = _InOrder(path, size, progress)
    feeder: threading.Thread | None = None
    stream: IO[bytes] | None = None
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork in a threaded parent (a progress bar
            # may run a thread); the workers only hash and touch no shared lock.
            warnings.simplefilter("ignore", DeprecationWarning)
            for proc in procs:
                proc.start()
        if size is None:
            # Opened after the fork, so that no worker holds a copy of this end
            # of the pipe (nor of a writer's end opened meanwhile in this process).
            stream = _open(path)
            feeder = threading.Thread(
                target=_feed, args=(stream, tasks, workers, stop, feed_errors), daemon=True
            )
            feeder.start()
        running = workers
        while running:
            try:
                item = results.get(timeout=0.5)
            except queue.Empty:
                _check_alive(procs)
                continue
            if item is None:
                running -= 1
            elif isinstance(item, str):
                raise InputError(f"cannot read the wordlist {path}: {item}")
            else:
                if size is not None and item.hit is not None:
                    with next_chunk.get_lock():  # later chunks need not be scanned
                        stop_after.value = min(stop_after.value, item.index)
                found = order.add(item)
                if found is not None:
                    return found
        if feed_errors:
            raise InputError(f"cannot read the wordlist {path}: {feed_errors[0]}")
        return None
    finally:
        stop.set()
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join()
        if feeder is not None:
            feeder.join(timeout=1.0)  # a daemon thread; a stalled writer must not hang us
        if stream is not None and (feeder is None or not feeder.is_alive()):
            stream.close()
        if size is None:
            tasks.cancel_join_thread()  # chunks no worker will read: do not wait at exit
            tasks.close()
        results.close()
        results.join_thread()


def _feed(stream: IO[bytes], tasks: Any, workers: int, stop: Any, errors: list[str]) -> None:
    """Parent thread: read a pipe in chunks of whole lines and queue them for the workers."""
    import queue

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                tasks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    try:
        for index, (first_line, data) in enumerate(_stream_chunks(stream, CHUNK_MAX)):
            if not put((index, first_line, data)):
                return
    except OSError as err:
        errors.append(str(err.strerror or err))
    for _ in range(workers):
        put(None)


def _check_alive(procs: list[Any]) -> None:
    """Fail instead of waiting forever when every worker died without a word."""
    if not any(proc.is_alive() for proc in procs):
        codes = sorted({proc.exitcode for proc in procs})
        raise RuntimeError(f"the wordlist workers stopped unexpectedly (exit codes {codes})")


def _worker_loop(results: Any, work: Callable[[], Iterator[_ChunkResult]]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    try:
        for result in work():
            results.put(result)
    except OSError as err:
        results.put(str(err.strerror or err))
    except Exception as err:  # the parent reports it; a traceback must not reach the user
        results.put(f"{type(err).__name__} in a worker")
    results.put(None)


def _range_worker(
    matcher_args: tuple[str, bytes, bytes],
    results: Any,
    path: str,
    size: int,
    chunk: int,
    chunks: int,
    next_chunk: Any,
    stop_after: Any,
) -> None:
    def work() -> Iterator[_ChunkResult]:
        matcher = _Matcher(*matcher_args)
        with open(path, "rb") as handle:
            while True:
                with next_chunk.get_lock():
                    index = next_chunk.value
                    next_chunk.value = index + 1
                if index >= chunks or index > stop_after.value:
                    return
                found = _scan_chunk(matcher, handle, index, chunk, size)
                if found.hit is not None:
                    # Stop the other workers at once, not when the parent reads the hit:
                    # meanwhile they would race on through later chunks.
                    with next_chunk.get_lock():
                        stop_after.value = min(stop_after.value, index)
                yield found

    _worker_loop(results, work)


def _stream_worker(matcher_args: tuple[str, bytes, bytes], results: Any, tasks: Any) -> None:
    def work() -> Iterator[_ChunkResult]:
        matcher = _Matcher(*matcher_args)
        while (task := tasks.get()) is not None:
            index, first_line, data = task
            yield _scan(matcher, index, first_line, 0, data, len(data))

    _worker_loop(results, work)
