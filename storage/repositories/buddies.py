"""Buddies (profile, languages, neighbourhoods) and their monthly wellbeing check-ins."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.buddies import Availability, Buddy, BuddyProfile, BuddyWellbeing
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text

_SELECT = (
    "SELECT b.*, p.telegram_id, p.language, p.active,"
    " (SELECT group_concat(language, ',') FROM buddy_languages WHERE buddy_id = b.person_id)"
    " AS spoken,"
    " (SELECT group_concat(neighbourhood, ',') FROM buddy_neighbourhoods"
    " WHERE buddy_id = b.person_id) AS hoods"
    " FROM buddies b JOIN people p ON p.id = b.person_id"
)


class BuddyRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(
        self,
        person_id: int,
        *,
        profile: BuddyProfile,
        municipality: str,
        invited_by: int | None,
        now: datetime,
    ) -> None:
        await self._tx.execute(
            "INSERT INTO buddies (person_id, display_name, municipality, availability,"
            " registered_at, invited_by) VALUES (?, ?, ?, ?, ?, ?)",
            (
                person_id,
                profile.display_name,
                municipality,
                ",".join(profile.availability),
                to_text(now),
                invited_by,
            ),
        )
        await self._tx.execute_many(
            "INSERT INTO buddy_languages (buddy_id, language) VALUES (?, ?)",
            [(person_id, language) for language in profile.languages],
        )
        await self._tx.execute_many(
            "INSERT INTO buddy_neighbourhoods (buddy_id, neighbourhood) VALUES (?, ?)",
            [(person_id, hood) for hood in profile.neighbourhoods],
        )

    async def get(self, person_id: int) -> Buddy | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE b.person_id = ?", (person_id,))
        return _buddy(row) if row else None

    async def active(self) -> list[Buddy]:
        """Buddies who have not blocked the bot."""
        rows = await self._tx.fetch_all(_SELECT + " WHERE p.active = 1 ORDER BY b.person_id")
        return [_buddy(row) for row in rows]

    async def with_families(self, registered_before: datetime) -> list[int]:
        """Buddies who have not blocked the bot, registered before ``registered_before``,
        with at least one family matched to them now."""
        rows = await self._tx.fetch_all(
            "SELECT b.person_id FROM buddies b JOIN people p ON p.id = b.person_id"
            " WHERE p.active = 1 AND b.registered_at < ? AND EXISTS (SELECT 1 FROM matches m"
            "  WHERE m.buddy_id = b.person_id AND m.ended_at IS NULL)"
            " ORDER BY b.person_id",
            (to_text(registered_before),),
        )
        return [row["person_id"] for row in rows]

    async def wellbeing_unanswered(self, month: str, registered_before: datetime) -> list[int]:
        """Buddies who have not blocked the bot, registered before ``registered_before``,
        who did not answer ``month``'s wellbeing check-in."""
        rows = await self._tx.fetch_all(
            "SELECT b.person_id FROM buddies b JOIN people p ON p.id = b.person_id"
            " LEFT JOIN buddy_wellbeing w ON w.buddy_id = b.person_id AND w.month = ?"
            " WHERE p.active = 1 AND b.registered_at < ? AND w.answered_at IS NULL"
            " ORDER BY b.person_id",
            (month, to_text(registered_before)),
        )
        return [row["person_id"] for row in rows]


class WellbeingRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(
        self, buddy_id: int, month: str
    ) -> tuple[int | None, float | None, datetime | None]:
        """(score, hours, answered_at) of that month; all None when not answered."""
        row = await self._tx.fetch_one(
            "SELECT score, hours, answered_at FROM buddy_wellbeing"
            " WHERE buddy_id = ? AND month = ?",
            (buddy_id, month),
        )
        if row is None:
            return None, None, None
        return row["score"], row["hours"], optional_from_text(row["answered_at"])

    async def for_month(
        self, month: str, start: date, end: date, municipality: str | None
    ) -> list[BuddyWellbeing]:
        """Every active buddy (of one municipality, or all) with that month's answer and
        the minutes they logged with contact days in [start, end)."""
        rows = await self._tx.fetch_all(
            "SELECT b.person_id, b.display_name, b.municipality, w.score, w.hours,"
            " (SELECT COALESCE(SUM(c.duration_minutes), 0) FROM contacts c"
            "  WHERE c.buddy_id = b.person_id AND c.contact_date >= ? AND c.contact_date < ?)"
            " AS minutes"
            " FROM buddies b JOIN people p ON p.id = b.person_id"
            " LEFT JOIN buddy_wellbeing w ON w.buddy_id = b.person_id AND w.month = ?"
            " WHERE p.active = 1 AND (? IS NULL OR b.municipality = ?)"
            " ORDER BY b.municipality, b.display_name",
            (start.isoformat(), end.isoformat(), month, municipality, municipality),
        )
        return [
            BuddyWellbeing(
                buddy_id=row["person_id"],
                display_name=row["display_name"],
                municipality=row["municipality"],
                month=month,
                score=row["score"],
                hours=row["hours"],
                logged_minutes=row["minutes"],
            )
            for row in rows
        ]

    async def record(
        self, buddy_id: int, month: str, *, score: int, hours: float, now: datetime
    ) -> None:
        await self._tx.execute(
            "INSERT INTO buddy_wellbeing (buddy_id, month, score, hours, answered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (buddy_id, month) DO UPDATE SET"
            " score = excluded.score, hours = excluded.hours, answered_at = excluded.answered_at",
            (buddy_id, month, score, hours, to_text(now)),
        )


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(part for part in (value or "").split(",") if part))


def _buddy(row: dict[str, Any]) -> Buddy:
    return Buddy(
        person_id=row["person_id"],
        telegram_id=row["telegram_id"],
        language=row["language"],
        active=bool(row["active"]),
        display_name=row["display_name"],
        municipality=row["municipality"],
        languages=_split(row["spoken"]),
        neighbourhoods=_split(row["hoods"]),
        availability=tuple(
            Availability(part) for part in (row["availability"] or "").split(",") if part
        ),
        registered_at=from_text(row["registered_at"]),
        invited_by=row["invited_by"],
    )
