"""The X5 catalogue item schema shared by Пятёрочка (5d.5ka.ru) and Чижик's delivery catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from stores.errors import SchemaChanged
from stores.offer import Offer, UnitBasis
from stores.packs import parse_pack
from stores.parsing import mapping, require, require_list, rub_to_kop

_BASIS_BY_LABEL: dict[str, UnitBasis] = {"цена за 100 г": "100g", "цена за 1 кг": "kg"}


def price_basis(item: Mapping[str, Any]) -> UnitBasis:
    """«Цена за 100 г» and «Цена за 1 кг» label weighed goods; a plain size means per pack."""
    label = str(item.get("property_clarification") or "").strip().lower()
    if label in _BASIS_BY_LABEL:
        return _BASIS_BY_LABEL[label]
    if label.startswith("цена за"):
        return "kg"
    return "kg" if str(item.get("uom") or "").strip().lower() == "кг" else "pcs"


def promo_label(item: Mapping[str, Any]) -> str | None:
    labels = [
        str(label.get("label"))
        for label in item.get("labels") or []
        if isinstance(label, Mapping) and label.get("label")
    ]
    if labels:
        return ", ".join(labels)
    promo = mapping(item.get("promo"))
    n_plus_m = mapping(promo.get("n_plus_m"))
    if n_plus_m:
        return f"{n_plus_m.get('units_to_activate')}+{n_plus_m.get('units_to_add')}"
    return "скидка" if promo else None


def parse_item(
    item: object,
    *,
    chain: str,
    store_code: str,
    category_path: list[str],
    observed_at: datetime,
    source: str,
    url_template: str,
) -> Offer | None:
    """One catalogue item, or None when it carries no price (not sold here now)."""
    where = "products[]"
    external_id = str(require(item, "plu", chain=chain, where=where))
    name = str(require(item, "name", chain=chain, where=where)).strip()
    prices = require(item, "prices", chain=chain, where=where)
    if not isinstance(prices, Mapping) or "regular" not in prices:
        raise SchemaChanged("prices.regular", chain=chain, where=where)
    assert isinstance(item, Mapping)
    regular = rub_to_kop(prices.get("regular"))
    discount = rub_to_kop(prices.get("discount"))
    price = discount or regular
    if price is None or not name:
        return None
    basis = price_basis(item)
    images = mapping(item.get("image_links"))
    image_list = images.get("normal") or images.get("small") or []
    return Offer(
        chain=chain,
        store_code=store_code,
        external_id=external_id,
        name=name,
        category_path=category_path,
        price_kop=price,
        regular_price_kop=regular if discount and regular and regular != discount else None,
        promo_label=promo_label(item),
        unit_basis=basis,
        pack=None
        if basis != "pcs"
        else parse_pack(str(item.get("property_clarification") or "")) or parse_pack(name),
        in_stock=bool(item.get("is_available", True)),
        url=url_template.format(id=external_id),
        image=str(image_list[0]) if image_list else None,
        observed_at=observed_at,
        source=source,
    )


def parse_x5_products(
    payload: object,
    *,
    chain: str,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
    url_template: str,
) -> list[Offer]:
    """``{"products": [...]}`` from a category listing or a search answer."""
    items = require_list(payload, "products", chain=chain, where="response")
    assert isinstance(payload, Mapping)
    title = payload.get("name") or payload.get("category_title")
    path = [str(title)] if title else []
    moment = observed_at or datetime.now(UTC)
    offers = (
        parse_item(
            item,
            chain=chain,
            store_code=store_code,
            category_path=path,
            observed_at=moment,
            source=source,
            url_template=url_template,
        )
        for item in items
    )
    return [offer for offer in offers if offer is not None]
