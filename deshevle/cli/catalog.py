"""`deshevle catalog …` and `deshevle db …`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from catalog.demo import load_demo
from catalog.repository import ChainStats, chain_stats
from deshevle.cli.app import app, console, run, settings
from deshevle.runtime import open_database
from stores.chains import CHAINS, chain_title

catalog_app = typer.Typer(help="Inspect and load the catalogue.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""

    async def upgrade() -> None:
        database = await open_database(settings(), autoload_demo=False)
        await database.close()

    run(upgrade())
    console.print("Database is up to date.")


@catalog_app.command("load-demo")
def catalog_load_demo() -> None:
    """Load the bundled demo catalogue (illustrative prices)."""

    async def load() -> dict[str, int]:
        database = await open_database(settings(), autoload_demo=False)
        try:
            async with database.transaction() as session:
                stats = await load_demo(session)
        finally:
            await database.close()
        return {chain: item.offers for chain, item in stats.items()}

    for chain, count in run(load()).items():
        console.print(f"{chain_title(chain)}: {count} products loaded")


def _age_seconds(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _stats_json(stats: list[ChainStats], now: datetime) -> dict[str, object]:
    return {
        "chains": [
            {
                "chain": item.chain,
                "title": chain_title(item.chain),
                "products": item.products,
                "active": item.active,
                "last_refresh": item.last_refresh.isoformat() if item.last_refresh else None,
                "last_status": item.last_status,
                "oldest_price_age_s": _age_seconds(item.oldest_price_at, now),
            }
            for item in stats
        ]
    }


def _human_age(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds // 60} мин"
    if seconds < 86_400:
        return f"{seconds // 3600} ч"
    return f"{seconds // 86_400} дн."


@catalog_app.command("stats")
def catalog_stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    all_chains: Annotated[bool, typer.Option("--all", help="Every known chain.")] = False,
) -> None:
    """Products, active products, last refresh and oldest price age per chain."""
    current = settings()
    chains = list(CHAINS) if all_chains else current.chains

    async def collect() -> list[ChainStats]:
        database = await open_database(current)
        try:
            async with database.session() as session:
                return await chain_stats(session, chains)
        finally:
            await database.close()

    stats = run(collect())
    now = datetime.now(UTC)
    if as_json:
        console.print_json(json.dumps(_stats_json(stats, now), ensure_ascii=False))
        return
    table = Table(title="Каталог")
    for column in ("Сеть", "Товаров", "Активных", "Обновлено", "Статус", "Старейшая цена"):
        table.add_column(column)
    for item in stats:
        table.add_row(
            chain_title(item.chain),
            str(item.products),
            str(item.active),
            item.last_refresh.strftime("%Y-%m-%d %H:%M UTC") if item.last_refresh else "—",
            item.last_status or "—",
            _human_age(_age_seconds(item.oldest_price_at, now)),
        )
    console.print(table)
