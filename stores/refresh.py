"""Refresh one chain's catalogue: categories → products, streamed into the catalogue in batches.

Batches are committed as they come so a long run never holds SQLite's write lock; that is safe
because upserts never delete. Products a run did not see are retired only at the end of an ``ok``
run that walked every category, so a failed, paused or partial run loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from catalog.db import Database
from catalog.models import ScrapeRunRow
from catalog.repository import UpsertStats, ensure_store, finish_run, start_run, upsert_offers
from stores.base import Category, StoreAdapter
from stores.errors import ChainPaused, StoreError
from stores.offer import Offer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Progress:
    chain: str
    category: str
    categories_done: int
    categories_total: int
    offers: int


ProgressCallback = Callable[[Progress], None]


class _Sink:
    """Buffers offers and commits them a batch at a time within the run."""

    def __init__(self, database: Database, batch_size: int) -> None:
        self.database = database
        self.batch_size = batch_size
        self.buffer: list[Offer] = []
        self.stats = UpsertStats()
        self.seen = 0

    async def add(self, offer: Offer) -> None:
        self.buffer.append(offer)
        self.seen += 1
        if len(self.buffer) >= self.batch_size:
            await self.flush()

    async def flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        async with self.database.transaction() as session:
            self.stats += await upsert_offers(session, batch)


def _select(categories: list[Category], wanted: str | None) -> list[Category]:
    if wanted is None:
        return categories
    chosen = [category for category in categories if category.id == wanted]
    # A category id the tree does not list may still be valid for the listing endpoint.
    return chosen or [Category(wanted, wanted, (wanted,))]


async def refresh(
    database: Database,
    adapter: StoreAdapter,
    store_code: str | None = None,
    *,
    category: str | None = None,
    limit: int | None = None,
    batch_size: int = 200,
    source: str = "live",
    on_progress: ProgressCallback | None = None,
) -> ScrapeRunRow:
    """Run one refresh and return its finished scrape-run row (status ok/partial/failed/paused)."""
    chain = adapter.chain
    store = adapter.default_store if store_code is None else store_code
    async with database.transaction() as session:
        if store:
            await ensure_store(session, chain, store)
        run_id = (await start_run(session, chain, store, source=source)).id

    sink = _Sink(database, batch_size)
    status, error, complete = "ok", None, category is None and limit is None
    try:
        if adapter.needs_store and not store:
            raise StoreError(
                f"no store code: set {chain.upper()}_STORE or pass --store", chain=chain
            )
        categories = _select(await adapter.categories(store), category)
        for done, current in enumerate(categories, start=1):
            async for offer in adapter.products(store, current):
                await sink.add(offer)
                if limit is not None and sink.seen >= limit:
                    break
            await sink.flush()
            if on_progress is not None:
                on_progress(Progress(chain, current.name, done, len(categories), sink.seen))
            if limit is not None and sink.seen >= limit:
                break
    except ChainPaused as exc:
        status, error = "paused", str(exc)
    except StoreError as exc:
        status, error = ("partial" if sink.seen else "failed"), str(exc)
    except Exception as exc:
        log.exception("refresh of %s crashed", chain)
        status, error = ("partial" if sink.seen else "failed"), f"{type(exc).__name__}: {exc}"
    except asyncio.CancelledError:
        # A shutdown mid-run: record it rather than leave the run «running» forever.
        await _finish(database, run_id, "partial" if sink.seen else "failed", sink, "cancelled")
        raise
    if status != "ok":
        log.warning("refresh of %s ended %s: %s", chain, status, error)
    try:
        # Offers already parsed are worth keeping even when the chain stopped answering.
        await sink.flush()
    except Exception as exc:
        log.exception("storing the last batch of %s failed", chain)
        status, error = "failed", f"{type(exc).__name__}: {exc}"

    return await _finish(database, run_id, status, sink, error, complete=complete)


async def _finish(
    database: Database,
    run_id: int,
    status: str,
    sink: _Sink,
    error: str | None,
    *,
    complete: bool = False,
) -> ScrapeRunRow:
    async with database.transaction() as session:
        run = await session.get(ScrapeRunRow, run_id)
        assert run is not None
        return await finish_run(
            session,
            run,
            status=status,
            stats=sink.stats,
            complete=complete and status == "ok",
            error=error,
        )
