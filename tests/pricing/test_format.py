from __future__ import annotations

import pytest

from pricing.format import plural, rub

FORMS = ("день", "дня", "дней")


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (0, "дней"),
        (1, "день"),
        (2, "дня"),
        (4, "дня"),
        (5, "дней"),
        (11, "дней"),
        (12, "дней"),
        (14, "дней"),
        (21, "день"),
        (22, "дня"),
        (101, "день"),
        (111, "дней"),
        (1002, "дня"),
    ],
)
def test_plural_follows_russian_agreement(count: int, form: str) -> None:
    assert plural(count, *FORMS) == form


def test_rub_shows_kopecks_and_splits_thousands() -> None:
    assert (rub(8999), rub(123400), rub(-550)) == ("89,99 ₽", "1 234,00 ₽", "−5,50 ₽")
