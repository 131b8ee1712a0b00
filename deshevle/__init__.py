"""Дешевле: where a Russian grocery list costs least."""

__version__ = "0.1.0"
