"""After downtime the bot catches up once per parent: the latest missed check-in if it is
less than a day late, never one per missed slot, and nothing that is more than a day
late (that one is skipped; the next slot comes as usual)."""

from __future__ import annotations

from datetime import datetime

from domain.parents import TimeOfDay
from tests.builders import add_parent
from tests.e2e.scheduling import utc
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

MOOD_QUESTION = "Hoe gaat het deze week met je?"


async def register(
    harness: BotHarness, name: str, moment: datetime, preferred: TimeOfDay
) -> SimUser:
    harness.clock.set(moment)
    user = harness.user(name)
    parent = await add_parent(harness, user.id, first_name=name)
    async with harness.services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET preferred_time = ? WHERE person_id = ?",
            (preferred.value, parent.id),
        )
    return user


def checkins_seen(user: SimUser) -> int:
    return sum(MOOD_QUESTION in message.text for message in user.new_messages())


async def test_five_days_down_one_catch_up_per_parent(harness: BotHarness) -> None:
    # Check-ins fall on the weekday of registering, a week apart, at the preferred time.
    tuesday = await register(harness, "Tuesday", utc(2026, 11, 3, 7, 0), TimeOfDay.MORNING)
    monday = await register(harness, "Monday", utc(2026, 11, 2, 7, 0), TimeOfDay.EVENING)
    saturday = await register(harness, "Saturday", utc(2026, 11, 7, 7, 0), TimeOfDay.AFTERNOON)
    people = (tuesday, monday, saturday)

    # Up until Thursday 12 November: the first check-ins arrive as usual.
    for day in range(9, 13):
        for hour in (8, 13, 18):
            harness.clock.set(utc(2026, 11, day, hour, 30))
            await harness.tick()
    assert [checkins_seen(user) for user in people] == [1, 1, 0]

    # Down for five days (missed: Saturday's 14 Nov 14:00, Monday's 16 Nov 19:30 and
    # Tuesday's 17 Nov 09:30); back on Tuesday 17 November at 13:00 local time.
    harness.clock.set(utc(2026, 11, 17, 12, 0))
    await harness.restart()  # the planners run at start
    # Tuesday (3.5 h late) and Monday (17.5 h late) once each; Saturday's was 71 h late.
    assert [checkins_seen(user) for user in people] == [1, 1, 0]
    await harness.tick(minutes=30)
    assert [checkins_seen(user) for user in people] == [0, 0, 0]

    # Saturday's next one comes on time.
    harness.clock.set(utc(2026, 11, 21, 13, 0))
    await harness.tick()
    assert [checkins_seen(user) for user in people] == [0, 0, 1]


async def test_five_weeks_down_still_at_most_one(harness: BotHarness) -> None:
    monday = await register(harness, "Monday", utc(2026, 11, 2, 7, 0), TimeOfDay.MORNING)
    harness.clock.set(utc(2026, 12, 7, 9, 0))  # five weekly slots later, 30 min after one
    await harness.tick()
    assert checkins_seen(monday) == 1
    async with harness.services.db.read() as tx:
        assert await tx.fetch_value("SELECT COUNT(*) FROM checkins") == 1
