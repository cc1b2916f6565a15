from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import build_application
from tests.fake_telegram import FakeTelegram
from tests.harness import BotHarness, FakeClock, default_start, harness_config


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(default_start())


@pytest.fixture
async def harness(
    fake: FakeTelegram, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    config = harness_config(fake, tmp_path)
    running = BotHarness(
        fake=fake, config=config, clock=clock, app=build_application(config, clock=clock)
    )
    await running.start()
    yield running
    await running.stop()
    fake.assert_no_violations()
