"""Inline button payloads. Only short ids travel; everything else lives in the database.

Telegram caps callback data at 64 bytes, so prefixes are one letter and chains travel as
their short code.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

MAX_CALLBACK_BYTES = 64


class ChainView(CallbackData, prefix="c"):
    """Show one chain's basket (also the «back» button from alternatives)."""

    basket: int
    chain: str


class SwapLine(CallbackData, prefix="s"):
    """Show alternatives for one line, one page at a time."""

    basket: int
    chain: str
    line: int
    page: int = 0


class Choose(CallbackData, prefix="x"):
    """Put a product into a line of a chain's basket."""

    basket: int
    chain: str
    line: int
    product: int


class ToggleChain(CallbackData, prefix="t"):
    """Switch a chain on or off in /stores; an empty chain closes the menu."""

    chain: str


class Noop(CallbackData, prefix="n"):
    """A button that only shows information (the page counter)."""
