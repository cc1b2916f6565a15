"""Alerts to buddies and their one-tap answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.alerts import Alert, AlertKind, AlertResponse
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class AlertRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, *, buddy_id: int, parent_id: int, kind: AlertKind, now: datetime) -> int:
        return await self._tx.execute(
            "INSERT INTO alerts (buddy_id, parent_id, kind, created_at) VALUES (?, ?, ?, ?)",
            (buddy_id, parent_id, kind.value, to_text(now)),
        )

    async def get(self, alert_id: int) -> Alert | None:
        row = await self._tx.fetch_one("SELECT * FROM alerts WHERE id = ?", (alert_id,))
        return _alert(row) if row else None

    async def open_for(self, buddy_id: int, parent_id: int, kind: AlertKind) -> Alert | None:
        row = await self._tx.fetch_one(
            "SELECT * FROM alerts WHERE buddy_id = ? AND parent_id = ? AND kind = ?"
            " AND acknowledged_at IS NULL AND escalated_at IS NULL ORDER BY id DESC LIMIT 1",
            (buddy_id, parent_id, kind.value),
        )
        return _alert(row) if row else None

    async def open_of_kind(self, kind: AlertKind) -> list[Alert]:
        rows = await self._tx.fetch_all(
            "SELECT * FROM alerts WHERE kind = ? AND acknowledged_at IS NULL"
            " AND escalated_at IS NULL ORDER BY id",
            (kind.value,),
        )
        return [_alert(row) for row in rows]

    async def acknowledge(self, alert_id: int, response: AlertResponse, now: datetime) -> bool:
        """Record the buddy's answer; False when the alert was answered before."""
        changed = await self._tx.execute_rowcount(
            "UPDATE alerts SET acknowledged_at = ?, response = ?"
            " WHERE id = ? AND acknowledged_at IS NULL",
            (to_text(now), response.value, alert_id),
        )
        return changed == 1

    async def unacknowledged_before(
        self, kinds: tuple[AlertKind, ...], before: datetime
    ) -> list[Alert]:
        """Alerts of ``kinds`` nobody answered since before ``before``, not escalated yet."""
        marks = ",".join("?" * len(kinds))
        rows = await self._tx.fetch_all(
            "SELECT * FROM alerts WHERE acknowledged_at IS NULL AND escalated_at IS NULL"
            f" AND kind IN ({marks}) AND created_at < ? ORDER BY id",
            (*[kind.value for kind in kinds], to_text(before)),
        )
        return [_alert(row) for row in rows]

    async def mark_escalated(self, alert_id: int, now: datetime) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE alerts SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL",
            (to_text(now), alert_id),
        )
        return changed == 1

    async def open_count(self, buddy_id: int) -> int:
        return await self._tx.fetch_value(
            "SELECT COUNT(*) FROM alerts a JOIN matches m ON m.buddy_id = a.buddy_id"
            " AND m.parent_id = a.parent_id AND m.ended_at IS NULL"
            " WHERE a.buddy_id = ? AND a.acknowledged_at IS NULL AND a.escalated_at IS NULL",
            (buddy_id,),
        )

    async def latest_created(
        self, buddy_id: int, parent_id: int, kind: AlertKind
    ) -> datetime | None:
        value = await self._tx.fetch_value(
            "SELECT MAX(created_at) FROM alerts WHERE buddy_id = ? AND parent_id = ? AND kind = ?",
            (buddy_id, parent_id, kind.value),
        )
        return from_text(value) if value else None


def _alert(row: dict[str, Any]) -> Alert:
    return Alert(
        id=row["id"],
        buddy_id=row["buddy_id"],
        parent_id=row["parent_id"],
        kind=AlertKind(row["kind"]),
        created_at=from_text(row["created_at"]),
        acknowledged_at=optional_from_text(row["acknowledged_at"]),
        response=AlertResponse(row["response"]) if row["response"] else None,
        escalated_at=optional_from_text(row["escalated_at"]),
    )
