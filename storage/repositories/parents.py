"""Parents and their programme details."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from domain.parents import BuddyOfParent, CheckinFrequency, Parent, Phase, StopReason, TimeOfDay
from storage.db import Transaction
from storage.time import day_from_text, day_to_text, from_text, optional_from_text, to_text

_SELECT = (
    "SELECT pa.*, p.telegram_id, p.language, p.first_name, p.active"
    " FROM parents pa JOIN people p ON p.id = pa.person_id"
)
# Reachable, not stopped, consent to messages in force (the newest consent row counts).
_MESSAGEABLE = (
    " p.active = 1 AND pa.stopped_at IS NULL AND ("
    "SELECT c.granted FROM consents c WHERE c.person_id = pa.person_id"
    " AND c.purpose = 'messages' ORDER BY c.id DESC LIMIT 1) = 1"
)

# Stored in a schedule column: not known yet (look at the next run; sorts first) and
# nothing to look for any more (sorts last) until what it depends on changes.
NOT_KNOWN = ""
NEVER = "9999-12-31T23:59:59.999999Z"


class ParentSchedule(StrEnum):
    """A parent's materialised "next slot to look at" per planner (migration 0006): the
    UTC instant of the next slot, kept by the planner, put back to NOT_KNOWN by a trigger
    whenever the parent's schedule settings change."""

    CHECKINS = "next_checkin_at"
    TIPS = "next_tip_at"


@dataclass(frozen=True, slots=True)
class ParentPage:
    """One page of parents whose schedule column is due; ``after`` continues the scan
    (None: this was the last page)."""

    parents: list[Parent]
    after: tuple[str, int] | None


_IDS_PER_QUERY = 500  # well below SQLite's limit on host parameters


class ParentRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, person_id: int) -> Parent | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE pa.person_id = ?", (person_id,))
        return _parent(row) if row else None

    async def messageable(self) -> list[Parent]:
        """Parents the programme may message on its own initiative: reachable, not
        stopped, with consent to messages in force (the scheduler's planners start here;
        pauses are checked per slot)."""
        rows = await self._tx.fetch_all(
            _SELECT + " WHERE" + _MESSAGEABLE + " ORDER BY pa.person_id"
        )
        return [_parent(row) for row in rows]

    async def get_many(self, person_ids: Iterable[int]) -> dict[int, Parent]:
        """These parents (those that exist), by id."""
        ids = sorted(set(person_ids))
        found: dict[int, Parent] = {}
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            rows = await self._tx.fetch_all(
                _SELECT + f" WHERE pa.person_id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((row["person_id"], _parent(row)) for row in rows)
        return found

    async def messageable_due(
        self,
        schedule: ParentSchedule,
        horizon: datetime,
        *,
        after: tuple[str, int] | None = None,
        limit: int,
    ) -> ParentPage:
        """Messageable parents (see :meth:`messageable`) whose ``schedule`` column is at or
        before ``horizon`` (or not known yet), in the column's order, from ``after`` on."""
        column = schedule.value
        last_moment, last_id = after or (NOT_KNOWN, 0)
        # Two index ranges merged in order: the rest of the current moment, then the later
        # moments up to the horizon (a row-value comparison would scan from the start).
        rows = await self._tx.fetch_all(
            _SELECT
            + f" WHERE pa.{column} = ? AND pa.person_id > ? AND"
            + _MESSAGEABLE
            + " UNION ALL "
            + _SELECT
            + f" WHERE pa.{column} > ? AND pa.{column} <= ? AND"
            + _MESSAGEABLE
            + f" ORDER BY {column}, person_id LIMIT ?",
            (last_moment, last_id, last_moment, to_text(horizon), limit),
        )
        parents = [_parent(row) for row in rows]
        more = len(rows) == limit
        return ParentPage(
            parents=parents,
            after=(rows[-1][column], rows[-1]["person_id"]) if more else None,
        )

    async def set_schedule(
        self, schedule: ParentSchedule, moments: Sequence[tuple[int, datetime | None]]
    ) -> None:
        """Store each parent's next slot to look at (None: never, until settings change)."""
        texts: dict[datetime | None, str] = {None: NEVER}  # many parents share a slot
        for _, moment in moments:
            if moment not in texts:
                texts[moment] = to_text(moment)  # type: ignore[arg-type]
        await self._tx.execute_many(
            f"UPDATE parents SET {schedule.value} = ? WHERE person_id = ?",
            [(texts[moment], person_id) for person_id, moment in moments],
        )

    async def clear_schedule(self, schedule: ParentSchedule) -> int:
        """Forget every stored next slot (they are computed again at the next run)."""
        return await self._tx.execute_rowcount(
            f"UPDATE parents SET {schedule.value} = ? WHERE stopped_at IS NULL AND {schedule.value} > ?",
            (NOT_KNOWN, NOT_KNOWN),
        )

    async def add(
        self,
        *,
        person_id: int,
        phase: Phase,
        due_date: date | None,
        birth_date: date | None,
        municipality: str,
        neighbourhood: str | None,
        referral_link_id: int | None,
        now: datetime,
    ) -> None:
        await self._tx.execute(
            "INSERT INTO parents (person_id, phase, due_date, birth_date, phase_started_at,"
            " municipality, neighbourhood, referral_link_id, registered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                phase.value,
                day_to_text(due_date),
                day_to_text(birth_date),
                to_text(now),
                municipality,
                neighbourhood,
                referral_link_id,
                to_text(now),
            ),
        )

    async def set_phase(
        self,
        person_id: int,
        *,
        phase: Phase,
        due_date: date | None,
        birth_date: date | None,
        now: datetime,
    ) -> None:
        await self._tx.execute(
            "UPDATE parents SET phase = ?, due_date = ?, birth_date = ?, phase_started_at = ?"
            " WHERE person_id = ?",
            (phase.value, day_to_text(due_date), day_to_text(birth_date), to_text(now), person_id),
        )

    async def set_checkin_frequency(self, person_id: int, frequency: CheckinFrequency) -> None:
        await self._tx.execute(
            "UPDATE parents SET checkin_frequency = ? WHERE person_id = ?",
            (frequency.value, person_id),
        )

    async def set_preferred_time(self, person_id: int, time_of_day: TimeOfDay) -> None:
        await self._tx.execute(
            "UPDATE parents SET preferred_time = ? WHERE person_id = ?",
            (time_of_day.value, person_id),
        )

    async def set_paused_until(self, person_id: int, first_day_back: date | None) -> None:
        await self._tx.execute(
            "UPDATE parents SET paused_until = ? WHERE person_id = ?",
            (day_to_text(first_day_back), person_id),
        )

    async def set_stopped(
        self, person_id: int, *, stopped_at: datetime | None, reason: StopReason | None
    ) -> None:
        await self._tx.execute(
            "UPDATE parents SET stopped_at = ?, stop_reason = ? WHERE person_id = ?",
            (
                to_text(stopped_at) if stopped_at else None,
                reason.value if reason else None,
                person_id,
            ),
        )

    async def buddy_of(self, person_id: int) -> BuddyOfParent | None:
        """The buddy of the parent's active match, if any."""
        row = await self._tx.fetch_one(
            "SELECT b.person_id, b.display_name, m.id AS match_id, m.started_at"
            " FROM matches m JOIN buddies b ON b.person_id = m.buddy_id"
            " WHERE m.parent_id = ? AND m.ended_at IS NULL",
            (person_id,),
        )
        if row is None:
            return None
        return BuddyOfParent(
            person_id=row["person_id"],
            display_name=row["display_name"],
            match_id=row["match_id"],
            matched_since=from_text(row["started_at"]),
        )


