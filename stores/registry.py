"""Which adapter serves which chain, wired with the operator's per-chain session values."""

from __future__ import annotations

import httpx

from deshevle.settings import Settings
from stores.base import StoreAdapter
from stores.chizhik import ChizhikAdapter
from stores.dixy import DixyAdapter
from stores.errors import NotSupported
from stores.magnit import MagnitAdapter
from stores.perekrestok import PerekrestokAdapter
from stores.pyaterochka import PyaterochkaAdapter
from stores.transport import Transport, make_client

ADAPTERS: dict[str, type[StoreAdapter]] = {
    adapter.chain: adapter
    for adapter in (
        PyaterochkaAdapter,
        MagnitAdapter,
        DixyAdapter,
        PerekrestokAdapter,
        ChizhikAdapter,
    )
}


def adapter_class(chain: str) -> type[StoreAdapter]:
    try:
        return ADAPTERS[chain]
    except KeyError:
        raise NotSupported(f"no adapter for chain {chain!r}", chain=chain) from None


def chain_headers(chain: str, settings: Settings) -> dict[str, str]:
    """Headers copied by an operator from a browser session; nothing is forged or rotated."""
    headers: dict[str, str] = {}
    if chain == "pyaterochka":
        headers["x-platform"] = "webapp"
        if settings.pyaterochka_device_id is not None:
            headers["x-device-id"] = settings.pyaterochka_device_id.get_secret_value()
        if settings.pyaterochka_app_version:
            headers["x-app-version"] = settings.pyaterochka_app_version
    elif chain == "perekrestok" and settings.perekrestok_token is not None:
        headers["Authorization"] = f"Bearer {settings.perekrestok_token.get_secret_value()}"
    return headers


def chain_cookies(chain: str, settings: Settings) -> dict[str, str]:
    """``SCRAPE_COOKIES[chain]`` («a=1; b=2», as a browser's Cookie header shows it) as a dict."""
    raw = settings.scrape_cookies.get(chain)
    if raw is None:
        return {}
    pairs = (part.strip().partition("=") for part in raw.get_secret_value().split(";"))
    return {name: value for name, sep, value in pairs if name and sep}


def default_store(chain: str, settings: Settings) -> str:
    return {
        "pyaterochka": settings.pyaterochka_store,
        "magnit": settings.magnit_store,
        "chizhik": settings.chizhik_city_id,
    }.get(chain, "")


def adapter_for(
    chain: str, settings: Settings, client: httpx.AsyncClient | None = None
) -> StoreAdapter:
    """An adapter with its own polite transport; a passed ``client`` stays the caller's to close."""
    cls = adapter_class(chain)
    owns = client is None
    http = client or make_client(
        settings.user_agent,
        headers=chain_headers(chain, settings),
        cookies=chain_cookies(chain, settings),
        timeout=settings.scrape_timeout,
    )
    transport = Transport(chain, http, owns_client=owns)
    return cls(transport, default_store=default_store(chain, settings))
