"""Rebuild jwtfix/data/explain.jsonl from jwtfix/data/explain.toml and the parts in
jwtfix/data/explain.d/ (run after editing them).

    python scripts/build_explain_index.py

The TOML is the reviewed knowledge base; the JSON is the same document, which
`explain` reads at start-up because the stdlib parses JSON several times faster
than TOML. tests/test_explain.py fails while the two differ.
"""

from __future__ import annotations

from pathlib import Path

from jwtfix.ops.explain import INDEX_FILE, KB_FILE, KB_PARTS, build_index

DATA = Path(__file__).resolve().parent.parent / "jwtfix" / "data"


def sources() -> list[str]:
    """The knowledge base's texts: explain.toml, then its parts in the order of their names."""
    parts = sorted((DATA / KB_PARTS).glob("*.toml"))
    return [path.read_text(encoding="utf-8") for path in [DATA / KB_FILE, *parts]]


def main() -> None:
    (DATA / INDEX_FILE).write_text(build_index(*sources()) + "\n", encoding="utf-8")
    print(f"wrote {DATA / INDEX_FILE}")


if __name__ == "__main__":
    main()
