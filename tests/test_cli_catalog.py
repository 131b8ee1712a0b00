from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deshevle.cli import app
from deshevle.settings import get_settings


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_db_upgrade_creates_the_database(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (cli_env / "deshevle.db").exists()


def test_stats_loads_the_demo_into_an_empty_catalogue(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["catalog", "stats", "--json"])
    assert result.exit_code == 0, result.output
    chains = {row["chain"]: row for row in json.loads(result.output)["chains"]}
    assert set(chains) == {"pyaterochka", "magnit", "dixy", "perekrestok"}
    for row in chains.values():
        assert row["active"] >= 400
        assert row["products"] >= row["active"]
        assert row["last_refresh"] is not None
        assert 0 <= row["oldest_price_age_s"] < 3 * 86_400


def test_stats_table_is_russian(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["catalog", "stats"])
    assert result.exit_code == 0, result.output
    assert "Пятёрочка" in result.output and "Перекрёсток" in result.output
