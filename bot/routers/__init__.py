"""Routers are built by factories: a router can belong to one dispatcher only."""

from __future__ import annotations

from aiogram import Router

from bot.routers.baskets import baskets_router
from bot.routers.lists import lists_router
from bot.routers.prefs import prefs_router
from bot.routers.start import start_router


def build_routers(throttle_seconds: float) -> list[Router]:
    # The catch-all text handler goes last so commands and locations win.
    return [start_router(), prefs_router(), baskets_router(), lists_router(throttle_seconds)]


__all__ = ["build_routers"]
