"""What the bot needs from the service, so handlers can be tested against a fake."""

from __future__ import annotations

from typing import Protocol

from deshevle.errors import (  # re-exported for the routers
    BasketNotFound,
    DeshevleError,
    NotYourBasket,
    StaleBasket,
    UnknownChain,
    UnknownProduct,
)
from pricing.models import AlternativesPage, Answer, BasketAnswer, CheapestAnswer, EmptyAnswer


class PriceService(Protocol):
    async def answer(self, text: str, owner: str, chains: list[str] | None = None) -> Answer: ...

    async def basket(self, basket_id: int, owner: str) -> BasketAnswer: ...

    async def alternatives(
        self,
        basket_id: int,
        owner: str,
        chain: str,
        line_index: int,
        page: int = 0,
        per_page: int = 5,
    ) -> AlternativesPage: ...

    async def swap(
        self, basket_id: int, owner: str, chain: str, line_index: int, product_id: int
    ) -> BasketAnswer: ...

    async def cheapest(
        self, text: str, chains: list[str] | None = None, limit: int = 10
    ) -> CheapestAnswer | EmptyAnswer: ...

    async def reload(self) -> None: ...

    async def aclose(self) -> None: ...


def owner_of(user_id: int) -> str:
    """The owner key baskets and preferences are stored under."""
    return f"tg:{user_id}"


__all__ = [
    "BasketNotFound",
    "DeshevleError",
    "NotYourBasket",
    "PriceService",
    "StaleBasket",
    "UnknownChain",
    "UnknownProduct",
    "owner_of",
]
