"""The grocery chains Deshevle knows, by a short stable code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chain:
    code: str
    title: str


CHAINS: dict[str, Chain] = {
    chain.code: chain
    for chain in (
        Chain("pyaterochka", "Пятёрочка"),
        Chain("magnit", "Магнит"),
        Chain("dixy", "Дикси"),
        Chain("perekrestok", "Перекрёсток"),
        Chain("chizhik", "Чижик"),
    )
}

SEED_CHAINS: tuple[str, ...] = ("pyaterochka", "magnit", "dixy", "perekrestok")


def known_chain(code: str) -> bool:
    return code in CHAINS


def chain_title(code: str) -> str:
    chain = CHAINS.get(code)
    return chain.title if chain else code
