from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.testing.fake_api import FakeTelegram
from bot.testing.fake_service import FakeService
from catalog.db import Database
from deshevle.settings import Settings


class RecordingSession(BaseSession):
    """Answers every method without a network and remembers what the bot asked."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.requests.append(method)
        from aiogram.methods import EditMessageText, SendMessage
        from aiogram.types import Chat, InlineKeyboardMarkup, Message

        if isinstance(method, SendMessage | EditMessageText):
            chat_id = int(method.chat_id or 0)
            markup = method.reply_markup
            message = Message(
                message_id=len(self.requests),
                date=0,
                chat=Chat(id=chat_id, type="private"),
                text=method.text,
                reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
            )
            return message  # type: ignore[return-value]
        return True  # type: ignore[return-value]

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    async def close(self) -> None:
        return None

    def sent(self, kind: type) -> list[Any]:
        return [request for request in self.requests if isinstance(request, kind)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        bot_token="42:TEST-token",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        demo_autoload=False,
        throttle_seconds=0,
        chains=["pyaterochka", "magnit"],
    )


@pytest.fixture
def service(database: Database) -> FakeService:
    return FakeService(database)


@pytest.fixture
def recording_bot() -> Bot:
    return Bot(
        "42:TEST-token",
        session=RecordingSession(),
        default=DefaultBotProperties(parse_mode="HTML"),
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    try:
        yield server
    finally:
        await server.stop()


RunBot = Callable[..., Awaitable[Any]]
