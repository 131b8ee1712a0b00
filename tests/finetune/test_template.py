from __future__ import annotations

import pytest

from finetune.template import EOS, OLLAMA_TEMPLATE, render_prompt, render_training
from parser.prompt import FEW_SHOT, SYSTEM_PROMPT, chat_messages


def _chat(*turns: tuple[str, str]) -> list[dict[str, str]]:
    return [{"role": role, "content": content} for role, content in turns]


def test_one_turn_puts_the_system_prompt_before_the_user_text() -> None:
    messages = _chat(("system", "SYS"), ("user", "молоко"))
    assert render_prompt(messages) == "[INST] SYS\n\nмолоко[/INST] "


def test_system_prompt_goes_to_the_last_user_turn_only() -> None:
    messages = _chat(("system", "SYS"), ("user", "U1"), ("assistant", "A1"), ("user", "U2"))
    # The layout Ollama's mistral template and Mistral's HF chat template both give.
    assert render_prompt(messages) == "[INST] U1[/INST] A1</s>[INST] SYS\n\nU2[/INST] "


def test_no_system_prompt_no_blank_line() -> None:
    assert render_prompt(_chat(("user", "хлеб"))) == "[INST] хлеб[/INST] "


def test_consecutive_turns_of_one_role_merge_like_ollama_collate() -> None:
    messages = _chat(("system", "A"), ("system", "B"), ("user", "x"), ("user", "y"))
    assert render_prompt(messages) == "[INST] A\n\nB\n\nx\n\ny[/INST] "


def test_a_prompt_must_end_with_the_user() -> None:
    with pytest.raises(ValueError):
        render_prompt(_chat(("user", "a"), ("assistant", "b")))


def test_parser_chat_renders_few_shot_then_system_with_the_text() -> None:
    prompt = render_prompt(chat_messages("сыр 200г"))
    assert prompt.count(SYSTEM_PROMPT) == 1
    assert prompt.endswith(f"[INST] {SYSTEM_PROMPT}\n\nсыр 200г[/INST] ")
    first_user, first_answer = FEW_SHOT[0]
    assert prompt.startswith(f"[INST] {first_user}[/INST] {first_answer}{EOS}[INST] ")
    assert prompt.count("[INST]") == len(FEW_SHOT) + 1
    assert prompt.count(EOS) == len(FEW_SHOT)


def test_training_text_is_prompt_answer_and_eos() -> None:
    rendered = render_training(chat_messages("хлеб"), '{"items": []}')
    assert rendered.completion == '{"items": []}</s>'
    assert rendered.text == rendered.prompt + '{"items": []}</s>'
    assert rendered.prompt.endswith("хлеб[/INST] ")


def test_ollama_template_has_the_pieces_the_renderer_writes() -> None:
    # The renderer mirrors these lines of the Go template; a change to either must show.
    assert "[INST] {{ if and $.System (eq (len (slice $.Messages $index)) 1) }}" in OLLAMA_TEMPLATE
    assert "{{ $.System }}\n\n{{ end }}{{ .Content }}[/INST]" in OLLAMA_TEMPLATE
    assert "{{- if .Content }} {{ .Content }}" in OLLAMA_TEMPLATE
    assert "{{- end }}</s>" in OLLAMA_TEMPLATE
    assert "{{- end }} {{ .Response }}" in OLLAMA_TEMPLATE
