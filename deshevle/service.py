"""The facade every front end uses: a message in, a ranked Russian-ready answer out."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from pydantic import ValidationError

from catalog.db import Database
from catalog.models import BasketRow
from catalog.repository import current_prices
from deshevle.baskets import BasketWriter
from deshevle.errors import BasketNotFound, NotYourBasket, StaleBasket, UnknownChain, UnknownProduct
from deshevle.settings import Settings
from parser.hybrid import ListParser, build_parser
from parser.models import ParsedList, ShoppingItem
from parser.vocabulary import Vocabulary
from pricing.basket import build_basket, choice_key, item_matches, pick, rank
from pricing.cheapest import cheapest_offers
from pricing.index import CatalogueIndex, ChainIndex
from pricing.models import (
    AlternativesPage,
    Answer,
    Basket,
    BasketAnswer,
    CheapestAnswer,
    EmptyAnswer,
    OptionCost,
    ProductView,
)
from pricing.split import split_basket
from stores.chains import known_chain


class Deshevle:
    """Matching, baskets, swaps and the cheapest offers over an in-memory catalogue index."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        index: CatalogueIndex,
        parser: ListParser,
        *,
        own_parser: bool,
    ) -> None:
        self.settings = settings
        self.database = database
        self.index = index
        self.parser = parser
        self._own_parser = own_parser
        self._baskets = BasketWriter(database)

    @classmethod
    async def create(
        cls, settings: Settings, database: Database, parser: ListParser | None = None
    ) -> Deshevle:
        index = await _load_index(database, settings.chains)
        own = parser is None
        return cls(
            settings,
            database,
            index,
            parser or build_parser(settings, _vocabulary(index)),
            own_parser=own,
        )

    async def aclose(self) -> None:
        """Write the baskets still queued; call before closing the database."""
        await self._baskets.flush()

    async def reload(self) -> None:
        """Rebuild the index (and the parser's vocabulary) after a catalogue refresh."""
        index = await _load_index(self.database, self.settings.chains)
        if self._own_parser:
            self.parser = build_parser(self.settings, _vocabulary(index))
        self.index = index

    # -- answers ---------------------------------------------------------------------------

    async def answer(self, text: str, owner: str, chains: list[str] | None = None) -> Answer:
        parsed = await self.parser.parse(text)
        if not parsed.items:
            return EmptyAnswer(parsed=parsed)
        in_use = self._chains(chains)
        if parsed.intent == "cheapest":
            return self._cheapest(parsed, in_use, limit=10)
        now = datetime.now(UTC)
        basket_id = self._baskets.add(
            {
                "owner": owner,
                "text": text,
                "items": [item.model_dump(mode="json") for item in parsed.items],
                "chains": in_use,
                "choices": {},
                "created_at": now,
                "updated_at": now,
            }
        )
        return self._basket_answer(basket_id, parsed, in_use, {})

    async def cheapest(
        self, text: str, chains: list[str] | None = None, limit: int = 10
    ) -> CheapestAnswer | EmptyAnswer:
        parsed = await self.parser.parse(text)
        if not parsed.items:
            return EmptyAnswer(parsed=parsed)
        return self._cheapest(parsed, self._chains(chains), limit)

    async def basket(self, basket_id: int, owner: str) -> BasketAnswer:
        row = await self._row(basket_id, owner)
        return self._answer_for(row)

    async def alternatives(
        self,
        basket_id: int,
        owner: str,
        chain: str,
        line_index: int,
        page: int = 0,
        per_page: int = 5,
    ) -> AlternativesPage:
        row = await self._row(basket_id, owner)
        chain_index = self._basket_chain(row, chain)
        item = _item_at(_items(row), line_index)
        picked = pick(chain_index, line_index, item, row.choices)
        current = picked.option.product.id if picked.option else None
        options = [o for o in picked.matches.options if o.product.id != current]
        per_page = max(1, per_page)
        pages = max(1, math.ceil(len(options) / per_page))
        page = min(max(page, 0), pages - 1)
        shown = options[page * per_page : (page + 1) * per_page]
        costs = []
        if picked.matches.need.unit is not None:
            costs = [OptionCost(packs=o.cover.packs, total_kop=o.cover.total_kop) for o in shown]
        return AlternativesPage(
            basket_id=basket_id,
            chain=chain,
            line_index=line_index,
            item=item,
            current_product_id=current,
            options=[o.product for o in shown],
            page=page,
            pages=pages,
            costs=costs,
        )

    async def swap(
        self, basket_id: int, owner: str, chain: str, line_index: int, product_id: int
    ) -> BasketAnswer:
        await self._baskets.settled(basket_id)
        async with self.database.transaction() as session:
            row = await session.get(BasketRow, basket_id)
            row = _owned(row, basket_id, owner)
            chain_index = self._basket_chain(row, chain)
            item = _item_at(_items(row), line_index)
            if item_matches(chain_index, item).options.find(product_id) is None:
                raise UnknownProduct(f"product {product_id} is not an option of line {line_index}")
            # A new dict, so the JSON column sees the change.
            row.choices = {**row.choices, choice_key(chain, line_index): product_id}
            row.updated_at = datetime.now(UTC)
        return self._answer_for(row)

    # -- internals -------------------------------------------------------------------------

    def _chains(self, chains: Sequence[str] | None) -> list[str]:
        wanted = list(chains) if chains else list(self.settings.chains)
        unknown = [code for code in wanted if not known_chain(code)]
        if unknown:
            raise UnknownChain(f"unknown chains: {', '.join(unknown)}")
        return [code for code in dict.fromkeys(wanted)]

    def _chain_indexes(self, chains: Sequence[str]) -> list[ChainIndex]:
        return [self.index.chains.get(code) or ChainIndex(code) for code in chains]

    def _basket_chain(self, row: BasketRow, chain: str) -> ChainIndex:
        if chain not in row.chains:
            raise UnknownChain(f"chain {chain!r} is not in basket {row.id}")
        return self.index.chains.get(chain) or ChainIndex(chain)

    async def _row(self, basket_id: int, owner: str) -> BasketRow:
        await self._baskets.settled(basket_id)
        async with self.database.session() as session:
            return _owned(await session.get(BasketRow, basket_id), basket_id, owner)

    def _answer_for(self, row: BasketRow) -> BasketAnswer:
        parsed = ParsedList(items=_items(row), intent="basket")
        return self._basket_answer(row.id, parsed, list(row.chains), dict(row.choices))

    def _basket_answer(
        self, basket_id: int, parsed: ParsedList, chains: list[str], choices: dict[str, int]
    ) -> BasketAnswer:
        baskets = rank(
            [build_basket(chain, parsed.items, choices) for chain in self._chain_indexes(chains)]
        )
        return BasketAnswer(
            basket_id=basket_id,
            parsed=parsed,
            baskets=baskets,
            split=split_basket(baskets, self.settings.split_penalty_kop),
            demo=self._demo(line.product for basket in baskets for line in basket.lines),
            notes=_ranking_notes(baskets),
        )

    def _cheapest(self, parsed: ParsedList, chains: list[str], limit: int) -> CheapestAnswer:
        item = parsed.items[0]
        offers = cheapest_offers(self._chain_indexes(chains), item, limit)
        return CheapestAnswer(parsed=parsed, item=item, offers=offers, demo=self._demo(offers))

    def _demo(self, products: Iterable[ProductView]) -> bool:
        if self.index.demo:
            return True
        chains = self.index.chains
        return any(
            (entry := chains[p.chain].products.get(p.id)) is not None and entry.demo
            for p in products
        )


