"""The LoRA training configuration: a TOML file parsed into frozen dataclasses, torch-free."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Final, Self, TypeVar

DEFAULT_CONFIG: Final = Path(__file__).with_name("lora.toml")
MISTRAL_LINEAR_MODULES: Final[tuple[str, ...]] = (
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
)
_DTYPES: Final = frozenset({"bfloat16", "float16", "float32"})
T = TypeVar("T")


class ConfigError(ValueError):
    """The configuration file is missing a field, has an unknown one, or a bad value."""


def _build(kind: type[T], section: str, raw: dict[str, Any]) -> T:
    names = {field.name for field in fields(kind)}  # type: ignore[arg-type]
    unknown = set(raw) - names
    missing = names - set(raw)
    if unknown or missing:
        raise ConfigError(f"[{section}] unknown {sorted(unknown)}, missing {sorted(missing)}")
    return kind(**raw)


@dataclass(frozen=True)
class ModelConfig:
    base: str
    load_in_4bit: bool
    bnb_4bit_quant_type: str
    bnb_4bit_use_double_quant: bool
    compute_dtype: str


@dataclass(frozen=True)
class LoraConfig:
    rank: int
    alpha: int
    dropout: float
    target_modules: tuple[str, ...]


@dataclass(frozen=True)
class TrainConfig:
    learning_rate: float
    epochs: float
    max_seq_len: int
    per_device_batch_size: int
    gradient_accumulation_steps: int
    gradient_checkpointing: bool
    warmup_ratio: float
    lr_scheduler: str
    weight_decay: float
    optim: str
    logging_steps: int
    eval_steps: int
    save_steps: int
    seed: int

    @property
    def effective_batch_size(self) -> int:
        return self.per_device_batch_size * self.gradient_accumulation_steps


@dataclass(frozen=True)
class FinetuneConfig:
    model: ModelConfig
    lora: LoraConfig
    train: TrainConfig

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Self:
        sections = {"model", "lora", "train"}
        if set(raw) != sections:
            raise ConfigError(f"sections must be exactly {sorted(sections)}, got {sorted(raw)}")
        lora_raw = dict(raw["lora"])
        lora_raw["target_modules"] = tuple(lora_raw.get("target_modules", ()))
        config = cls(
            model=_build(ModelConfig, "model", raw["model"]),
            lora=_build(LoraConfig, "lora", lora_raw),
            train=_build(TrainConfig, "train", raw["train"]),
        )
        config.validate()
        return config

    @classmethod
    def load(cls, path: Path = DEFAULT_CONFIG) -> Self:
        with path.open("rb") as handle:
            return cls.from_dict(tomllib.load(handle))

    def validate(self) -> None:
        problems: list[str] = []
        if self.model.compute_dtype not in _DTYPES:
            problems.append(f"compute_dtype must be one of {sorted(_DTYPES)}")
        if self.lora.rank <= 0 or self.lora.alpha <= 0:
            problems.append("lora rank and alpha must be positive")
        if not 0 <= self.lora.dropout < 1:
            problems.append("lora dropout must be in [0, 1)")
        if not self.lora.target_modules:
            problems.append("lora target_modules must not be empty")
        train = self.train
        if train.learning_rate <= 0 or train.epochs <= 0:
            problems.append("learning_rate and epochs must be positive")
        if (
            min(train.max_seq_len, train.per_device_batch_size, train.gradient_accumulation_steps)
            < 1
        ):
            problems.append("max_seq_len, batch size and gradient accumulation must be >= 1")
        if problems:
            raise ConfigError("; ".join(problems))

    def with_train(self, **changes: Any) -> FinetuneConfig:
        """A copy with some training fields changed (the smoke test shrinks the run)."""
        return replace(self, train=replace(self.train, **changes))


__all__ = [
    "DEFAULT_CONFIG",
    "MISTRAL_LINEAR_MODULES",
    "ConfigError",
    "FinetuneConfig",
    "LoraConfig",
    "ModelConfig",
    "TrainConfig",
]
