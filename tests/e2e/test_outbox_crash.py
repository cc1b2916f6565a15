"""Crash safety of the outbox: the real bot (``python -m bot``, long polling against the
fake Telegram) is killed with SIGKILL while it sends 300 messages, then started again.
Every recipient gets their message; only the one message in flight at the moment of the
kill may arrive twice. Run with ``-s`` to see the measured duplicate count."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from bot.config import DEFAULT_SETTINGS
from domain.clock import SystemClock
from services.outbox import OutboxService, Outgoing
from services.tips_delivery import WEEKLY_TIP
from storage.db import Database
from tests.builders import add_parent
from tests.fake_telegram import FakeTelegram, SimUser
from tests.harness import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 300
KILL_AFTER = 100  # sendMessage calls the fake has answered
TIMEOUT = 60.0


def _bot_environment(fake: FakeTelegram, tmp_path: Path) -> dict[str, str]:
    # Quiet hours off: the bot runs on the real clock, and this test must not depend on
    # the hour it runs at.
    settings = tmp_path / "settings.toml"
    settings.write_text(
        DEFAULT_SETTINGS.read_text(encoding="utf-8")
        .replace('quiet_hours_start = "21:00"', 'quiet_hours_start = "00:00"')
        .replace('quiet_hours_end = "08:30"', 'quiet_hours_end = "00:00"'),
        encoding="utf-8",
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KANSRIJK_", "TELEGRAM_"))
    }
    environment.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        KANSRIJK_DB=str(tmp_path / "kansrijk.sqlite3"),
        KANSRIJK_SECRET_KEY=TEST_KEY,
        KANSRIJK_SETTINGS=str(settings),
        PYTHONPATH=str(ROOT),
    )
    return environment


async def _enqueue_messages(db_path: Path, fake: FakeTelegram) -> list[SimUser]:
    """300 registered parents, each with one due message in the outbox."""
    db = Database(db_path)
    await db.open()
    clock = SystemClock()
    # What tests.builders needs from a harness: a database and a clock.
    offline = SimpleNamespace(services=SimpleNamespace(db=db), clock=clock)
    users = [fake.user(first_name=f"Parent{n}") for n in range(RECIPIENTS)]
    people = [await add_parent(offline, user.id, first_name=user.first_name) for user in users]
    await OutboxService(db, clock).enqueue(
        *[Outgoing(person.id, WEEKLY_TIP, {"week": 0}) for person in people]
    )
    await db.close()
    return users


def _start_bot(environment: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=cwd, env=environment, stdout=output, stderr=output
        )


async def _wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; bot log:\n{log.read_text()}")
        await asyncio.sleep(0.01)


def _outbox_statuses(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path, timeout=5) as connection:
        rows = connection.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        return dict(rows.fetchall())


async def test_sigkill_while_sending_300_messages(tmp_path: Path) -> None:
    with FakeTelegram() as fake:
        environment = _bot_environment(fake, tmp_path)
        db_path = Path(environment["KANSRIJK_DB"])
        recipients = await _enqueue_messages(db_path, fake)
        log = tmp_path / "bot.log"

        def sent_messages() -> int:
            return fake.stats.requests["sendMessage"]

        bot = _start_bot(environment, tmp_path, log)
        try:
            await _wait_for(lambda: sent_messages() >= KILL_AFTER, "100 messages", log)
            bot.send_signal(signal.SIGKILL)
            bot.wait(timeout=10)
        finally:
            if bot.poll() is None:
                bot.kill()
        at_kill = sent_messages()
        assert at_kill < RECIPIENTS, "the kill must land while sending"

        bot = _start_bot(environment, tmp_path, log)
        try:
            await _wait_for(
                lambda: _outbox_statuses(db_path) == {"sent": RECIPIENTS}, "all rows sent", log
            )
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(timeout=10)
            except subprocess.TimeoutExpired:
                bot.kill()

        received = [len(user.messages) for user in recipients]
        duplicates = sum(count - 1 for count in received)
        print(
            f"\noutbox crash test: SIGKILL after {at_kill} of {RECIPIENTS} messages;"
            f" after the restart every recipient has a message, duplicates: {duplicates}"
        )
        assert min(received) >= 1
        assert duplicates <= 1, f"{duplicates} duplicates after one crash"
