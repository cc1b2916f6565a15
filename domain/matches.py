"""A match: one buddy supporting one family for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EndReason(StrEnum):
    GOALS_REACHED = "goals_reached"
    MOVED_AWAY = "moved_away"
    STOPPED = "stopped"
    REFERRED = "referred"
    REASSIGNED = "reassigned"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    parent_id: int
    buddy_id: int
    started_at: datetime
    ended_at: datetime | None
    end_reason: EndReason | None

    @property
    def active(self) -> bool:
        return self.ended_at is None
