"""Signals for coordinators. Notes are encrypted at rest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.signals import Signal, SignalKind
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.repositories.scope import municipality_scope
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

    async def open_in_scope(self, municipality: str | None) -> list[Signal]:
        """Unresolved signals of one municipality (or all): urgent first, then oldest."""
        scope, params = municipality_scope("municipality", municipality)
        rows = await self._tx.fetch_all(
            f"SELECT * FROM signals WHERE resolved_at IS NULL{scope}"
            " ORDER BY urgent DESC, created_at, id",
            params,
        )
        return [self._signal(row) for row in rows]

    async def claim(self, signal_id: int, coordinator_id: int, now: datetime) -> bool:
        """Claim an open, unclaimed signal; False when someone else was first."""
        changed = await self._tx.execute_rowcount(
            "UPDATE signals SET claimed_by = ?, claimed_at = ?"
            " WHERE id = ? AND claimed_at IS NULL AND resolved_at IS NULL",
            (coordinator_id, to_text(now), signal_id),
        )
        return changed > 0

    async def resolve(
        self, signal_id: int, coordinator_id: int, resolution: str, now: datetime
    ) -> bool:
        """Resolve with a note (claiming it too when nobody had)."""
        changed = await self._tx.execute_rowcount(
            "UPDATE signals SET resolved_at = ?, resolved_by = ?, resolution_text = ?,"
            " claimed_by = COALESCE(claimed_by, ?), claimed_at = COALESCE(claimed_at, ?)"
            " WHERE id = ? AND resolved_at IS NULL",
            (
                to_text(now),
                coordinator_id,
                self._cipher.encrypt(resolution),
                coordinator_id,
                to_text(now),
                signal_id,
            ),
        )
        return changed > 0

    async def unclaimed_urgent_notified_before(self, moment: datetime) -> list[Signal]:
        rows = await self._tx.fetch_all(
            "SELECT * FROM signals WHERE urgent = 1 AND claimed_at IS NULL"
            " AND resolved_at IS NULL AND last_notified_at <= ? ORDER BY id",
            (to_text(moment),),
        )
        return [self._signal(row) for row in rows]

    async def next_notify_round(self, signal_id: int, now: datetime) -> int:
        """Count one more announcement round and return its number."""
        await self._tx.execute(
            "UPDATE signals SET notify_round = notify_round + 1, last_notified_at = ? WHERE id = ?",
            (to_text(now), signal_id),
        )
        return int(
            await self._tx.fetch_value(
                "SELECT notify_round FROM signals WHERE id = ?", (signal_id,)
            )
        )

    async def open_for_parent(
        self, parent_id: int, kind: SignalKind, *, raised_since: datetime
    ) -> int | None:
        """An unresolved signal of ``kind`` about this parent raised since then (its id)."""
        return await self._tx.fetch_value(
            "SELECT id FROM signals WHERE parent_id = ? AND kind = ? AND resolved_at IS NULL"
            " AND created_at >= ? ORDER BY id DESC LIMIT 1",
            (parent_id, kind.value, to_text(raised_since)),
        )

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
            resolved_by=row["resolved_by"],
            notify_round=row["notify_round"],
        )
