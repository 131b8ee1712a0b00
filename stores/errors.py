"""Everything an adapter can raise, as one tree rooted at :class:`StoreError`.

StoreError
├── TransportError          the chain could not be reached (after retries)
│   └── RateLimited         429 kept coming back after honouring Retry-After
├── ChainPaused             the circuit breaker is open: no request is sent
│   ├── AccessDenied        the chain answered 403
│   └── ChallengePage       an anti-bot page (HTML where JSON was expected)
├── ParseError              the answer is not valid JSON / HTML
│   └── SchemaChanged       a field the parser needs is missing or of a new type
└── NotSupported            the chain does not offer this capability
"""

from __future__ import annotations

from datetime import datetime


class StoreError(Exception):
    """Base of every store-adapter failure."""

    def __init__(self, message: str, *, chain: str = "") -> None:
        super().__init__(f"{chain}: {message}" if chain else message)
        self.chain = chain


class TransportError(StoreError):
    """Network failure, timeout or 5xx that outlived every retry."""


class RateLimited(TransportError):
    """The chain kept answering 429."""


class ChainPaused(StoreError):
    """The chain is paused by the circuit breaker until ``until``; nothing was requested."""

    def __init__(self, message: str, *, chain: str = "", until: datetime | None = None) -> None:
        super().__init__(message, chain=chain)
        self.until = until


class AccessDenied(ChainPaused):
    """403: the session or the client is not welcome; a human must refresh the session."""


class ChallengePage(ChainPaused):
    """An anti-bot challenge came back where data was expected. Never solved automatically."""


class ParseError(StoreError):
    """The payload cannot be decoded."""


class SchemaChanged(ParseError):
    """A field the parser relies on is missing: the chain changed its API."""

    def __init__(self, field: str, *, chain: str = "", where: str = "") -> None:
        location = f" in {where}" if where else ""
        super().__init__(
            f"schema changed: field {field!r} missing or invalid{location}", chain=chain
        )
        self.field = field
        self.where = where


class NotSupported(StoreError):
    """The adapter's chain does not offer this operation."""
