"""Every periodic planner on a seeded province: the first run (the seed's backlog) and a
steady run right after (what each heartbeat costs).

    python -m bench planners [--parents 100000]
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Table
from bench.seed import seed
from bot.app import build_application
from bot.config import Config
from bot.scheduling import registered_tasks
from storage.crypto import TextCipher
from tests.harness import TEST_KEY


def run(parents: int) -> Table:
    table = Table(f"planners ({parents:,} parents)", ["planner", "first run", "steady run"])
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        seed(db_path, parents, TextCipher([TEST_KEY]), datetime.now(UTC))
        for name, first, steady in asyncio.run(_time_planners(db_path)):
            table.add(name, f"{first * 1000:.0f} ms", f"{steady * 1000:.0f} ms")
    return table


async def _time_planners(db_path: Path) -> list[tuple[str, float, float]]:
    config = replace(Config(token="1:x", db_path=db_path), secret_key=TEST_KEY)
    application = build_application(config)
    state = application.bot_data
    # Only planning is measured: nothing is sent.
    state.services.outbox._listeners.clear()
    await state.services.db.open()
    timings: dict[str, list[float]] = {}
    for _ in range(2):
        for task in registered_tasks():
            started = time.perf_counter()
            await task.run(state)
            timings.setdefault(task.name, []).append(time.perf_counter() - started)
    await state.services.db.close()
    return [(name, first, steady) for name, (first, steady) in timings.items()]
