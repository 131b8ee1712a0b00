"""Lists per second for the rules parser on 10-item lists, against a naive baseline.

Two figures for the rules parser: *warm*, as in a running bot, where phrases shoppers
repeat («молоко», «2 кг картошки») come from the vocabulary's phrase memo; and *cold*, with
that memo emptied before every list, so every segment is read from scratch (word-level
caches stay warm in both). The baseline is the pipeline a first attempt would write: split
on commas, then run an uncached pymorphy3 parse and a fresh regex compile per word.

Each figure is the best and the median of several passes over the same 500 lists: the best
pass is what the code can do, the median shows how much other load on the machine cost.
Run: ``.venv/bin/python benchmarks/parse.py [--seconds 3]``.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable

from parser.morph import analyzer
from parser.rules import parse_rules
from parser.vocabulary import Vocabulary

ITEMS = [
    "молоко 3,2% 2 литра",
    "хлеб подешевле",
    "яйца с0 десяток",
    "сыр российский 300г",
    "2 кг картошки",
    "чипсы лейс 2 пачки",
    "бананы полтора кило",
    "сметана 15%",
    "пару огурцов",
    "кефир 1 л",
    "гречка",
    "сосиски 2 упаковки",
    "масло сливочное 82,5%",
    "туалетная бумага 4 рулона",
    "вода 6х1,5л",
    "колбаса докторская полкило",
    "чай липтон",
]


def lists(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [", ".join(rng.sample(ITEMS, 10)) for _ in range(count)]


def naive(text: str) -> list[str]:
    morph = analyzer()
    out = []
    for part in text.split(","):
        words = re.compile(r"[а-яё]+").findall(part.lower())
        out.append(" ".join(morph.parse(word)[0].normal_form for word in words))
    return out


def cold(text: str) -> object:
    Vocabulary.default().phrases.clear()
    return parse_rules(text)


def rates(parse: Callable[[str], object], texts: list[str], seconds: float) -> list[float]:
    """Lists per second of each pass over the texts, passes repeated for about `seconds`."""
    out: list[float] = []
    started = time.perf_counter()
    while not out or time.perf_counter() - started < seconds:
        begun = time.perf_counter()
        for text in texts:
            parse(text)
        out.append(len(texts) / (time.perf_counter() - begun))
    return out


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--seconds", type=float, default=3.0, help="per figure")
    options = arguments.parse_args()
    texts = lists(500)
    for text in texts:  # warm caches and the analyzer, as a running bot has them
        parse_rules(text)
    figures = {
        "rules, warm": rates(parse_rules, texts, options.seconds),
        "rules, cold": rates(cold, texts, options.seconds),
        "naive baseline": rates(naive, texts, options.seconds),
    }
    baseline = max(figures["naive baseline"])
    print("lists/s, 10 items each, one core   best   median   best vs baseline")
    for name, passes in figures.items():
        best, median = max(passes), statistics.median(passes)
        print(f"{name:32s} {best:7.0f} {median:8.0f} {best / baseline:10.1f}x")


if __name__ == "__main__":
    main()
