"""Adapters walk real endpoints (respx-mocked): pagination, request shapes, errors."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from deshevle.settings import Settings
from stores.base import Category
from stores.chizhik import ChizhikAdapter
from stores.dixy import DixyAdapter
from stores.errors import NotSupported, ParseError, SchemaChanged
from stores.magnit import MagnitAdapter
from stores.perekrestok import PerekrestokAdapter
from stores.pyaterochka import PyaterochkaAdapter
from stores.registry import ADAPTERS, adapter_for, chain_cookies, chain_headers

from .conftest import fixture_json, fixture_text


async def collect(adapter: Any, store: str, category: Category) -> list[Any]:
    return [offer async for offer in adapter.products(store, category)]


@respx.mock
async def test_magnit_pages_by_offset(make_transport: Any) -> None:
    route = respx.post("https://magnit.ru/webgate/v2/goods/search").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("magnit/goods_search_page1.json")),
            httpx.Response(200, json=fixture_json("magnit/goods_search_page2.json")),
        ]
    )
    adapter = MagnitAdapter(make_transport("magnit"))
    offers = await collect(
        adapter, "992301", Category("4855", "Молоко", ("Молоко, сыр, яйца", "Молоко"))
    )
    assert len(offers) == 5
    bodies = [json.loads(call.request.content) for call in route.calls]
    assert [b["pagination"]["offset"] for b in bodies] == [0, 3]
    assert bodies[0]["categories"] == [4855]
    assert bodies[0]["storeCode"] == "992301"
    assert offers[0].category_path == ["Молоко, сыр, яйца", "Молоко"]


@respx.mock
async def test_magnit_empty_page_ends(make_transport: Any) -> None:
    respx.post("https://magnit.ru/webgate/v2/goods/search").mock(
        return_value=httpx.Response(200, json={"items": [], "pagination": {"hasMore": False}})
    )
    assert await collect(MagnitAdapter(make_transport("magnit")), "1", Category("1", "x")) == []


@respx.mock
async def test_dixy_listing_pages(make_transport: Any) -> None:
    route = respx.get("https://dixy.ru/ajax/listing-json.php").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("dixy/listing_page1.json")),
            httpx.Response(200, json=fixture_json("dixy/listing_page2.json")),
        ]
    )
    respx.get("https://dixy.ru/catalog/").mock(
        return_value=httpx.Response(200, text=fixture_text("dixy/catalog.html"))
    )
    adapter = DixyAdapter(make_transport("dixy"))
    categories = await adapter.categories("")
    offers = await collect(adapter, "", categories[1])
    assert [o.external_id for o in offers] == ["242556", "198003", "305117", "310002"]
    assert [call.request.url.params["page"] for call in route.calls] == ["1", "2"]
    assert route.calls[0].request.url.params["section"] == "102"
    with pytest.raises(NotSupported):
        await adapter.search("", "молоко")


@respx.mock
async def test_perekrestok_feed_pages(make_transport: Any) -> None:
    last = fixture_json("perekrestok/product_feed.json")
    last["content"]["paginator"]["nextPageExists"] = False
    route = respx.post("https://www.perekrestok.ru/api/customer/1.4.1.0/catalog/product/feed").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("perekrestok/product_feed.json")),
            httpx.Response(200, json=last),
        ]
    )
    offers = await collect(
        PerekrestokAdapter(make_transport("perekrestok")), "", Category("424", "Вода")
    )
    assert len(offers) == 96
    assert [json.loads(c.request.content)["page"] for c in route.calls] == [1, 2]
    assert json.loads(route.calls[0].request.content)["filter"] == {"category": 424}


@respx.mock
async def test_pyaterochka_categories_and_products(make_transport: Any) -> None:
    base = "https://5d.5ka.ru/api/catalog/v2/stores/J200"
    respx.get(f"{base}/categories").mock(
        return_value=httpx.Response(200, json=fixture_json("pyaterochka/categories_tree.json"))
    )
    products = respx.get(f"{base}/categories/251C17046/products").mock(
        return_value=httpx.Response(200, json=fixture_json("pyaterochka/products_list.json"))
    )
    adapter = PyaterochkaAdapter(make_transport("pyaterochka"))
    categories = await adapter.categories("J200")
    offers = await collect(adapter, "J200", categories[0])
    assert len(offers) == 30
    assert {o.store_code for o in offers} == {"J200"}
    assert products.calls.last.request.url.params["limit"] == "499"


@respx.mock
async def test_pyaterochka_changed_schema_names_field(make_transport: Any) -> None:
    respx.get(url__regex=r".*/products").mock(return_value=httpx.Response(200, json={"goods": []}))
    with pytest.raises(SchemaChanged, match="'products'"):
        await collect(PyaterochkaAdapter(make_transport("pyaterochka")), "J200", Category("1", "x"))


@respx.mock
async def test_pyaterochka_resolve_store(make_transport: Any) -> None:
    respx.get("https://5d.5ka.ru/api/orders/v1/orders/stores/").mock(
        return_value=httpx.Response(200, json=fixture_json("pyaterochka/find_store.json"))
    )
    store = await PyaterochkaAdapter(make_transport("pyaterochka")).resolve_store(
        lat=55.8, lon=37.6
    )
    assert store.code == "J200"


@respx.mock
async def test_chizhik_follows_next(make_transport: Any) -> None:
    first = fixture_json("chizhik/products_list_trimmed.json")
    last = {**first, "next": None, "items": first["items"][:2]}
    route = respx.get("https://app.chizhik.club/api/v1/catalog/unauthorized/products/").mock(
        side_effect=[httpx.Response(200, json=first), httpx.Response(200, json=last)]
    )
    offers = await collect(ChizhikAdapter(make_transport("chizhik")), "1", Category("133", "x"))
    assert len(offers) == 10
    assert route.calls.last.request.url.params["city_id"] == "1"


def test_every_chain_has_an_adapter_and_session_headers() -> None:
    settings = Settings(_env_file=None, pyaterochka_device_id="dev-1", perekrestok_token="tok")  # type: ignore[call-arg]
    assert set(ADAPTERS) == {"pyaterochka", "magnit", "dixy", "perekrestok", "chizhik"}
    assert chain_headers("pyaterochka", settings)["x-device-id"] == "dev-1"
    assert chain_headers("perekrestok", settings) == {"Authorization": "Bearer tok"}


async def test_adapter_for_uses_settings_user_agent() -> None:
    settings = Settings(_env_file=None, user_agent="Honest/1.0", magnit_store="992301")  # type: ignore[call-arg]
    adapter = adapter_for("magnit", settings)
    try:
        assert adapter.transport.client.headers["User-Agent"] == "Honest/1.0"
        assert adapter.default_store == "992301"
    finally:
        await adapter.aclose()


def test_cookies_from_settings_are_split() -> None:
    settings = Settings(_env_file=None, scrape_cookies={"dixy": "qrator_jsid=abc; city=msk; junk"})  # type: ignore[call-arg]
    assert chain_cookies("dixy", settings) == {"qrator_jsid": "abc", "city": "msk"}
    assert chain_cookies("magnit", settings) == {}


@respx.mock
async def test_malformed_json_from_the_chain(make_transport: Any) -> None:
    respx.post("https://magnit.ru/webgate/v2/goods/search").mock(
        return_value=httpx.Response(200, text='{"items": [')
    )
    with pytest.raises(ParseError, match="malformed JSON"):
        await collect(MagnitAdapter(make_transport("magnit")), "1", Category("1", "x"))


@respx.mock
async def test_perekrestok_tree_is_posted(make_transport: Any) -> None:
    info = fixture_json("perekrestok/category_info.json")
    tree = {
        "content": {
            "items": [
                {"category": info["content"]["category"], "children": info["content"]["children"]}
            ]
        }
    }
    route = respx.post("https://www.perekrestok.ru/api/customer/1.4.1.0/catalog/tree").mock(
        return_value=httpx.Response(200, json=tree)
    )
    categories = await PerekrestokAdapter(make_transport("perekrestok")).categories("")
    assert route.called
    assert categories[0].path == ("Поздравляем любимых", "Праздничный стол")
