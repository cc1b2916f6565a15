"""Buddies: trained volunteers, their profile, their families and their own wellbeing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.errors import InvalidInput
from domain.parents import Phase

DISPLAY_NAME_MAX_LENGTH = 40
# The languages a buddy can tick: the bot's own, then those many families speak.
SPOKEN_LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "de", "fr", "es", "so", "ti", "fa")
WELLBEING_SCORES = range(1, 6)
MAX_MONTHLY_HOURS = 300
PREGNANCY_DAYS = 280
BABY_WEEKS_BEFORE_MONTHS = 8  # below this age a baby's age is told in weeks


class Availability(StrEnum):
    WEEKDAY_MORNINGS = "weekday_mornings"
    WEEKDAY_AFTERNOONS = "weekday_afternoons"
    WEEKDAY_EVENINGS = "weekday_evenings"
    WEEKENDS = "weekends"


@dataclass(frozen=True, slots=True)
class BuddyProfile:
    """What a new buddy tells about themselves when registering."""

    display_name: str
    languages: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    availability: tuple[Availability, ...]

    def validate(self, municipality_neighbourhoods: set[str]) -> None:
        name = self.display_name
        if not name.strip() or len(name) > DISPLAY_NAME_MAX_LENGTH or "\n" in name:
            raise InvalidInput("display_name")
        if not self.languages or not set(self.languages) <= set(SPOKEN_LANGUAGES):
            raise InvalidInput("languages")
        if not set(self.neighbourhoods) <= municipality_neighbourhoods:
            raise InvalidInput("neighbourhoods")
        if municipality_neighbourhoods and not self.neighbourhoods:
            raise InvalidInput("neighbourhoods")
        if not self.availability:
            raise InvalidInput("availability")


@dataclass(frozen=True, slots=True)
class Buddy:
    person_id: int
    telegram_id: int
    language: str | None
    active: bool
    display_name: str
    municipality: str
    languages: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    availability: tuple[Availability, ...]
    registered_at: datetime
    invited_by: int | None


@dataclass(frozen=True, slots=True)
class FamilyStage:
    """Where a family is: pregnancy week, or the baby's age in weeks or months."""

    phase: Phase
    pregnancy_week: int | None = None
    baby_weeks: int | None = None
    baby_months: int | None = None


def family_stage(
    phase: Phase, today: date, due_date: date | None, birth_date: date | None
) -> FamilyStage:
    if phase is Phase.PREGNANT and due_date is not None:
        week = (PREGNANCY_DAYS - (due_date - today).days) // 7
        return FamilyStage(phase, pregnancy_week=min(max(week, 1), 43))
    if phase is Phase.BABY and birth_date is not None:
        weeks = max((today - birth_date).days // 7, 0)
        if weeks < BABY_WEEKS_BEFORE_MONTHS:
            return FamilyStage(phase, baby_weeks=weeks)
        return FamilyStage(phase, baby_months=completed_months(birth_date, today))
    return FamilyStage(phase)


def completed_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < min(start.day, calendar.monthrange(end.year, end.month)[1]):
        months -= 1
    return max(months, 0)


@dataclass(frozen=True, slots=True)
class SharedCheckin:
    """A parent's last check-in answer, shown only with their consent."""

    kind: str  # "mood" (1-5) or "stress" (0-10)
    score: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class WaitingMessage:
    """A family's message that waits for the buddy's answer."""

    thread_id: int
    since: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Family:
    """One of a buddy's matched families, as the buddy may see it."""

    parent_id: int
    first_name: str
    reachable: bool
    stage: FamilyStage
    matched_since: datetime
    last_contact: date | None
    last_checkin: SharedCheckin | None
    waiting: tuple[WaitingMessage, ...] = ()

    @property
    def open_questions(self) -> int:
        return len(self.waiting)


@dataclass(frozen=True, slots=True)
class WeeklyOverview:
    families: tuple[Family, ...]
    contacts_last_week: int
    minutes_last_week: int
    open_alerts: int


@dataclass(frozen=True, slots=True)
class WellbeingMonth:
    """The monthly "how is buddying going for you?" of one buddy."""

    month: str  # YYYY-MM
    logged_minutes: int
    score: int | None
    hours: float | None
    answered_at: datetime | None

    @property
    def logged_hours(self) -> float:
        return round(self.logged_minutes / 60, 1)


@dataclass(frozen=True, slots=True)
class BuddyWellbeing:
    """One buddy's month, for the coordinator's supervision."""

    buddy_id: int
    display_name: str
    municipality: str
    month: str
    score: int | None  # None: not answered
    hours: float | None
    logged_minutes: int


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """First day of ``month`` (YYYY-MM) and first day of the month after."""
    year, number = (int(part) for part in month.split("-"))
    start = date(year, number, 1)
    end = date(year + number // 12, number % 12 + 1, 1)
    return start, end


def previous_month(day: date) -> str:
    first = day.replace(day=1)
    return month_key(date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1))


def validate_wellbeing(score: int, hours: float) -> None:
    if score not in WELLBEING_SCORES:
        raise InvalidInput("score")
    if not 0 <= hours <= MAX_MONTHLY_HOURS:
        raise InvalidInput("hours")
