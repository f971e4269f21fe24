"""Renderers: pure functions from a report to text, organised by output format.

`human/` (rich; one module per command family, so that a command loads only
its own), `json.py` (standard library only: `--json` never imports rich),
and the CI formats of `check`: `github.py`, `sarif.py`, `junit.py`, each a
`render(report) -> str`. `for_format(fmt)` (in `formats.py`) maps a check
output format to its renderer. It is loaded on first use: every `--json`
run imports this package, and `decode --json` must stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jwtfix.render.formats import Format, Renderer, for_format

__all__ = ["Format", "Renderer", "for_format"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from jwtfix.render import formats

        return getattr(formats, name)
    raise AttributeError(name)
