"""The LLM contract (prompt, schema, answer validation) and the shared canonical forms."""

from __future__ import annotations

import json

import pytest

from parser.llm import LLMFault, validate_answer
from parser.normalize import (
    canonical_brand,
    canonical_quantity,
    canonical_unit,
    egg_grade,
    item_name,
    name_key,
    price_category,
)
from parser.prompt import FEW_SHOT, ITEM_KEYS, JSON_SCHEMA, SYSTEM_PROMPT


def test_schema_is_flat_bounded_and_ordered() -> None:
    assert "$ref" not in json.dumps(JSON_SCHEMA)
    items = JSON_SCHEMA["properties"]["items"]
    assert items["maxItems"] > 0
    assert (
        tuple(items["items"]["properties"])
        == ITEM_KEYS
        == (
            "name",
            "quantity",
            "unit",
            "priceCategory",
        )
    )
    assert None in items["items"]["properties"]["priceCategory"]["enum"]


def test_few_shot_answers_pass_the_validator() -> None:
    assert "яйца с0, десяток яиц" in SYSTEM_PROMPT
    for _user, answer in FEW_SHOT:
        validate_answer(answer, "stop")
    eggs = validate_answer(dict(FEW_SHOT)["яйца с0, десяток яиц"], "stop")
    assert [(i.name, i.quantity, i.unit) for i in eggs] == [("яйца СО", 10, "шт")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"items": []}', None),
        ('{"items": [], "extra": 1}', "wrong_shape"),
        ('[{"name": "x"}]', "wrong_shape"),
        (
            '{"items": [{"quantity": 1, "name": "x", "unit": null, "priceCategory": null}]}',
            "wrong_keys",
        ),
        (
            '{"items": [{"name": "x", "quantity": 0, "unit": null, "priceCategory": null}]}',
            "invalid_item",
        ),
        (
            '{"items": [{"name": "x", "quantity": 1, "unit": "ящик", "priceCategory": null}]}',
            "invalid_item",
        ),
    ],
)
def test_validate_answer(content: str, reason: str | None) -> None:
    if reason is None:
        assert validate_answer(content, "stop") == []
        return
    with pytest.raises(LLMFault) as fault:
        validate_answer(content, "stop")
    assert fault.value.reason == reason


def test_canonical_forms() -> None:
    assert [egg_grade(t) for t in ("с0", "C0", "co", "СО", "cв", "с1", "x")] == [
        "СО",
        "СО",
        "СО",
        "СО",
        "СВ",
        "С1",
        None,
    ]
    assert [canonical_unit(t) for t in ("литра", "Кило", "гр.", "пачки", "рулонов", "кот")] == [
        "л",
        "кг",
        "г",
        "уп",
        "шт",
        None,
    ]
    assert canonical_brand("Лейс") == "Lay's" and canonical_brand("coca-cola") == "Coca-Cola"
    assert price_category("не самый дешёвый") == "medium"
    assert price_category("подешевле") == "cheap" and price_category("премиум") == "expensive"
    assert price_category("любой") is None
    assert canonical_quantity(2.0) == 2 and canonical_quantity(1.5) == 1.5
    assert item_name("молоко", fat_percent=3.2) == "молоко 3.2%"
    assert item_name("чипсы", brand="Lay's") == "чипсы Lay's"
    assert item_name("яйца", egg_grade="СО") == "яйца СО"
    assert name_key("Яйца С0") == name_key("яйца СО")
