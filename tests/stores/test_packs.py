from __future__ import annotations

import pytest

from stores.offer import PackSize
from stores.packs import parse_pack


@pytest.mark.parametrize(
    ("text", "amount", "unit", "count"),
    [
        ("Молоко 3,2% 930 мл", 0.93, "l", 1),
        ("Кефир 0,9 л", 0.9, "l", 1),
        ("Яйцо С1 10 шт", 10, "pcs", 1),
        ("Вода 6x1.5л", 9.0, "l", 6),
        ("Вода 6х1,5 л", 9.0, "l", 6),
        ("Картофель 2 кг", 2.0, "kg", 1),
        ("Блины с мясом 180г", 0.18, "kg", 1),
        ("Пончик Берлинский, 2х64г", 0.128, "kg", 2),
        ("Сыр 45% 200 гр.", 0.2, "kg", 1),
        ("Авокадо Хасс 2шт.", 2, "pcs", 1),
        ("Салфетки 2сл 24х24, 100шт", 100, "pcs", 1),
        ("Вино 0.75л", 0.75, "l", 1),
    ],
)
def test_pack_sizes_from_names(text: str, amount: float, unit: str, count: int) -> None:
    assert parse_pack(text) == PackSize(amount=amount, unit=unit, count=count)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", None, "Помело розовое", "Кофе 3в1", "Сумка 6.3х14.5х11.5см", "Цикорий 5 граней"]
)
def test_no_pack_size(text: str | None) -> None:
    assert parse_pack(text) is None
