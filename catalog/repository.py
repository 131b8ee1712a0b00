"""Catalogue reads and writes. Every write takes the caller's session and transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import PriceObservationRow, ProductRow, ScrapeRunRow, StoreRow
from catalog.text import normalize_name, search_terms
from stores.offer import Offer

T = TypeVar("T")
BATCH_SIZE = 500


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


RUN_STATUSES = ("running", "ok", "partial", "failed", "paused")


@dataclass(frozen=True, slots=True)
class UpsertStats:
    offers: int = 0
    products_new: int = 0
    prices_changed: int = 0

    def __add__(self, other: UpsertStats) -> UpsertStats:
        return UpsertStats(
            self.offers + other.offers,
            self.products_new + other.products_new,
            self.prices_changed + other.prices_changed,
        )


@dataclass(frozen=True, slots=True)
class CurrentPrice:
    product: ProductRow
    price: PriceObservationRow


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _insert(session: AsyncSession) -> Any:
    return pg_insert if dialect_name(session) == "postgresql" else sqlite_insert


def _product_values(offer: Offer) -> dict[str, Any]:
    name_for_search = f"{offer.name} {offer.brand or ''}"
    return {
        "chain_code": offer.chain,
        "external_id": offer.external_id,
        "name": offer.name,
        "norm_name": normalize_name(name_for_search),
        "brand": offer.brand,
        "category_path": " / ".join(offer.category_path),
        "unit_basis": offer.unit_basis,
        "pack_amount": offer.pack.amount if offer.pack else None,
        "pack_unit": offer.pack.unit if offer.pack else None,
        "pack_count": offer.pack.count if offer.pack else 1,
        "barcode": offer.barcode,
        "url": offer.url,
        "image": offer.image,
        "source": offer.source,
        "first_seen": offer.observed_at,
        "last_seen": offer.observed_at,
        "active": True,
    }


_PRICE_FIELDS = (
    "price_kop",
    "regular_price_kop",
    "card_price_kop",
    "promo_label",
    "promo_end",
    "in_stock",
)


def _price_key(row: PriceObservationRow | Offer) -> tuple[Any, ...]:
    return tuple(getattr(row, field) for field in _PRICE_FIELDS)


async def upsert_offers(
    session: AsyncSession, offers: Iterable[Offer], *, batch_size: int = BATCH_SIZE
) -> UpsertStats:
    """Insert or refresh products and append a price row only where something changed."""
    stats = UpsertStats()
    for batch in batched(offers, batch_size):
        stats += await _upsert_batch(session, _last_offer_per_product(batch))
    return stats


def _last_offer_per_product(batch: Sequence[Offer]) -> list[Offer]:
    latest: dict[tuple[str, str], Offer] = {}
    for offer in batch:
        latest[(offer.chain, offer.external_id)] = offer
    return list(latest.values())


async def _upsert_batch(session: AsyncSession, offers: list[Offer]) -> UpsertStats:
    insert = _insert(session)
    known = await _existing_products(session, offers)
    values = [_product_values(offer) for offer in offers]
    statement = insert(ProductRow).values(values)
    refreshed = {
        column: statement.excluded[column]
        for column in (
            "name",
            "norm_name",
            "brand",
            "category_path",
            "unit_basis",
            "pack_amount",
            "pack_unit",
            "pack_count",
            "url",
            "image",
            "source",
            "last_seen",
            "active",
        )
    }
    # A barcode, once known, is not forgotten by a feed that omits it.
    refreshed["barcode"] = func.coalesce(statement.excluded.barcode, ProductRow.barcode)
    statement = statement.on_conflict_do_update(
        index_elements=["chain_code", "external_id"], set_=refreshed
    ).returning(ProductRow.id, ProductRow.chain_code, ProductRow.external_id)
    rows = (await session.execute(statement)).all()
    ids = {(row.chain_code, row.external_id): row.id for row in rows}
    new_products = len(ids.keys() - known)

    latest = await latest_prices(session, list(ids.values()))
    changed: list[dict[str, Any]] = []
    for offer in offers:
        product_id = ids[(offer.chain, offer.external_id)]
        previous = latest.get(product_id)
        if previous is not None and _price_key(previous) == _price_key(offer):
            continue
        changed.append(
            {
                "product_id": product_id,
                "store_code": offer.store_code,
                **{field: getattr(offer, field) for field in _PRICE_FIELDS},
                "observed_at": offer.observed_at,
            }
        )
    if changed:
        await session.execute(insert(PriceObservationRow).values(changed))
    return UpsertStats(len(offers), new_products, len(changed))


async def _existing_products(session: AsyncSession, offers: list[Offer]) -> set[tuple[str, str]]:
    keys = {(offer.chain, offer.external_id) for offer in offers}
    rows = await session.execute(
        select(ProductRow.chain_code, ProductRow.external_id).where(
            ProductRow.chain_code.in_({chain for chain, _ in keys}),
            ProductRow.external_id.in_({external_id for _, external_id in keys}),
        )
    )
    return {(row.chain_code, row.external_id) for row in rows} & keys


async def latest_prices(
    session: AsyncSession, product_ids: Sequence[int]
) -> dict[int, PriceObservationRow]:
    """The newest price row of each product."""
    result: dict[int, PriceObservationRow] = {}
    for chunk in batched(product_ids, 900):
        newest = (
            select(func.max(PriceObservationRow.id))
            .where(PriceObservationRow.product_id.in_(chunk))
            .group_by(PriceObservationRow.product_id)
        )
        rows = await session.scalars(
            select(PriceObservationRow).where(PriceObservationRow.id.in_(newest))
        )
        result.update({row.product_id: row for row in rows})
    return result


def _current_prices_query() -> Select[ProductRow, PriceObservationRow]:
    newest = (
        select(func.max(PriceObservationRow.id).label("id"))
        .group_by(PriceObservationRow.product_id)
        .subquery()
    )
    return (
        select(ProductRow, PriceObservationRow)
        .join(PriceObservationRow, PriceObservationRow.product_id == ProductRow.id)
        .join(newest, newest.c.id == PriceObservationRow.id)
    )


async def current_prices(
    session: AsyncSession, *, chains: Sequence[str] | None = None, active_only: bool = True
) -> list[CurrentPrice]:
    """Every product with its newest price, for building in-memory indexes."""
    query = _current_prices_query()
    if chains is not None:
        query = query.where(ProductRow.chain_code.in_(chains))
    if active_only:
        query = query.where(ProductRow.active.is_(True))
    rows = await session.execute(query.order_by(ProductRow.id))
    return [CurrentPrice(product, price) for product, price in rows]


async def current_price(session: AsyncSession, product_id: int) -> CurrentPrice | None:
    row = (
        await session.execute(_current_prices_query().where(ProductRow.id == product_id))
    ).first()
    if row is None:
        return None
    product, price = row
    return CurrentPrice(product, price)


async def price_history(session: AsyncSession, product_id: int) -> list[PriceObservationRow]:
    rows = await session.scalars(
        select(PriceObservationRow)
        .where(PriceObservationRow.product_id == product_id)
        .order_by(PriceObservationRow.observed_at, PriceObservationRow.id)
    )
    return list(rows)


async def search_products(
    session: AsyncSession,
    query: str,
    *,
    chain: str | None = None,
    active_only: bool = True,
    limit: int = 50,
) -> list[ProductRow]:
    """Products whose normalized name holds every word of the query (as a prefix)."""
    terms = search_terms(query)
    if not terms:
        return []
    statement = select(ProductRow)
    if dialect_name(session) == "sqlite":
        match = " ".join('"' + term.replace('"', "") + '"*' for term in terms)
        statement = statement.where(
            ProductRow.id.in_(
                select(text("rowid"))
                .select_from(text("product_fts"))
                .where(text("product_fts MATCH :match"))
            )
        ).params(match=match)
    else:
        for term in terms:
            statement = statement.where(ProductRow.norm_name.like(f"%{term}%"))
    if chain is not None:
        statement = statement.where(ProductRow.chain_code == chain)
    if active_only:
        statement = statement.where(ProductRow.active.is_(True))
    return list(await session.scalars(statement.order_by(ProductRow.id).limit(limit)))


async def ensure_store(
    session: AsyncSession, chain: str, code: str, *, name: str = "", region: str = ""
) -> StoreRow:
    store = await session.scalar(
        select(StoreRow).where(StoreRow.chain_code == chain, StoreRow.code == code)
    )
    if store is None:
        store = StoreRow(chain_code=chain, code=code, name=name, region=region, address="")
        session.add(store)
        await session.flush()
    return store


async def start_run(
    session: AsyncSession, chain: str, store_code: str = "", *, source: str = "live"
) -> ScrapeRunRow:
    run = ScrapeRunRow(
        chain_code=chain,
        store_code=store_code,
        source=source,
        started_at=datetime.now(UTC),
        status="running",
    )
    session.add(run)
    await session.flush()
    return run


async def finish_run(
    session: AsyncSession,
    run: ScrapeRunRow,
    *,
    status: str,
    stats: UpsertStats = UpsertStats(),
    complete: bool = False,
    error: str | None = None,
) -> ScrapeRunRow:
    """Close a run. Only an ``ok`` and complete run may retire products it did not see."""
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"not a final run status: {status!r}")
    run.finished_at = datetime.now(UTC)
    run.status = status
    run.offers_seen = stats.offers
    run.products_new = stats.products_new
    run.prices_changed = stats.prices_changed
    run.error = error
    if status == "ok" and complete:
        run.deactivated = await mark_unseen_inactive(session, run.chain_code, run.started_at)
    await session.flush()
    return run


async def mark_unseen_inactive(session: AsyncSession, chain: str, seen_since: datetime) -> int:
    result = await session.execute(
        update(ProductRow)
        .where(
            ProductRow.chain_code == chain,
            ProductRow.active.is_(True),
            ProductRow.last_seen < seen_since,
        )
        .values(active=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class ChainStats:
    chain: str
    products: int
    active: int
    last_refresh: datetime | None
    last_status: str | None
    oldest_price_at: datetime | None


async def chain_stats(session: AsyncSession, chains: Sequence[str]) -> list[ChainStats]:
    counts = {
        row.chain_code: (row.total, row.active or 0)
        for row in await session.execute(
            select(
                ProductRow.chain_code,
                func.count().label("total"),
                func.sum(case((ProductRow.active.is_(True), 1), else_=0)).label("active"),
            ).group_by(ProductRow.chain_code)
        )
    }
    newest = (
        select(func.max(PriceObservationRow.id).label("id"))
        .join(ProductRow, ProductRow.id == PriceObservationRow.product_id)
        .where(ProductRow.active.is_(True))
        .group_by(PriceObservationRow.product_id)
        .subquery()
    )
    oldest = {
        row.chain_code: row.oldest
        for row in await session.execute(
            select(ProductRow.chain_code, func.min(PriceObservationRow.observed_at).label("oldest"))
            .join(PriceObservationRow, PriceObservationRow.product_id == ProductRow.id)
            .join(newest, newest.c.id == PriceObservationRow.id)
            .group_by(ProductRow.chain_code)
        )
    }
    result = []
    for chain in chains:
        last_run = await session.scalar(
            select(ScrapeRunRow)
            .where(ScrapeRunRow.chain_code == chain, ScrapeRunRow.status != "running")
            .order_by(ScrapeRunRow.started_at.desc(), ScrapeRunRow.id.desc())
            .limit(1)
        )
        total, active = counts.get(chain, (0, 0))
        oldest_at = oldest.get(chain)
        if isinstance(oldest_at, str):
            oldest_at = datetime.fromisoformat(oldest_at)
        if oldest_at is not None and oldest_at.tzinfo is None:
            oldest_at = oldest_at.replace(tzinfo=UTC)
        result.append(
            ChainStats(
                chain=chain,
                products=total,
                active=int(active),
                last_refresh=last_run.finished_at if last_run else None,
                last_status=last_run.status if last_run else None,
                oldest_price_at=oldest_at,
            )
        )
    return result
