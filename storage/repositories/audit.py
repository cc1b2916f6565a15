"""The audit log: who did what to whose data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Transaction
from storage.repositories.scope import municipality_scope
from storage.time import from_text, to_text


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor_id: int | None
    action: str
    subject_id: int | None
    detail: str
    created_at: datetime
    municipality: str | None = None


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
        municipality: str | None = None,
    ) -> None:
        """``municipality``: the one the subject belongs to, so access can be shown per
        coordinator scope."""
        await self._tx.execute(
            "INSERT INTO audit_log (actor_id, action, subject_id, detail, created_at,"
            " municipality) VALUES (?, ?, ?, ?, ?, ?)",
            (actor_id, action, subject_id, detail, to_text(now), municipality),
        )

    async def recent_in_scope(
        self, *, actions: tuple[str, ...], municipality: str | None, limit: int
    ) -> list[AuditEntry]:
        """The newest entries of ``actions`` about one municipality (None: all)."""
        marks = ",".join("?" * len(actions))
        scope, params = municipality_scope("municipality", municipality)
        rows = await self._tx.fetch_all(
            f"SELECT * FROM audit_log WHERE action IN ({marks}){scope} ORDER BY id DESC LIMIT ?",
            (*actions, *params, limit),
        )
        return [_entry(r) for r in rows]

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
        return [_entry(r) for r in rows]

    async def delete_before(self, moment: datetime) -> int:
        return await self._tx.execute_rowcount(
            "DELETE FROM audit_log WHERE created_at < ?", (to_text(moment),)
        )


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        actor_id=row["actor_id"],
        action=row["action"],
        subject_id=row["subject_id"],
        detail=row["detail"],
        created_at=from_text(row["created_at"]),
        municipality=row["municipality"],
    )
