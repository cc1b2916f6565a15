"""The access log coordinators read with /audit: who opened which family's details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.coordinators import PARENT_DETAILS_OPENED, coordinator_names, load_coordinator
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.parents import ParentRepository

RECENT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class AccessEntry:
    at: datetime
    coordinator_name: str | None
    erased: bool  # the family's data has been erased since
    parent_first_name: str | None
    municipality: str | None
    neighbourhood: str | None


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def recent_access(
        self, coordinator_id: int, limit: int = RECENT_LIMIT
    ) -> list[AccessEntry]:
        """The newest openings of family details within the coordinator's scope."""
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            entries = await AuditRepository(tx).recent_in_scope(
                actions=(PARENT_DETAILS_OPENED,),
                municipality=coordinator.municipality,
                limit=limit,
            )
            names = await coordinator_names(
                tx, {entry.actor_id for entry in entries if entry.actor_id is not None}
            )
            parents = ParentRepository(tx)
            result = []
            for entry in entries:
                parent = await parents.get(entry.subject_id) if entry.subject_id else None
                result.append(
                    AccessEntry(
                        at=entry.created_at,
                        coordinator_name=names.get(entry.actor_id) if entry.actor_id else None,
                        erased=parent is None,
                        parent_first_name=parent.first_name if parent else None,
                        municipality=entry.municipality,
                        neighbourhood=parent.neighbourhood if parent else None,
                    )
                )
        return result
