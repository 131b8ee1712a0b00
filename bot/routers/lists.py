"""Any text: a shopping list or a «самое дешёвое …» question, answered by the service."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Router
from aiogram.types import Message

from bot.chat_action import typing_when_slow
from bot.keyboards import basket_keyboard
from bot.middlewares import ThrottlingMiddleware
from bot.render import BUSY, EMPTY_HINT, render_basket, render_cheapest, split_message
from bot.routers.common import is_list, list_text
from bot.service import PriceService, owner_of
from deshevle.prefs import PrefsCache
from deshevle.settings import Settings
from pricing.models import Answer, BasketAnswer, CheapestAnswer

log = logging.getLogger(__name__)

# Typing shows only when an answer is slow (the LLM), so fast replies cost one request.
TYPING_AFTER = 0.5


def lists_router(throttle_seconds: float) -> Router:
    router = Router(name="lists")
    router.message.middleware(ThrottlingMiddleware(throttle_seconds))

    @router.message(is_list)
    async def shopping_list(
        message: Message,
        bot: Bot,
        service: PriceService,
        prefs_cache: PrefsCache,
        settings: Settings,
    ) -> None:
        text = list_text(message)
        if message.from_user is None or text is None:
            return
        owner = owner_of(message.from_user.id)
        prefs = await prefs_cache.get(owner)
        try:
            async with typing_when_slow(bot, message.chat.id, TYPING_AFTER):
                answer = await asyncio.wait_for(
                    service.answer(text, owner, prefs.chains),
                    timeout=answer_timeout(settings),
                )
        except Exception:
            log.exception("answering a list failed")
            await message.answer(BUSY)
            return
        await reply(message, answer)

    return router


def answer_timeout(settings: Settings) -> float:
    # The parser retries the model once before falling back to the rules.
    return settings.ollama_timeout * 2 + 10


async def reply(message: Message, answer: Answer) -> None:
    if isinstance(answer, BasketAnswer):
        parts = split_message(render_basket(answer))
        markup = basket_keyboard(answer)
    elif isinstance(answer, CheapestAnswer):
        parts, markup = split_message(render_cheapest(answer)), None
    else:
        parts, markup = [EMPTY_HINT], None
    for number, part in enumerate(parts, start=1):
        await message.answer(part, reply_markup=markup if number == len(parts) else None)
