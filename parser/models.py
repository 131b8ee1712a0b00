"""What the parser produces: shopping items and the parsed list."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stores.offer import PackSize

Unit = Literal["шт", "кг", "г", "л", "мл", "уп"]
PriceCategory = Literal["cheap", "medium", "expensive"]
Intent = Literal["basket", "cheapest"]
Source = Literal["rules", "llm", "hybrid"]
EggGrade = Literal["СО", "СВ", "С1", "С2", "С3"]


class LLMItem(BaseModel):
    """One item exactly as the LLM must answer it: these keys, in this order."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    quantity: float = Field(default=1, gt=0, le=1000)
    unit: Unit | None = None
    price_category: PriceCategory | None = Field(default=None, alias="priceCategory")


class ShoppingItem(LLMItem):
    """An item with the attributes the rules derive deterministically from its phrase."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    fat_percent: float | None = None
    egg_grade: EggGrade | None = None
    brand: str | None = None
    pack: PackSize | None = None

    def llm_view(self) -> dict[str, object]:
        """The item in the LLM's schema: name, quantity, unit, priceCategory."""
        return LLMItem.model_validate(
            self.model_dump(include=set(LLMItem.model_fields))
        ).model_dump(by_alias=True)


class ParsedList(BaseModel):
    model_config = ConfigDict(frozen=True)

    items: list[ShoppingItem] = Field(default_factory=list)
    intent: Intent = "basket"
    source: Source = "rules"
    warnings: list[str] = Field(default_factory=list)
