"""Synthetic fine-tuning data for the list parser: Russian shopping messages and their answers.

Every message is built from structured choices (a product, its fat %, egg grade, brand,
quantity, unit word, price word) written out in one of many surface styles. Its target is
computed from the written words by ``parser.normalize``, the normalization the rules parser
uses, so the model learns exactly the answers the rules give where the rules are right.
Each record is the chat ``parser.llm`` sends (``parser.prompt.chat_messages``) rendered in
Ollama's Mistral v0.3 layout plus the answer, deduplicated, disjoint from the gold set and
the few-shot examples, and the same for the same seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from catalog.text import fold
from finetune import phrases as ph
from finetune.template import render_training
from parser.gold import load_gold
from parser.llm import validate_answer
from parser.models import EggGrade, PriceCategory, Unit
from parser.normalize import (
    canonical_brand,
    canonical_quantity,
    canonical_unit,
    egg_grade,
    item_name,
    price_category,
)
from parser.prompt import FEW_SHOT, ITEM_KEYS, SYSTEM_PROMPT, chat_messages

HELD_OUT_FRACTION: Final = 0.1
EMPTY_SHARE: Final = 0.08
# Multipliers the rules parser reads (parser/rules.py) and the system prompt states.
# (word, size, form after 2-4 and полтора, gender)
DOZENS: Final[tuple[tuple[str, int, str, ph.Gender], ...]] = (
    ("десяток", 10, "десятка", "m"),
    ("дюжина", 12, "дюжины", "f"),
    ("дюжину", 12, "дюжины", "f"),
)
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True)
class Target:
    """One expected item, in the LLM schema."""

    name: str
    quantity: float | int
    unit: Unit | None
    price: PriceCategory | None

    def as_json(self) -> dict[str, Any]:
        values = (self.name, canonical_quantity(self.quantity), self.unit, self.price)
        return dict(zip(ITEM_KEYS, values, strict=True))


@dataclass(frozen=True)
class Example:
    text: str
    items: tuple[Target, ...]

    def answer(self) -> str:
        """The assistant's answer: compact-spaced JSON like ``parser.prompt.FEW_SHOT``."""
        return json.dumps({"items": [item.as_json() for item in self.items]}, ensure_ascii=False)


def text_key(text: str) -> str:
    """What makes two messages the same: case, ё and spacing ignored."""
    return _SPACES.sub(" ", fold(text)).strip()


def reserved_keys() -> frozenset[str]:
    """Messages the data must never contain: the gold set and the few-shot examples."""
    texts = [case.text for case in load_gold()] + [user for user, _ in FEW_SHOT]
    return frozenset(text_key(text) for text in texts)


# --- one item -------------------------------------------------------------------------------


@dataclass
class _Quantity:
    value: float
    unit: Unit | None
    before: str  # written before the genitive noun: «2 литра», «десяток»
    after: str  # written after the nominative noun: «2 л», «10 шт»
    counted: bool = False  # ``before`` already names the product: «3 банана»


def _number(rng: random.Random, value: float, gender: ph.Gender, words_ok: bool) -> str:
    if value == 1.5 and words_ok and rng.random() < 0.6:
        return ph.one_and_half(gender)
    if value == int(value):
        word = ph.numeral(int(value), gender) if words_ok else None
        if word is not None and rng.random() < 0.3:
            return word
        return str(int(value))
    return f"{value}".replace(".", ",") if rng.random() < 0.5 else f"{value}"


def _measured(rng: random.Random, value: float, unit_words: Sequence[ph.UnitWord]) -> _Quantity:
    unit_word = rng.choice(unit_words)
    unit = canonical_unit(unit_word.forms[0])
    # Numerals go with spelled-out units only: «две пачки», not «две уп».
    spelled = len(unit_word.forms[0]) > 3
    number = _number(rng, value, unit_word.gender, words_ok=spelled)
    written = unit_word.after(value)
    glue = "" if unit_word.attached and number[0].isdigit() and rng.random() < 0.5 else " "
    phrase = f"{number}{glue}{written}"
    return _Quantity(value, unit, phrase, phrase)


