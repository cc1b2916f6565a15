"""Group activities for parents: who may come, who signed up, who is waiting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.dates import YearGuess, parse_date
from domain.errors import InvalidInput
from domain.parents import Phase

TITLE_MAX = 80
DESCRIPTION_MAX = 600
PLACE_MAX = 120
CAPACITY_MAX = 500
REMINDER_BEFORE = timedelta(hours=24)


class SignupStatus(StrEnum):
    SIGNED_UP = "signed_up"
    WAITLIST = "waitlist"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    """What a coordinator fills in before an activity is stored."""

    municipality: str
    title: str
    description: str
    starts_at: datetime
    place: str
    capacity: int
    audience_neighbourhood: str | None = None
    audience_phase: Phase | None = None
    audience_language: str | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    id: int
    municipality: str
    title: str
    description: str
    starts_at: datetime
    place: str
    capacity: int
    audience_neighbourhood: str | None
    audience_phase: Phase | None
    audience_language: str | None
    created_at: datetime
    published_at: datetime | None
    cancelled_at: datetime | None
    signed_up: int = 0
    waiting: int = 0

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def full(self) -> bool:
        return self.signed_up >= self.capacity

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.signed_up, 0)

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now


@dataclass(frozen=True, slots=True)
class Signup:
    activity_id: int
    parent_id: int
    first_name: str | None
    status: SignupStatus
    signed_up_at: datetime
    attended: bool | None


@dataclass(frozen=True, slots=True)
class SignupResult:
    status: SignupStatus
    waitlist_position: int | None = None  # 1 is first in line


@dataclass(frozen=True, slots=True)
class ParentActivity:
    """An activity as one parent sees it."""

    activity: Activity
    status: SignupStatus | None  # None: not signed up
    waitlist_position: int | None = None


# The time at the end of what the coordinator typed: "10:00", "10.00", "om 10:00 uur".
_TIME = re.compile(r"(?:^|\s)(?:om\s+|at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*uur)?\s*$")


def parse_local_datetime(text: str, language: str, timezone: ZoneInfo, now: datetime) -> datetime:
    """A date and a time in local time ("12-12-2026 10:00", "12 december 10:00") -> an aware
    instant. The date part is read like every typed date (domain.dates). Raises
    InvalidInput: ``time_missing``, ``date_past``, or the date's own problem."""
    found = _TIME.search(text.strip())
    if found is None:
        raise InvalidInput("time_missing")
    hour, minute = int(found["hour"]), int(found["minute"])
    if hour > 23 or minute > 59:
        raise InvalidInput("time_missing")
    today = now.astimezone(timezone).date()
    day = parse_date(text.strip()[: found.start()], language, today, YearGuess.COMING)
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone)
    if local <= now:
        raise InvalidInput("date_past")
    return local


def parse_capacity(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= CAPACITY_MAX:
        raise InvalidInput("capacity")
    return int(value)
