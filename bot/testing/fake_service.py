"""A small stand-in for ``deshevle.service.Deshevle`` with the agreed interface.

Baskets and choices are kept in the real ``basket`` table, so buttons survive a restart the
same way they do with the real service.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.service import BasketNotFound, NotYourBasket, StaleBasket, UnknownProduct
from catalog.db import Database
from catalog.models import BasketRow
from parser.models import ParsedList, ShoppingItem
from pricing.models import (
    AlternativesPage,
    Answer,
    Basket,
    BasketAnswer,
    BasketLine,
    CheapestAnswer,
    EmptyAnswer,
    ProductView,
)
from stores.offer import PackSize

OBSERVED = datetime.now(UTC) - timedelta(hours=3)


def _product(
    pid: int, chain: str, name: str, price: int, litres: float | None = None
) -> ProductView:
    pack = PackSize(amount=litres, unit="l") if litres else None
    per_unit = round(price / litres) if litres else None
    return ProductView(
        id=pid,
        chain=chain,
        name=name,
        price_kop=price,
        unit_price_kop=per_unit,
        unit_basis="l" if litres else "pcs",
        pack=pack,
        observed_at=OBSERVED,
    )


PRODUCTS = [
    _product(1, "pyaterochka", "Молоко Простоквашино 3,2% 930 мл", 9_999, 0.93),
    _product(2, "pyaterochka", "Молоко Домик в деревне 2,5% 1 л", 8_999, 1.0),
    _product(3, "pyaterochka", "Молоко Красная цена 2,5% 1 л", 6_999, 1.0),
    _product(4, "pyaterochka", "Хлеб Бородинский 300 г", 5_499),
    _product(5, "magnit", "Молоко Магнит 3,2% 1 л", 7_499, 1.0),
    _product(6, "magnit", "Молоко Параматка <Премиум> 1 л", 12_999, 1.0),
    _product(7, "magnit", "Хлеб Нарезной 400 г", 4_299),
    _product(8, "pyaterochka", "Молоко Весёлый молочник 1 л", 7_999, 1.0),
    _product(9, "pyaterochka", "Молоко Вкуснотеево 1 л", 10_999, 1.0),
    _product(10, "pyaterochka", "Молоко Савушкин 1 л", 9_499, 1.0),
]
KEYWORDS = ("молоко", "хлеб")
CHEAPEST = re.compile(r"^\s*самое\s+дешев\w*\s+", re.IGNORECASE)


def _items(text: str) -> list[ShoppingItem]:
    parts = [part.strip().lower() for part in re.split(r"[,\n]", text)]
    keys = [key for part in parts for key in KEYWORDS if key in part]
    return [ShoppingItem(name=key) for key in keys]


def _matches(item: ShoppingItem, chain: str) -> list[ProductView]:
    found = [p for p in PRODUCTS if p.chain == chain and item.name in p.name.lower()]
    return sorted(found, key=lambda p: (p.unit_price_kop or p.price_kop, p.id))


class FakeService:
    def __init__(
        self, database: Database, chains: tuple[str, ...] = ("pyaterochka", "magnit")
    ) -> None:
        self.database = database
        self.chains = chains
        self.calls: list[tuple[str, Any]] = []
        self.reloads = 0
        self.closed = False

    async def answer(self, text: str, owner: str, chains: list[str] | None = None) -> Answer:
        self.calls.append(("answer", (text, owner, chains)))
        if CHEAPEST.match(text):
            found = await self.cheapest(CHEAPEST.sub("", text), chains)
            return found
        items = _items(text)
        parsed = ParsedList(items=items, intent="basket", source="rules")
        if not items:
            return EmptyAnswer(parsed=parsed)
        async with self.database.transaction() as session:
            row = BasketRow(
                owner=owner,
                text=text,
                items=[item.model_dump() for item in items],
                chains=list(chains or self.chains),
                choices={},
            )
            session.add(row)
            await session.flush()
            basket_id = row.id
        return await self.basket(basket_id, owner)

    async def _row(self, basket_id: int, owner: str) -> BasketRow:
        async with self.database.session() as session:
            row = await session.get(BasketRow, basket_id)
        if row is None:
            raise BasketNotFound(basket_id)
        if row.owner != owner:
            raise NotYourBasket(basket_id)
        return row

    async def basket(self, basket_id: int, owner: str) -> BasketAnswer:
        row = await self._row(basket_id, owner)
        items = [ShoppingItem.model_validate(raw) for raw in row.items]
        baskets = [self._basket(chain, items, row.choices.get(chain, {})) for chain in row.chains]
        baskets.sort(key=lambda basket: (not basket.complete, basket.total_kop))
        parsed = ParsedList(items=items, intent="basket", source="rules")
        return BasketAnswer(basket_id=basket_id, parsed=parsed, baskets=baskets, demo=True)

    def _basket(self, chain: str, items: list[ShoppingItem], choices: dict[str, int]) -> Basket:
        lines: list[BasketLine] = []
        missing: list[ShoppingItem] = []
        for index, item in enumerate(items):
            options = _matches(item, chain)
            if not options:
                missing.append(item)
                continue
            chosen = choices.get(str(index))
            product = next((p for p in options if p.id == chosen), options[0])
            lines.append(
                BasketLine(
                    index=index,
                    item=item,
                    product=product,
                    packs=1,
                    line_total_kop=product.price_kop,
                    alternatives=len(options) - 1,
                    chosen=chosen is not None,
                )
            )
        return Basket(
            chain=chain,
            lines=lines,
            missing=missing,
            total_kop=sum(line.line_total_kop for line in lines),
            found=len(lines),
            wanted=len(items),
            oldest_price_at=OBSERVED,
        )

    async def alternatives(
        self,
        basket_id: int,
        owner: str,
        chain: str,
        line_index: int,
        page: int = 0,
        per_page: int = 5,
    ) -> AlternativesPage:
        answer = await self.basket(basket_id, owner)
        item = self._item(answer, line_index)
        options = _matches(item, chain)
        current = next(
            (
                line.product.id
                for b in answer.baskets
                if b.chain == chain
                for line in b.lines
                if line.index == line_index
            ),
            None,
        )
        pages = max(1, -(-len(options) // per_page))
        return AlternativesPage(
            basket_id=basket_id,
            chain=chain,
            line_index=line_index,
            item=item,
            current_product_id=current,
            options=options[page * per_page : (page + 1) * per_page],
            page=page,
            pages=pages,
        )

    @staticmethod
    def _item(answer: BasketAnswer, line_index: int) -> ShoppingItem:
        if not 0 <= line_index < len(answer.parsed.items):
            raise StaleBasket(line_index)
        return answer.parsed.items[line_index]

    async def swap(
        self, basket_id: int, owner: str, chain: str, line_index: int, product_id: int
    ) -> BasketAnswer:
        answer = await self.basket(basket_id, owner)
        item = self._item(answer, line_index)
        if product_id not in {p.id for p in _matches(item, chain)}:
            raise UnknownProduct(product_id)
        async with self.database.transaction() as session:
            row = await session.get(BasketRow, basket_id)
            assert row is not None
            choices = {key: dict(value) for key, value in row.choices.items()}
            choices.setdefault(chain, {})[str(line_index)] = product_id
            row.choices = choices
        return await self.basket(basket_id, owner)

    async def cheapest(
        self, text: str, chains: list[str] | None = None, limit: int = 10
    ) -> CheapestAnswer | EmptyAnswer:
        items = _items(text)
        parsed = ParsedList(items=items, intent="cheapest", source="rules")
        if not items:
            return EmptyAnswer(parsed=parsed)
        wanted = set(chains or self.chains)
        offers = [p for p in PRODUCTS if p.chain in wanted and items[0].name in p.name.lower()]
        offers.sort(key=lambda p: (p.unit_price_kop or p.price_kop, p.id))
        return CheapestAnswer(parsed=parsed, item=items[0], offers=offers[:limit], demo=True)

    async def reload(self) -> None:
        self.reloads += 1

    async def aclose(self) -> None:
        self.closed = True
