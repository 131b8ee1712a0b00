"""Магнит: webgate v2 ``goods/search`` (kopecks, offset pagination) and the v3 category tree."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime

from stores.base import Capabilities, Category, StoreAdapter, named_tree_leaves
from stores.errors import SchemaChanged
from stores.offer import Offer, UnitBasis
from stores.packs import parse_pack
from stores.parsing import decode_json, mapping, parse_items, positive_int, require, require_list

CHAIN = "magnit"
SITE = "https://magnit.ru"
BASE = f"{SITE}/webgate"
PAGE_LIMIT = 50
# The API errors past offset ~10 000; leaf categories never get near it.
MAX_OFFSET = 10_000
STORE_TYPE = "1"
CATALOG_TYPE = "1"


def _parse_end(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _weighted_basis(label: object) -> UnitBasis:
    text = str(label or "").replace(" ", "").lower()
    return "100g" if text in ("100г", "100гр") else "l" if text == "л" else "kg"


def parse_item(
    item: object, *, store_code: str, observed_at: datetime, source: str
) -> Offer | None:
    where = "items[]"
    raw_id = mapping(item).get("id") or mapping(item).get("productId")
    if raw_id is None:
        raise SchemaChanged("id", chain=CHAIN, where=where)
    name = str(require(item, "name", chain=CHAIN, where=where)).strip()
    price = positive_int(require(item, "price", chain=CHAIN, where=where))
    assert isinstance(item, Mapping)
    promo = mapping(item.get("promotion"))
    weighted = mapping(item.get("weighted"))
    is_promo = bool(promo.get("isPromotion"))
    old = positive_int(promo.get("oldPrice")) if is_promo else None
    unit_price = positive_int(weighted.get("unitPrice")) if weighted.get("isWeighted") else None
    if unit_price is not None:
        # A weighed item's «price» is for an average piece; the shelf price is per kg.
        price, old, basis, pack = unit_price, None, _weighted_basis(weighted.get("unitLabel")), None
    else:
        basis, pack = "pcs", parse_pack(name)
    if price is None or not name:
        return None
    percent = promo.get("discountPercent")
    gallery = [mapping(entry) for entry in item.get("gallery") or []]
    image = next((entry.get("url") for entry in gallery if entry.get("url")), None)
    quantity = item.get("quantity")
    return Offer(
        chain=CHAIN,
        store_code=str(item.get("storeCode") or store_code),
        external_id=str(raw_id),
        name=name,
        price_kop=price,
        regular_price_kop=old if old and old > price else None,
        promo_label=(f"-{percent}%" if percent else "акция") if is_promo else None,
        promo_end=_parse_end(promo.get("endDate")) if is_promo else None,
        unit_basis=basis,
        pack=pack,
        in_stock=not isinstance(quantity, int | float) or quantity > 0,
        url=f"{SITE}/product/{raw_id}",
        image=str(image) if image else None,
        observed_at=observed_at,
        source=source,
    )


def parse_goods(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded ``goods/search`` answer."""
    items = require_list(payload, "items", chain=CHAIN, where="response")
    title = mapping(mapping(payload).get("category")).get("title")
    offers = parse_items(
        items, parse_item, store_code=store_code, observed_at=observed_at, source=source
    )
    if not title:
        return offers
    return [offer.model_copy(update={"category_path": [str(title)]}) for offer in offers]


def next_offset(payload: object) -> int | None:
    """Where the next page starts, or None on the last page."""
    pagination = require(payload, "pagination", chain=CHAIN, where="response")
    if not isinstance(pagination, Mapping) or "hasMore" not in pagination:
        raise SchemaChanged("pagination.hasMore", chain=CHAIN, where="response")
    if not pagination.get("hasMore"):
        return None
    offset = pagination.get("nextOffset")
    return offset if isinstance(offset, int) else None


def parse_categories(payload: object) -> list[Category]:
    nodes = payload if isinstance(payload, list) else mapping(payload).get("items")
    return named_tree_leaves(nodes, chain=CHAIN)


class MagnitAdapter(StoreAdapter):
    chain = CHAIN
    needs_store = True
    capabilities = Capabilities(
        per_store_prices=True, promo_dates=True, card_price=False, stock=True
    )

    async def categories(self, store: str) -> list[Category]:
        payload = await self.fetch_json(
            "GET",
            f"{BASE}/v3/categories/store/{store}",
            params={"storetype": STORE_TYPE, "catalogtype": CATALOG_TYPE},
        )
        return parse_categories(payload)

    def _body(
        self, store: str, offset: int, *, category: str | None = None, term: str = ""
    ) -> dict[str, object]:
        return {
            "categories": [int(category) if category.isdigit() else category] if category else [],
            "term": term,
            "includeAdultGoods": True,
            "pagination": {"limit": PAGE_LIMIT, "offset": offset},
            "sort": {"order": "desc", "type": "popularity"},
            "storeCode": store,
            "storeType": STORE_TYPE,
            "catalogType": CATALOG_TYPE,
        }

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        offset: int | None = 0
        while offset is not None and offset < MAX_OFFSET:
            payload = await self.fetch_json(
                "POST",
                f"{BASE}/v2/goods/search",
                json=self._body(store, offset, category=category.id),
            )
            for offer in parse_goods(payload, store_code=store):
                yield offer.model_copy(update={"category_path": list(category.path)})
            following = next_offset(payload)
            offset = following if following is not None and following > offset else None

    async def search(self, store: str, query: str, *, limit: int = 20) -> list[Offer]:
        payload = await self.fetch_json(
            "POST", f"{BASE}/v2/goods/search", json=self._body(store, 0, term=query)
        )
        return parse_goods(payload, store_code=store)[:limit]

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        return parse_goods(decode_json(text, chain=CHAIN), store_code=store_code, source="file")
