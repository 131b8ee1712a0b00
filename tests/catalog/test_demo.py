"""The bundled demo catalogue: size, coverage, price shape, determinism and loading."""

from __future__ import annotations

import gzip
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.db import Database
from catalog.demo import DEMO_FILE, load_demo, read_demo
from catalog.demo.build import DEFAULT_SEED, GENERATED_AT, DemoItem, build, generate, main
from catalog.demo.naming import product_name
from catalog.demo.recorded import FIXTURE_DIRS
from catalog.demo.templates import parse_pack_token, specs
from catalog.models import PriceObservationRow
from catalog.repository import chain_stats
from catalog.text import fold
from stores.chains import SEED_CHAINS
from stores.offer import Offer
from stores.packs import parse_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2027, 3, 14, 12, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def items() -> list[DemoItem]:
    return generate(DEFAULT_SEED, fixture_dirs=[FIXTURES])


@pytest.fixture(scope="module")
def offers() -> list[Offer]:
    return list(read_demo(DEMO_FILE, now=NOW))


def of_chain(offers: list[Offer], chain: str) -> list[Offer]:
    return [offer for offer in offers if offer.chain == chain]


def shelf(offer: Offer) -> int:
    """The price before any promotion."""
    return offer.regular_price_kop or offer.price_kop


def per_kg(offer: Offer) -> int:
    return offer.price_kop * 10 if offer.unit_basis == "100g" else offer.price_kop


# --- the committed file -------------------------------------------------------------------


def test_committed_file_is_what_the_generator_builds() -> None:
    fresh = build(DEFAULT_SEED, fixture_dirs=[FIXTURES])
    assert fresh == build(DEFAULT_SEED, fixture_dirs=[FIXTURES]), "same seed, same bytes"
    # Compare content, not gzip bytes, so another zlib build does not fail the suite.
    assert gzip.decompress(DEMO_FILE.read_bytes()) == gzip.decompress(fresh), (
        "demo_catalogue.jsonl.gz is stale: run python -m catalog.demo.build"
    )
    assert DEMO_FILE.stat().st_size < 1_000_000


def test_check_flag_reports_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "demo.jsonl.gz"
    source = ["--fixtures", str(FIXTURES), "--out", str(stale)]
    assert main(source) == 0
    assert main([*source, "--check"]) == 0
    assert main([*source, "--check", "--seed", "7"]) == 1
    assert main([*source, "--check", "--out", str(tmp_path / "missing.gz")]) == 1


def test_another_seed_moves_prices_but_keeps_the_products(items: list[DemoItem]) -> None:
    other = {(i.offer.chain, i.key): i.offer for i in generate(7, fixture_dirs=[FIXTURES])}
    shared = [i for i in items if (i.offer.chain, i.key) in other]
    assert len(shared) > 0.9 * len(items)
    changed = sum(other[(i.offer.chain, i.key)].price_kop != i.offer.price_kop for i in shared)
    assert changed > len(shared) / 2
    assert all(other[(i.offer.chain, i.key)].name == i.offer.name for i in shared)


def test_header_has_a_fixed_generation_time() -> None:
    with gzip.open(DEMO_FILE, "rt", encoding="utf-8") as lines:
        header = lines.readline()
    assert '"generated_at": "2026-11-27T09:00:00+00:00"' in header
    assert "Illustrative" in header


# --- size and coverage --------------------------------------------------------------------


async def test_loaded_demo_has_400_active_products_per_seed_chain(database: Database) -> None:
    async with database.transaction() as session:
        loaded = await load_demo(session)
    async with database.session() as session:
        stats = await chain_stats(session, list(SEED_CHAINS))
    assert set(loaded) == {*SEED_CHAINS, "chizhik"}
    for item in stats:
        assert 400 <= item.active <= 560, item
        assert item.last_status == "ok"
        assert item.oldest_price_at is not None
        age = datetime.now(UTC) - item.oldest_price_at
        assert timedelta(0) <= age <= timedelta(hours=49)


def test_sixty_category_leaves(offers: list[Offer]) -> None:
    leaves = {tuple(offer.category_path) for offer in offers if len(offer.category_path) == 2}
    assert len(leaves) >= 60
    for chain in SEED_CHAINS:
        assert len({tuple(o.category_path) for o in of_chain(offers, chain)}) >= 60, chain


