"""`deshevle scrape CHAIN --from-file …` parses saved answers without network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deshevle.cli import app
from deshevle.settings import get_settings

from .conftest import FIXTURES

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()


def test_dry_run_json_prints_30_pyaterochka_products() -> None:
    path = FIXTURES / "pyaterochka/products_list.json"
    result = runner.invoke(
        app, ["scrape", "pyaterochka", "--from-file", str(path), "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    offers = json.loads(result.stdout)["offers"]
    assert len(offers) == 30
    macadamia = next(o for o in offers if o["external_id"] == "4137255")
    assert (macadamia["price_kop"], macadamia["regular_price_kop"], macadamia["unit_basis"]) == (
        9999,
        11990,
        "100g",
    )
    assert offers[0]["pack"] == {"amount": 0.25, "unit": "kg", "count": 1}
    assert {"card_price_kop", "in_stock", "name"} <= offers[0].keys()


def test_html_file_for_dixy() -> None:
    path = FIXTURES / "dixy/product_card.html"
    result = runner.invoke(app, ["scrape", "dixy", "--from-file", str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["offers"][0]["price_kop"] == 43890


def test_without_dry_run_offers_are_stored() -> None:
    path = FIXTURES / "magnit/goods_search_page1.json"
    result = runner.invoke(app, ["scrape", "magnit", "--from-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "Stored 3 offers" in result.output
    stats = runner.invoke(app, ["catalog", "stats", "--json", "--all"])
    magnit = next(c for c in json.loads(stats.stdout)["chains"] if c["chain"] == "magnit")
    assert (magnit["products"], magnit["last_status"]) == (3, "ok")


def test_unparseable_file_fails_clearly(tmp_path: Path) -> None:
    broken = tmp_path / "page.json"
    broken.write_text('{"goods": []}', encoding="utf-8")
    result = runner.invoke(app, ["scrape", "magnit", "--from-file", str(broken), "--dry-run"])
    assert result.exit_code == 1
    assert "'items'" in result.output


def test_unknown_chain() -> None:
    result = runner.invoke(app, ["scrape", "lenta", "--from-file", __file__, "--dry-run"])
    assert result.exit_code == 2
