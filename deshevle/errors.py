"""What the service refuses, as exceptions every front end can turn into a Russian reply."""

from __future__ import annotations


class DeshevleError(Exception):
    """Base of every error the service raises on purpose."""


class BasketNotFound(DeshevleError):
    """No basket has this id (never answered, or pruned)."""


class NotYourBasket(DeshevleError):
    """The basket belongs to another shopper."""


class StaleBasket(DeshevleError):
    """The basket no longer fits the request: a line that does not exist, an old format."""


class UnknownChain(DeshevleError):
    """A chain code that is not known or not part of this basket."""


class UnknownProduct(DeshevleError):
    """A product that is not one of the line's alternatives."""


class NoChainLeft(DeshevleError):
    """Switching this chain off would leave the shopper comparing no chain at all."""


__all__ = [
    "BasketNotFound",
    "DeshevleError",
    "NoChainLeft",
    "NotYourBasket",
    "StaleBasket",
    "UnknownChain",
    "UnknownProduct",
]
