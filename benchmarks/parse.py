"""Lists per second for the rules parser on 10-item lists, against a naive baseline.

The baseline is the pipeline a first attempt would write: split on commas, then run an
uncached pymorphy3 parse and a fresh regex compile per word. Run:
``.venv/bin/python benchmarks/parse.py [--seconds 3]``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable

from parser.morph import analyzer
from parser.rules import parse_rules

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


def rate(parse: Callable[[str], object], texts: list[str], seconds: float) -> float:
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            parse(text)
        done += len(texts)
    return done / (time.perf_counter() - started)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--seconds", type=float, default=3.0)
    options = arguments.parse_args()
    texts = lists(500)
    for text in texts:  # warm caches and the analyzer, as a running bot has them
        parse_rules(text)
    rules = rate(parse_rules, texts, options.seconds)
    baseline = rate(naive, texts, options.seconds)
    print(f"rules parser:   {rules:8.0f} lists/s (10 items each, one core)")
    print(f"naive baseline: {baseline:8.0f} lists/s (uncached pymorphy3 per word)")
    print(f"speed-up:       {rules / baseline:8.1f}x")


if __name__ == "__main__":
    main()
