"""Check-ins: "How are you doing?" (mood, 1-5) and every four weeks the stress
thermometer (0-10) instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MOOD_SCORES = range(1, 6)  # 1 very bad … 5 very good
STRESS_SCORES = range(0, 11)  # 0 no stress … 10 the most stress imaginable
LOW_MOOD_AT_MOST = 2
HIGH_STRESS_AT_LEAST = 8

# A check-in nobody answered within this time counts as unanswered (it can still be
# answered later); three in a row and the buddy is told.
ANSWER_WINDOW = timedelta(days=3)
UNANSWERED_IN_A_ROW = 3


class CheckinKind(StrEnum):
    MOOD = "mood"
    STRESS = "stress"

    @property
    def scores(self) -> range:
        return MOOD_SCORES if self is CheckinKind.MOOD else STRESS_SCORES

    def is_worrying(self, score: int) -> bool:
        """A low mood or a high stress: offer contact with the buddy."""
        if self is CheckinKind.MOOD:
            return score <= LOW_MOOD_AT_MOST
        return score >= HIGH_STRESS_AT_LEAST


@dataclass(frozen=True, slots=True)
class Checkin:
    id: int
    parent_id: int
    kind: CheckinKind
    slot: str  # the planned local slot, e.g. 2026-11-23T09:30
    sent_at: datetime | None
    answered_at: datetime | None
    score: int | None
    wants_contact: bool | None
    unanswered_at: datetime | None

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def worrying(self) -> bool:
        return self.score is not None and self.kind.is_worrying(self.score)


class AnswerOutcome(StrEnum):
    """What the parent sees after tapping a score."""

    THANKS = "thanks"
    # A worrying answer: "Would you like your buddy (without one: someone from the team)
    # to get in touch?"
    ASK_BUDDY_CONTACT = "ask_buddy_contact"
    ASK_TEAM_CONTACT = "ask_team_contact"
    ALREADY_ANSWERED = "already_answered"


class ContactOutcome(StrEnum):
    """Who was told after "yes, contact me" (or nobody after "no")."""

    BUDDY_TOLD = "buddy_told"
    COORDINATOR_TOLD = "coordinator_told"
    SHARED_WITH_BUDDY = "shared_with_buddy"  # "no", but the buddy sees shared check-ins
    NOBODY = "nobody"
    ALREADY_ANSWERED = "already_answered"
