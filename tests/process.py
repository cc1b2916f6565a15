"""Running ``python -m bot`` as a separate process against the fake Telegram."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fake_telegram import FakeTelegram
from tests.harness import COORDINATOR_TELEGRAM_ID, TEST_KEY

ROOT = Path(__file__).resolve().parents[1]


def bot_environment(fake: FakeTelegram, db_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "KANSRIJK_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        KANSRIJK_DB=str(db_path),
        KANSRIJK_SECRET_KEY=TEST_KEY,
        KANSRIJK_COORDINATORS=str(COORDINATOR_TELEGRAM_ID),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def start_bot(env: dict[str, str], log_path: Path, *arguments: str) -> subprocess.Popen[bytes]:
    log = open(log_path, "ab")  # noqa: SIM115 - the process owns it until it ends
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *arguments], cwd=ROOT, env=env, stdout=log, stderr=log
    )


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop_gently(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        kill_hard(process)
        raise
