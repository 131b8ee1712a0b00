"""The `deshevle` command line: a thin front end over the service."""

from __future__ import annotations

from deshevle.cli import ask as _ask  # noqa: F401  (registers commands)
from deshevle.cli import bot as _bot  # noqa: F401  (registers commands)
from deshevle.cli import catalog as _catalog  # noqa: F401  (registers commands)
from deshevle.cli import finetune as _finetune  # noqa: F401  (registers commands)
from deshevle.cli import parse as _parse  # noqa: F401  (registers commands)
from deshevle.cli import scrape as _scrape  # noqa: F401  (registers commands)
from deshevle.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
