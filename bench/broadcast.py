"""A broadcast to many parents with the fake Telegram enforcing a send rate, and the bot
configured to that rate: how close does it get, and does it ever trip a 429?

    python -m bench broadcast [--parents 10000]
"""

from __future__ import annotations

import asyncio
import tempfile
import time
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


def run(parents: int) -> Table:
    table = Table(
        f"broadcast to {parents:,} parents at {RATE:.0f}/s", ["measure", "value", "target"]
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        seed(db_path, parents, TextCipher([TEST_KEY]), datetime.now(UTC))
        settings = Path(folder) / "settings.toml"
        settings.write_text(_without_quiet_hours(DEFAULT_SETTINGS.read_text(encoding="utf-8")))
        delivered, seconds, too_many = asyncio.run(_broadcast(db_path, settings, parents))
    achieved = delivered / seconds
    table.add("delivered", f"{delivered:,} in {seconds:.1f} s", f"{parents:,}")
    table.add("achieved rate", f"{achieved:.0f}/s ({achieved / RATE:.0%} of allowed)", "≥ 95 %")
    table.add("429 Too Many Requests", str(too_many), "0")
    return table


def _without_quiet_hours(settings: str) -> str:
    # The benchmark must not depend on the hour it runs at.
    return settings.replace('quiet_hours_start = "21:00"', 'quiet_hours_start = "00:00"').replace(
        'quiet_hours_end = "08:30"', 'quiet_hours_end = "00:00"'
    )


async def _broadcast(db_path: Path, settings: Path, parents: int) -> tuple[int, float, int]:
    users = range(FIRST_TELEGRAM_ID, FIRST_TELEGRAM_ID + parents)
    with RemoteFake(users, rate_limit_per_second=RATE) as fake:
        config = Config(
            token=fake.token,
            base_url=fake.base_url,
            db_path=db_path,
            secret_key=TEST_KEY,
            settings_path=settings,
            coordinator_ids=(COORDINATOR_TELEGRAM_ID,),
            max_messages_per_second=RATE,
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
            await state.services.broadcasts.confirm(coordinator.id, draft.broadcast_id)
            await state.dispatcher.wait_idle()
            seconds = time.perf_counter() - started
            stats = fake.stats()
            delivered = stats.requests.get("sendMessage", 0) - sends_before
        finally:
            await application.shutdown()
            await state.services.db.close()
        return delivered, seconds, stats.too_many_requests
