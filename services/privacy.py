"""A parent's own data: see it, take it with them (export), have it erased.

Erasure removes all personal data and free text of the parent from every table; only
anonymous counts (``anonymous_counts``) remain, and an audit entry that the erasure
happened. Whoever adds a table with personal data of parents makes sure it is covered:
a foreign key to ``people``/``parents`` is handled automatically (see
:mod:`storage.repositories.privacy`); anything else needs a step here, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import Clock
from domain.errors import NotFound
from domain.settings import Settings
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.privacy import PrivacyRepository
from storage.time import to_text

EXPORT_FORMAT = "kansrijk-export-1"
ERASED_METRIC = "parents_erased"


@dataclass(frozen=True, slots=True)
class DataSummary:
    """How much is stored, for the "My data" screen."""

    messages: int
    checkins: int
    activities: int
    contacts_with_buddy: int
    help_requests: int


class PrivacyService:
    def __init__(self, db: Database, clock: Clock, cipher: TextCipher, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._settings = settings

    async def summary(self, parent_id: int) -> DataSummary:
        async with self._db.read() as tx:
            sections = await PrivacyRepository(tx, self._cipher).export_sections(parent_id)
        return DataSummary(
            messages=len(sections["messages"]),
            checkins=len(sections["checkins"]),
            activities=len(sections["activities"]),
            contacts_with_buddy=len(sections["contacts_with_buddy"]),
            help_requests=len(sections["help_requests"]),
        )

    async def export(self, parent_id: int) -> dict[str, Any]:
        """Everything stored about the parent, as a JSON-able document (audited)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            parent = await ParentRepository(tx).get(parent_id)
            if parent is None:
                raise NotFound(f"parent {parent_id}")
            sections = await PrivacyRepository(tx, self._cipher).export_sections(parent_id)
            await AuditRepository(tx).record(
                actor_id=parent_id,
                action="data_exported",
                subject_id=parent_id,
                now=now,
                municipality=parent.municipality,
            )
        for row in sections["parent"]:
            row["municipality_name"] = self._settings.municipality_name(row["municipality"])
            row["neighbourhood_name"] = self._settings.neighbourhood_name(
                row["municipality"], row["neighbourhood"]
            )
        return {"format": EXPORT_FORMAT, "exported_at": to_text(now), **sections}

    async def erase(self, parent_id: int) -> None:
        """Remove the parent and everything personal about them (audited, counted)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            parent = await ParentRepository(tx).get(parent_id)
            if parent is None:
                raise NotFound(f"parent {parent_id}")
            privacy = PrivacyRepository(tx, self._cipher)
            for reference in await privacy.person_references():
                if not reference.cascades:
                    await privacy.detach(reference, parent_id)
            await privacy.forget_conversations(parent.telegram_id)
            await privacy.forget_outbox_mentions(parent_id)
            await privacy.count_anonymously(parent.municipality, ERASED_METRIC, _month(now))
            await privacy.delete_person(parent_id)
            # The entry names nobody: the id points at no one any more.
            await AuditRepository(tx).record(
                actor_id=None,
                action="parent_erased",
                subject_id=parent_id,
                now=now,
                municipality=parent.municipality,
            )


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")
