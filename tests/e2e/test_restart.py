"""The real bot process (``python -m bot``) against the fake Telegram: killed in the middle
of onboarding, started again, the parent continues at the step they were at. And /start
is answered quickly, in the person's language."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.fake_telegram import FakeTelegram, SimUser
from tests.harness import COORDINATOR_TELEGRAM_ID, TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0  # a cold interpreter on a busy machine
REPLY_TIMEOUT = 5.0
FAST_REPLY = 1.0
PERSISTENCE_FLUSH = 1.2  # persistence writes every 0.5 s; wait well past one round


@asynccontextmanager
async def bot_process(
    fake: FakeTelegram, tmp_path: Path, run: int
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m bot`` polling the fake, from its first getUpdates on; stopped with
    SIGTERM at the end unless the test killed it."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "KANSRIJK_DB": str(tmp_path / "kansrijk.sqlite3"),
        "KANSRIJK_SECRET_KEY": TEST_KEY,
        "KANSRIJK_COORDINATORS": str(COORDINATOR_TELEGRAM_ID),
    }
    log_path = tmp_path / f"bot-{run}.log"
    polls_before = fake.stats.requests.get("getUpdates", 0)
    with open(log_path, "wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            await fake.wait_until(
                lambda: fake.stats.requests.get("getUpdates", 0) > polls_before,
                START_TIMEOUT,
                waiting_for=lambda: (
                    "the bot to poll; its log ends with: "
                    + log_path.read_text(errors="replace")[-2000:]
                ),
            )
            yield process
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), START_TIMEOUT)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def step(user: SimUser, label: str, expected: str) -> None:
    await user.tap(label)
    await user.wait_for_message(expected, timeout=REPLY_TIMEOUT)


async def answered_quickly(user: SimUser, expected: str) -> None:
    started = time.monotonic()
    await user.send("/start")
    await user.wait_for_message(expected, timeout=REPLY_TIMEOUT)
    elapsed = time.monotonic() - started
    assert elapsed < FAST_REPLY, f"/start answered after {elapsed:.2f} s"


async def test_onboarding_continues_after_the_process_was_killed(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    anna = fake.user("Anna", "nl")
    async with bot_process(fake, tmp_path, run=1) as first:
        await anna.send("/start")
        await anna.wait_for_message("Welkom", timeout=REPLY_TIMEOUT)
        await step(anna, "Nederlands", "Wie ziet wat")
        await step(anna, "Verder", "Mag ik je berichten sturen?")
        await asyncio.sleep(PERSISTENCE_FLUSH)
        first.kill()  # SIGKILL: no shutdown, no last write
        await first.wait()

    async with bot_process(fake, tmp_path, run=2):
        await step(anna, "Ja, dat is goed", "Mag je buddy je antwoorden zien?")
        await step(anna, "Ja, mijn buddy mag ze zien", "Mogen we je antwoorden")
        await step(anna, "Nee", "Waar ben je nu?")
        await step(anna, "Ik wil graag een kindje", "In welke gemeente")
        await step(anna, "Groningen", "welke wijk")
        await step(anna, "Beijum", "Hoe mag ik je noemen?")
        await step(anna, "Noem mij Anna", "Kijk even of dit klopt")
        await step(anna, "Ja, dit klopt", "Je bent aangemeld")

        await answered_quickly(fake.user("Noor", "nl"), "Welkom bij Kansrijk")
        await answered_quickly(fake.user("James", "en"), "Welcome to Kansrijk")
        await answered_quickly(fake.user("Hans", "de"), "Welkom bij Kansrijk")
        await answered_quickly(anna, "Wat wil je doen?")
    fake.assert_no_violations()
