"""jwtfix's reading of a `.env` as Node's `dotenv` against the real `dotenv` package.

Every `.env` of the tests and the examples (the broken ones too), and snippets
of what trips loaders up, go to ONE node process as JSON; it answers with
`require('dotenv').parse` of each. jwtfix's Node reading (the last binding
of each key) must be the same object.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from jwtfix import envfile

pytestmark = pytest.mark.node

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in (ROOT / "tests", ROOT / "examples")
    for p in folder.rglob("*.env")
    if "node_modules" not in p.parts
)

SNIPPETS = [
    "A=1\nB=2\n",
    "export A=1\nexport=2\nexportB=3\n",
    "A = spaced value   \n",
    "A=abc # comment\nB=abc#nospace\nC='a#b' # c\n",
    "A=\"line1\\nline2\"\nB='line1\\nline2'\nC=`back\\ntick`\n",
    'A="multi\nline"\nB=after\n',
    'A="unbalanced\nB=2\nC=3\n',
    "A='unbalanced\nB=2\nC='3'\n",
    'A="x" trailing\nB="y"\n',
    'A="esc \\" quote"\nB="esc \\" only\n',
    "A: colon value\nB:nospace\n",
    "A=1\nA=2\n",
    "FLAG\nB=1\n",
    "A=\nB=\n\nC=  \n",
    "\ufeffA=bom\r\nB=crlf\r\nC=cr\rD=4",
    "# only a comment\n   \n",
    "A=\" padded \"\nB=' padded '\n",
    'A=`it\'s "mixed"`\n',
    'A="a\\rb\\tc"\n',
    "A=\n'on next line'\n",
    "  A.B-C_D=dots\n",
    'A="x"#c\nB="y" #c\n',
    "A=1 2 3\t\n",
]


SCRIPT = """
const dotenv = require('dotenv');
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((text) => dotenv.parse(Buffer.from(text, 'utf8')));
  process.stdout.write(JSON.stringify(out));
});
"""


def _texts() -> list[str]:
    return [p.read_bytes().decode("utf-8") for p in FILES] + SNIPPETS


@pytest.fixture(scope="module")
def node_readings(node: Callable[..., str]) -> list[dict[str, str]]:
    answer: list[dict[str, str]] = json.loads(node(SCRIPT, input=json.dumps(_texts())))
    return answer


def _jwtfix(text: str) -> dict[str, str | None]:
    env = envfile.parse(text, "x.env", "node")
    return {entry.key: entry.value for entry in env.entries}


def test_the_files_are_there() -> None:
    names = {p.name for p in FILES}
    assert {"broken.env", "good.env", "swallowed.env", "bom-crlf.env"} <= names


@pytest.mark.parametrize("index", range(len(FILES) + len(SNIPPETS)))
def test_node_reading_equals_dotenv(index: int, node_readings: list[dict[str, str]]) -> None:
    text = _texts()[index]
    assert _jwtfix(text) == node_readings[index], (FILES + SNIPPETS)[index]


def test_broken_env_as_node_reads_it() -> None:
    env = envfile.load(ROOT / "examples" / "broken.env", "node")
    # line 8 opens a quote it never closes: dotenv keeps the quote as part of the value
    secret = env.get("JWT_SECRET")
    assert secret is not None and secret.line == 8 and secret.value == '"changeme'
    # the trailing blank of line 4 is trimmed
    assert env.value("JWT_REFRESH_SECRET") == "secret"


def _fuzz(count: int = 400) -> list[str]:
    """Short texts of the characters dotenv's rules care about (a fixed seed: reproducible)."""
    import random

    rng = random.Random(15)
    alphabet = ["A", "B", "=", "=", " ", "\n", "\n", "'", '"', "`", "#", "\\", "n", ":", "x", "\t",
                "export ", "\r\n"]  # fmt: skip
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def test_node_reading_equals_dotenv_on_fuzzed_texts(node: Callable[..., str]) -> None:
    texts = _fuzz()
    answers = json.loads(node(SCRIPT, input=json.dumps(texts)))
    pairs = zip(texts, answers, strict=True)
    mismatches = [(t, a, _jwtfix(t)) for t, a in pairs if _jwtfix(t) != a]
    assert mismatches == []
