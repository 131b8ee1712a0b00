"""Small pure helpers every parser shares: money, required fields, JSON decoding."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from stores.errors import ChallengePage, ParseError, SchemaChanged
from stores.offer import Offer


def rub_to_kop(value: object) -> int | None:
    """Roubles as a string («99.99», «438,90») or a number → integer kopecks; None if absent."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", "").replace("\xa0", ""))
    except InvalidOperation:
        return None
    kop = int((amount * 100).to_integral_value())
    return kop if kop > 0 else None


def positive_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number > 0 else None


def require(data: object, key: str, *, chain: str, where: str) -> Any:
    """``data[key]``, or :class:`SchemaChanged` naming the field."""
    if not isinstance(data, Mapping) or key not in data:
        raise SchemaChanged(key, chain=chain, where=where)
    return data[key]


def require_list(data: object, key: str, *, chain: str, where: str) -> list[Any]:
    value = require(data, key, chain=chain, where=where)
    if not isinstance(value, list):
        raise SchemaChanged(key, chain=chain, where=where)
    return value


def mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<") or "<html" in head or "<!doctype" in head


def decode_json(text: str, *, chain: str) -> Any:
    """Decode a JSON answer; an HTML answer is an anti-bot challenge, not data."""
    if looks_like_html(text):
        raise ChallengePage("an HTML page came back where JSON was expected", chain=chain)
    try:
        return json.loads(text)
    except ValueError as error:
        raise ParseError(f"malformed JSON: {error}", chain=chain) from error


class ItemParser(Protocol):
    def __call__(
        self, item: object, /, *, store_code: str, observed_at: datetime, source: str
    ) -> Offer | None: ...


def parse_items(
    items: Iterable[object],
    parse_item: ItemParser,
    *,
    store_code: str,
    observed_at: datetime | None,
    source: str,
) -> list[Offer]:
    """Every item that carries a price, all stamped with one observation time."""
    moment = observed_at or datetime.now(UTC)
    offers = (
        parse_item(item, store_code=store_code, observed_at=moment, source=source) for item in items
    )
    return [offer for offer in offers if offer is not None]
