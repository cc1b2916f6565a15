"""A buddy's log of one contact with a family, and the rules for logging and correcting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.errors import InvalidInput

# Buddies may correct or delete their own logs for this long after logging them.
CORRECTION_WINDOW = timedelta(days=7)
# How far back a contact may be dated (a log entered late is better than none).
OLDEST_CONTACT = timedelta(days=90)
NOTE_MAX_LENGTH = 1000
DURATIONS = (15, 30, 60, 90)  # minutes; 90 stands for "90 or more"
MOODS = range(1, 6)


class ContactKind(StrEnum):
    HOME_VISIT = "home_visit"
    CALL = "call"  # phone or video
    CHAT = "chat"
    WALK = "walk"  # a walk or an activity together
    APPOINTMENT = "appointment"  # went along to an appointment


class Topic(StrEnum):
    BABY_CARE = "baby_care"
    PREGNANCY = "pregnancy"
    WELLBEING = "wellbeing"  # stress and wellbeing
    MONEY = "money"
    HOUSING = "housing"
    SOCIAL = "social"  # social network
    LANGUAGE = "language"
    CARE = "care"  # health care
    OTHER = "other"


class Concern(StrEnum):
    NONE = "none"
    SOME = "some"
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """What a buddy tells about a contact; the same for a new log and a correction."""

    day: date
    kind: ContactKind
    duration_minutes: int
    topics: tuple[Topic, ...]
    parent_mood: int
    concern: Concern
    note: str | None = None

    def validate(self, today: date) -> None:
        """Raises InvalidInput with a stable reason when something cannot be stored."""
        if self.day > today:
            raise InvalidInput("date_in_future")
        if self.day < today - OLDEST_CONTACT:
            raise InvalidInput("date_too_old")
        if self.duration_minutes not in DURATIONS:
            raise InvalidInput("duration")
        if not self.topics:
            raise InvalidInput("no_topics")
        if self.parent_mood not in MOODS:
            raise InvalidInput("mood")
        if self.concern is not Concern.NONE and not (self.note and self.note.strip()):
            raise InvalidInput("concern_needs_note")
        if self.note is not None and len(self.note) > NOTE_MAX_LENGTH:
            raise InvalidInput("note_too_long")


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    buddy_id: int
    parent_id: int | None
    municipality: str
    details: ContactDetails
    created_at: datetime
    updated_at: datetime

    def correctable(self, now: datetime) -> bool:
        return now - self.created_at <= CORRECTION_WINDOW


@dataclass(frozen=True, slots=True)
class PairContact:
    """An active match and the day of the buddy's last logged contact with the family."""

    buddy_id: int
    parent_id: int
    matched_at: datetime
    last_contact: date | None


def reminder_period(reference: date, today: date, every_days: int) -> tuple[int, date] | None:
    """(n, day) of the latest reminder due by ``today`` when no contact was logged since
    ``reference``: every ``every_days`` days a new one (n = 1, 2, …); None before the first."""
    periods = (today - reference).days // every_days
    if periods < 1:
        return None
    return periods, reference + timedelta(days=periods * every_days)
