"""How often the rules parser gives the generated targets: a cross-check for both sides.

A disagreement is either a rules gap (the message is fine, the rules miss it) or a
generator slip (the target is wrong); the listed examples say which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from finetune.dataset import Example
from parser.evaluate import Report, score
from parser.gold import GoldCase
from parser.models import LLMItem
from parser.rules import parse_rules


@dataclass
class Agreement:
    report: Report = field(default_factory=Report)
    agreeing: int = 0
    disagreements: list[dict[str, object]] = field(default_factory=list)

    @property
    def message_rate(self) -> float:
        return self.agreeing / self.report.messages if self.report.messages else 1.0

    def summary(self) -> dict[str, float | int]:
        figures = self.report.summary()
        return {
            "messages": self.report.messages,
            "agreeing_messages": self.agreeing,
            "message_agreement": round(self.message_rate, 4),
            "item_f1": figures["f1"],
            "quantity_unit_accuracy": figures["quantity_unit_accuracy"],
            "price_category_accuracy": figures["price_category_accuracy"],
        }


def rules_agreement(examples: Sequence[Example]) -> Agreement:
    """Score ``parse_rules`` against each example's target; the intent is not compared."""
    result = Agreement()
    for example in examples:
        parsed = parse_rules(example.text)
        case = GoldCase(
            text=example.text,
            intent=parsed.intent,
            items=[LLMItem.model_validate(item.as_json()) for item in example.items],
        )
        errors_before = len(result.report.errors)
        score(result.report, case, parsed)
        if len(result.report.errors) == errors_before:
            result.agreeing += 1
        else:
            result.disagreements.append(result.report.errors[-1])
    return result


__all__ = ["Agreement", "rules_agreement"]
