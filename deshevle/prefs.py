"""A shopper's preferences: which chains to compare, and where they shop."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.db import Database
from catalog.models import UserPrefsRow, utcnow
from deshevle.errors import NoChainLeft
from stores.chains import known_chain


@dataclass(frozen=True, slots=True)
class Prefs:
    owner: str
    chains: list[str] | None
    region: str = ""
    lat: float | None = None
    lon: float | None = None

    def compared(self, defaults: Sequence[str]) -> list[str]:
        """The chains this shopper compares: their choice, or the defaults until they choose."""
        return list(self.chains if self.chains is not None else defaults)


def toggled(chosen: Sequence[str], chain: str) -> list[str]:
    """``chosen`` with ``chain`` switched on or off; never none at all."""
    if chain not in chosen:
        return [*chosen, chain]
    if len(chosen) == 1:
        raise NoChainLeft(f"{chain} is the only chain compared")
    return [code for code in chosen if code != chain]


def _view(row: UserPrefsRow | None, owner: str) -> Prefs:
    if row is None:
        return Prefs(owner=owner, chains=None)
    chains = [str(code) for code in row.chains] if row.chains is not None else None
    return Prefs(owner=owner, chains=chains, region=row.region, lat=row.lat, lon=row.lon)


async def _row(session: AsyncSession, owner: str) -> UserPrefsRow:
    row = await session.get(UserPrefsRow, owner)
    if row is None:
        row = UserPrefsRow(owner=owner, chains=None, stores={}, region="")
        session.add(row)
    return row


async def get_prefs(session: AsyncSession, owner: str) -> Prefs:
    """The shopper's preferences; ``chains`` is None until they choose (meaning: the defaults)."""
    return _view(await session.get(UserPrefsRow, owner), owner)


async def get_many_prefs(session: AsyncSession, owners: Sequence[str]) -> dict[str, Prefs]:
    """Preferences of several shoppers in one query, in the order asked."""
    query = select(UserPrefsRow).where(UserPrefsRow.owner.in_(owners))
    rows = {row.owner: row for row in (await session.scalars(query))}
    return {owner: _view(rows.get(owner), owner) for owner in owners}


async def set_chains(session: AsyncSession, owner: str, chains: list[str]) -> Prefs:
    unknown = [code for code in chains if not known_chain(code)]
    if unknown:
        raise ValueError(f"unknown chain codes: {', '.join(unknown)}")
    row = await _row(session, owner)
    row.chains = list(dict.fromkeys(chains))
    row.updated_at = utcnow()
    await session.flush()
    return _view(row, owner)


async def set_region(
    session: AsyncSession,
    owner: str,
    region: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Prefs:
    """Store a region name and/or coordinates; what is not given is left as it was."""
    row = await _row(session, owner)
    if region is not None:
        row.region = region.strip()[:200]
    if lat is not None and lon is not None:
        row.lat, row.lon = lat, lon
    row.updated_at = utcnow()
    await session.flush()
    return _view(row, owner)


class PrefsCache:
    """Preferences kept in memory, so answering a list costs no database round trip.

    Writes go through the cache (database first, then memory, only once the transaction has
    committed), so this process always reads its own writes. A change made by another process
    shows up once the entry is older than ``ttl`` seconds.

    Misses that arrive together are read in one query: a burst of new shoppers (a channel
    post, a restart) would otherwise queue one database round trip each.
    """

    BATCH = 500

    def __init__(
        self,
        database: Database,
        *,
        capacity: int = 100_000,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.capacity = capacity
        self.ttl = ttl
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, Prefs]] = OrderedDict()
        # Bumped when a write starts and when it ends: a read that overlapped a write's end
        # does not store what it read (a read inside the window is overwritten by the write).
        self._generation = 0
        self._wanted: list[str] = []
        self._loading: dict[str, asyncio.Future[Prefs]] = {}
        self._loader: asyncio.Task[None] | None = None

    async def get(self, owner: str) -> Prefs:
        entry = self._entries.get(owner)
        if entry is not None and self.clock() - entry[0] < self.ttl:
            self._entries.move_to_end(owner)
            return entry[1]
        future = self._loading.get(owner)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            # A waiter may be cancelled; its error must not be reported as never retrieved.
            future.add_done_callback(_retrieve)
            self._loading[owner] = future
            self._wanted.append(owner)
            if self._loader is None or self._loader.done():
                self._loader = asyncio.create_task(self._load())
        return await asyncio.shield(future)

    async def _load(self) -> None:
        try:
            await self._load_wanted()
        finally:
            # Cancelled mid-read (shutdown): no waiter may wait forever.
            for future in self._loading.values():
                future.cancel()
            self._loading.clear()
            self._wanted.clear()

    async def _load_wanted(self) -> None:
        while self._wanted:
            owners, self._wanted = self._wanted[: self.BATCH], self._wanted[self.BATCH :]
            seen, now = self._generation, self.clock()
            try:
                async with self.database.session() as session:
                    found = await get_many_prefs(session, owners)
            except Exception as error:  # every waiter gets the error; the next get retries
                for owner in owners:
                    self._loading.pop(owner).set_exception(error)
                continue
            for owner in owners:
                prefs = found[owner]
                if self._generation == seen:
                    self._store(prefs, now)
                self._loading.pop(owner).set_result(prefs)

    async def set_chains(self, owner: str, chains: list[str]) -> Prefs:
        return await self._write(owner, lambda session: set_chains(session, owner, chains))

    async def toggle_chain(self, owner: str, chain: str, defaults: Sequence[str]) -> Prefs:
        """Switch one chain on or off for this shopper; raises NoChainLeft for the last one."""
        current = await self.get(owner)
        return await self.set_chains(owner, toggled(current.compared(defaults), chain))

    async def set_region(
        self,
        owner: str,
        region: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> Prefs:
        return await self._write(
            owner, lambda session: set_region(session, owner, region=region, lat=lat, lon=lon)
        )

    def forget(self, owner: str) -> None:
        self._entries.pop(owner, None)

    def __len__(self) -> int:
        return len(self._entries)

    async def _write(self, owner: str, change: Callable[[AsyncSession], Awaitable[Prefs]]) -> Prefs:
        self._generation += 1
        self.forget(owner)
        async with self.database.transaction() as session:
            prefs = await change(session)
        self._generation += 1
        self._store(prefs, self.clock())
        return prefs

    def _store(self, prefs: Prefs, at: float) -> None:
        self._entries[prefs.owner] = (at, prefs)
        self._entries.move_to_end(prefs.owner)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)


def _retrieve(future: asyncio.Future[Prefs]) -> None:
    if not future.cancelled():
        future.exception()
