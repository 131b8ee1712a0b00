"""Updates per second and reply latency of the real bot polling a local fake Bot API.

N chats write at once; each sends its next list as soon as the previous reply arrives.
Latency is from the update being queued on the fake server to the bot's sendMessage reaching
it, so it includes long polling, dispatch, the service and the HTTP round trip.

The service is the real ``deshevle.service.Deshevle`` over the demo catalogue (rules parser)
when it is installed, else the bot's in-memory fake service (``--service fake``), which
measures the front end alone. Run: ``.venv/bin/python benchmarks/bot.py [--chats 100]``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Run as a script, this file's folder comes first on sys.path and its name hides the package.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent]

from pydantic import SecretStr  # noqa: E402

from bot.service import PriceService  # noqa: E402
from bot.testing.fake_api import FakeTelegram  # noqa: E402
from bot.testing.fake_service import FakeService  # noqa: E402
from bot.testing.harness import PollingBot  # noqa: E402
from catalog.db import Database  # noqa: E402
from deshevle.runtime import open_database  # noqa: E402
from deshevle.settings import Settings  # noqa: E402

LISTS = [
    "молоко, хлеб",
    "хлеб",
    "молоко 3.2%, хлеб, яйца",
    "самое дешевое молоко",
    "молоко, хлеб, сыр, масло сливочное, гречка",
]


async def build_service(kind: str, settings: Settings) -> tuple[PriceService, Database, str]:
    if kind in ("auto", "real"):
        try:
            from deshevle.service import Deshevle
        except ImportError:
            if kind == "real":
                raise
        else:
            database = await open_database(settings)
            service: Any = await Deshevle.create(settings, database)
            return service, database, "real service, demo catalogue, rules parser"
    database = await open_database(settings, autoload_demo=False)
    return FakeService(database), database, "fake service (front end only)"


@dataclass(frozen=True, slots=True)
class Load:
    chats: int
    rounds: int
    rate: float  # updates per second offered by all chats together; 0 = closed loop


async def chat(api: FakeTelegram, user: int, load: Load, latencies: list[float]) -> None:
    interval = load.chats / load.rate if load.rate else 0.0
    # Spread the chats' first messages over one interval so the offered load is even.
    await asyncio.sleep(random.uniform(0, interval))
    due = time.perf_counter()
    for turn in range(load.rounds):
        reply = api.expect_reply(user)
        started = time.perf_counter()
        await api.send_text(user, LISTS[(user + turn) % len(LISTS)])
        await asyncio.wait_for(reply, 60)
        latencies.append(time.perf_counter() - started)
        due += interval
        await asyncio.sleep(max(0.0, due - time.perf_counter()))


async def drive(token: str, load: Load, ready: Connection, done: Connection) -> None:
    api = await FakeTelegram(token=token, record=False).start()
    ready.send(api.base_url)
    # Wait off the loop: the bot's startup calls must be served meanwhile.
    await asyncio.get_running_loop().run_in_executor(None, ready.recv)
    await chat(api, 10**6, Load(1, 3, 0), [])  # warm up caches and connections
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(chat(api, 1000 + user, load, latencies) for user in range(load.chats)))
    done.send((time.perf_counter() - started, latencies))
    await api.stop()


def fake_telegram_process(token: str, load: Load, ready: Connection, done: Connection) -> None:
    asyncio.run(drive(token, load, ready, done))


async def main(load: Load, kind: str) -> None:
    """The fake Bot API and the load run in a child process, so the bot has its own core."""
    token = "42:BENCH-token"
    # Spawn, not fork: a forked child would inherit this running event loop.
    context = get_context("spawn")
    ready_parent, ready_child = context.Pipe()
    done_parent, done_child = context.Pipe()
    server = context.Process(
        target=fake_telegram_process, args=(token, load, ready_child, done_child)
    )
    server.start()
    loop = asyncio.get_running_loop()
    base_url = await loop.run_in_executor(None, ready_parent.recv)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=SecretStr(token),
            bot_api_url=base_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}",
            parser="rules",
            throttle_seconds=0,
        )
        service, database, label = await build_service(kind, settings)
        polling = await PollingBot(settings, service, database).start()
        try:
            ready_parent.send("go")
            elapsed, latencies = await loop.run_in_executor(None, done_parent.recv)
        finally:
            await polling.stop()
            await database.close()
            server.join(10)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    offered = f"{load.rate:.0f} updates/s offered" if load.rate else "closed loop"
    print(f"bot: {label}; {load.chats} chats x {load.rounds} lists, {offered}")
    print(
        f"{len(latencies)} updates in {elapsed:.2f} s: {len(latencies) / elapsed:.0f} updates/s, "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=300, help="0 for a closed loop")
    parser.add_argument("--service", choices=["auto", "real", "fake"], default="auto")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(Load(arguments.chats, arguments.rounds, arguments.rate), arguments.service))
