"""Item-level evaluation of a parser against the gold set.

Items are matched within one message by their name key (folded, ё → е, С0 → СО); each gold
item matches at most one predicted item. Precision and recall count matched items; the
accuracies are over matched items: name is exact equality of the keys (always true for a
match, reported for clarity when matching is relaxed later), quantity+unit must both equal,
priceCategory must equal (null included). Intent accuracy is over messages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from parser.gold import GoldCase
from parser.models import LLMItem, ParsedList
from parser.normalize import name_key


@dataclass
class Report:
    messages: int = 0
    gold_items: int = 0
    predicted_items: int = 0
    matched: int = 0
    quantity_unit_ok: int = 0
    price_ok: int = 0
    intent_ok: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_items if self.predicted_items else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_items if self.gold_items else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> dict[str, float | int]:
        matched = self.matched or 1
        return {
            "messages": self.messages,
            "gold_items": self.gold_items,
            "predicted_items": self.predicted_items,
            "matched_items": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "name_accuracy": round(self.matched / matched, 4) if self.matched else 0.0,
            "quantity_unit_accuracy": round(self.quantity_unit_ok / matched, 4),
            "price_category_accuracy": round(self.price_ok / matched, 4),
            "intent_accuracy": round(self.intent_ok / (self.messages or 1), 4),
        }


def _same_quantity(gold: LLMItem, predicted: LLMItem) -> bool:
    return abs(gold.quantity - predicted.quantity) < 1e-6 and gold.unit == predicted.unit


def score(report: Report, case: GoldCase, parsed: ParsedList) -> None:
    """Add one message's outcome to the report."""
    report.messages += 1
    report.gold_items += len(case.items)
    report.predicted_items += len(parsed.items)
    report.intent_ok += parsed.intent == case.intent
    remaining = list(parsed.items)
    problems: list[str] = []
    for gold in case.items:
        key = name_key(gold.name)
        found = next((item for item in remaining if name_key(item.name) == key), None)
        if found is None:
            problems.append(f"missing {gold.name}")
            continue
        remaining.remove(found)
        report.matched += 1
        if _same_quantity(gold, found):
            report.quantity_unit_ok += 1
        else:
            problems.append(f"{gold.name}: {found.quantity} {found.unit}")
        if gold.price_category == found.price_category:
            report.price_ok += 1
        else:
            problems.append(f"{gold.name}: price {found.price_category}")
    problems.extend(f"extra {item.name}" for item in remaining)
    if parsed.intent != case.intent:
        problems.append(f"intent {parsed.intent}")
    if problems:
        report.errors.append({"text": case.text, "problems": problems})


async def evaluate(
    cases: Sequence[GoldCase], parse: Callable[[str], Awaitable[ParsedList]]
) -> Report:
    report = Report()
    for case in cases:
        score(report, case, await parse(case.text))
    return report


__all__ = ["Report", "evaluate", "score"]
