"""New baskets behind the reply: batched commits, reads that wait, failures that retry."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.db import Database
from catalog.models import BasketRow
from deshevle.baskets import BasketWriter


def basket_values(owner: str, text: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "owner": owner,
        "text": text,
        "items": [{"name": text}],
        "chains": ["magnit"],
        "choices": {},
        "created_at": now,
        "updated_at": now,
    }


class CountingTransactions:
    """Wraps ``database.transaction``: counts them and fails the first ``failures``."""

    def __init__(self, database: Database, failures: int = 0) -> None:
        self.original = database.transaction
        self.failures = failures
        self.count = 0
        database.transaction = self  # type: ignore[method-assign]

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        self.count += 1
        if self.count <= self.failures:
            raise RuntimeError("database is locked")
        async with self.original() as session:
            yield session


async def texts_by_id(database: Database) -> dict[int, str]:
    async with database.session() as session:
        return {row.id: row.text for row in (await session.scalars(select(BasketRow))).all()}


async def test_baskets_queued_together_share_one_transaction(database: Database) -> None:
    writer = BasketWriter(database)
    transactions = CountingTransactions(database)
    texts = [f"список {number}" for number in range(40)]
    ids = [writer.add(basket_values(f"tg:{text}", text)) for text in texts]
    assert len(set(ids)) == len(texts)
    assert len(writer) == len(texts)
    await writer.flush()
    assert transactions.count == 1
    assert len(writer) == 0
    stored = await texts_by_id(database)
    assert [stored[basket_id] for basket_id in ids] == texts


async def test_a_read_right_after_add_waits_for_the_commit(database: Database) -> None:
    writer = BasketWriter(database)
    basket_id = writer.add(basket_values("tg:1", "молоко"))
    assert basket_id not in await texts_by_id(database)
    await writer.settled(basket_id)
    assert (await texts_by_id(database))[basket_id] == "молоко"
    await writer.settled(basket_id)  # already written: returns at once


async def test_a_failed_write_is_retried(database: Database) -> None:
    writer = BasketWriter(database, retry_delay=0)
    transactions = CountingTransactions(database, failures=2)
    basket_id = writer.add(basket_values("tg:1", "хлеб"))
    await writer.settled(basket_id)
    assert transactions.count == 3
    assert (await texts_by_id(database))[basket_id] == "хлеб"


async def test_a_write_that_keeps_failing_is_logged_and_releases_its_readers(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    writer = BasketWriter(database, retry_delay=0)
    CountingTransactions(database, failures=99)
    first = writer.add(basket_values("tg:1", "a"))
    second = writer.add(basket_values("tg:2", "b"))
    with caplog.at_level(logging.WARNING, logger="deshevle.baskets"):
        await asyncio.wait_for(
            asyncio.gather(writer.settled(first), writer.settled(second)), timeout=5
        )
    assert "lost 2 baskets" in caplog.text
    assert len(writer) == 0
    # A later basket is written once the database answers again.
    database.transaction = database.transaction.original  # type: ignore[attr-defined]
    third = writer.add(basket_values("tg:3", "c"))
    await writer.flush()
    assert set(await texts_by_id(database)) == {third}