def _percent(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.,]){value.replace(',', '[.,]')}%")


def _leaf(leaf: str) -> Callable[[Offer], bool]:
    return lambda offer: offer.category_path[-1:] == [leaf]


def _has(offers: list[Offer], test: Callable[[Offer], bool]) -> bool:
    return any(test(offer) for offer in offers)


def _named(offers: list[Offer], pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(offer.name) for offer in offers)


@pytest.mark.parametrize("chain", SEED_CHAINS)
def test_required_families_in_every_chain(offers: list[Offer], chain: str) -> None:
    mine = of_chain(offers, chain)
    milk = [o for o in mine if _leaf("Молоко")(o)]
    for fat in ("1,5", "2,5", "3,2", "6"):
        assert _named(milk, _percent(fat)), fat
    assert {o.pack.amount for o in milk if o.pack} >= {0.9, 0.93, 1.0, 1.4}
    sour_cream = [o for o in mine if _leaf("Сметана")(o)]
    for fat in ("10", "15", "20"):
        assert _named(sour_cream, _percent(fat)), fat
    butter = [o for o in mine if _leaf("Масло сливочное")(o)]
    for fat in ("72,5", "82,5"):
        assert _named(butter, _percent(fat)), fat
    eggs = [o for o in mine if _leaf("Яйца куриные")(o)]
    for grade in (r"С[ОO0]", "С1", "С2", "СВ"):
        assert _named(eggs, re.compile(rf"\b{grade}\b")), grade
    assert {o.pack.amount for o in eggs if o.pack} >= {6, 10, 20}
    assert _has(mine, lambda o: fold(o.name).startswith("яйца перепелиные"))
    chips = [o for o in mine if _leaf("Чипсы")(o)]
    assert _has(chips, lambda o: o.brand == "Lay's")
    assert _has(chips, lambda o: o.brand == "Pringles")
    assert _has(mine, lambda o: fold(o.name).startswith("хлебцы"))
    assert _has(mine, lambda o: "сосиски" in fold(o.name) and "молочные" in fold(o.name))
    for leaf in ("Фрукты", "Овощи"):
        weighed = [o for o in mine if _leaf(leaf)(o) and o.unit_basis in ("kg", "100g")]
        assert len(weighed) >= 5, leaf
        assert all(o.pack is None for o in weighed)
    for leaf in ("Курица", "Фарш", "Хлеб ржаной", "Хлеб белый", "Батоны и багеты", "Кофе молотый",
                 "Чай чёрный", "Сахар", "Соль", "Мука", "Рис", "Гречка", "Макароны", "Вода",
                 "Соки и нектары", "Пиво", "Туалетная бумага", "Средства для посуды",
                 "Детское пюре", "Корм для кошек", "Корм для собак", "Кефир", "Ряженка",
                 "Творог", "Йогурты", "Сыры твёрдые", "Рыба солёная и копчёная"):  # fmt: skip
        assert _has(mine, _leaf(leaf)), leaf


def test_matcher_traps_are_present(offers: list[Offer]) -> None:
    names = [fold(offer.name) for offer in offers]
    for trap in ("шоколад молочный", "коктейль молочный", "молоко сгущенное", "хлебцы",
                 "яйца перепелиные"):  # fmt: skip
        assert any(name.startswith(trap) for name in names), trap


def test_pyaterochka_prices_some_weighed_goods_per_100g(items: list[DemoItem]) -> None:
    by_key: dict[str, dict[str, Offer]] = defaultdict(dict)
    for item in items:
        by_key[item.key][item.offer.chain] = item.offer
    per_100g = [o for item in items if (o := item.offer).unit_basis == "100g"]
    assert per_100g and {o.chain for o in per_100g} == {"pyaterochka"}
    assert _has(per_100g, lambda o: o.category_path[0] == "Фрукты и овощи")
    for key, chains in by_key.items():
        five = chains.get("pyaterochka")
        if five is None or five.unit_basis != "100g" or key.startswith("real:"):
            continue
        for other in chains.values():
            if other.unit_basis == "kg":
                # A price per 100 g is about a tenth of the same goods per kilogram.
                assert 0.07 < shelf(five) / shelf(other) < 0.14, (five, other)


# --- prices -------------------------------------------------------------------------------


