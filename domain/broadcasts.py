"""Announcements to a segment, sent through the outbox, with a delivery report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.audience import Segment

BODY_MAX = 1500


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    created_by: int | None
    segment: Segment
    body: str
    created_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    progress_chat_id: int | None
    progress_message_id: int | None


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    """Counts of a broadcast's outbox rows; ``done`` once nothing is waiting any more."""

    total: int
    delivered: int
    blocked: int
    failed: int
    cancelled: int

    @property
    def waiting(self) -> int:
        return self.total - self.delivered - self.blocked - self.failed - self.cancelled

    @property
    def done(self) -> bool:
        return self.waiting == 0

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> BroadcastProgress:
        return cls(
            total=sum(counts.values()),
            delivered=counts.get("sent", 0),
            blocked=counts.get("blocked", 0),
            failed=counts.get("failed", 0),
            cancelled=counts.get("cancelled", 0),
        )
