"""Referral links: professionals (a midwife practice, a consultatiebureau, a GP…) hand
parents a link or QR code; registrations through it are counted per link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

REFERRAL_PAYLOAD_PREFIX = "ref_"
NAME_MAX = 80


class SourceKind(StrEnum):
    MIDWIFE = "midwife"
    JGZ = "jgz"  # consultatiebureau / youth health care
    GP = "gp"
    SOCIAL_TEAM = "social_team"
    KRAAMZORG = "kraamzorg"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ReferralLink:
    id: int
    code: str
    municipality: str
    source_kind: SourceKind
    name: str
    created_at: datetime
    active: bool
    registrations: int = 0


def referral_url(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={REFERRAL_PAYLOAD_PREFIX}{code}"
