"""Retention: old baskets go; price history is trimmed but each product keeps its newest price."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import BasketRow, PriceObservationRow


@dataclass(frozen=True, slots=True)
class PruneStats:
    baskets: int
    prices: int


async def prune(session: AsyncSession, *, older_than: datetime) -> PruneStats:
    baskets = await session.execute(delete(BasketRow).where(BasketRow.updated_at < older_than))
    newest = select(func.max(PriceObservationRow.id)).group_by(PriceObservationRow.product_id)
    prices = await session.execute(
        delete(PriceObservationRow).where(
            PriceObservationRow.observed_at < older_than,
            PriceObservationRow.id.not_in(newest),
        )
    )
    return PruneStats(
        baskets=int(getattr(baskets, "rowcount", 0) or 0),
        prices=int(getattr(prices, "rowcount", 0) or 0),
    )
