"""A broadcast to many parents with the fake Telegram enforcing a send rate, and the bot
configured to that rate: how close does it get, and does it ever trip a 429?

    python -m bench broadcast [--parents 10000] [--rate 300]
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.remote_fake import RemoteFake
from bench.report import Table
from bench.seed import FIRST_TELEGRAM_ID, seed
from bot.app import build_application
from bot.config import DEFAULT_SETTINGS, Config
from domain.audience import Segment
from storage.crypto import TextCipher
from tests.harness import COORDINATOR_TELEGRAM_ID, TEST_KEY

RATE = 300.0  # messages per second, for the fake and the bot alike


@dataclass(frozen=True)
class Delivery:
    delivered: int
    seconds: float
    too_many_requests: int
    bot_cpu_seconds: float  # the bot's process while the broadcast went out


def run(parents: int, rate: float = RATE) -> Table:
    table = Table(
        f"broadcast to {parents:,} parents at {rate:.0f}/s", ["measure", "value", "target"]
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        seed(db_path, parents, TextCipher([TEST_KEY]), datetime.now(UTC))
        settings = Path(folder) / "settings.toml"
        settings.write_text(_without_quiet_hours(DEFAULT_SETTINGS.read_text(encoding="utf-8")))
        result = asyncio.run(_broadcast(db_path, settings, parents, rate))
    achieved = result.delivered / result.seconds
    table.add("delivered", f"{result.delivered:,} in {result.seconds:.1f} s", f"{parents:,}")
    table.add("achieved rate", f"{achieved:.0f}/s ({achieved / rate:.0%} of allowed)", "≥ 95 %")
    table.add("429 Too Many Requests", str(result.too_many_requests), "0")
    cpu_per_message = result.bot_cpu_seconds / max(result.delivered, 1)
    table.add(
        "bot CPU per message (its busy share of the time)",
        f"{cpu_per_message * 1000:.2f} ms ({result.bot_cpu_seconds / result.seconds:.0%})",
        "",
    )
    return table


def _without_quiet_hours(settings: str) -> str:
    # The benchmark must not depend on the hour it runs at.
    return settings.replace('quiet_hours_start = "21:00"', 'quiet_hours_start = "00:00"').replace(
        'quiet_hours_end = "08:30"', 'quiet_hours_end = "00:00"'
    )


async def _broadcast(db_path: Path, settings: Path, parents: int, rate: float) -> Delivery:
    users = range(FIRST_TELEGRAM_ID, FIRST_TELEGRAM_ID + parents)
    with RemoteFake(users, rate_limit_per_second=rate) as fake:
        config = Config(
            token=fake.token,
            base_url=fake.base_url,
            db_path=db_path,
            secret_key=TEST_KEY,
            settings_path=settings,
            coordinator_ids=(COORDINATOR_TELEGRAM_ID,),
            max_messages_per_second=rate,
        )
        application = build_application(config)
        state = application.bot_data
        await application.initialize()
        try:
            (coordinator,) = await state.services.people.ensure_config_coordinators(
                config.coordinator_ids
            )
            draft = await state.services.broadcasts.draft(
                coordinator.id, Segment(), "De babycafé is weer open op donderdag!"
            )
            sends_before = fake.stats().requests.get("sendMessage", 0)
            started = time.perf_counter()
            cpu_started = time.process_time()
            await state.services.broadcasts.confirm(coordinator.id, draft.broadcast_id)
            await state.dispatcher.wait_idle()
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            stats = fake.stats()
            delivered = stats.requests.get("sendMessage", 0) - sends_before
        finally:
            await application.shutdown()
            await state.services.db.close()
        return Delivery(delivered, seconds, stats.too_many_requests, cpu_seconds)