def test_no_chain_is_cheapest_on_everything(items: list[DemoItem]) -> None:
    by_key: dict[str, list[Offer]] = defaultdict(list)
    for item in items:
        by_key[item.key].append(item.offer)
    compared = [found for found in by_key.values() if len(found) == len(SEED_CHAINS)]
    assert len(compared) > 300
    wins = Counter(min(found, key=per_kg).chain for found in compared)
    for chain in SEED_CHAINS:
        assert wins[chain] >= 0.05 * len(compared), wins
        assert wins[chain] <= 0.6 * len(compared), wins
    # Within one category the winner still changes from product to product somewhere.
    by_leaf: dict[str, set[str]] = defaultdict(set)
    for found in compared:
        by_leaf[found[0].category_path[-1]].add(min(found, key=per_kg).chain)
    assert sum(len(winners) > 1 for winners in by_leaf.values()) >= 10


def test_prices_are_positive_integer_kopecks(offers: list[Offer]) -> None:
    for offer in offers:
        for value in (offer.price_kop, offer.regular_price_kop, offer.card_price_kop):
            assert value is None or (type(value) is int and value > 0), offer
        if offer.regular_price_kop is not None:
            assert offer.regular_price_kop > offer.price_kop, offer
        if offer.card_price_kop is not None:
            assert offer.card_price_kop < offer.price_kop, offer


def test_milk_prices_are_plausible(offers: list[Offer]) -> None:
    milk = [
        o for o in offers if _leaf("Молоко")(o) and "Простоквашино" in (o.brand or "")
        and o.pack == parse_pack("930мл") and _percent("3,2").search(o.name)
    ]  # fmt: skip
    assert len(milk) == len(SEED_CHAINS)
    assert all(8_500 <= shelf(o) <= 14_000 for o in milk), [shelf(o) for o in milk]
    assert len({shelf(o) for o in milk}) > 1


def test_promos_cards_and_stock_gaps(items: list[DemoItem]) -> None:
    generated = [item.offer for item in items if not item.key.startswith("real:")]
    promos = [o for o in generated if o.promo_label]
    assert 0.08 < len(promos) / len(generated) < 0.25
    for offer in promos:
        assert re.fullmatch(r"Скидка \d+%", offer.promo_label or "")
        assert offer.regular_price_kop is not None and offer.promo_end is not None
        assert timedelta(days=1) < offer.promo_end - GENERATED_AT < timedelta(days=8)
    cards = Counter(o.chain for o in generated if o.card_price_kop is not None)
    for chain in ("pyaterochka", "perekrestok", "magnit"):
        assert cards[chain] > 2 * cards["dixy"], cards
    missing = sum(not o.in_stock for o in generated) / len(generated)
    assert 0.01 < missing < 0.06
    for offer in generated:
        assert timedelta(0) <= GENERATED_AT - offer.observed_at <= timedelta(hours=48)
    assert max(GENERATED_AT - o.observed_at for o in generated) > timedelta(hours=40)


# --- the shape of each offer --------------------------------------------------------------


URL_PATTERNS = {
    "pyaterochka": r"https://5ka\.ru/product/\d+/",
    "perekrestok": r"https://www\.perekrestok\.ru/cat/\d+/p/[a-z0-9-]+-\d+",
    "magnit": r"https://magnit\.ru/product/\d+",
    "dixy": r"https://dixy\.ru/catalog/[a-z0-9-]+/[a-z0-9-]+/",
    "chizhik": r"https://chizhik\.club/catalog/product/[a-z0-9-]+/",
}


def test_every_offer_is_complete(items: list[DemoItem]) -> None:
    ids = Counter((item.offer.chain, item.offer.external_id) for item in items)
    assert max(ids.values()) == 1
    for item in items:
        offer = item.offer
        assert offer.source == "demo" and offer.store_code == "demo"
        assert offer.url and re.fullmatch(URL_PATTERNS[offer.chain], offer.url), offer.url
        assert len(offer.category_path) == 2
        if offer.unit_basis == "pcs":
            assert offer.pack is not None, offer.name
        else:
            assert offer.pack is None, offer.name
        if not item.key.startswith("real:") and offer.pack is not None:
            assert offer.brand, offer.name


