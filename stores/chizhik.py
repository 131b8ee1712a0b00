"""Чижик: its own unauthorized catalogue (roubles as floats); the X5 delivery catalogue
uses Пятёрочка's item schema and parser."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

from stores.base import Capabilities, Category, StoreAdapter, named_tree_leaves
from stores.offer import Offer
from stores.packs import parse_pack
from stores.parsing import decode_json, mapping, parse_items, require, require_list, rub_to_kop
from stores.x5 import parse_x5_products

CHAIN = "chizhik"
BASE = "https://app.chizhik.club/api/v1"
SITE = "https://chizhik.club"
MAX_PAGES = 500


def _category_path(item: Mapping[str, Any]) -> list[str]:
    tree = item.get("categories_tree") or []
    names = [
        str(node.get("name")) for node in tree if isinstance(node, Mapping) and node.get("name")
    ]
    # The root «Основной каталог» says nothing about the product.
    return names[1:] if len(names) > 1 else names


def parse_item(
    item: object, *, store_code: str, observed_at: datetime, source: str
) -> Offer | None:
    where = "items[]"
    external_id = str(require(item, "id", chain=CHAIN, where=where))
    title = str(require(item, "title", chain=CHAIN, where=where)).strip()
    price = rub_to_kop(require(item, "price", chain=CHAIN, where=where))
    assert isinstance(item, Mapping)
    if price is None or not title:
        return None
    old = rub_to_kop(item.get("old_price"))
    images = item.get("images") or []
    image = mapping(images[0]).get("image") if images else None
    slug = item.get("slug")
    return Offer(
        chain=CHAIN,
        store_code=store_code,
        external_id=external_id,
        name=title,
        category_path=_category_path(item),
        price_kop=price,
        regular_price_kop=old if old and old > price else None,
        promo_label="скидка" if old and old > price else None,
        unit_basis="pcs",
        pack=parse_pack(title),
        in_stock=bool(item.get("is_available", True)),
        url=f"{SITE}/catalog/product/{slug}/" if slug else None,
        image=str(image) if image else None,
        observed_at=observed_at,
        source=source,
    )


def parse_products(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded ``catalog/unauthorized/products`` page."""
    items = require_list(payload, "items", chain=CHAIN, where="response")
    return parse_items(
        items, parse_item, store_code=store_code, observed_at=observed_at, source=source
    )


def parse_delivery_products(
    payload: object, *, store_code: str = "", source: str = "live"
) -> list[Offer]:
    """The X5 delivery catalogue: the same item schema as Пятёрочка."""
    return parse_x5_products(
        payload,
        chain=CHAIN,
        store_code=store_code,
        source=source,
        url_template=SITE + "/catalog/product/{id}/",
    )


def has_next_page(payload: object) -> bool:
    return mapping(payload).get("next") is not None


def parse_categories(payload: object) -> list[Category]:
    return named_tree_leaves(payload, chain=CHAIN)


class ChizhikAdapter(StoreAdapter):
    chain = CHAIN
    # Prices are per city, not per store.
    capabilities = Capabilities(
        per_store_prices=False, promo_dates=False, card_price=False, stock=False
    )

    async def categories(self, store: str) -> list[Category]:
        payload = await self.fetch_json(
            "GET", f"{BASE}/catalog/unauthorized/categories/", params={"city_id": store}
        )
        return parse_categories(payload)

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        for page in range(1, MAX_PAGES + 1):
            payload = await self.fetch_json(
                "GET",
                f"{BASE}/catalog/unauthorized/products/",
                params={"page": page, "category_id": category.id, "city_id": store},
            )
            for offer in parse_products(payload, store_code=store):
                yield offer
            if not has_next_page(payload):
                return

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        payload = decode_json(text, chain=CHAIN)
        if isinstance(payload, Mapping) and "products" in payload:
            return parse_delivery_products(payload, store_code=store_code, source="file")
        return parse_products(payload, store_code=store_code, source="file")
