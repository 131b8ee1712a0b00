"""New baskets stored behind the reply: ids made in the process, rows committed in batches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert

from catalog.db import Database
from catalog.ids import new_basket_id
from catalog.models import BasketRow

log = logging.getLogger(__name__)

WRITE_ATTEMPTS = 3


class BasketWriter:
    """Write-behind storage for new baskets.

    Waiting for a commit before replying was the bot's main tail latency under load (SQLite
    writers queue behind one lock, and each transaction is several thread hops). So a reply
    gets its basket id at once, and a background task commits whatever queued up meanwhile in
    one transaction. Reading a basket first waits for its pending write (``settled``), so a tap
    that beats the commit still finds the row. A batch that fails is retried; if it still fails
    the error is logged and the buttons of those replies get the polite «basket not found».
    """

    def __init__(
        self, database: Database, ids: Callable[[], int] | None = None, *, retry_delay: float = 0.2
    ) -> None:
        self.database = database
        self.ids = ids or new_basket_id
        self.retry_delay = retry_delay
        self._queue: list[dict[str, Any]] = []
        self._pending: dict[int, asyncio.Future[None]] = {}
        self._writer: asyncio.Task[None] | None = None

    def add(self, values: dict[str, Any]) -> int:
        """Queue one basket row and return its id; the row is committed shortly after."""
        basket_id = self.ids()
        self._queue.append({**values, "id": basket_id})
        self._pending[basket_id] = asyncio.get_running_loop().create_future()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_batches())
        return basket_id

    async def settled(self, basket_id: int) -> None:
        """Return once the basket is committed, or its write has failed for good."""
        future = self._pending.get(basket_id)
        if future is not None:
            await asyncio.shield(future)

    async def flush(self) -> None:
        """Wait until everything queued so far is written (before closing the database)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def __len__(self) -> int:
        return len(self._pending)

    async def _write_batches(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            written = await self._write(batch)
            for values in batch:
                future = self._pending.pop(values["id"])
                if not future.done():
                    future.set_result(None)
            if not written:
                log.error("lost %d baskets: the database refused them", len(batch))

    async def _write(self, batch: list[dict[str, Any]]) -> bool:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                async with self.database.transaction() as session:
                    await session.execute(insert(BasketRow), batch)
                return True
            except Exception as error:  # the reply is already sent: retry, then give up loudly
                log.warning("basket write %d/%d failed: %s", attempt, WRITE_ATTEMPTS, error)
                if attempt < WRITE_ATTEMPTS:
                    await asyncio.sleep(self.retry_delay * attempt)
        return False
