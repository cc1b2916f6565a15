"""Referral links of professionals, with the registrations each brought in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.referrals import ReferralLink, SourceKind
from storage.db import Transaction
from storage.time import from_text, to_text

_SELECT = (
    "SELECT r.*, (SELECT COUNT(*) FROM parents pa WHERE pa.referral_link_id = r.id)"
    " AS registrations FROM referral_links r"
)


class ReferralRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(
        self,
        *,
        code: str,
        municipality: str,
        source_kind: SourceKind,
        name: str,
        created_by: int | None,
        now: datetime,
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO referral_links (code, municipality, source_kind, name, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (code, municipality, source_kind.value, name, created_by, to_text(now)),
        )

    async def get(self, link_id: int) -> ReferralLink | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE r.id = ?", (link_id,))
        return _link(row) if row else None

    async def by_code(self, code: str) -> ReferralLink | None:
        row = await self._tx.fetch_one(_SELECT + " WHERE r.code = ?", (code,))
        return _link(row) if row else None

    async def in_scope(self, municipality: str | None) -> list[ReferralLink]:
        """Links of one municipality, or of all (None), newest first."""
        if municipality is None:
            rows = await self._tx.fetch_all(_SELECT + " ORDER BY r.id DESC")
        else:
            rows = await self._tx.fetch_all(
                _SELECT + " WHERE r.municipality = ? ORDER BY r.id DESC", (municipality,)
            )
        return [_link(row) for row in rows]

    async def set_active(self, link_id: int, active: bool) -> None:
        await self._tx.execute(
            "UPDATE referral_links SET active = ? WHERE id = ?", (int(active), link_id)
        )


def _link(row: dict[str, Any]) -> ReferralLink:
    return ReferralLink(
        id=row["id"],
        code=row["code"],
        municipality=row["municipality"],
        source_kind=SourceKind(row["source_kind"]),
        name=row["name"],
        created_at=from_text(row["created_at"]),
        active=bool(row["active"]),
        registrations=row["registrations"],
    )
