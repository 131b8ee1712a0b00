"""Routers are built by factories: a router can belong to one dispatcher only."""

from __future__ import annotations

from aiogram import Router

from bot.routers.baskets import baskets_router
from bot.routers.lists import lists_router
from bot.routers.prefs import prefs_router
from bot.routers.start import fallback_router, start_router


def build_routers(throttle_seconds: float) -> list[Router]:
    # Lists come first: they are most updates, and their filter (text that is not a command)
    # overlaps no other handler, so the command filters are not evaluated for every list.
    return [
        lists_router(throttle_seconds),
        start_router(),
        prefs_router(),
        baskets_router(),
        fallback_router(),
    ]


__all__ = ["build_routers"]
