"""Russian morphology: lemmas through pymorphy3, cached, ё folded for comparison."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3

from catalog.text import fold

_WORD = re.compile(r"[a-zа-яё]+(?:-[a-zа-яё]+)*", re.IGNORECASE)
_NOUN_TAGS = {"NOUN"}


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def words(text: str) -> list[str]:
    """Alphabetic words of a text, folded (lower case, ё → е)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65_536)
def lemma(word: str) -> str:
    """The dictionary form of one word, folded; Latin words come back unchanged."""
    word = fold(word)
    if not any("а" <= char <= "я" for char in word):
        return word
    return fold(analyzer().parse(word)[0].normal_form)


def lemmas(text: str) -> list[str]:
    return [lemma(word) for word in words(text)]


@lru_cache(maxsize=65_536)
def is_noun(word: str) -> bool:
    """Whether the word's likeliest reading is a noun (Latin words count: brands)."""
    word = fold(word)
    if not any("а" <= char <= "я" for char in word):
        return True
    return analyzer().parse(word)[0].tag.POS in _NOUN_TAGS


@lru_cache(maxsize=65_536)
def lemma_options(word: str) -> tuple[str, ...]:
    """Every dictionary form the word may have, likeliest first, folded («лука» → лука, лук)."""
    word = fold(word)
    if not any("а" <= char <= "я" for char in word):
        return (word,)
    return tuple(dict.fromkeys(fold(parsed.normal_form) for parsed in analyzer().parse(word)))
