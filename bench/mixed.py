"""A mixed workload of simulated people through the real Application, against a minimal
python-telegram-bot echo bot on the same fake Telegram in the same run.

Each simulated person (registered parents, buddies, and newcomers) does a short random
walk: /start, taps on whatever buttons they see, a typed message, /start again. Both bots
poll the fake over loopback and handle different people's updates concurrently (64 at a
time); latency runs from the moment an update is handed to the fake until the bot has
finished handling it (a probe handler in the last group records that).

    python -m bench mixed [--parents 1000]      (the number of simulated people)
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bench.report import Table
from bench.seed import FIRST_TELEGRAM_ID, seed
from bot.app import build_application
from bot.config import Config
from storage.crypto import TextCipher
from tests.fake_telegram import FakeTelegram, SimUser
from tests.harness import TEST_KEY

ACTIONS_PER_PERSON = 6
CONCURRENT_PEOPLE = 64
PROBE_GROUP = 1_000


@dataclass
class Probe:
    """Set when the bot finished an update of a person (the last handler group)."""

    done: dict[int, asyncio.Event] = field(default_factory=lambda: defaultdict(asyncio.Event))

    async def record(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_user is not None:
            self.done[update.effective_user.id].set()


@dataclass
class Result:
    latencies: list[float]
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(p) - 1]


def run(people: int) -> Table:
    table = Table(
        f"mixed workload: {people:,} people × {ACTIONS_PER_PERSON} updates",
        ["bot", "updates/s", "p50", "p99"],
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        registered = people * 7 // 10
        seed(db_path, registered, TextCipher([TEST_KEY]), datetime.now(UTC), languages=["en"])
        kansrijk = asyncio.run(_measure(lambda fake: _kansrijk(fake, db_path), people, True))
        echo = asyncio.run(_measure(_echo_bot, people, False))
    for name, result in (("Kansrijk", kansrijk), ("echo bot", echo)):
        table.add(
            name,
            f"{result.throughput:.0f}",
            f"{result.percentile(50) * 1000:.1f} ms",
            f"{result.percentile(99) * 1000:.1f} ms",
        )
    table.add(
        "ratio (Kansrijk / echo)",
        f"{echo.throughput / kansrijk.throughput:.2f}× slower",
        f"{kansrijk.percentile(50) / echo.percentile(50):.2f}×",
        f"{kansrijk.percentile(99) / echo.percentile(99):.2f}×",
    )
    return table


BotFactory = Callable[[FakeTelegram], Awaitable[Application]]


async def _kansrijk(fake: FakeTelegram, db_path: Path) -> Application:
    # The fake enforces no rate here, and the echo bot has no limiter: lift Kansrijk's
    # (30/s against the real Telegram) so the comparison measures the work per update.
    config = Config(
        token=fake.token,
        base_url=fake.base_url,
        db_path=db_path,
        secret_key=TEST_KEY,
        max_messages_per_second=100_000,
    )
    return build_application(config)


async def _echo_bot(fake: FakeTelegram) -> Application:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message(update.effective_message.text or "?")

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()

    application = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .concurrent_updates(CONCURRENT_PEOPLE)
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.add_handler(CallbackQueryHandler(answer))
    return application


async def _measure(factory: BotFactory, people: int, registered: bool) -> Result:
    with FakeTelegram() as fake:
        application = await factory(fake)
        probe = Probe()
        application.add_handler(TypeHandler(Update, probe.record), group=PROBE_GROUP)
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=10)
        users = _people(fake, people)
        latencies: list[float] = []
        limit = asyncio.Semaphore(CONCURRENT_PEOPLE)

        async def walk(user: SimUser, rng: random.Random) -> None:
            async with limit:
                for step in range(ACTIONS_PER_PERSON):
                    event = probe.done[user.id]
                    event.clear()
                    started = time.perf_counter()
                    await _act(user, step, rng)
                    await asyncio.wait_for(event.wait(), timeout=30)
                    latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(walk(user, random.Random(user.id)) for user in users))
        seconds = time.perf_counter() - started
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
    return Result(latencies, seconds)


def _people(fake: FakeTelegram, people: int) -> list[SimUser]:
    registered = people * 7 // 10
    users = [
        fake.user(first_name="Seeded", language_code="en", user_id=FIRST_TELEGRAM_ID + index)
        for index in range(registered)
    ]
    users += [fake.user(first_name="New", language_code="en") for _ in range(people - registered)]
    return users


async def _act(user: SimUser, step: int, rng: random.Random) -> None:
    if step in (0, ACTIONS_PER_PERSON - 1):
        await user.send("/start")
        return
    labels = user.visible_buttons() if user.messages else []
    if step == 3 or not labels:
        await user.send("Hallo, hoe gaat het?")
    else:
        await user.tap(rng.choice(labels))
