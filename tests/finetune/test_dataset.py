from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from finetune import phrases as ph
from finetune.crosscheck import rules_agreement
from finetune.dataset import (
    Example,
    generate,
    read_records,
    reserved_keys,
    split_examples,
    text_key,
    to_record,
    write_dataset,
)
from finetune.template import EOS, render_prompt
from parser.gold import load_gold
from parser.llm import validate_answer
from parser.normalize import canonical_unit, egg_grade
from parser.prompt import FEW_SHOT, ITEM_KEYS, SYSTEM_PROMPT, chat_messages
from parser.vocabulary import Vocabulary

N = 1500


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return generate(N, seed=1)


def test_exactly_n_distinct_examples(examples: list[Example]) -> None:
    assert len(examples) == N
    assert len({text_key(example.text) for example in examples}) == N


def test_no_overlap_with_gold_or_few_shot(examples: list[Example]) -> None:
    gold = {text_key(case.text) for case in load_gold()}
    few_shot = {text_key(user) for user, _ in FEW_SHOT}
    assert gold and few_shot <= reserved_keys() and gold <= reserved_keys()
    keys = {text_key(example.text) for example in examples}
    assert not keys & gold
    assert not keys & few_shot


def test_same_seed_same_data_other_seed_other_data(examples: list[Example]) -> None:
    assert generate(N, seed=1) == examples
    other = generate(200, seed=2)
    assert [e.text for e in other] != [e.text for e in examples[:200]]


def test_every_answer_is_valid_for_the_runtime(examples: list[Example]) -> None:
    for example in examples:
        answer = example.answer()
        validate_answer(answer, "stop")
        for item in json.loads(answer)["items"]:
            assert tuple(item) == ITEM_KEYS


