from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from finetune.config import (
    DEFAULT_CONFIG,
    MISTRAL_LINEAR_MODULES,
    ConfigError,
    FinetuneConfig,
)


def _raw() -> dict[str, Any]:
    with DEFAULT_CONFIG.open("rb") as handle:
        return tomllib.load(handle)


def test_default_config_matches_the_recipe() -> None:
    config = FinetuneConfig.load()
    assert config.model.base == "mistralai/Mistral-7B-Instruct-v0.3"
    assert config.model.load_in_4bit and config.model.bnb_4bit_quant_type == "nf4"
    assert config.lora.target_modules == MISTRAL_LINEAR_MODULES
    assert config.train.learning_rate == pytest.approx(2e-4)
    assert config.train.per_device_batch_size == 1
    assert config.train.effective_batch_size == 16
    assert config.train.gradient_checkpointing


def test_max_seq_len_holds_the_prompt_parser_llm_sends() -> None:
    from parser.prompt import chat_messages

    # Mistral v0.3 tokens: 2.16 Russian characters each (SYSTEM_PROMPT: 1145 → 529, measured
    # with its SentencePiece model); the longest generated answer was 415 tokens.
    prompt_tokens = sum(len(m["content"]) for m in chat_messages("x")) / 2.16
    assert prompt_tokens > 512  # why the 512 cannot work
    assert FinetuneConfig.load().train.max_seq_len >= prompt_tokens + 415 + 100


@pytest.mark.parametrize(
    ("section", "change", "message"),
    [
        ("lora", {"rank": 0}, "rank"),
        ("lora", {"dropout": 1.0}, "dropout"),
        ("lora", {"target_modules": []}, "target_modules"),
        ("train", {"learning_rate": 0}, "learning_rate"),
        ("model", {"compute_dtype": "int8"}, "compute_dtype"),
        ("train", {"surprise": 1}, "unknown"),
    ],
)
def test_bad_values_are_refused(section: str, change: dict[str, Any], message: str) -> None:
    raw = _raw()
    raw[section].update(change)
    with pytest.raises(ConfigError, match=message):
        FinetuneConfig.from_dict(raw)


def test_missing_field_and_section_are_refused() -> None:
    raw = _raw()
    del raw["train"]["epochs"]
    with pytest.raises(ConfigError, match="missing"):
        FinetuneConfig.from_dict(raw)
    raw = _raw()
    del raw["lora"]
    with pytest.raises(ConfigError, match="sections"):
        FinetuneConfig.from_dict(raw)


def test_config_file_round_trip(tmp_path: Path) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("rank = 16", "rank = 8")
    path = tmp_path / "small.toml"
    path.write_text(text, encoding="utf-8")
    assert FinetuneConfig.load(path).lora.rank == 8


def test_pipeline_modules_import_without_torch() -> None:
    code = (
        "import sys, finetune.config, finetune.train_lora, finetune.export, finetune.dataset;"
        "sys.exit('torch' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
