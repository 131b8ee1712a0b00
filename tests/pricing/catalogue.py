"""Small catalogues for pricing tests, written through the real repository."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from catalog.db import Database
from catalog.repository import current_prices, upsert_offers
from parser.models import ShoppingItem
from pricing.index import CatalogueIndex, ChainIndex
from stores.offer import Offer, PackSize, UnitBasis

_ids = count(1)
OBSERVED = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def offer(
    name: str,
    price_kop: int,
    *,
    chain: str = "pyaterochka",
    brand: str | None = None,
    basis: UnitBasis = "pcs",
    pack: PackSize | None = None,
    card_kop: int | None = None,
    in_stock: bool = True,
    source: str = "live",
) -> Offer:
    return Offer(
        chain=chain,
        external_id=f"x{next(_ids)}",
        name=name,
        brand=brand,
        price_kop=price_kop,
        card_price_kop=card_kop,
        unit_basis=basis,
        pack=pack,
        in_stock=in_stock,
        observed_at=OBSERVED,
        source=source,
    )


async def store(database: Database, offers: list[Offer]) -> None:
    async with database.transaction() as session:
        await upsert_offers(session, offers)


async def index_of(database: Database, offers: list[Offer]) -> CatalogueIndex:
    await store(database, offers)
    async with database.session() as session:
        return CatalogueIndex.build(await current_prices(session))


async def chain_of(database: Database, offers: list[Offer]) -> ChainIndex:
    index = await index_of(database, offers)
    (chain,) = index.chains.values()
    return chain


def item(name: str, **fields: object) -> ShoppingItem:
    return ShoppingItem.model_validate({"name": name, **fields})
