"""Handlers fed updates directly (``dp.feed_update``) with a recording session."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendChatAction, SendMessage
from aiogram.types import (
    CallbackQuery,
    Chat,
    InaccessibleMessage,
    Message,
    PhotoSize,
    Update,
    User,
    Voice,
)

from bot.app import create_dispatcher
from bot.callbacks import ChainView, SwapLine
from bot.render import BUSY, OLD_BUTTON, ONLY_TEXT, STALE, THROTTLED, UNKNOWN_COMMAND
from bot.testing.fake_service import FakeService
from catalog.db import Database
from deshevle.settings import Settings
from tests.bot.conftest import RecordingSession

ids = itertools.count(1)
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def text_update(user: int, text: str | None = None, **content: Any) -> Update:
    return Update(
        update_id=next(ids),
        message=Message(
            message_id=next(ids),
            date=NOW,
            chat=Chat(id=user, type="private"),
            from_user=User(id=user, is_bot=False, first_name="Анна"),
            text=text,
            **content,
        ),
    )


def callback_update(user: int, data: str, message: Message | InaccessibleMessage) -> Update:
    return Update(
        update_id=next(ids),
        callback_query=CallbackQuery(
            id=str(next(ids)),
            from_user=User(id=user, is_bot=False, first_name="Анна"),
            chat_instance="1",
            message=message,
            data=data,
        ),
    )


def session_of(bot: Bot) -> RecordingSession:
    assert isinstance(bot.session, RecordingSession)
    return bot.session


async def test_list_is_answered_with_a_keyboard(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    dp = create_dispatcher(service, database, settings)
    await dp.feed_update(recording_bot, text_update(7, "хлеб"))
    sent = session_of(recording_bot).sent(SendMessage)
    assert len(sent) == 1
    assert "Где дешевле" in sent[0].text
    assert sent[0].reply_markup is not None
    # Fast answers show no typing action.
    assert not session_of(recording_bot).sent(SendChatAction)


async def test_a_photo_caption_is_read_as_the_list(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    dp = create_dispatcher(service, database, settings)
    photo = [PhotoSize(file_id="f", file_unique_id="u", width=640, height=480)]
    await dp.feed_update(recording_bot, text_update(7, photo=photo, caption="хлеб"))
    (sent,) = session_of(recording_bot).sent(SendMessage)
    assert "Где дешевле" in sent.text
    assert service.calls == [("answer", ("хлеб", "tg:7", None))]


async def test_no_text_and_unknown_commands_get_a_polite_hint(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    dp = create_dispatcher(service, database, settings)
    voice = Voice(file_id="v", file_unique_id="v", duration=3)
    await dp.feed_update(recording_bot, text_update(7, voice=voice))
    await dp.feed_update(recording_bot, text_update(7, "/basket"))
    texts = [method.text for method in session_of(recording_bot).sent(SendMessage)]
    assert texts == [ONLY_TEXT, UNKNOWN_COMMAND]
    assert service.calls == []


async def test_a_button_no_router_reads_is_answered(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    dp = create_dispatcher(service, database, settings)
    message = Message(message_id=1, date=NOW, chat=Chat(id=7, type="private"), text="старое")
    await dp.feed_update(recording_bot, callback_update(7, "basket:v1:42", message))
    (answered,) = session_of(recording_bot).sent(AnswerCallbackQuery)
    assert answered.text == OLD_BUTTON
    assert not session_of(recording_bot).sent(EditMessageText)


async def test_second_list_within_the_interval_is_throttled(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    throttled = settings.model_copy(update={"throttle_seconds": 60})
    dp = create_dispatcher(service, database, throttled)
    await dp.feed_update(recording_bot, text_update(7, "хлеб"))
    await dp.feed_update(recording_bot, text_update(7, "молоко"))
    await dp.feed_update(recording_bot, text_update(8, "молоко"))
    texts = [method.text for method in session_of(recording_bot).sent(SendMessage)]
    assert len(texts) == 3 and texts[1] == THROTTLED
    assert len([call for call in service.calls if call[0] == "answer"]) == 2
    # Commands are never throttled.
    await dp.feed_update(recording_bot, text_update(7, "/help"))
    assert "Пришлите список" in session_of(recording_bot).sent(SendMessage)[-1].text


async def test_service_failure_gets_a_polite_reply(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("model exploded")

    service.answer = broken  # type: ignore[method-assign]
    dp = create_dispatcher(service, database, settings)
    await dp.feed_update(recording_bot, text_update(7, "хлеб"))
    assert session_of(recording_bot).sent(SendMessage)[-1].text == BUSY


async def test_button_on_an_inaccessible_message_sends_a_new_one(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    answer = await service.answer("хлеб", "tg:7")
    assert answer.intent == "basket" and answer.basket_id is not None
    dp = create_dispatcher(service, database, settings)
    gone = InaccessibleMessage(chat=Chat(id=7, type="private"), message_id=1)
    data = ChainView(basket=answer.basket_id, chain="magnit").pack()
    await dp.feed_update(recording_bot, callback_update(7, data, gone))
    session = session_of(recording_bot)
    assert not session.sent(EditMessageText)
    assert "<b>Магнит</b>:" in session.sent(SendMessage)[-1].text


async def test_stale_line_gets_an_alert(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    answer = await service.answer("хлеб", "tg:7")
    assert answer.intent == "basket" and answer.basket_id is not None
    dp = create_dispatcher(service, database, settings)
    message = Message(message_id=5, date=NOW, chat=Chat(id=7, type="private"), text="x")
    data = SwapLine(basket=answer.basket_id, chain="magnit", line=9).pack()
    await dp.feed_update(recording_bot, callback_update(7, data, message))
    alert = session_of(recording_bot).sent(AnswerCallbackQuery)[-1]
    assert (alert.text, alert.show_alert) == (STALE, True)
    assert not session_of(recording_bot).sent(EditMessageText)


async def test_not_modified_is_ignored_other_bad_requests_logged(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings, caplog: Any
) -> None:
    answer = await service.answer("хлеб", "tg:7")
    assert answer.intent == "basket" and answer.basket_id is not None
    session = session_of(recording_bot)
    failures = iter(["Bad Request: message is not modified", "Bad Request: chat not found"])
    original = session.make_request

    async def refusing(bot: Bot, method: Any, timeout: int | None = None) -> Any:
        if isinstance(method, EditMessageText):
            raise TelegramBadRequest(method=method, message=next(failures))
        return await original(bot, method, timeout)

    session.make_request = refusing  # type: ignore[method-assign]
    dp = create_dispatcher(service, database, settings)
    message = Message(message_id=5, date=NOW, chat=Chat(id=7, type="private"), text="x")
    data = ChainView(basket=answer.basket_id, chain="magnit").pack()
    await dp.feed_update(recording_bot, callback_update(7, data, message))
    assert "could not show" not in caplog.text
    await dp.feed_update(recording_bot, callback_update(7, data, message))
    assert "chat not found" in caplog.text
    assert "TEST-token" not in caplog.text


async def test_region_command_stores_a_city(
    recording_bot: Bot, service: FakeService, database: Database, settings: Settings
) -> None:
    dp = create_dispatcher(service, database, settings)
    await dp.feed_update(recording_bot, text_update(7, "/region"))
    prompt = session_of(recording_bot).sent(SendMessage)[-1]
    assert "не задан" in prompt.text
    await dp.feed_update(recording_bot, text_update(7, "/region <Тверь>"))
    assert "Запомнил регион: &lt;Тверь&gt;" in session_of(recording_bot).sent(SendMessage)[-1].text
