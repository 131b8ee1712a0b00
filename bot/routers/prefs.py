"""/stores (which chains to compare) and /region (a city or a location)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.callbacks import ToggleChain
from bot.keyboards import location_keyboard, stores_keyboard
from bot.render import quote
from bot.routers.common import has_location, show
from bot.service import owner_of
from deshevle.errors import NoChainLeft
from deshevle.prefs import PrefsCache
from deshevle.settings import Settings
from stores.chains import chain_title

STORES_TEXT = "Какие сети сравнивать? Нажмите, чтобы включить или выключить."
REGION_TEXT = (
    "Пришлите геопозицию кнопкой ниже или напишите город: <code>/region Москва</code>.\n"
    "Сейчас: {current}."
)


def prefs_router() -> Router:
    router = Router(name="prefs")

    @router.message(Command("stores"))
    async def stores(message: Message, prefs_cache: PrefsCache, settings: Settings) -> None:
        if message.from_user is None:
            return
        prefs = await prefs_cache.get(owner_of(message.from_user.id))
        await message.answer(
            STORES_TEXT, reply_markup=stores_keyboard(prefs.compared(settings.chains))
        )

    @router.callback_query(ToggleChain.filter())
    async def toggle(
        query: CallbackQuery,
        callback_data: ToggleChain,
        prefs_cache: PrefsCache,
        settings: Settings,
    ) -> None:
        owner = owner_of(query.from_user.id)
        if not callback_data.chain:
            prefs = await prefs_cache.get(owner)
            titles = ", ".join(chain_title(code) for code in prefs.compared(settings.chains))
            await query.answer()
            await show(query, f"Сравниваю: {titles}.")
            return
        try:
            prefs = await prefs_cache.toggle_chain(owner, callback_data.chain, settings.chains)
        except NoChainLeft:
            await query.answer("Нужна хотя бы одна сеть.", show_alert=True)
            return
        await query.answer()
        await show(query, STORES_TEXT, stores_keyboard(prefs.compared(settings.chains)))

    @router.message(Command("region"))
    async def region(message: Message, command: CommandObject, prefs_cache: PrefsCache) -> None:
        if message.from_user is None:
            return
        owner = owner_of(message.from_user.id)
        if command.args and command.args.strip():
            prefs = await prefs_cache.set_region(owner, region=command.args)
            await message.answer(
                f"Запомнил регион: {quote(prefs.region)}.", reply_markup=ReplyKeyboardRemove()
            )
            return
        prefs = await prefs_cache.get(owner)
        current = quote(prefs.region) if prefs.region else "не задан"
        await message.answer(REGION_TEXT.format(current=current), reply_markup=location_keyboard())

    @router.message(has_location)
    async def location(message: Message, prefs_cache: PrefsCache) -> None:
        if message.from_user is None or message.location is None:
            return
        await prefs_cache.set_region(
            owner_of(message.from_user.id),
            lat=message.location.latitude,
            lon=message.location.longitude,
        )
        await message.answer(
            "📍 Запомнил геопозицию: буду учитывать ближайшие магазины, где сеть это позволяет.",
            reply_markup=ReplyKeyboardRemove(),
        )

    return router
