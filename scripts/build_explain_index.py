"""Rebuild jwtfix/data/explain.json from jwtfix/data/explain.toml (run after editing it).

    python scripts/build_explain_index.py

The TOML is the reviewed knowledge base; the JSON is the same document, which
`explain` reads at start-up because the stdlib parses JSON several times faster
than TOML. tests/test_explain.py fails while the two differ.
"""

from __future__ import annotations

from pathlib import Path

from jwtfix.ops.explain import INDEX_FILE, KB_FILE, build_index

DATA = Path(__file__).resolve().parent.parent / "jwtfix" / "data"


def main() -> None:
    source = (DATA / KB_FILE).read_text(encoding="utf-8")
    (DATA / INDEX_FILE).write_text(build_index(source) + "\n", encoding="utf-8")
    print(f"wrote {DATA / INDEX_FILE}")


if __name__ == "__main__":
    main()
