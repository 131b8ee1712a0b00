"""The Ollama backend: one structured-output chat call, validated into LLM items.

Every failure (network, HTTP status, truncated or malformed answer) becomes an ``LLMFault``
with a short reason, so the hybrid guard can log it and fall back to the rules.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
import ollama
from pydantic import ValidationError

from deshevle.settings import Settings
from parser.models import LLMItem
from parser.prompt import ITEM_KEYS, JSON_SCHEMA, MAX_ITEMS, chat_messages

log = logging.getLogger(__name__)

SEED = 42
NUM_PREDICT = 512
NUM_CTX = 2048


class LLMFault(Exception):
    """The model gave no usable answer; ``reason`` is a short machine-readable tag."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class LLMAnswer:
    items: list[LLMItem]
    raw: str


def validate_answer(content: str, done_reason: str | None) -> list[LLMItem]:
    """The items of a chat answer, or an LLMFault saying why the answer is unusable."""
    if done_reason != "stop":
        raise LLMFault("truncated", f"done_reason={done_reason}")
    try:
        payload = json.loads(content)
    except json.JSONDecodeError as error:
        raise LLMFault("invalid_json", str(error)) from None
    if not isinstance(payload, dict) or list(payload) != ["items"]:
        raise LLMFault("wrong_shape", "top level must be {'items': [...]}")
    raw_items = payload["items"]
    if not isinstance(raw_items, list) or len(raw_items) > MAX_ITEMS:
        raise LLMFault("wrong_shape", "items must be a bounded list")
    items: list[LLMItem] = []
    for raw in raw_items:
        if not isinstance(raw, dict) or tuple(raw) != ITEM_KEYS:
            keys = list(raw) if isinstance(raw, dict) else type(raw).__name__
            raise LLMFault("wrong_keys", f"{keys}")
        try:
            items.append(LLMItem.model_validate(raw))
        except ValidationError as error:
            raise LLMFault("invalid_item", str(error.errors()[:1])) from None
    return items


class OllamaBackend:
    """Chat with an Ollama model through the official AsyncClient."""

    def __init__(self, settings: Settings, client: ollama.AsyncClient | None = None) -> None:
        self.model = settings.ollama_model
        self.keep_alive = settings.ollama_keep_alive
        self.client = client or ollama.AsyncClient(
            host=settings.ollama_host, timeout=settings.ollama_timeout
        )

    def request_options(self) -> dict[str, Any]:
        return {
            "temperature": 0,
            "seed": SEED,
            "num_predict": NUM_PREDICT,
            "num_ctx": NUM_CTX,
        }

    async def complete(self, text: str) -> LLMAnswer:
        try:
            response = await self.client.chat(
                model=self.model,
                messages=chat_messages(text),
                stream=False,
                format=JSON_SCHEMA,
                options=self.request_options(),
                keep_alive=self.keep_alive,
            )
        except ollama.ResponseError as error:
            reason = "model_not_found" if error.status_code == 404 else "http_error"
            raise LLMFault(reason, f"{error.status_code} {error.error}"[:200]) from None
        except httpx.TimeoutException:
            raise LLMFault("timeout") from None
        except (ConnectionError, httpx.TransportError) as error:
            raise LLMFault("unreachable", str(error)[:200]) from None
        except Exception as error:  # a client bug must not break parsing either
            raise LLMFault("client_error", repr(error)[:200]) from None
        content = response.message.content or ""
        items = validate_answer(content, response.done_reason)
        return LLMAnswer(items=items, raw=content)


__all__ = ["LLMAnswer", "LLMFault", "OllamaBackend", "validate_answer"]
