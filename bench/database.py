"""A province after a year: start-up time, memory, planning check-ins, database size.

python -m bench database [--parents 100000]
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Table
from bench.seed import seed
from bot.config import Config
from bot.scheduling import FIRST_RUNS_DONE
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
        start = _start_bot(db_path)
        table.add("start-up (process start → polling)", f"{start.seconds:.2f} s", "≤ 2 s")
        table.add("resident memory after start", f"{start.rss_mb:.0f} MB", "≤ 150 MB")
        table.add(
            "reply to a newcomer's /start during the planners' first run",
            f"{start.reply_seconds * 1000:.0f} ms",
            "",
        )
        table.add(
            "planners' first run in the bot (backlog)", f"{start.first_runs_seconds:.1f} s", ""
        )
        table.add(
            "peak resident memory, first run included", f"{start.peak_rss_mb:.0f} MB", "≤ 150 MB"
        )
        for label, seconds in asyncio.run(_planning(db_path)):
            table.add(label, f"{seconds * 1000:.0f} ms", "≤ 200 ms" if "check-ins" in label else "")
    return table


def _size_mb(db_path: Path) -> float:
    return sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")) / 1e6


@dataclass(frozen=True)
class StartMeasures:
    seconds: float  # process start until it polls for updates
    rss_mb: float  # resident memory a second after that
    reply_seconds: float  # a newcomer's /start until the reply, during the first run
    first_runs_seconds: float  # the planners' first run, logged by the bot
    peak_rss_mb: float  # the process's peak resident memory once that run is over


def _start_bot(db_path: Path) -> StartMeasures:
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
            stderr=subprocess.PIPE,
            text=True,
        )
        first_runs = _first_runs_logged(process)
        try:
            while fake.stats.requests.get("getUpdates", 0) == 0:
                if process.poll() is not None:
                    raise RuntimeError("the bot exited during start-up")
                if time.perf_counter() - started > 120:
                    raise RuntimeError("the bot did not start within 120 s")
                time.sleep(0.005)
            startup = time.perf_counter() - started
            time.sleep(1.0)
            rss = _status_mb(process.pid, "VmRSS")
            reply = _first_reply_seconds(fake)
            first_runs_seconds = first_runs.result(timeout=600)
            peak = _status_mb(process.pid, "VmHWM")
        finally:
            process.terminate()
            process.wait(timeout=60)
    return StartMeasures(startup, rss, reply, first_runs_seconds, peak)


def _first_reply_seconds(fake: FakeTelegram) -> float:
    """A newcomer's /start while the planners work through the backlog: until the reply."""
    newcomer = fake.user(first_name="Nieuw", language_code="nl")
    started = time.perf_counter()
    asyncio.run(newcomer.send("/start"))
    while not newcomer.messages:
        if time.perf_counter() - started > 60:
            raise RuntimeError("no reply to /start within 60 s")
        time.sleep(0.005)
    return time.perf_counter() - started


def _first_runs_logged(process: subprocess.Popen[str]) -> Future[float]:
    """The duration the bot logs when its planners' first run is over (read from stderr
    in a thread, which also keeps the pipe from filling up)."""
    logged: Future[float] = Future()
    pattern = re.compile(re.escape(FIRST_RUNS_DONE) + r" ([0-9.]+) s")

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            found = pattern.search(line)
            if found and not logged.done():
                logged.set_result(float(found.group(1)))
        if not logged.done():
            logged.set_exception(RuntimeError("the bot ended before its planners' first run"))

    threading.Thread(target=read, daemon=True).start()
    return logged


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field}")


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
    labels = (
        "plan due check-ins, the heartbeat after the first run",
        "find due check-ins, steady run",
    )
    for label in labels:
        started = time.perf_counter()
        await services.checkins.plan_due()
        results.append((label, time.perf_counter() - started))
    await db.close()
    return results
