"""Inline keyboards. Button labels are short; payloads come from ``bot.callbacks``."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.callbacks import ChainView, Choose, Noop, SwapLine, ToggleChain
from bot.render import selected_basket
from pricing.format import rub
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
    chains = [
        _button(
            f"{'✅ ' if basket.chain == shown.chain else ''}{chain_title(basket.chain)}",
            ChainView(basket=basket_id, chain=basket.chain),
        )
        for basket in answer.baskets
    ]
    swaps = [
        _button(
            _short(f"🔁 {line.index + 1}. {line.item.name}"),
            SwapLine(basket=basket_id, chain=shown.chain, line=line.index),
        )
        for line in shown.lines[:MAX_SWAP_BUTTONS]
    ]
    return InlineKeyboardMarkup(inline_keyboard=_rows(chains, 3) + _rows(swaps, 2))


def alternatives_keyboard(page: AlternativesPage) -> InlineKeyboardMarkup:
    rows = []
    for place, (option, cost) in enumerate(page.priced(), start=1):
        mark = "✅ " if option.id == page.current_product_id else ""
        payload = Choose(
            basket=page.basket_id, chain=page.chain, line=page.line_index, product=option.id
        )
        # The same figure the text ranks by: the whole amount asked, when one was.
        price = option.price_kop if cost is None else cost.total_kop
        rows.append([_button(_short(f"{mark}{place}. {rub(price)} · {option.name}"), payload)])
    nav = list(_page_buttons(page))
    if nav:
        rows.append(nav)
    rows.append([_button("⬅️ Назад", ChainView(basket=page.basket_id, chain=page.chain))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


# Keyboards are built directly rather than with InlineKeyboardBuilder: its export deep-copies
# every button, which was a visible share of a reply's cost under load.
def _button(text: str, payload: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=payload.pack())


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[start : start + width] for start in range(0, len(buttons), width)]


def _page_buttons(page: AlternativesPage) -> Iterable[InlineKeyboardButton]:
    if page.pages <= 1:
        return
    if page.page > 0:
        yield _page_button("◀️", page, page.page - 1)
    yield _button(f"{page.page + 1}/{page.pages}", Noop())
    if page.page + 1 < page.pages:
        yield _page_button("▶️", page, page.page + 1)


def _page_button(text: str, page: AlternativesPage, number: int) -> InlineKeyboardButton:
    payload = SwapLine(basket=page.basket_id, chain=page.chain, line=page.line_index, page=number)
    return _button(text, payload)


def stores_keyboard(enabled: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(enabled)
    buttons = [
        _button(f"{'✅' if code in chosen else '▫️'} {chain_title(code)}", ToggleChain(chain=code))
        for code in CHAINS
    ]
    buttons.append(_button("Готово", ToggleChain(chain="")))
    return InlineKeyboardMarkup(inline_keyboard=_rows(buttons, 2))


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📍 Отправить геопозицию", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
