"""`deshevle parse` and `deshevle parse-eval`: the shopping-list parser from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from deshevle.cli.app import app, console, errors, run, settings
from parser.evaluate import evaluate
from parser.gold import load_gold
from parser.hybrid import ListParser, build_parser
from parser.models import ParsedList
from parser.normalize import canonical_quantity

Backend = Annotated[
    str | None, typer.Option("--backend", help="auto | rules | llm (default: PARSER)")
]


def _parser(backend: str | None) -> ListParser:
    current = settings()
    if backend is not None:
        if backend not in {"auto", "rules", "llm"}:
            errors.print(f"Неизвестный парсер: {backend} (auto, rules или llm)")
            raise typer.Exit(2)
        current = current.model_copy(update={"parser": backend})
    return build_parser(current)


def as_json(parsed: ParsedList) -> dict[str, Any]:
    items = [
        {
            **item.llm_view(),
            "quantity": canonical_quantity(item.quantity),
            "fat_percent": item.fat_percent,
            "egg_grade": item.egg_grade,
            "brand": item.brand,
            "pack": item.pack.model_dump() if item.pack else None,
        }
        for item in parsed.items
    ]
    return {"items": items, "intent": parsed.intent, "source": parsed.source}


def _dumps(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False)


_PRICE_TITLES = {"cheap": "подешевле", "medium": "средняя", "expensive": "подороже"}


def _table(parsed: ParsedList) -> Table:
    table = Table(title="Список покупок" if parsed.intent == "basket" else "Самое дешёвое")
    for column in ("Товар", "Количество", "Цена"):
        table.add_column(column)
    for item in parsed.items:
        quantity = f"{item.quantity:g} {item.unit or ''}".strip()
        table.add_row(item.name, quantity, _PRICE_TITLES.get(item.price_category or "", "—"))
    return table


@app.command("parse")
def parse_command(
    words: Annotated[
        list[str] | None, typer.Argument(help="Сообщение покупателя", metavar="[ТЕКСТ...]")
    ] = None,
    backend: Backend = None,
    as_json_output: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", help="JSON lines with a 'text' field")
    ] = None,
) -> None:
    """Parse a shopping list and print its items."""
    parser = _parser(backend)
    if jsonl is not None:
        run(_parse_lines(parser, jsonl))
        return
    if not words:
        errors.print("Нужен текст списка или --jsonl FILE")
        raise typer.Exit(2)
    parsed = run(parser.parse(" ".join(words)))
    if as_json_output:
        typer.echo(_dumps(as_json(parsed)))
        return
    if not parsed.items:
        console.print("Товаров в сообщении не нашлось.")
        return
    console.print(_table(parsed))


async def _parse_lines(parser: ListParser, path: Path) -> None:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            text = str(json.loads(line).get("text", ""))
            typer.echo(_dumps(as_json(await parser.parse(text))))


@app.command("parse-eval")
def parse_eval_command(
    backend: Backend = None,
    as_json_output: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="List the misses")] = False,
) -> None:
    """Score the parser on the gold set: item precision/recall/F1 and field accuracies."""
    parser = _parser(backend)
    report = run(evaluate(load_gold(), parser.parse))
    summary = report.summary()
    if as_json_output:
        typer.echo(_dumps({**summary, "errors": report.errors if show_errors else []}))
        return
    table = Table(title="Качество разбора на эталонном наборе")
    table.add_column("Метрика")
    table.add_column("Значение", justify="right")
    for key, value in summary.items():
        table.add_row(key, f"{value}")
    console.print(table)
    if show_errors:
        for error in report.errors:
            console.print(f"{error['text']!r}: {'; '.join(map(str, error['problems']))}")  # type: ignore[call-overload]
