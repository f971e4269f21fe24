"""The README's pictures are the program's current output (scripts/readme_images.py)."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_images", ROOT / "scripts/readme_images.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()


def _shown(svg: str) -> tuple[list[str], list[str]]:
    """What a picture shows: its lines of text and the colours of its text runs.

    Compared instead of the bytes, so that another rich release's SVG template
    (fonts, CSS, ids) does not make a current picture look stale.
    """
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    styles = dict(re.findall(r"\.terminal-\d+-(r\d+) \{ ([^}]*)\}", svg))
    runs = re.findall(r'<text class="terminal-\d+-(r\d+)"', svg)
    return texts, [styles.get(run, "").strip() for run in runs]


@pytest.mark.parametrize("path", sorted(SCRIPT.IMAGES))
def test_picture_is_current(path: str) -> None:
    current = SCRIPT.render(SCRIPT.IMAGES[path])
    shown = _shown((ROOT / path).read_text(encoding="utf-8"))
    assert shown == _shown(current), f"{path} is out of date: run python scripts/readme_images.py"
    assert any("✘" in line for line in shown[0])
    assert f"]({path})" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pictures_hold_the_verdict() -> None:
    svg = (ROOT / "docs/check.svg").read_text(encoding="utf-8")
    assert "Signature&#160;does&#160;not&#160;verify" in svg or "Signature does not verify" in svg
