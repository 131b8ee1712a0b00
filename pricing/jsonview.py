"""The answers as plain JSON, in the shapes `deshevle ask --json` promises."""

from __future__ import annotations

from typing import Any

from parser.models import ShoppingItem
from pricing.models import (
    Answer,
    Basket,
    BasketAnswer,
    BasketLine,
    CheapestAnswer,
    ProductView,
    SplitSuggestion,
)


def item_json(item: ShoppingItem) -> dict[str, Any]:
    return item.model_dump(mode="json", by_alias=True)


def product_json(product: ProductView) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "brand": product.brand,
        "price_kop": product.price_kop,
        "card_price_kop": product.card_price_kop,
        "unit_price_kop": product.unit_price_kop,
        "unit_basis": product.unit_basis,
        "pack": product.pack.model_dump(mode="json") if product.pack else None,
        "weighed": product.weighed,
        "url": product.url,
    }


def line_json(line: BasketLine) -> dict[str, Any]:
    return {
        "item": item_json(line.item),
        "product": product_json(line.product),
        "packs": line.packs,
        "line_total_kop": line.line_total_kop,
    }


def basket_json(basket: Basket) -> dict[str, Any]:
    return {
        "chain": basket.chain,
        "total_kop": basket.total_kop,
        "card_total_kop": basket.card_total_kop,
        "found": basket.found,
        "wanted": basket.wanted,
        "missing": [item_json(item) for item in basket.missing],
        "oldest_price_at": basket.oldest_price_at.isoformat() if basket.oldest_price_at else None,
        "lines": [line_json(line) for line in basket.lines],
        "notes": basket.notes,
    }


def split_json(split: SplitSuggestion) -> dict[str, Any]:
    return {
        "chains": split.chains,
        "total_kop": split.total_kop,
        "best_single_total_kop": split.best_single_total_kop,
        "penalty_kop": split.penalty_kop,
        "saving_kop": split.saving_kop,
        "lines": [{"chain": line.chain, **line_json(line.line)} for line in split.lines],
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    if isinstance(answer, BasketAnswer):
        return {
            "intent": "basket",
            "basket_id": answer.basket_id,
            "demo": answer.demo,
            "items": [item_json(item) for item in answer.parsed.items],
            "baskets": [basket_json(basket) for basket in answer.baskets],
            "split": split_json(answer.split) if answer.split else None,
            "notes": answer.notes,
        }
    if isinstance(answer, CheapestAnswer):
        return {
            "intent": "cheapest",
            "demo": answer.demo,
            "item": item_json(answer.item) if answer.item else None,
            "offers": [
                {"chain": offer.chain, "product": product_json(offer)} for offer in answer.offers
            ],
        }
    return {"intent": "empty", "items": []}