def _half(rng: random.Random, litres: bool) -> _Quantity:
    word = "литра" if litres else rng.choice(("кило", "килограмма"))
    joined = "поллитра" if litres and rng.random() < 0.3 else f"пол{rng.choice(('', ' '))}{word}"
    unit = canonical_unit(word)
    return _Quantity(0.5, unit, joined, joined)


def _pair(rng: random.Random, containers: Sequence[ph.UnitWord]) -> _Quantity:
    unit_word = rng.choice([c for c in containers if c.forms[2] != c.forms[0]])
    phrase = f"пару {unit_word.forms[2]}"
    return _Quantity(2, canonical_unit(unit_word.forms[0]), phrase, phrase)


def _counted(rng: random.Random, product: ph.Product) -> _Quantity:
    value = rng.choice((1, 2, 2, 3, 4, 5, 6, 10))
    single = product.counted[0]
    gender: ph.Gender = "f" if single[-1] in "ая" else "n" if single[-1] in "ое" else "m"
    form = ph.UnitWord((product.counted[0], product.counted[1], product.counted[2]), gender)
    number = _number(rng, value, gender, words_ok=True)
    pieces = rng.choice(ph.PIECE)
    after = rng.choice((str(value), f"{value} {pieces.after(value)}", f"x{value}"))
    # «3 банана» names the product; «3 головки» (of garlic) needs its noun after it.
    names_product = product.name.startswith(single[:3])
    return _Quantity(value, "шт", f"{number} {form.after(value)}", after, counted=names_product)


def _eggs(rng: random.Random) -> _Quantity:
    roll = rng.random()
    if roll < 0.55:
        word, size, few, gender = rng.choice(DOZENS)
        times = rng.choice((1, 1, 1, 2, 3, 1.5))
        if times == 1:
            return _Quantity(size, "шт", word, word)
        phrase = f"{_number(rng, times, gender, words_ok=True)} {few}"
        return _Quantity(size * times, "шт", phrase, phrase)
    value = rng.choice((6, 10, 12, 20, 30))
    pieces = rng.choice(ph.PIECE)
    eggs = ph.UnitWord(("яйцо", "яйца", "яиц"), "n")
    return _Quantity(
        value, "шт", f"{value} {eggs.after(value)}", f"{value} {pieces.after(value)}", counted=True
    )


def _quantity(rng: random.Random, product: ph.Product) -> _Quantity:
    """A quantity that suits how the product is bought."""
    kind = product.kind
    if kind == "eggs":
        return _eggs(rng)
    if product.counted and rng.random() < 0.45:
        return _counted(rng, product)
    if kind == "liquid":
        roll = rng.random()
        if roll < 0.45:
            return _measured(rng, rng.choice((1, 1, 1.5, 2, 2, 3, 5)), ph.LITRE)
        if roll < 0.6:
            return _measured(rng, rng.choice((200, 250, 330, 500, 900, 930)), ph.MILLILITRE)
        if roll < 0.7:
            return _half(rng, litres=True)
        if roll < 0.78:
            return _pair(rng, ph.BOTTLE)
        return _measured(rng, rng.choice((1, 2, 2, 3, 4, 6)), ph.BOTTLE)
    if kind == "weight":
        roll = rng.random()
        if roll < 0.45:
            return _measured(rng, rng.choice((1, 1, 1.5, 2, 3, 5)), ph.KILOGRAM)
        if roll < 0.8:
            return _measured(rng, rng.choice((100, 150, 200, 250, 300, 400, 500, 800)), ph.GRAM)
        return _half(rng, litres=False)
    if kind == "pack":
        if rng.random() < 0.12:
            return _pair(rng, ph.PACK)
        return _measured(rng, rng.choice((1, 2, 2, 3, 4, 5)), ph.PACK)
    return _measured(rng, rng.choice((1, 2, 3, 4, 5, 10)), ph.PIECE)


