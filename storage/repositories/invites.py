"""One-time invites. Only a SHA-256 hash of each code is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.invites import Invite, InviteKind
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text


class InviteRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(
        self,
        *,
        kind: InviteKind,
        code_hash: str,
        municipality: str | None,
        created_by: int | None,
        now: datetime,
        expires_at: datetime,
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO invites (kind, code_hash, municipality, created_by, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (kind.value, code_hash, municipality, created_by, to_text(now), to_text(expires_at)),
        )

    async def get(self, invite_id: int) -> Invite | None:
        row = await self._tx.fetch_one("SELECT * FROM invites WHERE id = ?", (invite_id,))
        return _invite(row) if row else None

    async def by_hash(self, code_hash: str) -> Invite | None:
        row = await self._tx.fetch_one("SELECT * FROM invites WHERE code_hash = ?", (code_hash,))
        return _invite(row) if row else None

    async def claim(self, invite_id: int, used_by: int | None, now: datetime) -> bool:
        """Mark the invite used if it still can be; False when it was used or expired
        meanwhile (two people with one link: only the first gets it)."""
        changed = await self._tx.execute_rowcount(
            "UPDATE invites SET used_at = ?, used_by = ?"
            " WHERE id = ? AND used_at IS NULL AND expires_at > ?",
            (to_text(now), used_by, invite_id, to_text(now)),
        )
        return changed == 1


def _invite(row: dict[str, Any]) -> Invite:
    return Invite(
        id=row["id"],
        kind=InviteKind(row["kind"]),
        municipality=row["municipality"],
        created_by=row["created_by"],
        created_at=from_text(row["created_at"]),
        expires_at=from_text(row["expires_at"]),
        used_at=optional_from_text(row["used_at"]),
        used_by=row["used_by"],
    )
