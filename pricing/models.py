"""What the pricing engine answers. Money in integer kopecks, datetimes aware UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parser.models import ParsedList, ShoppingItem
from stores.offer import PackSize

UnitPriceBasis = Literal["kg", "l", "pcs"]


class ProductView(BaseModel):
    """A product with its current price, as every front end shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    chain: str
    name: str
    brand: str | None = None
    price_kop: int
    regular_price_kop: int | None = None
    card_price_kop: int | None = None
    promo_label: str | None = None
    promo_end: datetime | None = None
    unit_price_kop: int | None = None
    unit_basis: UnitPriceBasis = "pcs"
    pack: PackSize | None = None
    weighed: bool = False
    in_stock: bool = True
    url: str | None = None
    observed_at: datetime


class BasketLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    item: ShoppingItem
    product: ProductView
    packs: float = Field(gt=0, description="Whole packs, or kilograms for weighed goods.")
    line_total_kop: int
    card_line_total_kop: int | None = None
    alternatives: int = 0
    chosen: bool = Field(default=False, description="The shopper swapped this line in.")


class Basket(BaseModel):
    model_config = ConfigDict(frozen=True)

    chain: str
    lines: list[BasketLine]
    missing: list[ShoppingItem] = Field(default_factory=list)
    total_kop: int
    card_total_kop: int | None = None
    found: int
    wanted: int
    oldest_price_at: datetime | None = None
    notes: list[str] = Field(default_factory=list, description="Russian remarks for the shopper.")

    @property
    def complete(self) -> bool:
        return self.found == self.wanted


class SplitLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    chain: str
    line: BasketLine


class SplitSuggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    chains: list[str]
    lines: list[SplitLine]
    total_kop: int
    best_single_total_kop: int
    penalty_kop: int
    saving_kop: int


class BasketAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Literal["basket"] = "basket"
    basket_id: int | None = None
    parsed: ParsedList
    baskets: list[Basket]
    split: SplitSuggestion | None = None
    demo: bool = False
    notes: list[str] = Field(default_factory=list, description="Russian remarks for the shopper.")


class CheapestAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Literal["cheapest"] = "cheapest"
    parsed: ParsedList
    item: ShoppingItem | None
    offers: list[ProductView]
    demo: bool = False


class EmptyAnswer(BaseModel):
    """The message held no shopping items (chit-chat, an instruction, an empty line)."""

    model_config = ConfigDict(frozen=True)

    intent: Literal["empty"] = "empty"
    parsed: ParsedList


class OptionCost(BaseModel):
    model_config = ConfigDict(frozen=True)

    packs: float
    total_kop: int


class AlternativesPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    basket_id: int
    chain: str
    line_index: int
    item: ShoppingItem
    current_product_id: int | None
    options: list[ProductView]
    page: int
    pages: int
    costs: list[OptionCost] = Field(default_factory=list)
    """When an amount was asked («молоко 2 л»): what each option costs for it, and the
    options are ordered by that. Empty otherwise: the order is by unit price."""

    @model_validator(mode="after")
    def _cost_per_option(self) -> AlternativesPage:
        if self.costs and len(self.costs) != len(self.options):
            raise ValueError("costs must be empty or one per option")
        return self

    def priced(self) -> list[tuple[ProductView, OptionCost | None]]:
        """Each option with its cost for the amount asked, or None when none was asked."""
        costs: list[OptionCost | None] = list(self.costs) or [None] * len(self.options)
        return list(zip(self.options, costs, strict=True))


Answer = BasketAnswer | CheapestAnswer | EmptyAnswer
