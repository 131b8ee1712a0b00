from __future__ import annotations

from catalog.db import Database
from pricing.basket import build_basket, rank
from pricing.models import Basket
from pricing.split import split_basket
from tests.pricing.catalogue import index_of, item, offer

ITEMS = [item("хлеб"), item("сыр")]


async def baskets(database: Database) -> list[Basket]:
    index = await index_of(
        database,
        [
            # Пятёрочка: cheap bread, dear cheese: 600 ₽; Магнит the reverse: 500 ₽.
            offer("Хлеб Дарницкий", 10000, chain="pyaterochka"),
            offer("Сыр Российский 200 г", 50000, chain="pyaterochka"),
            offer("Хлеб Ржаной", 40000, chain="magnit"),
            offer("Сыр Гауда 200 г", 10000, chain="magnit"),
            # Дикси has no cheese, but the cheapest bread of all.
            offer("Хлеб Белый", 5000, chain="dixy"),
        ],
    )
    return rank([build_basket(chain, ITEMS) for chain in index.chains.values()])


async def test_split_across_two_chains_when_saving_beats_the_penalty(database: Database) -> None:
    split = split_basket(await baskets(database), penalty_kop=15_000)
    assert split is not None
    # Bread from Дикси (50 ₽) + cheese from Магнит (100 ₽) = 150 ₽ against 500 ₽ in Магнит.
    assert sorted(split.chains) == ["dixy", "magnit"]
    assert [(line.chain, line.line.line_total_kop) for line in split.lines] == [
        ("dixy", 5000),
        ("magnit", 10000),
    ]
    assert (split.total_kop, split.best_single_total_kop) == (15000, 50000)
    assert (split.saving_kop, split.penalty_kop) == (35000, 15000)


async def test_no_split_when_the_saving_does_not_beat_the_penalty(database: Database) -> None:
    ranked = await baskets(database)
    assert split_basket(ranked, penalty_kop=35_000) is None
    assert split_basket(ranked, penalty_kop=34_999) is not None


async def test_no_split_without_a_complete_single_chain(database: Database) -> None:
    partial = [b for b in await baskets(database) if b.chain == "dixy"]
    assert split_basket(partial, penalty_kop=0) is None
