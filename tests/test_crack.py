"""The HMAC wordlist search (JWT404) and the weak-secret list (JWT303)."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, make_token

from jwtfix import crack
from jwtfix.crack import CrackResult, find_secret
from jwtfix.errors import InputError
from jwtfix.tokens import ParsedToken, parse
from jwtfix.weak_secrets import builtin_secrets, default_secrets, is_weak_secret

CLAIMS = {"sub": "user-42", "iat": NOW, "exp": NOW + 900}


def token(secret: bytes, alg: str = "HS256") -> ParsedToken:
    return parse(make_token(CLAIMS, secret=secret, alg=alg))


def words(count: int) -> list[bytes]:
    return [b"candidate-%05d" % i for i in range(count)]


def write(tmp_path: Path, lines: list[bytes], newline: bytes = b"\n") -> Path:
    path = tmp_path / "wordlist.txt"
    path.write_bytes(b"".join(line + newline for line in lines))
    return path


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few hundred bytes, so that small files take the multi-chunk paths."""
    monkeypatch.setattr(crack, "CHUNK_MIN", 300)
    monkeypatch.setattr(crack, "CHUNK_MAX", 300)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("position", [0, 1234, 2999])
def test_finds_the_secret_at_start_middle_and_end(
    tmp_path: Path, workers: int, position: int
) -> None:
    lines = words(3000)
    lines[position] = b"the-real-secret"
    result = find_secret(
        token(b"the-real-secret"), wordlist=write(tmp_path, lines), workers=workers
    )
    assert result is not None
    assert (result.line, result.length, result.tried) == (position + 1, 15, position + 1)
    assert result.value == b"the-real-secret"


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
def test_absent_secret_is_none(tmp_path: Path, workers: int) -> None:
    path = write(tmp_path, words(2000))
    assert find_secret(token(b"not-in-the-list"), wordlist=path, workers=workers) is None


@pytest.mark.usefixtures("small_chunks")
def test_every_line_is_tried_once_whatever_the_chunk_boundaries(tmp_path: Path) -> None:
    # Lines of varied length, so that chunk edges fall at every offset of a line.
    lines = [b"w" * (i % 37 + 1) + b"%d" % i for i in range(60)]
    path = write(tmp_path, lines)
    for index in range(0, 60, 7):
        result = find_secret(token(lines[index]), wordlist=path, workers=1)
        assert result is not None
        assert result.line == index + 1


@pytest.mark.usefixtures("small_chunks")
def test_same_result_with_one_and_two_workers_earliest_line_wins(tmp_path: Path) -> None:
    lines = words(3000)
    lines[400] = lines[2500] = b"duplicated-secret"
    path = write(tmp_path, lines)
    one = find_secret(token(b"duplicated-secret"), wordlist=path, workers=1)
    two = find_secret(token(b"duplicated-secret"), wordlist=path, workers=2)
    assert one == two
    assert one is not None
    assert one.line == 401


@pytest.mark.parametrize("workers", [1, 2])
def test_crlf_lines_lose_their_line_ending(tmp_path: Path, workers: int) -> None:
    lines = [*words(50), b"crlf-secret", *words(5)]
    path = write(tmp_path, lines, newline=b"\r\n")
    result = find_secret(token(b"crlf-secret"), wordlist=path, workers=workers)
    assert result is not None
    assert (result.line, result.length) == (51, 11)


def test_crlf_file_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"a\r\nb\r\nlast-secret\r")
    result = find_secret(token(b"last-secret"), wordlist=path)
    assert result is not None
    assert result.line == 3


def test_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"a\nb\nlast-secret")
    result = find_secret(token(b"last-secret"), wordlist=path)
    assert result is not None
    assert result.line == 3


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
def test_blank_lines_are_skipped_but_keep_line_numbers(tmp_path: Path, workers: int) -> None:
    lines = [b"", *words(10), b"", b"", *words(200), b"", b"blank-secret", b""]
    result = find_secret(token(b"blank-secret"), wordlist=write(tmp_path, lines), workers=workers)
    assert result is not None
    assert result.line == len(lines) - 1
    assert result.tried == 211