def _typo(rng: random.Random, word: str) -> str:
    """One slip a thumb makes: a letter doubled, dropped or swapped with its neighbour."""
    index = rng.randrange(2, len(word) - 1)  # the first letters are rarely wrong
    kind = rng.choice(("double", "drop", "swap"))
    if kind == "double":
        return word[:index] + word[index] + word[index:]
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    return word[: index - 1] + word[index] + word[index - 1] + word[index + 1 :]


@dataclass
class _Item:
    mentions: list[str]
    target: Target
    noun: str  # the product's head noun: one item per noun in a message


def _price(rng: random.Random, gender: ph.Gender, accusative: bool) -> tuple[str, str]:
    """A price phrase and where it goes: ("before", adjective) or ("after", word)."""
    if rng.random() < 0.5:
        stem, style = rng.choice(ph.PRICE_ADJECTIVES)
        return "before", ph.agree(stem, style, gender, accusative=accusative)
    return "after", rng.choice(ph.PRICE_SUFFIXES)


def _fat_text(rng: random.Random, fat: float) -> str:
    number = f"{canonical_quantity(fat)}"
    if "." in number and rng.random() < 0.6:
        number = number.replace(".", ",")
    suffix = rng.choice(("%", "%", "%", " %", " процента", " проц"))
    return number + suffix


@dataclass
class _Attributes:
    """What narrows the product down, as written and as meant."""

    words: list[str] = field(default_factory=list)  # after the noun: brand, fat %, grade
    prefix: str = ""  # before the noun: «отборные»
    fat: float | None = None
    grade: EggGrade | None = None
    brand_alias: str | None = None


def _attributes(rng: random.Random, product: ph.Product, brand: str | None) -> _Attributes:
    found = _Attributes()
    if product.fats and rng.random() < 0.4:
        found.fat = rng.choice(product.fats)
        found.words.append(_fat_text(rng, found.fat))
    if product.kind == "eggs" and rng.random() < 0.65:
        if rng.random() < 0.2:
            word, grade = rng.choice(ph.EGG_GRADE_WORDS)
            found.grade = egg_grade(grade)
            if word.startswith("отборн"):
                found.prefix = word
            else:
                found.words.append(word)
        else:
            token = rng.choice(ph.EGG_GRADE_TOKENS)
            found.grade = egg_grade(token)
            found.words.append(rng.choice((token, f"категории {token}")))
    if brand is not None:
        found.brand_alias = rng.choice(ph.BRAND_SPELLINGS[brand])
        found.words.insert(0 if rng.random() < 0.7 else len(found.words), found.brand_alias)
    return found


def _phrase(*words: str) -> str:
    return " ".join(word for word in words if word)


def _mentions(
    rng: random.Random,
    heads: tuple[str, str],
    attributes: _Attributes,
    quantity: _Quantity | None,
    price: tuple[str, str],
    may_repeat: bool,
) -> list[str]:
    """How the item is written: «молоко 3,2% 2 л», «2 литра молока 3,2%», or said twice."""
    head, genitive = heads
    before, after = (price[1], "") if price[0] == "before" else ("", price[1])
    named = (before, attributes.prefix, head, *attributes.words)
    if quantity is None:
        return [_phrase(*named, after)]
    if may_repeat and attributes.words and rng.random() < 0.12:
        # Said twice, to be merged: «яйца с0, десяток яиц».
        return [_phrase(*named, after), _phrase(quantity.before, genitive)]
    if not before and rng.random() < 0.45:
        adjective = "отборных" if attributes.prefix else ""
        noun = "" if quantity.counted else genitive
        return [_phrase(quantity.before, adjective, noun, *attributes.words, after)]
    if rng.random() < 0.15:
        return [_phrase(*named, after, "—", quantity.after)]
    return [_phrase(*named, quantity.after, after)]


