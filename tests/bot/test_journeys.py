"""Acceptance journeys: the real aiogram polling loop against the local fake Bot API."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.callbacks import Choose, SwapLine
from bot.service import owner_of
from bot.testing.fake_api import Call, FakeTelegram, buttons, visible_text
from bot.testing.fake_service import FakeService
from bot.testing.harness import PollingBot
from catalog.db import Database
from catalog.models import BasketRow
from deshevle.settings import Settings

pytestmark = pytest.mark.acceptance

ANNA, BORIS = 1001, 2002


@pytest.fixture
def bot_settings(settings: Settings, api: FakeTelegram) -> Settings:
    return settings.model_copy(update={"bot_api_url": api.base_url})


@pytest.fixture
async def running(
    bot_settings: Settings, service: FakeService, database: Database
) -> AsyncIterator[PollingBot]:
    polling = await PollingBot(bot_settings, service, database).start()
    try:
        yield polling
    finally:
        await polling.stop()


async def say(api: FakeTelegram, user: int, text: str) -> Call:
    since = api.mark()
    await api.send_text(user, text)
    return await api.reply_to(user, since=since)


async def tap(api: FakeTelegram, user: int, message: dict[str, Any], data: str) -> list[Call]:
    """Tap a button; returns the calls the bot made for it (answerCallbackQuery last)."""
    since = api.mark()
    query_id = await api.tap(user, message, data)
    await api.wait_for(
        lambda call: (
            call.method == "answerCallbackQuery"
            and call.params.get("callback_query_id") == query_id
        ),
        since=since,
    )
    # The edit follows the answer to the query; wait for it when one comes.
    with contextlib.suppress(TimeoutError):
        await api.wait_for(lambda call: call.method == "editMessageText", since=since, timeout=1)
    return api.calls[since:]


def current(api: FakeTelegram, reply: Call) -> dict[str, Any]:
    message = reply.result
    return api.messages[(message["chat"]["id"], message["message_id"])]


def button(message: dict[str, Any], starts: str) -> str:
    found = [data for text, data in buttons(message) if text.startswith(starts)]
    assert found, f"no button {starts!r} in {buttons(message)}"
    return found[0]


async def test_start_explains_and_sets_commands(api: FakeTelegram, running: PollingBot) -> None:
    reply = await say(api, ANNA, "/start")
    text = visible_text(reply.params["text"])
    assert "Пришлите список" in text
    assert "Что я храню" in text
    commands = api.sent("setMyCommands")
    assert commands and {"start", "stores", "region"} <= {
        item["command"] for item in commands[0].params["commands"]
    }


async def test_list_swap_choose_and_back(
    api: FakeTelegram, running: PollingBot, database: Database
) -> None:
    reply = await say(api, ANNA, "молоко, хлеб")
    text = visible_text(reply.params["text"])
    # Magnit is cheaper (74.99 + 42.99 < 69.99 + 54.99) and ranked first with full coverage.
    assert text.index("Магнит — 117,98 ₽ · 2 из 2") < text.index("Пятёрочка — 124,98 ₽ · 2 из 2")
    assert "₽/л" in text and "Цены обновлены 3 ч назад" in text and "демо" in text
    message = current(api, reply)

    calls = await tap(api, ANNA, message, button(message, "Пятёрочка"))
    edited = visible_text(current(api, reply)["text"])
    assert "Пятёрочка:\n1. Молоко Красная цена" in edited
    assert any(call.method == "editMessageText" for call in calls)

    message = current(api, reply)
    await tap(api, ANNA, message, button(message, "🔁 1."))
    page = current(api, reply)
    assert "Замена для «молоко» в Пятёрочке (стр. 1 из 2)" in visible_text(page["text"])
    labels = [text for text, _ in buttons(page)]
    assert labels[0].startswith("✅ 1. 69,99 ₽") and "▶️" in labels and "⬅️ Назад" in labels

    await tap(api, ANNA, page, button(page, "▶️"))
    second = current(api, reply)
    assert "стр. 2 из 2" in visible_text(second["text"])
    await tap(api, ANNA, second, button(second, "◀️"))

    first = current(api, reply)
    choice = next(data for text, data in buttons(first) if "Простоква" in text)
    calls = await tap(api, ANNA, first, choice)
    assert any(call.params.get("text") == "Заменил ✅" for call in calls)
    after = visible_text(current(api, reply)["text"])
    assert "Пятёрочка — 154,98 ₽ · 2 из 2" in after
    assert after.index("Магнит") < after.index("Пятёрочка")
    assert "🔁 Молоко Простоквашино" in after
    async with database.session() as session:
        row = await session.get(BasketRow, int(Choose.unpack(choice).basket))
        assert row is not None and row.choices == {"pyaterochka": {"0": 1}}


async def test_cheapest_query_lists_offers_ascending(
    api: FakeTelegram, running: PollingBot
) -> None:
    reply = await say(api, ANNA, "самое дешевое молоко")
    text = visible_text(reply.params["text"])
    lines = [line for line in text.splitlines() if line[:1].isdigit()]
    assert lines[0].startswith("1. Пятёрочка: Молоко Красная цена") and "69,99 ₽/л" in lines[0]
    assert "Молоко Параматка <Премиум> 1 л" in lines[-1]
    assert reply.params.get("reply_markup") is None


async def test_no_items_gets_a_hint(api: FakeTelegram, running: PollingBot) -> None:
    reply = await say(api, ANNA, "привет, как дела?")
    assert "Не нашёл в сообщении покупок" in visible_text(reply.params["text"])


async def test_html_looking_input_is_escaped(api: FakeTelegram, running: PollingBot) -> None:
    reply = await say(api, ANNA, "<b>хлеб</b>")
    assert "&lt;Премиум&gt;" not in reply.params["text"]  # not asked for
    reply = await say(api, ANNA, "самое дешевое <i>молоко</i>")
    assert "&lt;Премиум&gt;" in reply.params["text"]
    assert not [call for call in api.calls if "can't parse" in str(call.result)]


async def test_ten_thousand_characters_are_answered_in_parts(
    api: FakeTelegram, running: PollingBot
) -> None:
    long_list = ", ".join(["молоко"] * 1500)[:10_000]
    assert len(long_list) == 10_000
    since = api.mark()
    await api.send_text(ANNA, long_list)
    keyboard_message = await api.wait_for(
        lambda call: call.method == "sendMessage" and call.params.get("reply_markup") is not None,
        since=since,
        timeout=20,
    )
    parts = [call for call in api.sent("sendMessage", since) if call.at <= keyboard_message.at]
    assert len(parts) > 1
    assert all(isinstance(call.result, dict) for call in parts)
    assert all(len(visible_text(call.params["text"])) <= 4096 for call in parts)


async def test_retry_after_on_send_is_honoured(api: FakeTelegram, running: PollingBot) -> None:
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    reply = await say(api, ANNA, "хлеб")
    refused = [call for call in api.sent("sendMessage") if call.result.get("error_code") == 429]
    assert len(refused) == 1
    assert reply.at - refused[0].at >= 0.9
    assert "Где дешевле" in visible_text(reply.params["text"])


async def test_forged_callback_for_another_users_basket(
    api: FakeTelegram, running: PollingBot, database: Database
) -> None:
    reply = await say(api, ANNA, "молоко")
    message = current(api, reply)
    before = message["text"]
    swap = button(message, "🔁 1.")
    basket_id = SwapLine.unpack(swap).basket
    forged = Choose(basket=basket_id, chain="magnit", line=0, product=6).pack()
    calls = await tap(api, BORIS, message, forged)
    alert = next(call for call in calls if call.method == "answerCallbackQuery")
    assert alert.params["text"] == "Это чужой список — кнопки работают только у автора."
    assert alert.params["show_alert"] is True
    assert not [call for call in calls if call.method == "editMessageText"]
    assert current(api, reply)["text"] == before
    async with database.session() as session:
        row = await session.get(BasketRow, basket_id)
        assert row is not None and row.owner == owner_of(ANNA) and row.choices == {}


async def test_swap_on_an_old_message_after_restart(
    api: FakeTelegram, bot_settings: Settings, database: Database
) -> None:
    first = await PollingBot(bot_settings, FakeService(database), database).start()
    reply = await say(api, ANNA, "молоко")
    await first.stop()

    second = await PollingBot(bot_settings, FakeService(database), database).start()
    try:
        message = current(api, reply)
        await tap(api, ANNA, message, button(message, "🔁 1."))
        page = current(api, reply)
        choice = next(data for text, data in buttons(page) if "Савушкин" in text)
        await tap(api, ANNA, current(api, reply), choice)
        text = visible_text(current(api, reply)["text"])
        assert "1. Магнит — 74,99 ₽ · 1 из 1" in text
        assert "2. Пятёрочка — 94,99 ₽ · 1 из 1" in text
    finally:
        await second.stop()


async def test_stores_toggle_is_persisted(
    api: FakeTelegram, running: PollingBot, service: FakeService
) -> None:
    reply = await say(api, ANNA, "/stores")
    message = current(api, reply)
    await tap(api, ANNA, message, button(message, "✅ Магнит"))
    labels = [text for text, _ in buttons(current(api, reply))]
    assert "▫️ Магнит" in labels and "✅ Пятёрочка" in labels
    await say(api, ANNA, "молоко")
    assert service.calls[-1] == ("answer", ("молоко", owner_of(ANNA), ["pyaterochka"]))


async def test_location_is_stored(
    api: FakeTelegram, running: PollingBot, database: Database
) -> None:
    from deshevle.prefs import get_prefs

    since = api.mark()
    await api.send_location(ANNA, 55.75, 37.62)
    reply = await api.reply_to(ANNA, since=since)
    assert "геопозицию" in reply.params["text"]
    async with database.session() as session:
        prefs = await get_prefs(session, owner_of(ANNA))
    assert (prefs.lat, prefs.lon) == (55.75, 37.62)
