"""Inline keyboards. Button labels are short; payloads come from ``bot.callbacks``."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ChainView, Choose, Noop, SwapLine, ToggleChain
from bot.render import rub, selected_basket
from pricing.models import AlternativesPage, BasketAnswer
from stores.chains import CHAINS, chain_title

# Telegram allows 100 buttons per message; long lists keep their first lines swappable.
MAX_SWAP_BUTTONS = 40
LABEL_LIMIT = 40


def _short(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def basket_keyboard(answer: BasketAnswer, chain: str | None = None) -> InlineKeyboardMarkup | None:
    shown = selected_basket(answer, chain)
    if answer.basket_id is None or shown is None:
        return None
    basket_id = answer.basket_id
    builder = InlineKeyboardBuilder()
    for basket in answer.baskets:
        mark = "✅ " if basket.chain == shown.chain else ""
        builder.button(
            text=f"{mark}{chain_title(basket.chain)}",
            callback_data=ChainView(basket=basket_id, chain=basket.chain),
        )
    chain_row = min(len(answer.baskets), 3)
    swaps = 0
    for line in shown.lines[:MAX_SWAP_BUTTONS]:
        builder.button(
            text=_short(f"🔁 {line.index + 1}. {line.item.name}"),
            callback_data=SwapLine(basket=basket_id, chain=shown.chain, line=line.index),
        )
        swaps += 1
    rows = [chain_row] * _ceil(len(answer.baskets), chain_row) + [2] * _ceil(swaps, 2)
    builder.adjust(*rows)
    return builder.as_markup()


def _ceil(count: int, size: int) -> int:
    return -(-count // size) if size else 0


def alternatives_keyboard(page: AlternativesPage) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for place, option in enumerate(page.options, start=1):
        mark = "✅ " if option.id == page.current_product_id else ""
        builder.row(
            InlineKeyboardButton(
                text=_short(f"{mark}{place}. {rub(option.price_kop)} · {option.name}"),
                callback_data=Choose(
                    basket=page.basket_id, chain=page.chain, line=page.line_index, product=option.id
                ).pack(),
            )
        )
    nav = list(_page_buttons(page))
    if nav:
        builder.row(*nav)
    builder.row(
        InlineKeyboardButton(
            text="⬅️ Назад",
            callback_data=ChainView(basket=page.basket_id, chain=page.chain).pack(),
        )
    )
    return builder.as_markup()


def _page_buttons(page: AlternativesPage) -> Iterable[InlineKeyboardButton]:
    if page.pages <= 1:
        return
    if page.page > 0:
        yield _page_button("◀️", page, page.page - 1)
    yield InlineKeyboardButton(text=f"{page.page + 1}/{page.pages}", callback_data=Noop().pack())
    if page.page + 1 < page.pages:
        yield _page_button("▶️", page, page.page + 1)


def _page_button(text: str, page: AlternativesPage, number: int) -> InlineKeyboardButton:
    payload = SwapLine(basket=page.basket_id, chain=page.chain, line=page.line_index, page=number)
    return InlineKeyboardButton(text=text, callback_data=payload.pack())


def stores_keyboard(enabled: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(enabled)
    builder = InlineKeyboardBuilder()
    for code in CHAINS:
        mark = "✅" if code in chosen else "▫️"
        builder.button(text=f"{mark} {chain_title(code)}", callback_data=ToggleChain(chain=code))
    builder.button(text="Готово", callback_data=ToggleChain(chain=""))
    builder.adjust(2)
    return builder.as_markup()


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📍 Отправить геопозицию", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
