"""Matches between a buddy and a parent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.matches import EndReason, Match
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class MatchRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, match_id: int) -> Match | None:
        row = await self._tx.fetch_one("SELECT * FROM matches WHERE id = ?", (match_id,))
        return _match(row) if row else None

    async def active_for_parent(self, parent_id: int) -> Match | None:
        row = await self._tx.fetch_one(
            "SELECT * FROM matches WHERE parent_id = ? AND ended_at IS NULL", (parent_id,)
        )
        return _match(row) if row else None

    async def active_for_buddy(self, buddy_id: int) -> list[Match]:
        rows = await self._tx.fetch_all(
            "SELECT * FROM matches WHERE buddy_id = ? AND ended_at IS NULL ORDER BY started_at",
            (buddy_id,),
        )
        return [_match(row) for row in rows]

    async def is_active_pair(self, buddy_id: int, parent_id: int) -> bool:
        """The ownership check every buddy action makes on the server."""
        found = await self._tx.fetch_value(
            "SELECT 1 FROM matches WHERE buddy_id = ? AND parent_id = ? AND ended_at IS NULL",
            (buddy_id, parent_id),
        )
        return found is not None

    async def start(
        self, *, parent_id: int, buddy_id: int, created_by: int | None, now: datetime
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO matches (parent_id, buddy_id, started_at, created_by) VALUES (?, ?, ?, ?)",
            (parent_id, buddy_id, to_text(now), created_by),
        )

    async def end(self, match_id: int, reason: EndReason, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE matches SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
            (to_text(now), reason.value, match_id),
        )


def _match(row: dict[str, Any]) -> Match:
    return Match(
        id=row["id"],
        parent_id=row["parent_id"],
        buddy_id=row["buddy_id"],
        started_at=from_text(row["started_at"]),
        ended_at=optional_from_text(row["ended_at"]),
        end_reason=EndReason(row["end_reason"]) if row["end_reason"] else None,
    )
