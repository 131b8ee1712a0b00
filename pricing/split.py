"""Buying the list across two chains, worth it only when it saves more than the extra stop."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from pricing.models import Basket, SplitLine, SplitSuggestion


def split_basket(baskets: Sequence[Basket], penalty_kop: int) -> SplitSuggestion | None:
    """The cheapest complete two-chain purchase, if it beats the best single chain by more
    than ``penalty_kop``. With no complete single chain there is nothing honest to compare."""
    complete = [basket for basket in baskets if basket.complete]
    if not complete:
        return None
    best_single = min(basket.total_kop for basket in complete)
    wanted = complete[0].wanted
    best: SplitSuggestion | None = None
    for first, second in combinations(baskets, 2):
        lines = _cheaper_lines(first, second, wanted)
        if lines is None or len({line.chain for line in lines}) < 2:
            continue
        total = sum(line.line.line_total_kop for line in lines)
        saving = best_single - total
        if saving > penalty_kop and (best is None or saving > best.saving_kop):
            best = SplitSuggestion(
                chains=[first.chain, second.chain],
                lines=lines,
                total_kop=total,
                best_single_total_kop=best_single,
                penalty_kop=penalty_kop,
                saving_kop=saving,
            )
    return best


def _cheaper_lines(first: Basket, second: Basket, wanted: int) -> list[SplitLine] | None:
    by_index = [
        (basket.chain, {line.index: line for line in basket.lines}) for basket in (first, second)
    ]
    result: list[SplitLine] = []
    for index in range(wanted):
        offers = [(chain, lines[index]) for chain, lines in by_index if index in lines]
        if not offers:
            return None
        chain, line = min(offers, key=lambda offer: offer[1].line_total_kop)
        result.append(SplitLine(chain=chain, line=line))
    return result
