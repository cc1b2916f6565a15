"""Check-ins: one row per parent and planned slot, with the answer when it came."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.checkins import Checkin, CheckinKind
from storage.db import Transaction
from storage.time import optional_from_text, to_text


class CheckinRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, checkin_id: int) -> Checkin | None:
        row = await self._tx.fetch_one("SELECT * FROM checkins WHERE id = ?", (checkin_id,))
        return _checkin(row) if row else None

    async def latest_answered(self, parent_id: int) -> Checkin | None:
        """The parent's most recent answer (for the buddy's family card, when shared)."""
        row = await self._tx.fetch_one(
            "SELECT * FROM checkins WHERE parent_id = ? AND answered_at IS NOT NULL"
            " ORDER BY answered_at DESC, id DESC LIMIT 1",
            (parent_id,),
        )
        return _checkin(row) if row else None

    async def planned_on(self, parent_id: int, day: str) -> bool:
        """Whether a check-in is planned for the parent on local day ``YYYY-MM-DD`` (at
        whatever time: a changed time of day must not bring a second one that day)."""
        found = await self._tx.fetch_value(
            "SELECT 1 FROM checkins WHERE parent_id = ? AND slot LIKE ?",
            (parent_id, day + "T%"),
        )
        return found is not None

    async def planned_on_days(self, days: Sequence[tuple[int, str]]) -> set[int]:
        """Those of these (parent, local day ``YYYY-MM-DD``) pairs with a check-in planned
        that day, at whatever time (see :meth:`planned_on`); returns the parents."""
        if not days:
            return set()
        rows = await self._tx.fetch_all(
            "SELECT DISTINCT c.parent_id FROM json_each(?) j JOIN checkins c"
            " ON c.parent_id = json_extract(j.value, '$[0]')"
            " AND c.slot >= json_extract(j.value, '$[1]') || 'T'"
            " AND c.slot < json_extract(j.value, '$[1]') || 'U'",
            (json.dumps(list(days)),),
        )
        return {row["parent_id"] for row in rows}

    async def add_many(self, checkins: Sequence[tuple[int, CheckinKind, str]]) -> dict[int, int]:
        """Plan (parent, kind, slot) check-ins, one statement for all; returns the new
        check-ins' ids by parent (a slot that exists already is left out, see :meth:`add`)."""
        if not checkins:
            return {}
        rows = await self._tx.fetch_all(
            "INSERT OR IGNORE INTO checkins (parent_id, kind, slot)"
            " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
            " json_extract(value, '$[2]') FROM json_each(?) ORDER BY key"
            " RETURNING id, parent_id",
            (json.dumps([[parent, kind.value, slot] for parent, kind, slot in checkins]),),
        )
        return {row["parent_id"]: row["id"] for row in rows}

    async def add(self, *, parent_id: int, kind: CheckinKind, slot: str) -> int | None:
        """Plan a check-in; None when that slot exists already."""
        changed = await self._tx.execute_rowcount(
            "INSERT OR IGNORE INTO checkins (parent_id, kind, slot) VALUES (?, ?, ?)",
            (parent_id, kind.value, slot),
        )
        if not changed:
            return None
        return await self._tx.fetch_value("SELECT last_insert_rowid()")

    async def mark_sent(self, checkin_id: int, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE checkins SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            (to_text(now), checkin_id),
        )

    async def record_score(self, checkin_id: int, score: int, now: datetime) -> bool:
        """The first answer counts; False when it was answered before."""
        changed = await self._tx.execute_rowcount(
            "UPDATE checkins SET score = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL",
            (score, to_text(now), checkin_id),
        )
        return changed == 1

    async def record_wants_contact(self, checkin_id: int, wants_contact: bool) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE checkins SET wants_contact = ? WHERE id = ? AND wants_contact IS NULL",
            (int(wants_contact), checkin_id),
        )
        return changed == 1

    async def mark_unanswered_sent_before(self, moment: datetime, now: datetime) -> list[int]:
        """Count check-ins sent before ``moment`` and still unanswered as unanswered;
        returns the parents concerned."""
        rows = await self._tx.fetch_all(
            "SELECT DISTINCT parent_id FROM checkins WHERE answered_at IS NULL"
            " AND unanswered_at IS NULL AND sent_at IS NOT NULL AND sent_at < ?",
            (to_text(moment),),
        )
        await self._tx.execute(
            "UPDATE checkins SET unanswered_at = ? WHERE answered_at IS NULL"
            " AND unanswered_at IS NULL AND sent_at IS NOT NULL AND sent_at < ?",
            (to_text(now), to_text(moment)),
        )
        return [row["parent_id"] for row in rows]

    async def unanswered_streak(self, parent_id: int) -> int:
        """How many of the parent's latest sent check-ins in a row went unanswered."""
        rows = await self._tx.fetch_all(
            "SELECT answered_at, unanswered_at FROM checkins"
            " WHERE parent_id = ? AND sent_at IS NOT NULL ORDER BY slot DESC, id DESC",
            (parent_id,),
        )
        streak = 0
        for row in rows:
            if row["answered_at"] is not None:
                break
            if row["unanswered_at"] is not None:
                streak += 1
        return streak


def _checkin(row: dict[str, Any]) -> Checkin:
    wants_contact = row["wants_contact"]
    return Checkin(
        id=row["id"],
        parent_id=row["parent_id"],
        kind=CheckinKind(row["kind"]),
        slot=row["slot"],
        sent_at=optional_from_text(row["sent_at"]),
        answered_at=optional_from_text(row["answered_at"]),
        score=row["score"],
        wants_contact=None if wants_contact is None else bool(wants_contact),
        unanswered_at=optional_from_text(row["unanswered_at"]),
    )
