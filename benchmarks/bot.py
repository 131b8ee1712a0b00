"""Updates per second and reply latency of the real bot polling a local fake Bot API.

N chats write at once, each at a fixed pace so that together they offer ``--rate`` updates
per second (``--rate 0``: each chat sends its next list as soon as the reply arrives, which
measures capacity). Latency is from the update being queued on the fake server to the bot's
sendMessage reaching it: long polling, dispatch, the service and the HTTP round trips.

The fake Bot API and the load generator run in a child process, so the bot has its own
core. Services: ``real`` (``deshevle.service.Deshevle`` over the demo catalogue with the rules
parser; every chain is first grown to ``--scale`` products, 5 000 by default; ``--scale 0``
keeps the demo catalogue as it is) and ``echo`` (a bare aiogram bot answering «ok»: what the
fake server, the load generator and aiogram cost, i.e. the ceiling of this rig).
``--baseline`` first runs the same bot handling updates one at a time, the naive way.

Run: ``.venv/bin/python benchmarks/bot.py [--chats 100] [--rate 300] [--scale 5000] [--baseline]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

# Run as a script, this file's folder comes first on sys.path and its name hides the package.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent]

from aiogram import Dispatcher  # noqa: E402
from aiogram.types import Message  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.app import create_bot  # noqa: E402
from bot.heap import freeze_long_lived  # noqa: E402
from bot.service import PriceService  # noqa: E402
from bot.testing.fake_api import FakeTelegram  # noqa: E402
from bot.testing.harness import PollingBot  # noqa: E402
from catalog.db import Database  # noqa: E402
from catalog.demo import DEMO_STORE, read_demo  # noqa: E402
from catalog.repository import upsert_offers  # noqa: E402
from deshevle.runtime import open_database  # noqa: E402
from deshevle.service import Deshevle  # noqa: E402
from deshevle.settings import Settings  # noqa: E402
from stores.offer import Offer  # noqa: E402

LISTS = [
    "молоко, хлеб",
    "хлеб",
    "молоко 3.2%, хлеб, яйца",
    "самое дешевое молоко",
    "молоко, хлеб, сыр, масло сливочное, гречка",
]
TOKEN = "42:BENCH-token"
VARIANTS = ["Эконом", "Премиум", "Фермерское", "Домашнее", "Классика", "Отборное", "Семейное"]


@dataclass(frozen=True, slots=True)
class Load:
    chats: int
    rounds: int
    rate: float  # updates per second offered by all chats together; 0 = closed loop


@dataclass(frozen=True, slots=True)
class Measured:
    """What the load process saw: (queued, replied) per update, and its own CPU seconds."""

    spans: list[tuple[float, float]]
    load_cpu: float


class Runner(Protocol):
    async def stop(self) -> None: ...


# --- the load, in the child process -------------------------------------------------------


async def chat(api: FakeTelegram, user: int, load: Load, spans: list[tuple[float, float]]) -> None:
    interval = load.chats / load.rate if load.rate else 0.0
    # Spread the chats' first messages over one interval so the offered load is even.
    await asyncio.sleep(random.uniform(0, interval))
    due = time.perf_counter()
    for turn in range(load.rounds):
        reply = api.expect_reply(user)
        queued = time.perf_counter()
        await api.send_text(user, LISTS[(user + turn) % len(LISTS)])
        await asyncio.wait_for(reply, 60)
        spans.append((queued, time.perf_counter()))
        due += interval
        await asyncio.sleep(max(0.0, due - time.perf_counter()))


async def drive(load: Load, ready: Connection, done: Connection, profile: str | None) -> None:
    api = await FakeTelegram(token=TOKEN, record=False).start()
    # The measuring side must not stall either: its full collections walked every object
    # imported at start-up (~200 ms each) and showed up as bot latency.
    freeze_long_lived()
    ready.send(api.base_url)
    # Wait off the loop: the bot's startup calls must be served meanwhile.
    await asyncio.get_running_loop().run_in_executor(None, ready.recv)
    await chat(api, 10**6, Load(1, 3, 0), [])  # warm up caches and connections
    spans: list[tuple[float, float]] = []
    cpu = time.process_time()
    with profiling(profile, "load"):
        await asyncio.gather(*(chat(api, 1000 + user, load, spans) for user in range(load.chats)))
    done.send(Measured(spans, time.process_time() - cpu))
    # Serve until the bot has stopped polling, so its last long poll is not cut off.
    await asyncio.get_running_loop().run_in_executor(None, ready.recv)
    await api.stop()


def fake_telegram_process(
    load: Load, ready: Connection, done: Connection, profile: str | None
) -> None:
    asyncio.run(drive(load, ready, done, profile))


@contextlib.contextmanager
def profiling(folder: str | None, name: str) -> Iterator[None]:
    """cProfile the measured phase only (not imports and start-up) into ``folder/name.prof``."""
    if folder is None:
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(str(Path(folder) / f"{name}.prof"))


# --- the bot, in this process ---------------------------------------------------------------


def scaled_demo(per_chain: int) -> Iterator[Offer]:
    """The demo catalogue, each chain grown to ``per_chain`` products by renamed copies.

    Copies keep the kind and pack (so they compete in matching) under a made-up variant
    name and a price within ±20 %, so ranking has real work to do.
    """
    by_chain: dict[str, list[Offer]] = {}
    for offer in read_demo():
        by_chain.setdefault(offer.chain, []).append(offer)
    shuffle = random.Random(6)
    for offers in by_chain.values():
        yield from offers
        for number in range(max(0, per_chain - len(offers))):
            original = offers[number % len(offers)]
            variant = f"{VARIANTS[number % len(VARIANTS)]} {number // len(VARIANTS) + 1}"
            yield original.model_copy(
                update={
                    "external_id": f"{original.external_id}-v{number}",
                    "name": f"{original.name} «{variant}»",
                    "price_kop": max(1, round(original.price_kop * shuffle.uniform(0.8, 1.2))),
                    "store_code": DEMO_STORE,
                }
            )


async def build_service(settings: Settings, scale: int) -> tuple[PriceService, Database, str]:
    database = await open_database(settings, autoload_demo=True)
    label = "real service, demo catalogue"
    if scale:
        async with database.transaction() as session:
            await upsert_offers(session, scaled_demo(scale))
        label = f"real service, demo catalogue scaled to {scale} products per chain"
    service = await Deshevle.create(settings, database)
    indexed = sum(len(chain.products) for chain in service.index.chains.values())
    return service, database, f"{label} ({indexed} products indexed), rules parser"


class EchoBot:
    """A bare aiogram bot that answers «ok»: the cost of the rig without the bot's work."""

    def __init__(self, settings: Settings) -> None:
        self.bot = create_bot(settings)
        self.dispatcher = Dispatcher()
        self.dispatcher.message.register(self.echo)
        self._task: asyncio.Task[None] | None = None

    @staticmethod
    async def echo(message: Message) -> None:
        await message.answer("ok")

    async def start(self) -> EchoBot:
        polling = self.dispatcher.start_polling(self.bot, polling_timeout=1, handle_signals=False)
        self._task = asyncio.create_task(polling)
        return self

    async def stop(self) -> None:
        await self.dispatcher.stop_polling()
        if self._task is not None:
            await self._task


