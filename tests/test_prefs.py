"""Switching chains on and off: the rule every front end shares."""

from __future__ import annotations

import pytest

from catalog.db import Database
from deshevle.errors import NoChainLeft
from deshevle.prefs import PrefsCache, toggled

DEFAULTS = ["pyaterochka", "magnit"]


def test_toggled_switches_one_chain_and_keeps_the_order() -> None:
    assert toggled(DEFAULTS, "dixy") == ["pyaterochka", "magnit", "dixy"]
    assert toggled(DEFAULTS, "pyaterochka") == ["magnit"]


def test_the_last_chain_cannot_be_switched_off() -> None:
    with pytest.raises(NoChainLeft):
        toggled(["magnit"], "magnit")


async def test_toggle_starts_from_the_defaults_and_is_stored(database: Database) -> None:
    cache = PrefsCache(database)
    prefs = await cache.toggle_chain("tg:1", "magnit", DEFAULTS)
    assert prefs.chains == ["pyaterochka"]
    with pytest.raises(NoChainLeft):
        await cache.toggle_chain("tg:1", "pyaterochka", DEFAULTS)
    cache.forget("tg:1")
    stored = await cache.get("tg:1")
    assert stored.compared(DEFAULTS) == ["pyaterochka"]
    assert (await cache.get("tg:2")).compared(DEFAULTS) == DEFAULTS
