"""Which products of one chain are the shopper's item: head noun, hard attributes, then score."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from parser.models import ShoppingItem
from parser.morph import is_noun, lemma, words
from pricing.index import (
    ChainIndex,
    IndexedProduct,
    canonical_head,
    canonical_lemmas,
    compact,
    price_order,
)

MEASURE_UNITS = frozenset({"кг", "г", "л", "мл"})
FAT_TOLERANCE = 0.05
PACK_TOLERANCE = 0.1
# Products outscored by more than this are not the item, even if they pass every filter.
GOOD_MARGIN = 30.0
MODIFIER_BONUS = 10.0
ATTRIBUTE_BONUS = 5.0
# Two-letter words the shopper adds are grades and prepositions («яйца СО»), not varieties.
MIN_MODIFIER = 2

# A kind of the head that is another product unless the shopper names it: «яйца» are hen's
# eggs, «молоко» is cow's milk, not condensed or oat, «сыр» is not processed cheese.
EXCLUSIVE_KINDS: dict[str, frozenset[str]] = {
    "яйцо": frozenset({"перепелиный", "страусиный", "шоколадный"}),
    "сыр": frozenset({"плавленый", "плавить", "творожный"}),
    "молоко": frozenset(
        {"сгустить", "сгущенный", "кокосовый", "овсяный", "миндальный", "соевый", "рисовый"}
    ),
}


@dataclass(frozen=True, slots=True)
class ItemQuery:
    head: str | None
    head_key: str | None
    modifiers: frozenset[str]
    lemma_text: str
    fat: float | None
    grade: str | None
    brand: str | None
    pack_unit: str | None
    pack_amount: float | None


@lru_cache(maxsize=4096)
def item_query(item: ShoppingItem) -> ItemQuery:
    brand = compact(item.brand) if item.brand else None
    brand_words = {compact(word) for word in words(item.brand or "")}
    item_words = [word for word in words(item.name) if compact(word) not in brand_words]
    item_lemmas = [lemma(word) for word in item_words]
    head = next(
        (
            word_lemma
            for word, word_lemma in zip(item_words, item_lemmas, strict=True)
            if any("а" <= char <= "я" for char in word) and is_noun(word)
        ),
        item_lemmas[0] if item_lemmas else None,
    )
    # A pack written beside a count of packs («2 пачки масла 180 г») is a size to match;
    # with a measure unit it is the amount to buy, which packs cover.
    sized = item.pack is not None and item.unit not in MEASURE_UNITS
    return ItemQuery(
        head=head,
        head_key=canonical_head(head) if head else None,
        modifiers=frozenset(w for w in item_lemmas if len(w) > MIN_MODIFIER) - {head},
        lemma_text=" ".join(canonical_lemmas(item_lemmas) + sorted(brand_words)),
        fat=item.fat_percent,
        grade=item.egg_grade,
        brand=brand,
        pack_unit=item.pack.unit if sized and item.pack else None,
        pack_amount=item.pack.amount if sized and item.pack else None,
    )


@dataclass(frozen=True, slots=True)
class MatchResult:
    good: list[IndexedProduct]
    """In-stock good matches, cheapest unit price first."""
    out_of_stock: list[IndexedProduct]


def _pool(chain: ChainIndex, query: ItemQuery, *, in_stock: bool) -> list[IndexedProduct]:
    if query.head_key is not None:
        heads = chain.in_stock_by_head if in_stock else chain.by_head
        pool = heads.get(query.head_key, [])
        if pool or query.head is None or query.head_key in chain.by_head:
            return pool
    if query.brand:
        # An item named only by its brand («lays»): any product of that brand.
        return sorted(
            (
                entry
                for entry in chain.products.values()
                if query.brand in entry.compact_name and (entry.in_stock or not in_stock)
            ),
            key=price_order,
        )
    return []


def _filtered(query: ItemQuery) -> bool:
    return (
        query.fat is not None
        or query.grade is not None
        or query.brand is not None
        or query.pack_amount is not None
        or query.head in EXCLUSIVE_KINDS
    )


def _hard_filters(
    chain: ChainIndex, candidates: list[IndexedProduct], query: ItemQuery
) -> list[IndexedProduct]:
    # Lookups first, then one tight comprehension per attribute: a head holds hundreds.
    if query.head_key is not None and candidates is chain.in_stock_by_head.get(query.head_key):
        if query.fat is not None:
            candidates = chain.with_fat(query.head_key, query.fat, FAT_TOLERANCE)
        elif query.grade is not None:
            candidates = chain.by_head_grade[query.head_key].get(query.grade, [])
    if query.fat is not None:
        fat = query.fat
        candidates = [
            e for e in candidates if e.fat is not None and abs(e.fat - fat) <= FAT_TOLERANCE
        ]
    if query.grade is not None:
        candidates = [e for e in candidates if e.grade == query.grade]
    if query.brand is not None:
        brand = query.brand
        candidates = [e for e in candidates if brand in e.compact_name]
    kinds = EXCLUSIVE_KINDS.get(query.head or "", frozenset()) - query.modifiers
    if kinds:
        candidates = [e for e in candidates if not e.lemmas & kinds]
    if query.pack_amount is not None:
        candidates = [e for e in candidates if _same_pack(e, query)]
    return candidates


def _same_pack(entry: IndexedProduct, query: ItemQuery) -> bool:
    if entry.pack_each is None or entry.pack_unit != query.pack_unit or not query.pack_amount:
        return False
    # «вода 6х1,5л» asks for 1.5 l bottles: a six-pack of them is that size too.
    return abs(entry.pack_each - query.pack_amount) <= PACK_TOLERANCE * query.pack_amount


def _score(entry: IndexedProduct, query: ItemQuery) -> float:
    score = fuzz.token_set_ratio(query.lemma_text, entry.lemma_text)
    score += MODIFIER_BONUS * len(query.modifiers & entry.lemmas)
    if query.brand is not None and query.brand in entry.compact_name:
        score += ATTRIBUTE_BONUS
    return float(score)


def _best_scoring(candidates: list[IndexedProduct], query: ItemQuery) -> list[IndexedProduct]:
    scores = [_score(entry, query) for entry in candidates]
    floor = max(scores) - GOOD_MARGIN
    return [entry for entry, score in zip(candidates, scores, strict=True) if score >= floor]


def _best_covered(
    chain: ChainIndex, candidates: list[IndexedProduct], modifiers: frozenset[str]
) -> tuple[list[IndexedProduct], bool]:
    """The candidates carrying the most words the shopper added («хлеб бородинский»), and
    whether those carry all of them."""
    every = frozenset.intersection(*(chain.lemma_ids(word) for word in modifiers))
    if every:
        covered = [entry for entry in candidates if entry.pid in every]
        if covered:
            return covered, True
    coverage = [len(modifiers & entry.lemmas) for entry in candidates]
    best = max(coverage)
    if best:
        candidates = [e for e, c in zip(candidates, coverage, strict=True) if c == best]
    return candidates, best == len(modifiers)


def _select(chain: ChainIndex, query: ItemQuery, *, in_stock: bool) -> list[IndexedProduct]:
    candidates = _pool(chain, query, in_stock=in_stock)
    if _filtered(query):
        candidates = _hard_filters(chain, candidates, query)
    full_coverage = not query.modifiers
    if query.modifiers and candidates:
        candidates, full_coverage = _best_covered(chain, candidates, query.modifiers)
    if candidates and (query.head is None or not full_coverage):
        # Every name holding the head and all added words scores 100: only a partial match
        # needs rapidfuzz to tell close from far.
        candidates = _best_scoring(candidates, query)
    return candidates


def match_item(chain: ChainIndex, query: ItemQuery) -> MatchResult:
    good = _select(chain, query, in_stock=True)
    if good:
        return MatchResult(good, [])
    # Nothing on the shelf: look again among products out of stock, to say so.
    everything = _select(chain, query, in_stock=False)
    return MatchResult([], [entry for entry in everything if not entry.in_stock])
