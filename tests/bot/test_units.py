"""Callback data size, rendering, splitting, middlewares and preferences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.callbacks import MAX_CALLBACK_BYTES, ChainView, Choose, Noop, SwapLine, ToggleChain
from bot.middlewares import RetryAfterMiddleware
from bot.render import age, fit_message, quote, rub, split_message
from bot.testing.fake_api import html_problem, visible_text
from catalog.db import Database
from deshevle.prefs import get_prefs, set_chains, set_region
from pricing import format as fmt
from stores.chains import CHAINS

LONGEST_CHAIN = max(CHAINS, key=len)
BIG = 2**63 - 1


@pytest.mark.parametrize(
    "payload",
    [
        ChainView(basket=BIG, chain=LONGEST_CHAIN),
        SwapLine(basket=BIG, chain=LONGEST_CHAIN, line=999, page=999),
        Choose(basket=BIG, chain=LONGEST_CHAIN, line=999, product=BIG),
        ToggleChain(chain=LONGEST_CHAIN),
        Noop(),
    ],
)
def test_callback_data_fits_with_the_largest_ids(payload: Any) -> None:
    packed = payload.pack()
    assert len(packed.encode()) <= MAX_CALLBACK_BYTES
    assert type(payload).unpack(packed) == payload


def test_money_is_formatted_like_the_cli() -> None:
    # The bot renders money with pricing.format, so both front ends read the same.
    assert rub is fmt.rub
    assert rub(123_456_78) == "123 456,78 ₽"


def test_age_in_russian() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert age(now - timedelta(seconds=10), now) == "1 мин назад"
    assert age(now - timedelta(hours=5), now) == "5 ч назад"
    assert age(now - timedelta(days=1), now) == "1 день назад"
    assert age(now - timedelta(days=3), now) == "3 дня назад"
    assert age(now - timedelta(days=11), now) == "11 дней назад"
    assert age(None, now) == ""


def test_split_message_keeps_lines_whole() -> None:
    lines = [f"{number}. " + "х" * 90 for number in range(200)]
    text = "\n".join(lines)
    parts = split_message(text)
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert "\n".join(parts) == text
    assert all(part.split("\n")[0][0].isdigit() for part in parts)


def test_split_message_cuts_an_overlong_line_outside_entities() -> None:
    line = quote("<" * 3000)  # 12 000 characters of &lt;
    parts = split_message(line)
    assert "".join(parts) == line
    assert all(len(part) <= 4096 and html_problem(part) is None for part in parts)
    assert all(part.endswith(";") for part in parts)


def test_fit_message_marks_what_was_left_out() -> None:
    text = "\n".join("строка " * 20 for _ in range(100))
    fitted = fit_message(text)
    assert len(fitted) <= 4096 and fitted.endswith("\n…")
    assert fit_message("коротко") == "коротко"


def test_fake_server_html_check_matches_telegram_rules() -> None:
    assert html_problem("<b>ok</b> &lt;b&gt;") is None
    assert html_problem("<b>хлеб</i>") is not None
    assert html_problem("<script>x</script>") is not None
    assert html_problem("<b>open") is not None
    assert visible_text("<b>a</b> &lt;b&gt;") == "a <b>"


async def test_retry_after_middleware_waits_then_retries(recording_bot: Bot) -> None:
    attempts: list[float] = []
    method = SendMessage(chat_id=1, text="x")

    async def flaky(bot: Bot, call: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise TelegramRetryAfter(method=call, message="Flood control", retry_after=0)
        return "sent"

    assert await RetryAfterMiddleware()(flaky, recording_bot, method) == "sent"
    assert len(attempts) == 2


async def test_retry_after_middleware_gives_up(recording_bot: Bot) -> None:
    method = SendMessage(chat_id=1, text="x")

    async def always(bot: Bot, call: Any) -> Any:
        raise TelegramRetryAfter(method=call, message="Flood control", retry_after=0)

    with pytest.raises(TelegramRetryAfter):
        await RetryAfterMiddleware(attempts=2)(always, recording_bot, method)
    with pytest.raises(TelegramRetryAfter):
        too_long = RetryAfterMiddleware(max_wait=1)

        async def long_wait(bot: Bot, call: Any) -> Any:
            raise TelegramRetryAfter(method=call, message="Flood control", retry_after=3600)

        await too_long(long_wait, recording_bot, method)


async def test_prefs_round_trip(database: Database) -> None:
    async with database.transaction() as session:
        assert (await get_prefs(session, "tg:1")).chains is None
        await set_chains(session, "tg:1", ["magnit", "dixy", "magnit"])
        await set_region(session, "tg:1", region="  Казань ")
        await set_region(session, "tg:1", lat=55.8, lon=49.1)
    async with database.session() as session:
        prefs = await get_prefs(session, "tg:1")
    assert prefs.chains == ["magnit", "dixy"]
    assert (prefs.region, prefs.lat, prefs.lon) == ("Казань", 55.8, 49.1)
    async with database.transaction() as session:
        with pytest.raises(ValueError, match="lenta"):
            await set_chains(session, "tg:1", ["lenta"])
