"""Retention: personal data is not kept longer than the programme needs it.

- A parent whose last match ended more than ``retention_months`` ago (and who has no
  running match), or who stopped more than that long ago, is erased like "delete my
  data" does: everything personal goes, anonymous counts stay.
- Audit entries older than ``audit_retention_months`` are deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from domain.clock import Clock
from domain.settings import ProgrammeRules
from services.privacy import PrivacyService
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.parents import parents_past_retention

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionReport:
    parents_erased: int
    audit_entries_deleted: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (clamped to month end)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 1 exists in every month")


class RetentionService:
    def __init__(
        self, db: Database, clock: Clock, privacy: PrivacyService, rules: ProgrammeRules
    ) -> None:
        self._db = db
        self._clock = clock
        self._privacy = privacy
        self._rules = rules

    async def apply(self) -> RetentionReport:
        now = self._clock.now()
        async with self._db.read() as tx:
            due = await parents_past_retention(tx, months_before(now, self._rules.retention_months))
        for parent_id in due:
            await self._privacy.erase(parent_id)
        async with self._db.transaction() as tx:
            deleted = await AuditRepository(tx).delete_before(
                months_before(now, self._rules.audit_retention_months)
            )
        if due or deleted:
            log.info("retention: erased %s parents, %s audit entries", len(due), deleted)
        return RetentionReport(parents_erased=len(due), audit_entries_deleted=deleted)
