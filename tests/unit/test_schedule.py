"""The pure scheduling rules: weekly slots in local time across daylight saving, catch-up
after downtime, quiet hours, and not interrupting someone who is busy with the bot."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.parents import TimeOfDay
from domain.schedule import (
    CATCH_UP_LIMIT,
    PLAN_AHEAD,
    WeeklySeries,
    busy_until,
    checkin_series,
    is_stress_week,
    quiet_until,
    second_birthday,
    slot_label,
    tip_series,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUIET_START, QUIET_END = time(21, 0), time(8, 30)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_morning_slot_stays_at_half_past_nine_across_the_october_change() -> None:
    # Registered on Monday 12 October 2026; summer time ends on Sunday 25 October.
    series = checkin_series(date(2026, 10, 12), TimeOfDay.MORNING, 1, AMSTERDAM)
    assert series.slot(1) == utc(2026, 10, 19, 7, 30)  # 09:30 CEST (UTC+2)
    assert series.slot(2) == utc(2026, 10, 26, 8, 30)  # 09:30 CET (UTC+1)
    assert [series.slot(k).astimezone(AMSTERDAM).strftime("%a %H:%M") for k in (1, 2, 3)] == [
        "Mon 09:30",
        "Mon 09:30",
        "Mon 09:30",
    ]


def test_a_slot_on_the_night_of_the_change_itself() -> None:
    # An evening slot on the Sunday of the change: 19:30 CET is 18:30 UTC.
    series = WeeklySeries(date(2026, 10, 18), time(19, 30), AMSTERDAM)
    assert series.slot(1) == utc(2026, 10, 25, 18, 30)
    assert series.latest(utc(2026, 10, 25, 18, 29)) == (0, utc(2026, 10, 18, 17, 30))
    assert series.latest(utc(2026, 10, 25, 18, 30)) == (1, utc(2026, 10, 25, 18, 30))


def test_latest_slot_and_the_first_one() -> None:
    series = checkin_series(date(2026, 11, 23), TimeOfDay.AFTERNOON, 1, AMSTERDAM)
    assert series.latest(utc(2026, 11, 30, 12, 59)) is None  # nothing before the first
    assert series.latest(utc(2026, 11, 30, 13, 0)) == (1, utc(2026, 11, 30, 13, 0))
    assert series.latest(utc(2026, 12, 6, 23, 0)) == (1, utc(2026, 11, 30, 13, 0))
    assert series.latest(utc(2026, 12, 7, 13, 0))[0] == 2


def test_fortnightly_slots_skip_every_other_week() -> None:
    series = checkin_series(date(2026, 11, 23), TimeOfDay.MORNING, 2, AMSTERDAM)
    assert series.latest(utc(2026, 12, 1, 12, 0)) is None
    assert series.latest(utc(2026, 12, 10, 12, 0)) == (2, utc(2026, 12, 7, 8, 30))
    assert series.latest(utc(2026, 12, 20, 12, 0))[0] == 2
    assert series.latest(utc(2026, 12, 21, 8, 30))[0] == 4


def test_due_plans_ahead_and_skips_what_is_a_day_late() -> None:
    series = checkin_series(date(2026, 11, 23), TimeOfDay.MORNING, 1, AMSTERDAM)
    slot = series.slot(1)
    assert series.due(slot - PLAN_AHEAD - timedelta(minutes=1)) is None
    assert series.due(slot - PLAN_AHEAD) == (1, slot)
    assert series.due(slot + CATCH_UP_LIMIT - timedelta(minutes=1)) == (1, slot)
    assert series.due(slot + CATCH_UP_LIMIT) is None
    # Five weeks of downtime: only ever the latest slot, never the missed ones.
    assert series.due(series.slot(6) + timedelta(hours=2)) == (6, series.slot(6))


def test_stress_thermometer_every_four_weeks_for_both_frequencies() -> None:
    weekly = [k for k in range(1, 13) if is_stress_week(k)]
    fortnightly = [k for k in range(2, 13, 2) if is_stress_week(k)]
    assert weekly == [4, 8, 12]
    assert fortnightly == [4, 8, 12]


def test_tips_come_three_days_after_the_checkin_weekday() -> None:
    checkins = checkin_series(date(2026, 11, 23), TimeOfDay.EVENING, 1, AMSTERDAM)
    tips = tip_series(date(2026, 11, 23), TimeOfDay.EVENING, AMSTERDAM)
    assert tips.slot(0) == utc(2026, 11, 26, 18, 30)
    assert {checkins.slot(k) for k in range(1, 10)}.isdisjoint({tips.slot(k) for k in range(10)})


def test_slot_label_is_local() -> None:
    assert slot_label(utc(2026, 10, 26, 8, 30), AMSTERDAM) == "2026-10-26T09:30"


@pytest.mark.parametrize(
    ("moment", "until"),
    [
        (utc(2026, 11, 23, 19, 59), None),  # 20:59 local
        (utc(2026, 11, 23, 20, 0), utc(2026, 11, 24, 7, 30)),  # 21:00 → 08:30 next day
        (utc(2026, 11, 24, 2, 0), utc(2026, 11, 24, 7, 30)),  # 03:00 → 08:30 same day
        (utc(2026, 11, 24, 7, 30), None),  # 08:30 exactly: awake
        # The night summer time ends: 21:00 CEST, the end is 08:30 CET.
        (utc(2026, 10, 24, 19, 0), utc(2026, 10, 25, 7, 30)),
    ],
)
def test_quiet_hours_cross_midnight_in_local_time(moment: datetime, until: datetime | None) -> None:
    assert quiet_until(moment, AMSTERDAM, QUIET_START, QUIET_END) == until


def test_quiet_hours_within_one_day_and_switched_off() -> None:
    lunch = (time(12, 0), time(13, 0))
    assert quiet_until(utc(2026, 11, 23, 11, 30), AMSTERDAM, *lunch) == utc(2026, 11, 23, 12, 0)
    assert quiet_until(utc(2026, 11, 23, 12, 0), AMSTERDAM, *lunch) is None
    assert quiet_until(utc(2026, 11, 23, 22, 0), AMSTERDAM, time(0), time(0)) is None


def test_busy_rule() -> None:
    now = utc(2026, 11, 23, 10, 0)
    assert busy_until(None, True, now) is None
    # Just tapped something outside a conversation: a minute's breather.
    assert busy_until(now - timedelta(seconds=20), False, now) == now + timedelta(seconds=40)
    assert busy_until(now - timedelta(minutes=1), False, now) is None
    # In a conversation: look again every minute until five minutes of silence.
    assert busy_until(now - timedelta(minutes=2), True, now) == now + timedelta(minutes=1)
    assert busy_until(now - timedelta(minutes=4, seconds=30), True, now) == now + timedelta(
        seconds=30
    )
    assert busy_until(now - timedelta(minutes=5), True, now) is None


def test_second_birthday_of_a_leap_day_baby() -> None:
    assert second_birthday(date(2024, 2, 29)) == date(2026, 3, 1)
    assert second_birthday(date(2025, 6, 3)) == date(2027, 6, 3)
