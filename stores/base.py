"""The interface every chain adapter implements; transport lives in :mod:`stores.transport`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from stores.errors import NotSupported, SchemaChanged
from stores.offer import Offer
from stores.parsing import decode_json
from stores.transport import Expect, Transport


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a chain's catalogue tells us beyond a name and a price."""

    per_store_prices: bool
    promo_dates: bool
    card_price: bool
    stock: bool
    search: bool = True
    resolve_store: bool = False


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreRef:
    code: str
    name: str = ""
    address: str = ""
    region: str = ""


def leaf_categories(
    nodes: Iterable[Any],
    *,
    children: Callable[[Mapping[str, Any]], Iterable[Any]],
    ident: Callable[[Mapping[str, Any]], object],
    name: Callable[[Mapping[str, Any]], object],
    path: tuple[str, ...] = (),
) -> list[Category]:
    """Leaves of a category tree: crawling leaves keeps every listing small and complete."""
    found: list[Category] = []
    for node in nodes:
        if not isinstance(node, Mapping):
            continue
        title = str(name(node) or "")
        kids = list(children(node) or [])
        if kids:
            found += leaf_categories(
                kids, children=children, ident=ident, name=name, path=(*path, title)
            )
        else:
            found.append(Category(str(ident(node)), title, (*path, title)))
    return found


def named_tree_leaves(
    nodes: object, *, chain: str, children_key: str = "children"
) -> list[Category]:
    """Leaves of the common ``[{id, name|title, children: [...]}]`` tree shape."""
    if not isinstance(nodes, list):
        raise SchemaChanged(f"{children_key}[]", chain=chain, where="category tree")
    return leaf_categories(
        nodes,
        children=lambda node: node.get(children_key) or [],
        ident=lambda node: node.get("id"),
        name=lambda node: node.get("name") or node.get("title"),
    )


class StoreAdapter(ABC):
    """One chain's catalogue. Parsing is pure (``parse_*`` functions); this class only fetches."""

    chain: ClassVar[str]
    capabilities: ClassVar[Capabilities]
    needs_store: ClassVar[bool] = False
    """True when every catalogue URL names a store, so a refresh without one is pointless."""

    def __init__(self, transport: Transport, *, default_store: str = "") -> None:
        self.transport = transport
        self.default_store = default_store

    @abstractmethod
    async def categories(self, store: str) -> list[Category]:
        """The categories to crawl (leaves), in the chain's order."""

    @abstractmethod
    def products(self, store: str, category: Category) -> AsyncIterator[Offer]:
        """Every offer of a category, page by page."""

    async def search(self, store: str, query: str, *, limit: int = 20) -> list[Offer]:
        raise NotSupported("search is not supported", chain=self.chain)

    async def resolve_store(self, *, lat: float, lon: float) -> StoreRef:
        raise NotSupported("finding a store by location is not supported", chain=self.chain)

    @classmethod
    @abstractmethod
    def parse_saved(cls, text: str, *, store_code: str = "") -> list[Offer]:
        """Offers from a saved answer (JSON or HTML as the chain serves it), without network."""

    async def fetch_json(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        text = await self.transport.request(method, url, params=params, json=json)
        return decode_json(text, chain=self.chain)

    async def fetch_text(
        self, url: str, *, params: Mapping[str, Any] | None = None, expect: Expect = "html"
    ) -> str:
        return await self.transport.request("GET", url, params=params, expect=expect)

    async def aclose(self) -> None:
        await self.transport.aclose()