def test_records_are_the_chat_parser_llm_sends(examples: list[Example]) -> None:
    for index, example in enumerate(examples[:50]):
        record = to_record(example, index, "train")
        assert record["messages"][:-1] == chat_messages(example.text)
        assert record["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
        assert record["messages"][-1]["role"] == "assistant"
        assert record["prompt"] == render_prompt(chat_messages(example.text))
        assert record["completion"] == record["messages"][-1]["content"] + EOS
        assert record["prompt"].endswith(f"{SYSTEM_PROMPT}\n\n{example.text}[/INST] ")


def test_without_few_shot_the_record_is_system_and_user(examples: list[Example]) -> None:
    record = to_record(examples[0], 0, "train", few_shot=False)
    assert record["prompt"] == f"[INST] {SYSTEM_PROMPT}\n\n{examples[0].text}[/INST] "


def test_variety(examples: list[Example]) -> None:
    texts = "\n".join(example.text for example in examples)
    items = [item for example in examples for item in example.items]
    empty = sum(1 for example in examples if not example.items)
    sizes = Counter(min(len(example.items), 9) for example in examples)
    assert 0.04 * N < empty < 0.15 * N
    assert sizes[1] > 100 and sizes[9] > 30  # single items and a week's lists
    assert {item.unit for item in items} == {"шт", "кг", "г", "л", "мл", "уп", None}
    assert {item.price for item in items} == {"cheap", "medium", "expensive", None}
    grades = {word for item in items for word in item.name.split() if egg_grade(word)}
    assert grades >= {"СО", "СВ", "С1", "С2", "С3"}
    assert any("%" in item.name for item in items)
    assert any(item.name == "Coca-Cola" for item in items)
    for pattern in (
        r"(?m)^1[.)] ",  # numbered lists
        r"(?m)^[-•*—▪✓] ",  # bullets
        r"десят",
        r"дюжин",
        r"полтор",
        r"пол ?кило|поллитра|пол литра",
        r"\b(?:две|три|пять)\b",  # quantities in words
        r"\blays\b|\bjacobs\b|\bmilka\b",  # Latin brands
        r"лейс|якобс|милка",  # Cyrillic brands
        r"[🥛🍞🥚🧀🍌🍎🛒]",
        r"подешевле|дешёв|подороже|дорог|эконом|премиум",
        r"забудь|ignore|промпт",
    ):
        assert re.search(pattern, texts, re.IGNORECASE), pattern


def test_repeated_mentions_are_one_target(examples: list[Example]) -> None:
    # «яйца с0, десяток яиц»: two mentions, one item; some lists must say a product twice.
    twice = [
        example
        for example in examples
        if any(
            len(re.findall(rf"\b{re.escape(item.name.split()[0][:4])}", example.text)) > 1
            for item in example.items
            if item.name
        )
    ]
    assert len(twice) > 20


def test_typos_keep_the_canonical_name(examples: list[Example]) -> None:
    staples = set(Vocabulary.default().nouns.values())
    names = {item.name.split()[0] for e in examples for item in e.items if item.name[0].islower()}
    # Canonical names come from the parser vocabulary even when the text has a typo.
    assert names - {"сливочное"} <= staples


def test_products_use_the_vocabulary_staples() -> None:
    staples = set(Vocabulary.default().nouns.values())
    for product in ph.PRODUCTS:
        assert product.name.split()[-1] in staples or product.name in staples, product.name


def test_unit_words_map_to_their_canonical_unit() -> None:
    groups = {
        "л": ph.LITRE, "мл": ph.MILLILITRE, "кг": ph.KILOGRAM, "г": ph.GRAM,
        "шт": ph.PIECE, "уп": ph.PACK,
    }  # fmt: skip
    for unit, words in groups.items():
        for word in words:
            assert {canonical_unit(form) for form in word.forms} == {unit}, word


@pytest.mark.parametrize(
    ("value", "expected"), [(1, "литр"), (2, "литра"), (5, "литров"), (11, "литров"),
                            (21, "литр"), (1.5, "литра"), (22, "литра")]
)  # fmt: skip
def test_unit_agrees_with_the_number(value: float, expected: str) -> None:
    assert ph.LITRE[0].after(value) == expected


def test_adjectives_agree_with_the_noun() -> None:
    assert ph.agree("дешёв", "hard", "f") == "дешёвая"
    assert ph.agree("самый дешёв", "hard", "n") == "самое дешёвое"
    assert ph.agree("самый дешёв", "hard", "f", accusative=True) == "самую дешёвую"
    assert ph.agree("люб", "soft_g", "p") == "любые"
    assert ph.agree("дорог", "soft_g", "p") == "дорогие"
    assert ph.agree("хорош", "sibilant", "n") == "хорошее"
    assert ph.numeral(2, "f") == "две" and ph.numeral(2, "m") == "два"


def test_rules_agree_with_most_targets(examples: list[Example]) -> None:
    agreement = rules_agreement(examples[:400])
    # Measured 0.89 on 1 500 (2026-11-28); the rest are rules gaps listed by the CLI.
    assert agreement.message_rate > 0.8
    assert agreement.report.f1 > 0.95


def test_split_and_files(tmp_path: Path) -> None:
    files = write_dataset(tmp_path, 120, seed=5)
    assert (files.train_count, files.held_out_count) == (108, 12)
    train, held = read_records(files.train), read_records(files.held_out)
    assert len(train) == 108 and len(held) == 12
    assert {r["split"] for r in train} == {"train"} and {r["split"] for r in held} == {"heldout"}
    train_texts = {r["messages"][-2]["content"] for r in train}
    assert not train_texts & {r["messages"][-2]["content"] for r in held}


def test_split_is_deterministic_and_disjoint() -> None:
    data = generate(50, seed=9)
    first = split_examples(data, seed=9)
    assert first == split_examples(data, seed=9)
    assert len(first[1]) == 5 and not set(first[0]) & set(first[1])


def test_typo_changes_one_letter_after_the_first_two() -> None:
    from finetune.dataset import _typo

    rng = random.Random(0)
    for _ in range(50):
        slip = _typo(rng, "сметана")
        assert slip != "сметана"  # no two equal neighbours, so every slip shows
        assert slip[:1] == "с" and abs(len(slip) - 7) <= 1


def test_cli_writes_the_files_and_the_disagreements(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from deshevle.cli import app

    out = tmp_path / "data"
    listed = tmp_path / "disagreements.jsonl"
    result = CliRunner().invoke(
        app,
        ["finetune", "dataset", "--n", "60", "--seed", "4", "--out", str(out),
         "--disagreements", str(listed)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(read_records(out / "train.jsonl")) == 54
    assert len(read_records(out / "heldout.jsonl")) == 6
    assert "message_agreement" in result.output
    for line in listed.read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["problems"]


def test_cli_modelfile_and_export_plan(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from deshevle.cli import app
    from finetune.modelfile import render_modelfile

    target = tmp_path / "Modelfile"
    runner = CliRunner()
    made = runner.invoke(app, ["finetune", "modelfile", "--out", str(target)])
    assert made.exit_code == 0, made.output
    assert target.read_text(encoding="utf-8") == render_modelfile()
    shown = runner.invoke(
        app,
        ["finetune", "export", "--llama-cpp", "/l", "--base-hf", "/b", "--adapter", "/a",
         "--work", "/w"],
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "/l/build/bin/llama-quantize /w/base-f16.gguf" in shown.output
    assert "ollama create deshevle-parser" in shown.output
