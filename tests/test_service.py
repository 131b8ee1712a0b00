from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from catalog.db import Database
from catalog.models import ProductRow
from deshevle.errors import BasketNotFound, NotYourBasket, StaleBasket, UnknownChain, UnknownProduct
from deshevle.service import Deshevle
from deshevle.settings import Settings
from parser.models import ParsedList, ShoppingItem
from pricing.models import BasketAnswer, CheapestAnswer, EmptyAnswer
from tests.pricing.catalogue import item, offer, store


class FakeParser:
    """Answers a fixed list per text, so these tests do not depend on the parser's rules."""

    def __init__(self, lists: dict[str, ParsedList]) -> None:
        self.lists = lists

    async def parse(self, text: str) -> ParsedList:
        return self.lists.get(text, ParsedList())


MILK = item("молоко")
BREAD = item("хлеб")
LISTS = {
    "молоко, хлеб": ParsedList(items=[MILK, BREAD]),
    "молоко 2 л": ParsedList(items=[item("молоко", quantity=2, unit="л")]),
    "где дешевле молоко": ParsedList(items=[MILK], intent="cheapest"),
}
SHELF = [
    offer("Молоко Село 1 л", 7000, chain="pyaterochka"),
    offer("Молоко Домик в деревне 0,9 л", 9000, chain="pyaterochka"),
    offer("Молоко Простоквашино 930 мл", 9900, chain="pyaterochka"),
    offer("Хлеб Дарницкий", 4000, chain="pyaterochka"),
    offer("Молоко Красная цена 1 л", 6500, chain="magnit"),
    offer("Хлеб Бородинский", 6000, chain="magnit"),
]


def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path,
        chains=["pyaterochka", "magnit"],
        parser="rules",
        split_penalty_kop=15_000,
    )


@pytest.fixture
async def service(database: Database, tmp_path: Path) -> Deshevle:
    await store(database, SHELF)
    return await Deshevle.create(settings(tmp_path), database, parser=FakeParser(LISTS))


async def test_answer_ranks_chains_and_persists_the_basket(service: Deshevle) -> None:
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer)
    assert answer.basket_id is not None
    assert [(b.chain, b.total_kop) for b in answer.baskets] == [
        ("pyaterochka", 11000),
        ("magnit", 12500),
    ]
    assert answer.split is None  # 105 ₽ across two chains saves 5 ₽, less than the stop
    again = await service.basket(answer.basket_id, "tg:1")
    assert again.baskets == answer.baskets


async def test_swap_is_persisted_and_applied_by_a_new_instance(
    service: Deshevle, database: Database, tmp_path: Path
) -> None:
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.basket_id is not None
    page = await service.alternatives(answer.basket_id, "tg:1", "pyaterochka", 0, per_page=1)
    assert page.pages == 2 and len(page.options) == 1 and page.costs == []
    assert page.current_product_id == answer.baskets[0].lines[0].product.id
    two_litres = await service.answer("молоко 2 л", "tg:1")
    assert isinstance(two_litres, BasketAnswer) and two_litres.basket_id is not None
    by_amount = await service.alternatives(two_litres.basket_id, "tg:1", "pyaterochka", 0)
    # 2 l: Село 1 л is the pick (2 × 70 ₽); then 0,9 л Домик (3 × 90) and 930 мл (3 × 99).
    shown = zip(by_amount.options, by_amount.costs, strict=True)
    assert [(o.name, c.packs, c.total_kop) for o, c in shown] == [
        ("Молоко Домик в деревне 0,9 л", 3, 27000),
        ("Молоко Простоквашино 930 мл", 3, 29700),
    ]
    dearer = page.options[0]
    assert dearer.name == "Молоко Домик в деревне 0,9 л"

    swapped = await service.swap(answer.basket_id, "tg:1", "pyaterochka", 0, dearer.id)
    # 90 ₽ milk + 40 ₽ bread: Пятёрочка now costs more than Магнит and drops to second.
    assert [(b.chain, b.total_kop) for b in swapped.baskets] == [
        ("magnit", 12500),
        ("pyaterochka", 13000),
    ]

    restarted = await Deshevle.create(settings(tmp_path), database, parser=FakeParser(LISTS))
    later = await restarted.basket(answer.basket_id, "tg:1")
    line = next(b for b in later.baskets if b.chain == "pyaterochka").lines[0]
    assert (line.product.id, line.chosen) == (dearer.id, True)


