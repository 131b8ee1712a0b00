"""The grocery chains Deshevle knows, by a short stable code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chain:
    code: str
    title: str
    locative: str
    """The title after «в»: «в Пятёрочке»."""


CHAINS: dict[str, Chain] = {
    chain.code: chain
    for chain in (
        Chain("pyaterochka", "Пятёрочка", "Пятёрочке"),
        Chain("magnit", "Магнит", "Магните"),
        Chain("dixy", "Дикси", "Дикси"),
        Chain("perekrestok", "Перекрёсток", "Перекрёстке"),
        Chain("chizhik", "Чижик", "Чижике"),
    )
}

SEED_CHAINS: tuple[str, ...] = ("pyaterochka", "magnit", "dixy", "perekrestok")


def known_chain(code: str) -> bool:
    return code in CHAINS


def chain_title(code: str) -> str:
    chain = CHAINS.get(code)
    return chain.title if chain else code


def in_chain(code: str) -> str:
    """«в Пятёрочке», «в Магните»."""
    chain = CHAINS.get(code)
    return f"в {chain.locative if chain else code}"
