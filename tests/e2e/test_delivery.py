"""Delivery you can trust: retries after network trouble, a blocked bot noticed (and the
buddy told), quiet hours for every non-urgent message, and scheduled messages that do
not interrupt a conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from domain.signals import SignalKind
from services.outbox import Outgoing
from services.tips_delivery import WEEKLY_TIP
from tests.builders import add_buddy, add_parent, match
from tests.e2e.scheduling import buddy_alerts, fetch, signal_announcements, utc
from tests.harness import BotHarness

MOOD_QUESTION = "Hoe gaat het deze week met je?"


async def test_server_errors_are_retried_with_backoff(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    await add_parent(harness, fatima.id)
    harness.fake.fail_next("sendMessage", 502, count=2)
    harness.clock.set(utc(2026, 11, 23, 8, 30))
    await harness.tick()
    assert fatima.new_messages() == []
    [row] = await fetch(harness, "SELECT status, attempts, due_at FROM outbox")
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["due_at"].startswith("2026-11-23T08:30:15")  # 15 s backoff
    await harness.tick(seconds=15)
    assert fatima.new_messages() == []  # the second failure: 30 s this time
    await harness.tick(seconds=29)
    assert fatima.new_messages() == []
    await harness.tick(seconds=1)
    [question] = fatima.new_messages()
    assert MOOD_QUESTION in question.text
    [row] = await fetch(harness, "SELECT status, attempts FROM outbox")
    assert (row["status"], row["attempts"]) == ("sent", 3)


class TooManyRequests:
    """Telegram still answering 429 after python-telegram-bot's own rate limiter gave up."""

    async def send_message(self, *args: object, **kwargs: object) -> None:
        raise RetryAfter(retry_after=30)


# Constructing RetryAfter warns about PTB's coming switch to timedelta; not ours to fix.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_too_many_requests_waits_as_long_as_telegram_asks(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    await add_parent(harness, fatima.id)
    dispatcher = harness.state.dispatcher
    telegram, dispatcher.bot = dispatcher.bot, TooManyRequests()
    harness.clock.set(utc(2026, 11, 23, 8, 30))
    await harness.tick()
    dispatcher.bot = telegram
    [row] = await fetch(harness, "SELECT status, attempts, due_at FROM outbox")
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["due_at"].startswith("2026-11-23T08:30:30")
    await harness.tick(seconds=29)
    assert fatima.new_messages() == []
    await harness.tick(seconds=1)
    assert MOOD_QUESTION in fatima.last.text


async def test_a_403_marks_the_parent_inactive_cancels_and_tells_the_buddy(
    harness: BotHarness,
) -> None:
    # Registered on a Tuesday: at 09:30 local a week later the check-in is the only
    # message going out, and Telegram answers it with 403 (the update that announced the
    # block was missed).
    harness.clock.set(utc(2026, 11, 17, 10, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    await match(harness, parent=parent, buddy=buddy)
    later = await harness.services.outbox.enqueue(
        Outgoing(parent.id, WEEKLY_TIP, {"week": 9}, due_at=utc(2026, 11, 30, 9, 0))
    )
    harness.fake.fail_next("sendMessage", 403)
    harness.clock.set(utc(2026, 11, 24, 8, 30))
    await harness.tick()

    assert fatima.messages == []
    [alert] = buddy_alerts(bram)
    assert "Fatima" in alert.text
    people = await fetch(harness, "SELECT active FROM people WHERE id = ?", parent.id)
    assert people == [{"active": 0}]
    rows = await fetch(
        harness, "SELECT id, status, last_error FROM outbox WHERE person_id = ?", parent.id
    )
    assert {row["id"]: (row["status"], row["last_error"]) for row in rows} == {
        later[0]: ("cancelled", None),
        rows[-1]["id"]: ("failed", "blocked"),
    }
    await harness.tick(days=7)
    assert fatima.messages == [], "no more check-ins for someone who blocked the bot"


async def test_blocking_tells_the_buddy_once(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    await match(harness, parent=parent, buddy=buddy)
    await fatima.block()
    await harness.tick()
    assert len(buddy_alerts(bram)) == 1
    await harness.tick(days=7)
    assert buddy_alerts(bram) == []


async def test_quiet_hours_hold_every_non_urgent_message(harness: BotHarness) -> None:
    coordinator = harness.coordinator()
    await coordinator.send("/start")
    harness.clock.set(utc(2026, 11, 23, 22, 0))  # 23:00 local
    calm = await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.OTHER, urgent=False
    )
    await harness.deliver_due()
    assert signal_announcements(coordinator, calm) == []
    urgent = await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.URGENT_HELP, urgent=True
    )
    await harness.deliver_due()
    assert len(signal_announcements(coordinator, urgent)) == 1, "urgent goes at any hour"
    harness.clock.set(utc(2026, 11, 24, 7, 29, 59))
    await harness.tick()
    assert signal_announcements(coordinator, calm) == []
    harness.clock.set(utc(2026, 11, 24, 7, 30))  # 08:30 local
    await harness.tick()
    assert len(signal_announcements(coordinator, calm)) == 1


async def in_survey_comment(harness: BotHarness):
    """A parent who is writing a survey comment at 09:28 local when a check-in is due at
    09:30."""
    harness.clock.set(utc(2026, 11, 2, 7, 30))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima")
    buddy = await add_buddy(harness, bram.id)
    await match(harness, parent=parent, buddy=buddy)
    harness.clock.set(utc(2026, 12, 14, 8, 28))  # six weeks on, just before the check-in
    await harness.tick()
    await fatima.tap("8")
    await fatima.tap("💬 Praten met mijn buddy")
    await fatima.tap("✍️ Ja, ik schrijf iets")
    await harness.app.update_persistence()
    fatima.new_messages()
    return fatima


async def test_a_checkin_waits_while_a_conversation_goes_on(harness: BotHarness) -> None:
    fatima = await in_survey_comment(harness)
    await harness.tick(minutes=2)  # the check-in's slot
    assert fatima.new_messages() == []
    await harness.tick(minutes=2)
    assert fatima.new_messages() == []
    await harness.tick(minutes=1)  # five minutes of silence: it comes after all
    [question] = fatima.new_messages()
    assert MOOD_QUESTION in question.text


async def test_a_checkin_comes_right_after_the_conversation_ends(harness: BotHarness) -> None:
    fatima = await in_survey_comment(harness)
    await harness.tick(minutes=2)
    assert fatima.new_messages() == []
    await fatima.send("Bram is echt top!")
    assert fatima.new_messages()[-1].text.startswith("Dank je wel voor je antwoorden")
    await harness.app.update_persistence()
    await harness.tick(minutes=1)
    [question] = fatima.new_messages()
    assert MOOD_QUESTION in question.text
    assert timedelta(0) < harness.clock.now() - utc(2026, 12, 14, 8, 30) <= timedelta(minutes=1)
