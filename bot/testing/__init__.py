"""Test and benchmark support: a local fake of the Telegram Bot API."""
