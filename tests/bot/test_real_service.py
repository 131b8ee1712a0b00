"""Journeys against the REAL service over the demo catalogue (rules parser, no model)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.testing.fake_api import FakeTelegram, buttons, visible_text
from bot.testing.harness import PollingBot
from catalog.db import Database
from deshevle.runtime import open_database
from deshevle.service import Deshevle
from deshevle.settings import Settings
from tests.bot.test_journeys import ANNA, BORIS, button, current, say, tap

pytestmark = pytest.mark.acceptance


@pytest.fixture
def real_settings(tmp_path: Path, api: FakeTelegram) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=api.token,
        bot_api_url=api.base_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'real.db'}",
        parser="rules",
        throttle_seconds=0,
    )


@pytest.fixture
async def demo_db(real_settings: Settings) -> AsyncIterator[Database]:
    database = await open_database(real_settings)
    try:
        yield database
    finally:
        await database.close()


async def start(settings: Settings, database: Database) -> PollingBot:
    return await PollingBot(settings, await Deshevle.create(settings, database), database).start()


async def test_real_list_swap_forgery_and_restart(
    api: FakeTelegram, real_settings: Settings, demo_db: Database
) -> None:
    polling = await start(real_settings, demo_db)
    try:
        reply = await say(api, ANNA, "молоко 3.2%, хлеб, <b>сыр</b>")
        text = visible_text(reply.params["text"])
        assert "Где дешевле" in text and "из 3" in text and "демо" in text
        assert "<b>сыр</b>" not in reply.params["text"]
        message = current(api, reply)
        await tap(api, ANNA, message, button(message, "🔁 1."))
        page = current(api, reply)
        assert "Замена для" in visible_text(page["text"])
        before = page["text"]
        forged = next(data for text, data in buttons(page) if data.startswith("x:"))
        calls = await tap(api, BORIS, page, forged)
        assert any("чужой" in str(call.params.get("text")) for call in calls)
        assert current(api, reply)["text"] == before
        cheapest = await say(api, ANNA, "самое дешевое молоко")
        assert "Самое дешёвое" in visible_text(cheapest.params["text"])
    finally:
        await polling.stop()

    restarted = await start(real_settings, demo_db)
    try:
        page = current(api, reply)
        choices = [data for text, data in buttons(page) if data.startswith("x:")]
        await tap(api, ANNA, page, choices[-1])
        after = visible_text(current(api, reply)["text"])
        assert "Где дешевле" in after and "🔁" in after
    finally:
        await restarted.stop()
