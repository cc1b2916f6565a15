"""Who is in a segment: the parents (or buddies) an activity or a broadcast reaches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.audience import AudienceRole, Segment
from storage.db import Transaction

# Parents who may get programme messages: not stopped, not paused today (paused_until is
# the first day messages come again, as in domain.schedule.is_paused), and whose newest
# consent for messages is a yes.
_REACHABLE_PARENT = (
    " pa.stopped_at IS NULL"
    " AND (pa.paused_until IS NULL OR pa.paused_until <= :today)"
    " AND (SELECT c.granted FROM consents c WHERE c.person_id = p.id AND c.purpose = 'messages'"
    "      ORDER BY c.id DESC LIMIT 1) = 1"
)


@dataclass(frozen=True, slots=True)
class Member:
    person_id: int
    active: bool  # False: they blocked the bot


class AudienceRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def members(self, segment: Segment, today: date) -> list[Member]:
        if segment.role is AudienceRole.BUDDIES:
            return await self._buddies(segment)
        return await self._parents(segment, today)

    async def _parents(self, segment: Segment, today: date) -> list[Member]:
        conditions, params = [_REACHABLE_PARENT], {"today": today.isoformat()}
        _filter(conditions, params, "pa.municipality", "municipality", segment.municipality)
        _filter(conditions, params, "pa.neighbourhood", "neighbourhood", segment.neighbourhood)
        _filter(conditions, params, "pa.phase", "phase", segment.phase)
        _filter(conditions, params, "COALESCE(p.language, 'nl')", "language", segment.language)
        rows = await self._tx.fetch_all(
            "SELECT p.id, p.active FROM parents pa JOIN people p ON p.id = pa.person_id"
            " WHERE " + " AND ".join(conditions) + " ORDER BY p.id",
            params,
        )
        return [Member(row["id"], bool(row["active"])) for row in rows]

    async def _buddies(self, segment: Segment) -> list[Member]:
        conditions: list[str] = ["1 = 1"]
        params: dict[str, Any] = {}
        _filter(conditions, params, "b.municipality", "municipality", segment.municipality)
        _filter(conditions, params, "COALESCE(p.language, 'nl')", "language", segment.language)
        if segment.neighbourhood is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM buddy_neighbourhoods n WHERE n.buddy_id = b.person_id"
                " AND n.neighbourhood = :neighbourhood)"
            )
            params["neighbourhood"] = segment.neighbourhood
        rows = await self._tx.fetch_all(
            "SELECT p.id, p.active FROM buddies b JOIN people p ON p.id = b.person_id"
            " WHERE " + " AND ".join(conditions) + " ORDER BY p.id",
            params,
        )
        return [Member(row["id"], bool(row["active"])) for row in rows]


def _filter(
    conditions: list[str], params: dict[str, Any], column: str, name: str, value: object
) -> None:
    if value is not None:
        conditions.append(f"{column} = :{name}")
        params[name] = str(value)
