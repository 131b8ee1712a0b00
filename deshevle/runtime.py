"""Wiring shared by every front end: settings → database (migrated, demo loaded when empty)."""

from __future__ import annotations

import logging

from catalog.db import Database
from catalog.demo import catalogue_is_empty, load_demo
from deshevle.settings import Settings

log = logging.getLogger(__name__)


async def open_database(settings: Settings, *, autoload_demo: bool | None = None) -> Database:
    database = await Database.open(settings.resolved_database_url)
    if settings.demo_autoload if autoload_demo is None else autoload_demo:
        async with database.transaction() as session:
            if await catalogue_is_empty(session):
                log.info("catalogue is empty: loading the demo catalogue")
                await load_demo(session)
    return database


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Migration chatter on every start says nothing an operator needs.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.root.level))
