"""Дикси: the site's own HTML (selectolax) and the storefront's listing JSON; guest prices."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from stores.base import Capabilities, Category, StoreAdapter
from stores.errors import ParseError, SchemaChanged
from stores.offer import Offer
from stores.packs import parse_pack
from stores.parsing import (
    decode_json,
    looks_like_html,
    mapping,
    parse_items,
    require,
    require_list,
    rub_to_kop,
)

CHAIN = "dixy"
SITE = "https://dixy.ru"
MAX_PAGES = 200
_SOLD_OUT = ("раскупили", "нет в наличии")
_INIT_CALL = "initElementData("


def _absolute(path: object) -> str | None:
    if not path:
        return None
    text = str(path)
    return text if text.startswith("http") else f"{SITE}{text}"


def parse_card(
    card: object, *, store_code: str, observed_at: datetime, source: str
) -> Offer | None:
    """One product from the listing JSON or a card's ``initElementData`` object."""
    where = "card"
    external_id = str(require(card, "id", chain=CHAIN, where=where))
    title = str(require(card, "title", chain=CHAIN, where=where)).strip()
    price = rub_to_kop(require(card, "priceSimple", chain=CHAIN, where=where))
    assert isinstance(card, Mapping)
    if price is None or not title:
        return None
    old = rub_to_kop(card.get("oldPriceSimple"))
    per_kg = str(card.get("symbol") or "").strip().lower() == "кг"
    section = card.get("section")
    return Offer(
        chain=CHAIN,
        store_code=store_code,
        external_id=external_id,
        name=title,
        brand=str(card.get("brand")) if card.get("brand") else None,
        category_path=[str(section)] if section else [],
        price_kop=price,
        regular_price_kop=old if old and old > price else None,
        promo_label="скидка" if old and old > price else None,
        unit_basis="kg" if per_kg else "pcs",
        pack=None if per_kg else parse_pack(title) or parse_pack(str(card.get("weight") or "")),
        in_stock=bool(card.get("canBuy", True)),
        url=_absolute(card.get("url")),
        image=_absolute(card.get("image")),
        observed_at=observed_at,
        source=source,
    )


def parse_listing(
    payload: object,
    *,
    store_code: str = "",
    observed_at: datetime | None = None,
    source: str = "live",
) -> list[Offer]:
    """Offers from a decoded ``ajax/listing-json.php`` page."""
    cards = require_list(payload, "cards", chain=CHAIN, where="response")
    return parse_items(
        cards, parse_card, store_code=store_code, observed_at=observed_at, source=source
    )


def listing_is_last(payload: object) -> bool:
    pages = require(payload, "pagenData", chain=CHAIN, where="response")
    info = mapping(pages)
    if "isLastPage" in info:
        return bool(info["isLastPage"])
    page, count = info.get("page"), info.get("pages_count")
    return not (isinstance(page, int) and isinstance(count, int) and page < count)


def _init_data(html: str) -> dict[str, Any] | None:
    start = html.find(_INIT_CALL)
    if start < 0:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(html, start + len(_INIT_CALL))
    except ValueError as error:
        raise ParseError(f"initElementData holds malformed JSON: {error}", chain=CHAIN) from error
    return data if isinstance(data, dict) else None


def _price_from_node(node: Node | None) -> int | None:
    # «438.<span>90</span><span class='rub'>руб.</span>»: roubles and kopecks in separate nodes.
    if node is None:
        return None
    for rub in node.css("span.rub"):
        rub.decompose()
    return rub_to_kop(node.text(separator="", strip=True))


def _card_from_dom(tree: HTMLParser) -> dict[str, Any]:
    line = tree.css_first("div.card-line.detail")
    if line is None or not line.attributes.get("data-bsk_data"):
        raise SchemaChanged(
            "div.card-line.detail[data-bsk_data]", chain=CHAIN, where="product card"
        )
    tokens = (line.attributes.get("data-bsk_data") or "").split()
    if len(tokens) < 4:
        raise SchemaChanged("data-bsk_data unit", chain=CHAIN, where="product card")
    price = _price_from_node(tree.css_first("div.card__price-num"))
    if price is None:
        raise SchemaChanged("div.card__price-num", chain=CHAIN, where="product card")
    old = _price_from_node(tree.css_first("div.card__price-old"))
    title = tree.css_first("h1")
    return {
        "id": tokens[0],
        "title": title.text(strip=True) if title else "",
        "symbol": tokens[3],
        "priceSimple": f"{price / 100:.2f}",
        "oldPriceSimple": f"{old / 100:.2f}" if old else None,
    }


def parse_product_page(
    html: str, *, store_code: str = "", observed_at: datetime | None = None, source: str = "live"
) -> Offer | None:
    """The offer on a product card page: ``initElementData`` JSON first, the DOM as fallback."""
    tree = HTMLParser(html)
    card = _init_data(html) or _card_from_dom(tree)
    body = tree.body.text(separator=" ").lower() if tree.body else ""
    if any(marker in body for marker in _SOLD_OUT):
        card = {**card, "canBuy": False}
    return parse_card(
        card, store_code=store_code, observed_at=observed_at or datetime.now(UTC), source=source
    )


def parse_catalog_menu(html: str) -> list[Category]:
    links = HTMLParser(html).css("a.catalog-menu__link")
    if not links:
        raise SchemaChanged("a.catalog-menu__link", chain=CHAIN, where="catalogue page")
    categories = []
    for link in links:
        ident = link.attributes.get("data-section-id") or link.attributes.get("href") or ""
        name = link.text(strip=True)
        categories.append(Category(ident, name, (name,)))
    return categories


class DixyAdapter(StoreAdapter):
    chain = CHAIN
    # Guest prices: no store is chosen and no card price is shown.
    capabilities = Capabilities(
        per_store_prices=False, promo_dates=False, card_price=False, stock=True, search=False
    )

    async def categories(self, store: str) -> list[Category]:
        return parse_catalog_menu(await self.fetch_text(f"{SITE}/catalog/"))

    async def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        for page in range(1, MAX_PAGES + 1):
            payload = await self.fetch_json(
                "GET",
                f"{SITE}/ajax/listing-json.php",
                params={"block": "product-list", "section": category.id, "page": page},
            )
            for offer in parse_listing(payload, store_code=store):
                yield offer.model_copy(update={"category_path": list(category.path)})
            if listing_is_last(payload):
                return

    @classmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        if looks_like_html(text):
            offer = parse_product_page(text, store_code=store_code, source="file")
            return [offer] if offer else []
        return parse_listing(decode_json(text, chain=CHAIN), store_code=store_code, source="file")
