"""Contact logs of buddies. Notes are encrypted at rest (``note_text``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.contacts import Concern, Contact, ContactDetails, ContactKind, PairContact, Topic
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.time import from_text, to_text

# A running match's next contact reminder day to look at (migration 0006): '' when not
# known yet (sorts first; triggers reset it when the pair's contacts change).
NOT_KNOWN = ""

_ACTIVE_PAIRS = (
    "SELECT m.id AS match_id, m.buddy_id, m.parent_id, m.started_at,"
    " m.next_contact_reminder_on AS next_reminder_on,"
    " (SELECT MAX(c.contact_date) FROM contacts c"
    "  WHERE c.buddy_id = m.buddy_id AND c.parent_id = m.parent_id) AS last_day"
    " FROM matches m JOIN parents pa ON pa.person_id = m.parent_id"
    " JOIN people b ON b.id = m.buddy_id"
    " WHERE m.ended_at IS NULL AND pa.stopped_at IS NULL AND b.active = 1"
)


@dataclass(frozen=True, slots=True)
class PairPage:
    """One page of pairs whose next reminder day has come; ``after`` continues the scan
    (None: this was the last page)."""

    pairs: list[PairContact]
    after: tuple[str, int] | None


class ContactRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    async def add(
        self,
        *,
        buddy_id: int,
        parent_id: int,
        municipality: str,
        details: ContactDetails,
        now: datetime,
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO contacts (buddy_id, parent_id, municipality, contact_date, kind,"
            " duration_minutes, topics, parent_mood, concern, note_text, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                buddy_id,
                parent_id,
                municipality,
                *self._detail_values(details),
                to_text(now),
                to_text(now),
            ),
        )

    async def update(self, contact_id: int, details: ContactDetails, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE contacts SET contact_date = ?, kind = ?, duration_minutes = ?, topics = ?,"
            " parent_mood = ?, concern = ?, note_text = ?, updated_at = ? WHERE id = ?",
            (*self._detail_values(details), to_text(now), contact_id),
        )

    async def delete(self, contact_id: int) -> None:
        await self._tx.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    async def get(self, contact_id: int) -> Contact | None:
        row = await self._tx.fetch_one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return self._contact(row) if row else None

    async def created_since(self, buddy_id: int, since: datetime) -> list[Contact]:
        """The buddy's logs made since ``since``, newest first."""
        rows = await self._tx.fetch_all(
            "SELECT * FROM contacts WHERE buddy_id = ? AND created_at >= ?"
            " ORDER BY contact_date DESC, id DESC",
            (buddy_id, to_text(since)),
        )
        return [self._contact(row) for row in rows]

    async def last_days(self, buddy_id: int) -> dict[int, date]:
        """Per family, the day of the buddy's last logged contact."""
        rows = await self._tx.fetch_all(
            "SELECT parent_id, MAX(contact_date) AS day FROM contacts"
            " WHERE buddy_id = ? AND parent_id IS NOT NULL GROUP BY parent_id",
            (buddy_id,),
        )
        return {row["parent_id"]: date.fromisoformat(row["day"]) for row in rows}

    async def totals(self, buddy_id: int, start: date, end: date) -> tuple[int, int]:
        """(number of contacts, minutes) the buddy logged with days in [start, end)."""
        row = await self._tx.fetch_one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(duration_minutes), 0) AS minutes FROM contacts"
            " WHERE buddy_id = ? AND contact_date >= ? AND contact_date < ?",
            (buddy_id, start.isoformat(), end.isoformat()),
        )
        assert row is not None
        return row["n"], row["minutes"]

    async def active_pairs(self, buddy_id: int | None = None) -> list[PairContact]:
        """Every active match (of one buddy, or of all) of a reachable buddy with a family
        still in the programme, with the day of the buddy's last contact with them."""
        rows = await self._tx.fetch_all(
            _ACTIVE_PAIRS + " AND (? IS NULL OR m.buddy_id = ?) ORDER BY m.id",
            (buddy_id, buddy_id),
        )
        return [_pair(row) for row in rows]

    async def active_pairs_due(
        self, today: date, *, after: tuple[str, int] | None = None, limit: int
    ) -> PairPage:
        """Like :meth:`active_pairs` (of all buddies), only the pairs whose next reminder
        day to look at is ``today`` or earlier (or not known yet), from ``after`` on."""
        last_day, last_id = after or (NOT_KNOWN, 0)
        # Two index ranges merged in order: the rest of the current day, then later days.
        rows = await self._tx.fetch_all(
            _ACTIVE_PAIRS
            + " AND m.next_contact_reminder_on = ? AND m.id > ?"
            + " UNION ALL "
            + _ACTIVE_PAIRS
            + " AND m.next_contact_reminder_on > ? AND m.next_contact_reminder_on <= ?"
            " ORDER BY next_reminder_on, match_id LIMIT ?",
            (last_day, last_id, last_day, today.isoformat(), limit),
        )
        more = len(rows) == limit
        return PairPage(
            pairs=[_pair(row) for row in rows],
            after=(rows[-1]["next_reminder_on"], rows[-1]["match_id"]) if more else None,
        )

    async def set_next_reminders(self, days: Sequence[tuple[int, int, date]]) -> None:
        """Store the next reminder day to look at of running (buddy, parent) matches."""
        await self._tx.execute_many(
            "UPDATE matches SET next_contact_reminder_on = ?"
            " WHERE parent_id = ? AND buddy_id = ? AND ended_at IS NULL",
            [(day.isoformat(), parent_id, buddy_id) for buddy_id, parent_id, day in days],
        )

    async def clear_next_reminders(self) -> int:
        """Forget every stored reminder day (computed again at the next run)."""
        return await self._tx.execute_rowcount(
            "UPDATE matches SET next_contact_reminder_on = ?"
            " WHERE ended_at IS NULL AND next_contact_reminder_on > ?",
            (NOT_KNOWN, NOT_KNOWN),
        )

    def _detail_values(self, details: ContactDetails) -> tuple[Any, ...]:
        return (
            details.day.isoformat(),
            details.kind.value,
            details.duration_minutes,
            ",".join(topic.value for topic in details.topics),
            details.parent_mood,
            details.concern.value,
            self._cipher.encrypt_optional(details.note),
        )

    def _contact(self, row: dict[str, Any]) -> Contact:
        return Contact(
            id=row["id"],
            buddy_id=row["buddy_id"],
            parent_id=row["parent_id"],
            municipality=row["municipality"],
            details=ContactDetails(
                day=date.fromisoformat(row["contact_date"]),
                kind=ContactKind(row["kind"]),
                duration_minutes=row["duration_minutes"],
                topics=tuple(Topic(t) for t in row["topics"].split(",") if t),
                parent_mood=row["parent_mood"],
                concern=Concern(row["concern"]),
                note=self._cipher.decrypt_optional(row["note_text"]),
            ),
            created_at=from_text(row["created_at"]),
            updated_at=from_text(row["updated_at"]),
        )


def _pair(row: dict[str, Any]) -> PairContact:
    return PairContact(
        buddy_id=row["buddy_id"],
        parent_id=row["parent_id"],
        matched_at=from_text(row["started_at"]),
        last_contact=date.fromisoformat(row["last_day"]) if row["last_day"] else None,
    )
