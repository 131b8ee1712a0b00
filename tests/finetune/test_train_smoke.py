"""CPU smoke test of the LoRA pipeline: a tiny random Mistral, a tokenizer trained here.

Needs the ``train`` extra; excluded from the default run, run by ``make test-train``.
"""

from __future__ import annotations

from typing import Any

import pytest

from finetune.config import FinetuneConfig
from finetune.dataset import generate, split_examples, to_record
from finetune.template import EOS, INST_CLOSE, INST_OPEN

pytestmark = pytest.mark.train

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
peft = pytest.importorskip("peft")
tokenizers = pytest.importorskip("tokenizers")

SPECIALS = ["<unk>", "<s>", EOS, INST_OPEN, INST_CLOSE]


def _records(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    train, held = split_examples(generate(n, seed=7), seed=7, held_out=0.2)
    # Without the few-shot turns the sequences stay short enough for a quick CPU run.
    return (
        [to_record(example, i, "train", few_shot=False) for i, example in enumerate(train)],
        [to_record(example, i, "heldout", few_shot=False) for i, example in enumerate(held)],
    )


def _tokenizer(texts: list[str]) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    core = Tokenizer(models.BPE(unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Metaspace()
    core.decoder = decoders.Metaspace()
    core.train_from_iterator(
        texts, trainers.BpeTrainer(vocab_size=1200, special_tokens=SPECIALS, show_progress=False)
    )
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=core, bos_token="<s>", eos_token=EOS, unk_token="<unk>", pad_token=EOS
    )


def _tiny_mistral(vocab_size: int) -> Any:
    torch.manual_seed(0)
    config = transformers.MistralConfig(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=1,
        eos_token_id=2,
    )
    return transformers.MistralForCausalLM(config)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from finetune.train_lora import train

    out = tmp_path_factory.mktemp("lora")
    train_records, eval_records = _records(80)
    tokenizer = _tokenizer([r["prompt"] + r["completion"] for r in train_records])
    model = _tiny_mistral(len(tokenizer))
    base_dir = out / "base"
    model.save_pretrained(base_dir)  # the random base, to reload under the adapter
    config = FinetuneConfig.load().with_train(
        learning_rate=1e-2,
        lr_scheduler="constant",
        epochs=1,
        max_seq_len=1024,
        per_device_batch_size=4,
        gradient_accumulation_steps=1,
        gradient_checkpointing=False,
        optim="adamw_torch",
        logging_steps=4,
        eval_steps=100,
        save_steps=1000,
    )
    result = train(
        config, train_records, eval_records, out, model=model, tokenizer=tokenizer, max_steps=40
    )
    return {"result": result, "base_dir": base_dir, "tokenizer": tokenizer, "records": eval_records}


def test_loss_falls(trained: dict[str, Any]) -> None:
    result = trained["result"]
    assert result.train_examples > 0 and result.eval_examples > 0
    assert len(result.train_losses) >= 6
    early = sum(result.train_losses[:2]) / 2
    late = sum(result.train_losses[-2:]) / 2
    # A random 64-wide base learns little through LoRA, but it must learn something.
    assert late < early - 0.1
    assert result.eval_loss_after < result.eval_loss_before - 0.05


def test_adapter_saves_and_loads(trained: dict[str, Any]) -> None:
    result = trained["result"]
    assert (result.adapter_dir / "adapter_config.json").is_file()
    assert (result.adapter_dir / "adapter_model.safetensors").is_file()
    base = transformers.MistralForCausalLM.from_pretrained(trained["base_dir"])
    plain_logits = _logits(base, trained)
    tuned = peft.PeftModel.from_pretrained(base, str(result.adapter_dir))
    tuned_logits = _logits(tuned, trained)
    # The loaded adapter changes the base's output: its trained weights came back.
    assert not torch.allclose(plain_logits, tuned_logits)
    loaded = peft.PeftConfig.from_pretrained(str(result.adapter_dir))
    assert set(loaded.target_modules) == set(FinetuneConfig.load().lora.target_modules)


def test_target_modules_are_every_linear_layer() -> None:
    model = _tiny_mistral(64)
    linear = {
        name.rsplit(".", 1)[-1]
        for name, module in model.model.layers.named_modules()
        if isinstance(module, torch.nn.Linear)
    }
    assert linear == set(FinetuneConfig.load().lora.target_modules)


def test_answer_tokens_alone_carry_labels(trained: dict[str, Any]) -> None:
    from finetune.train_lora import IGNORE_INDEX, tokenize_example

    tokenizer = trained["tokenizer"]
    record = trained["records"][0]
    example = tokenize_example(tokenizer, record["prompt"], record["completion"], 4096)
    assert example is not None
    labelled = [
        t
        for t, label in zip(example.input_ids, example.labels, strict=True)
        if label != IGNORE_INDEX
    ]
    decoded = tokenizer.decode(labelled[:-1]).strip()
    assert decoded.replace(" ", "") == record["completion"].removesuffix(EOS).replace(" ", "")
    assert labelled[-1] == tokenizer.eos_token_id


def _logits(model: Any, trained: dict[str, Any]) -> Any:
    tokenizer = trained["tokenizer"]
    ids = tokenizer(trained["records"][0]["prompt"], return_tensors="pt")["input_ids"][:, :64]
    model.eval()
    with torch.no_grad():
        return model(input_ids=ids).logits
