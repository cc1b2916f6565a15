"""Alerts to buddies and their one-tap answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
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

    async def add_unless_open(
        self, kind: AlertKind, pairs: Sequence[tuple[int, int]], now: datetime
    ) -> list[Alert]:
        """Raise an alert of ``kind`` for each (buddy, parent) pair that is an active match
        without an open alert of this kind, in one statement; returns the new alerts."""
        if not pairs:
            return []
        rows = await self._tx.fetch_all(
            "WITH pairs (buddy_id, parent_id, position) AS ("
            " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), key"
            " FROM json_each(?))"
            " INSERT INTO alerts (buddy_id, parent_id, kind, created_at)"
            " SELECT p.buddy_id, p.parent_id, ?, ? FROM pairs p"
            " WHERE EXISTS (SELECT 1 FROM matches m WHERE m.buddy_id = p.buddy_id"
            "  AND m.parent_id = p.parent_id AND m.ended_at IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.buddy_id = p.buddy_id"
            "  AND a.parent_id = p.parent_id AND a.kind = ?"
            "  AND a.acknowledged_at IS NULL AND a.escalated_at IS NULL)"
            " ORDER BY p.position RETURNING *",
            (json.dumps([list(pair) for pair in pairs]), kind.value, to_text(now), kind.value),
        )
        return sorted((_alert(row) for row in rows), key=lambda alert: alert.id)

    async def questions_to_alert(self, written_before: datetime) -> list[tuple[int, int]]:
        """(buddy, parent) of threads waiting for the buddy (see
        ``ThreadRepository.waiting_for_buddy``) since before ``written_before`` without a
        question alert for the pair since the thread's newest message, by thread."""
        rows = await self._tx.fetch_all(
            "SELECT t.buddy_id, t.parent_id FROM threads t INDEXED BY threads_waiting"
            " WHERE t.waiting_since <= ?"
            " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.buddy_id = t.buddy_id"
            "  AND a.parent_id = t.parent_id AND a.kind = ? AND a.created_at >= t.waiting_since)"
            " ORDER BY t.id",
            (to_text(written_before), AlertKind.QUESTION_WAITING.value),
        )
        return [(row["buddy_id"], row["parent_id"]) for row in rows]

    async def handle_questions_no_longer_waiting(
        self, now: datetime, *, pairs: Sequence[tuple[int, int]] | None = None
    ) -> int:
        """Open question alerts of pairs with no thread waiting for the buddy any more
        count as handled (the buddy answered by replying, or it was passed on); only those
        of these (buddy, parent) ``pairs``, when given."""
        table = "alerts"
        if pairs is None:
            scope, scope_params = "", ()
        else:
            table = "alerts NOT INDEXED"  # by id, from the pairs: not through every open alert
            scope = (
                " AND id IN (SELECT a.id FROM json_each(?) j JOIN alerts a"
                "  ON a.buddy_id = json_extract(j.value, '$[0]')"
                "  AND a.parent_id = json_extract(j.value, '$[1]') AND a.kind = ?)"
            )
            scope_params = (
                json.dumps([list(pair) for pair in pairs]),
                AlertKind.QUESTION_WAITING.value,
            )
        return await self._tx.execute_rowcount(
            f"UPDATE {table} SET acknowledged_at = ?, response = ?"
            " WHERE kind = ? AND acknowledged_at IS NULL AND escalated_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.buddy_id = alerts.buddy_id"
            "  AND t.parent_id = alerts.parent_id AND t.waiting_since <= ?)" + scope,
            (
                to_text(now),
                AlertResponse.HANDLED.value,
                AlertKind.QUESTION_WAITING.value,
                to_text(now),
                *scope_params,
            ),
        )

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
