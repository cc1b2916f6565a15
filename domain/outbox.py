"""Messages waiting to be delivered: the durable outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message for one person. ``payload`` holds ids and codes, never free text:
    the renderer of ``kind`` looks the rest up when it is time to send."""

    id: int
    person_id: int
    telegram_id: int
    language: str | None
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    urgent: bool
    attempts: int
    broadcast_id: int | None


@dataclass(frozen=True, slots=True)
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    cancelled: int = 0
    deferred: int = 0
