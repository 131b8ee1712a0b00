"""QLoRA supervised fine-tuning of Mistral-7B-Instruct-v0.3 on the generated parser data.

The loss is taken on the assistant answer only: prompt tokens get the label -100. Evaluation
loss is measured on the held-out split before training and at every ``eval_steps``. Only the
LoRA adapter is saved. torch, transformers and peft are imported inside the functions, so
importing this module (and the default test run) never needs the ``train`` extra.

Run: ``deshevle finetune train --data DIR --out DIR [--config finetune/lora.toml]``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finetune.config import FinetuneConfig
from finetune.template import EOS

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

log = logging.getLogger(__name__)

IGNORE_INDEX = -100


def _untyped(value: Any) -> Any:
    """Some of transformers' and peft's callables carry no annotations (and none without
    the train extra): one place where strict typing steps aside for them."""
    return value


@dataclass(frozen=True)
class Tokenized:
    input_ids: list[int]
    labels: list[int]


def tokenize_example(
    tokenizer: PreTrainedTokenizerBase, prompt: str, completion: str, max_len: int
) -> Tokenized | None:
    """BOS + prompt + answer + EOS, labels only on the answer; None when it does not fit.

    The text is tokenized whole, as Mistral's reference encoder does, so the space between
    ``[/INST]`` and the answer joins the answer's first token («▁{»), which is learned.
    An example is never truncated: a cut answer would teach invalid JSON.
    """
    answer = completion.removesuffix(EOS)
    text = prompt.rstrip(" ") + " " + answer
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    prompt_end = len(prompt.rstrip(" "))
    ids: list[int] = [tokenizer.bos_token_id, *encoded["input_ids"], tokenizer.eos_token_id]
    labels = [IGNORE_INDEX]
    for token_id, (_start, end) in zip(
        encoded["input_ids"], encoded["offset_mapping"], strict=True
    ):
        labels.append(token_id if end > prompt_end else IGNORE_INDEX)
    labels.append(tokenizer.eos_token_id)
    if len(ids) > max_len:
        return None
    return Tokenized(ids, labels)


def tokenize_records(
    tokenizer: PreTrainedTokenizerBase, records: Sequence[dict[str, Any]], max_len: int
) -> tuple[list[Tokenized], int]:
    """Tokenized records and how many were dropped for length."""
    kept: list[Tokenized] = []
    for record in records:
        example = tokenize_example(tokenizer, record["prompt"], record["completion"], max_len)
        if example is not None:
            kept.append(example)
    return kept, len(records) - len(kept)


def pad_batch(batch: Sequence[Tokenized], pad_id: int) -> dict[str, list[list[int]]]:
    """Right-pad a batch; padding is masked out of attention and of the loss."""
    width = max(len(example.input_ids) for example in batch)
    input_ids, attention, labels = [], [], []
    for example in batch:
        gap = width - len(example.input_ids)
        input_ids.append(example.input_ids + [pad_id] * gap)
        attention.append([1] * len(example.input_ids) + [0] * gap)
        labels.append(example.labels + [IGNORE_INDEX] * gap)
    return {"input_ids": input_ids, "attention_mask": attention, "labels": labels}


def warmup_steps(config: FinetuneConfig, train_size: int) -> int:
    train = config.train
    steps_per_epoch = math.ceil(train_size / train.effective_batch_size)
    return math.ceil(train.warmup_ratio * steps_per_epoch * train.epochs)


def load_base(config: FinetuneConfig) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """The base model (4-bit NF4 for QLoRA) and its tokenizer, from a hub id or a folder."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig

    dtype = getattr(torch, config.model.compute_dtype)
    tokenizer = AutoTokenizer.from_pretrained(config.model.base)
    quantization = None
    if config.model.load_in_4bit:
        quantization = _untyped(BitsAndBytesConfig)(
            load_in_4bit=True,
            bnb_4bit_quant_type=config.model.bnb_4bit_quant_type,
            bnb_4bit_use_double_quant=config.model.bnb_4bit_use_double_quant,
            bnb_4bit_compute_dtype=dtype,
        )
    model = AutoModelForCausalLM.from_pretrained(
        config.model.base, dtype=dtype, quantization_config=quantization, device_map="auto"
    )
    if config.model.load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = _untyped(prepare_model_for_kbit_training)(
            model, use_gradient_checkpointing=config.train.gradient_checkpointing
        )
    return model, tokenizer


