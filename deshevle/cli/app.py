"""The root Typer application; command modules attach themselves to it."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console

from deshevle.runtime import configure_logging
from deshevle.settings import Settings, get_settings

T = TypeVar("T")

app = typer.Typer(
    name="deshevle",
    help="Deshevle: compare grocery prices across Russian chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def settings() -> Settings:
    current = get_settings()
    configure_logging(current)
    return current
