"""When scheduled messages go out: weekly slots in local time (across daylight saving),
catching up after downtime, quiet hours, and not interrupting a conversation.

Everything here is pure: instants in and out are timezone-aware, local wall-clock times
are turned into instants with ``zoneinfo`` for the very day they fall on, so a 09:30
slot stays at 09:30 local time when the clocks change in March and October.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.parents import Parent, Phase, TimeOfDay

# The local time of a parent's scheduled messages, per preferred time of day. All of
# them are well outside the default quiet hours (21:00-08:30).
SLOT_TIMES: dict[TimeOfDay, time] = {
    TimeOfDay.MORNING: time(9, 30),
    TimeOfDay.AFTERNOON: time(14, 0),
    TimeOfDay.EVENING: time(19, 30),
}

# A missed slot (the bot was down) is sent late only if it is less than this late;
# otherwise it is skipped and the next slot is the next message.
CATCH_UP_LIMIT = timedelta(hours=24)

# Planners put a slot in the outbox this long before it is due, so the dispatcher sends
# it on time; planners run at least this often.
PLAN_AHEAD = timedelta(minutes=15)

# Not interrupting: a scheduled message waits while the person is busy with the bot.
# In a conversation: until it ends or after this much silence.
CONVERSATION_SILENCE = timedelta(minutes=5)
# Outside a conversation (reading a menu, just finished a flow): a short breather.
RECENT_ACTIVITY_SILENCE = timedelta(minutes=1)
# How soon a waiting message looks again (a conversation may end any moment).
BUSY_RECHECK = timedelta(minutes=1)

PROGRAMME_YEARS = 2  # the first 1000 days end around the child's second birthday


def local_instant(day: date, at: time, timezone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``timezone``."""
    return datetime.combine(day, at, tzinfo=timezone).astimezone(UTC)


def local_day(moment: datetime, timezone: ZoneInfo) -> date:
    return moment.astimezone(timezone).date()


@dataclass(frozen=True, slots=True)
class WeeklySeries:
    """Slots on ``start`` + 7·k days at local time ``at``, for k = ``first``,
    ``first`` + ``every_weeks``, … . ``k`` is the slot's stable index: the same week
    keeps its index when the time of day changes."""

    start: date
    at: time
    timezone: ZoneInfo
    every_weeks: int = 1
    first: int = 0

    def day(self, index: int) -> date:
        return self.start + timedelta(weeks=index)

    def slot(self, index: int) -> datetime:
        return local_instant(self.day(index), self.at, self.timezone)

    def latest(self, moment: datetime) -> tuple[int, datetime] | None:
        """The last slot at or before ``moment`` (index and instant), if any."""
        weeks = (local_day(moment, self.timezone) - self.start).days // 7
        index = weeks - (weeks - self.first) % self.every_weeks
        if self.slot(index) > moment:
            index -= self.every_weeks
        if index < self.first:
            return None
        return index, self.slot(index)

    def due(self, now: datetime) -> tuple[int, datetime] | None:
        """The slot a planner running at ``now`` should put in the outbox: the latest one
        up to ``PLAN_AHEAD`` from now, unless it is ``CATCH_UP_LIMIT`` late or more. Only
        ever the latest: after downtime, missed slots are caught up once, not each."""
        found = self.latest(now + PLAN_AHEAD)
        if found is None or now - found[1] >= CATCH_UP_LIMIT:
            return None
        return found


def checkin_series(
    registered_on: date, preferred: TimeOfDay, every_weeks: int, timezone: ZoneInfo
) -> WeeklySeries:
    """Check-ins fall on the weekday the parent registered, the first one a week later."""
    return WeeklySeries(
        start=registered_on,
        at=SLOT_TIMES[preferred],
        timezone=timezone,
        every_weeks=every_weeks,
        first=every_weeks,
    )


# Tips come three days after the check-in's weekday, so the two never share a moment.
TIP_DAY_OFFSET = timedelta(days=3)


def tip_series(registered_on: date, preferred: TimeOfDay, timezone: ZoneInfo) -> WeeklySeries:
    """One tip a week, the first three days after registering."""
    return WeeklySeries(
        start=registered_on + TIP_DAY_OFFSET, at=SLOT_TIMES[preferred], timezone=timezone
    )


def is_stress_week(index: int) -> bool:
    """Every fourth week the stress thermometer replaces "How are you doing?"; this holds
    for weekly (weeks 4, 8, …) and fortnightly check-ins (every other one)."""
    return index % 4 == 0


def slot_label(moment: datetime, timezone: ZoneInfo) -> str:
    """How a slot is stored: local date and time, e.g. ``2026-11-23T09:30``."""
    return moment.astimezone(timezone).strftime("%Y-%m-%dT%H:%M")


def is_paused(parent: Parent, day: date) -> bool:
    """``paused_until`` is the first day messages come again."""
    return parent.paused_until is not None and day < parent.paused_until


def second_birthday(birth_date: date) -> date:
    try:
        return birth_date.replace(year=birth_date.year + PROGRAMME_YEARS)
    except ValueError:  # born on 29 February
        return date(birth_date.year + PROGRAMME_YEARS, 3, 1)


def programme_over(parent: Parent, day: date) -> bool:
    """From the child's second birthday the programme's scheduled messages stop."""
    return (
        parent.phase is Phase.BABY
        and parent.birth_date is not None
        and day >= second_birthday(parent.birth_date)
    )


def may_message(parent: Parent, day: date, *, consented: bool) -> bool:
    """Whether a scheduled message may reach this parent on ``day``: consented to
    messages, still reachable, not stopped, not paused."""
    return consented and parent.active and not parent.stopped and not is_paused(parent, day)


def quiet_until(moment: datetime, timezone: ZoneInfo, start: time, end: time) -> datetime | None:
    """When the quiet hours around ``moment`` end (UTC), or None outside quiet hours.
    ``start`` == ``end`` means no quiet hours; ``start`` > ``end`` crosses midnight."""
    if start == end:
        return None
    local = moment.astimezone(timezone)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        if not start <= clock < end:
            return None
        return local_instant(local.date(), end, timezone)
    if clock >= start:
        return local_instant(local.date() + timedelta(days=1), end, timezone)
    if clock < end:
        return local_instant(local.date(), end, timezone)
    return None


def busy_until(
    last_activity: datetime | None, in_conversation: bool, now: datetime
) -> datetime | None:
    """When to look again at a scheduled message for someone busy with the bot, or None
    to send it now. Busy means: wrote or tapped within ``RECENT_ACTIVITY_SILENCE``, or
    within ``CONVERSATION_SILENCE`` while in the middle of a conversation."""
    if last_activity is None:
        return None
    silence = CONVERSATION_SILENCE if in_conversation else RECENT_ACTIVITY_SILENCE
    resume = last_activity + silence
    if resume <= now:
        return None
    return min(resume, now + BUSY_RECHECK)
