"""Перекрёсток: the customer API 1.4.1.0 product feed and search (prices in kopecks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any

from stores.base import Capabilities, Category, StoreAdapter, leaf_categories
from stores.errors import SchemaChanged
from stores.offer import Offer, PackSize
from stores.packs import pack_size, parse_pack
from stores.parsing import decode_json, mapping, parse_items, positive_int, require, require_list

CHAIN = "perekrestok"
SITE = "https://www.perekrestok.ru"
_UNIT_KG = 2
_OUT_OF_STOCK = frozenset({"none", "empty", "outofstock", "absent"})


def _pack(title: str, master: Mapping[str, Any]) -> PackSize | None:
    # The name states the sold size; masterData.weight is gross (a 1 l tonic "weighs" 1038 g).
    named = parse_pack(title)
    if named is not None:
        return named
    if volume := positive_int(master.get("volume")):
        return pack_size(volume, "мл")
    if weight := positive_int(master.get("weight")):
        return pack_size(weight, "г")
    return None


def _image(item: Mapping[str, Any]) -> str | None:
    template = mapping(item.get("image")).get("cropUrlTemplate")
    return str(template).replace("%s", "800x800") if template else None


def parse_item(
    item: object, *, store_code: str, observed_at: datetime, source: str
) -> Offer | None:
    where = "content.items[]"
    external_id = str(require(item, "id", chain=CHAIN, where=where))
    title = str(require(item, "title", chain=CHAIN, where=where)).strip()
    master = require(item, "masterData", chain=CHAIN, where=where)
    tag = require(item, "priceTag", chain=CHAIN, where=where)
    if not isinstance(tag, Mapping) or "price" not in tag:
        raise SchemaChanged("priceTag.price", chain=CHAIN, where=where)
    if not isinstance(master, Mapping) or "unit" not in master:
        raise SchemaChanged("masterData.unit", chain=CHAIN, where=where)
    assert isinstance(item, Mapping)
    price = positive_int(tag.get("price"))
    if price is None or not title:
        return None
    gross = positive_int(tag.get("grossPrice"))
    per_kg = master.get("unit") == _UNIT_KG
    category = mapping(item.get("primaryCategory") or item.get("category"))
    labels = [str(label.get("text")) for label in tag.get("labels") or [] if mapping(label)]
    slug = master.get("slug")
    url = (
        f"{SITE}/cat/{category.get('id')}/p/{slug}-{master.get('plu')}"
        if slug and category.get("id")
        else None
    )
    return Offer(
        chain=CHAIN,
        store_code=store_code,
        external_id=external_id,
        name=title,
        brand="Перекрёсток" if master.get("privateLabel") else None,
        category_path=[str(category["title"])] if category.get("title") else [],
        price_kop=price,
        regular_price_kop=gross if gross and gross != price else None,
        promo_label=", ".join(labels) or None,
        unit_basis="kg" if per_kg else "pcs",
        pack=None if per_kg else _pack(title, master),
        in_stock=str(item.get("balanceState") or "many").lower() not in _OUT_OF_STOCK,
        url=url,
        image=_image(item),
        observed_at=observed_at,
        source=source,
    )


def parse_feed(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded ``catalog/product/feed`` answer (``content.items``)."""
    content = require(payload, "content", chain=CHAIN, where="response")
    items = require_list(content, "items", chain=CHAIN, where="content")
    return parse_items(
        items, parse_item, store_code=store_code, observed_at=observed_at, source=source
    )


def feed_has_next(payload: object) -> bool:
    content = require(payload, "content", chain=CHAIN, where="response")
    paginator = require(content, "paginator", chain=CHAIN, where="content")
    return bool(mapping(paginator).get("nextPageExists"))


def parse_search(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded ``catalog/search/all`` answer (``content.products``)."""
    content = require(payload, "content", chain=CHAIN, where="response")
    items = require_list(content, "products", chain=CHAIN, where="content")
    return parse_items(
        items, parse_item, store_code=store_code, observed_at=observed_at, source=source
    )


BASE = f"{SITE}/api/customer/1.4.1.0"
PER_PAGE = 100
MAX_PAGES = 200


def parse_category_tree(payload: object) -> list[Category]:
    """Leaves of ``POST catalog/tree`` (``content.items``) or ``catalog/category/{id}/full``
    (``content.children``); each node is ``{category: {id, title}, children: [...]}``."""
    content = require(payload, "content", chain=CHAIN, where="response")
    roots = mapping(content).get("items") or mapping(content).get("children")
    if not isinstance(roots, list):
        raise SchemaChanged("content.children", chain=CHAIN, where="category tree")
    return leaf_categories(
        roots,
        children=lambda node: node.get("children") or [],
        ident=lambda node: mapping(node.get("category")).get("id"),
        name=lambda node: mapping(node.get("category")).get("title"),
    )


class PerekrestokAdapter(StoreAdapter):
    chain = CHAIN
    capabilities = Capabilities(
        per_store_prices=True, promo_dates=False, card_price=False, stock=True
    )

    async def categories(self, store: str) -> list[Category]:
        payload = await self.fetch_json("POST", f"{BASE}/catalog/tree")
        return parse_category_tree(payload)

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        for page in range(1, MAX_PAGES + 1):
            payload = await self.fetch_json(
                "POST",
                f"{BASE}/catalog/product/feed",
                json={
                    "filter": {
                        "category": int(category.id) if category.id.isdigit() else category.id
                    },
                    "page": page,
                    "perPage": PER_PAGE,
                    "orderBy": "popularity",
                    "orderDirection": "desc",
                },
            )
            for offer in parse_feed(payload, store_code=store):
                yield offer.model_copy(update={"category_path": list(category.path)})
            if not feed_has_next(payload):
                return

    async def search(self, store: str, query: str, *, limit: int = 20) -> list[Offer]:
        payload = await self.fetch_json(
            "GET", f"{BASE}/catalog/search/all", params={"textQuery": query}
        )
        return parse_search(payload, store_code=store)[:limit]

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        payload = decode_json(text, chain=CHAIN)
        content = mapping(mapping(payload).get("content"))
        if "products" in content and "items" not in content:
            return parse_search(payload, store_code=store_code, source="file")
        return parse_feed(payload, store_code=store_code, source="file")