def make_item(rng: random.Random, *, accusative: bool = False) -> _Item:
    """One item: how it is written (one mention, or two to merge) and its target."""
    if rng.random() < 0.06:
        # A product that is its brand («кока-кола 2 литра» → Coca-Cola).
        brand_name, kind = rng.choice(ph.BRAND_PRODUCTS)
        product = ph.Product(name="", genitive="", gender="f", kind=kind)
        alias = rng.choice(ph.BRAND_SPELLINGS[brand_name])
        attributes = _Attributes(brand_alias=alias)
        heads = (alias, alias)
    else:
        product = rng.choice(ph.PRODUCTS)
        brand = rng.choice(product.brands) if product.brands and rng.random() < 0.35 else None
        head = product.accusative if accusative else product.name
        if brand is None and " " not in head and len(head) >= 5 and rng.random() < 0.06:
            head = _typo(rng, head)
        attributes = _attributes(rng, product, brand)
        heads = (head, product.genitive)
    price = _price(rng, product.gender, accusative) if rng.random() < 0.14 else ("", "")
    quantity = _quantity(rng, product) if rng.random() < 0.6 else None
    mentions = _mentions(rng, heads, attributes, quantity, price, may_repeat=bool(product.name))
    name = item_name(
        product.name,
        fat_percent=attributes.fat,
        egg_grade=attributes.grade,
        brand=canonical_brand(attributes.brand_alias) if attributes.brand_alias else None,
    )
    target = Target(
        name=name,
        quantity=quantity.value if quantity is not None else 1,
        unit=quantity.unit if quantity is not None else None,
        price=price_category(price[1]) if price[1] else None,
    )
    return _Item(mentions, target, (product.name.split() or [name])[-1])


# --- one message ----------------------------------------------------------------------------


def _item_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.2:
        return 1
    if roll < 0.65:
        return rng.randint(2, 4)
    if roll < 0.9:
        return rng.randint(5, 8)
    return rng.randint(9, 14)  # a week's list


def _layout(rng: random.Random, lines: list[str], inline_only: bool) -> str:
    if inline_only or len(lines) == 1:
        style = "inline"
    else:
        style = rng.choice(("inline", "inline", "and", "lines", "numbered", "bullets", "semicolon"))
    if rng.random() < 0.1 and style in {"lines", "numbered", "bullets"}:
        lines = [f"{rng.choice(ph.EMOJI)} {line}" for line in lines]
    if rng.random() < 0.2 and style in {"lines", "numbered", "bullets"}:
        lines = [line[:1].upper() + line[1:] for line in lines]
    if style == "and" and len(lines) > 1:
        return ", ".join(lines[:-1]) + " и " + lines[-1]
    if style == "lines":
        return "\n".join(lines)
    if style == "numbered":
        mark = rng.choice(("{}. ", "{}) "))
        return "\n".join(mark.format(index) + line for index, line in enumerate(lines, 1))
    if style == "bullets":
        bullet = rng.choice(ph.BULLETS)
        return "\n".join(bullet + line for line in lines)
    if style == "semicolon":
        return "; ".join(lines)
    return ", ".join(lines)


def _distinct_items(rng: random.Random, count: int, accusative: bool) -> list[_Item]:
    items: list[_Item] = []
    seen: set[str] = set()
    for _ in range(count * 4):
        item = make_item(rng, accusative=accusative)
        if item.noun in seen:
            continue
        seen.add(item.noun)
        items.append(item)
        if len(items) == count:
            break
    return items


def list_example(rng: random.Random) -> Example:
    wrapper = rng.choice(ph.LIST_WRAPPERS)
    # «купи молоко и сметану»: after a bare verb the list is its object, in the accusative.
    inline_only = wrapper.endswith(("купи {list}", "взять {list}"))
    items = _distinct_items(rng, _item_count(rng), accusative=inline_only)
    mentions = [mention for item in items for mention in item.mentions[:1]]
    for item in items:
        if len(item.mentions) > 1:
            mentions.insert(rng.randint(mentions.index(item.mentions[0]) + 1, len(mentions)),
                            item.mentions[1])  # fmt: skip
    listed = _layout(rng, mentions, inline_only)
    if "\n" in listed and not wrapper.startswith("{list}"):
        listed = "\n" + listed  # a multi-line list starts on its own line
    text = wrapper.format(list=listed, greeting=rng.choice(ph.GREETINGS))
    text = re.sub(r"[ \t]+\n", "\n", text)
    if rng.random() < 0.05:
        text = f"{text} {rng.choice(ph.EMOJI)}"
    return Example(text=text, items=tuple(item.target for item in items))


