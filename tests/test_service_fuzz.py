"""Random shopper messages through the whole service over the demo catalogue: answer, look at
alternatives, swap. Nothing may raise, and the totals must stay consistent."""

from __future__ import annotations

import random
from pathlib import Path

from catalog.db import Database
from catalog.demo import load_demo
from deshevle.service import Deshevle
from deshevle.settings import Settings
from pricing.models import Basket, BasketAnswer, CheapestAnswer, EmptyAnswer

WORDS = [
    "молоко",
    "хлеб",
    "яйца",
    "сыр",
    "гречка",
    "масло",
    "сливочное",
    "вода",
    "кофе",
    "чай",
    "бананы",
    "сахар",
    "лейс",
    "с0",
    "десяток",
    "дюжина",
    "полкило",
    "пол",
    "литра",
    "кг",
    "г",
    "мл",
    "шт",
    "пачки",
    "%",
    "3,2",
    "2",
    "5л",
    "1.5л",
    "x100",
    "подешевле",
    "дорогой",
    "самое",
    "дешевое",
    "спасибо",
    "и",
    ",",
    "🍌",
    "<b>",
    "&amp;",
    "0",
    "-1",
    "0.0001",
    "0,0004",
    "1000000",
    "999999999999",
    "1e308",
    "\n",
    "сахар\xa050\xa0кг",
]
MESSAGES = 300


def consistent(basket: Basket) -> None:
    assert basket.total_kop == sum(line.line_total_kop for line in basket.lines)
    assert basket.found == len(basket.lines) <= basket.wanted
    for line in basket.lines:
        assert line.line_total_kop > 0 and line.packs > 0


async def test_random_messages_answer_browse_and_swap(database: Database, tmp_path: Path) -> None:
    async with database.transaction() as session:
        await load_demo(session)
    settings = Settings(_env_file=None, data_dir=tmp_path, parser="rules")  # type: ignore[call-arg]
    service = await Deshevle.create(settings, database)
    rng = random.Random(2026)
    kinds: set[str] = set()
    swaps = 0
    for _ in range(MESSAGES):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
        answer = await service.answer(text, "fuzz")
        kinds.add(type(answer).__name__)
        # The rules parser turns its own errors into an empty list; that is a failure here.
        assert "parser_error" not in answer.parsed.warnings, text
        if isinstance(answer, CheapestAnswer):
            units = [offer.unit_price_kop or offer.price_kop for offer in answer.offers]
            comparable = [
                u
                for o, u in zip(answer.offers, units, strict=True)
                if o.unit_basis == answer.offers[0].unit_basis
            ]
            assert comparable == sorted(comparable)
            continue
        if not isinstance(answer, BasketAnswer):
            assert isinstance(answer, EmptyAnswer)
            continue
        assert answer.basket_id is not None
        for basket in answer.baskets:
            consistent(basket)
        shown = answer.baskets[0]
        if not shown.lines:
            continue
        line = shown.lines[0]
        page = await service.alternatives(answer.basket_id, "fuzz", shown.chain, line.index)
        assert line.product.id not in {option.id for option in page.options}
        if not page.options:
            continue
        choice = page.options[0]
        swapped = await service.swap(answer.basket_id, "fuzz", shown.chain, line.index, choice.id)
        (after,) = [basket for basket in swapped.baskets if basket.chain == shown.chain]
        consistent(after)
        (new_line,) = [each for each in after.lines if each.index == line.index]
        assert new_line.product.id == choice.id and new_line.chosen
        swaps += 1
    await service.aclose()
    # The messages exercised every kind of answer and many swaps, not only the empty hint.
    assert kinds == {"BasketAnswer", "CheapestAnswer", "EmptyAnswer"}
    assert swaps > MESSAGES // 3
