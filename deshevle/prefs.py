"""A shopper's preferences: which chains to compare, and where they shop."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import UserPrefsRow, utcnow
from stores.chains import known_chain


@dataclass(frozen=True, slots=True)
class Prefs:
    owner: str
    chains: list[str] | None
    region: str = ""
    lat: float | None = None
    lon: float | None = None


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
