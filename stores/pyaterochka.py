"""Пятёрочка: the 5d.5ka.ru catalogue API (v2 category listings, v3 search)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime

from stores.base import Capabilities, Category, StoreAdapter, StoreRef, named_tree_leaves
from stores.offer import Offer
from stores.parsing import decode_json, require
from stores.x5 import parse_x5_products

CHAIN = "pyaterochka"
PRODUCT_URL = "https://5ka.ru/product/{id}/"


def parse_products(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded category-products or search answer (``{"products": [...]}``)."""
    return parse_x5_products(
        payload,
        chain=CHAIN,
        store_code=store_code,
        observed_at=observed_at,
        source=source,
        url_template=PRODUCT_URL,
    )


BASE = "https://5d.5ka.ru/api"
MODE = "store"
PAGE_LIMIT = 499


def parse_categories(payload: object) -> list[Category]:
    """Leaves of the ``categories?include_subcategories=1`` tree."""
    return named_tree_leaves(payload, chain=CHAIN, children_key="categories")


def parse_store(payload: object) -> StoreRef:
    code = require(payload, "sap_code", chain=CHAIN, where="store")
    assert isinstance(payload, Mapping)
    return StoreRef(
        code=str(code),
        address=str(payload.get("shop_address") or ""),
        region=str(payload.get("store_city") or ""),
    )


class PyaterochkaAdapter(StoreAdapter):
    chain = CHAIN
    needs_store = True
    capabilities = Capabilities(
        per_store_prices=True, promo_dates=False, card_price=False, stock=True, resolve_store=True
    )

    async def categories(self, store: str) -> list[Category]:
        payload = await self.fetch_json(
            "GET",
            f"{BASE}/catalog/v2/stores/{store}/categories",
            params={"mode": MODE, "include_subcategories": 1},
        )
        return parse_categories(payload)

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        # The listing has no pages: one call with the largest limit the API accepts.
        payload = await self.fetch_json(
            "GET",
            f"{BASE}/catalog/v2/stores/{store}/categories/{category.id}/products",
            params={"mode": MODE, "include_restrict": "true", "limit": PAGE_LIMIT},
        )
        for offer in parse_products(payload, store_code=store):
            yield offer.model_copy(update={"category_path": list(category.path)})

    async def search(self, store: str, query: str, *, limit: int = 20) -> list[Offer]:
        payload = await self.fetch_json(
            "GET",
            f"{BASE}/catalog/v3/stores/{store}/search",
            params={"mode": MODE, "q": query, "limit": limit},
        )
        return parse_products(payload, store_code=store)

    async def resolve_store(self, *, lat: float, lon: float) -> StoreRef:
        payload = await self.fetch_json(
            "GET", f"{BASE}/orders/v1/orders/stores/", params={"lon": lon, "lat": lat}
        )
        return parse_store(payload)

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        return parse_products(decode_json(text, chain=CHAIN), store_code=store_code, source="file")
