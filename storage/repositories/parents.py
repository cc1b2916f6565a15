"""Parents and their programme details."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.parents import CheckinFrequency, Parent, Phase, TimeOfDay
from storage.db import Transaction
from storage.time import day_from_text, day_to_text, from_text, optional_from_text, to_text

_SELECT = (
    "SELECT pa.*, p.telegram_id, p.language, p.first_name, p.active"
    " FROM parents pa JOIN people p ON p.id = pa.person_id"
)


class ParentRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, person_id: int) -> Parent | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE pa.person_id = ?", (person_id,))
        return _parent(row) if row else None

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


def _parent(row: dict[str, Any]) -> Parent:
    return Parent(
        person_id=row["person_id"],
        telegram_id=row["telegram_id"],
        language=row["language"],
        first_name=row["first_name"],
        active=bool(row["active"]),
        phase=Phase(row["phase"]),
        due_date=day_from_text(row["due_date"]),
        birth_date=day_from_text(row["birth_date"]),
        phase_started_at=from_text(row["phase_started_at"]),
        municipality=row["municipality"],
        neighbourhood=row["neighbourhood"],
        referral_link_id=row["referral_link_id"],
        checkin_frequency=CheckinFrequency(row["checkin_frequency"]),
        preferred_time=TimeOfDay(row["preferred_time"]),
        paused_until=day_from_text(row["paused_until"]),
        registered_at=from_text(row["registered_at"]),
        stopped_at=optional_from_text(row["stopped_at"]),
    )
