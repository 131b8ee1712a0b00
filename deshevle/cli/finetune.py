"""`deshevle finetune ...`: dataset, rules cross-check, training, Modelfile and export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from deshevle.cli.app import app, console, errors
from finetune.config import DEFAULT_CONFIG, ConfigError, FinetuneConfig
from finetune.modelfile import ADAPTER_GGUF, BASE_GGUF, REPO_MODELFILE, write_modelfile

finetune_app = typer.Typer(
    name="finetune",
    help="Fine-tuning data and tooling for the LLM list parser.",
    no_args_is_help=True,
)
app.add_typer(finetune_app)


@finetune_app.command("dataset")
def dataset_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for train.jsonl and heldout.jsonl")],
    n: Annotated[int, typer.Option("--n", min=10, help="Examples in all")] = 1500,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    few_shot: Annotated[
        bool, typer.Option("--few-shot/--no-few-shot", help="Prompt with parser.llm's few-shot")
    ] = True,
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Report agreement with the rules parser")
    ] = True,
    disagreements: Annotated[
        Path | None, typer.Option("--disagreements", help="JSONL of messages the rules differ on")
    ] = None,
) -> None:
    """Generate the synthetic training set, deterministic for a seed."""
    from finetune.dataset import generate, write_dataset

    files = write_dataset(out, n, seed, few_shot=few_shot)
    console.print(f"train: {files.train_count} → {files.train}")
    console.print(f"held-out: {files.held_out_count} → {files.held_out}")
    if check:
        from finetune.crosscheck import rules_agreement

        agreement = rules_agreement(generate(n, seed))
        console.print_json(json.dumps({"rules_agreement": agreement.summary()}))
        if disagreements is not None:
            lines = (json.dumps(entry, ensure_ascii=False) for entry in agreement.disagreements)
            disagreements.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@finetune_app.command("modelfile")
def modelfile_command(
    out: Annotated[Path, typer.Option("--out")] = REPO_MODELFILE,
    base: Annotated[str, typer.Option("--base", help="FROM: the base GGUF")] = BASE_GGUF,
    adapter: Annotated[
        str, typer.Option("--adapter", help="ADAPTER: the LoRA GGUF")
    ] = ADAPTER_GGUF,
    no_adapter: Annotated[bool, typer.Option("--no-adapter", help="A merged model")] = False,
) -> None:
    """Write the Ollama Modelfile (TEMPLATE and SYSTEM come from the code)."""
    path = write_modelfile(out, base, None if no_adapter else adapter)
    console.print(f"Modelfile → {path}")


def _config(path: Path) -> FinetuneConfig:
    try:
        return FinetuneConfig.load(path)
    except (OSError, ConfigError) as error:
        errors.print(f"Конфигурация {path}: {error}")
        raise typer.Exit(2) from None


@finetune_app.command("train")
def train_command(
    data: Annotated[Path, typer.Option("--data", help="Folder with train/heldout JSONL")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (adapter/ inside)")],
    config_path: Annotated[Path, typer.Option("--config")] = DEFAULT_CONFIG,
) -> None:
    """QLoRA fine-tuning (needs the train extra and a GPU)."""
    from finetune.dataset import read_records
    from finetune.train_lora import train

    config = _config(config_path)
    result = train(
        config, read_records(data / "train.jsonl"), read_records(data / "heldout.jsonl"), out
    )
    console.print(
        f"eval loss {result.eval_loss_before:.4f} → {result.eval_loss_after:.4f}; "
        f"adapter: {result.adapter_dir}"
    )


@finetune_app.command("export")
def export_command(
    llama_cpp: Annotated[Path, typer.Option("--llama-cpp", help="llama.cpp checkout")],
    base_hf: Annotated[Path, typer.Option("--base-hf", help="Base model HF folder")],
    adapter: Annotated[Path, typer.Option("--adapter", help="Trained adapter folder")],
    work: Annotated[Path, typer.Option("--work", help="Folder for intermediate files")],
    route: Annotated[str, typer.Option("--route", help="adapter | merged")] = "adapter",
    run_it: Annotated[bool, typer.Option("--run", help="Run the commands, not just print")] = False,
) -> None:
    """The commands from adapter to `ollama create deshevle-parser`."""
    from finetune.export import ExportPaths, plan, run_plan

    if route not in {"adapter", "merged"}:
        errors.print("--route: adapter или merged")
        raise typer.Exit(2)
    paths = ExportPaths(llama_cpp, base_hf, adapter, work, REPO_MODELFILE.parent)
    steps = plan(paths, route)  # type: ignore[arg-type]
    if run_it:
        run_plan(paths, steps)
        return
    for step in steps:  # plain echo: long commands must stay copy-pasteable, unwrapped
        typer.echo(f"# {step.title}\n{step.shell()}")
