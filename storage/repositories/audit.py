"""The audit log: who did what to whose data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Transaction
from storage.time import from_text, to_text


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor_id: int | None
    action: str
    subject_id: int | None
    detail: str
    created_at: datetime


class AuditRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def record(
        self,
        *,
        actor_id: int | None,
        action: str,
        subject_id: int | None,
        now: datetime,
        detail: str = "",
    ) -> None:
        await self._tx.execute(
            "INSERT INTO audit_log (actor_id, action, subject_id, detail, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (actor_id, action, subject_id, detail, to_text(now)),
        )

    async def recent(self, *, limit: int, actor_ids: list[int] | None = None) -> list[AuditEntry]:
        if actor_ids is None:
            rows = await self._tx.fetch_all(
                "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            marks = ",".join("?" * len(actor_ids)) or "NULL"
            rows = await self._tx.fetch_all(
                f"SELECT * FROM audit_log WHERE actor_id IN ({marks}) ORDER BY id DESC LIMIT ?",
                (*actor_ids, limit),
            )
        return [
            AuditEntry(
                id=r["id"],
                actor_id=r["actor_id"],
                action=r["action"],
                subject_id=r["subject_id"],
                detail=r["detail"],
                created_at=from_text(r["created_at"]),
            )
            for r in rows
        ]

    async def delete_before(self, moment: datetime) -> int:
        return await self._tx.execute_rowcount(
            "DELETE FROM audit_log WHERE created_at < ?", (to_text(moment),)
        )