def _ranking_notes(baskets: Sequence[Basket]) -> list[str]:
    if baskets and not baskets[0].complete:
        return ["Ни в одной сети не нашлось всего списка: сети отсортированы по числу найденного."]
    return []


async def _load_index(database: Database, chains: Sequence[str]) -> CatalogueIndex:
    async with database.session() as session:
        return CatalogueIndex.build(await current_prices(session, chains=list(chains)))


def _vocabulary(index: CatalogueIndex) -> Vocabulary:
    entries = [entry for chain in index.chains.values() for entry in chain.products.values()]
    return Vocabulary.from_catalogue(
        (entry.view.name for entry in entries),
        {entry.view.brand for entry in entries if entry.view.brand},
    )


def _owned(row: BasketRow | None, basket_id: int, owner: str) -> BasketRow:
    if row is None:
        raise BasketNotFound(f"no basket {basket_id}")
    if row.owner != owner:
        raise NotYourBasket(f"basket {basket_id} belongs to someone else")
    return row


def _items(row: BasketRow) -> list[ShoppingItem]:
    try:
        return [ShoppingItem.model_validate(raw) for raw in row.items]
    except ValidationError as error:
        raise StaleBasket(f"basket {row.id} holds items of an older format") from error


def _item_at(items: Sequence[ShoppingItem], line_index: int) -> ShoppingItem:
    if not 0 <= line_index < len(items):
        raise StaleBasket(f"no line {line_index}")
    return items[line_index]


__all__ = ["Deshevle"]
