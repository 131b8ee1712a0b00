"""Property tests: the rules parser takes any string without raising and yields sane items."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parser.rules import parse_rules

WORDS = st.sampled_from(
    [
        "молоко",
        "яйца",
        "с0",
        "десяток",
        "2",
        "кг",
        "пол",
        "литра",
        "%",
        "3,2",
        ",",
        "\n",
        "и",
        "лейс",
        "подешевле",
        "x",
        "0",
        "-1",
        "1.5л",
        "спасибо",
        "со",
        "пачки",
        "🍌",
        "0.0001",
        "0,0004",
        "г",
        "мл",
        "1e308",
        "999999999999",
    ]
)


def check(text: str) -> None:
    parsed = parse_rules(text)
    # parse_rules turns an internal error into an empty list; here that is a failure.
    assert "parser_error" not in parsed.warnings
    for item in parsed.items:
        assert item.name.strip()
        assert item.quantity > 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=25).map(" ".join))
def test_list_like_text(text: str) -> None:
    check(text)


def test_a_vanishing_amount_is_ignored_not_fatal() -> None:
    parsed = parse_rules("молоко 0.0001, сыр 0,0004 г, хлеб")
    assert [(item.name, item.quantity, item.unit) for item in parsed.items] == [
        ("молоко", 1, None),
        ("сыр", 1, None),
        ("хлеб", 1, None),
    ]
