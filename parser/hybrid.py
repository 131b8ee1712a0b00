"""The parser the service uses: rules first, the LLM only behind a guard.

PARSER=rules never calls a model. PARSER=auto (the default) asks the LLM, accepts its answer
only when it is complete, valid and grounded in the message, lets the rules' quantities and
attributes win, and falls back to the rules after one retry. PARSER=llm trusts the LLM's item
list (still validated and grounded) and uses the rules only when the model fails.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz

from catalog.text import fold
from deshevle.settings import Settings
from parser.llm import LLMFault, OllamaBackend
from parser.models import LLMItem, ParsedList, ShoppingItem, Source
from parser.morph import lemma, words
from parser.rules import parse_rules, spell_emoji
from parser.vocabulary import Vocabulary

log = logging.getLogger(__name__)

ATTEMPTS = 2
_TRANSPORT_FAULTS = frozenset(
    {"model_not_found", "http_error", "unreachable", "timeout", "client_error"}
)


class ListParser(Protocol):
    async def parse(self, text: str) -> ParsedList: ...


class Backend(Protocol):
    async def complete(self, text: str) -> object: ...


class RulesParser:
    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary

    async def parse(self, text: str) -> ParsedList:
        return parse_rules(text, self.vocabulary)


def _word_keys(text: str) -> set[str]:
    return {lemma(word) for word in words(text) if len(word) > 2}


def grounded(item: LLMItem, text: str, vocabulary: Vocabulary) -> bool:
    """Whether the item's name comes from the message: a lemma or a near spelling occurs
    (food emoji count as their words: «🥛» grounds «молоко»)."""
    text = spell_emoji(text)
    text_words = [word for word in words(text) if len(word) > 2]
    text_keys = {lemma(word) for word in text_words} | set(text_words)
    brands = {brand for alias, brand in vocabulary.brands.items() if alias in fold(text)}
    for word in words(item.name):
        if len(word) <= 2:
            continue
        key = lemma(word)
        if key in text_keys or any(fold(brand) == word for brand in brands):
            return True
        canonical = vocabulary.canonical_noun(key)
        if canonical and any(vocabulary.canonical_noun(k) == canonical for k in text_keys):
            return True
        if any(fuzz.ratio(word, candidate) >= 80 for candidate in text_words):
            return True
    return False


def _same_product(llm_item: LLMItem, rules_item: ShoppingItem) -> bool:
    return bool(_word_keys(llm_item.name) & _word_keys(rules_item.name))


def reconcile(
    llm_items: list[LLMItem], rules: ParsedList, *, rules_win: bool = True
) -> list[ShoppingItem]:
    """LLM items with the rules' fat %, egg grade, brand and pack, and (when ``rules_win``)
    the rules' explicit quantity and unit."""
    out: list[ShoppingItem] = []
    used: set[int] = set()
    for item in llm_items:
        index, match = next(
            ((i, r) for i, r in enumerate(rules.items) if _same_product(item, r)), (-1, None)
        )
        if match is not None and index in used:
            continue  # the LLM split one product the rules merged («яйца с0, десяток яиц»)
        used.add(index)
        if match is None:
            derived = parse_rules(item.name).items
            base = derived[0] if derived else None
            out.append(
                ShoppingItem(
                    name=base.name if base else item.name,
                    quantity=item.quantity,
                    unit=item.unit,
                    priceCategory=item.price_category,
                    fat_percent=base.fat_percent if base else None,
                    egg_grade=base.egg_grade if base else None,
                    brand=base.brand if base else None,
                )
            )
            continue
        explicit = rules_win and (match.unit is not None or match.quantity != 1)
        out.append(
            match.model_copy(
                update={
                    "quantity": match.quantity if explicit else item.quantity,
                    "unit": match.unit if explicit else item.unit,
                    "price_category": match.price_category or item.price_category,
                }
            )
        )
    return out


class GuardedParser:
    """Rules plus an LLM behind validation, grounding, one retry and a rules fallback."""

    def __init__(
        self,
        backend: Backend,
        *,
        trust_llm_items: bool = False,
        vocabulary: Vocabulary | None = None,
        disagreements: Path | None = None,
    ) -> None:
        self.backend = backend
        self.trust_llm_items = trust_llm_items
        self.vocabulary = vocabulary or Vocabulary.default()
        self.disagreements = disagreements

    async def parse(self, text: str) -> ParsedList:
        rules = parse_rules(text, self.vocabulary)
        reasons: list[str] = []
        for _attempt in range(ATTEMPTS):
            try:
                answer = await self.backend.complete(text)
                llm_items: list[LLMItem] = answer.items  # type: ignore[attr-defined]
            except LLMFault as fault:
                reasons.append(fault.reason)
                if fault.reason in {"model_not_found", "unreachable"}:
                    break  # retrying cannot help
                continue
            except Exception as error:  # a backend bug must never reach the shopper
                reasons.append(f"backend_error:{type(error).__name__}")
                continue
            invented = [
                item.name for item in llm_items if not grounded(item, text, self.vocabulary)
            ]
            if invented:
                reasons.append("ungrounded")
                log.info("llm invented items %s for %r", invented, text[:200])
                continue
            items = reconcile(llm_items, rules, rules_win=not self.trust_llm_items)
            source: Source = "llm" if self.trust_llm_items else "hybrid"
            result = ParsedList(items=items, intent=rules.intent, source=source)
            self._record(text, rules, result, "agree" if _agree(rules, result) else "disagree")
            log.info("parser path=%s retries=%d", source, len(reasons))
            return result
        log.info("parser path=rules reasons=%s", ",".join(reasons))
        if not _TRANSPORT_FAULTS.issuperset(reasons):
            # Only answers the model got wrong are worth retraining on, not outages.
            self._record(text, rules, None, ",".join(reasons))
        return rules.model_copy(update={"warnings": [*rules.warnings, *map(_warn, reasons)]})

    def _record(self, text: str, rules: ParsedList, final: ParsedList | None, why: str) -> None:
        if self.disagreements is None or why == "agree":
            return
        line = {
            "at": datetime.now(UTC).isoformat(),
            "text": text,
            "why": why,
            "rules": [item.llm_view() for item in rules.items],
            "final": [item.llm_view() for item in final.items] if final else None,
        }
        try:
            self.disagreements.parent.mkdir(parents=True, exist_ok=True)
            with self.disagreements.open("a", encoding="utf-8") as sink:
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError:
            log.warning("cannot write parser disagreements to %s", self.disagreements)


def _warn(reason: str) -> str:
    return f"llm_fallback:{reason}"


def _agree(rules: ParsedList, result: ParsedList) -> bool:
    return [item.llm_view() for item in rules.items] == [item.llm_view() for item in result.items]


def disagreements_path(settings: Settings) -> Path:
    return Path(settings.parser_disagreements or settings.data_dir / "parser_disagreements.jsonl")


def build_parser(settings: Settings, vocabulary: Vocabulary | None = None) -> ListParser:
    """The parser PARSER asks for: rules, auto (guarded hybrid) or llm."""
    if settings.parser == "rules":
        return RulesParser(vocabulary)
    return GuardedParser(
        OllamaBackend(settings),
        trust_llm_items=settings.parser == "llm",
        vocabulary=vocabulary,
        disagreements=disagreements_path(settings),
    )


__all__ = ["GuardedParser", "ListParser", "RulesParser", "build_parser", "grounded", "reconcile"]
