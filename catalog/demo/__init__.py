"""The embedded demo catalogue: illustrative products and prices for the seed chains.

The data file is gzip'd JSON lines: a header ``{"generated_at": ..., "note": ...}``
then one ``stores.offer.Offer`` per line. Loading shifts every datetime by the time
since generation, so a fresh install shows prices observed hours ago, not months.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import ProductRow
from catalog.repository import UpsertStats, ensure_store, finish_run, start_run, upsert_offers
from stores.offer import Offer

DEMO_FILE = Path(__file__).with_name("data") / "demo_catalogue.jsonl.gz"
DEMO_SOURCE = "demo"
DEMO_STORE = "demo"


@dataclass(frozen=True, slots=True)
class DemoHeader:
    generated_at: datetime
    note: str


def read_demo(path: Path = DEMO_FILE, *, now: datetime | None = None) -> Iterator[Offer]:
    """Offers of the demo file, with their datetimes moved up to ``now``."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        header = _header(json.loads(next(lines)))
        shift = (now or datetime.now(UTC)) - header.generated_at
        for line in lines:
            if line.strip():
                yield _shifted(Offer.model_validate_json(line), shift)


def _promo_shift(shift: timedelta) -> timedelta:
    # Whole days only: promo_end is part of the price key, so a reload on the same day must
    # land on the same instant or every promo would gain a new price row.
    return timedelta(days=shift // timedelta(days=1))


def _header(raw: dict[str, Any]) -> DemoHeader:
    return DemoHeader(datetime.fromisoformat(raw["generated_at"]), raw.get("note", ""))


def _shifted(offer: Offer, shift: timedelta) -> Offer:
    changes: dict[str, Any] = {"observed_at": offer.observed_at + shift}
    if offer.promo_end is not None:
        changes["promo_end"] = offer.promo_end + _promo_shift(shift)
    return offer.model_copy(update=changes)


async def catalogue_is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(func.count()).select_from(ProductRow))


async def load_demo(
    session: AsyncSession, path: Path = DEMO_FILE, *, now: datetime | None = None
) -> dict[str, UpsertStats]:
    """Load the demo catalogue as one run per chain; returns stats per chain."""
    by_chain: dict[str, list[Offer]] = {}
    for offer in read_demo(path, now=now):
        by_chain.setdefault(offer.chain, []).append(offer)
    result: dict[str, UpsertStats] = {}
    for chain, offers in by_chain.items():
        await ensure_store(session, chain, DEMO_STORE, name="Демо-каталог")
        run = await start_run(session, chain, DEMO_STORE, source=DEMO_SOURCE)
        stats = await upsert_offers(session, offers)
        await finish_run(session, run, status="ok", stats=stats, complete=False)
        result[chain] = stats
    return result
