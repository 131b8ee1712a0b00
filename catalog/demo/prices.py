"""Illustrative shelf prices: per-chain and per-category levels, promos, card prices, stock.

Every draw comes from a ``random.Random`` seeded with a string naming what it decides, so one
product's price never depends on which other products a chain carries or on generation order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

# A chain's overall price level; the per-category level around it decides who wins where.
CHAIN_LEVEL: dict[str, float] = {
    "pyaterochka": 1.00,
    "magnit": 0.985,
    "dixy": 1.005,
    "perekrestok": 1.06,
}
CATEGORY_SPREAD = 0.10
PRODUCT_SPREAD = 0.04
# Kopeck endings each chain prints: 119.99 or 119.90.
ENDINGS: dict[str, tuple[int, ...]] = {
    "pyaterochka": (99,),
    "magnit": (99, 99, 90),
    "dixy": (90, 99),
    "perekrestok": (99,),
}
PROMO_SHARE: dict[str, float] = {
    "pyaterochka": 0.14,
    "magnit": 0.16,
    "dixy": 0.12,
    "perekrestok": 0.15,
}
CARD_SHARE: dict[str, float] = {
    "pyaterochka": 0.18,
    "magnit": 0.14,
    "dixy": 0.03,
    "perekrestok": 0.18,
}
DISCOUNTS = (10, 15, 20, 20, 25, 25, 30, 35, 40)
OUT_OF_STOCK_SHARE = 0.03
OBSERVED_WINDOW = timedelta(hours=48)
# Promotions end at the close of a Moscow day: 23:59:59 MSK.
PROMO_END_TIME = time(20, 59, 59)


def rng(seed: int, *parts: object) -> random.Random:
    """A generator for one decision, e.g. ``rng(seed, "price", chain, key)``."""
    return random.Random(":".join(str(part) for part in (seed, *parts)))


def shelf_price(kopecks: float, ending: int) -> int:
    """Round to whole roubles, then print the chain's ending below: 120 ₽ → 119.99."""
    roubles = max(1, round(kopecks / 100))
    return roubles * 100 - (100 - ending)


@dataclass(frozen=True, slots=True)
class PriceTag:
    price_kop: int
    regular_price_kop: int | None = None
    card_price_kop: int | None = None
    promo_label: str | None = None
    promo_end: datetime | None = None


def category_level(seed: int, chain: str, category: tuple[str, str]) -> float:
    draw = rng(seed, "category", chain, *category).uniform(-CATEGORY_SPREAD, CATEGORY_SPREAD)
    return CHAIN_LEVEL[chain] * (1 + draw)


def price_tag(
    seed: int,
    chain: str,
    key: str,
    category: tuple[str, str],
    reference_kop: float,
    generated_at: datetime,
) -> PriceTag:
    """The tag of one product in one chain; ``reference_kop`` is the catalogue's reference."""
    draw = rng(seed, "price", chain, key)
    ending = draw.choice(ENDINGS[chain])
    noise = 1 + draw.uniform(-PRODUCT_SPREAD, PRODUCT_SPREAD)
    shelf = shelf_price(reference_kop * category_level(seed, chain, category) * noise, ending)
    if draw.random() < PROMO_SHARE[chain]:
        promo = shelf_price(shelf * (1 - draw.choice(DISCOUNTS) / 100), ending)
        if promo < shelf:
            percent = round(100 * (shelf - promo) / shelf)
            end_day = generated_at.date() + timedelta(days=draw.randint(2, 7))
            return PriceTag(
                price_kop=promo,
                regular_price_kop=shelf,
                promo_label=f"Скидка {percent}%",
                promo_end=datetime.combine(end_day, PROMO_END_TIME, tzinfo=generated_at.tzinfo),
            )
    if draw.random() < CARD_SHARE[chain]:
        card = shelf_price(shelf * (1 - draw.uniform(0.05, 0.15)), ending)
        if card < shelf:
            return PriceTag(price_kop=shelf, card_price_kop=card)
    return PriceTag(price_kop=shelf)


def observed_at(seed: int, chain: str, key: str, generated_at: datetime) -> datetime:
    seconds = rng(seed, "observed", chain, key).randint(0, int(OBSERVED_WINDOW.total_seconds()))
    return generated_at - timedelta(seconds=seconds)


def in_stock(seed: int, chain: str, key: str) -> bool:
    return rng(seed, "stock", chain, key).random() >= OUT_OF_STOCK_SHARE
