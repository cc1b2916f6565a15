"""A mixed workload of simulated people through the real Application, against a minimal
python-telegram-bot echo bot on the same fake Telegram in the same run.

Each simulated person (registered parents, buddies, and newcomers) does a short random
walk: /start, taps on whatever buttons they see, a typed message, /start again. The fake
and the simulated people run in a process of their own, as Telegram and its users are;
both bots poll the fake over loopback and handle different people's updates concurrently
(64 at a time). Latency runs from the moment an update is handed to the fake until the
bot has finished handling it: a probe handler in the bot's last group sends the person's
id in a UDP datagram to the simulated people's process (the same cost for both bots).

    python -m bench mixed [--parents 1000]      (the number of simulated people)
"""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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

from bench.remote_fake import RemoteFake
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


class DoneSignal:
    """In the bot: tells the simulated people's process that an update of theirs is done."""

    def __init__(self, port: int) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._address = ("127.0.0.1", port)

    async def record(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_user is not None:
            self._socket.sendto(str(update.effective_user.id).encode("ascii"), self._address)

    def close(self) -> None:
        self._socket.close()


@dataclass
class Result:
    latencies: list[float]
    seconds: float
    bot_cpu_seconds: float = 0.0  # the bot's process, during the walks
    api_calls: int = 0  # Bot API calls the bot made during the walks (not getUpdates)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(p) - 1]


def run(people: int) -> Table:
    table = Table(
        f"mixed workload: {people:,} people × {ACTIONS_PER_PERSON} updates",
        ["bot", "updates/s", "p50", "p99", "bot CPU per update", "Bot API calls per update"],
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kansrijk.sqlite3"
        registered = people * 7 // 10
        seed(db_path, registered, TextCipher([TEST_KEY]), datetime.now(UTC), languages=["en"])
        kansrijk = asyncio.run(_measure(lambda fake: _kansrijk(fake, db_path), people))
        echo = asyncio.run(_measure(_echo_bot, people))
    for name, result in (("Kansrijk", kansrijk), ("echo bot", echo)):
        table.add(
            name,
            f"{result.throughput:.0f}",
            f"{result.percentile(50) * 1000:.1f} ms",
            f"{result.percentile(99) * 1000:.1f} ms",
            f"{result.bot_cpu_seconds / len(result.latencies) * 1000:.2f} ms",
            f"{result.api_calls / len(result.latencies):.2f}",
        )
    table.add(
        "ratio (Kansrijk / echo)",
        f"{echo.throughput / kansrijk.throughput:.2f}× slower",
        f"{kansrijk.percentile(50) / echo.percentile(50):.2f}×",
        f"{kansrijk.percentile(99) / echo.percentile(99):.2f}×",
        f"{kansrijk.bot_cpu_seconds / echo.bot_cpu_seconds:.2f}×",
        f"{kansrijk.api_calls / echo.api_calls:.2f}×",
    )
    return table


BotFactory = Callable[[RemoteFake], Awaitable[Application]]


async def _kansrijk(fake: RemoteFake, db_path: Path) -> Application:
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


async def _echo_bot(fake: RemoteFake) -> Application:
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


async def _measure(factory: BotFactory, people: int) -> Result:
    with RemoteFake(users=range(0)) as fake:
        application = await factory(fake)
        port = _free_udp_port()
        done = DoneSignal(port)
        application.add_handler(TypeHandler(Update, done.record), group=PROBE_GROUP)
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=10)
        # The bot goes on in this process's event loop while the people act over there.
        calls_before = _api_calls(fake)
        cpu_before = time.process_time()
        result = await asyncio.to_thread(fake.call, walk_everyone, people, port)
        result.bot_cpu_seconds = time.process_time() - cpu_before
        result.api_calls = _api_calls(fake) - calls_before
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        done.close()
    return result


def _api_calls(fake: RemoteFake) -> int:
    return sum(n for method, n in fake.stats().requests.items() if method != "getUpdates")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def walk_everyone(fake: FakeTelegram, people: int, done_port: int) -> Result:
    """In the fake's process: every person's walk, the bot's done signals on done_port."""
    return asyncio.run(_walk_everyone(fake, people, done_port))


async def _walk_everyone(fake: FakeTelegram, people: int, done_port: int) -> Result:
    done: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    class DoneListener(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, address: tuple[str | Any, int]) -> None:
            done[int(data)].set()

    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        DoneListener, local_addr=("127.0.0.1", done_port)
    )
    users = _people(fake, people)
    latencies: list[float] = []
    limit = asyncio.Semaphore(CONCURRENT_PEOPLE)

    async def walk(user: SimUser, rng: random.Random) -> None:
        async with limit:
            for step in range(ACTIONS_PER_PERSON):
                event = done[user.id]
                event.clear()
                started = time.perf_counter()
                await _act(user, step, rng)
                await asyncio.wait_for(event.wait(), timeout=30)
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(walk(user, random.Random(user.id)) for user in users))
    seconds = time.perf_counter() - started
    transport.close()
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
