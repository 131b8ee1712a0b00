"""The pieces that keep the bot fast under load: prefs cache, cheap typing,
pinned response models, keyboards built directly, a frozen heap."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import Response, SendChatAction, SendMessage
from aiogram.types import Message
from sqlalchemy import event

from bot.chat_action import typing_when_slow
from bot.heap import freeze_long_lived
from bot.keyboards import basket_keyboard
from bot.middlewares import KeepResponseTypes
from catalog.db import Database
from deshevle.prefs import PrefsCache, get_prefs, set_chains
from parser.models import ParsedList, ShoppingItem
from pricing.models import Basket, BasketAnswer, BasketLine, ProductView
from stores.chains import CHAINS
from tests.bot.conftest import RecordingSession


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# --- prefs cache ----------------------------------------------------------------------------


async def write_behind_the_cache(database: Database, owner: str, chains: list[str]) -> None:
    """Another process changing the database directly."""
    async with database.transaction() as session:
        await set_chains(session, owner, chains)


async def test_prefs_are_read_once_then_served_from_memory(database: Database) -> None:
    clock = Clock()
    cache = PrefsCache(database, ttl=60, clock=clock)
    assert (await cache.get("tg:1")).chains is None  # no row yet: the defaults, cached too
    await write_behind_the_cache(database, "tg:1", ["magnit"])
    assert (await cache.get("tg:1")).chains is None  # served from memory
    clock.now = 61
    assert (await cache.get("tg:1")).chains == ["magnit"]  # expired, read again


async def test_writes_go_through_to_the_database_and_the_cache(database: Database) -> None:
    cache = PrefsCache(database)
    await cache.get("tg:1")
    await cache.set_chains("tg:1", ["dixy", "magnit"])
    assert (await cache.get("tg:1")).chains == ["dixy", "magnit"]
    await cache.set_region("tg:1", region="Казань")
    await cache.set_region("tg:1", lat=55.8, lon=49.1)
    cached = await cache.get("tg:1")
    async with database.session() as session:
        stored = await get_prefs(session, "tg:1")
    assert cached == stored
    assert (stored.chains, stored.region, stored.lat) == (["dixy", "magnit"], "Казань", 55.8)


async def test_a_failed_write_leaves_no_stale_entry(database: Database) -> None:
    cache = PrefsCache(database)
    await cache.set_chains("tg:1", ["magnit"])
    with pytest.raises(ValueError, match="lenta"):
        await cache.set_chains("tg:1", ["lenta"])
    assert (await cache.get("tg:1")).chains == ["magnit"]


async def test_a_read_that_overlaps_a_write_does_not_cache_the_old_value(
    database: Database,
) -> None:
    cache = PrefsCache(database)
    original_session = database.session
    reading = asyncio.Event()
    release = asyncio.Event()

    def slow_session() -> Any:
        # The read has fetched the old row but not yet stored it when the write lands.
        class Slow:
            async def __aenter__(self) -> Any:
                self.inner = original_session()
                return await self.inner.__aenter__()

            async def __aexit__(self, *exc: object) -> None:
                reading.set()
                await release.wait()
                await self.inner.__aexit__(*exc)

        return Slow()

    database.session = slow_session  # type: ignore[method-assign]
    read = asyncio.create_task(cache.get("tg:1"))
    await reading.wait()
    database.session = original_session  # type: ignore[method-assign]
    await cache.set_chains("tg:1", ["chizhik"])
    release.set()
    assert (await read).chains is None  # what it read, but not kept
    assert (await cache.get("tg:1")).chains == ["chizhik"]


async def test_misses_arriving_together_are_read_in_one_query(database: Database) -> None:
    await write_behind_the_cache(database, "tg:3", ["magnit"])
    statements: list[str] = []

    def seen(*args: Any) -> None:
        statements.append(args[2])

    cache = PrefsCache(database)
    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    try:
        got = await asyncio.gather(*(cache.get(f"tg:{user}") for user in [*range(50), 3, 3]))
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", seen)
    assert [prefs.owner for prefs in got] == [f"tg:{user}" for user in [*range(50), 3, 3]]
    assert [prefs.chains for prefs in got if prefs.owner == "tg:3"] == [["magnit"]] * 3
    assert [prefs.chains for prefs in got if prefs.owner != "tg:3"] == [None] * 49
    assert len([sql for sql in statements if "user_prefs" in sql]) == 1
    assert len(cache) == 50


async def test_a_failed_read_reaches_every_waiter_and_the_next_get_retries(
    database: Database,
) -> None:
    cache = PrefsCache(database)
    original_session = database.session

    def broken() -> Any:
        raise OSError("disk I/O error")

    database.session = broken  # type: ignore[method-assign]
    results = await asyncio.gather(cache.get("tg:1"), cache.get("tg:2"), return_exceptions=True)
    assert [type(result) for result in results] == [OSError, OSError]
    database.session = original_session  # type: ignore[method-assign]
    assert (await cache.get("tg:1")).chains is None
    assert len(cache) == 1


async def test_waiters_are_released_when_the_read_is_cancelled(database: Database) -> None:
    cache = PrefsCache(database)
    stuck = asyncio.Event()

    class Stuck:
        async def __aenter__(self) -> Any:
            await stuck.wait()

        async def __aexit__(self, *exc: object) -> None:
            return None

    original_session = database.session
    database.session = Stuck  # type: ignore[method-assign,assignment]
    waiter = asyncio.create_task(cache.get("tg:1"))
    await asyncio.sleep(0.01)
    loader = cache._loader
    assert loader is not None
    loader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(waiter, 5)
    database.session = original_session  # type: ignore[method-assign]
    assert (await cache.get("tg:1")).chains is None


async def test_the_cache_is_bounded(database: Database) -> None:
    cache = PrefsCache(database, capacity=3)
    for user in range(5):
        await cache.get(f"tg:{user}")
    assert len(cache) == 3


# --- typing indicator -----------------------------------------------------------------------


async def test_typing_shows_only_for_slow_answers(recording_bot: Bot) -> None:
    session = recording_bot.session
    assert isinstance(session, RecordingSession)
    async with typing_when_slow(recording_bot, 7, after=0.05):
        await asyncio.sleep(0)
    await asyncio.sleep(0.1)
    assert not session.sent(SendChatAction)
    async with typing_when_slow(recording_bot, 7, after=0.01):
        await asyncio.sleep(0.1)
    actions = session.sent(SendChatAction)
    assert len(actions) == 1 and actions[0].chat_id == 7
    await asyncio.sleep(0.05)
    assert len(session.sent(SendChatAction)) == 1  # stopped with the answer


# --- response models ------------------------------------------------------------------------


async def test_response_models_are_kept_alive(recording_bot: Bot) -> None:
    keep = KeepResponseTypes()

    async def make_request(bot: Bot, method: Any) -> Any:
        return Response[Message](ok=True, result=None)

    method = SendMessage(chat_id=1, text="x")
    await keep(make_request, recording_bot, method)
    kept = keep.kept[SendMessage]
    gc.collect()
    # The same class comes back from pydantic's cache instead of being built again.
    assert Response[method.__returning__] is kept  # type: ignore[name-defined]


# --- keyboards ------------------------------------------------------------------------------


def product(chain: str, pid: int) -> ProductView:
    return ProductView(
        id=pid,
        chain=chain,
        name="Хлеб",
        price_kop=5000,
        unit_price_kop=None,
        unit_basis="pcs",
        observed_at=datetime.now(UTC),
    )


def test_chain_buttons_and_swap_buttons_never_share_a_row() -> None:
    item = ShoppingItem(name="хлеб")
    baskets = [
        Basket(
            chain=chain,
            lines=[
                BasketLine(
                    index=i, item=item, product=product(chain, i), packs=1, line_total_kop=5000
                )
                for i in range(3)
            ],
            missing=[],
            total_kop=15000,
            found=3,
            wanted=3,
        )
        for chain in CHAINS
    ]
    answer = BasketAnswer(
        basket_id=9, parsed=ParsedList(items=[item] * 3), baskets=baskets, demo=False
    )
    markup = basket_keyboard(answer)
    assert markup is not None
    rows = [[button.callback_data or "" for button in row] for row in markup.inline_keyboard]
    assert [len(row) for row in rows] == [3, 2, 2, 1]
    assert all(data.startswith("c:") for row in rows[:2] for data in row)
    assert all(data.startswith("s:") for row in rows[2:] for data in row)


# --- heap -----------------------------------------------------------------------------------


def test_long_lived_objects_are_frozen_and_can_be_released() -> None:
    try:
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
