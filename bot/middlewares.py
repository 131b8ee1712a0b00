"""Per-user throttling and a session middleware that honours Telegram's RetryAfter."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Message, TelegramObject

from bot.render import THROTTLED

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Wait as long as Telegram asks and try again, a bounded number of times."""

    def __init__(self, attempts: int = 3, max_wait: float = 60.0) -> None:
        self.attempts = attempts
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self.attempts or error.retry_after > self.max_wait:
                    raise
                log.info(
                    "%s: flood control, retrying in %ss", method.__api_method__, error.retry_after
                )
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover


class KeepResponseTypes(BaseRequestMiddleware):
    """Hold on to the ``Response[T]`` models aiogram parses each API reply with.

    aiogram asks pydantic for ``Response[method.__returning__]`` on every call, and pydantic
    caches parametrised generics weakly: once the garbage collector drops one, the next call
    builds the model again (milliseconds, on the event loop). Under load that happened every
    few updates; a strong reference per method type makes it a dictionary hit.
    """

    def __init__(self) -> None:
        self.kept: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in self.kept:
            self.kept[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


class ThrottlingMiddleware(BaseMiddleware):
    """At most one list per user every ``interval`` seconds; the rest get a polite note."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._last: dict[int, float] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Message) or event.from_user is None or self.interval <= 0:
            return await handler(event, data)
        user = event.from_user.id
        now = self.clock()
        last = self._last.get(user)
        if last is not None and now - last < self.interval:
            await event.answer(THROTTLED)
            return None
        self._last[user] = now
        if len(self._last) > 10_000:
            self._forget_old(now)
        return await handler(event, data)

    def _forget_old(self, now: float) -> None:
        self._last = {user: at for user, at in self._last.items() if now - at < self.interval}


class InFlight(BaseMiddleware):
    """Counts updates being handled so shutdown can let them finish before closing the session."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def drain(self, timeout: float) -> bool:
        """Wait until no update is being handled; False when ``timeout`` ran out first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("shutdown: %d updates still running after %ss", self.count, timeout)
            return False
        return True
