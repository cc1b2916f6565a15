"""One-time invite links for new buddies and coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.errors import DomainError

INVITE_VALIDITY = timedelta(days=14)
# secrets.token_urlsafe(12) gives 96 random bits in 16 URL-safe characters.
CODE_BYTES = 12


class InviteKind(StrEnum):
    BUDDY = "buddy"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class Invite:
    id: int
    kind: InviteKind
    municipality: str | None  # None: province-wide (coordinator invites only)
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None


@dataclass(frozen=True, slots=True)
class CreatedInvite:
    """A new invite: the code is shown once and never stored, only its hash."""

    id: int
    kind: InviteKind
    code: str
    municipality: str | None
    expires_at: datetime


class InviteError(DomainError):
    """An invite code that cannot be used."""


class InviteUnknown(InviteError):
    """No invite of this kind has this code (mistyped, forged, or of the other kind)."""


class InviteUsed(InviteError):
    """The invite was used already: every code works once."""


class InviteExpired(InviteError):
    """The invite is older than :data:`INVITE_VALIDITY`."""
