"""Gaps the fine-tuning cross-check found in the rules (issue 3): headers, promotions,
greetings glued to an item, and typos or slang the fuzzy matching alone missed."""

from __future__ import annotations

import pytest

import parser.rules as rules
from parser.gold import load_gold
from parser.rules import parse_rules
from parser.vocabulary import Vocabulary


def names(text: str, vocabulary: Vocabulary | None = None) -> list[str]:
    return [item.name for item in parse_rules(text, vocabulary).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("закупка на неделю 🛒\nмолоко, хлеб", ["молоко", "хлеб"]),
        ("список на выходные\nсыр", ["сыр"]),
        ("что купить\nрис", ["рис"]),
        ("продукты на неделю\nкефир", ["кефир"]),
        ("Закупка продуктов\nсоль", ["соль"]),
        ("шопинг\nчай", ["чай"]),
        # A product with a time phrase is no header.
        ("кофе на неделю", ["кофе"]),
        ("торт на выходные", ["торт"]),
        ("закупка\nмолоко на неделю", ["молоко"]),
    ],
)
def test_header_lines_without_a_colon_are_no_items(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "quantity", "unit", "price"),
    [
        ("масло по акции", "масло", 1, None, None),
        ("мандарины по акции — один килограмм", "мандарины", 1, "кг", None),
        ("сыр со скидкой", "сыр", 1, None, None),
        ("курица по скидке 2 кг", "курица", 2, "кг", None),
        ("хлеб если есть", "хлеб", 1, None, None),
        ("творог, если будет, 2 пачки", "творог", 2, "уп", None),
        ("кефир любой марки", "кефир", 1, None, None),
        ("чай какой есть", "чай", 1, None, None),
        ("акционный шоколад подешевле", "шоколад", 1, None, "cheap"),
        ("ряженка 4% по акции", "ряженка 4%", 1, None, None),
    ],
)
def test_promotions_and_conditions_leave_the_name(
    text: str, name: str, quantity: float, unit: str | None, price: str | None
) -> None:
    [item] = parse_rules(text).items
    assert (item.name, item.quantity, item.unit, item.price_category) == (
        name,
        quantity,
        unit,
        price,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("доброе утро) мука", ["мука"]),
        ("Доброе утро! мука, соль", ["мука", "соль"]),
        ("привет)) молоко", ["молоко"]),
        ("здравствуйте! хлеб", ["хлеб"]),
        ("салют) конфеты", ["конфеты"]),
        ("добрый вечер, яйца с1", ["яйца С1"]),
        ("доброго дня) кефир", ["кефир"]),
        ("всем привет! сок", ["сок"]),
        ("хай) молоко", ["молоко"]),
        ("салют)\n- овсянка", ["овсянка"]),
        ("Салют, как тобой пользоваться?", []),
        ("салют, хорошего дня", []),
    ],
)
def test_greetings_glued_to_the_first_item(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_greeting_prefix_inside_a_word_is_kept() -> None:
    assert names("хайнц кетчуп, приветливый хлеб") == ["кетчуп Heinz", "приветливый хлеб"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("семтану", "сметана"),
        ("смтеану 20%", "сметана 20%"),
        ("сивнину", "свинина"),
        ("саар", "сахар"),
        ("бумгу", "бумага"),
        ("курцу", "курица"),
        ("овсякну", "овсянка"),
        ("блука", "булка"),
        ("греча", "гречка"),
        ("гречу", "гречка"),
        ("макорохи", "макароны"),
        ("макарохи", "макароны"),
        ("картоха", "картошка"),
        ("чипы", "чипсы"),
        ("винград", "виноград"),
        ("морковка", "морковь"),
    ],
)
def test_typos_and_slang(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize("word", ["сливы", "мясо", "сало", "кета", "печень"])
def test_real_words_close_to_a_staple_stay_as_written(word: str) -> None:
    assert names(word) == [word]


def test_catalogue_vocabulary_keeps_the_aliases() -> None:
    vocabulary = Vocabulary.from_catalogue(["Гречка ядрица Мистраль 900 г"], ["Мистраль"])
    assert names("греча мистраль", vocabulary) == ["гречка Мистраль"]


def test_the_phrase_memo_never_changes_a_result() -> None:
    vocabulary = Vocabulary.default()
    texts = [case.text for case in load_gold()]
    warm = [parse_rules(text) for text in texts]
    cold = []
    for text in texts:
        vocabulary.phrases.clear()
        cold.append(parse_rules(text))
    assert warm == cold


def test_phrases_are_remembered_per_vocabulary() -> None:
    catalogue = Vocabulary.from_catalogue(["Гречка ядрица Мистраль 900 г"], ["Мистраль"])
    assert names("гречка мистраль") == ["гречка мистраль"]
    assert names("гречка мистраль", catalogue) == ["гречка Мистраль"]
    assert "гречка мистраль" in catalogue.phrases


def test_memos_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "_MEMO_LIMIT", 3)
    vocabulary = Vocabulary.from_catalogue([], [])
    for text in ["молоко", "хлеб", "сыр", "кефир", "рис"]:
        parse_rules(text, vocabulary)
    assert 0 < len(vocabulary.phrases) <= 3
    assert 0 < len(vocabulary.heads) <= 3
    assert names("молоко", vocabulary) == ["молоко"]
