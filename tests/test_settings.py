from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from deshevle.settings import Settings


def test_defaults_use_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite+aiosqlite:///{tmp_path / 'deshevle.db'}"
    assert settings.parser == "auto"
    assert settings.chains == ["pyaterochka", "magnit", "dixy", "perekrestok"]


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINS", "magnit, dixy")
    monkeypatch.setenv("PARSER", "rules")
    monkeypatch.setenv("OLLAMA_TIMEOUT", "5")
    settings = Settings(_env_file=None)
    assert settings.chains == ["magnit", "dixy"]
    assert (settings.parser, settings.ollama_timeout) == ("rules", 5.0)


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=sqlite+aiosqlite:///x.db\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.resolved_database_url == "sqlite+aiosqlite:///x.db"
    assert settings.log_level == "DEBUG"


def test_unknown_chain_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown chain"):
        Settings(_env_file=None, chains=["auchan"])


def test_secrets_are_never_printed() -> None:
    settings = Settings(_env_file=None, bot_token="123456:SECRET-TOKEN", perekrestok_token="abc")
    assert "SECRET-TOKEN" not in repr(settings)
    assert "SECRET-TOKEN" not in str(settings.model_dump())
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:SECRET-TOKEN"


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).parents[1] / ".env.example").read_text(encoding="utf-8")
    listed = {
        line.split("=", 1)[0]
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert {name.upper() for name in Settings.model_fields} <= listed
