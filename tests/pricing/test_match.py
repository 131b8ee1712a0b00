from __future__ import annotations

import pytest

from catalog.db import Database
from pricing.index import ChainIndex
from pricing.match import item_query, match_item
from stores.offer import PackSize
from tests.pricing.catalogue import chain_of, item, offer

SHELF = [
    offer("Молоко Простоквашино 3,2% 930 мл", 8999, brand="Простоквашино"),
    offer("Молоко Домик в деревне 2,5% 900 мл", 9499, brand="Домик в деревне"),
    offer("Молоко ультрапастеризованное Parmalat 3,5% 1 л", 11999, in_stock=False),
    offer("Шоколад молочный Alpen Gold 85 г", 8999),
    offer("Коктейль молочный Чудо шоколад 2% 200 мл", 6999),
    offer("Сосиски молочные Останкино 450 г", 25999),
    offer("Молоко сгущённое Рогачёв цельное 8,5% 380 г", 12999),
    offer("Молочный шоколад Milka 90 г", 10999),
    offer("Хлеб Бородинский 400 г", 5499),
    offer("Батон нарезной 400 г", 4299),
    offer("Хлебцы ржаные Dr.Korner 100 г", 9999),
    offer("Яйца куриные С1 10 шт", 11999),
    offer("Яйца куриные С0 10 шт", 13999),
    offer("Яйца перепелиные 20 шт", 15999),
    offer("Чипсы Lay's сметана и зелень 140 г", 17999, brand="Lay's"),
    offer("Чипсы Pringles оригинальные 165 г", 24999, brand="Pringles"),
    offer("Кефир Простоквашино 2,5% 900 мл", 9999, in_stock=False),
]


@pytest.fixture
async def shelf(database: Database) -> ChainIndex:
    return await chain_of(database, SHELF)


def names(chain: ChainIndex, **fields: object) -> set[str]:
    name = str(fields.pop("name"))
    result = match_item(chain, item_query(item(name, **fields)))
    return {entry.view.name for entry in result.good}


async def test_milk_is_never_chocolate_cocktail_sausages_or_condensed(shelf: ChainIndex) -> None:
    assert names(shelf, name="молоко") == {
        "Молоко Простоквашино 3,2% 930 мл",
        "Молоко Домик в деревне 2,5% 900 мл",
    }


async def test_fat_percent_is_a_hard_filter(shelf: ChainIndex) -> None:
    assert names(shelf, name="молоко 3.2%", fat_percent=3.2) == {"Молоко Простоквашино 3,2% 930 мл"}
    assert names(shelf, name="молоко 1.5%", fat_percent=1.5) == set()


async def test_bread_is_not_crispbread(shelf: ChainIndex) -> None:
    assert names(shelf, name="хлеб") == {"Хлеб Бородинский 400 г", "Батон нарезной 400 г"}
    assert names(shelf, name="хлеб бородинский") == {"Хлеб Бородинский 400 г"}
    assert names(shelf, name="хлебцы") == {"Хлебцы ржаные Dr.Korner 100 г"}


async def test_eggs_are_hens_eggs_unless_quail_asked(shelf: ChainIndex) -> None:
    assert names(shelf, name="яйца") == {"Яйца куриные С1 10 шт", "Яйца куриные С0 10 шт"}
    assert names(shelf, name="яйца перепелиные") == {"Яйца перепелиные 20 шт"}
    assert names(shelf, name="яйца С0", egg_grade="СО") == {"Яйца куриные С0 10 шт"}


async def test_brand_is_a_hard_filter(shelf: ChainIndex) -> None:
    assert names(shelf, name="чипсы Lay's", brand="Lay's") == {"Чипсы Lay's сметана и зелень 140 г"}
    assert names(shelf, name="чипсы") == {
        "Чипсы Lay's сметана и зелень 140 г",
        "Чипсы Pringles оригинальные 165 г",
    }


async def test_pack_size_asked_beside_a_count_filters(shelf: ChainIndex) -> None:
    asked = PackSize(amount=0.9, unit="l")
    assert names(shelf, name="молоко", pack=asked, unit="уп") == {
        "Молоко Домик в деревне 2,5% 900 мл",
        "Молоко Простоквашино 3,2% 930 мл",
    }
    asked = PackSize(amount=0.2, unit="l")
    assert names(shelf, name="молоко", pack=asked, unit="уп") == set()


async def test_out_of_stock_is_excluded_but_reported(shelf: ChainIndex) -> None:
    result = match_item(shelf, item_query(item("кефир")))
    assert result.good == []
    assert [e.view.name for e in result.out_of_stock] == ["Кефир Простоквашино 2,5% 900 мл"]
    milk = match_item(shelf, item_query(item("молоко")))
    assert all(entry.view.in_stock for entry in milk.good)


async def test_unknown_item_matches_nothing(shelf: ChainIndex) -> None:
    assert names(shelf, name="ананас") == set()


async def test_cheese_is_not_processed_cheese_unless_asked(database: Database) -> None:
    chain = await chain_of(
        database,
        [offer("Сыр Российский 50% 200 г", 19999), offer("Сыр плавленый Hochland 400 г", 14999)],
    )
    assert names(chain, name="сыр") == {"Сыр Российский 50% 200 г"}
    assert names(chain, name="сыр плавленый") == {"Сыр плавленый Hochland 400 г"}


async def test_colloquial_names_find_their_kind(database: Database) -> None:
    chain = await chain_of(
        database,
        [
            offer("Крупа гречневая ядрица Увелка 800 г", 8999),
            offer("Гречка Мистраль 900 г", 9999),
            offer("Хлебцы гречневые Щедрые 60 г", 5999),
            offer("Крупа Увелка геркулес 500 г", 6999),
            offer("Хлопья овсяные Ясно солнышко 500 г", 7999),
            offer("Молоко сгущённое Рогачёв 8,5% 380 г", 12999),
            offer("Молоко Простоквашино 3,2% 930 мл", 8999),
        ],
    )
    assert names(chain, name="гречка") == {
        "Крупа гречневая ядрица Увелка 800 г",
        "Гречка Мистраль 900 г",
    }
    assert names(chain, name="крупа гречневая") == {"Крупа гречневая ядрица Увелка 800 г"}
    assert names(chain, name="овсянка") == {
        "Крупа Увелка геркулес 500 г",
        "Хлопья овсяные Ясно солнышко 500 г",
    }
    assert names(chain, name="сгущенка") == {"Молоко сгущённое Рогачёв 8,5% 380 г"}
    assert names(chain, name="молоко") == {"Молоко Простоквашино 3,2% 930 мл"}
