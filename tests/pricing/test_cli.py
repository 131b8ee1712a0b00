from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from catalog.db import Database
from deshevle.cli import app
from deshevle.settings import get_settings
from stores.offer import PackSize
from tests.pricing.catalogue import offer, store

SHELF = [
    offer("Молоко Простоквашино 3,2% 930 мл", 8999, chain="pyaterochka", card_kop=7999),
    offer("Молоко Домик в деревне 3,2% 1,4 л", 13999, chain="pyaterochka"),
    offer("Шоколад молочный Alpen Gold 85 г", 5999, chain="pyaterochka"),
    offer("Хлеб Дарницкий 700 г", 5499, chain="pyaterochka"),
    offer("Яйца куриные С0 10 шт", 14999, chain="pyaterochka"),
    offer("Яйца куриные С2 10 шт", 9999, chain="pyaterochka"),
    offer("Чипсы Lay's сметана и зелень 140 г", 17999, chain="pyaterochka", brand="Lay's"),
    offer("Молоко Село Зелёное 3,2% 1 л", 9499, chain="magnit"),
    offer("Батон Нарезной", 3999, chain="magnit", pack=PackSize(amount=0.4, unit="kg")),
]


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PARSER", "rules")
    monkeypatch.setenv("CHAINS", "pyaterochka,magnit")
    monkeypatch.setenv("DEMO_AUTOLOAD", "false")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()

    async def fill() -> None:
        database = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'deshevle.db'}")
        await store(database, SHELF)
        await database.close()

    asyncio.run(fill())
    yield tmp_path
    get_settings.cache_clear()


LIST = "молоко 3.2%, хлеб, яйца дорогие, чипсы lays"


def test_ask_json_shape(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "--json", LIST])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["intent"] == "basket"
    assert [i["name"] for i in answer["items"]] == ["молоко 3.2%", "хлеб", "яйца", "чипсы Lay's"]
    first, second = answer["baskets"]
    assert (first["chain"], first["found"], first["missing"]) == ("pyaterochka", 4, [])
    assert (first["total_kop"], first["card_total_kop"]) == (47496, 47496 - 8999 + 7999)
    milk = first["lines"][0]
    assert milk["product"]["name"] == "Молоко Простоквашино 3,2% 930 мл"
    assert (milk["product"]["unit_price_kop"], milk["product"]["unit_basis"]) == (9676, "l")
    assert set(milk) == {"item", "product", "packs", "line_total_kop"}
    assert {
        "id",
        "name",
        "brand",
        "price_kop",
        "unit_price_kop",
        "unit_basis",
        "pack",
        "url",
    } <= set(milk["product"])
    assert (second["chain"], second["found"]) == ("magnit", 2)
    assert [m["name"] for m in second["missing"]] == ["яйца", "чипсы Lay's"]
    assert answer["split"] is None


def test_unquoted_words_are_one_message(cli_env: Path) -> None:
    quoted = CliRunner().invoke(app, ["ask", "--json", LIST])
    unquoted = CliRunner().invoke(app, ["ask", "--json", *LIST.split()])
    assert unquoted.exit_code == 0, unquoted.output
    assert json.loads(unquoted.output)["items"] == json.loads(quoted.output)["items"]
    one = CliRunner().invoke(app, ["cheapest", "--json", "молоко 3,2%"])
    many = CliRunner().invoke(app, ["cheapest", "--json", "молоко", "3,2%"])
    assert json.loads(many.output)["item"]["fat_percent"] == 3.2
    assert json.loads(many.output)["offers"] == json.loads(one.output)["offers"] != []


def test_ask_prints_russian_baskets(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["ask", LIST], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1. Пятёрочка — 474,96 ₽" in result.output
    assert "найдено 4 из 4" in result.output and "найдено 2 из 4" in result.output
    assert "96,76 ₽/л" in result.output
    assert "Не нашлось: яйца, чипсы Lay's" in result.output


def test_cheapest_json_shape(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["cheapest", "--json", "молоко"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["intent"] == "cheapest"
    assert answer["item"]["name"] == "молоко"
    assert [(o["chain"], o["product"]["unit_price_kop"]) for o in answer["offers"]] == [
        ("magnit", 9499),
        ("pyaterochka", 9676),
        ("pyaterochka", 9999),
    ]
