"""Helpers for the scheduler's end-to-end tests: moving the clock to a moment, reading
tables, and picking out the messages a test is about among everything else a busy
programme sends (weekly overviews, reminders…)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flows.buddy.callbacks import AnswerAlert
from flows.coordinator.callbacks import OpenSignal
from tests.fake_telegram import SentMessage, SimUser
from tests.harness import BotHarness


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def at(harness: BotHarness, moment: datetime) -> None:
    """Set the clock, run the planners and deliver what is due."""
    harness.clock.set(moment)
    await harness.tick()


async def fetch(harness: BotHarness, sql: str, *params: object) -> list[dict[str, Any]]:
    async with harness.services.db.read() as tx:
        return await tx.fetch_all(sql, params)


def buddy_alerts(buddy: SimUser) -> list[SentMessage]:
    """New alerts to a buddy (the messages with one-tap alert answers)."""
    return [
        message
        for message in buddy.new_messages()
        if any(AnswerAlert.matches(button.value) for row in message.buttons for button in row)
    ]


def signal_announcements(coordinator: SimUser, signal_id: int | None = None) -> list[SentMessage]:
    """New messages to a coordinator about a signal (about ``signal_id``, if given)."""
    return [
        message
        for message in coordinator.new_messages()
        if any(
            OpenSignal.matches(button.value)
            and (signal_id is None or OpenSignal.unpack(button.value).signal_id == signal_id)
            for row in message.buttons
            for button in row
        )
    ]
