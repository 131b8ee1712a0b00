"""The normalized offer every adapter produces and the catalogue stores."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

UnitBasis = Literal["pcs", "kg", "100g", "l"]
"""What ``price_kop`` pays for: one piece or pack, one kilogram, 100 grams or one litre."""

PackUnit = Literal["kg", "l", "pcs"]


class PackSize(BaseModel):
    """The content of one pack, normalized to kilograms, litres or pieces.

    ``amount`` is the total content; ``count`` is how many units the pack bundles
    (6 for «6x1.5л», whose amount is 9 l).
    """

    model_config = ConfigDict(frozen=True)

    amount: float = Field(gt=0)
    unit: PackUnit
    count: int = Field(default=1, ge=1)


class Offer(BaseModel):
    model_config = ConfigDict(frozen=True)

    chain: str
    store_code: str = ""
    external_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    brand: str | None = None
    category_path: list[str] = Field(default_factory=list)
    price_kop: int = Field(gt=0)
    regular_price_kop: int | None = Field(default=None, gt=0)
    card_price_kop: int | None = Field(default=None, gt=0)
    promo_label: str | None = None
    promo_end: datetime | None = None
    unit_basis: UnitBasis = "pcs"
    pack: PackSize | None = None
    in_stock: bool = True
    barcode: str | None = None
    url: str | None = None
    image: str | None = None
    observed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    source: str = "live"

    @field_validator("observed_at", "promo_end")
    @classmethod
    def _aware_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        return value.astimezone(UTC)
