"""Unit prices (₽/кг, ₽/л, ₽/шт) and the chains' price-basis traps, in integer kopecks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pricing.models import UnitPriceBasis
from stores.offer import PackSize
from stores.packs import parse_pack

WEIGHED_BASES = frozenset({"kg", "100g"})


def round_kop(value: Decimal) -> int:
    """Half-up to whole kopecks: the rounding a shop label uses, not banker's rounding."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _decimal(amount: float) -> Decimal:
    # Through str, so 0.93 stays 0.93 rather than its binary approximation.
    return Decimal(str(amount))


def stored_pack(amount: float | None, unit: str | None, count: int, name: str) -> PackSize | None:
    """The pack the feed gave, else the one written in the name («930 мл», «6x1.5л»)."""
    if amount and unit in ("kg", "l", "pcs"):
        return PackSize(amount=amount, unit=unit, count=max(count, 1))  # type: ignore[arg-type]
    return parse_pack(name)


@dataclass(frozen=True, slots=True)
class UnitPrice:
    kop: int | None
    basis: UnitPriceBasis
    weighed: bool


def unit_price(price_kop: int, unit_basis: str, pack: PackSize | None) -> UnitPrice:
    """What one kilogram, litre or piece costs.

    Пятёрочка prices weighed goods «за 100 г» (basis ``100g``), Перекрёсток (unit = 2) and
    Магнит (weighted.unitPrice) per kilogram (basis ``kg``): those prices are already unit
    prices and must not be divided by a pack weight again.
    """
    if unit_basis == "100g":
        return UnitPrice(price_kop * 10, "kg", True)
    if unit_basis == "kg":
        return UnitPrice(price_kop, "kg", True)
    if unit_basis == "l":
        return UnitPrice(price_kop, "l", False)
    if pack is None:
        return UnitPrice(price_kop, "pcs", False)
    return UnitPrice(round_kop(Decimal(price_kop) / _decimal(pack.amount)), pack.unit, False)


def cost_of_kg(price_per_kg_kop: int, kilograms: float) -> int:
    """Half-up kopecks for a weight, to the gram; integer arithmetic, as it runs per candidate."""
    grams = round(kilograms * 1000)
    return (price_per_kg_kop * grams + 500) // 1000
