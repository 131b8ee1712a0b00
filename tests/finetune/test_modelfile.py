from __future__ import annotations

import re
from pathlib import Path

from finetune.modelfile import (
    ADAPTER_GGUF,
    BASE_GGUF,
    REPO_MODELFILE,
    render_modelfile,
    write_modelfile,
)
from finetune.template import OLLAMA_TEMPLATE
from parser.llm import NUM_CTX
from parser.prompt import SYSTEM_PROMPT


def _block(text: str, keyword: str) -> str:
    match = re.search(rf'^{keyword} """(.*?)"""$', text, re.MULTILINE | re.DOTALL)
    assert match is not None, keyword
    return match.group(1)


def test_committed_modelfile_is_the_rendering() -> None:
    assert REPO_MODELFILE.read_text(encoding="utf-8") == render_modelfile(), (
        "Modelfile is stale: run `deshevle finetune modelfile`"
    )


def test_system_is_the_parser_prompt_and_template_the_renderer_s() -> None:
    text = REPO_MODELFILE.read_text(encoding="utf-8")
    assert _block(text, "SYSTEM") == SYSTEM_PROMPT
    assert _block(text, "TEMPLATE") == OLLAMA_TEMPLATE


def test_from_adapter_and_parameters() -> None:
    lines = render_modelfile().splitlines()
    assert f"FROM ./{BASE_GGUF}" in lines
    assert f"ADAPTER ./{ADAPTER_GGUF}" in lines
    assert "PARAMETER temperature 0" in lines
    assert f"PARAMETER num_ctx {NUM_CTX}" in lines
    stops = [line for line in lines if line.startswith("PARAMETER stop")]
    assert stops == [
        'PARAMETER stop "[INST]"',
        'PARAMETER stop "[/INST]"',
        'PARAMETER stop "</s>"',
    ]


def test_merged_variant_has_no_adapter_line(tmp_path: Path) -> None:
    path = write_modelfile(tmp_path / "Modelfile", "models/merged.gguf", None)
    text = path.read_text(encoding="utf-8")
    assert "FROM ./models/merged.gguf" in text
    assert not [line for line in text.splitlines() if line.startswith("ADAPTER")]
