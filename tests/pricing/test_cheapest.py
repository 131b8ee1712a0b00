from __future__ import annotations

import random
from collections import Counter

from catalog.db import Database
from pricing.basket import item_matches
from pricing.cheapest import cheapest_offers
from pricing.index import ChainIndex
from pricing.models import ProductView
from stores.offer import PackSize
from tests.pricing.catalogue import index_of, item, offer

CHAINS = ["pyaterochka", "magnit", "dixy"]
SIZES = [0.5, 0.9, 0.93, 1.0, 1.4, 2.0]


def full_sort(chains: list[ChainIndex], wanted: str, limit: int) -> list[ProductView]:
    """The naive answer: every match of every chain, sorted whole."""
    offers = [o.product for c in chains for o in item_matches(c, item(wanted)).options]
    if not offers:
        return []
    basis = Counter(offer.unit_basis for offer in offers).most_common(1)[0][0]
    offers.sort(
        key=lambda o: (
            o.unit_basis != basis,
            o.unit_price_kop if o.unit_price_kop is not None else o.price_kop,
            o.price_kop,
            o.id,
        )
    )
    return offers[:limit]


async def test_merge_of_chains_matches_the_full_sort(database: Database) -> None:
    rng = random.Random(11)
    shelf = []
    for number in range(120):
        litres = rng.choice(SIZES)
        shelf.append(
            offer(
                f"Молоко Марка{number} {str(litres).replace('.', ',')} л",
                rng.randrange(4000, 20000),
                chain=rng.choice(CHAINS),
                basis="l",
                pack=PackSize(amount=litres, unit="l"),
            )
        )
    # A few sold by the piece with no volume: their ₽/шт cannot rank among ₽/л.
    shelf += [offer(f"Молоко детское Малыш{n}", 3000 + n, chain=CHAINS[n % 3]) for n in range(4)]
    chains = list((await index_of(database, shelf)).chains.values())
    for limit in (1, 3, 10, 200):
        got = cheapest_offers(chains, item("молоко"), limit)
        assert [o.id for o in got] == [o.id for o in full_sort(chains, "молоко", limit)]
    everything = cheapest_offers(chains, item("молоко"), 200)
    assert len(everything) == 124
    assert {o.unit_basis for o in everything[-4:]} == {"pcs"}
    units = [o.unit_price_kop for o in everything[:-4]]
    assert units == sorted(units)  # type: ignore[type-var]


async def test_nothing_matches(database: Database) -> None:
    chains = list((await index_of(database, [offer("Хлеб Бородинский", 5000)])).chains.values())
    assert cheapest_offers(chains, item("молоко")) == []
