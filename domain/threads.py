"""Questions and messages between a parent and their buddy or the coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.people import Role

# A relayed message is shown with a header; together they stay under Telegram's 4096.
MAX_MESSAGE_LENGTH = 3000


class Route(StrEnum):
    """Who a parent's message goes to."""

    BUDDY = "buddy"
    COORDINATORS = "coordinators"


class CoordinatorReason(StrEnum):
    """Why coordinators get a parent's message."""

    NO_BUDDY = "no_buddy"  # the parent has no buddy (any more)
    UNANSWERED = "unanswered"  # the buddy did not answer in time
    FOLLOW_UP = "follow_up"  # the parent replied to a coordinator's answer


@dataclass(frozen=True, slots=True)
class Thread:
    id: int
    parent_id: int
    buddy_id: int | None  # the buddy this thread is with; None: with the coordinators
    municipality: str
    opened_by: Role
    opened_at: datetime
    answered_at: datetime | None
    escalated_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    id: int
    thread_id: int
    author_id: int | None
    author_role: Role
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AskResult:
    thread_id: int
    message_id: int
    routed_to: Route
    buddy_name: str | None


@dataclass(frozen=True, slots=True)
class OpenThread:
    """A parent's message waiting for the buddy's answer."""

    thread_id: int
    parent_id: int
    parent_first_name: str | None
    waiting_since: datetime
    last_message: str


@dataclass(frozen=True, slots=True)
class RelayedMessage:
    """Everything a renderer needs to show one message to its recipient."""

    message: ThreadMessage
    thread: Thread
    is_first: bool
    parent_first_name: str | None
    parent_stopped: bool
    neighbourhood: str | None
    author_name: str | None  # the buddy's or coordinator's display name


@dataclass(frozen=True, slots=True)
class ReplyTarget:
    """Whom a person answers when they tap Reply under a thread."""

    thread_id: int
    parent_first_name: str | None
    counterpart_name: str | None  # for a parent: their buddy's or coordinator's name
