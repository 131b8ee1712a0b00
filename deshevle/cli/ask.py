"""`deshevle ask` and `deshevle cheapest`: the pricing answer in the shell, in Russian or JSON."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer
from rich.table import Table

from deshevle.cli.app import app, console, run, settings
from deshevle.errors import DeshevleError
from deshevle.runtime import open_database
from deshevle.service import Deshevle
from pricing import format as fmt
from pricing.jsonview import answer_json
from pricing.models import Answer, Basket, BasketAnswer, CheapestAnswer, SplitSuggestion
from stores.chains import chain_title

CLI_OWNER = "cli"
AsJson = Annotated[bool, typer.Option("--json", help="Печатать ответ в JSON.")]
# Words rather than one string: `deshevle ask молоко, хлеб` works without quotes.
Words = Annotated[
    list[str],
    typer.Argument(help="Список покупок или вопрос, например «молоко, хлеб».", metavar="ТЕКСТ..."),
]


async def _with_service(call: Callable[[Deshevle], Awaitable[Answer]]) -> Answer:
    current = settings()
    database = await open_database(current)
    try:
        service = await Deshevle.create(current, database)
        try:
            return await call(service)
        finally:
            await service.aclose()
    finally:
        await database.close()


def _print(answer: Answer, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(answer_json(answer), ensure_ascii=False))
    elif isinstance(answer, BasketAnswer):
        _print_baskets(answer)
    elif isinstance(answer, CheapestAnswer):
        _print_cheapest(answer)
    else:
        console.print("В сообщении нет товаров. Напишите список, например: «молоко, хлеб, яйца».")


def _basket_table(place: int, basket: Basket) -> Table:
    total = fmt.rub(basket.total_kop)
    if basket.card_total_kop is not None and basket.card_total_kop < basket.total_kop:
        total += f" (по карте {fmt.rub(basket.card_total_kop)})"
    table = Table(
        title=f"{place}. {chain_title(basket.chain)} — {total} · {fmt.coverage(basket)}",
        title_justify="left",
    )
    for column in ("Товар", "Что берём", "Сколько", "Цена", "За единицу", "Итого"):
        table.add_column(column)
    for line in basket.lines:
        product = line.product
        table.add_row(
            line.item.name,
            fmt.product_name(product) + (" ✓" if line.chosen else ""),
            fmt.bought(product, line.packs),
            fmt.rub(product.price_kop),
            fmt.unit_price(product) or "—",
            fmt.rub(line.line_total_kop),
        )
    return table


def _split_text(split: SplitSuggestion) -> str:
    chains = " + ".join(chain_title(chain) for chain in split.chains)
    return (
        f"Выгоднее в двух сетях: {chains} — {fmt.rub(split.total_kop)}, "
        f"экономия {fmt.rub(split.saving_kop)} (это больше, чем «цена» второго похода "
        f"{fmt.rub(split.penalty_kop)})"
    )


def _print_baskets(answer: BasketAnswer) -> None:
    if answer.demo:
        console.print("[yellow]Демо-каталог: цены иллюстративные, не из магазинов.[/yellow]")
    for note in answer.notes:
        console.print(note)
    for place, basket in enumerate(answer.baskets, start=1):
        console.print(_basket_table(place, basket))
        if basket.missing:
            console.print("Не нашлось: " + ", ".join(item.name for item in basket.missing))
        for note in basket.notes:
            console.print(note)
        if basket.oldest_price_at is not None:
            console.print(f"Цены от {basket.oldest_price_at:%d.%m.%Y %H:%M} UTC")
    if answer.split is not None:
        console.print(_split_text(answer.split))


def _print_cheapest(answer: CheapestAnswer) -> None:
    if answer.demo:
        console.print("[yellow]Демо-каталог: цены иллюстративные, не из магазинов.[/yellow]")
    item = answer.item.name if answer.item else ""
    if not answer.offers:
        console.print(f"«{item}»: ничего не нашлось.")
        return
    table = Table(title=f"Самое дешёвое: {item}", title_justify="left")
    for column in ("Сеть", "Товар", "Цена", "За единицу"):
        table.add_column(column)
    for offer in answer.offers:
        table.add_row(
            chain_title(offer.chain),
            fmt.product_name(offer),
            fmt.rub(offer.price_kop),
            fmt.unit_price(offer) or "—",
        )
    console.print(table)


def _run(call: Callable[[Deshevle], Awaitable[Answer]], as_json: bool) -> None:
    try:
        answer = run(_with_service(call))
    except DeshevleError as error:
        console.print(f"Не получилось: {error}")
        raise typer.Exit(1) from error
    _print(answer, as_json)


@app.command()
def ask(words: Words, as_json: AsJson = False) -> None:
    """Где дешевле купить весь список: корзины по сетям, от выгодной к дорогой."""
    text = " ".join(words)
    _run(lambda service: service.answer(text, CLI_OWNER), as_json)


@app.command()
def cheapest(words: Words, as_json: AsJson = False) -> None:
    """Самые дешёвые предложения одного товара во всех сетях."""
    text = " ".join(words)
    _run(lambda service: service.cheapest(text), as_json)
