"""The refresh pipeline: batches, inactive marking, and 0 lost on any failure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import func, select

from catalog.db import Database
from catalog.models import PriceObservationRow, ProductRow, ScrapeRunRow
from stores.base import Capabilities, Category, StoreAdapter
from stores.errors import AccessDenied, SchemaChanged, StoreError
from stores.magnit import MagnitAdapter
from stores.offer import Offer
from stores.refresh import Progress, refresh

from .conftest import fixture_json


def offer(external_id: str, price_kop: int) -> Offer:
    return Offer(
        chain="magnit", external_id=external_id, name=f"Товар {external_id}", price_kop=price_kop
    )


class FakeAdapter(StoreAdapter):
    """Serves fixed categories; may fail in a chosen category after yielding some offers."""

    chain = "magnit"
    capabilities = Capabilities(
        per_store_prices=True, promo_dates=True, card_price=False, stock=True
    )

    def __init__(
        self,
        catalogue: dict[str, list[Offer]],
        *,
        fail_in: str | None = None,
        error: StoreError | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.fail_in = fail_in
        self.error = error or SchemaChanged("items", chain="magnit")
        self.default_store = "992301"

    async def categories(self, store: str) -> list[Category]:
        return [Category(key, key, (key,)) for key in self.catalogue]

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        for item in self.catalogue[category.id]:
            # Like a real adapter, an offer is observed while the run walks the catalogue.
            yield item.model_copy(update={"observed_at": datetime.now(UTC)})
            if category.id == self.fail_in:
                raise self.error

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        return []

    async def aclose(self) -> None:
        return None


async def counts(database: Database) -> tuple[int, int, int]:
    async with database.session() as session:
        products = await session.scalar(select(func.count()).select_from(ProductRow))
        active = await session.scalar(
            select(func.count()).select_from(ProductRow).where(ProductRow.active.is_(True))
        )
        prices = await session.scalar(select(func.count()).select_from(PriceObservationRow))
    return int(products or 0), int(active or 0), int(prices or 0)


def full() -> dict[str, list[Offer]]:
    return {
        "milk": [offer("1", 10000), offer("2", 20000)],
        "eggs": [offer("3", 9000), offer("4", 9500)],
    }


async def test_complete_run_streams_in_batches_and_reports_progress(database: Database) -> None:
    steps: list[Progress] = []
    run = await refresh(database, FakeAdapter(full()), batch_size=1, on_progress=steps.append)
    assert (run.status, run.offers_seen, run.products_new, run.store_code) == ("ok", 4, 4, "992301")
    assert [(s.categories_done, s.categories_total, s.offers) for s in steps] == [
        (1, 2, 2),
        (2, 2, 4),
    ]
    assert await counts(database) == (4, 4, 4)


async def test_unchanged_prices_add_no_rows_and_unseen_retire(database: Database) -> None:
    await refresh(database, FakeAdapter(full()))
    changed = {"milk": [offer("1", 10000), offer("2", 18000)], "eggs": [offer("3", 9000)]}
    run = await refresh(database, FakeAdapter(changed))
    assert (run.status, run.prices_changed, run.deactivated) == ("ok", 1, 1)
    assert await counts(database) == (4, 3, 5)


async def test_failed_run_loses_nothing(database: Database) -> None:
    await refresh(database, FakeAdapter(full()))
    before = await counts(database)
    broken = {"milk": [offer("1", 11000)], "eggs": []}
    run = await refresh(database, FakeAdapter(broken, fail_in="milk"), batch_size=1)
    assert run.status == "partial"
    assert run.error is not None and "'items'" in run.error
    assert run.deactivated == 0
    products, active, prices = await counts(database)
    assert (products, active) == before[:2]
    assert prices == before[2] + 1  # the one new price seen before the failure is kept too


async def test_paused_chain_records_status_and_keeps_everything(database: Database) -> None:
    await refresh(database, FakeAdapter(full()))
    before = await counts(database)
    denied = AccessDenied("HTTP 403", chain="magnit")
    run = await refresh(
        database, FakeAdapter({"milk": [offer("1", 1)]}, fail_in="milk", error=denied)
    )
    assert run.status == "paused"
    assert "403" in (run.error or "")
    assert (await counts(database))[:2] == before[:2]


async def test_first_failure_without_offers_is_failed(database: Database) -> None:
    class Down(FakeAdapter):
        async def categories(self, store: str) -> list[Category]:
            raise StoreError("unreachable", chain="magnit")

    run = await refresh(database, Down(full()))
    assert (run.status, run.offers_seen) == ("failed", 0)


async def test_limited_or_single_category_runs_never_retire(database: Database) -> None:
    await refresh(database, FakeAdapter(full()))
    run = await refresh(database, FakeAdapter(full()), category="eggs")
    assert (run.status, run.offers_seen, run.deactivated) == ("ok", 2, 0)
    run = await refresh(database, FakeAdapter(full()), limit=1)
    assert (run.offers_seen, run.deactivated) == (1, 0)
    assert (await counts(database))[1] == 4


@respx.mock
async def test_403_from_a_real_adapter_pauses_the_run(
    database: Database, make_transport: Any
) -> None:
    respx.get(url__regex=r"https://magnit\.ru/webgate/v3/categories/.*").mock(
        return_value=httpx.Response(200, json=[{"id": 1, "name": "Молоко", "children": []}])
    )
    respx.post("https://magnit.ru/webgate/v2/goods/search").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("magnit/goods_search_page1.json")),
            httpx.Response(403, text="Forbidden"),
        ]
    )
    run = await refresh(database, MagnitAdapter(make_transport("magnit")), "992301")
    assert (run.status, run.offers_seen, run.deactivated) == ("paused", 3, 0)
    assert run.error is not None and "HTTP 403" in run.error
    assert (await counts(database))[:2] == (3, 3)


async def test_cancelled_run_is_recorded_not_left_running(database: Database) -> None:
    class Hanging(FakeAdapter):
        async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
            yield offer("1", 100)
            await asyncio.Event().wait()

    task = asyncio.create_task(refresh(database, Hanging(full()), batch_size=1))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with database.session() as session:
        run = await session.scalar(select(ScrapeRunRow))
    assert run is not None
    assert (run.status, run.error, run.offers_seen) == ("partial", "cancelled", 1)


async def test_store_required_but_missing_fails_without_requests(
    database: Database, make_transport: Any
) -> None:
    with respx.mock(assert_all_called=False) as mock:
        run = await refresh(database, MagnitAdapter(make_transport("magnit")), "")
        assert not mock.calls
    assert run.status == "failed"
    assert "MAGNIT_STORE" in (run.error or "")
