"""Helpers every router shares: editing a message that may be gone, polite alerts."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.render import fit_message

log = logging.getLogger(__name__)


# Filters are coroutines on purpose: aiogram runs a synchronous filter (a magic ``F`` filter
# included) in a worker thread, a thread hop per update that showed up under load.
async def is_list(message: Message) -> bool:
    """Text that is not a command: a shopping list or a question."""
    text = list_text(message)
    return text is not None and not text.startswith("/")


def list_text(message: Message) -> str | None:
    """The message's text, or the caption of a photo (a paper list with the items typed)."""
    return message.text if message.text is not None else message.caption


async def has_location(message: Message) -> bool:
    return message.location is not None


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message the button sits on; send a new one when it is no longer reachable."""
    text = fit_message(text)
    message = query.message
    try:
        if isinstance(message, Message):
            await message.edit_text(text, reply_markup=markup)
        elif query.bot is not None:
            await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            log.warning("could not show a reply: %s", error.message)
