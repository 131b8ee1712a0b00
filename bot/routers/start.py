"""/start and /help, and a polite word for anything the other routers do not take."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.render import OLD_BUTTON, ONLY_TEXT, START_TEXT, UNKNOWN_COMMAND


def start_router() -> Router:
    router = Router(name="start")

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def start(message: Message) -> None:
        await message.answer(START_TEXT)

    return router


def fallback_router() -> Router:
    """Last in line: an unknown command, a message with no text (a sticker, a voice note), or a
    button whose payload no router reads (an older bot's keyboard)."""
    router = Router(name="fallback")

    @router.message()
    async def anything_else(message: Message) -> None:
        is_command = message.text is not None and message.text.startswith("/")
        await message.answer(UNKNOWN_COMMAND if is_command else ONLY_TEXT)

    @router.callback_query()
    async def any_button(query: CallbackQuery) -> None:
        # Unanswered, the button would spin until Telegram gives up.
        await query.answer(OLD_BUTTON)

    return router
