"""Runtime configuration, read from the environment and an optional ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from stores.chains import SEED_CHAINS, known_chain

ParserBackend = Literal["auto", "rules", "llm"]
BotMode = Literal["polling", "webhook"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""
    demo_autoload: bool = True

    bot_token: SecretStr | None = None
    bot_api_url: str = "https://api.telegram.org"
    bot_mode: BotMode = "polling"
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    throttle_seconds: float = 2.0

    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "deshevle-parser"
    ollama_timeout: float = 20.0
    parser: ParserBackend = "auto"
    ollama_keep_alive: str = "30m"
    # JSONL of parser disagreements kept for retraining; empty: DATA_DIR/parser_disagreements.jsonl
    parser_disagreements: str = ""

    chains: Annotated[list[str], NoDecode] = Field(default_factory=lambda: list(SEED_CHAINS))
    refresh_interval_hours: float = 6.0
    refresh_jitter_seconds: int = 600
    retention_days: int = 90
    split_penalty_kop: int = 15_000

    pyaterochka_store: str = ""
    pyaterochka_device_id: SecretStr | None = None
    pyaterochka_app_version: str = ""
    perekrestok_token: SecretStr | None = None
    magnit_store: str = ""
    chizhik_city_id: str = ""
    user_agent: str = "DeshevleBot/0.1 (+price comparison; contact: see README)"
    scrape_timeout: float = 20.0
    scrape_batch_size: int = 200
    # Cookie header per chain, pasted from a browser session: {"dixy": "a=1; b=2"}.
    scrape_cookies: dict[str, SecretStr] = Field(default_factory=dict)

    log_level: str = "INFO"

    @field_validator("chains", mode="before")
    @classmethod
    def _split_chains(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("chains")
    @classmethod
    def _known_chains(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if not known_chain(code)]
        if unknown:
            raise ValueError(f"unknown chain codes: {', '.join(unknown)}")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'deshevle.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