def empty_example(rng: random.Random) -> Example:
    """Chit-chat or an instruction to the model: no items."""
    core = rng.choice(ph.INSTRUCTIONS if rng.random() < 0.4 else ph.CHIT_CHAT)
    if rng.random() < 0.4:
        core = f"{rng.choice(ph.GREETINGS)}, {core}"
    if rng.random() < 0.2:
        core = f"{core} {rng.choice(ph.EMOJI)}"
    if rng.random() < 0.15:
        core = core[:1].upper() + core[1:]
    return Example(text=core, items=())


# --- records ---------------------------------------------------------------------------------


def example_messages(example: Example, few_shot: bool = True) -> list[dict[str, str]]:
    """The chat ``parser.llm`` sends for the example's text (optionally without few-shot)."""
    if few_shot:
        return chat_messages(example.text)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": example.text}]


def to_record(example: Example, index: int, split: str, few_shot: bool = True) -> dict[str, Any]:
    answer = example.answer()
    validate_answer(answer, "stop")  # every target passes the runtime's own answer check
    messages = example_messages(example, few_shot)
    rendered = render_training(messages, answer)
    return {
        "id": f"{split}-{index:05d}",
        "split": split,
        "messages": [*messages, {"role": "assistant", "content": answer}],
        "prompt": rendered.prompt,
        "completion": rendered.completion,
    }


def generate(n: int, seed: int) -> list[Example]:
    """``n`` distinct examples, none of them a gold or few-shot message; same seed, same list."""
    rng = random.Random(seed)
    reserved = reserved_keys()
    seen: set[str] = set()
    examples: list[Example] = []
    attempts = 0
    while len(examples) < n:
        attempts += 1
        if attempts > n * 50:
            raise RuntimeError(f"only {len(examples)} distinct examples after {attempts} tries")
        example = empty_example(rng) if rng.random() < EMPTY_SHARE else list_example(rng)
        key = text_key(example.text)
        if key in seen or key in reserved:
            continue
        seen.add(key)
        examples.append(example)
    return examples


def split_examples(
    examples: Sequence[Example], seed: int, held_out: float = HELD_OUT_FRACTION
) -> tuple[list[Example], list[Example]]:
    order = list(range(len(examples)))
    random.Random(seed + 1).shuffle(order)
    cut = round(len(examples) * held_out)
    held = sorted(order[:cut])
    train = sorted(order[cut:])
    return [examples[i] for i in train], [examples[i] for i in held]


@dataclass(frozen=True)
class DatasetFiles:
    train: Path
    held_out: Path
    train_count: int
    held_out_count: int


def write_dataset(
    out: Path, n: int, seed: int, *, few_shot: bool = True, held_out: float = HELD_OUT_FRACTION
) -> DatasetFiles:
    """Write ``train.jsonl`` and ``heldout.jsonl`` under ``out``."""
    train, held = split_examples(generate(n, seed), seed, held_out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"train": out / "train.jsonl", "heldout": out / "heldout.jsonl"}
    for split, examples in (("train", train), ("heldout", held)):
        with paths[split].open("w", encoding="utf-8") as handle:
            for index, example in enumerate(examples):
                record = to_record(example, index, split, few_shot)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return DatasetFiles(paths["train"], paths["heldout"], len(train), len(held))


def read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


__all__ = [
    "DatasetFiles",
    "Example",
    "Target",
    "empty_example",
    "example_messages",
    "generate",
    "list_example",
    "make_item",
    "read_records",
    "reserved_keys",
    "split_examples",
    "text_key",
    "to_record",
    "write_dataset",
]
