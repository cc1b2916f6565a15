"""Consent per purpose, recorded with the version of the text the person saw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Purpose(StrEnum):
    MESSAGES = "messages"  # receiving messages from the programme (required)
    SHARE_CHECKINS = "share_checkins"  # the buddy may see check-in answers
    MONITORING = "monitoring"  # anonymous use in the programme's monitoring


@dataclass(frozen=True, slots=True)
class Consent:
    purpose: Purpose
    granted: bool
    text_version: str
    recorded_at: datetime
