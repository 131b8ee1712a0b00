"""The in-memory catalogue: one entry per product with everything matching needs, precomputed.

Built once from ``catalog.repository.current_prices`` and swapped whole on reload, so an
answer never touches the database for matching.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from catalog.repository import CurrentPrice
from catalog.text import fold
from parser.morph import is_noun, lemma, words
from pricing.models import ProductView
from pricing.units import stored_pack, unit_price

_FAT = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%")
# Grades are written with Cyrillic or Latin C and with a zero or the letter О.
_GRADE = re.compile(r"(?<![\wа-яё])[сc]\s*([0оo]|в|1|2|3)(?![\wа-яё])", re.IGNORECASE)
_GRADES = {"0": "СО", "о": "СО", "o": "СО", "в": "СВ", "1": "С1", "2": "С2", "3": "С3"}
_NON_ALNUM = re.compile(r"[^0-9a-zа-я]+")

# Different words for one shelf: a shopper's «картошка» is the catalogue's «Картофель».
HEAD_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"картошка", "картофель"}),
    frozenset({"помидор", "томат"}),
    frozenset({"хлеб", "батон", "багет"}),
    frozenset({"сосиска", "сосиски"}),
    frozenset({"макароны", "макаронный"}),
)
_SYNONYMS: dict[str, frozenset[str]] = {word: group for group in HEAD_SYNONYMS for word in group}

# Shoppers name some kinds by one colloquial noun: «гречка» is «Крупа гречневая», «сгущёнка» is
# «Молоко сгущённое». A product of such a kind is also filed under that noun.
KIND_HEADS: dict[tuple[str, str], str] = {
    ("крупа", "гречневый"): "гречка",
    ("крупа", "пшено"): "пшено",
    ("крупа", "пшенный"): "пшено",
    ("крупа", "манный"): "манка",
    ("крупа", "перловый"): "перловка",
    ("крупа", "овсяный"): "овсянка",
    ("крупа", "геркулес"): "овсянка",
    ("хлопья", "овсяный"): "овсянка",
    ("хлопья", "геркулес"): "овсянка",
    ("крупа", "рисовый"): "рис",
    ("молоко", "сгустить"): "сгущенка",
    ("молоко", "сгущенный"): "сгущенка",
}


def canonical_head(head: str) -> str:
    return min(_SYNONYMS[head]) if head in _SYNONYMS else head


def canonical_lemmas(name_lemmas: Iterable[str]) -> list[str]:
    """Lemmas with synonyms spelled one way, so «батон» scores as well as «хлеб» for «хлеб»."""
    return [canonical_head(word) for word in name_lemmas]


def kind_heads(head: str | None, name_lemmas: Iterable[str]) -> tuple[str, ...]:
    """The colloquial nouns a product named by ``head`` and ``name_lemmas`` also answers to."""
    if head is None:
        return ()
    return tuple(
        sorted({KIND_HEADS[head, word] for word in name_lemmas if (head, word) in KIND_HEADS})
    )


def compact(text: str) -> str:
    """Letters and digits only, folded: «Lay's» and «Lays» compare equal."""
    return _NON_ALNUM.sub("", fold(text))


def fat_percent(text: str) -> float | None:
    found = _FAT.search(text)
    return float(found.group(1).replace(",", ".")) if found else None


def egg_grade(text: str) -> str | None:
    found = _GRADE.search(fold(text))
    return _GRADES[found.group(1).lower()] if found else None


def head_noun(name: str) -> tuple[str | None, tuple[str, ...]]:
    """The name's head noun lemma (its first Cyrillic noun) and all its lemmas.

    Latin words are brands here («Lay's Чипсы»), never the head.
    """
    name_words = [word for word in words(name) if len(word) > 1 or word.isdigit()]
    name_lemmas = tuple(lemma(word) for word in name_words)
    for word, word_lemma in zip(name_words, name_lemmas, strict=True):
        if any("а" <= char <= "я" for char in word) and is_noun(word):
            return word_lemma, name_lemmas
    return None, name_lemmas


@dataclass(frozen=True, slots=True)
class IndexedProduct:
    """A product as matching sees it; hot attributes are copied out of ``view`` so scans over
    hundreds of entries stay on slots."""

    view: ProductView
    pid: int
    head: str | None
    kinds: tuple[str, ...]
    """Colloquial heads this product is also filed under («гречка» for «Крупа гречневая»)."""
    lemmas: frozenset[str]
    lemma_text: str
    compact_name: str
    fat: float | None
    grade: str | None
    demo: bool
    in_stock: bool
    basis: str
    weighed: bool
    price_kop: int
    pack_amount: float | None
    pack_unit: str | None
    pack_each: float | None


