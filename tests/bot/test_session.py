from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import create_bot
from bot.session import JsonSession
from bot.testing.fake_api import FakeTelegram
from deshevle.settings import Settings

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="🔁 Молоко", callback_data="s:1:0")]]
)


@pytest.fixture
async def bot(api: FakeTelegram, settings: Settings) -> AsyncIterator[Bot]:
    bot = create_bot(settings.model_copy(update={"bot_api_url": api.base_url}))
    try:
        yield bot
    finally:
        await bot.session.close()


async def test_calls_go_as_json_with_defaults_and_nested_objects(
    bot: Bot, api: FakeTelegram
) -> None:
    sent = await bot.send_message(7, "<b>Молоко</b> — 89 ₽", reply_markup=KEYBOARD)
    (call,) = api.sent("sendMessage")
    assert call.content_type == "application/json"
    assert call.params == {
        "chat_id": 7,
        "text": "<b>Молоко</b> — 89 ₽",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "🔁 Молоко", "callback_data": "s:1:0"}]]},
    }
    # The reply is still parsed into aiogram's models.
    assert sent.chat.id == 7 and sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "s:1:0"


async def test_uploads_fall_back_to_aiogram_multipart_form(bot: Bot, api: FakeTelegram) -> None:
    certificate = BufferedInputFile(b"-----BEGIN CERTIFICATE-----", filename="bot.pem")
    assert await bot.set_webhook("https://example.org/hook", certificate=certificate)
    (call,) = api.sent("setWebhook")
    assert call.content_type == "multipart/form-data"
    assert call.params["url"] == "https://example.org/hook"


def test_body_is_compact_utf8_and_skips_empty_fields() -> None:
    session = JsonSession()
    bot = Bot("42:TEST-token", session=session)
    body = session.build_json_body(
        bot, SendMessage(chat_id=7, text="хлеб", business_connection_id="")
    )
    assert body == '{"chat_id":7,"text":"хлеб"}'.encode()
    upload = SendDocument(chat_id=7, document=BufferedInputFile(b"x", filename="a.txt"))
    assert session.build_json_body(bot, upload) is None


async def test_connection_errors_are_aiogram_network_errors(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = create_bot(settings.model_copy(update={"bot_api_url": f"http://127.0.0.1:{port}"}))
    try:
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(7, "хлеб")
    finally:
        await bot.session.close()
