from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from stores.transport import CircuitBreaker, RetryPolicy, TokenBucket, Transport

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_text(relative: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8")


def fixture_json(relative: str) -> Any:
    return json.loads(fixture_text(relative))


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def make_transport(fake_time: FakeTime) -> AsyncIterator[Any]:
    clients: list[httpx.AsyncClient] = []

    def build(chain: str, *, attempts: int = 4) -> Transport:
        client = httpx.AsyncClient(headers={"User-Agent": "DeshevleTest/1"})
        clients.append(client)
        return Transport(
            chain,
            client,
            bucket=TokenBucket(clock=fake_time.clock, sleep=fake_time.sleep),
            retry=RetryPolicy(attempts=attempts, base_delay=1.0, jitter=0.5),
            breaker=CircuitBreaker(chain),
            sleep=fake_time.sleep,
            rand=lambda: 0.5,
        )

    yield build
    for client in clients:
        await client.aclose()
