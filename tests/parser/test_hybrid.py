"""The Ollama path behind the guard: every fault ends in a correct answer from the right path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from deshevle.settings import Settings
from parser.hybrid import GuardedParser, RulesParser, build_parser, grounded
from parser.llm import OllamaBackend
from parser.models import LLMItem, ParsedList
from parser.prompt import JSON_SCHEMA, SYSTEM_PROMPT
from parser.vocabulary import Vocabulary

HOST = "http://ollama.test:11434"
CHAT = f"{HOST}/api/chat"
TEXT = "молоко 3,2% 2 литра, хлеб подешевле"


def reply(items: list[dict[str, Any]] | str, done_reason: str = "stop") -> httpx.Response:
    content = items if isinstance(items, str) else json.dumps({"items": items}, ensure_ascii=False)
    return httpx.Response(
        200,
        json={
            "model": "deshevle-parser",
            "created_at": "2026-01-01T00:00:00Z",
            "message": {"role": "assistant", "content": content},
            "done": True,
            "done_reason": done_reason,
        },
    )


def item(
    name: str, quantity: float = 1, unit: str | None = None, price: str | None = None
) -> dict[str, Any]:
    return {"name": name, "quantity": quantity, "unit": unit, "priceCategory": price}


GOOD = [item("молоко 3.2%", 2, "л"), item("хлеб", 1, None, "cheap")]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        ollama_host=HOST,
        ollama_timeout=2,
        parser="auto",
        data_dir=tmp_path,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def ollama() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


def views(parsed: ParsedList) -> list[tuple[str, float, str | None, str | None]]:
    return [(i.name, i.quantity, i.unit, i.price_category) for i in parsed.items]


RULES_ANSWER = [("молоко 3.2%", 2, "л", None), ("хлеб", 1, None, "cheap")]


async def test_success_uses_the_llm_and_sends_the_agreed_request(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    route = ollama.post(CHAT).mock(return_value=reply(GOOD))
    parsed = await build_parser(settings).parse(TEXT)
    assert parsed.source == "hybrid"
    assert views(parsed) == RULES_ANSWER
    assert parsed.items[0].fat_percent == 3.2  # attributes come from the rules
    body = json.loads(route.calls[0].request.content)
    assert body["stream"] is False
    assert body["format"] == JSON_SCHEMA
    assert body["options"]["temperature"] == 0
    assert body["options"]["num_ctx"] == 2048
    assert {"seed", "num_predict"} <= set(body["options"])
    assert body["keep_alive"] == settings.ollama_keep_alive
    assert body["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert body["messages"][-1] == {"role": "user", "content": TEXT}


@pytest.mark.parametrize(
    ("response", "reason", "calls"),
    [
        (
            httpx.Response(404, json={"error": "model 'deshevle-parser' not found"}),
            "model_not_found",
            1,
        ),
        (httpx.Response(500, json={"error": "boom"}), "http_error", 2),
        (httpx.ConnectError("connection refused"), "unreachable", 1),
        (httpx.ReadTimeout("timed out"), "timeout", 2),
        (reply(GOOD, done_reason="length"), "truncated", 2),
        (reply('{"items": [{"name": "молоко"'), "invalid_json", 2),
        (reply([{"product": "молоко", "qty": 2}]), "wrong_keys", 2),
        (reply([*GOOD, item("водка", 10, "уп")]), "ungrounded", 2),
    ],
)
async def test_faults_fall_back_to_the_rules(
    settings: Settings,
    ollama: respx.MockRouter,
    response: httpx.Response | Exception,
    reason: str,
    calls: int,
) -> None:
    if isinstance(response, Exception):
        route = ollama.post(CHAT).mock(side_effect=response)
    else:
        route = ollama.post(CHAT).mock(return_value=response)
    parsed = await build_parser(settings).parse(TEXT)
    assert parsed.source == "rules"
    assert views(parsed) == RULES_ANSWER
    assert f"llm_fallback:{reason}" in parsed.warnings
    assert route.call_count == calls
    sink = settings.data_dir / "parser_disagreements.jsonl"
    if reason in {"model_not_found", "http_error", "unreachable", "timeout"}:
        assert not sink.exists()  # outages are logged, not kept for retraining
    else:
        record = json.loads(sink.read_text().splitlines()[-1])
        assert record["text"] == TEXT and reason in record["why"]


async def test_one_retry_then_the_llm_answer_is_used(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    ollama.post(CHAT).mock(side_effect=[reply("not json"), reply(GOOD)])
    parsed = await build_parser(settings).parse(TEXT)
    assert parsed.source == "hybrid"
    assert views(parsed) == RULES_ANSWER


async def test_rules_quantity_overrides_a_contradicting_llm(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    ollama.post(CHAT).mock(
        return_value=reply([item("молоко 3.2%", 5, "шт"), item("хлеб", 3, "шт", "cheap")])
    )
    parsed = await build_parser(settings).parse(TEXT)
    assert parsed.source == "hybrid"
    # milk had an explicit «2 литра» so the rules win; bread had none, so the LLM's 3 stays
    assert views(parsed) == [("молоко 3.2%", 2, "л", None), ("хлеб", 3, "шт", "cheap")]
    record = json.loads((settings.data_dir / "parser_disagreements.jsonl").read_text())
    assert record["why"] == "disagree"


async def test_eggs_merge_even_if_the_llm_splits_them(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    ollama.post(CHAT).mock(return_value=reply([item("яйца С0"), item("яйца", 10, "шт")]))
    parsed = await build_parser(settings).parse("яйца с0, десяток яиц")
    assert [(i.name, i.quantity, i.unit, i.egg_grade) for i in parsed.items] == [
        ("яйца СО", 10, "шт", "СО")
    ]


async def test_llm_backend_trusts_llm_quantities_but_keeps_rule_attributes(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    ollama.post(CHAT).mock(return_value=reply([item("молоко 3.2%", 5, "шт")]))
    parsed = await build_parser(settings.model_copy(update={"parser": "llm"})).parse(TEXT)
    assert parsed.source == "llm"
    assert views(parsed) == [("молоко 3.2%", 5, "шт", None)]
    assert parsed.items[0].fat_percent == 3.2


async def test_rules_backend_never_calls_the_model(
    settings: Settings, ollama: respx.MockRouter
) -> None:
    route = ollama.post(CHAT).mock(return_value=reply(GOOD))
    parser = build_parser(settings.model_copy(update={"parser": "rules"}))
    assert isinstance(parser, RulesParser)
    assert views(await parser.parse(TEXT)) == RULES_ANSWER
    assert route.call_count == 0


async def test_a_backend_bug_never_reaches_the_caller() -> None:
    class Broken:
        async def complete(self, text: str) -> object:
            raise RuntimeError("bug")

    parsed = await GuardedParser(Broken()).parse(TEXT)
    assert parsed.source == "rules"
    assert views(parsed) == RULES_ANSWER


def test_backend_reads_model_and_timeout_from_settings(settings: Settings) -> None:
    backend = OllamaBackend(settings)
    assert backend.model == settings.ollama_model
    assert backend.request_options()["temperature"] == 0


def test_food_emoji_ground_the_models_names() -> None:
    vocabulary = Vocabulary.default()
    assert grounded(LLMItem(name="молоко"), "🥛🍞", vocabulary)
    assert not grounded(LLMItem(name="водка"), "🥛🍞", vocabulary)
