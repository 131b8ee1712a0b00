"""`deshevle scrape …` (a live refresh or a saved answer) and `deshevle scheduler`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from catalog.models import ScrapeRunRow
from catalog.repository import UpsertStats, finish_run, start_run, upsert_offers
from deshevle.cli.app import app, console, errors, run, settings
from deshevle.runtime import open_database
from scheduler.jobs import build_scheduler, stop_scheduler
from stores.chains import CHAINS, chain_title
from stores.errors import StoreError
from stores.offer import Offer
from stores.refresh import Progress as RefreshProgress
from stores.refresh import refresh
from stores.registry import adapter_class, adapter_for


def offer_json(offer: Offer) -> dict[str, Any]:
    data = offer.model_dump(mode="json", exclude={"chain", "source", "observed_at"})
    return {
        "external_id": data.pop("external_id"),
        "name": data.pop("name"),
        "price_kop": data.pop("price_kop"),
        "regular_price_kop": data.pop("regular_price_kop"),
        "card_price_kop": data.pop("card_price_kop"),
        "unit_basis": data.pop("unit_basis"),
        "pack": data.pop("pack"),
        "in_stock": data.pop("in_stock"),
        **data,
    }


def _check_chain(chain: str) -> None:
    if chain not in CHAINS:
        errors.print(f"Unknown chain {chain!r}; known: {', '.join(CHAINS)}")
        raise typer.Exit(2)


def _print_offers(offers: list[Offer]) -> None:
    table = Table(title=f"{len(offers)} offers")
    for column in ("id", "name", "price, ₽", "regular, ₽", "basis", "pack", "stock"):
        table.add_column(column)
    for offer in offers:
        pack = offer.pack
        table.add_row(
            offer.external_id,
            offer.name,
            f"{offer.price_kop / 100:.2f}",
            f"{offer.regular_price_kop / 100:.2f}" if offer.regular_price_kop else "",
            offer.unit_basis,
            f"{pack.count}×{pack.amount / pack.count:g} {pack.unit}" if pack else "",
            "yes" if offer.in_stock else "no",
        )
    console.print(table)


async def _store_offers(chain: str, store: str, offers: list[Offer]) -> ScrapeRunRow:
    database = await open_database(settings(), autoload_demo=False)
    try:
        async with database.transaction() as session:
            scrape = await start_run(session, chain, store, source="file")
            stats: UpsertStats = await upsert_offers(session, offers)
            # One saved page is never the whole catalogue: nothing is retired.
            return await finish_run(session, scrape, status="ok", stats=stats, complete=False)
    finally:
        await database.close()


def _scrape_file(chain: str, path: Path, store: str, *, dry_run: bool, as_json: bool) -> None:
    try:
        offers = adapter_class(chain).parse_saved(
            path.read_text(encoding="utf-8"), store_code=store
        )
    except StoreError as error:
        errors.print(f"Cannot parse {path}: {error}")
        raise typer.Exit(1) from error
    offers = [offer.model_copy(update={"chain": chain}) for offer in offers]
    if as_json:
        typer.echo(json.dumps({"offers": [offer_json(o) for o in offers]}, ensure_ascii=False))
    else:
        _print_offers(offers)
    if not dry_run:
        stored = run(_store_offers(chain, store, offers))
        message = f"Stored {stored.offers_seen} offers ({stored.prices_changed} price changes)."
        (errors if as_json else console).print(message)


async def _scrape_live(
    chain: str, store: str | None, category: str | None, limit: int | None
) -> ScrapeRunRow:
    current = settings()
    database = await open_database(current, autoload_demo=False)
    adapter = adapter_for(chain, current)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[offers]} offers"),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(chain_title(chain), total=None, offers=0)

            def progress(step: RefreshProgress) -> None:
                bar.update(
                    task,
                    completed=step.categories_done,
                    total=step.categories_total,
                    offers=step.offers,
                    description=f"{chain_title(chain)}: {step.category}",
                )

            return await refresh(
                database,
                adapter,
                store,
                category=category,
                limit=limit,
                batch_size=current.scrape_batch_size,
                on_progress=progress,
            )
    finally:
        await adapter.aclose()
        await database.close()


@app.command("scrape")
def scrape(
    chain: Annotated[str, typer.Argument(help="Chain code, e.g. pyaterochka.")],
    store: Annotated[str | None, typer.Option("--store", help="Store code.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="One category id.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Stop after N offers.")
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", exists=True, dir_okay=False, help="Parse a saved answer."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not store anything.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print offers as JSON.")] = False,
) -> None:
    """Refresh a chain from its site, or parse a saved response with --from-file (no network)."""
    _check_chain(chain)
    if from_file is not None:
        _scrape_file(chain, from_file, store or "", dry_run=dry_run, as_json=as_json)
        return
    finished = run(_scrape_live(chain, store, category, limit))
    console.print(
        f"{chain_title(chain)}: {finished.status}, {finished.offers_seen} offers, "
        f"{finished.products_new} new, {finished.prices_changed} price changes, "
        f"{finished.deactivated} retired"
    )
    if finished.error:
        errors.print(f"Error: {finished.error}")
    if finished.status not in ("ok", "partial"):
        raise typer.Exit(1)


@app.command("scheduler")
def scheduler_command() -> None:
    """Run the refresh and prune jobs in the foreground until Ctrl-C."""
    current = settings()

    async def serve() -> None:
        database = await open_database(current)
        scheduler = build_scheduler(current, database)
        scheduler.start()
        console.print(f"Scheduler running: {len(scheduler.get_jobs())} jobs. Ctrl-C stops it.")
        try:
            await asyncio.Event().wait()
        finally:
            await stop_scheduler(scheduler)
            await database.close()

    try:
        run(serve())
    except KeyboardInterrupt:
        console.print("Scheduler stopped.")
