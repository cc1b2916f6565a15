"""Parents: where they are in the first 1000 days, and how they want to be reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Phase(StrEnum):
    WISH = "wish"
    PREGNANT = "pregnant"
    BABY = "baby"
    ENDED = "ended"  # the pregnancy ended without a baby


class CheckinFrequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    OFF = "off"


class TimeOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


@dataclass(frozen=True, slots=True)
class Parent:
    person_id: int
    telegram_id: int
    language: str | None
    first_name: str | None
    active: bool
    phase: Phase
    due_date: date | None
    birth_date: date | None
    phase_started_at: datetime
    municipality: str
    neighbourhood: str | None
    referral_link_id: int | None
    checkin_frequency: CheckinFrequency
    preferred_time: TimeOfDay
    paused_until: date | None
    registered_at: datetime
    stopped_at: datetime | None

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None


class StopReason(StrEnum):
    """Why a parent stopped, picked from buttons (optional)."""

    NOT_NEEDED = "not_needed"
    TOO_MANY_MESSAGES = "too_many_messages"
    MOVED = "moved"
    OTHER = "other"
    NOT_SAID = "not_said"


@dataclass(frozen=True, slots=True)
class BuddyOfParent:
    """The buddy a parent is matched with, as the parent may know them."""

    person_id: int
    display_name: str
    match_id: int
    matched_since: datetime
