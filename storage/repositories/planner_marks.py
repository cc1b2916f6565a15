"""What a planner's materialised "next moment to look" column was computed with, and when
the planner last ran (migration 0006): a different basis (time zone, rules) or a clock
that went back means the stored moments cannot be trusted and are cleared."""

from __future__ import annotations

from datetime import datetime

from storage.db import Transaction
from storage.time import to_text


class PlannerMarkRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def still_valid(self, name: str, basis: str, now: datetime) -> bool:
        """Whether the planner's stored moments hold for a run at ``now`` with ``basis``:
        computed with the same basis, by runs no later than ``now``. Records this run."""
        row = await self._tx.fetch_one(
            "SELECT basis, ran_at FROM planner_marks WHERE name = ?", (name,)
        )
        now_text = to_text(now)
        valid = row is not None and row["basis"] == basis and row["ran_at"] <= now_text
        await self._tx.execute(
            "INSERT INTO planner_marks (name, basis, ran_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET basis = excluded.basis, ran_at = excluded.ran_at",
            (name, basis, now_text),
        )
        return valid
