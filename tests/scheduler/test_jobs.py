"""Scheduler jobs without waiting: registered jobs, trigger now, a run, an overlap refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from catalog.db import Database
from catalog.models import BasketRow, PriceObservationRow, ProductRow, ScrapeRunRow
from deshevle.settings import Settings
from scheduler.jobs import (
    MISFIRE_GRACE_SECONDS,
    PRUNE_JOB_ID,
    build_scheduler,
    jobs_of,
    stop_scheduler,
)
from stores.base import Capabilities, Category, StoreAdapter
from stores.offer import Offer


class SlowAdapter(StoreAdapter):
    """One category, one offer; waits on ``gate`` so a test can hold a run open."""

    chain = "magnit"
    capabilities = Capabilities(
        per_store_prices=True, promo_dates=True, card_price=False, stock=True
    )

    def __init__(self, gate: asyncio.Event) -> None:
        self.gate = gate
        self.default_store = ""
        self.closed = False

    async def categories(self, store: str) -> list[Category]:
        await self.gate.wait()
        return [Category("1", "Молоко", ("Молоко",))]

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        yield Offer(
            chain=self.chain, store_code=store, external_id="m1", name="Молоко 1 л", price_kop=9900
        )

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        return []

    async def aclose(self) -> None:
        self.closed = True


def make_settings() -> Settings:
    return Settings(_env_file=None, chains="magnit,dixy", magnit_store="992301", retention_days=30)  # type: ignore[call-arg]


async def test_registered_jobs(database: Database) -> None:
    scheduler = build_scheduler(
        make_settings(), database, adapter_factory=lambda c, s: SlowAdapter(asyncio.Event())
    )
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {
            "refresh:magnit:992301",
            "refresh:dixy:default",
            PRUNE_JOB_ID,
            "catch-up",
        }
        refresh_job = jobs["refresh:magnit:992301"]
        assert refresh_job.coalesce is True
        assert refresh_job.max_instances == 1
        assert refresh_job.misfire_grace_time == MISFIRE_GRACE_SECONDS
        assert refresh_job.trigger.interval == timedelta(hours=6)
        assert refresh_job.trigger.jitter == 600
        assert refresh_job.args == ("magnit", "992301")
    finally:
        await stop_scheduler(scheduler)


async def test_triggered_job_runs_and_reports(database: Database) -> None:
    gate = asyncio.Event()
    gate.set()
    done: asyncio.Queue[ScrapeRunRow] = asyncio.Queue()

    async def refreshed(run: ScrapeRunRow) -> None:
        await done.put(run)

    scheduler = build_scheduler(
        make_settings(),
        database,
        on_refreshed=refreshed,
        adapter_factory=lambda c, s: SlowAdapter(gate),
    )
    scheduler.start()
    try:
        scheduler.modify_job("refresh:magnit:992301", next_run_time=datetime.now(UTC))
        run = await asyncio.wait_for(done.get(), timeout=5)
        assert (run.chain_code, run.status, run.offers_seen) == ("magnit", "ok", 1)
    finally:
        await stop_scheduler(scheduler)


async def test_overlapping_run_is_refused(database: Database) -> None:
    gate = asyncio.Event()
    adapters: list[SlowAdapter] = []

    def factory(chain: str, settings: Settings) -> SlowAdapter:
        adapters.append(SlowAdapter(gate))
        return adapters[-1]

    scheduler = build_scheduler(make_settings(), database, adapter_factory=factory)
    jobs = jobs_of(scheduler)
    first = asyncio.create_task(jobs.refresh_chain("magnit", "992301"))
    await asyncio.sleep(0.05)
    assert jobs.running("magnit")
    assert await jobs.refresh_chain("magnit", "992301") is None
    gate.set()
    run = await first
    assert run is not None and run.status == "ok"
    assert len(adapters) == 1 and adapters[0].closed


async def test_stale_until_a_fresh_ok_run(database: Database) -> None:
    gate = asyncio.Event()
    gate.set()
    scheduler = build_scheduler(
        make_settings(), database, adapter_factory=lambda c, s: SlowAdapter(gate)
    )
    jobs = jobs_of(scheduler)
    assert await jobs.is_stale("magnit")
    await jobs.refresh_chain("magnit", "992301")
    assert not await jobs.is_stale("magnit")


async def test_prune_drops_old_baskets_and_history_but_keeps_newest_price(
    database: Database,
) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    async with database.transaction() as session:
        product = ProductRow(chain_code="magnit", external_id="p", name="Хлеб", norm_name="хлеб")
        session.add(product)
        await session.flush()
        for days, price in ((50, 5000), (45, 5200), (40, 5400)):
            session.add(
                PriceObservationRow(
                    product_id=product.id,
                    price_kop=price,
                    observed_at=datetime.now(UTC) - timedelta(days=days),
                )
            )
        session.add(BasketRow(owner="u", text="хлеб", created_at=old, updated_at=old))
        session.add(BasketRow(owner="u", text="молоко"))
    scheduler = build_scheduler(make_settings(), database)
    stats = await jobs_of(scheduler).prune()
    assert (stats.baskets, stats.prices) == (1, 2)
    async with database.session() as session:
        prices = list(await session.scalars(select(PriceObservationRow.price_kop)))
        baskets = await session.scalar(select(func.count()).select_from(BasketRow))
    assert prices == [5400]
    assert baskets == 1


async def test_stop_cancels_a_running_refresh_and_records_it(database: Database) -> None:
    scheduler = build_scheduler(
        make_settings(), database, adapter_factory=lambda c, s: SlowAdapter(asyncio.Event())
    )
    scheduler.start()
    scheduler.modify_job("refresh:magnit:992301", next_run_time=datetime.now(UTC))
    jobs = jobs_of(scheduler)
    for _ in range(100):
        if jobs.running("magnit"):
            break
        await asyncio.sleep(0.02)
    assert jobs.running("magnit")
    await stop_scheduler(scheduler)
    assert not jobs.running("magnit")
    async with database.session() as session:
        run = await session.scalar(select(ScrapeRunRow).where(ScrapeRunRow.chain_code == "magnit"))
    assert run is not None
    assert (run.status, run.error) == ("failed", "cancelled")
