"""The Mistral v0.3 chat layout, rendered exactly as Ollama renders it for ``mistral:7b``.

Sources (checked 2026-11): the TEMPLATE of Ollama's library model ``mistral:7b`` (v0.3), as
``ollama show mistral:7b --template`` prints it, and the ``chat_template`` of
Mistral-7B-Instruct-v0.3's ``tokenizer_config.json``. Both put the system prompt at the head
of the *last* user turn, separated by a blank line; earlier turns carry no system text;
an assistant turn is a space, the answer and ``</s>``. Ollama executes the template with an
empty ``.Response`` for a chat request, so the prompt it sends ends with ``[/INST] ``.
BOS (``<s>``) is not in the text: llama.cpp and the HF tokenizer add it as a token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

BOS: Final = "<s>"
EOS: Final = "</s>"
INST_OPEN: Final = "[INST]"
INST_CLOSE: Final = "[/INST]"
STOP_TOKENS: Final[tuple[str, ...]] = (INST_OPEN, INST_CLOSE, EOS)

# Ollama's template for mistral:7b, verbatim line by line; the Modelfile carries it.
OLLAMA_TEMPLATE: Final = "\n".join(
    (
        "{{- if .Messages }}",
        "{{- range $index, $_ := .Messages }}",
        '{{- if eq .Role "user" }}',
        "{{- if and (eq (len (slice $.Messages $index)) 1) $.Tools }}"
        "[AVAILABLE_TOOLS] {{ $.Tools }}[/AVAILABLE_TOOLS]",
        "{{- end }}[INST] {{ if and $.System (eq (len (slice $.Messages $index)) 1) }}"
        "{{ $.System }}",
        "",
        "{{ end }}{{ .Content }}[/INST]",
        '{{- else if eq .Role "assistant" }}',
        "{{- if .Content }} {{ .Content }}",
        "{{- else if .ToolCalls }}[TOOL_CALLS] [",
        '{{- range .ToolCalls }}{"name": "{{ .Function.Name }}", '
        '"arguments": {{ .Function.Arguments }}}',
        "{{- end }}]",
        "{{- end }}</s>",
        '{{- else if eq .Role "tool" }}[TOOL_RESULTS] {"content": {{ .Content }}} [/TOOL_RESULTS]',
        "{{- end }}",
        "{{- end }}",
        "{{- else }}[INST] {{ if .System }}{{ .System }}",
        "",
        "{{ end }}{{ .Prompt }}[/INST]",
        "{{- end }} {{ .Response }}",
        "{{- if .Response }}</s>",
        "{{- end }}",
    )
)


# A chat message as Ollama's API takes it: {"role": "system" | "user" | "assistant", "content"}.
Message = Mapping[str, str]


@dataclass(frozen=True)
class TrainingText:
    """One supervised example: the prompt Ollama sends and the answer the model must write."""

    prompt: str
    completion: str

    @property
    def text(self) -> str:
        return self.prompt + self.completion


def _collate(messages: Sequence[Message]) -> tuple[str, list[dict[str, str]]]:
    """Ollama's collate: all system texts joined by a blank line; same-role neighbours merged."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    turns: list[dict[str, str]] = []
    for message in messages:
        if turns and turns[-1]["role"] == message["role"]:
            turns[-1]["content"] += "\n\n" + message["content"]
        else:
            turns.append({"role": message["role"], "content": message["content"]})
    return system, turns


def render_prompt(messages: Sequence[Message]) -> str:
    """The prompt text Ollama builds for a chat request ending with a user turn."""
    system, turns = _collate(messages)
    if not turns or turns[-1]["role"] != "user":
        raise ValueError("a chat prompt must end with a user message")
    parts: list[str] = []
    for index, turn in enumerate(turns):
        if turn["role"] == "system":  # the template skips them; their text went to `system`
            continue
        if turn["role"] == "user":
            last = index == len(turns) - 1
            head = f"{system}\n\n" if system and last else ""
            parts.append(f"{INST_OPEN} {head}{turn['content']}{INST_CLOSE}")
        elif turn["content"]:
            parts.append(f" {turn['content']}{EOS}")
        else:
            parts.append(EOS)
    return "".join(parts) + " "


def render_training(messages: Sequence[Message], answer: str) -> TrainingText:
    """The prompt for ``messages`` and the completion ``answer</s>`` the loss is taken on."""
    return TrainingText(prompt=render_prompt(messages), completion=answer + EOS)


__all__ = [
    "BOS",
    "EOS",
    "OLLAMA_TEMPLATE",
    "STOP_TOKENS",
    "Message",
    "TrainingText",
    "render_prompt",
    "render_training",
]
