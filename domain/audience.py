"""Who a broadcast or an activity is for: a segment of parents or buddies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.parents import Phase


class AudienceRole(StrEnum):
    PARENTS = "parents"
    BUDDIES = "buddies"


@dataclass(frozen=True, slots=True)
class Segment:
    """Every field that is None means "everyone". ``municipality`` None is only allowed
    for province-wide coordinators; ``phase`` only applies to parents."""

    role: AudienceRole = AudienceRole.PARENTS
    municipality: str | None = None
    neighbourhood: str | None = None
    phase: Phase | None = None
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "municipality": self.municipality,
            "neighbourhood": self.neighbourhood,
            "phase": self.phase.value if self.phase else None,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Segment:
        return cls(
            role=AudienceRole(raw.get("role") or AudienceRole.PARENTS),
            municipality=raw.get("municipality"),
            neighbourhood=raw.get("neighbourhood"),
            phase=Phase(raw["phase"]) if raw.get("phase") else None,
            language=raw.get("language"),
        )
