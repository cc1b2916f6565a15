"""Group activities and their sign-ups (with the waitlist in order of signing up)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.activities import Activity, ActivityDraft, Signup, SignupStatus
from domain.parents import Phase
from storage.db import Transaction
from storage.repositories.scope import municipality_scope
from storage.time import from_text, optional_from_text, to_text

_SELECT = (
    "SELECT a.*,"
    " (SELECT COUNT(*) FROM activity_signups s WHERE s.activity_id = a.id"
    "  AND s.status = 'signed_up') AS signed_up,"
    " (SELECT COUNT(*) FROM activity_signups s WHERE s.activity_id = a.id"
    "  AND s.status = 'waitlist') AS waiting"
    " FROM activities a"
)
# The waitlist's order: who signed up first; rowid breaks ties of the same instant.
_QUEUE_ORDER = "s.signed_up_at, s.rowid"


class ActivityRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, draft: ActivityDraft, *, created_by: int | None, now: datetime) -> int:
        return await self._tx.execute(
            "INSERT INTO activities (municipality, title, description, starts_at, place,"
            " capacity, audience_neighbourhood, audience_phase, audience_language,"
            " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                draft.municipality,
                draft.title,
                draft.description,
                to_text(draft.starts_at),
                draft.place,
                draft.capacity,
                draft.audience_neighbourhood,
                draft.audience_phase.value if draft.audience_phase else None,
                draft.audience_language,
                created_by,
                to_text(now),
            ),
        )

    async def get(self, activity_id: int) -> Activity | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE a.id = ?", (activity_id,))
        return _activity(row) if row else None

    async def in_scope(self, municipality: str | None, since: datetime) -> list[Activity]:
        """Activities starting from ``since`` on (one municipality, or all), soonest first."""
        scope, params = municipality_scope("a.municipality", municipality)
        rows = await self._tx.fetch_all(
            _SELECT + f" WHERE a.starts_at >= ? AND a.cancelled_at IS NULL{scope}"
            " ORDER BY a.starts_at",
            (to_text(since), *params),
        )
        return [_activity(row) for row in rows]

    async def publish(self, activity_id: int, now: datetime) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE activities SET published_at = ? WHERE id = ? AND published_at IS NULL",
            (to_text(now), activity_id),
        )
        return changed > 0

    async def upcoming_for_parent(self, parent_id: int, now: datetime) -> list[Activity]:
        """Published activities still to come that are meant for this parent, plus any
        they signed up for or wait for."""
        rows = await self._tx.fetch_all(
            _SELECT + " JOIN parents pa ON pa.person_id = :parent"
            " JOIN people p ON p.id = pa.person_id"
            " WHERE a.published_at IS NOT NULL AND a.cancelled_at IS NULL AND a.starts_at > :now"
            " AND ((a.municipality = pa.municipality"
            "   AND (a.audience_neighbourhood IS NULL OR a.audience_neighbourhood = pa.neighbourhood)"
            "   AND (a.audience_phase IS NULL OR a.audience_phase = pa.phase)"
            "   AND (a.audience_language IS NULL"
            "        OR a.audience_language = COALESCE(p.language, 'nl')))"
            "  OR EXISTS (SELECT 1 FROM activity_signups s WHERE s.activity_id = a.id"
            "   AND s.parent_id = :parent AND s.status != 'cancelled'))"
            " ORDER BY a.starts_at",
            {"parent": parent_id, "now": to_text(now)},
        )
        return [_activity(row) for row in rows]

    async def signup_status(self, activity_id: int, parent_id: int) -> SignupStatus | None:
        value = await self._tx.fetch_value(
            "SELECT status FROM activity_signups WHERE activity_id = ? AND parent_id = ?",
            (activity_id, parent_id),
        )
        return SignupStatus(value) if value else None

    async def set_signup(
        self, activity_id: int, parent_id: int, status: SignupStatus, now: datetime
    ) -> None:
        """Sign up or join the waitlist (a new place in line), or change the status."""
        await self._tx.execute(
            "INSERT INTO activity_signups (activity_id, parent_id, status, signed_up_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (activity_id, parent_id) DO UPDATE SET"
            " status = excluded.status, signed_up_at = excluded.signed_up_at",
            (activity_id, parent_id, status.value, to_text(now)),
        )

    async def promote(self, activity_id: int, parent_id: int) -> None:
        """From the waitlist to signed up, keeping when they first asked."""
        await self._tx.execute(
            "UPDATE activity_signups SET status = 'signed_up'"
            " WHERE activity_id = ? AND parent_id = ? AND status = 'waitlist'",
            (activity_id, parent_id),
        )

    async def first_in_line(self, activity_id: int) -> int | None:
        return await self._tx.fetch_value(
            "SELECT s.parent_id FROM activity_signups s WHERE s.activity_id = ?"
            f" AND s.status = 'waitlist' ORDER BY {_QUEUE_ORDER} LIMIT 1",
            (activity_id,),
        )

    async def waitlist_position(self, activity_id: int, parent_id: int) -> int | None:
        rows = await self._tx.fetch_all(
            "SELECT s.parent_id FROM activity_signups s WHERE s.activity_id = ?"
            f" AND s.status = 'waitlist' ORDER BY {_QUEUE_ORDER}",
            (activity_id,),
        )
        ids = [row["parent_id"] for row in rows]
        return ids.index(parent_id) + 1 if parent_id in ids else None

    async def signups(self, activity_id: int, statuses: tuple[SignupStatus, ...]) -> list[Signup]:
        marks = ",".join("?" * len(statuses))
        rows = await self._tx.fetch_all(
            "SELECT s.*, p.first_name FROM activity_signups s"
            " JOIN people p ON p.id = s.parent_id"
            f" WHERE s.activity_id = ? AND s.status IN ({marks}) ORDER BY {_QUEUE_ORDER}",
            (activity_id, *[status.value for status in statuses]),
        )
        return [
            Signup(
                activity_id=row["activity_id"],
                parent_id=row["parent_id"],
                first_name=row["first_name"],
                status=SignupStatus(row["status"]),
                signed_up_at=from_text(row["signed_up_at"]),
                attended=None if row["attended"] is None else bool(row["attended"]),
            )
            for row in rows
        ]

    async def set_attended(self, activity_id: int, parent_id: int, attended: bool) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE activity_signups SET attended = ?"
            " WHERE activity_id = ? AND parent_id = ? AND status = 'signed_up'",
            (int(attended), activity_id, parent_id),
        )
        return changed > 0

    async def signed_up_starting_between(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, int]]:
        """(activity id, parent id) of everyone signed up for an activity in the window."""
        rows = await self._tx.fetch_all(
            "SELECT s.activity_id, s.parent_id FROM activity_signups s"
            " JOIN activities a ON a.id = s.activity_id"
            " WHERE s.status = 'signed_up' AND a.cancelled_at IS NULL"
            " AND a.published_at IS NOT NULL AND a.starts_at > ? AND a.starts_at <= ?",
            (to_text(start), to_text(end)),
        )
        return [(row["activity_id"], row["parent_id"]) for row in rows]


def _activity(row: dict[str, Any]) -> Activity:
    return Activity(
        id=row["id"],
        municipality=row["municipality"],
        title=row["title"],
        description=row["description"],
        starts_at=from_text(row["starts_at"]),
        place=row["place"],
        capacity=row["capacity"],
        audience_neighbourhood=row["audience_neighbourhood"],
        audience_phase=Phase(row["audience_phase"]) if row["audience_phase"] else None,
        audience_language=row["audience_language"],
        created_at=from_text(row["created_at"]),
        published_at=optional_from_text(row["published_at"]),
        cancelled_at=optional_from_text(row["cancelled_at"]),
        signed_up=row["signed_up"],
        waiting=row["waiting"],
    )