def test_names_state_the_pack_they_carry(items: list[DemoItem]) -> None:
    checked = 0
    for item in items:
        offer = item.offer
        if item.key.startswith("real:") or offer.pack is None or "пак" in offer.name:
            continue
        assert parse_pack(offer.name) == offer.pack, offer.name
        checked += 1
    assert checked > 1500


def test_multipacks_count_their_units(items: list[DemoItem]) -> None:
    water = [i.offer for i in items if "aqua minerale" in i.key and "6x" in i.key]
    assert len(water) == len(SEED_CHAINS)
    assert {(o.pack.amount, o.pack.unit, o.pack.count) for o in water if o.pack} == {(9.0, "l", 6)}
    assert any("6*1,5л" in o.name for o in water)


def test_each_chain_names_products_its_own_way() -> None:
    spec = next(
        s for s in specs()
        if s.brand == "Простоквашино" and s.percent == "3,2" and s.pack == parse_pack_token("930мл")
    )  # fmt: skip
    assert product_name(spec, "pyaterochka") == "Молоко Простоквашино пастеризованное 3,2% 930мл"
    assert product_name(spec, "perekrestok") == "Молоко Простоквашино пастеризованное 3.2%, 930мл"
    assert product_name(spec, "magnit") == "Молоко Простоквашино 3,2% 930мл"
    assert product_name(spec, "dixy") == "Молоко пастеризованное ПРОСТОКВАШИНО 3,2% 0,93л"
    eggs = next(s for s in specs() if s.brand == "Окское" and s.variety == "СО")
    assert product_name(eggs, "perekrestok") == "Яйцо куриное Окское СО, 10шт"
    assert product_name(eggs, "magnit") == "Яйца куриные Окское С0 10шт"


def test_own_brands_stay_in_their_chain(items: list[DemoItem]) -> None:
    owners = {"Красная цена": "pyaterochka", "Моя цена": "magnit", "Дикси": "dixy"}
    for item in items:
        owner = owners.get(item.offer.brand or "")
        assert owner is None or item.offer.chain == owner, item.offer.name


def test_recorded_products_keep_their_real_names_and_prices(items: list[DemoItem]) -> None:
    real = {(i.offer.chain, i.offer.name): i.offer for i in items if i.key.startswith("real:")}
    coffee = real[("pyaterochka", "Кофе Egoiste Noir молотый 250г")]
    assert coffee.price_kop == 99999 and coffee.brand == "Egoiste"
    assert coffee.category_path[-1] == "Кофе молотый"
    water = real[("perekrestok", "Вода питьевая Сенежская негазированная, 1.5л")]
    assert water.price_kop == 5699 and water.category_path == ["Напитки", "Вода"]
    assert sum(chain == "pyaterochka" for chain, _ in real) >= 25
    assert sum(chain == "perekrestok" for chain, _ in real) >= 40


def test_recordings_come_from_the_project_fixtures() -> None:
    assert FIXTURE_DIRS[0] == FIXTURES
    assert (FIXTURES / "pyaterochka" / "LICENSE-Open-Inflation").is_file()


# --- loading ------------------------------------------------------------------------------


async def _price_rows(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(PriceObservationRow)) or 0)


async def test_loading_twice_adds_no_price_rows(database: Database) -> None:
    async with database.transaction() as session:
        first = await load_demo(session, now=NOW)
    rows = await _price_rows(database)
    assert rows == sum(stats.offers for stats in first.values())
    async with database.transaction() as session:
        second = await load_demo(session, now=NOW + timedelta(hours=3))
    assert all(s.products_new == 0 and s.prices_changed == 0 for s in second.values()), second
    assert await _price_rows(database) == rows


def test_loader_moves_datetimes_up_to_now(offers: list[Offer]) -> None:
    observed = [offer.observed_at for offer in offers]
    assert max(observed) <= NOW
    assert min(observed) >= NOW - timedelta(hours=48)
    promo_ends = [offer.promo_end for offer in offers if offer.promo_end is not None]
    assert promo_ends and all(NOW < end < NOW + timedelta(days=9) for end in promo_ends)


def test_chizhik_brings_only_its_recorded_products(items: list[DemoItem]) -> None:
    chizhik = [item for item in items if item.offer.chain == "chizhik"]
    assert len(chizhik) == 8
    assert all(item.key.startswith("real:chizhik:") for item in chizhik)
    assert {item.offer.price_kop for item in chizhik} >= {3900, 9900, 10900}
