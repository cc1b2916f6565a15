"""Consents: an append-only history; the newest row per purpose is in force."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.consent import Consent, Purpose
from storage.db import Transaction
from storage.time import from_text, to_text

_IDS_PER_QUERY = 500  # well below SQLite's limit on host parameters


class ConsentRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def record(
        self, person_id: int, purpose: Purpose, granted: bool, text_version: str, now: datetime
    ) -> None:
        await self._tx.execute(
            "INSERT INTO consents (person_id, purpose, granted, text_version, recorded_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (person_id, purpose.value, int(granted), text_version, to_text(now)),
        )

    async def current(self, person_id: int) -> dict[Purpose, Consent]:
        rows = await self._tx.fetch_all(
            "SELECT purpose, granted, text_version, recorded_at FROM consents"
            " WHERE person_id = ? ORDER BY id",
            (person_id,),
        )
        return {
            Purpose(row["purpose"]): Consent(
                purpose=Purpose(row["purpose"]),
                granted=bool(row["granted"]),
                text_version=row["text_version"],
                recorded_at=from_text(row["recorded_at"]),
            )
            for row in rows
        }

    async def granted(self, person_id: int, purpose: Purpose) -> bool:
        value = await self._tx.fetch_value(
            "SELECT granted FROM consents WHERE person_id = ? AND purpose = ?"
            " ORDER BY id DESC LIMIT 1",
            (person_id, purpose.value),
        )
        return bool(value)

    async def granted_among(self, person_ids: Iterable[int], purpose: Purpose) -> set[int]:
        """Those of these people whose consent for ``purpose`` is in force (see
        :meth:`granted`)."""
        ids = sorted(set(person_ids))
        found: set[int] = set()
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            rows = await self._tx.fetch_all(
                "SELECT c.person_id FROM consents c"
                f" WHERE c.person_id IN ({','.join('?' * len(chunk))}) AND c.purpose = ?"
                " AND c.granted = 1 AND c.id = (SELECT MAX(n.id) FROM consents n"
                "  WHERE n.person_id = c.person_id AND n.purpose = c.purpose)",
                (*chunk, purpose.value),
            )
            found.update(row["person_id"] for row in rows)
        return found