def test_a_token_signed_with_an_empty_key_is_not_matched_by_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, [b"", b"a", b""])
    assert find_secret(token(b""), wordlist=path) is None


def test_spaces_around_a_line_are_part_of_the_candidate(tmp_path: Path) -> None:
    path = write(tmp_path, [b"secret ", b" padded "])
    assert find_secret(token(b"secret"), wordlist=path) is None
    result = find_secret(token(b" padded "), wordlist=path)
    assert result is not None
    assert (result.line, result.length) == (2, 8)


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_hs384_and_hs512(tmp_path: Path, alg: str) -> None:
    path = write(tmp_path, [*words(100), b"bigger-hash-secret"])
    result = find_secret(token(b"bigger-hash-secret", alg), wordlist=path)
    assert result is not None
    assert result.line == 101


@pytest.mark.parametrize(("alg", "length"), [("HS256", 64), ("HS256", 65), ("HS512", 129)])
def test_keys_at_and_beyond_the_hash_block_size(tmp_path: Path, alg: str, length: int) -> None:
    # RFC 2104 hashes keys longer than the block (64 / 128 bytes) first.
    secret = bytes(range(33, 33 + 90)) * 2
    path = write(tmp_path, [b"short", secret[:length], b"x" * 300])
    result = find_secret(token(secret[:length], alg), wordlist=path)
    assert result is not None
    assert (result.line, result.length) == (2, length)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
