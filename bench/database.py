"""A province after a year: start-up time, memory, planning check-ins, database size.

python -m bench database [--parents 100000]
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Table
from bench.seed import seed
from bot.config import Config
from bot.services import build_services
from domain.clock import SystemClock
from domain.settings import load_settings
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.parents import ParentRepository
from tests.fake_telegram import FakeTelegram
from tests.harness import TEST_KEY

ROOT = Path(__file__).resolve().parents[1]


def run(parents: int) -> Table:
    table = Table("database", ["measure", "value", "target"])
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        report = seed(db_path, parents, TextCipher([TEST_KEY]), datetime.now(UTC))
        table.add("parents / buddies seeded", f"{report.parents:,} / {report.buddies:,}", "")
        table.add("rows seeded", f"{report.rows:,} in {report.seconds:.1f} s", "")
        table.add("database size", f"{_size_mb(db_path):.0f} MB", "")
        startup, rss = _start_bot(db_path)
        table.add("start-up (process start → polling)", f"{startup:.2f} s", "≤ 2 s")
        table.add("resident memory after start", f"{rss:.0f} MB", "≤ 150 MB")
        for label, seconds in asyncio.run(_planning(db_path)):
            table.add(label, f"{seconds * 1000:.0f} ms", "≤ 200 ms" if "find" in label else "")
    return table


def _size_mb(db_path: Path) -> float:
    return sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")) / 1e6


def _start_bot(db_path: Path) -> tuple[float, float]:
    """Seconds from process start until it polls for updates, and its RSS then (MB)."""
    with FakeTelegram() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KANSRIJK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE_URL=fake.base_url,
            KANSRIJK_DB=str(db_path),
            KANSRIJK_SECRET_KEY=TEST_KEY,
        )
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while fake.stats.requests.get("getUpdates", 0) == 0:
                if process.poll() is not None:
                    raise RuntimeError("the bot exited during start-up")
                if time.perf_counter() - started > 120:
                    raise RuntimeError("the bot did not start within 120 s")
                time.sleep(0.005)
            startup = time.perf_counter() - started
            time.sleep(1.0)  # settle: the first planner runs are part of a normal start
            rss = _rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return startup, rss


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def _planning(db_path: Path) -> list[tuple[str, float]]:
    config = replace(Config(token="1:x", db_path=db_path), secret_key=TEST_KEY)
    db = Database(db_path)
    services = build_services(db, SystemClock(), load_settings(config.settings_path), config)
    await db.open()
    results = []
    started = time.perf_counter()
    async with db.read() as tx:
        found = await ParentRepository(tx).messageable()
    # What every planner round used to start with; since migration 0006 they read only
    # the parents whose next slot has come (the check-in rows below).
    results.append(
        (f"load every messageable parent ({len(found):,})", time.perf_counter() - started)
    )
    for label in ("plan due check-ins, first run (backlog)", "find due check-ins, steady run"):
        started = time.perf_counter()
        await services.checkins.plan_due()
        results.append((label, time.perf_counter() - started))
    await db.close()
    return results
