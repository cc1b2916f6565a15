"""Drives the real Application (built by bot.app.build_application) through the fake
Telegram, in-process, with a clock the test controls.

    async def test_something(harness):
        anna = harness.user("Anna", "nl")
        await anna.send("/start")        # returns when the bot has handled it and
        assert "Welkom" in anna.last.text   # delivered what it queued in the outbox
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.config import Config
from bot.context import AppState
from bot.scheduling import first_runs_over, run_all
from bot.services import Services
from tests.fake_telegram import FakeTelegram, SimUser

# The configured province-wide coordinator of every harness.
COORDINATOR_TELEGRAM_ID = 900_001
TEST_KEY = "r5dF1cNr7v0tDqE6yuK2Pl8qfH8n0lq0B3Y0hXq9Q3w="


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment


@dataclass
class BotHarness:
    fake: FakeTelegram
    config: Config
    clock: FakeClock
    app: Application[Any, Any, Any, Any, Any, Any]
    # Every exception that reached the error handler: tests assert it stays empty.
    errors: list[BaseException] = field(default_factory=list)
    # Simulated users a test keeps across hypothesis examples.
    personas: dict[str, SimUser] = field(default_factory=dict)

    @property
    def state(self) -> AppState:
        return self.app.bot_data

    @property
    def services(self) -> Services:
        return self.state.services

    def user(self, first_name: str = "Anna", language_code: str | None = "nl") -> SimUser:
        return self.fake.user(first_name=first_name, language_code=language_code)

    def coordinator(self, language_code: str = "nl") -> SimUser:
        """The province-wide coordinator from KANSRIJK_COORDINATORS."""
        return self.fake.user(
            first_name="Coco", language_code=language_code, user_id=COORDINATOR_TELEGRAM_ID
        )

    async def deliver_due(self) -> None:
        """Send what the outbox holds that is due by the (fake) clock's now."""
        await self.state.dispatcher.wait_idle()
        await self.state.dispatcher.dispatch_due()

    async def tick(self, **advance: float) -> None:
        """Move the clock, run every periodic planner once, deliver what is due."""
        if advance:
            self.clock.advance(**advance)
        await run_all(self.state)
        await self.deliver_due()

    async def start(self) -> None:
        self.app.add_error_handler(self._record_error)
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        await first_runs_over(self.app)  # the planners run right after start
        await self.state.dispatcher.wait_idle()
        self.fake.set_dispatcher(self._dispatch)

    async def stop(self) -> None:
        self.fake.set_dispatcher(None)
        await self.state.dispatcher.wait_idle()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)

    async def restart(self) -> None:
        """Stop and build a new Application on the same database (a clean restart)."""
        await self.stop()
        self.app = build_application(self.config, clock=self.clock)
        await self.start()

    async def _record_error(self, update: object, context: Any) -> None:
        if context.error is not None:
            self.errors.append(context.error)

    async def _dispatch(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))
        await self.state.dispatcher.wait_idle()


def harness_config(fake: FakeTelegram, tmp_path: Path, **overrides: Any) -> Config:
    config = Config(
        token=fake.token,
        base_url=fake.base_url,
        db_path=tmp_path / "kansrijk.sqlite3",
        coordinator_ids=(COORDINATOR_TELEGRAM_ID,),
        secret_key=TEST_KEY,
    )
    return replace(config, **overrides)


def default_start() -> datetime:
    # A Monday morning in Groningen, outside quiet hours.
    return datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
