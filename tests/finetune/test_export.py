from __future__ import annotations

from pathlib import Path

from finetune.export import MERGED_GGUF, ExportPaths, plan
from finetune.modelfile import ADAPTER_GGUF, BASE_GGUF

PATHS = ExportPaths(
    llama_cpp=Path("/opt/llama.cpp"),
    base_hf=Path("/models/Mistral-7B-Instruct-v0.3"),
    adapter=Path("/runs/lora/adapter"),
    work=Path("/tmp/work"),
    repo=Path("/repo"),
)


def test_adapter_route_converts_quantizes_and_creates() -> None:
    steps = plan(PATHS, "adapter")
    argvs = [step.argv for step in steps]
    assert argvs[0][1:] == (
        "/opt/llama.cpp/convert_hf_to_gguf.py",
        "/models/Mistral-7B-Instruct-v0.3",
        "--outfile",
        "/tmp/work/base-f16.gguf",
        "--outtype",
        "f16",
    )
    assert argvs[1] == (
        "/opt/llama.cpp/build/bin/llama-quantize",
        "/tmp/work/base-f16.gguf",
        f"/repo/{BASE_GGUF}",
        "Q4_K_M",
    )
    assert argvs[2][1:] == (
        "/opt/llama.cpp/convert_lora_to_gguf.py",
        "/runs/lora/adapter",
        "--base",
        "/models/Mistral-7B-Instruct-v0.3",
        "--outfile",
        f"/repo/{ADAPTER_GGUF}",
        "--outtype",
        "f16",
    )
    assert argvs[3][1:] == (
        "finetune", "modelfile", "--base", BASE_GGUF, "--adapter", ADAPTER_GGUF,
        "--out", "/repo/Modelfile",
    )  # fmt: skip
    assert argvs[4] == ("ollama", "create", "deshevle-parser", "-f", "/repo/Modelfile")


def test_merged_route_merges_first_and_drops_the_adapter() -> None:
    steps = plan(PATHS, "merged")
    assert steps[0].argv[1:] == (
        "-m", "finetune.export", "merge",
        "/models/Mistral-7B-Instruct-v0.3", "/runs/lora/adapter", "/tmp/work/merged",
    )  # fmt: skip
    assert steps[1].argv[2] == "/tmp/work/merged"
    assert steps[2].argv[-2:] == (f"/repo/{MERGED_GGUF}", "Q4_K_M")
    assert "--no-adapter" in steps[3].argv and MERGED_GGUF in steps[3].argv
    assert steps[-1].argv[:3] == ("ollama", "create", "deshevle-parser")


def test_shell_lines_quote_paths_with_spaces() -> None:
    paths = ExportPaths(Path("/my llama"), PATHS.base_hf, PATHS.adapter, PATHS.work, PATHS.repo)
    assert "'/my llama/build/bin/llama-quantize'" in plan(paths)[1].shell()
