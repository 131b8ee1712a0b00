"""`deshevle bot` without a token, and webhook mode's secret token."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from typer.testing import CliRunner

from bot.app import WEBHOOK_PATH, create_dispatcher, webhook_app
from bot.testing.fake_service import FakeService
from catalog.db import Database
from deshevle.cli import app
from deshevle.settings import Settings, get_settings
from tests.bot.conftest import RecordingSession


@pytest.fixture
def no_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_bot_without_token_explains_how_to_get_one(no_token: None) -> None:
    result = CliRunner().invoke(app, ["bot"])
    assert result.exit_code == 2
    assert "BOT_TOKEN is not set" in result.output
    assert "@BotFather" in result.output


async def test_webhook_checks_the_secret_and_answers(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    hooked = settings.model_copy(
        update={"bot_mode": "webhook", "webhook_secret": SecretStr("s3cret")}
    )
    dispatcher = create_dispatcher(service, database, hooked)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 7, "type": "private"},
            "from": {"id": 7, "is_bot": False, "first_name": "Анна"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    client = TestClient(TestServer(webhook_app(recording_bot, dispatcher, hooked)))
    await client.start_server()
    try:
        refused = await client.post(WEBHOOK_PATH, json=update)
        assert refused.status == 401
        accepted = await client.post(
            WEBHOOK_PATH, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        )
        assert accepted.status == 200
        session = recording_bot.session
        assert isinstance(session, RecordingSession)
        for _ in range(50):
            if session.sent(SendMessage):
                break
            await asyncio.sleep(0.02)
        assert "Пришлите список" in session.sent(SendMessage)[0].text
    finally:
        await client.close()
