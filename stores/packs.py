"""Pack sizes from product names and labels: «930 мл», «0,9 л», «10 шт», «6x1.5л», «2 кг», «180г».

The one place pack text is understood; pricing reuses it for unit prices.
"""

from __future__ import annotations

import re

from stores.offer import PackSize, PackUnit

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"(кг|kg|гр|г|g|мл|ml|л|l|шт|pcs)"
# No letter may follow the unit, so «5 гр.» matches but «5 граней» and «2 сл» do not.
_END = r"\.?(?![a-zа-яё])"
_START = r"(?<![\d.,a-zа-яё])"
_MULTI = re.compile(_START + r"(\d+)\s*[xх×*]\s*" + _NUMBER + r"\s*" + _UNIT + _END, re.IGNORECASE)
_SINGLE = re.compile(_START + _NUMBER + r"\s*" + _UNIT + _END, re.IGNORECASE)

_SCALE: dict[str, tuple[PackUnit, float]] = {
    "кг": ("kg", 1.0),
    "kg": ("kg", 1.0),
    "г": ("kg", 0.001),
    "гр": ("kg", 0.001),
    "g": ("kg", 0.001),
    "л": ("l", 1.0),
    "l": ("l", 1.0),
    "мл": ("l", 0.001),
    "ml": ("l", 0.001),
    "шт": ("pcs", 1.0),
    "pcs": ("pcs", 1.0),
}


def to_number(text: str) -> float:
    return float(text.replace(",", "."))


def pack_size(amount: float, unit_text: str, count: int = 1) -> PackSize | None:
    """``count`` units of ``amount`` ``unit_text`` each, normalized; None when meaningless."""
    unit, scale = _SCALE[unit_text.lower()]
    total = round(amount * scale * count, 6)
    if total <= 0 or count < 1:
        return None
    return PackSize(amount=total, unit=unit, count=count)


def parse_pack(text: str | None) -> PackSize | None:
    """The pack size written in ``text``, or None.

    A multipack («6x1.5л», «2х64г») wins over a plain size; among plain sizes the last one
    wins, since names end with the size («Сок J7 Апельсиновый 0,97л»).
    """
    if not text:
        return None
    multi = list(_MULTI.finditer(text))
    if multi:
        count, amount, unit = multi[-1].groups()
        return pack_size(to_number(amount), unit, int(count))
    single = list(_SINGLE.finditer(text))
    if single:
        amount, unit = single[-1].groups()
        return pack_size(to_number(amount), unit)
    return None
