"""Russian money, unit and coverage labels, shared by the CLI and the bot."""

from __future__ import annotations

from pricing.models import Basket, ProductView, UnitPriceBasis
from stores.offer import PackSize
from stores.packs import parse_pack

UNIT_LABELS: dict[UnitPriceBasis, str] = {"kg": "₽/кг", "l": "₽/л", "pcs": "₽/шт"}


def _number(value: float) -> str:
    """At most three decimals, a decimal comma, no trailing zeros: 0,93 · 1,5 · 10."""
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def rub(kop: int) -> str:
    """«89,99 ₽», «1 234,00 ₽»: kopecks always shown, thousands split by a space."""
    sign = "−" if kop < 0 else ""
    roubles, kopecks = divmod(abs(kop), 100)
    return f"{sign}{roubles:,}".replace(",", " ") + f",{kopecks:02d} ₽"


def unit_label(basis: UnitPriceBasis) -> str:
    return UNIT_LABELS[basis]


def unit_price(product: ProductView) -> str | None:
    """«103,23 ₽/л», or None when the unit price is unknown."""
    if product.unit_price_kop is None:
        return None
    return f"{rub(product.unit_price_kop)[:-2]} {unit_label(product.unit_basis)}"


def pack(size: PackSize) -> str:
    """«930 мл», «1,5 л», «10 шт», «6×1,5 л»."""
    each = size.amount / size.count
    if size.unit == "pcs":
        text = f"{_number(each)} шт"
    elif each < 1:
        text = f"{_number(each * 1000)} {'г' if size.unit == 'kg' else 'мл'}"
    else:
        text = f"{_number(each)} {'кг' if size.unit == 'kg' else 'л'}"
    return f"{size.count}×{text}" if size.count > 1 else text


def product_name(product: ProductView) -> str:
    """The name, with the pack size added when the name itself does not say it."""
    if product.pack is None or parse_pack(product.name) is not None:
        return product.name
    return f"{product.name} ({pack(product.pack)})"


def bought(product: ProductView, count: float) -> str:
    """How much of the product a line buys: «2 уп.», or «0,5 кг» of a weighed product."""
    return f"{_number(count)} {'кг' if product.weighed else 'уп.'}"


def plural(count: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for ``count``: 1 день, 2 дня, 5 дней, 11 дней, 21 день."""
    tens, units = count % 100 // 10, count % 10
    if tens != 1 and units == 1:
        return one
    if tens != 1 and 2 <= units <= 4:
        return few
    return many


def coverage(basket: Basket) -> str:
    return f"найдено {basket.found} из {basket.wanted}"
