"""Who is talking to the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    PARENT = "parent"
    BUDDY = "buddy"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    telegram_id: int
    role: Role
    language: str | None
    first_name: str | None
    active: bool
    created_at: datetime
    last_seen_at: datetime | None


@dataclass(frozen=True, slots=True)
class Coordinator:
    person_id: int
    telegram_id: int
    municipality: str | None  # None: province-wide
    display_name: str | None
    language: str | None

    @property
    def province_wide(self) -> bool:
        return self.municipality is None

    def covers(self, municipality: str) -> bool:
        """Whether this coordinator's scope includes ``municipality``."""
        return self.municipality is None or self.municipality == municipality
