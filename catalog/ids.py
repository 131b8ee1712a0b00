"""Basket ids made in the process: time-ordered, 63 bits, apart across processes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

# Milliseconds since 2026-01-01 UTC fill 41 bits until 2095; 22 random bits below them keep
# ids of two processes sharing the database apart, and the whole stays under 2**63.
EPOCH_MS = 1_767_225_600_000
RANDOM_BITS = 22


class BasketIds:
    """Strictly increasing within a process, so a burst in one millisecond never repeats."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        noise: Callable[[int], int] = secrets.randbits,
    ) -> None:
        self.clock = clock
        self.noise = noise
        self._last = 0

    def __call__(self) -> int:
        millis = max(int(self.clock() * 1000) - EPOCH_MS, 0)
        candidate = millis << RANDOM_BITS | self.noise(RANDOM_BITS)
        self._last = max(candidate, self._last + 1)
        return self._last


new_basket_id = BasketIds()
