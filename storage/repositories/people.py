"""People (everyone the bot knows) and coordinators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.people import Coordinator, Person, Role
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class PeopleRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        row = await self._tx.fetch_one("SELECT * FROM people WHERE telegram_id = ?", (telegram_id,))
        return _person(row) if row else None

    async def by_id(self, person_id: int) -> Person | None:
        row = await self._tx.fetch_one("SELECT * FROM people WHERE id = ?", (person_id,))
        return _person(row) if row else None

    async def add(
        self,
        *,
        telegram_id: int,
        role: Role,
        language: str | None,
        first_name: str | None,
        now: datetime,
    ) -> Person:
        person_id = await self._tx.execute(
            "INSERT INTO people (telegram_id, role, language, first_name, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (telegram_id, role.value, language, first_name, to_text(now), to_text(now)),
        )
        person = await self.by_id(person_id)
        assert person is not None
        return person

    async def set_language(self, person_id: int, language: str) -> None:
        await self._tx.execute("UPDATE people SET language = ? WHERE id = ?", (language, person_id))

    async def set_first_name(self, person_id: int, first_name: str | None) -> None:
        await self._tx.execute(
            "UPDATE people SET first_name = ? WHERE id = ?", (first_name, person_id)
        )

    async def set_active(self, person_id: int, active: bool, now: datetime) -> bool:
        """Returns whether anything changed."""
        changed = await self._tx.execute_rowcount(
            "UPDATE people SET active = ?, inactive_since = ? WHERE id = ? AND active != ?",
            (int(active), None if active else to_text(now), person_id, int(active)),
        )
        return changed > 0

    async def touch(self, person_id: int, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE people SET last_seen_at = ? WHERE id = ?", (to_text(now), person_id)
        )

    async def delete(self, person_id: int) -> None:
        await self._tx.execute("DELETE FROM people WHERE id = ?", (person_id,))


class CoordinatorRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, person_id: int) -> Coordinator | None:
        row = await self._tx.fetch_one(_COORDINATOR_SELECT + " WHERE c.person_id = ?", (person_id,))
        return _coordinator(row) if row else None

    async def add(
        self,
        person_id: int,
        *,
        municipality: str | None,
        display_name: str | None,
        from_config: bool,
    ) -> None:
        await self._tx.execute(
            "INSERT INTO coordinators (person_id, municipality, display_name, from_config)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET municipality = excluded.municipality,"
            " from_config = excluded.from_config",
            (person_id, municipality, display_name, int(from_config)),
        )

    async def name_if_missing(self, person_id: int, display_name: str) -> None:
        await self._tx.execute(
            "UPDATE coordinators SET display_name = ? WHERE person_id = ? AND display_name IS NULL",
            (display_name, person_id),
        )

    async def in_scope_of(self, municipality: str) -> list[Coordinator]:
        """Active coordinators who cover ``municipality`` (local ones and province-wide)."""
        rows = await self._tx.fetch_all(
            _COORDINATOR_SELECT
            + " WHERE p.active = 1 AND (c.municipality = ? OR c.municipality IS NULL)"
            " ORDER BY c.municipality IS NULL, c.person_id",
            (municipality,),
        )
        return [_coordinator(row) for row in rows]

    async def all_active(self) -> list[Coordinator]:
        rows = await self._tx.fetch_all(_COORDINATOR_SELECT + " WHERE p.active = 1")
        return [_coordinator(row) for row in rows]


# CROSS JOIN keeps the (few) coordinators as the outer loop: the planner, without table
# statistics, would otherwise scan every person.
_COORDINATOR_SELECT = (
    "SELECT c.person_id, p.telegram_id, c.municipality, c.display_name, p.language"
    " FROM coordinators c CROSS JOIN people p ON p.id = c.person_id"
)


def _person(row: dict[str, Any]) -> Person:
    return Person(
        id=row["id"],
        telegram_id=row["telegram_id"],
        role=Role(row["role"]),
        language=row["language"],
        first_name=row["first_name"],
        active=bool(row["active"]),
        created_at=from_text(row["created_at"]),
        last_seen_at=optional_from_text(row["last_seen_at"]),
    )


def _coordinator(row: dict[str, Any]) -> Coordinator:
    return Coordinator(
        person_id=row["person_id"],
        telegram_id=row["telegram_id"],
        municipality=row["municipality"],
        display_name=row["display_name"],
        language=row["language"],
    )
