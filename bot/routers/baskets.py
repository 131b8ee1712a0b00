"""Basket buttons: a chain's basket, a line's alternatives, choosing one, going back."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.callbacks import ChainView, Choose, Noop, SwapLine
from bot.keyboards import alternatives_keyboard, basket_keyboard
from bot.render import GONE, NOT_YOURS, STALE, UNKNOWN, render_alternatives, render_basket
from bot.routers.common import show
from bot.service import (
    BasketNotFound,
    DeshevleError,
    NotYourBasket,
    PriceService,
    StaleBasket,
    owner_of,
)

log = logging.getLogger(__name__)


def _alert(error: DeshevleError) -> str:
    if isinstance(error, NotYourBasket):
        return NOT_YOURS
    if isinstance(error, StaleBasket):
        return STALE
    if isinstance(error, BasketNotFound):
        return GONE
    return UNKNOWN


def baskets_router() -> Router:
    router = Router(name="baskets")

    @router.callback_query(ChainView.filter())
    async def chain_view(
        query: CallbackQuery, callback_data: ChainView, service: PriceService
    ) -> None:
        try:
            answer = await service.basket(callback_data.basket, owner_of(query.from_user.id))
        except DeshevleError as error:
            await query.answer(_alert(error), show_alert=True)
            return
        await query.answer()
        chain = callback_data.chain
        await show(query, render_basket(answer, chain), basket_keyboard(answer, chain))

    @router.callback_query(SwapLine.filter())
    async def alternatives(
        query: CallbackQuery, callback_data: SwapLine, service: PriceService
    ) -> None:
        try:
            page = await service.alternatives(
                callback_data.basket,
                owner_of(query.from_user.id),
                callback_data.chain,
                callback_data.line,
                page=callback_data.page,
            )
        except DeshevleError as error:
            await query.answer(_alert(error), show_alert=True)
            return
        await query.answer()
        await show(query, render_alternatives(page), alternatives_keyboard(page))

    @router.callback_query(Choose.filter())
    async def choose(query: CallbackQuery, callback_data: Choose, service: PriceService) -> None:
        try:
            answer = await service.swap(
                callback_data.basket,
                owner_of(query.from_user.id),
                callback_data.chain,
                callback_data.line,
                callback_data.product,
            )
        except DeshevleError as error:
            await query.answer(_alert(error), show_alert=True)
            return
        await query.answer("Заменил ✅")
        chain = callback_data.chain
        await show(query, render_basket(answer, chain), basket_keyboard(answer, chain))

    @router.callback_query(Noop.filter())
    async def noop(query: CallbackQuery) -> None:
        await query.answer()

    return router
