"""The outbox table: enqueue, claim due rows, mark the outcome."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.outbox import OutboxItem, OutboxStatus
from storage.db import Transaction
from storage.time import from_text, to_text


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A row for :meth:`OutboxRepository.enqueue_many`."""

    person_id: int
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    urgent: bool = False
    dedupe_key: str | None = None
    broadcast_id: int | None = None


class OutboxRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def enqueue(
        self,
        *,
        person_id: int,
        kind: str,
        payload: dict[str, Any],
        due_at: datetime,
        now: datetime,
        urgent: bool = False,
        dedupe_key: str | None = None,
        broadcast_id: int | None = None,
    ) -> int | None:
        """Add a message; returns its id, or None when ``dedupe_key`` exists already."""
        changed = await self._tx.execute_rowcount(
            "INSERT OR IGNORE INTO outbox (person_id, kind, payload, due_at, urgent, dedupe_key,"
            " broadcast_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                kind,
                json.dumps(payload, sort_keys=True),
                to_text(due_at),
                int(urgent),
                dedupe_key,
                broadcast_id,
                to_text(now),
            ),
        )
        if not changed:
            return None
        return await self._tx.fetch_value("SELECT last_insert_rowid()")

    async def enqueue_many(self, messages: Sequence[NewMessage], now: datetime) -> int:
        """Add messages, one statement per message in one round trip; returns how many
        were new (one whose ``dedupe_key`` exists already is left out)."""
        if not messages:
            return 0
        return await self._tx.execute_many(
            "INSERT OR IGNORE INTO outbox (person_id, kind, payload, due_at, urgent, dedupe_key,"
            " broadcast_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    message.person_id,
                    message.kind,
                    json.dumps(message.payload, sort_keys=True),
                    to_text(message.due_at),
                    int(message.urgent),
                    message.dedupe_key,
                    message.broadcast_id,
                    to_text(now),
                )
                for message in messages
            ],
        )

    async def existing_keys(self, dedupe_keys: Sequence[str]) -> set[str]:
        """Those of these dedupe keys the outbox holds already (a planner leaves out what
        it planned before instead of inserting it again to have it ignored)."""
        if not dedupe_keys:
            return set()
        rows = await self._tx.fetch_all(
            "SELECT dedupe_key FROM outbox WHERE dedupe_key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(dedupe_keys)),),
        )
        return {row["dedupe_key"] for row in rows}

    async def claim_due(self, now: datetime, limit: int) -> list[OutboxItem]:
        """Pending rows due by ``now`` (urgent first, then oldest first), marked
        'sending' in the same step."""
        rows = []
        for urgent in (1, 0):  # two index range scans instead of one sort of everything
            if len(rows) < limit:
                rows += await self._tx.fetch_all(
                    "SELECT o.*, p.telegram_id, p.language"
                    " FROM outbox o INDEXED BY outbox_claim JOIN people p ON p.id = o.person_id"
                    " WHERE o.status = 'pending' AND o.urgent = ? AND o.due_at <= ?"
                    " ORDER BY o.due_at, o.id LIMIT ?",
                    (urgent, to_text(now), limit - len(rows)),
                )
        if rows:
            marks = ",".join("?" * len(rows))
            await self._tx.execute(
                f"UPDATE outbox SET status = 'sending' WHERE id IN ({marks})",
                [row["id"] for row in rows],
            )
        return [_item(row) for row in rows]

    async def mark_sent(self, item_id: int, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            (to_text(now), item_id),
        )

    async def mark_retry(self, item_id: int, due_at: datetime, error: str) -> None:
        await self._tx.execute(
            "UPDATE outbox SET status = 'pending', due_at = ?, attempts = attempts + 1,"
            " last_error = ? WHERE id = ?",
            (to_text(due_at), error[:500], item_id),
        )

    async def defer(self, item_id: int, due_at: datetime) -> None:
        """Back to pending for later, without counting an attempt (quiet hours, busy)."""
        await self._tx.execute(
            "UPDATE outbox SET status = 'pending', due_at = ? WHERE id = ?",
            (to_text(due_at), item_id),
        )

    async def defer_due_non_urgent(self, now: datetime, until: datetime) -> int:
        """Quiet hours: every non-urgent row due by ``now`` waits until ``until``."""
        return await self._tx.execute_rowcount(
            "UPDATE outbox SET due_at = ? WHERE status = 'pending' AND urgent = 0 AND due_at <= ?",
            (to_text(until), to_text(now)),
        )

    async def mark(self, item_id: int, status: OutboxStatus, error: str | None = None) -> None:
        await self._tx.execute(
            "UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
            (status.value, error[:500] if error else None, item_id),
        )

    async def cancel_pending_for(self, person_id: int) -> int:
        return await self._tx.execute_rowcount(
            "UPDATE outbox SET status = 'cancelled' WHERE person_id = ? AND status = 'pending'",
            (person_id,),
        )

    async def cancel_by_dedupe_prefix(self, prefix: str) -> int:
        return await self._tx.execute_rowcount(
            "UPDATE outbox SET status = 'cancelled' WHERE status = 'pending'"
            " AND dedupe_key LIKE ? ESCAPE '\\'",
            (prefix.replace("%", "\\%").replace("_", "\\_") + "%",),
        )

    async def release_interrupted(self) -> int:
        """After a crash: rows left 'sending' go back to pending. The one message that
        was in flight may be sent twice; no other is."""
        return await self._tx.execute_rowcount(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
        )

    async def next_due_at(self) -> datetime | None:
        value = await self._tx.fetch_value(
            "SELECT MIN(due_at) FROM outbox WHERE status = 'pending'"
        )
        return from_text(value) if value else None

    async def counts_for_broadcast(self, broadcast_id: int) -> dict[str, int]:
        rows = await self._tx.fetch_all(
            "SELECT status, last_error, COUNT(*) AS n FROM outbox WHERE broadcast_id = ?"
            " GROUP BY status, last_error",
            (broadcast_id,),
        )
        counts: dict[str, int] = {}
        for row in rows:
            key = row["status"]
            if row["status"] == "failed" and row["last_error"] == BLOCKED_ERROR:
                key = "blocked"
            counts[key] = counts.get(key, 0) + row["n"]
        return counts


BLOCKED_ERROR = "blocked"


def _item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        person_id=row["person_id"],
        telegram_id=row["telegram_id"],
        language=row["language"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        due_at=from_text(row["due_at"]),
        urgent=bool(row["urgent"]),
        attempts=row["attempts"],
        broadcast_id=row["broadcast_id"],
    )
