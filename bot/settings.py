"""Settings from the environment and ``.env`` (DESIGN.md §3); tokens are secrets and never printed."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from skills.common.rates import check_mileage_rates
from skills.common.time import Clock, StartedClock, SystemClock

SLACK_DEFAULT_API_URL = "https://slack.com/api/"
EmbeddingModel = Literal["use-m3", "minilm-int8"]
"""The names ``EMBEDDING_MODEL`` accepts (``knowledge.embeddings.embedder_names()``; a test keeps them equal)."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment; secrets are ``SecretStr`` so a repr never shows them."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    backoffice_home: Path = Field(default=Path("./var"), description="All local state lives here.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite under home if unset.")
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_DEFAULT_API_URL
    chroma_url: str | None = Field(default=None, description="Chroma server URL; embedded under home if unset.")
    knowledge_collection: str = Field(default="policies", description="The Chroma collection of the policy index.")
    backoffice_llm: str | None = Field(default=None, description="Optional provider:model for LangChain.")
    backoffice_llm_threshold: float = Field(
        default=0.7, ge=0, le=1, description="Below this router confidence, ask the LLM."
    )
    backoffice_llm_timeout: float = Field(
        default=8.0, gt=0, description="Seconds to wait for the LLM before giving up."
    )
    port: int = 3000
    hr_channel: str = Field(default="#hr-questions", min_length=1, description="Where questions for HR are posted.")
    hr_language: Literal["en", "es"] = Field(default="en", description="Language of the cards in the HR channel.")
    warehouse_channel: str | None = Field(
        default=None, description="Low-stock alerts and item requests for places whose tree names no channel."
    )
    finance_approval_over: Decimal = Field(
        default=Decimal(500),
        ge=0,
        description="Above this (office currency) finance approves expenses after the manager.",
    )
    mileage_rates: dict[str, str] | None = Field(
        default=None, description='Mileage per country, JSON: {"ES": "0.26 EUR/km", "US": "0.67 USD/mi"}.'
    )
    facilities_channel: str | None = Field(
        default=None, description="Maintenance tickets whose category no team takes (else facilities people's DMs)."
    )
    support_contact: str = Field(
        default="", description="Who unknown users should contact (empty: their HR team, named in their language)."
    )
    embedding_model: EmbeddingModel = Field(default="use-m3", description="Sentence embeddings: use-m3 or minilm-int8.")
    log_text_hashed: bool = Field(default=False, description="Routing log keeps a hash of the text, not the text.")
    nlu_score_cache: int = Field(
        default=1024, ge=0, description="Recent messages whose router scores are kept (0: embed every message)."
    )
    conversation_idle_minutes: int = Field(default=30, ge=1)
    backoffice_clock_start: datetime | None = Field(
        default=None,
        description="Start the process clock at this moment (ISO 8601) instead of the machine's time, then let it "
        "run: for training sessions, demos on a fixed day and acceptance tests of an installed program.",
    )
    backoffice_clock_rate: float = Field(
        default=1.0,
        gt=0,
        description="With BACKOFFICE_CLOCK_START: how many times faster than the machine's the clock runs (and the "
        "scheduled jobs with it): a day of reminders in minutes, for a training session or a test.",
    )
    backoffice_clock_origin: float | None = Field(
        default=None,
        description="With BACKOFFICE_CLOCK_START: the machine time (Unix seconds) at which the clock read that "
        "moment; `serve --workers` sets it so its workers, restarted ones too, share one clock.",
    )
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    event_lease_seconds: float = Field(
        default=60, gt=0, description="Seconds a process may take to handle a Slack event before another takes it back."
    )
    outbox_claim_lease_seconds: float = Field(
        default=40,
        gt=0,
        description="Seconds after which a message a dead process was sending (a notification or a reply) is taken "
        "back by another; a live process renews its claims, and its Web API calls give up well before this.",
    )
    keep_processed_events_days: int = Field(default=7, ge=1, description="Days a handled Slack event id is kept.")
    keep_delivered_days: int = Field(default=30, ge=1, description="Days a delivered notification row is kept.")
    keep_cards_days: int = Field(
        default=365, ge=1, description="Days a delivered card (edited later, answered in its thread) is kept."
    )

    @field_validator("embedding_model", mode="before")
    @classmethod
    def _model_name(cls, value: Any) -> Any:
        """``EMBEDDING_MODEL`` as the embedder registry spells it (``USE-M3 `` is ``use-m3``)."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("chroma_url")
    @classmethod
    def _chroma_address(cls, value: str | None) -> str | None:
        """``CHROMA_URL`` is a web address (``http://host:8000``), or empty for the embedded index."""
        if not value or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("should be a web address like http://chroma-host:8000, or empty for the embedded index")
        return value.strip()

    @field_validator("mileage_rates")
    @classmethod
    def _mileage(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        """Every ``MILEAGE_RATES`` value reads like ``0.26 EUR/km``: a rate that cannot be read is said at start,
        not found missing when someone claims mileage."""
        return None if value is None else check_mileage_rates(value)

    def clock(self) -> Clock:
        """The process clock: the machine's, or one started at ``BACKOFFICE_CLOCK_START`` when that is set."""
        start, origin = self.backoffice_clock_start, self.backoffice_clock_origin
        if start is None:
            return SystemClock()
        if origin is None:
            return StartedClock(start, rate=self.backoffice_clock_rate)
        return StartedClock(start, time.time, rate=self.backoffice_clock_rate, origin=origin)

    @property
    def clock_rate(self) -> float:
        """How many times faster than the machine's the process clock runs (1 unless started and sped up)."""
        return self.backoffice_clock_rate if self.backoffice_clock_start is not None else 1.0

    @property
    def home(self) -> Path:
        """The resolved ``BACKOFFICE_HOME`` folder."""
        return self.backoffice_home.expanduser().resolve()

    @property
    def cache_dir(self) -> Path:
        """Derived data that is rebuilt when missing (the trained router): ``BACKOFFICE_HOME/cache``."""
        return self.home / "cache"

    @property
    def resolved_database_url(self) -> str:
        """``DATABASE_URL``, or the embedded SQLite file under ``BACKOFFICE_HOME``."""
        if self.database_url:
            scheme, sep, rest = self.database_url.partition("://")
            if sep and scheme in ("postgres", "postgresql"):  # as hosting providers write it; psycopg is our driver
                return f"postgresql+psycopg://{rest}"
            return self.database_url
        return f"sqlite:///{self.home / 'backoffice.db'}"

    @property
    def api_url(self) -> str:
        """The Slack Web API base URL, always ending in a slash as slack_sdk expects."""
        return self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"

    def missing_for_serve(self, socket_mode: bool) -> list[str]:
        """Names of the environment variables ``serve`` needs but does not have."""
        needed = {"SLACK_BOT_TOKEN": self.slack_bot_token}
        if socket_mode:
            needed["SLACK_APP_TOKEN"] = self.slack_app_token
        else:
            needed["SLACK_SIGNING_SECRET"] = self.slack_signing_secret
        return [name for name, value in needed.items() if value is None or not value.get_secret_value()]

    def token_problems(self, socket_mode: bool) -> list[str]:
        """Settings that are set but cannot be right (a bot token where an app-level token belongs, a Slack API URL
        that is no web address, and so on)."""
        problems = []
        bot = secret(self.slack_bot_token)
        if bot and not bot.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN should be the bot token, starting with xoxb-")
        app = secret(self.slack_app_token)
        if socket_mode and app and not app.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN should be an app-level token with connections:write, starting with xapp-")
        api = urlsplit(self.slack_api_url.strip())
        if api.scheme not in ("http", "https") or not api.netloc:
            problems.append(f"SLACK_API_URL should be a web address like {SLACK_DEFAULT_API_URL}, not {api.geturl()!r}")
        return problems


def settings_problem(error: Exception) -> str | None:
    """One line naming every setting that cannot be used and why, when ``error`` is about loading the settings;
    None otherwise. A secret's value is never shown."""
    if isinstance(error, SettingsError):  # a value the environment source could not even decode (bad JSON)
        return f"backoffice cannot read its settings (environment or .env): {error}."
    if not isinstance(error, ValidationError) or error.title != Settings.__name__:
        return None
    problems = []
    for item in error.errors(include_url=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        shown = "" if "token" in field or "secret" in field else f"={item.get('input')!r}"
        reason = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{field.upper()}{shown}: {reason}")
    return "backoffice cannot use its settings (environment or .env): " + "; ".join(problems) + "."


def secret(value: SecretStr | None) -> str:
    """The plain text of an optional secret ('' when unset), for handing to a client, never to a log."""
    return value.get_secret_value() if value is not None else ""
