from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_BASE_URL, ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


def test_defaults() -> None:
    config = load_config({"TELEGRAM_BOT_TOKEN": "1:abc"}, dotenv_path=None)
    assert config.base_url == DEFAULT_BASE_URL
    assert config.db_path == Path("data/kansrijk.sqlite3")
    assert str(config.timezone) == "Europe/Amsterdam"
    assert config.coordinator_ids == ()


def test_values_and_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("TELEGRAM_BOT_TOKEN=9:from-file\nKANSRIJK_COORDINATORS=1, 2\n")
    config = load_config({"KANSRIJK_TIMEZONE": "UTC"}, dotenv_path=dotenv)
    assert config.token == "9:from-file"
    assert config.coordinator_ids == (1, 2)
    assert str(config.timezone) == "UTC"
    # The environment wins over the file.
    assert load_config({"TELEGRAM_BOT_TOKEN": "5:env"}, dotenv_path=dotenv).token == "5:env"


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "does not look like"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "KANSRIJK_TIMEZONE": "Nowhere/Land"}, "time zone"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "KANSRIJK_COORDINATORS": "12,abc"}, "user ids"),
    ],
)
def test_invalid(environ: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_config(environ, dotenv_path=None)


def test_missing_token_exits_2_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"TELEGRAM_BOT_TOKEN": "", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr
