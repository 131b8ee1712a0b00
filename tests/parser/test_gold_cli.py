"""The gold set, the evaluation and the `deshevle parse` commands."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from deshevle.cli import app
from parser.evaluate import Report, evaluate, score
from parser.gold import GoldCase, load_gold
from parser.hybrid import RulesParser
from parser.models import LLMItem, ParsedList, ShoppingItem

runner = CliRunner()
ENV = {"PARSER": "rules"}


def test_gold_set_is_large_and_varied() -> None:
    cases = load_gold()
    assert len(cases) >= 200
    assert len({case.text for case in cases}) == len(cases)
    assert sum(not case.items for case in cases) >= 10
    assert sum(case.intent == "cheapest" for case in cases) >= 5


async def test_rules_meet_the_target_on_the_gold_set() -> None:
    report = await evaluate(load_gold(), RulesParser().parse)
    assert report.f1 >= 0.97, report.errors


def test_scoring_counts_matches_and_field_errors() -> None:
    report = Report()
    gold = GoldCase(
        text="t",
        items=[LLMItem(name="яйца СО", quantity=10, unit="шт"), LLMItem(name="хлеб")],
    )
    parsed = ParsedList(items=[ShoppingItem(name="яйца С0", quantity=1), ShoppingItem(name="сыр")])
    score(report, gold, parsed)
    assert (report.matched, report.quantity_unit_ok, report.price_ok) == (1, 0, 1)
    assert report.precision == report.recall == 0.5


def test_parse_json_done_when() -> None:
    result = runner.invoke(app, ["parse", "--json", "яйца с0, десяток яиц"], env=ENV)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["intent"] == "basket" and payload["source"] == "rules"
    [item] = payload["items"]
    assert (item["name"], item["quantity"], item["unit"]) == ("яйца СО", 10, "шт")
    assert list(item)[:4] == ["name", "quantity", "unit", "priceCategory"]
    unquoted = runner.invoke(app, ["parse", "--json", "яйца", "с0,", "десяток", "яиц"], env=ENV)
    assert json.loads(unquoted.stdout.strip().splitlines()[-1]) == payload


def test_parse_table_is_russian() -> None:
    result = runner.invoke(app, ["parse", "молоко 2 литра, хлеб подешевле"], env=ENV)
    assert result.exit_code == 0
    assert "молоко" in result.stdout and "подешевле" in result.stdout


def test_parse_jsonl_keeps_order(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    texts = ["молоко", "спасибо!", "2 кг картошки"]
    source.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts))
    result = runner.invoke(app, ["parse", "--jsonl", str(source)], env=ENV)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [[i["name"] for i in line["items"]] for line in lines] == [["молоко"], [], ["картошка"]]


def test_parse_eval_prints_metrics() -> None:
    result = runner.invoke(app, ["parse-eval", "--backend", "rules", "--json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["f1"] >= 0.97
    assert {"precision", "recall", "quantity_unit_accuracy", "price_category_accuracy"} <= set(
        summary
    )
