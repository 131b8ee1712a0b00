from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from catalog.db import Database
from catalog.models import PriceObservationRow, ProductRow
from catalog.repository import (
    UpsertStats,
    chain_stats,
    current_price,
    current_prices,
    finish_run,
    price_history,
    search_products,
    start_run,
    upsert_offers,
)
from stores.offer import Offer, PackSize

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def offer(external_id: str, name: str, price_kop: int, **changes: object) -> Offer:
    values: dict[str, object] = {
        "chain": "pyaterochka",
        "external_id": external_id,
        "name": name,
        "price_kop": price_kop,
        "pack": PackSize(amount=0.93, unit="l"),
        "observed_at": T0,
    }
    values.update(changes)
    return Offer.model_validate(values)


async def count(database: Database, model: type) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_upsert_is_idempotent(database: Database) -> None:
    offers = [
        offer("1", "Молоко Простоквашино 3,2% 930мл", 9999),
        offer("2", "Хлеб Бородинский", 5590),
    ]
    async with database.transaction() as session:
        first = await upsert_offers(session, offers)
    async with database.transaction() as session:
        second = await upsert_offers(session, offers)

    assert first == UpsertStats(offers=2, products_new=2, prices_changed=2)
    assert second == UpsertStats(offers=2, products_new=0, prices_changed=0)
    assert await count(database, ProductRow) == 2
    assert await count(database, PriceObservationRow) == 2


async def test_history_appended_only_on_change(database: Database) -> None:
    steps = [
        offer("1", "Молоко 3,2% 930мл", 9999),
        offer("1", "Молоко 3,2% 930мл", 9999, observed_at=T0 + timedelta(hours=6)),
        offer(
            "1",
            "Молоко 3,2% 930мл",
            8999,
            regular_price_kop=9999,
            observed_at=T0 + timedelta(hours=12),
        ),
        offer(
            "1",
            "Молоко 3,2% 930мл",
            8999,
            regular_price_kop=9999,
            in_stock=False,
            observed_at=T0 + timedelta(hours=18),
        ),
    ]
    for step in steps:
        async with database.transaction() as session:
            await upsert_offers(session, [step])

    async with database.session() as session:
        product_id = await session.scalar(select(ProductRow.id))
        assert product_id is not None
        history = await price_history(session, product_id)
        latest = await current_price(session, product_id)

    assert [(row.price_kop, row.in_stock) for row in history] == [
        (9999, True),
        (8999, True),
        (8999, False),
    ]
    assert all(row.observed_at.tzinfo is not None for row in history)
    assert latest is not None and latest.price.price_kop == 8999 and not latest.price.in_stock
    assert latest.product.last_seen == T0 + timedelta(hours=18)
    assert latest.product.first_seen == T0


async def test_duplicate_offers_in_one_batch_keep_the_last(database: Database) -> None:
    async with database.transaction() as session:
        stats = await upsert_offers(
            session, [offer("1", "Сыр 200г", 20000), offer("1", "Сыр 200г", 19000)]
        )
        rows = await current_prices(session)
    assert stats.offers == 1
    assert [row.price.price_kop for row in rows] == [19000]


@pytest.mark.parametrize(
    "query", ["молоко", "МОЛОКО", "Молоко простоквашино", "ёжик", "ежик", "прост"]
)
async def test_search_folds_case_and_yo(database: Database, query: str) -> None:
    async with database.transaction() as session:
        await upsert_offers(
            session,
            [
                offer("1", "Молоко Простоквашино 3,2% 930мл", 9999),
                offer("2", "Конфеты Ёжик в тумане 200г", 15000, brand="Славянка"),
                offer("3", "Шоколад Alpen Gold 85г", 9000),
            ],
        )
    async with database.session() as session:
        found = await search_products(session, query)
    expected = "2" if "ж" in query else "1"
    assert [product.external_id for product in found] == [expected]


async def test_search_sees_renames_and_brand(database: Database) -> None:
    async with database.transaction() as session:
        await upsert_offers(session, [offer("1", "Чипсы 150г", 15000, brand="Lay's")])
        await upsert_offers(session, [offer("1", "Чипсы картофельные 150г", 15000, brand="Lay's")])
    async with database.session() as session:
        assert [p.external_id for p in await search_products(session, "картофельные")] == ["1"]
        assert [p.external_id for p in await search_products(session, "lay")] == ["1"]
        assert await search_products(session, "!!!") == []


async def _seed_two_products(database: Database) -> None:
    async with database.transaction() as session:
        await upsert_offers(
            session, [offer("1", "Молоко 930мл", 9999), offer("2", "Кефир 1л", 8999)]
        )


async def _run_seeing_only_first(database: Database, *, status: str, complete: bool) -> int:
    async with database.transaction() as session:
        run = await start_run(session, "pyaterochka", "35XY")
        stats = await upsert_offers(
            session, [offer("1", "Молоко 930мл", 9499, observed_at=run.started_at)]
        )
        await finish_run(session, run, status=status, stats=stats, complete=complete, error=None)
        return run.deactivated


@pytest.mark.parametrize(
    ("status", "complete", "active_left"),
    [
        ("ok", True, {"1"}),
        ("ok", False, {"1", "2"}),
        ("partial", True, {"1", "2"}),
        ("failed", True, {"1", "2"}),
    ],
)
async def test_inactive_marking_only_after_complete_ok_run(
    database: Database, status: str, complete: bool, active_left: set[str]
) -> None:
    await _seed_two_products(database)
    await _run_seeing_only_first(database, status=status, complete=complete)
    async with database.session() as session:
        active = set(await session.scalars(select(ProductRow.external_id).where(ProductRow.active)))
        prices = await session.scalar(select(func.count()).select_from(PriceObservationRow))
    assert active == active_left
    assert prices == 3  # nothing is ever deleted by a run


async def test_finish_run_rejects_unknown_status(database: Database) -> None:
    async with database.transaction() as session:
        run = await start_run(session, "magnit")
        with pytest.raises(ValueError, match="status"):
            await finish_run(session, run, status="running")


async def test_chain_stats(database: Database) -> None:
    await _seed_two_products(database)
    await _run_seeing_only_first(database, status="ok", complete=True)
    async with database.session() as session:
        stats = {item.chain: item for item in await chain_stats(session, ["pyaterochka", "magnit"])}
    assert (stats["pyaterochka"].products, stats["pyaterochka"].active) == (2, 1)
    assert stats["pyaterochka"].last_status == "ok"
    assert stats["pyaterochka"].oldest_price_at is not None
    assert stats["pyaterochka"].oldest_price_at.tzinfo is not None
    assert (stats["magnit"].products, stats["magnit"].last_refresh) == (0, None)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        offer("1", "Молоко", 100, observed_at=datetime(2026, 1, 1))
