from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.db import Database
from pricing.units import round_kop, unit_price
from stores.offer import PackSize
from tests.pricing.catalogue import chain_of, offer


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_kop(Decimal("2.5")) == 3
    assert round_kop(Decimal("3.5")) == 4
    assert round_kop(Decimal("2.49")) == 2


def test_pack_divides_price_into_litres() -> None:
    # 89,99 ₽ for 930 ml is 96,76 ₽/л (96.763…).
    price = unit_price(8999, "pcs", PackSize(amount=0.93, unit="l"))
    assert (price.kop, price.basis, price.weighed) == (9676, "l", False)


def test_no_pack_means_price_per_piece() -> None:
    assert unit_price(4590, "pcs", None).kop == 4590
    assert unit_price(4590, "pcs", None).basis == "pcs"


@pytest.mark.parametrize(
    ("name", "chain", "basis", "pack", "price", "expected"),
    [
        # Пятёрочка's «Цена за 100 г»: the shelf price is for 100 g of a weighed good.
        ("Бананы", "pyaterochka", "100g", None, 1299, (12990, "kg", True)),
        # Перекрёсток's unit = 2 and Магнит's weighted.unitPrice are per kilogram already;
        # a pack weight in the name must not divide them again.
        ("Сыр Российский весовой 300 г", "perekrestok", "kg", None, 79900, (79900, "kg", True)),
        ("Картофель 2 кг", "magnit", "kg", None, 5999, (5999, "kg", True)),
        ("Молоко Простоквашино 3,2% 930 мл", "magnit", "pcs", None, 8999, (9676, "l", False)),
        ("Молоко Домик в деревне 0,9 л", "dixy", "pcs", None, 9000, (10000, "l", False)),
        ("Яйца куриные С1 10 шт", "perekrestok", "pcs", None, 11990, (1199, "pcs", False)),
        ("Вода Святой источник 6x1.5л", "pyaterochka", "pcs", None, 27000, (3000, "l", False)),
        ("Сахар песок 2 кг", "chizhik", "pcs", None, 17990, (8995, "kg", False)),
        # The feed's pack wins over the name's.
        ("Сок 1 л", "dixy", "pcs", PackSize(amount=2, unit="l"), 20000, (10000, "l", False)),
    ],
)
async def test_unit_price_traps_per_chain(
    database: Database,
    name: str,
    chain: str,
    basis: str,
    pack: PackSize | None,
    price: int,
    expected: tuple[int, str, bool],
) -> None:
    index = await chain_of(database, [offer(name, price, chain=chain, basis=basis, pack=pack)])  # type: ignore[arg-type]
    (entry,) = index.products.values()
    assert (entry.view.unit_price_kop, entry.view.unit_basis, entry.view.weighed) == expected
