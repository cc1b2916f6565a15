"""Broadcasts: the announcement (encrypted at rest), its segment and its progress."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from domain.audience import Segment
from domain.broadcasts import Broadcast
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class BroadcastRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    async def add(self, *, created_by: int, segment: Segment, body: str, now: datetime) -> int:
        return await self._tx.execute(
            "INSERT INTO broadcasts (created_by, municipality, segment, body_text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                created_by,
                segment.municipality,
                json.dumps(segment.to_json(), sort_keys=True),
                self._cipher.encrypt(body),
                to_text(now),
            ),
        )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self._tx.fetch_one("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return self._broadcast(row) if row else None

    async def confirm(self, broadcast_id: int, now: datetime) -> bool:
        """Mark it confirmed; False when it was confirmed already (a double tap)."""
        changed = await self._tx.execute_rowcount(
            "UPDATE broadcasts SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL",
            (to_text(now), broadcast_id),
        )
        return changed > 0

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self._tx.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, broadcast_id),
        )

    async def finish(self, broadcast_id: int, now: datetime) -> bool:
        """Mark it finished; True only for the one caller that did so."""
        changed = await self._tx.execute_rowcount(
            "UPDATE broadcasts SET finished_at = ? WHERE id = ? AND finished_at IS NULL"
            " AND confirmed_at IS NOT NULL",
            (to_text(now), broadcast_id),
        )
        return changed > 0

    async def sending(self) -> list[int]:
        """Confirmed broadcasts without a final report yet."""
        rows = await self._tx.fetch_all(
            "SELECT id FROM broadcasts WHERE confirmed_at IS NOT NULL AND finished_at IS NULL"
        )
        return [row["id"] for row in rows]

    def _broadcast(self, row: dict[str, Any]) -> Broadcast:
        return Broadcast(
            id=row["id"],
            created_by=row["created_by"],
            segment=Segment.from_json(json.loads(row["segment"])),
            body=self._cipher.decrypt(row["body_text"]),
            created_at=from_text(row["created_at"]),
            confirmed_at=optional_from_text(row["confirmed_at"]),
            finished_at=optional_from_text(row["finished_at"]),
            progress_chat_id=row["progress_chat_id"],
            progress_message_id=row["progress_message_id"],
        )
