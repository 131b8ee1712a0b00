"""How many packs (or kilograms) of a product cover what the shopper asked for, and at what cost."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from parser.models import ShoppingItem
from pricing.models import ProductView
from pricing.units import cost_of_kg

NeedUnit = Literal["kg", "l", "pcs"]
# Float slack so 3 × 0.333 l still covers 1 l.
EPSILON = 1e-6

_MEASURES: dict[str, tuple[NeedUnit, float]] = {
    "кг": ("kg", 1.0),
    "г": ("kg", 0.001),
    "л": ("l", 1.0),
    "мл": ("l", 0.001),
    "шт": ("pcs", 1.0),
}


@dataclass(frozen=True, slots=True)
class Need:
    """An amount in kg, l or pieces; ``unit`` None means ``amount`` packs."""

    amount: float
    unit: NeedUnit | None


def need_of(item: ShoppingItem) -> Need:
    if item.unit in _MEASURES:
        unit, scale = _MEASURES[item.unit]
        return Need(item.quantity * scale, unit)
    return Need(item.quantity, None)


@dataclass(frozen=True, slots=True)
class Cover:
    packs: float
    total_kop: int
    card_total_kop: int | None

    @property
    def effective_kop(self) -> int:
        return self.card_total_kop if self.card_total_kop is not None else self.total_kop


def _packs_needed(product: ProductView, need: Need) -> int:
    pack = product.pack
    if need.unit is None:
        return max(1, math.ceil(need.amount - EPSILON))
    if pack is not None and pack.unit == need.unit:
        return max(1, math.ceil(need.amount / pack.amount - EPSILON))
    if need.unit == "pcs":
        # «2 шт молока»: pieces of something sold in packs are packs; a six-pack holds six.
        count = pack.count if pack is not None else 1
        return max(1, math.ceil(need.amount / count - EPSILON))
    # An amount asked of a product whose pack size is unknown: one pack is the honest guess.
    return 1


def line_total(product: ProductView, need: Need) -> int:
    """What covering ``need`` with ``product`` costs, without the card price."""
    if product.weighed and product.unit_price_kop is not None:
        return cost_of_kg(product.unit_price_kop, need.amount)
    return _packs_needed(product, need) * product.price_kop


def cover(product: ProductView, need: Need) -> Cover:
    """The cheapest whole-pack purchase of ``product`` reaching ``need``.

    Weighed goods are bought by the kilogram; with no weight asked, one kilogram per unit
    of quantity.
    """
    if product.weighed and product.unit_price_kop is not None:
        kilograms = need.amount
        # Shelf prices of weighed goods may be per 100 g: scale the card price alike.
        factor = product.unit_price_kop // product.price_kop
        card = product.card_price_kop
        return Cover(
            packs=kilograms,
            total_kop=cost_of_kg(product.unit_price_kop, kilograms),
            card_total_kop=cost_of_kg(card * factor, kilograms) if card else None,
        )
    packs = _packs_needed(product, need)
    card = product.card_price_kop
    return Cover(
        packs=float(packs),
        total_kop=packs * product.price_kop,
        card_total_kop=packs * card if card else None,
    )
