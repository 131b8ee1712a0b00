"""The hand-checked gold set of Russian shopping messages with their expected items."""

from __future__ import annotations

import json
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from parser.models import Intent, LLMItem


class GoldCase(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    intent: Intent = "basket"
    items: list[LLMItem] = Field(default_factory=list)


def load_gold() -> list[GoldCase]:
    """Every case of ``parser/gold/gold.jsonl``, in file order."""
    source = resources.files(__package__).joinpath("gold.jsonl").read_text(encoding="utf-8")
    return [GoldCase.model_validate(json.loads(line)) for line in source.splitlines() if line]


__all__ = ["GoldCase", "load_gold"]
