"""The cheapest good matches of one item across chains, ₽/кг or ₽/л first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from parser.models import ShoppingItem
from pricing.basket import item_matches
from pricing.index import ChainIndex
from pricing.models import ProductView


def cheapest_offers(
    chains: Iterable[ChainIndex], item: ShoppingItem, limit: int = 10
) -> list[ProductView]:
    offers = [option.product for chain in chains for option in item_matches(chain, item).options]
    if not offers:
        return []
    # Unit prices on another basis (₽/шт among ₽/кг) are not comparable: they go last.
    basis = Counter(offer.unit_basis for offer in offers).most_common(1)[0][0]
    offers.sort(
        key=lambda offer: (
            offer.unit_basis != basis,
            offer.unit_price_kop if offer.unit_price_kop is not None else offer.price_kop,
            offer.price_kop,
            offer.id,
        )
    )
    return offers[:limit]
