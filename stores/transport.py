"""Polite HTTP for one chain: one client, ≤ 1 request/s, retries, Retry-After, a circuit breaker.

Clock, sleep and randomness are injectable so tests never wait.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx

from stores.errors import (
    AccessDenied,
    ChainPaused,
    ChallengePage,
    RateLimited,
    TransportError,
)
from stores.parsing import looks_like_html

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Expect = Literal["json", "html"]

# Words anti-bot layers (ServicePipe, Qrator, DDoS-Guard, slider captchas) put on their pages.
_CHALLENGE_MARKERS = (
    "servicepipe",
    "qrator",
    "ddos-guard",
    "captcha",
    "challenge",
    "проверка браузера",
    "подтвердите, что вы не робот",
)
_CHALLENGE_MAX_SIZE = 30_000


def is_challenge_html(text: str) -> bool:
    """A challenge page is small; a real catalogue page may mention «captcha» in a form script,
    so on large pages only the title counts."""
    lowered = text.lower()
    if len(lowered) > _CHALLENGE_MAX_SIZE:
        start = lowered.find("<title")
        lowered = lowered[start : lowered.find("</title>", start)] if start >= 0 else ""
    return any(marker in lowered for marker in _CHALLENGE_MARKERS)


class TokenBucket:
    """At most ``rate`` requests a second on average, bursts up to ``capacity``."""

    def __init__(
        self,
        rate: float = 1.0,
        capacity: float = 1.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self) -> None:
        async with self._lock:
            self._refill()
            if self._tokens < 1:
                await self._sleep((1 - self._tokens) / self.rate)
                self._refill()
            # Sleeping may be faked in tests; the token is spent either way.
            self._tokens = max(0.0, self._tokens - 1)


class CircuitBreaker:
    """Pauses a chain after a 403 or a challenge page, so no request is sent until it expires."""

    def __init__(self, chain: str, *, pause: timedelta = timedelta(hours=6)) -> None:
        self.chain = chain
        self.pause = pause
        self.until: datetime | None = None
        self.reason = ""
        self.kind: type[ChainPaused] = ChainPaused

    def trip(self, error: ChainPaused, *, now: datetime | None = None) -> ChainPaused:
        self.until = (now or datetime.now(UTC)) + self.pause
        self.reason = str(error)
        self.kind = type(error)
        error.until = self.until
        return error

    def check(self, *, now: datetime | None = None) -> None:
        if self.until is None:
            return
        if (now or datetime.now(UTC)) >= self.until:
            self.reset()
            return
        raise self.kind(
            f"paused until {self.until:%Y-%m-%d %H:%M} UTC ({self.reason})",
            chain=self.chain,
            until=self.until,
        )

    def reset(self) -> None:
        self.until = None
        self.reason = ""
        self.kind = ChainPaused

    @property
    def is_open(self) -> bool:
        return self.until is not None and datetime.now(UTC) < self.until


_BREAKERS: dict[str, CircuitBreaker] = {}


def breaker_for(chain: str) -> CircuitBreaker:
    """The process-wide breaker of a chain: a pause outlives one adapter instance."""
    return _BREAKERS.setdefault(chain, CircuitBreaker(chain))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 2.0
    max_delay: float = 60.0
    jitter: float = 0.5
    max_retry_after: float = 300.0

    def backoff(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        delay = min(self.max_delay, self.base_delay * 2**attempt)
        return float(delay * (1 + self.jitter * rand()))


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def make_client(
    user_agent: str,
    *,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    timeout: float = 20.0,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": user_agent, "Accept-Language": "ru-RU,ru;q=0.9", **(headers or {})},
        cookies=dict(cookies or {}),
        timeout=httpx.Timeout(timeout, connect=10.0),
        follow_redirects=True,
    )


class Transport:
    """Sends a chain's requests one at a time, politely, and recognises being blocked."""

    def __init__(
        self,
        chain: str,
        client: httpx.AsyncClient,
        *,
        bucket: TokenBucket | None = None,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        owns_client: bool = True,
    ) -> None:
        self.chain = chain
        self.client = client
        self.bucket = bucket or TokenBucket(sleep=sleep)
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or breaker_for(chain)
        self.requests = 0
        self._sleep = sleep
        self._rand = rand
        self._owns_client = owns_client

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        expect: Expect = "json",
    ) -> str:
        """The body of a successful answer; raises a :mod:`stores.errors` error otherwise."""
        self.breaker.check()
        failure = "no attempt made"
        for attempt in range(self.retry.attempts):
            last = attempt == self.retry.attempts - 1
            await self.bucket.acquire()
            self.requests += 1
            try:
                response = await self.client.request(
                    method, url, params=params, json=json, headers=headers
                )
            except httpx.TimeoutException as error:
                failure = f"timeout: {error!r}"
            except httpx.TransportError as error:
                failure = f"network error: {error!r}"
            else:
                delay = self._judge(response, expect=expect, attempt=attempt)
                if delay is None:
                    return response.text
                failure = f"HTTP {response.status_code}"
                if not last:
                    await self._sleep(delay)
                continue
            if not last:
                await self._sleep(self.retry.backoff(attempt, self._rand))
        raise TransportError(
            f"{method} {url} failed after {self.retry.attempts} attempts: {failure}",
            chain=self.chain,
        )

    def _judge(self, response: httpx.Response, *, expect: Expect, attempt: int) -> float | None:
        """None when the answer is usable, else how long to wait before retrying."""
        last = attempt == self.retry.attempts - 1
        status = response.status_code
        if status in (401, 403):
            raise self.breaker.trip(
                AccessDenied(
                    f"HTTP {status}: access denied; paste a fresh browser session into settings",
                    chain=self.chain,
                )
            )
        text = response.text
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is None:
                wait = self.retry.backoff(attempt, self._rand)
            if last or wait > self.retry.max_retry_after:
                raise RateLimited(f"HTTP 429, Retry-After {wait:.0f} s", chain=self.chain)
            return wait
        if looks_like_html(text) and (expect == "json" or is_challenge_html(text)):
            raise self.breaker.trip(
                ChallengePage(
                    f"HTTP {status}: an anti-bot challenge page came back instead of data",
                    chain=self.chain,
                )
            )
        if status >= 500:
            return self.retry.backoff(attempt, self._rand)
        if status >= 400:
            raise TransportError(f"HTTP {status} for {response.request.url}", chain=self.chain)
        return None

    async def aclose(self) -> None:
        if self._owns_client:
            await self.client.aclose()
