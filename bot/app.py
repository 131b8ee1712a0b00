"""Bot and dispatcher factories, polling and webhook runners, graceful shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand
from aiohttp import web

from bot.heap import freeze_long_lived
from bot.middlewares import InFlight, KeepResponseTypes, RetryAfterMiddleware
from bot.routers import build_routers
from bot.service import PriceService
from bot.session import JsonSession
from catalog.db import Database
from deshevle.prefs import PrefsCache
from deshevle.settings import Settings

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0
WEBHOOK_PATH = "/telegram/webhook"
COMMANDS = [
    BotCommand(command="start", description="Что умеет бот"),
    BotCommand(command="stores", description="Какие сети сравнивать"),
    BotCommand(command="region", description="Город или геопозиция"),
    BotCommand(command="help", description="Помощь"),
]


class MissingToken(RuntimeError):
    """BOT_TOKEN is not set."""


def create_bot(settings: Settings) -> Bot:
    if settings.bot_token is None or not settings.bot_token.get_secret_value():
        raise MissingToken("BOT_TOKEN is not set")
    session = JsonSession(api=TelegramAPIServer.from_base(settings.bot_api_url))
    session.middleware(KeepResponseTypes())
    session.middleware(RetryAfterMiddleware())
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def create_dispatcher(service: PriceService, database: Database, settings: Settings) -> Dispatcher:
    # No handler keeps conversation state, so the FSM middleware would be pure per-update cost.
    dispatcher = Dispatcher(
        service=service,
        database=database,
        settings=settings,
        prefs_cache=PrefsCache(database),
        disable_fsm=True,
    )
    in_flight = InFlight()
    dispatcher.update.outer_middleware(in_flight)
    dispatcher["in_flight"] = in_flight
    dispatcher.include_routers(*build_routers(settings.throttle_seconds))

    async def drain() -> None:
        await in_flight.drain(SHUTDOWN_GRACE_SECONDS)

    dispatcher.shutdown.register(drain)
    return dispatcher


Hook = Callable[[], Awaitable[None]]


def _scheduler_hooks(
    settings: Settings, database: Database, service: PriceService
) -> tuple[Hook, Hook]:
    """Start the refresh scheduler with the bot; the service reloads after each refresh."""
    try:
        from scheduler.jobs import build_scheduler, stop_scheduler
    except ImportError:  # pragma: no cover - the scheduler area is optional for the bot
        log.warning("scheduler.jobs is unavailable: prices will not refresh")

        async def nothing() -> None:
            return None

        return nothing, nothing

    async def reload(_run: Any) -> None:
        await service.reload()
        freeze_long_lived()

    scheduler = build_scheduler(settings, database, on_refreshed=reload)

    async def start() -> None:
        scheduler.start()

    async def stop() -> None:
        await stop_scheduler(scheduler)

    return start, stop


async def run_polling(
    settings: Settings,
    service: PriceService,
    database: Database,
    *,
    with_scheduler: bool = True,
) -> None:
    bot = create_bot(settings)
    dispatcher = create_dispatcher(service, database, settings)
    start, stop = (
        _scheduler_hooks(settings, database, service) if with_scheduler else (_noop, _noop)
    )
    dispatcher.startup.register(start)
    dispatcher.shutdown.register(stop)
    await prepare_polling(bot)
    freeze_long_lived()
    await dispatcher.start_polling(bot, handle_signals=True)


async def prepare_polling(bot: Bot) -> None:
    """What polling needs first: no webhook in the way, the command menu set."""
    await bot.delete_webhook(drop_pending_updates=False)
    await bot.set_my_commands(COMMANDS)
    me = await bot.get_me()
    log.info("polling as @%s", me.username)


async def _noop() -> None:
    return None


def webhook_app(bot: Bot, dispatcher: Dispatcher, settings: Settings) -> web.Application:
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    application = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(
        application, path=WEBHOOK_PATH
    )
    setup_application(application, dispatcher, bot=bot)
    return application


async def run_webhook(settings: Settings, service: PriceService, database: Database) -> None:
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is required in webhook mode")
    bot = create_bot(settings)
    dispatcher = create_dispatcher(service, database, settings)
    start, stop = _scheduler_hooks(settings, database, service)
    dispatcher.startup.register(start)
    dispatcher.shutdown.register(stop)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    await bot.set_webhook(settings.webhook_url.rstrip("/") + WEBHOOK_PATH, secret_token=secret)
    await bot.set_my_commands(COMMANDS)
    freeze_long_lived()
    runner = web.AppRunner(webhook_app(bot, dispatcher, settings))
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    try:
        await asyncio.Event().wait()
    finally:
        # The runner's cleanup fires the dispatcher's shutdown, which drains in-flight updates.
        await runner.cleanup()
        await bot.session.close()