def index_entry(current: CurrentPrice) -> IndexedProduct:
    product, price = current.product, current.price
    pack = stored_pack(product.pack_amount, product.pack_unit, product.pack_count, product.name)
    unit = unit_price(price.price_kop, product.unit_basis, pack)
    view = ProductView(
        id=product.id,
        chain=product.chain_code,
        name=product.name,
        brand=product.brand,
        price_kop=price.price_kop,
        regular_price_kop=price.regular_price_kop,
        card_price_kop=price.card_price_kop,
        promo_label=price.promo_label,
        promo_end=price.promo_end,
        unit_price_kop=unit.kop,
        unit_basis=unit.basis,
        pack=None if unit.weighed else pack,
        weighed=unit.weighed,
        in_stock=price.in_stock,
        url=product.url,
        observed_at=price.observed_at,
    )
    head, name_lemmas = head_noun(product.name)
    kinds = kind_heads(head, name_lemmas)
    return IndexedProduct(
        view=view,
        pid=view.id,
        head=head,
        kinds=kinds,
        lemmas=frozenset(name_lemmas),
        lemma_text=" ".join(canonical_lemmas(name_lemmas) + list(kinds)),
        compact_name=compact(f"{product.name} {product.brand or ''}"),
        fat=fat_percent(product.name),
        grade=egg_grade(product.name),
        demo=product.source == "demo",
        in_stock=view.in_stock,
        basis=view.unit_basis,
        weighed=view.weighed,
        price_kop=view.price_kop,
        pack_amount=view.pack.amount if view.pack else None,
        pack_unit=view.pack.unit if view.pack else None,
        pack_each=view.pack.amount / view.pack.count if view.pack else None,
    )


def price_order(entry: IndexedProduct) -> tuple[int, int, int]:
    """Cheapest first by unit price, then shelf price: the order answers list products in."""
    view = entry.view
    unit = view.unit_price_kop if view.unit_price_kop is not None else view.price_kop
    return (unit, view.price_kop, view.id)


@dataclass(slots=True)
class ChainIndex:
    """One chain's products, by canonical head noun and by any name lemma.

    Head lists are kept in price order, so a query filters a sorted list instead of sorting.
    """

    chain: str
    products: dict[int, IndexedProduct] = field(default_factory=dict)
    by_head: dict[str, list[IndexedProduct]] = field(default_factory=lambda: defaultdict(list))
    by_lemma: dict[str, list[IndexedProduct]] = field(default_factory=lambda: defaultdict(list))
    in_stock_by_head: dict[str, list[IndexedProduct]] = field(default_factory=dict)
    mixed_bases: set[str] = field(default_factory=set)
    """Head keys whose products are priced on more than one basis (₽/шт and ₽/кг)."""
    weighed_heads: set[str] = field(default_factory=set)
    """Head keys sold only by weight: their line totals follow unit prices."""
    _lemma_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)
    """Answers per query, owned by the pricing code; an index never changes, so they stay
    true until the whole index is replaced on reload."""
    by_head_fat: dict[str, dict[float, list[IndexedProduct]]] = field(default_factory=dict)
    by_head_grade: dict[str, dict[str, list[IndexedProduct]]] = field(default_factory=dict)

    def add(self, entry: IndexedProduct) -> None:
        self.products[entry.view.id] = entry
        if entry.head is not None:
            self.by_head[canonical_head(entry.head)].append(entry)
        for kind in entry.kinds:
            self.by_head[kind].append(entry)
        for name_lemma in entry.lemmas:
            self.by_lemma[name_lemma].append(entry)

    def seal(self) -> None:
        for key, entries in self.by_head.items():
            entries.sort(key=price_order)
            self.in_stock_by_head[key] = [entry for entry in entries if entry.in_stock]
            if len({entry.basis for entry in entries}) > 1:
                self.mixed_bases.add(key)
            if all(entry.weighed for entry in entries):
                self.weighed_heads.add(key)
            # Fat and egg grade narrow «молоко 3,2%» or «яйца С0» in stock by a lookup.
            fats: dict[float, list[IndexedProduct]] = defaultdict(list)
            grades: dict[str, list[IndexedProduct]] = defaultdict(list)
            for entry in self.in_stock_by_head[key]:
                if entry.fat is not None:
                    fats[entry.fat].append(entry)
                if entry.grade is not None:
                    grades[entry.grade].append(entry)
            self.by_head_fat[key] = dict(fats)
            self.by_head_grade[key] = dict(grades)

    def forget(self) -> None:
        """Drop memoized answers (benchmarks measure the cold path with this)."""
        self.memo.clear()
        self._lemma_ids.clear()

    def lemma_ids(self, word_lemma: str) -> frozenset[int]:
        """Ids of products whose name holds the lemma; memoized, as shoppers repeat words."""
        ids = self._lemma_ids.get(word_lemma)
        if ids is None:
            ids = frozenset(entry.pid for entry in self.by_lemma.get(word_lemma, ()))
            self._lemma_ids[word_lemma] = ids
        return ids

    def with_fat(self, key: str, fat: float, tolerance: float) -> list[IndexedProduct]:
        groups = [
            entries
            for value, entries in self.by_head_fat.get(key, {}).items()
            if abs(value - fat) <= tolerance
        ]
        if len(groups) == 1:
            return groups[0]
        return sorted((entry for group in groups for entry in group), key=price_order)


@dataclass(slots=True)
class CatalogueIndex:
    chains: dict[str, ChainIndex] = field(default_factory=dict)
    demo: bool = False
    """True when every product in use comes from the demo catalogue."""

    @classmethod
    def build(cls, rows: Iterable[CurrentPrice]) -> CatalogueIndex:
        index = cls()
        for row in rows:
            entry = index_entry(row)
            chain = index.chains.get(entry.view.chain)
            if chain is None:
                chain = index.chains[entry.view.chain] = ChainIndex(entry.view.chain)
            chain.add(entry)
        for chain in index.chains.values():
            chain.seal()
        entries = [entry for chain in index.chains.values() for entry in chain.products.values()]
        index.demo = bool(entries) and all(entry.demo for entry in entries)
        return index

    def product(self, product_id: int) -> IndexedProduct | None:
        for chain in self.chains.values():
            if product_id in chain.products:
                return chain.products[product_id]
        return None