# Enum members by value: a dict lookup is ~20x cheaper than calling the enum, and planners
# read 100,000s of parents in their first run.
_PHASES = {member.value: member for member in Phase}
_FREQUENCIES = {member.value: member for member in CheckinFrequency}
_TIMES_OF_DAY = {member.value: member for member in TimeOfDay}


def _parent(row: dict[str, Any]) -> Parent:
    return Parent(
        person_id=row["person_id"],
        telegram_id=row["telegram_id"],
        language=row["language"],
        first_name=row["first_name"],
        active=bool(row["active"]),
        phase=_PHASES[row["phase"]],
        due_date=day_from_text(row["due_date"]),
        birth_date=day_from_text(row["birth_date"]),
        phase_started_at=from_text(row["phase_started_at"]),
        municipality=row["municipality"],
        neighbourhood=row["neighbourhood"],
        referral_link_id=row["referral_link_id"],
        checkin_frequency=_FREQUENCIES[row["checkin_frequency"]],
        preferred_time=_TIMES_OF_DAY[row["preferred_time"]],
        paused_until=day_from_text(row["paused_until"]),
        registered_at=from_text(row["registered_at"]),
        stopped_at=optional_from_text(row["stopped_at"]),
    )


async def parents_past_retention(tx: Transaction, cutoff: datetime) -> list[int]:
    """Parents with no running match whose last match ended, or who stopped, before
    ``cutoff``: their personal data has been kept long enough. (Candidates come from the
    stopped parents and the ended matches, by index: not from every parent.)"""
    rows = await tx.fetch_all(
        "SELECT pa.person_id FROM parents pa INDEXED BY parents_stopped"
        " WHERE pa.stopped_at IS NOT NULL AND pa.stopped_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM matches m"
        "                 WHERE m.parent_id = pa.person_id AND m.ended_at IS NULL)"
        " UNION"
        " SELECT m.parent_id FROM matches m INDEXED BY matches_ended"
        " WHERE m.ended_at BETWEEN '0' AND ?"
        " AND NOT EXISTS (SELECT 1 FROM matches a"
        "                 WHERE a.parent_id = m.parent_id AND a.ended_at IS NULL)"
        " AND (SELECT MAX(e.ended_at) FROM matches e WHERE e.parent_id = m.parent_id) <= ?"
        " ORDER BY 1",
        (to_text(cutoff), to_text(cutoff), to_text(cutoff)),
    )
    return [row["person_id"] for row in rows]
