"""A typing indicator that costs nothing when the answer is quick."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiogram import Bot
from aiogram.enums import ChatAction

log = logging.getLogger(__name__)

# Telegram shows an action for about 5 s, so a long answer repeats it.
REPEAT_SECONDS = 4.5


@contextlib.asynccontextmanager
async def typing_when_slow(bot: Bot, chat_id: int, after: float) -> AsyncIterator[None]:
    """Show «печатает…» only if the body is still running ``after`` seconds in.

    aiogram's ChatActionSender starts a task per message even when it never sends anything;
    under load that task (and cancelling it) is a measurable share of a fast reply. A timer
    handle is far cheaper, and the task exists only for slow answers.
    """
    loop = asyncio.get_running_loop()
    typing: asyncio.Task[None] | None = None

    def start() -> None:
        nonlocal typing
        typing = loop.create_task(_keep_typing(bot, chat_id))

    timer = loop.call_later(after, start)
    try:
        yield
    finally:
        timer.cancel()
        if typing is not None:
            typing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await typing


async def _keep_typing(bot: Bot, chat_id: int) -> None:
    while True:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except Exception as error:  # a missing indicator must not fail the answer
            log.debug("typing action failed: %s", error)
        await asyncio.sleep(REPEAT_SECONDS)
