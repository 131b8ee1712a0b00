from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from catalog.db import Database


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty catalogue in a temporary SQLite file."""
    db = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    try:
        yield db
    finally:
        await db.close()
