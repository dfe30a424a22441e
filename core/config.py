"""All settings, from the environment or `.env`. Secrets never get logged (SecretStr)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """./data in a source checkout (next to pyproject.toml and .git); the platform's user data folder
    ($XDG_DATA_HOME/moviebot, else ~/.local/share/moviebot) for an installed package."""
    if (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / ".git").exists():
        return REPO_ROOT / "data"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "moviebot"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
                                      env_ignore_empty=True, hide_input_in_errors=True)  # no secret in an error

    # --- where embedded data lives
    data_dir: Path = Field(default_factory=lambda: default_data_dir(), alias="MOVIEBOT_DATA_DIR")
    log_level: str = Field(default="INFO", alias="MOVIEBOT_LOG_LEVEL")

    # --- LLM (any OpenAI-compatible server). No base URL and no key -> offline reasoner.
    llm_base_url: str | None = Field(default=None, alias="LLM_BASE_URL")
    llm_api_key: SecretStr | None = Field(default=None, alias="LLM_API_KEY")
    llm_model: str = Field(default="gpt-4o-mini", alias="LLM_MODEL")
    llm_timeout_s: float = Field(default=20.0, alias="LLM_TIMEOUT_S")
    llm_max_retries: int = Field(default=2, alias="LLM_MAX_RETRIES")  # our own loop; bounded by the deadline
    # One budget per request across both LLM stages and their retries; then the offline reasoner answers.
    llm_deadline_s: float = Field(default=8.0, gt=0, alias="LLM_DEADLINE_S")
    llm_breaker_failures: int = Field(default=3, ge=1, alias="LLM_BREAKER_FAILURES")  # consecutive, to open
    llm_breaker_cooldown_s: float = Field(default=30.0, gt=0, alias="LLM_BREAKER_COOLDOWN_S")  # doubles to 5 min
    # The understand stage's share of LLM_DEADLINE_S; rank gets what is left. A stage with no time left is not sent.
    llm_understand_share: float = Field(default=0.4, gt=0, lt=1, alias="LLM_UNDERSTAND_SHARE")
    # Stream answers: no first token within LLM_FIRST_TOKEN_S is "hung"; tokens without a finished answer in the
    # budget is "too slow". Tells a busy CPU model from a dead server in the log and StageReport.
    llm_stream: bool = Field(default=False, alias="LLM_STREAM")
    llm_first_token_s: float = Field(default=5.0, gt=0, alias="LLM_FIRST_TOKEN_S")
    llm_structured_output: Literal["json_schema", "json_mode"] = Field(
        default="json_schema", alias="LLM_STRUCTURED_OUTPUT"
    )
    # "compact": shorter instructions, fewer fields and shorter candidate lines for small local models (1.5B-8B)
    llm_prompt: Literal["full", "compact"] = Field(default="full", alias="LLM_PROMPT")

    # --- catalog backend
    catalog_backend: Literal["sqlite", "elasticsearch"] = Field(default="sqlite", alias="CATALOG_BACKEND")
    catalog_path: Path | None = Field(default=None, alias="CATALOG_PATH")
    elasticsearch_url: str | None = Field(default=None, alias="ELASTICSEARCH_URL")
    elasticsearch_api_key: SecretStr | None = Field(default=None, alias="ELASTICSEARCH_API_KEY")
    elasticsearch_index: str = Field(default="movies", alias="ELASTICSEARCH_INDEX")
    elasticsearch_timeout_s: float = Field(default=5.0, alias="ELASTICSEARCH_TIMEOUT_S")
    catalog_fallback_to_sqlite: bool = Field(default=True, alias="CATALOG_FALLBACK_TO_SQLITE")

    imdb_datasets_url: str = Field(default="https://datasets.imdbws.com/", alias="IMDB_DATASETS_URL")
    # --- TMDB enrichment (`moviebot catalog enrich --tmdb`); never used on the request path
    tmdb_api_key: SecretStr | None = Field(default=None, alias="TMDB_API_KEY")  # v3 key
    tmdb_read_token: SecretStr | None = Field(default=None, alias="TMDB_READ_TOKEN")  # v4 read-access token
    tmdb_base_url: str = Field(default="https://api.themoviedb.org/3", alias="TMDB_BASE_URL")
    tmdb_concurrency: int = Field(default=8, ge=1, le=40, alias="TMDB_CONCURRENCY")
    tmdb_timeout_s: float = Field(default=10.0, gt=0, alias="TMDB_TIMEOUT_S")

    # --- history backend
    history_backend: Literal["sqlite", "dynamodb"] = Field(default="sqlite", alias="HISTORY_BACKEND")
    history_path: Path | None = Field(default=None, alias="HISTORY_PATH")
    dynamodb_table: str = Field(default="moviebot-history", alias="DYNAMODB_TABLE")
    dynamodb_endpoint_url: str | None = Field(default=None, alias="DYNAMODB_ENDPOINT_URL")
    aws_region: str = Field(default="us-east-1", alias="AWS_REGION")
    dynamodb_max_attempts: int = Field(default=3, alias="DYNAMODB_MAX_ATTEMPTS")  # botocore "standard" retries
    dynamodb_connect_timeout_s: float = Field(default=2.0, alias="DYNAMODB_CONNECT_TIMEOUT_S")
    dynamodb_read_timeout_s: float = Field(default=5.0, alias="DYNAMODB_READ_TIMEOUT_S")

    # --- SASRec
    sasrec_checkpoint: Path | None = Field(
        default=REPO_ROOT / "sasrec" / "checkpoints" / "ml1m.npz", alias="SASREC_CHECKPOINT"  # .npz: NumPy; .pt: torch
    )

    # --- recommendation behaviour
    default_picks: int = Field(default=5, alias="MOVIEBOT_DEFAULT_PICKS")
    rank_candidates: int = Field(default=20, alias="MOVIEBOT_RANK_CANDIDATES")
    max_request_chars: int = Field(default=2000, alias="MOVIEBOT_MAX_REQUEST_CHARS")
    # follow-ups ("more", "older", "#2") refer to the last picks in a channel for this long (seconds)
    conversation_ttl_s: float = Field(default=1800.0, gt=0, alias="MOVIEBOT_CONVERSATION_TTL_S")

    # --- Discord
    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT")
    discord_max_concurrency: int = Field(default=8, alias="DISCORD_MAX_CONCURRENT_RUNS")
    discord_user_cooldown_s: float = Field(default=10.0, alias="DISCORD_USER_COOLDOWN_S")
    # Movie night: the vote closes after this many minutes, or earlier when every member has voted.
    movienight_poll_minutes: float = Field(default=10.0, gt=0, le=1440, alias="MOVIENIGHT_POLL_MINUTES")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    @property
    def catalog_db(self) -> Path:
        return self.catalog_path or self.data_dir / "catalog.sqlite3"

    @property
    def history_db(self) -> Path:
        return self.history_path or self.data_dir / "history.sqlite3"
