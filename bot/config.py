"""Configuration from the environment, with an optional ``.env`` file beside it.

Real environment variables win over the file. Every problem becomes one
:class:`ConfigError` whose message is a single line for stderr.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DB = Path("data/kansrijk.sqlite3")
DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent / "config" / "groningen.toml"


class ConfigError(ValueError):
    """Missing or invalid configuration."""


@dataclass(frozen=True)
class Config:
    token: str
    base_url: str = DEFAULT_BASE_URL
    db_path: Path = DEFAULT_DB
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    coordinator_ids: tuple[int, ...] = ()
    settings_path: Path = DEFAULT_SETTINGS
    secret_key: str | None = None
    max_messages_per_second: float = 30.0
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to, taken from the public webhook URL."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")

    @property
    def key_file(self) -> Path:
        """Where a generated encryption key lives when KANSRIJK_SECRET_KEY is unset."""
        return self.db_path.with_name(self.db_path.name + ".key")


def load_config(
    environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")
) -> Config:
    values: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    token = values.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token "
            "in the environment or in .env"
        )
    if ":" not in token:
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (<id>:<secret>)")

    timezone_name = values.get("KANSRIJK_TIMEZONE", "Europe/Amsterdam").strip()
    try:
        timezone = ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"KANSRIJK_TIMEZONE {timezone_name!r} is not a known time zone"
        ) from error

    webhook_url = values.get("KANSRIJK_WEBHOOK_URL", "").strip() or None
    if webhook_url and urlsplit(webhook_url).scheme not in ("https", "http"):
        raise ConfigError(
            "KANSRIJK_WEBHOOK_URL must be an https:// URL (http:// only for a local Bot API server)"
        )
    webhook_secret = values.get("KANSRIJK_WEBHOOK_SECRET", "").strip() or None
    if webhook_url and webhook_secret is None:
        # Telegram then sends this secret with every update; anything without it is refused.
        webhook_secret = secrets.token_urlsafe(32)

    return Config(
        token=token,
        base_url=values.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        db_path=Path(values.get("KANSRIJK_DB", "").strip() or DEFAULT_DB),
        timezone=timezone,
        coordinator_ids=_telegram_ids(values.get("KANSRIJK_COORDINATORS", "")),
        settings_path=Path(values.get("KANSRIJK_SETTINGS", "").strip() or DEFAULT_SETTINGS),
        secret_key=values.get("KANSRIJK_SECRET_KEY", "").strip() or None,
        max_messages_per_second=_rate(values.get("KANSRIJK_MAX_MESSAGES_PER_SECOND", "").strip()),
        webhook_url=webhook_url,
        webhook_listen=values.get("KANSRIJK_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
        webhook_port=_port(values.get("KANSRIJK_WEBHOOK_PORT", "").strip() or "8443"),
        webhook_secret=webhook_secret,
    )


def _telegram_ids(raw: str) -> tuple[int, ...]:
    ids = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(
                f"KANSRIJK_COORDINATORS must be comma-separated Telegram user ids, not {part!r}"
            )
        ids.append(int(part))
    return tuple(ids)


def _rate(raw: str) -> float:
    if not raw:
        return 30.0
    try:
        rate = float(raw)
    except ValueError:
        rate = 0.0
    if rate <= 0:
        raise ConfigError(
            f"KANSRIJK_MAX_MESSAGES_PER_SECOND must be a positive number, not {raw!r}"
        )
    return rate


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"KANSRIJK_WEBHOOK_PORT must be a port number, not {raw!r}")
    return int(raw)
