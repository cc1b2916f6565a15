"""Signals: something a professional should look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SignalKind(StrEnum):
    URGENT_HELP = "urgent_help"  # a parent asked for a professional to contact them
    BUDDY_CONCERN = "buddy_concern"  # a buddy raised a concern after a contact
    UNANSWERED_QUESTION = "unanswered_question"
    LOW_MOOD = "low_mood"  # a low check-in the buddy did not acknowledge in time
    PREGNANCY_ENDED = "pregnancy_ended"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Signal:
    id: int
    municipality: str
    parent_id: int | None
    raised_by: int | None
    kind: SignalKind
    urgent: bool
    note: str | None
    created_at: datetime
    claimed_by: int | None
    claimed_at: datetime | None
    resolved_at: datetime | None
    resolution: str | None
    resolved_by: int | None = None
    notify_round: int = 0  # 0: the first announcement; then one per re-notification