async def start_bot(
    kind: str, settings: Settings, scale: int, sequential: bool
) -> tuple[Runner, Database | None, str]:
    if kind == "echo":
        return await EchoBot(settings).start(), None, "echo bot (rig ceiling)"
    service, database, label = await build_service(settings, scale)
    polling = PollingBot(settings, service, database, handle_as_tasks=not sequential)
    if sequential:
        label += ", updates handled one at a time (naive baseline)"
    return await polling.start(), database, label


def settings_for(base_url: str, folder: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=SecretStr(TOKEN),
        bot_api_url=base_url,
        database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}",
        parser="rules",
        throttle_seconds=0,
    )


async def measure(
    load: Load, kind: str, *, scale: int = 0, sequential: bool = False, profile: str | None = None
) -> None:
    # Spawn, not fork: a forked child would inherit this running event loop.
    context = get_context("spawn")
    ready_parent, ready_child = context.Pipe()
    done_parent, done_child = context.Pipe()
    server = context.Process(
        target=fake_telegram_process, args=(load, ready_child, done_child, profile)
    )
    server.start()
    # Only the child writes: with our copies closed, a crashed child is an EOFError, not a hang.
    ready_child.close()
    done_child.close()
    loop = asyncio.get_running_loop()
    base_url = await loop.run_in_executor(None, ready_parent.recv)
    with tempfile.TemporaryDirectory() as folder:
        runner, database, label = await start_bot(
            kind, settings_for(base_url, folder), scale, sequential
        )
        # What run_polling does once the bot is up.
        freeze_long_lived()
        try:
            cpu = time.process_time()
            ready_parent.send("go")
            with profiling(profile, "bot"):
                measured: Measured = await loop.run_in_executor(None, done_parent.recv)
            bot_cpu = time.process_time() - cpu
        finally:
            await runner.stop()
            ready_parent.send("stopped")
            if database is not None:
                await database.close()
            server.join(10)
    report(label, load, measured, bot_cpu)


def report(label: str, load: Load, measured: Measured, bot_cpu: float) -> None:
    latencies = sorted(replied - queued for queued, replied in measured.spans)
    elapsed = max(r for _, r in measured.spans) - min(q for q, _ in measured.spans)
    count = len(latencies)

    def pct(share: float) -> float:
        return latencies[min(count - 1, int(count * share))] * 1000

    offered = f"{load.rate:.0f} updates/s offered" if load.rate else "closed loop"
    print(f"bot: {label}; {load.chats} chats x {load.rounds} lists, {offered}")
    print(
        f"  {count} updates in {elapsed:.2f} s: {count / elapsed:.0f} updates/s, "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {pct(0.95):.1f} ms, "
        f"p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )
    print(
        f"  CPU per update: bot {bot_cpu / count * 1000:.2f} ms, "
        f"load + fake API {measured.load_cpu / count * 1000:.2f} ms"
    )


async def main(arguments: argparse.Namespace) -> None:
    load = Load(arguments.chats, arguments.rounds, arguments.rate)
    if arguments.baseline:
        await measure(load, arguments.service, scale=arguments.scale, sequential=True)
    await measure(load, arguments.service, scale=arguments.scale, profile=arguments.profile)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=300, help="0 for a closed loop")
    parser.add_argument("--service", choices=["real", "echo"], default="real")
    parser.add_argument(
        "--scale", type=int, default=5000, help="products per chain, 0: the demo as is (real only)"
    )
    parser.add_argument("--baseline", action="store_true", help="run the naive bot first")
    parser.add_argument("--profile", metavar="DIR", help="write bot.prof and load.prof here")
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(parser.parse_args()))
