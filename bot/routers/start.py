"""/start and /help, and a polite word for anything the other routers do not take."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.render import ONLY_TEXT, START_TEXT, UNKNOWN_COMMAND


def start_router() -> Router:
    router = Router(name="start")

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def start(message: Message) -> None:
        await message.answer(START_TEXT)

    return router


def fallback_router() -> Router:
    """Last in line: an unknown command or a message with no text (a sticker, a voice note)."""
    router = Router(name="fallback")

    @router.message()
    async def anything_else(message: Message) -> None:
        is_command = message.text is not None and message.text.startswith("/")
        await message.answer(UNKNOWN_COMMAND if is_command else ONLY_TEXT)

    return router
