"""Pure parsers on recorded (Open-Inflation, MIT) and hand-written fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from stores import chizhik, dixy, magnit, perekrestok, pyaterochka
from stores.errors import ChallengePage, ParseError, SchemaChanged
from stores.offer import Offer, PackSize

from .conftest import fixture_json, fixture_text


def by_id(offers: list[Offer]) -> dict[str, Offer]:
    return {offer.external_id: offer for offer in offers}


class TestPyaterochka:
    def test_products_list_has_30_offers_in_kopecks(self) -> None:
        offers = pyaterochka.parse_products(fixture_json("pyaterochka/products_list.json"))
        assert len(offers) == 30
        items = by_id(offers)
        coffee = items["3395339"]
        assert (coffee.price_kop, coffee.regular_price_kop) == (99999, None)
        assert coffee.unit_basis == "pcs"
        assert coffee.pack == PackSize(amount=0.25, unit="kg")
        # «134.9» has one decimal: still 134 roubles 90 kopecks.
        assert items["3964790"].price_kop == 13490

    def test_discount_is_current_price_regular_kept(self) -> None:
        items = by_id(pyaterochka.parse_products(fixture_json("pyaterochka/products_list.json")))
        zephyr = items["3406629"]
        assert (zephyr.price_kop, zephyr.regular_price_kop) == (9999, 16999)
        assert zephyr.promo_label == "-41%"

    def test_weighed_goods_per_kg_and_per_100g(self) -> None:
        items = by_id(pyaterochka.parse_products(fixture_json("pyaterochka/products_list.json")))
        assert items["4327381"].unit_basis == "kg"  # «Цена за 1 кг»
        assert items["4327381"].pack is None
        macadamia = items["4137255"]  # «Цена за 100 г»
        assert macadamia.unit_basis == "100g"
        assert macadamia.price_kop == 9999

    def test_n_plus_m_promo_keeps_shelf_price(self) -> None:
        items = by_id(pyaterochka.parse_products(fixture_json("pyaterochka/products_list.json")))
        sausages = items["4332173"]
        assert sausages.price_kop == 11998
        assert sausages.promo_label == "1+1"

    def test_search_answer_uses_the_same_parser(self) -> None:
        offers = pyaterochka.parse_products(fixture_json("pyaterochka/search.json"))
        assert offers
        assert offers[0].name.startswith("Напиток Кола Добрый")
        assert offers[0].pack == PackSize(amount=1.0, unit="l")

    def test_categories_are_leaves_with_paths(self) -> None:
        categories = pyaterochka.parse_categories(fixture_json("pyaterochka/categories_tree.json"))
        assert len(categories) > 50
        assert categories[0].path == ("Пятёрочка выручает!", "Скидки недели")

    def test_store_lookup(self) -> None:
        assert pyaterochka.parse_store(fixture_json("pyaterochka/find_store.json")).code == "J200"

    def test_missing_field_is_named(self) -> None:
        payload = fixture_json("pyaterochka/products_list.json")
        del payload["products"][3]["prices"]
        with pytest.raises(SchemaChanged) as caught:
            pyaterochka.parse_products(payload)
        assert caught.value.field == "prices"
        assert "prices" in str(caught.value)

    def test_renamed_list_is_named(self) -> None:
        with pytest.raises(SchemaChanged, match="'products'"):
            pyaterochka.parse_products({"items": []})

    def test_html_instead_of_json_is_a_challenge(self) -> None:
        with pytest.raises(ChallengePage):
            pyaterochka.PyaterochkaAdapter.parse_saved("<html><body>captcha</body></html>")

    def test_malformed_json(self) -> None:
        with pytest.raises(ParseError, match="malformed JSON"):
            pyaterochka.PyaterochkaAdapter.parse_saved('{"products": [')


class TestPerekrestok:
    def test_feed_prices_are_already_kopecks(self) -> None:
        offers = perekrestok.parse_feed(fixture_json("perekrestok/product_feed.json"))
        assert len(offers) == 48
        items = by_id(offers)
        garlic = items["37055"]
        assert (garlic.price_kop, garlic.regular_price_kop) == (5999, 6999)
        assert garlic.promo_label == "-14% от 2 шт."
        assert items["46113"].pack == PackSize(amount=1.5, unit="l")

    def test_unit_2_is_per_kg(self) -> None:
        onion = by_id(perekrestok.parse_feed(fixture_json("perekrestok/product_feed.json")))[
            "373557"
        ]
        assert onion.unit_basis == "kg"
        assert onion.pack is None
        assert onion.price_kop == 9999

    def test_name_beats_gross_weight(self) -> None:
        tonic = by_id(perekrestok.parse_feed(fixture_json("perekrestok/product_feed.json")))[
            "44808"
        ]
        assert tonic.pack == PackSize(amount=1.0, unit="l")  # masterData.weight says 1038 g

    def test_pagination_flag(self) -> None:
        payload = fixture_json("perekrestok/product_feed.json")
        assert perekrestok.feed_has_next(payload) is True
        payload["content"]["paginator"]["nextPageExists"] = False
        assert perekrestok.feed_has_next(payload) is False

    def test_search(self) -> None:
        offers = perekrestok.parse_search(fixture_json("perekrestok/search.json"))
        assert offers[0].name.startswith("Молоко")
        assert offers[0].category_path == ["Молоко, сметана"]

    def test_out_of_stock(self) -> None:
        payload = fixture_json("perekrestok/product_feed.json")
        payload["content"]["items"][0]["balanceState"] = "none"
        assert perekrestok.parse_feed(payload)[0].in_stock is False

    def test_changed_price_tag(self) -> None:
        payload = fixture_json("perekrestok/product_feed.json")
        payload["content"]["items"][0]["priceTag"] = {"amount": 5199}
        with pytest.raises(SchemaChanged) as caught:
            perekrestok.parse_feed(payload)
        assert caught.value.field == "priceTag.price"

    def test_category_tree_leaves(self) -> None:
        categories = perekrestok.parse_category_tree(fixture_json("perekrestok/category_info.json"))
        assert categories
        assert categories[0].id == "1729"


class TestChizhik:
    def test_own_catalogue_float_roubles(self) -> None:
        offers = chizhik.parse_products(fixture_json("chizhik/products_list_trimmed.json"))
        assert len(offers) == 8
        cola = by_id(offers)["1055"]
        assert cola.price_kop == 3900
        assert cola.pack == PackSize(amount=0.5, unit="l")

    def test_delivery_catalogue_shares_x5_parser(self) -> None:
        offers = chizhik.parse_delivery_products(
            fixture_json("chizhik/delivery_products_list_trimmed.json")
        )
        assert len(offers) == 8
        mop = by_id(offers)["4399809"]
        assert (mop.chain, mop.price_kop, mop.regular_price_kop) == ("chizhik", 209900, 299900)

    def test_saved_file_detects_shape(self) -> None:
        own = chizhik.ChizhikAdapter.parse_saved(fixture_text("chizhik/products_list_trimmed.json"))
        delivery = chizhik.ChizhikAdapter.parse_saved(
            fixture_text("chizhik/delivery_products_list_trimmed.json")
        )
        assert {o.source for o in own + delivery} == {"file"}
        assert own[0].external_id == "1055"
        assert delivery[0].external_id == "4399809"

    def test_old_price_is_regular(self) -> None:
        payload = fixture_json("chizhik/products_list_trimmed.json")
        payload["items"][0]["old_price"] = 49.5
        offer = chizhik.parse_products(payload)[0]
        assert (offer.price_kop, offer.regular_price_kop) == (3900, 4950)


class TestMagnit:
    def offers(self) -> dict[str, Offer]:
        pages = ("magnit/goods_search_page1.json", "magnit/goods_search_page2.json")
        return by_id([o for page in pages for o in magnit.parse_goods(fixture_json(page))])

    def test_kopecks_and_pack_from_name(self) -> None:
        milk = self.offers()["1000123456"]
        assert milk.price_kop == 10999
        assert milk.pack == PackSize(amount=0.93, unit="l")

    def test_promo_with_end_date(self) -> None:
        pancakes = self.offers()["1000234567"]
        assert (pancakes.price_kop, pancakes.regular_price_kop) == (8999, 12999)
        assert pancakes.promo_label == "-31%"
        assert pancakes.promo_end == datetime(2026, 12, 3, 20, 59, 59, tzinfo=UTC)

    def test_weighted_uses_unit_price_per_kg(self) -> None:
        bananas = self.offers()["1000345678"]
        assert (bananas.unit_basis, bananas.price_kop, bananas.pack) == ("kg", 12599, None)

    def test_out_of_stock_and_multipack(self) -> None:
        water = self.offers()["1000456789"]
        assert water.in_stock is False
        assert water.pack == PackSize(amount=9.0, unit="l", count=6)

    def test_pagination(self) -> None:
        assert magnit.next_offset(fixture_json("magnit/goods_search_page1.json")) == 3
        assert magnit.next_offset(fixture_json("magnit/goods_search_page2.json")) is None
        with pytest.raises(SchemaChanged, match="pagination"):
            magnit.next_offset({"items": []})

    def test_category_leaves(self) -> None:
        categories = magnit.parse_categories(fixture_json("magnit/categories.json"))
        assert [c.id for c in categories] == ["4855", "4861", "4902", "5100"]
        assert categories[2].path == ("Овощи и фрукты", "Фрукты", "Бананы и цитрусовые")


class TestDixy:
    def test_product_card_from_init_data(self) -> None:
        offer = dixy.parse_product_page(fixture_text("dixy/product_card.html"))
        assert offer is not None
        assert (offer.external_id, offer.price_kop, offer.regular_price_kop) == (
            "242556",
            43890,
            49999,
        )
        assert offer.brand == "Брест-Литовск"
        assert offer.pack == PackSize(amount=0.2, unit="kg")

    def test_product_card_dom_fallback_weighed_and_sold_out(self) -> None:
        offer = dixy.parse_product_page(fixture_text("dixy/product_card_sold_out.html"))
        assert offer is not None
        assert (offer.price_kop, offer.unit_basis, offer.in_stock) == (64900, "kg", False)

    def test_dom_price_split_over_nodes(self) -> None:
        html = fixture_text("dixy/product_card.html")
        without_script = html[: html.index("<script>")] + "</body></html>"
        offer = dixy.parse_product_page(without_script)
        assert offer is not None
        assert (offer.price_kop, offer.regular_price_kop) == (43890, 49999)

    def test_listing_pages(self) -> None:
        first = fixture_json("dixy/listing_page1.json")
        second = fixture_json("dixy/listing_page2.json")
        assert dixy.listing_is_last(first) is False
        assert dixy.listing_is_last(second) is True
        offers = by_id(dixy.parse_listing(first) + dixy.parse_listing(second))
        assert offers["198003"].price_kop == 9990
        assert offers["305117"].in_stock is False
        assert offers["310002"].regular_price_kop == 13990

    def test_changed_card_markup_is_named(self) -> None:
        with pytest.raises(SchemaChanged, match="card-line"):
            dixy.parse_product_page("<html><body><h1>Товар</h1></body></html>")

    def test_catalog_menu(self) -> None:
        categories = dixy.parse_catalog_menu(fixture_text("dixy/catalog.html"))
        assert [c.id for c in categories] == ["101", "102", "103"]

    def test_listing_missing_price_field(self) -> None:
        payload = fixture_json("dixy/listing_page1.json")
        del payload["cards"][0]["priceSimple"]
        with pytest.raises(SchemaChanged, match="priceSimple"):
            dixy.parse_listing(json.loads(json.dumps(payload)))
