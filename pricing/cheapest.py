"""The cheapest good matches of one item across chains, ₽/кг or ₽/л first."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from itertools import chain as chained
from operator import attrgetter

from parser.models import ShoppingItem
from pricing.basket import item_matches
from pricing.index import ChainIndex, price_order
from pricing.models import ProductView

_basis = attrgetter("basis")


def cheapest_offers(
    chains: Iterable[ChainIndex], item: ShoppingItem, limit: int = 10
) -> list[ProductView]:
    """The ``limit`` cheapest matches by unit price, then shelf price.

    Each chain's matches already come in that order, so a lazy merge reads only the head of
    each list: a broad word («молоко») matches thousands of products in a big catalogue.
    """
    shelves = [good for chain in chains if (good := item_matches(chain, item).result.good)]
    if not shelves:
        return []
    # Unit prices on another basis (₽/шт among ₽/кг) are not comparable: they go last.
    basis = Counter(map(_basis, chained.from_iterable(shelves))).most_common(1)[0][0]
    comparable: list[ProductView] = []
    others: list[ProductView] = []
    for entry in heapq.merge(*shelves, key=price_order):
        if entry.basis == basis:
            comparable.append(entry.view)
            if len(comparable) == limit:
                break
        elif len(others) < limit:
            others.append(entry.view)
    return (comparable + others)[:limit]
