"""The real bot polling a fake Bot API server, for acceptance tests and the benchmark."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher

from bot.app import create_bot, create_dispatcher, prepare_polling
from bot.service import PriceService
from catalog.db import Database
from deshevle.settings import Settings


@dataclass
class PollingBot:
    settings: Settings
    service: PriceService
    database: Database
    polling_timeout: int = 1
    handle_as_tasks: bool = True
    bot: Bot = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    _task: asyncio.Task[None] | None = field(init=False, default=None)

    async def start(self) -> PollingBot:
        self.bot = create_bot(self.settings)
        self.dispatcher = create_dispatcher(self.service, self.database, self.settings)
        await prepare_polling(self.bot)
        self._task = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                polling_timeout=self.polling_timeout,
                handle_as_tasks=self.handle_as_tasks,
                handle_signals=False,
            )
        )
        return self

    async def stop(self) -> None:
        """Stop polling the way a signal would: in-flight updates finish, the session closes."""
        if self._task is None:
            return
        await self.dispatcher.stop_polling()
        await self._task
        self._task = None
        await self.service.aclose()