async def test_closing_writes_the_baskets_a_new_instance_needs(
    service: Deshevle, database: Database, tmp_path: Path
) -> None:
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.basket_id is not None
    await service.aclose()
    restarted = await Deshevle.create(settings(tmp_path), database, parser=FakeParser(LISTS))
    later = await restarted.basket(answer.basket_id, "tg:1")
    assert later.baskets == answer.baskets


async def test_a_vanished_choice_falls_back_to_the_automatic_pick(
    service: Deshevle, database: Database
) -> None:
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.basket_id is not None
    page = await service.alternatives(answer.basket_id, "tg:1", "pyaterochka", 0)
    await service.swap(answer.basket_id, "tg:1", "pyaterochka", 0, page.options[0].id)
    async with database.transaction() as session:
        await session.execute(
            update(ProductRow).where(ProductRow.id == page.options[0].id).values(active=False)
        )
    await service.reload()
    later = await service.basket(answer.basket_id, "tg:1")
    basket = next(b for b in later.baskets if b.chain == "pyaterochka")
    assert basket.lines[0].product.name == "Молоко Село 1 л"
    assert basket.lines[0].chosen is False
    assert any("подобран автоматически" in note for note in basket.notes)


async def test_basket_errors(service: Deshevle) -> None:
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.basket_id is not None
    with pytest.raises(BasketNotFound):
        await service.basket(answer.basket_id + 100, "tg:1")
    with pytest.raises(NotYourBasket):
        await service.basket(answer.basket_id, "tg:2")
    with pytest.raises(UnknownChain):
        await service.alternatives(answer.basket_id, "tg:1", "dixy", 0)
    with pytest.raises(StaleBasket):
        await service.alternatives(answer.basket_id, "tg:1", "magnit", 7)
    bread_id = answer.baskets[0].lines[1].product.id
    with pytest.raises(UnknownProduct):
        await service.swap(answer.basket_id, "tg:1", "pyaterochka", 0, bread_id)
    with pytest.raises(UnknownChain):
        await service.answer("молоко, хлеб", "tg:1", chains=["nowhere"])


async def test_cheapest_intent_and_empty_messages(service: Deshevle) -> None:
    answer = await service.answer("где дешевле молоко", "tg:1")
    assert isinstance(answer, CheapestAnswer)
    assert answer.item == MILK
    assert [(o.chain, o.unit_price_kop) for o in answer.offers] == [
        ("magnit", 6500),
        ("pyaterochka", 7000),
        ("pyaterochka", 10000),
        ("pyaterochka", 10645),
    ]
    direct = await service.cheapest("молоко, хлеб", limit=2)
    assert isinstance(direct, CheapestAnswer) and len(direct.offers) == 2
    assert isinstance(await service.answer("привет", "tg:1"), EmptyAnswer)


async def test_answer_is_flagged_demo_only_for_demo_products(
    database: Database, tmp_path: Path
) -> None:
    await store(database, [offer("Молоко Демо 1 л", 7000, source="demo")])
    service = await Deshevle.create(settings(tmp_path), database, parser=FakeParser(LISTS))
    answer = await service.answer("молоко, хлеб", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.demo
    assert isinstance(answer.parsed.items[0], ShoppingItem)


async def test_split_is_offered_when_two_stops_save_more_than_the_penalty(
    database: Database, tmp_path: Path
) -> None:
    await store(
        database,
        [
            offer("Хлеб Дарницкий", 4000, chain="pyaterochka"),
            offer("Сыр Российский 200 г", 60000, chain="pyaterochka"),
            offer("Хлеб Бородинский", 30000, chain="magnit"),
            offer("Сыр Гауда 200 г", 20000, chain="magnit"),
        ],
    )
    lists = {"хлеб, сыр": ParsedList(items=[BREAD, item("сыр")])}
    service = await Deshevle.create(settings(tmp_path), database, parser=FakeParser(lists))
    answer = await service.answer("хлеб, сыр", "tg:1")
    assert isinstance(answer, BasketAnswer) and answer.split is not None
    # Best single: Магнит 500 ₽; bread in Пятёрочка + cheese in Магнит: 240 ₽.
    assert (answer.split.total_kop, answer.split.best_single_total_kop) == (24000, 50000)
    assert answer.split.saving_kop == 26000 > answer.split.penalty_kop == 15000
