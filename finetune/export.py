"""From a trained LoRA adapter to an Ollama model: the commands, built by pure functions.

Two routes, both ending in ``ollama create deshevle-parser -f Modelfile``:

* **adapter** (default; the committed Modelfile): convert the base to GGUF and quantize it
  to Q4_K_M once, convert the adapter alone to GGUF (``convert_lora_to_gguf.py``), and let
  the Modelfile's ADAPTER line apply it at load time.
* **merged**: merge the adapter into the fp16 base with peft, convert the merged model
  (``convert_hf_to_gguf.py``), quantize it to Q4_K_M (``llama-quantize``) and point FROM
  at it with no ADAPTER line.

``deshevle finetune export`` prints the plan, or runs it with ``--run``. Nothing here runs
on import and the default tests only check the commands.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from finetune.modelfile import ADAPTER_GGUF, BASE_GGUF, MODEL_NAME

Route = Literal["adapter", "merged"]
QUANT: Final = "Q4_K_M"
MERGED_GGUF: Final = "models/deshevle-parser-Q4_K_M.gguf"


@dataclass(frozen=True)
class Step:
    """One command of the plan; ``python`` steps run in this interpreter (torch, peft)."""

    title: str
    argv: tuple[str, ...]

    def shell(self) -> str:
        return shlex.join(self.argv)


@dataclass(frozen=True)
class ExportPaths:
    llama_cpp: Path  # a llama.cpp checkout with llama-quantize built under build/bin
    base_hf: Path  # the base model's Hugging Face folder (config, tokenizer, safetensors)
    adapter: Path  # the trained adapter folder (adapter_config.json, adapter_model.*)
    work: Path  # where intermediate files go
    repo: Path  # where the Modelfile lives; its models/ folder receives the GGUF files

    @property
    def quantize(self) -> Path:
        return self.llama_cpp / "build" / "bin" / "llama-quantize"

    def script(self, name: str) -> Path:
        return self.llama_cpp / name


def convert_hf(paths: ExportPaths, model_dir: Path, outfile: Path) -> Step:
    return Step(
        f"convert {model_dir.name} to GGUF f16",
        (
            sys.executable,
            str(paths.script("convert_hf_to_gguf.py")),
            str(model_dir),
            "--outfile",
            str(outfile),
            "--outtype",
            "f16",
        ),
    )


def quantize(paths: ExportPaths, source: Path, target: Path) -> Step:
    return Step(f"quantize to {QUANT}", (str(paths.quantize), str(source), str(target), QUANT))


def convert_adapter(paths: ExportPaths, outfile: Path) -> Step:
    return Step(
        "convert the LoRA adapter to GGUF",
        (
            sys.executable,
            str(paths.script("convert_lora_to_gguf.py")),
            str(paths.adapter),
            "--base",
            str(paths.base_hf),
            "--outfile",
            str(outfile),
            "--outtype",
            "f16",
        ),
    )


def merge(paths: ExportPaths, merged_dir: Path) -> Step:
    return Step(
        "merge the adapter into the fp16 base",
        (
            sys.executable,
            "-m",
            "finetune.export",
            "merge",
            str(paths.base_hf),
            str(paths.adapter),
            str(merged_dir),
        ),
    )


def modelfile(paths: ExportPaths, route: Route) -> Step:
    adapter = ["--adapter", ADAPTER_GGUF] if route == "adapter" else ["--no-adapter"]
    base = BASE_GGUF if route == "adapter" else MERGED_GGUF
    return Step(
        "write the Modelfile",
        (
            str(Path(sys.executable).with_name("deshevle")),
            "finetune",
            "modelfile",
            "--base",
            base,
            *adapter,
            "--out",
            str(paths.repo / "Modelfile"),
        ),
    )


def ollama_create(paths: ExportPaths) -> Step:
    return Step(
        f"create the Ollama model {MODEL_NAME}",
        ("ollama", "create", MODEL_NAME, "-f", str(paths.repo / "Modelfile")),
    )


def plan(paths: ExportPaths, route: Route = "adapter") -> list[Step]:
    """Every command from the adapter folder to ``ollama create``, in order."""
    if route == "adapter":
        base_f16 = paths.work / "base-f16.gguf"
        steps = [
            convert_hf(paths, paths.base_hf, base_f16),
            quantize(paths, base_f16, paths.repo / BASE_GGUF),
            convert_adapter(paths, paths.repo / ADAPTER_GGUF),
        ]
    else:
        merged_dir = paths.work / "merged"
        merged_f16 = paths.work / "merged-f16.gguf"
        steps = [
            merge(paths, merged_dir),
            convert_hf(paths, merged_dir, merged_f16),
            quantize(paths, merged_f16, paths.repo / MERGED_GGUF),
        ]
    return [*steps, modelfile(paths, route), ollama_create(paths)]


def run_plan(paths: ExportPaths, steps: list[Step]) -> None:
    paths.work.mkdir(parents=True, exist_ok=True)
    (paths.repo / "models").mkdir(parents=True, exist_ok=True)
    for step in steps:
        print(f"# {step.title}\n{step.shell()}", flush=True)
        subprocess.run(step.argv, check=True)


def merge_adapter(base_hf: Path, adapter: Path, out: Path) -> None:
    """Load the base in fp16 on the CPU, fold the LoRA deltas in, save an HF folder."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(base_hf, dtype=torch.float16, device_map="cpu")
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    merged.save_pretrained(out, safe_serialization=True)
    AutoTokenizer.from_pretrained(base_hf).save_pretrained(out)


if __name__ == "__main__":  # the merge step of the plan: python -m finetune.export merge ...
    if len(sys.argv) != 5 or sys.argv[1] != "merge":
        sys.exit("usage: python -m finetune.export merge BASE_HF ADAPTER OUT")
    merge_adapter(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))


__all__ = [
    "MERGED_GGUF",
    "QUANT",
    "ExportPaths",
    "Step",
    "merge_adapter",
    "plan",
    "run_plan",
]
