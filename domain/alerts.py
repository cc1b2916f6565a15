"""Alerts: something a buddy is told about one of their families, answered in one tap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# A relayed question the buddy has not answered after this long gets a reminder alert
# (the coordinators are told later, after the programme's question_answer_hours).
QUESTION_WAITING_AFTER = timedelta(hours=4)


class AlertKind(StrEnum):
    LOW_MOOD = "low_mood"
    WANTS_CONTACT = "wants_contact"
    BLOCKED = "blocked"
    UNANSWERED_CHECKINS = "unanswered_checkins"
    QUESTION_WAITING = "question_waiting"


# Alerts about how a parent feels go to a coordinator when the buddy does not react.
ESCALATING_KINDS = (AlertKind.LOW_MOOD, AlertKind.WANTS_CONTACT)


class AlertResponse(StrEnum):
    WILL_CONTACT = "will_contact"
    HANDLED = "handled"


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    buddy_id: int
    parent_id: int
    kind: AlertKind
    created_at: datetime
    acknowledged_at: datetime | None
    response: AlertResponse | None
    escalated_at: datetime | None

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None
