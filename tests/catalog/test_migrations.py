from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from catalog.db import Database, create_engine
from catalog.migrate import current_revision, upgrade
from catalog.models import Base, ChainRow
from stores.chains import CHAINS


async def test_migrations_build_the_schema_from_an_empty_file(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        await upgrade(engine)  # a second run is a no-op
        assert await current_revision(engine) == "0002"
        async with engine.connect() as connection:
            tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
    finally:
        await engine.dispose()
    assert {
        "chain",
        "store",
        "product",
        "price_observation",
        "scrape_run",
        "basket",
        "user_prefs",
        "product_fts",
    } <= tables
    assert journal == "wal"
    assert foreign_keys == 1


async def test_chains_are_seeded(database: Database) -> None:
    async with database.session() as session:
        rows = {row.code: row.title for row in await session.scalars(select(ChainRow))}
    assert rows == {code: chain.title for code, chain in CHAINS.items()}


async def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    # The full-text index is a virtual table the models do not declare.
    assert [d for d in differences if not d[1].name.startswith("product_fts")] == []
