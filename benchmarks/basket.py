"""answer() latency over a synthetic 4 chains × 15 000 products catalogue, against a naive baseline.

The catalogue is generated from category templates into a temporary SQLite file; ``answer()``
runs the rules parser, matching over the in-memory index, tiers, packs, ranking, the split and
the basket's INSERT. It is timed cold (memoized matches dropped before every list) and warm
(a running bot's repeat questions). The baseline is what a first attempt would do: rapidfuzz
over every product name of every chain for each item, then the cheapest good-scoring one. Run:
``.venv/bin/python benchmarks/basket.py [--products 15000] [--lists 300] [--baseline-lists 10]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from catalog.db import Database
from catalog.repository import current_prices, upsert_offers
from deshevle.service import Deshevle
from deshevle.settings import Settings
from parser.rules import parse_rules
from pricing.match import item_query
from stores.offer import Offer, UnitBasis

CHAINS = ["pyaterochka", "magnit", "dixy", "perekrestok"]

# (name head, varieties, brands, packs, base price ₽ per pack, unit basis)
TEMPLATES: list[tuple[str, list[str], list[str], list[str], int, UnitBasis]] = [
    (
        "Молоко",
        [
            "ультрапастеризованное 3,2%",
            "пастеризованное 2,5%",
            "отборное 3,4-4%",
            "безлактозное 1,5%",
            "топлёное 4%",
        ],
        ["Простоквашино", "Домик в деревне", "Parmalat", "Село Зелёное", "Вкуснотеево"],
        ["930 мл", "900 мл", "1 л", "1,4 л", "0,5 л"],
        95,
        "pcs",
    ),
    (
        "Шоколад",
        ["молочный", "горький 70%", "молочный с орехом", "белый"],
        ["Alpen Gold", "Milka", "Россия", "Бабаевский"],
        ["85 г", "90 г", "100 г", "200 г"],
        110,
        "pcs",
    ),
    (
        "Коктейль молочный",
        ["шоколадный 2%", "клубничный 2%", "ванильный 3,2%"],
        ["Чудо", "Простоквашино"],
        ["200 мл", "270 мл", "950 мл"],
        70,
        "pcs",
    ),
    (
        "Хлеб",
        ["Бородинский", "Дарницкий", "пшеничный", "ржаной", "зерновой", "тостовый"],
        ["Коломенский", "Черёмушки", "Хлебный дом", "Fazer"],
        ["300 г", "400 г", "500 г", "700 г"],
        60,
        "pcs",
    ),
    (
        "Хлебцы",
        ["ржаные", "гречневые", "мультизлаковые"],
        ["Dr.Korner", "Хлебцы-Молодцы"],
        ["90 г", "100 г", "200 г"],
        90,
        "pcs",
    ),
    (
        "Батон",
        ["нарезной", "подмосковный", "с изюмом"],
        ["Коломенский", "Черёмушки"],
        ["350 г", "400 г"],
        45,
        "pcs",
    ),
    (
        "Яйца куриные",
        ["С0", "С1", "С2", "СВ", "С1 деревенские"],
        ["Роскар", "Окское", "Синявинская", "Волжанин"],
        ["6 шт", "10 шт", "20 шт", "30 шт"],
        120,
        "pcs",
    ),
    (
        "Яйца перепелиные",
        ["", "столовые"],
        ["Ясные зори", "Перепелиная ферма"],
        ["20 шт"],
        150,
        "pcs",
    ),
    (
        "Сыр",
        ["Российский 50%", "Гауда 45%", "Маасдам 45%", "Пошехонский 45%", "Моцарелла 40%"],
        ["Ламбер", "Брест-Литовск", "Сыробогатов", "Hochland", "Viola"],
        ["200 г", "250 г", "300 г"],
        250,
        "pcs",
    ),
    (
        "Кефир",
        ["2,5%", "1%", "3,2%"],
        ["Простоквашино", "Домик в деревне", "Био Баланс"],
        ["900 мл", "930 мл", "1 л", "450 мл"],
        90,
        "pcs",
    ),
    (
        "Масло сливочное",
        ["82,5%", "72,5%", "Крестьянское 72,5%", "Традиционное 82,5%"],
        ["Простоквашино", "Экомилк", "Брест-Литовск", "Вкуснотеево"],
        ["180 г", "200 г", "400 г"],
        200,
        "pcs",
    ),
    (
        "Чипсы",
        ["сметана и зелень", "сыр", "краб", "бекон", "паприка"],
        ["Lay's", "Pringles", "Московский картофель", "Cheetos"],
        ["70 г", "140 г", "150 г", "225 г"],
        150,
        "pcs",
    ),
    (
        "Картофель",
        ["молодой", "мытый", "красный", "для жарки"],
        ["", "Моя цена"],
        ["", "2 кг", "3 кг"],
        60,
        "kg",
    ),
    ("Бананы", ["", "мини", "Эквадор"], [""], [""], 15, "100g"),
    (
        "Сосиски",
        ["молочные", "сливочные", "венские", "куриные"],
        ["Останкино", "Мираторг", "Папа может", "Вязанка"],
        ["300 г", "450 г", "1 кг"],
        250,
        "pcs",
    ),
    (
        "Гречка",
        ["ядрица", "продел", "в пакетиках 5x80 г"],
        ["Мистраль", "Увелка", "Националь"],
        ["800 г", "900 г", "1 кг"],
        110,
        "pcs",
    ),
    (
        "Вода питьевая",
        ["негазированная", "газированная"],
        ["Святой источник", "Шишкин лес", "Aqua Minerale"],
        ["0,5 л", "1,5 л", "5 л", "6x1,5 л"],
        60,
        "pcs",
    ),
    (
        "Колбаса",
        ["Докторская", "Сервелат", "Молочная", "Краковская"],
        ["Останкино", "Черкизово", "Дымов", "Мясницкий ряд"],
        ["300 г", "400 г", "500 г"],
        300,
        "pcs",
    ),
    (
        "Сметана",
        ["15%", "20%", "10%", "25%"],
        ["Простоквашино", "Домик в деревне", "Экомилк"],
        ["300 г", "315 г", "540 г"],
        110,
        "pcs",
    ),
    (
        "Творог",
        ["5%", "9%", "0,5%", "рассыпчатый 5%"],
        ["Простоквашино", "Савушкин", "Село Зелёное"],
        ["180 г", "200 г", "300 г"],
        120,
        "pcs",
    ),
    (
        "Чай чёрный",
        ["байховый", "с бергамотом", "в пакетиках 100 шт", "листовой"],
        ["Lipton", "Greenfield", "Майский", "Ahmad Tea"],
        ["100 г", "200 г", "25 шт"],
        180,
        "pcs",
    ),
    (
        "Йогурт",
        ["клубника 2,5%", "персик 1,5%", "натуральный 3,2%"],
        ["Danone", "Чудо", "Активиа"],
        ["125 г", "270 г", "950 г"],
        60,
        "pcs",
    ),
]

SHOPPING = [
    "молоко 3.2%",
    "хлеб",
    "яйца дорогие",
    "чипсы lays",
    "сыр 300 г",
    "2 л кефира",
    "бананы 1 кг",
    "масло сливочное 82,5%",
    "сосиски",
    "гречка",
    "вода 6х1,5л",
    "колбаса докторская",
    "сметана 20%",
    "творог 5%",
    "чай липтон",
    "йогурт",
    "2 кг картошки",
    "яйца с0 десяток",
    "хлеб бородинский",
    "молоко подешевле",
    "сыр гауда",
    "батон",
]


def names(count: int, rng: random.Random) -> Iterator[tuple[str, str | None, int, UnitBasis]]:
    for number in range(count):
        head, varieties, brands, packs, base, basis = TEMPLATES[number % len(TEMPLATES)]
        brand = rng.choice(brands)
        pack = "" if basis != "pcs" else rng.choice(packs)
        # Line extensions make names unique, as a real store's long tail does.
        series = f"серия {number // len(TEMPLATES)}" if number >= 40 * len(TEMPLATES) else ""
        name = " ".join(p for p in (head, brand, rng.choice(varieties), series, pack) if p)
        price = int(base * 100 * rng.uniform(0.6, 2.5))
        yield name, brand or None, price, basis


def offers(chain: str, count: int, seed: int) -> Iterator[Offer]:
    rng = random.Random(seed)
    for number, (name, brand, price, basis) in enumerate(names(count, rng)):
        yield Offer(
            chain=chain,
            external_id=f"{chain}-{number}",
            name=name,
            brand=brand,
            price_kop=price,
            card_price_kop=int(price * 0.9) if rng.random() < 0.3 else None,
            unit_basis=basis,
            in_stock=rng.random() > 0.03,
        )


def shopping_lists(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [", ".join(rng.sample(SHOPPING, 10)) for _ in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def fill(database: Database, products: int) -> None:
    for seed, chain in enumerate(CHAINS):
        async with database.transaction() as session:
            await upsert_offers(session, offers(chain, products, seed))


async def naive_answer(names_by_chain: dict[str, list[tuple[str, int]]], text: str) -> int:
    """Rapidfuzz over every product of every chain, cheapest of the good scores."""
    total = 0
    for item in parse_rules(text).items:
        for chain_products in names_by_chain.values():
            found = process.extract(
                item.name,
                [name for name, _ in chain_products],
                scorer=fuzz.token_set_ratio,
                score_cutoff=80,
                limit=None,
            )
            if found:
                total += min(chain_products[index][1] for _, _, index in found)
    return total


async def main(products: int, lists: int, baseline_lists: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = await Database.open(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
        started = time.perf_counter()
        await fill(database, products)
        filled = time.perf_counter()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=Path(directory),
            chains=CHAINS,
            parser="rules",
        )
        service = await Deshevle.create(settings, database)
        indexed = time.perf_counter()
        texts = shopping_lists(lists)
        for text in texts[:20]:  # warm the lemma caches, as a running bot has them
            await service.answer(text, "bench")
        cold: list[float] = []
        for text in texts:
            # Cold: no memoized matches, as for lists nobody has asked before.
            item_query.cache_clear()
            for chain in service.index.chains.values():
                chain.forget()
            begin = time.perf_counter()
            await service.answer(text, "bench")
            cold.append((time.perf_counter() - begin) * 1000)
        warm: list[float] = []
        for text in texts:
            begin = time.perf_counter()
            await service.answer(text, "bench")
            warm.append((time.perf_counter() - begin) * 1000)
        await service.aclose()  # the baskets written behind the replies

        async with database.session() as session:
            rows = await current_prices(session)
        by_chain: dict[str, list[tuple[str, int]]] = {}
        for row in rows:
            by_chain.setdefault(row.product.chain_code, []).append(
                (row.product.name, row.price.price_kop)
            )
        naive: list[float] = []
        for text in texts[:baseline_lists]:
            begin = time.perf_counter()
            await naive_answer(by_chain, text)
            naive.append((time.perf_counter() - begin) * 1000)
        await database.close()

    naive_p50 = statistics.median(naive)
    print(f"catalogue: {len(CHAINS)} chains × {products} products = {len(rows)} rows")
    print(f"fill (upsert into SQLite): {filled - started:.1f} s")
    print(f"index build (Deshevle.create): {indexed - filled:.1f} s")
    for label, timings in (("cold", cold), ("warm", warm)):
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        print(
            f"answer() {label}, {len(timings)} 10-item lists: p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms, max {max(timings):.1f} ms; "
            f"vs naive p50 {naive_p50 / p50:.0f}× faster"
        )
    print(f"naive baseline over {len(naive)} lists: p50 {naive_p50:.0f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--products", type=int, default=15_000)
    arguments.add_argument("--lists", type=int, default=300)
    arguments.add_argument("--baseline-lists", type=int, default=10)
    options = arguments.parse_args()
    asyncio.run(main(options.products, options.lists, options.baseline_lists))