def with_lora(model: PreTrainedModel, config: FinetuneConfig) -> Any:
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        r=config.lora.rank,
        lora_alpha=config.lora.alpha,
        lora_dropout=config.lora.dropout,
        target_modules=list(config.lora.target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)


@dataclass
class TrainResult:
    adapter_dir: Path
    train_examples: int
    eval_examples: int
    dropped_for_length: int
    eval_loss_before: float
    eval_loss_after: float
    train_losses: list[float] = field(default_factory=list)


def train(
    config: FinetuneConfig,
    train_records: Sequence[dict[str, Any]],
    eval_records: Sequence[dict[str, Any]],
    output_dir: Path,
    *,
    model: PreTrainedModel | None = None,
    tokenizer: PreTrainedTokenizerBase | None = None,
    max_steps: int = -1,
) -> TrainResult:
    """Fine-tune a LoRA adapter and save it under ``output_dir/adapter``.

    ``model`` and ``tokenizer`` default to the configured base; the smoke test passes a tiny
    randomly initialized Mistral instead.
    """
    import torch
    from transformers import Trainer, TrainingArguments

    if model is None or tokenizer is None:
        model, tokenizer = load_base(config)
    pad_id = (
        tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    )
    max_len = config.train.max_seq_len
    train_set, dropped_train = tokenize_records(tokenizer, train_records, max_len)
    eval_set, dropped_eval = tokenize_records(tokenizer, eval_records, max_len)
    if not train_set:
        raise ValueError("no training example fits max_seq_len")
    if dropped_train or dropped_eval:
        log.warning(
            "dropped %d examples longer than %d tokens", dropped_train + dropped_eval, max_len
        )

    peft_model = with_lora(model, config)
    peft_model.print_trainable_parameters()

    def collate(batch: Sequence[Tokenized]) -> dict[str, torch.Tensor]:
        return {key: torch.tensor(value) for key, value in pad_batch(batch, pad_id).items()}

    cfg = config.train
    use_bf16 = config.model.compute_dtype == "bfloat16" and torch.cuda.is_available()
    use_fp16 = config.model.compute_dtype == "float16" and torch.cuda.is_available()
    arguments = TrainingArguments(
        output_dir=str(output_dir / "checkpoints"),
        learning_rate=cfg.learning_rate,
        num_train_epochs=cfg.epochs,
        max_steps=max_steps,
        per_device_train_batch_size=cfg.per_device_batch_size,
        per_device_eval_batch_size=cfg.per_device_batch_size,
        gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        gradient_checkpointing=cfg.gradient_checkpointing,
        warmup_steps=warmup_steps(config, len(train_set)),
        lr_scheduler_type=cfg.lr_scheduler,
        weight_decay=cfg.weight_decay,
        optim=cfg.optim,
        logging_steps=cfg.logging_steps,
        eval_strategy="steps",
        eval_steps=cfg.eval_steps,
        save_strategy="steps",
        save_steps=cfg.save_steps,
        save_total_limit=2,
        seed=cfg.seed,
        bf16=use_bf16,
        fp16=use_fp16,
        report_to="none",
        remove_unused_columns=False,
        use_cpu=not torch.cuda.is_available(),
    )
    trainer = Trainer(
        model=peft_model,
        args=arguments,
        train_dataset=_untyped(train_set),  # a list is a map-style dataset
        eval_dataset=_untyped(eval_set),
        data_collator=collate,
    )
    before = trainer.evaluate()["eval_loss"]
    trainer.train()
    after = trainer.evaluate()["eval_loss"]
    adapter_dir = output_dir / "adapter"
    peft_model.save_pretrained(str(adapter_dir))
    tokenizer.save_pretrained(str(adapter_dir))
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    log.info("eval loss %.4f → %.4f; adapter in %s", before, after, adapter_dir)
    return TrainResult(
        adapter_dir=adapter_dir,
        train_examples=len(train_set),
        eval_examples=len(eval_set),
        dropped_for_length=dropped_train + dropped_eval,
        eval_loss_before=float(before),
        eval_loss_after=float(after),
        train_losses=[float(loss) for loss in losses],
    )


__all__ = [
    "IGNORE_INDEX",
    "Tokenized",
    "TrainResult",
    "load_base",
    "pad_batch",
    "tokenize_example",
    "tokenize_records",
    "train",
    "warmup_steps",
    "with_lora",
]
