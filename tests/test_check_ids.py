"""The ID ranges named in messages come from the registry, so a new check shows up in them."""

from __future__ import annotations

import pytest

from jwtfix import checks
from jwtfix.checks.registry import Registered
from jwtfix.errors import InputError
from jwtfix.model import CheckInfo, Severity


def _fake(check_id: str) -> Registered:
    info = CheckInfo(check_id, "t", "help", Severity.ERROR, 1)
    return Registered(info, lambda ctx: [], ())


def test_ranges_follow_the_registered_ids() -> None:
    registered = checks.all_checks()
    text = checks.id_ranges(registered)
    jwt = [r.info.id for r in registered if r.info.id.startswith("JWT")]
    assert text.startswith(f"{jwt[0]}-{jwt[-1]}")
    assert checks.id_ranges([*registered, _fake("JWT999")]).startswith(f"{jwt[0]}-JWT999")
    assert checks.id_ranges([_fake("JWT101")]) == "JWT101"


def test_an_unknown_select_names_the_ranges() -> None:
    with pytest.raises(InputError) as err:
        checks.select(["JWT99"])
    assert checks.id_ranges(checks.all_checks()) in err.value.message
