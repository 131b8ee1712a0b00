"""Text normalization shared by search, matching and parsing."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^\w%.,]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case with ё folded into е: the form every comparison uses."""
    return text.lower().replace("ё", "е")


def normalize_name(text: str) -> str:
    """A product name as the search index stores it: folded, punctuation as spaces."""
    folded = _NON_WORD.sub(" ", fold(text))
    folded = folded.replace(",", " ").replace(".", " ")
    return _SPACES.sub(" ", folded).strip()


def search_terms(query: str) -> list[str]:
    """Words of a query worth searching for, in index form."""
    return [term for term in normalize_name(query).replace("%", " ").split() if term]
