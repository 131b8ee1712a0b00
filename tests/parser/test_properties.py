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
    ]
)


def check(text: str) -> None:
    parsed = parse_rules(text)
    for item in parsed.items:
        assert item.name.strip()
        assert item.quantity > 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=25).map(" ".join))
def test_list_like_text(text: str) -> None:
    check(text)
