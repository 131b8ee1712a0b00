"""How each chain writes a product name: word order, decimal mark, pack and brand spelling.

The differences are the ones shoppers meet on the chains' own sites (illustrative):

* Пятёрочка   «Молоко Простоквашино пастеризованное 3,2% 930мл»
* Перекрёсток «Молоко Простоквашино пастеризованное 3.2%, 930мл»
* Магнит      «Молоко Простоквашино 3,2% 930мл»
* Дикси       «Молоко пастеризованное ПРОСТОКВАШИНО 3,2% 0,93л»
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from catalog.demo.templates import Pack, Spec

Layout = Literal["brand_first", "descriptor_first", "short"]


@dataclass(frozen=True, slots=True)
class NamingStyle:
    layout: Layout
    decimal: str = ","
    pack_separator: str = " "
    multipack_sign: str = "x"
    # Volumes from this many millilitres up are printed in litres («0,93л»).
    litres_from_ml: float | None = None
    upper_brand: bool = False
    fold_yo: bool = False
    weighed_suffix: str = ""
    nouns: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    words: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))


STYLES: dict[str, NamingStyle] = {
    "pyaterochka": NamingStyle(
        layout="brand_first",
        multipack_sign="х",
        nouns=MappingProxyType({"Туалетная бумага": "Бумага туалетная"}),
        words=MappingProxyType({"С0": "СО"}),
    ),
    "perekrestok": NamingStyle(
        layout="brand_first",
        decimal=".",
        pack_separator=", ",
        nouns=MappingProxyType({"Яйца куриные": "Яйцо куриное"}),
        words=MappingProxyType({"С0": "СО"}),
    ),
    "magnit": NamingStyle(
        layout="short",
        fold_yo=True,
        weighed_suffix="(вес)",
        nouns=MappingProxyType({"Крупа гречневая": "Гречка", "Напиток газированный": "Напиток"}),
        words=MappingProxyType({"СО": "С0"}),
    ),
    "dixy": NamingStyle(
        layout="descriptor_first",
        multipack_sign="*",
        litres_from_ml=250,
        upper_brand=True,
        fold_yo=True,
        weighed_suffix="вес.",
        words=MappingProxyType({"СО": "С0"}),
    ),
}


def _number(value: float, decimal: str) -> str:
    return f"{value:g}".replace(".", decimal)


def pack_label(pack: Pack, style: NamingStyle) -> str:
    """The pack as the chain prints it: «930мл», «1.4л», «6х1,5л», «0,93л», «4*0,45л»."""
    amount, unit = pack.amount, pack.unit
    if style.litres_from_ml is not None and unit == "мл" and amount >= style.litres_from_ml:
        amount, unit = round(amount / 1000, 3), "л"
    label = f"{_number(amount, style.decimal)}{unit}"
    return f"{pack.count}{style.multipack_sign}{label}" if pack.count > 1 else label


def _variety(text: str, style: NamingStyle) -> str:
    return " ".join(style.words.get(word, word) for word in text.split())


def product_name(spec: Spec, chain: str) -> str:
    style = STYLES[chain]
    noun = style.nouns.get(spec.noun, spec.noun)
    brand = spec.brand or ""
    if style.upper_brand:
        brand = brand.upper()
    percent = (
        f"{_number(float(spec.percent.replace(',', '.')), style.decimal)}%" if spec.percent else ""
    )
    middle = [_variety(spec.variety, style), percent]
    if style.layout == "brand_first":
        words = [noun, brand, spec.descriptor, *middle]
    elif style.layout == "descriptor_first":
        words = [noun, spec.descriptor, brand, *middle]
    else:
        words = [noun, brand, *middle]
    name = " ".join(word for word in words if word)
    if spec.pack is not None:
        name += style.pack_separator + pack_label(spec.pack, style)
    elif style.weighed_suffix:
        name += " " + style.weighed_suffix
    name = re.sub(r"\s+", " ", name).strip()
    return name.replace("ё", "е").replace("Ё", "Е") if style.fold_yo else name