def test_progress_reports_bytes_up_to_the_file_size(tmp_path: Path, workers: int) -> None:
    path = write(tmp_path, words(1000))
    size = path.stat().st_size
    calls: list[tuple[int, int | None]] = []
    assert (
        find_secret(
            token(b"absent"),
            wordlist=path,
            workers=workers,
            progress=lambda d, t: calls.append((d, t)),
        )
        is None
    )
    assert len(calls) > 10
    assert all(total == size for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert done[-1] == size


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
def test_stops_at_the_first_hit_without_reading_the_rest(tmp_path: Path, workers: int) -> None:
    lines = words(50_000)
    lines[3] = b"early-secret"
    path = write(tmp_path, lines)
    done: list[int] = []
    result = find_secret(
        token(b"early-secret"), wordlist=path, workers=workers, progress=lambda d, _: done.append(d)
    )
    assert result is not None
    assert result.line == 4
    # 50,000 lines are 750 kB; the search ends after a few 300-byte chunks.
    assert max(done, default=0) < path.stat().st_size // 10


def test_candidates_are_consumed_lazily() -> None:
    consumed = 0

    def endless() -> Iterator[bytes]:
        nonlocal consumed
        for i in itertools.count():
            consumed += 1
            yield b"secret" if i == 10 else b"guess-%d" % i

    result = find_secret(token(b"secret"), endless())
    assert result is not None
    assert (result.line, result.tried) == (11, 11)
    assert consumed <= crack.BATCH


def test_candidates_iterable_progress_counts_candidates() -> None:
    calls: list[tuple[int, int | None]] = []
    candidates = words(crack.BATCH * 2 + 5)
    assert (
        find_secret(token(b"absent"), candidates, progress=lambda d, t: calls.append((d, t)))
        is None
    )
    assert calls[-1] == (len(candidates), len(candidates))


@pytest.mark.parametrize("secret", [b"your-256-bit-secret", b"secret", b"changeme"])
def test_builtin_list_finds_well_known_secrets(secret: bytes) -> None:
    result = find_secret(token(secret))
    assert result is not None
    assert result.line == builtin_secrets().index(secret) + 1


def test_builtin_list_does_not_find_a_strong_secret() -> None:
    assert find_secret(token(os.urandom(32))) is None


def test_builtin_list_is_clean() -> None:
    secrets = builtin_secrets()
    assert len(secrets) >= 300
    assert len(set(secrets)) == len(secrets)
    assert all(s and s == s.strip() and not s.startswith(b"#") for s in secrets)


def test_result_repr_hides_the_secret() -> None:
    result = find_secret(token(b"your-256-bit-secret"))
    assert isinstance(result, CrackResult)
    assert b"your-256-bit-secret".decode() not in repr(result)
    assert "your-256-bit-secret" not in str(result)


def test_non_hmac_tokens_are_refused() -> None:
    unsecured = parse(make_token(CLAIMS, alg="none"))
    with pytest.raises(ValueError, match="HS256"):
        find_secret(unsecured)


def test_signature_of_the_wrong_length_matches_nothing() -> None:
    text = make_token(CLAIMS, secret=b"secret")
    truncated = parse(text[:-12])
    assert find_secret(truncated) is None


def test_unreadable_wordlist_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt"):
        find_secret(token(b"secret"), wordlist=tmp_path / "missing.txt")


def test_empty_wordlist(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert find_secret(token(b"secret"), wordlist=path) is None


@pytest.mark.parametrize(
    "value",
    [
        b"secret",
        b"your-256-bit-secret",
        b"YOUR_256_BIT_SECRET",
        b" changeme\n",
        b"Secret123!",
        b"'supersecret'",
        b"notasecret",
        b"undefined",
        b"password1",
    ],
)
def test_weak_secrets(value: bytes) -> None:
    assert is_weak_secret(value)


@pytest.mark.parametrize(
    "value",
    [b"", b"   ", b"xK9#mP2qL8vN4wR7tY6uI0oP", b"3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c1e", b"12"],
)
def test_strong_or_empty_secrets_are_not_weak(value: bytes) -> None:
    assert not is_weak_secret(value)


@pytest.mark.usefixtures("small_chunks")
def test_a_worker_that_dies_is_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_: object) -> None:
        os._exit(3)

    monkeypatch.setattr(crack, "_scan_chunk", die)  # inherited by the forked workers
    with pytest.raises(RuntimeError, match="exit codes"):
        find_secret(token(b"x"), wordlist=write(tmp_path, words(2000)), workers=2)


@pytest.mark.usefixtures("small_chunks")
def test_a_read_error_in_a_worker_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(crack, "_scan_chunk", fail)
    with pytest.raises(InputError, match="Input/output error"):
        find_secret(token(b"x"), wordlist=write(tmp_path, words(2000)), workers=2)


def test_builtin_list_covers_the_defaults_verify_names() -> None:
    # `verify` names the defaults of jwtfix/data/weak-secrets.tsv by origin; JWT404
    # must flag every token such a secret signs. (One file since issue 7: the rows
    # with an origin column are the defaults.)
    defaults = {value for value, _ in default_secrets()}
    assert "your-256-bit-secret" in defaults and len(defaults) >= 50
    assert defaults <= {s.decode() for s in builtin_secrets()}
    assert all(origin and "\t" not in origin for _, origin in default_secrets())


def fifo(tmp_path: Path, data: bytes) -> Path:
    """A named pipe that a thread fills with `data`: a wordlist that cannot seek."""
    path = tmp_path / "wordlist.fifo"
    os.mkfifo(path)

    def write() -> None:
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except BrokenPipeError:
            pass  # the search stopped reading at a hit

    threading.Thread(target=write, daemon=True).start()
    return path


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("position", [0, 1500, 2999])
def test_a_pipe_is_read_as_a_stream(tmp_path: Path, workers: int, position: int) -> None:
    lines = words(3000)
    lines[position] = b"piped-secret"
    calls: list[tuple[int, int | None]] = []
    result = find_secret(
        token(b"piped-secret"),
        wordlist=fifo(tmp_path, b"\r\n".join(lines)),
        workers=workers,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert result is not None
    assert (result.line, result.tried) == (position + 1, position + 1)
    assert all(total is None for _, total in calls)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_pipe_without_the_secret(tmp_path: Path, workers: int) -> None:
    data = b"\n".join(words(3000)) + b"\n"
    calls: list[int] = []
    path = fifo(tmp_path, data)
    result = find_secret(
        token(b"absent"), wordlist=path, workers=workers, progress=lambda d, _: calls.append(d)
    )
    assert result is None
    assert calls[-1] == len(data)


def test_a_directory_is_not_a_wordlist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        find_secret(token(b"x"), wordlist=tmp_path)
