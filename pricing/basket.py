"""Per-chain baskets: one product per item chosen by price tier, packs covering the amount."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from parser.models import ShoppingItem
from pricing.cover import EPSILON, Cover, Need, cover, line_total, need_of
from pricing.index import ChainIndex, IndexedProduct
from pricing.match import MatchResult, item_query, match_item
from pricing.models import Basket, BasketLine, ProductView

# The premium band of «дорогие» is the top quarter of unit prices, so one luxury outlier
# does not decide what «expensive» means.
PREMIUM_BAND = 0.75


class Option:
    """A good match with its purchase; the cover is worked out only when someone looks."""

    __slots__ = ("_cover", "entry", "need")

    def __init__(self, entry: IndexedProduct, need: Need) -> None:
        self.entry = entry
        self.need = need
        self._cover: Cover | None = None

    @property
    def product(self) -> ProductView:
        return self.entry.view

    @property
    def cover(self) -> Cover:
        if self._cover is None:
            self._cover = cover(self.entry.view, self.need)
        return self._cover


class Options(Sequence[Option]):
    """Good matches cheapest first; an Option is made only for what is looked at.

    When an amount was asked, the order by line total is worked out only if someone needs
    more than the cheapest option (a tier, a page of alternatives).
    """

    __slots__ = ("_entries", "_ordered", "need")

    def __init__(
        self, entries: Sequence[IndexedProduct], need: Need, *, ordered: bool = True
    ) -> None:
        self._entries = entries
        self._ordered = ordered
        self.need = need

    @property
    def entries(self) -> Sequence[IndexedProduct]:
        if not self._ordered:
            self._entries = sorted(self._entries, key=self._line_key)
            self._ordered = True
        return self._entries

    def _line_key(self, entry: IndexedProduct) -> tuple[int, int]:
        return (_line_total(entry, self.need), entry.pid)

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Option: ...
    @overload
    def __getitem__(self, index: slice) -> list[Option]: ...
    def __getitem__(self, index: int | slice) -> Option | list[Option]:
        if isinstance(index, slice):
            return [Option(entry, self.need) for entry in self.entries[index]]
        return Option(self.entries[index], self.need)

    def cheapest(self) -> Option:
        if self._ordered:
            return self[0]
        return Option(
            min(_bounded_candidates(self._entries, self.need), key=self._line_key), self.need
        )

    def find(self, product_id: int) -> Option | None:
        for entry in self._entries:
            if entry.pid == product_id:
                return Option(entry, self.need)
        return None


def _packed_in(entry: IndexedProduct, unit: str | None) -> bool:
    return entry.pack_unit == unit and bool(entry.pack_amount) and not entry.weighed


def _line_total(entry: IndexedProduct, need: Need) -> int:
    if _packed_in(entry, need.unit) and entry.pack_amount:
        return math.ceil(need.amount / entry.pack_amount - EPSILON) * entry.price_kop
    return line_total(entry.view, need)


def _bounded_candidates(entries: Sequence[IndexedProduct], need: Need) -> list[IndexedProduct]:
    """The entries that may hold the cheapest line, scanning in unit-price order.

    Whole packs never cost less than the asked amount at the pack's unit price, so once that
    bound passes the best total found, no dearer product can win.
    """
    packed = [entry for entry in entries if _packed_in(entry, need.unit)]
    others = [entry for entry in entries if not _packed_in(entry, need.unit)]
    best = min((_line_total(entry, need) for entry in others), default=None)
    # Unit prices are rounded to the kopeck; the slack keeps the bound safe.
    slack = need.amount + 1
    kept = list(others)
    for entry in packed:
        assert entry.pack_amount is not None
        bound = need.amount * entry.price_kop / entry.pack_amount
        if best is not None and bound > best + slack:
            break
        total = _line_total(entry, need)
        best = total if best is None else min(best, total)
        kept.append(entry)
    return kept


def _dominant_basis(entries: Sequence[IndexedProduct], need: Need) -> str:
    bases = Counter(entry.basis for entry in entries)
    if need.unit is not None and need.unit in bases:
        return need.unit
    return bases.most_common(1)[0][0]


def ranked_options(
    entries: Sequence[IndexedProduct], need: Need, *, mixed: bool, weighed: bool = False
) -> Options:
    """Good matches cheapest first: by line total when an amount was asked, else by unit price.

    ``entries`` come in unit-price order, which already is line-total order when no amount
    was asked or every product is weighed. Products priced on another basis (₽/шт among ₽/кг)
    cannot be compared and go last.
    """
    if not entries or ((need.unit is None or weighed) and not mixed):
        return Options(entries, need)
    if not mixed:
        return Options(entries, need, ordered=False)
    basis = _dominant_basis(entries, need)
    if need.unit is None:
        return Options(sorted(entries, key=lambda entry: entry.basis != basis), need)
    return Options(
        sorted(
            entries,
            key=lambda entry: (entry.basis != basis, _line_total(entry, need), entry.pid),
        ),
        need,
    )


def choose(options: Sequence[Option], price_category: str | None) -> Option:
    """The tier's pick from options ranked cheapest first."""
    if price_category in (None, "cheap") and isinstance(options, Options):
        return options.cheapest()
    basis = options[0].product.unit_basis
    comparable = options
    if options[-1].product.unit_basis != basis:
        comparable = [option for option in options if option.product.unit_basis == basis]
    count = len(comparable)
    if price_category == "expensive":
        band = comparable[math.ceil(PREMIUM_BAND * (count - 1)) :]
        return band[(len(band) - 1) // 2]
    if price_category == "medium":
        return comparable[count // 2]
    return comparable[0]


def choice_key(chain: str, index: int) -> str:
    return f"{chain}:{index}"


@dataclass(frozen=True, slots=True)
class ItemMatches:
    item: ShoppingItem
    need: Need
    result: MatchResult
    options: Options


# Shoppers repeat themselves («молоко», «хлеб»): matches of a query are kept per chain index.
MEMO_SIZE = 4096


def item_matches(chain: ChainIndex, item: ShoppingItem) -> ItemMatches:
    query = item_query(item)
    need = need_of(item)
    memo_key = (query, need)
    cached: tuple[MatchResult, Options] | None = chain.memo.get(memo_key)
    if cached is None:
        result = match_item(chain, query)
        key = query.head_key
        mixed = key is None or key in chain.mixed_bases
        weighed = key is not None and key in chain.weighed_heads
        cached = (result, ranked_options(result.good, need, mixed=mixed, weighed=weighed))
        if len(chain.memo) >= MEMO_SIZE:
            chain.memo.clear()
        chain.memo[memo_key] = cached
    result, options = cached
    return ItemMatches(item, need, result, options)


def _line(index: int, matches: ItemMatches, picked: Option, chosen: bool) -> BasketLine:
    return BasketLine(
        index=index,
        item=matches.item,
        product=picked.product,
        packs=picked.cover.packs,
        line_total_kop=picked.cover.total_kop,
        card_line_total_kop=picked.cover.card_total_kop,
        alternatives=len(matches.options) - 1,
        chosen=chosen,
    )


@dataclass(frozen=True, slots=True)
class Pick:
    matches: ItemMatches
    option: Option | None
    chosen: bool
    note: str | None


def pick(chain: ChainIndex, index: int, item: ShoppingItem, choices: Mapping[str, int]) -> Pick:
    """The product line ``index`` gets: the shopper's swap if still on offer, else the tier's."""
    matches = item_matches(chain, item)
    if not matches.options:
        note = None
        if matches.result.out_of_stock:
            note = f"«{item.name}»: есть только товары не в наличии"
        return Pick(matches, None, False, note)
    wanted = choices.get(choice_key(chain.chain, index))
    chosen = matches.options.find(wanted) if wanted is not None else None
    if chosen is not None:
        return Pick(matches, chosen, True, None)
    note = None
    if wanted is not None:
        note = f"«{item.name}»: выбранного товара больше нет, подобран автоматически"
    return Pick(matches, choose(matches.options, item.price_category), False, note)


def build_basket(
    chain: ChainIndex, items: Sequence[ShoppingItem], choices: Mapping[str, int] | None = None
) -> Basket:
    """The basket of ``items`` in one chain; ``choices`` are the shopper's swaps by line key."""
    lines: list[BasketLine] = []
    missing: list[ShoppingItem] = []
    notes: list[str] = []
    for index, item in enumerate(items):
        picked = pick(chain, index, item, choices or {})
        if picked.note:
            notes.append(picked.note)
        if picked.option is None:
            missing.append(item)
        else:
            lines.append(_line(index, picked.matches, picked.option, picked.chosen))
    return _basket(chain.chain, lines, missing, len(items), notes)


def _basket(
    chain: str, lines: list[BasketLine], missing: list[ShoppingItem], wanted: int, notes: list[str]
) -> Basket:
    has_card = any(line.card_line_total_kop is not None for line in lines)
    return Basket(
        chain=chain,
        lines=lines,
        missing=missing,
        total_kop=sum(line.line_total_kop for line in lines),
        card_total_kop=(
            sum(line.card_line_total_kop or line.line_total_kop for line in lines)
            if has_card
            else None
        ),
        found=len(lines),
        wanted=wanted,
        oldest_price_at=min((line.product.observed_at for line in lines), default=None),
        notes=notes,
    )


def rank(baskets: Sequence[Basket]) -> list[Basket]:
    """Complete baskets first, then more items found, then the lower total."""
    return sorted(baskets, key=lambda b: (not b.complete, -b.found, b.total_kop, b.chain))
