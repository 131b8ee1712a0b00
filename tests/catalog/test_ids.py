"""Basket ids made in the process."""

from __future__ import annotations

import itertools

from catalog.ids import EPOCH_MS, RANDOM_BITS, BasketIds


def test_ids_are_time_ordered_and_fit_a_signed_64_bit_column() -> None:
    now = 1_800_000_000.0  # 2027
    ids = BasketIds(clock=lambda: now, noise=lambda bits: (1 << bits) - 1)
    first, second = ids(), ids()
    assert first >> RANDOM_BITS == int(now * 1000) - EPOCH_MS
    assert second == first + 1  # same millisecond, same noise: still unique
    assert first < 2**63
    later = BasketIds(clock=lambda: now + 1, noise=lambda bits: 0)()
    assert later > second


def test_two_processes_in_one_millisecond_differ_by_their_noise() -> None:
    noise = itertools.count(7)
    one = BasketIds(clock=lambda: 1_800_000_000.0, noise=lambda bits: next(noise))
    two = BasketIds(clock=lambda: 1_800_000_000.0, noise=lambda bits: next(noise))
    assert one() != two()
