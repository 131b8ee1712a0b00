"""APScheduler jobs: one refresh per enabled chain+store, a daily prune, a catch-up at start.

Used inside the bot process (``build_scheduler(..., on_refreshed=...)``) and standalone
(``deshevle scheduler``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from catalog.db import Database
from catalog.models import ScrapeRunRow
from deshevle.settings import Settings
from scheduler.prune import PruneStats, prune
from stores.base import StoreAdapter
from stores.refresh import refresh
from stores.registry import adapter_for, default_store

log = logging.getLogger(__name__)

OnRefreshed = Callable[[ScrapeRunRow], Awaitable[None]]
AdapterFactory = Callable[[str, Settings], StoreAdapter]

PRUNE_JOB_ID = "prune"
MISFIRE_GRACE_SECONDS = 300
# Statuses after which the catalogue holds new prices worth reloading.
RELOAD_STATUSES = frozenset({"ok", "partial"})


def refresh_job_id(chain: str, store: str) -> str:
    return f"refresh:{chain}:{store or 'default'}"


class RefreshJobs:
    """The job bodies. A per-chain lock refuses a run while the same chain is still running."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        *,
        on_refreshed: OnRefreshed | None = None,
        adapter_factory: AdapterFactory = adapter_for,
    ) -> None:
        self.settings = settings
        self.database = database
        self.on_refreshed = on_refreshed
        self.adapter_factory = adapter_factory
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[object]] = set()

    def running(self, chain: str) -> bool:
        lock = self._locks.get(chain)
        return lock is not None and lock.locked()

    async def refresh_chain(self, chain: str, store: str) -> ScrapeRunRow | None:
        """One refresh; None when refused because the chain is already being refreshed."""
        lock = self._locks.setdefault(chain, asyncio.Lock())
        if lock.locked():
            log.warning("refresh of %s refused: a run is still in progress", chain)
            return None
        task = asyncio.current_task()
        async with lock:
            adapter = self.adapter_factory(chain, self.settings)
            if task is not None:
                self._tasks.add(task)
            try:
                run = await refresh(
                    self.database, adapter, store, batch_size=self.settings.scrape_batch_size
                )
            finally:
                self._tasks.discard(task)
                await adapter.aclose()
        log.info("refresh of %s: %s, %d offers", chain, run.status, run.offers_seen)
        if self.on_refreshed is not None and run.status in RELOAD_STATUSES:
            await self.on_refreshed(run)
        return run

    async def cancel_running(self) -> None:
        """Cancel refreshes in flight and wait until each has recorded its run."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def prune(self) -> PruneStats:
        cutoff = datetime.now(UTC) - timedelta(days=self.settings.retention_days)
        async with self.database.transaction() as session:
            stats = await prune(session, older_than=cutoff)
        log.info("pruned %d baskets and %d old prices", stats.baskets, stats.prices)
        return stats

    async def is_stale(self, chain: str) -> bool:
        """No successful live run within one refresh interval."""
        cutoff = datetime.now(UTC) - timedelta(hours=self.settings.refresh_interval_hours)
        async with self.database.session() as session:
            last = await session.scalar(
                select(ScrapeRunRow.finished_at)
                .where(
                    ScrapeRunRow.chain_code == chain,
                    ScrapeRunRow.status == "ok",
                    # A maintainer's --from-file import is not a catalogue refresh.
                    ScrapeRunRow.source == "live",
                )
                .order_by(ScrapeRunRow.finished_at.desc())
                .limit(1)
            )
        return last is None or last < cutoff


def build_scheduler(
    settings: Settings,
    database: Database,
    on_refreshed: OnRefreshed | None = None,
    *,
    adapter_factory: AdapterFactory = adapter_for,
) -> AsyncIOScheduler:
    """A configured, not yet started scheduler. Call ``start()`` inside a running event loop."""
    jobs = RefreshJobs(
        settings, database, on_refreshed=on_refreshed, adapter_factory=adapter_factory
    )
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
    )
    refresh_ids: dict[str, str] = {}
    for chain in settings.chains:
        store = default_store(chain, settings)
        job = scheduler.add_job(
            jobs.refresh_chain,
            IntervalTrigger(
                hours=settings.refresh_interval_hours,
                jitter=settings.refresh_jitter_seconds,
                timezone=UTC,
            ),
            args=[chain, store],
            id=refresh_job_id(chain, store),
            name=f"refresh {chain}",
            replace_existing=True,
        )
        refresh_ids[chain] = job.id
    scheduler.add_job(
        jobs.prune,
        CronTrigger(hour=3, minute=30, timezone=UTC),
        id=PRUNE_JOB_ID,
        name="prune baskets and price history",
        replace_existing=True,
    )

    async def catch_up() -> None:
        # Stale chains run now rather than a whole interval after start.
        for chain, job_id in refresh_ids.items():
            if await jobs.is_stale(chain):
                log.info("%s data is stale: refreshing now", chain)
                scheduler.modify_job(job_id, next_run_time=datetime.now(UTC))

    scheduler.add_job(catch_up, id="catch-up", name="refresh stale chains at start")
    scheduler.deshevle_jobs = jobs
    return scheduler


def jobs_of(scheduler: AsyncIOScheduler) -> RefreshJobs:
    """The job bodies behind a scheduler built by :func:`build_scheduler`."""
    jobs = getattr(scheduler, "deshevle_jobs", None)
    if not isinstance(jobs, RefreshJobs):
        raise TypeError("not a scheduler built by build_scheduler")
    return jobs


async def stop_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Stop scheduling, then cancel running refreshes so none is left «running» in the catalogue.

    Call before closing the database.
    """
    if scheduler.running:
        scheduler.shutdown(wait=False)
    await jobs_of(scheduler).cancel_running()
