from __future__ import annotations

import random

from catalog.db import Database
from pricing.basket import Options, build_basket, choose, item_matches, rank
from pricing.models import Basket
from stores.offer import PackSize
from tests.pricing.catalogue import chain_of, index_of, item, offer


async def test_two_litres_bought_in_the_cheapest_whole_packs(database: Database) -> None:
    chain = await chain_of(
        database,
        [
            offer("Молоко Первое 0,9 л", 8000),
            offer("Молоко Второе 1 л", 9500),
            offer("Молоко Третье 1,4 л", 12000),
        ],
    )
    basket = build_basket(chain, [item("молоко", quantity=2, unit="л")])
    (line,) = basket.lines
    # 0.9 l needs 3 packs (240 ₽), 1.4 l needs 2 (240 ₽), 1 l needs 2 (190 ₽).
    assert (line.product.name, line.packs, line.line_total_kop) == ("Молоко Второе 1 л", 2, 19000)


async def test_ten_eggs_from_packs_of_six_ten_twenty(database: Database) -> None:
    shelf = [
        offer("Яйца куриные С1 6 шт", 7000),
        offer("Яйца куриные С1 10 шт", 11000),
        offer("Яйца куриные С1 20 шт", 21000),
    ]
    chain = await chain_of(database, shelf)
    (line,) = build_basket(chain, [item("яйца", quantity=10, unit="шт")]).lines
    assert (line.product.name, line.packs, line.line_total_kop) == (
        "Яйца куриные С1 10 шт",
        1,
        11000,
    )
    (line,) = build_basket(chain, [item("яйца", quantity=12, unit="шт")]).lines
    # 2 × 6 = 140 ₽ beats 20 for 210 ₽ and 2 × 10 for 220 ₽.
    assert (line.product.name, line.packs, line.line_total_kop) == (
        "Яйца куриные С1 6 шт",
        2,
        14000,
    )


async def test_weighed_goods_are_bought_by_the_kilogram(database: Database) -> None:
    chain = await chain_of(database, [offer("Картофель молодой", 500, basis="100g", card_kop=450)])
    (line,) = build_basket(chain, [item("картошка", quantity=1.5, unit="кг")]).lines
    # 5 ₽ per 100 g is 50 ₽/кг; 1.5 kg costs 75 ₽, 67,50 ₽ with the card.
    assert (line.packs, line.line_total_kop, line.card_line_total_kop) == (1.5, 7500, 6750)


MILKS = [
    ("Молоко Альфа 1 л", 7000),
    ("Молоко Бета 1 л", 8000),
    ("Молоко Гамма 1 л", 9000),
    ("Молоко Дельта 1 л", 10000),
    ("Молоко Эпсилон 1 л", 11000),
    ("Молоко Дзета 1 л", 12000),
    ("Молоко Эта 1 л", 13000),
    ("Молоко Тета 2 л", 80000),  # a luxury outlier: 400 ₽/л
]


async def test_price_tiers_are_ordered_and_expensive_is_not_the_outlier(database: Database) -> None:
    chain = await chain_of(database, [offer(name, price) for name, price in MILKS])

    def unit_price(category: str | None) -> int:
        (line,) = build_basket(chain, [item("молоко", priceCategory=category)]).lines
        assert line.product.unit_price_kop is not None
        return line.product.unit_price_kop

    cheap, medium, expensive = unit_price("cheap"), unit_price("medium"), unit_price("expensive")
    assert unit_price(None) == cheap == 7000
    assert cheap < medium < expensive
    assert expensive < 40000


async def test_expensive_never_cheaper_than_cheap_for_any_shelf(database: Database) -> None:
    chain = await chain_of(database, [offer(name, price) for name, price in MILKS])
    matches = item_matches(chain, item("молоко"))
    prices = [option.product.unit_price_kop or 0 for option in matches.options]
    assert prices == sorted(prices)
    for size in range(1, len(MILKS) + 1):
        subset = matches.options[:size]
        expensive, cheap = choose(subset, "expensive"), choose(subset, "cheap")
        assert (expensive.product.unit_price_kop or 0) >= (cheap.product.unit_price_kop or 0)


async def test_card_total_and_price_age(database: Database) -> None:
    chain = await chain_of(
        database,
        [offer("Хлеб Дарницкий 500 г", 5000, card_kop=4000), offer("Сыр Российский 200 г", 20000)],
    )
    basket = build_basket(chain, [item("хлеб"), item("сыр"), item("ананас")])
    assert (basket.total_kop, basket.card_total_kop) == (25000, 24000)
    assert (basket.found, basket.wanted, basket.complete) == (2, 3, False)
    assert [missing.name for missing in basket.missing] == ["ананас"]
    assert basket.oldest_price_at is not None and basket.oldest_price_at.tzinfo is not None


async def test_partial_basket_never_outranks_a_complete_one(database: Database) -> None:
    index = await index_of(
        database,
        [
            offer("Хлеб Дарницкий", 3000, chain="pyaterochka"),
            offer("Молоко Село 1 л", 5000, chain="pyaterochka"),
            offer("Хлеб Бородинский", 9000, chain="magnit"),
            offer("Молоко Домик 1 л", 12000, chain="magnit"),
            offer("Сыр Ламбер 200 г", 30000, chain="magnit"),
            offer("Хлеб Ржаной", 6000, chain="dixy"),
            offer("Молоко Весёлый молочник 1 л", 9000, chain="dixy"),
            offer("Сыр Российский 200 г", 25000, chain="dixy"),
        ],
    )
    items = [item("хлеб"), item("молоко"), item("сыр")]
    ranked = rank([build_basket(chain, items) for chain in index.chains.values()])
    assert [(b.chain, b.found, b.total_kop) for b in ranked] == [
        ("dixy", 3, 40000),
        ("magnit", 3, 51000),
        ("pyaterochka", 2, 8000),
    ]
    assert all(isinstance(b, Basket) for b in ranked)


async def test_six_bottles_may_come_as_one_six_pack(database: Database) -> None:
    chain = await chain_of(
        database,
        [
            offer("Вода Шишкин лес 1,5 л", 5000),
            offer("Вода Шишкин лес 6x1,5 л", 27000),
            offer("Вода Шишкин лес 5 л", 9000),
        ],
    )
    water = item("вода", quantity=6, unit="шт", pack=PackSize(amount=1.5, unit="l"))
    matches = item_matches(chain, water)
    assert {option.product.name for option in matches.options} == {
        "Вода Шишкин лес 1,5 л",
        "Вода Шишкин лес 6x1,5 л",
    }
    (line,) = build_basket(chain, [water]).lines
    assert (line.product.name, line.packs, line.line_total_kop) == (
        "Вода Шишкин лес 6x1,5 л",
        1,
        27000,
    )


async def test_bounded_cheapest_agrees_with_the_full_order(database: Database) -> None:
    rng = random.Random(5)
    sizes = ["0,5 л", "0,9 л", "930 мл", "1 л", "1,4 л", "2 л"]
    shelf = [
        offer(f"Молоко Марка{n} {rng.choice(sizes)}", rng.randrange(5000, 20000)) for n in range(60)
    ]
    chain = await chain_of(database, shelf)
    for litres in (0.5, 1, 2, 2.5, 3.7):
        options = item_matches(chain, item("молоко", quantity=litres, unit="л")).options
        totals = [option.cover.total_kop for option in options]
        assert totals == sorted(totals)
        assert isinstance(options, Options)
        fresh = item_matches(chain, item("молоко", quantity=litres, unit="л")).options
        assert fresh.cheapest().product.id == options[0].product.id
