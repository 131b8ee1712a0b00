"""Real products from recorded chain answers, folded into the demo with their real names and prices.

The recordings (Open-Inflation, MIT) live in ``tests/fixtures/<chain>/``; the chains' own parsers
turn them into offers. Only the demo's bookkeeping changes: store, source, observation time, a
category in the demo's tree (the recordings file most items under promo shelves such as
«Пятёрочка выручает!») and a brand where the name shows a known one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from catalog.demo import prices
from catalog.demo.templates import brands, specs
from catalog.text import fold
from stores.chizhik import parse_products as parse_chizhik
from stores.offer import Offer
from stores.perekrestok import parse_feed
from stores.pyaterochka import parse_products

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DIRS: tuple[Path, ...] = (REPO_ROOT / "tests" / "fixtures",)

Parser = Callable[[object], list[Offer]]


@dataclass(frozen=True, slots=True)
class Recording:
    chain: str
    relative_path: str
    parse: Parser


RECORDINGS: tuple[Recording, ...] = (
    Recording("pyaterochka", "pyaterochka/products_list.json", parse_products),
    Recording("perekrestok", "perekrestok/product_feed.json", parse_feed),
    # Чижик is not a demo chain: its few recorded products come along so that a shopper who
    # enables it sees real ones, never invented ones.
    Recording("chizhik", "chizhik/products_list_trimmed.json", parse_chizhik),
)

# First words of recorded names the template table does not use as a noun.
_EXTRA_CATEGORIES: dict[str, tuple[str, str]] = {
    "авокадо": ("Фрукты и овощи", "Фрукты"),
    "помело": ("Фрукты и овощи", "Фрукты"),
    "слива": ("Фрукты и овощи", "Фрукты"),
    "голубика": ("Фрукты и овощи", "Фрукты"),
    "манго": ("Снеки", "Орехи и сухофрукты"),
    "лук": ("Фрукты и овощи", "Овощи"),
    "сельдерей": ("Фрукты и овощи", "Овощи"),
    "ассорти": ("Фрукты и овощи", "Зелень и салаты"),
    "рукола": ("Фрукты и овощи", "Зелень и салаты"),
    "смесь": ("Снеки", "Орехи и сухофрукты"),
    "орех": ("Снеки", "Орехи и сухофрукты"),
    "грецкий": ("Снеки", "Орехи и сухофрукты"),
    "кукурузные": ("Снеки", "Чипсы"),
    "палочки крабовые": ("Рыба и морепродукты", "Морепродукты"),
    "палочки": ("Хлеб и выпечка", "Выпечка"),
    "колбаса": ("Колбасы и сосиски", "Колбаса копчёная"),
    "колбаски": ("Колбасы и сосиски", "Колбаса копчёная"),
    "сервелат": ("Колбасы и сосиски", "Колбаса копчёная"),
    "мармелад": ("Сладости", "Конфеты"),
    "ирис": ("Сладости", "Конфеты"),
    "чак-чак": ("Сладости", "Конфеты"),
    "цикорий": ("Чай и кофе", "Кофе растворимый"),
    "вино": ("Напитки", "Газированные напитки"),
    "напиток": ("Напитки", "Газированные напитки"),
    "тоник": ("Напитки", "Газированные напитки"),
    "кукис": ("Хлеб и выпечка", "Выпечка"),
    "пончик": ("Хлеб и выпечка", "Выпечка"),
    "донат": ("Хлеб и выпечка", "Выпечка"),
    "крем": ("Детские товары", "Детская гигиена"),
    "кристаллы": ("Детские товары", "Детская гигиена"),
}
_OTHER = "Разное"


def find_recording(relative_path: str, dirs: Sequence[Path] = FIXTURE_DIRS) -> Path | None:
    return next((base / relative_path for base in dirs if (base / relative_path).is_file()), None)


def _first_words(name: str, count: int = 1) -> str:
    return " ".join(fold(word.strip(",")) for word in name.split()[:count])


def _category_by_word() -> dict[str, tuple[str, str]]:
    by_word: dict[str, tuple[str, str]] = {}
    for spec in specs():
        by_word.setdefault(_first_words(spec.noun), spec.category)
    return {**by_word, **_EXTRA_CATEGORIES}


def demo_category(offer: Offer, by_word: dict[str, tuple[str, str]]) -> list[str]:
    found = by_word.get(_first_words(offer.name, 2)) or by_word.get(_first_words(offer.name))
    if found is not None:
        return list(found)
    return [_OTHER, *offer.category_path[-1:]]


def known_brand(name: str, brands: Iterable[str]) -> str | None:
    """The longest known brand written in ``name`` (case and ё folded), if any."""
    folded = fold(name)
    hits = [brand for brand in brands if fold(brand) in folded]
    return max(hits, key=len) if hits else None


def adapt(
    offers: Iterable[Offer], *, seed: int, generated_at: datetime, source: str, store_code: str
) -> list[Offer]:
    by_word = _category_by_word()
    known = sorted(brands())
    return [
        offer.model_copy(
            update={
                "store_code": store_code,
                "source": source,
                "category_path": demo_category(offer, by_word),
                "brand": offer.brand or known_brand(offer.name, known),
                "observed_at": prices.observed_at(
                    seed, offer.chain, f"real:{offer.external_id}", generated_at
                ),
            }
        )
        for offer in offers
    ]


def recorded_offers(
    *,
    seed: int,
    generated_at: datetime,
    source: str,
    store_code: str,
    dirs: Sequence[Path] = FIXTURE_DIRS,
) -> dict[str, list[Offer]]:
    """Recorded offers per chain; a chain whose recording is missing is simply absent."""
    result: dict[str, list[Offer]] = {}
    for recording in RECORDINGS:
        path = find_recording(recording.relative_path, dirs)
        if path is None:
            continue
        parsed = recording.parse(json.loads(path.read_text(encoding="utf-8")))
        result.setdefault(recording.chain, []).extend(
            adapt(
                parsed,
                seed=seed,
                generated_at=generated_at,
                source=source,
                store_code=store_code,
            )
        )
    return result
