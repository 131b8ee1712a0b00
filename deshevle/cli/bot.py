"""`deshevle bot`: run the Telegram bot (polling or webhook, as BOT_MODE says)."""

from __future__ import annotations

import contextlib

import typer

from deshevle.cli.app import app, errors, run, settings
from deshevle.runtime import open_database
from deshevle.settings import Settings

NO_TOKEN = (
    "BOT_TOKEN is not set.\n"
    "Get a token from @BotFather in Telegram (send /newbot and follow the steps), then\n"
    "put it in .env as BOT_TOKEN=123456:ABC... or export BOT_TOKEN before `deshevle bot`."
)


def has_token(current: Settings) -> bool:
    return current.bot_token is not None and bool(current.bot_token.get_secret_value().strip())


async def serve(current: Settings) -> None:
    from bot.app import run_polling, run_webhook
    from deshevle.service import Deshevle

    database = await open_database(current)
    try:
        service = await Deshevle.create(current, database)
        try:
            if current.bot_mode == "webhook":
                await run_webhook(current, service, database)
            else:
                await run_polling(current, service, database)
        finally:
            await service.aclose()
    finally:
        await database.close()


@app.command("bot")
def bot_command() -> None:
    """Run the Telegram bot until interrupted (Ctrl+C lets running replies finish)."""
    current = settings()
    if not has_token(current):
        errors.print(NO_TOKEN, markup=False, soft_wrap=True)
        raise typer.Exit(code=2)
    if current.bot_mode == "webhook" and not current.webhook_url:
        errors.print("BOT_MODE=webhook needs WEBHOOK_URL (the public https address).", markup=False)
        raise typer.Exit(code=2)
    with contextlib.suppress(KeyboardInterrupt):
        run(serve(current))
