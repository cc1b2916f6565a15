"""Signals for coordinators. Notes are encrypted at rest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.signals import Signal, SignalKind
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class SignalRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    async def add(
        self,
        *,
        municipality: str,
        parent_id: int | None,
        raised_by: int | None,
        kind: SignalKind,
        urgent: bool,
        note: str | None,
        now: datetime,
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO signals (municipality, parent_id, raised_by, kind, urgent, note_text,"
            " created_at, last_notified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                municipality,
                parent_id,
                raised_by,
                kind.value,
                int(urgent),
                self._cipher.encrypt_optional(note),
                to_text(now),
                to_text(now),
            ),
        )

    async def get(self, signal_id: int) -> Signal | None:
        row = await self._tx.fetch_one("SELECT * FROM signals WHERE id = ?", (signal_id,))
        return self._signal(row) if row else None

    def _signal(self, row: dict[str, Any]) -> Signal:
        return Signal(
            id=row["id"],
            municipality=row["municipality"],
            parent_id=row["parent_id"],
            raised_by=row["raised_by"],
            kind=SignalKind(row["kind"]),
            urgent=bool(row["urgent"]),
            note=self._cipher.decrypt_optional(row["note_text"]),
            created_at=from_text(row["created_at"]),
            claimed_by=row["claimed_by"],
            claimed_at=optional_from_text(row["claimed_at"]),
            resolved_at=optional_from_text(row["resolved_at"]),
            resolution=self._cipher.decrypt_optional(row["resolution_text"]),
        )
