"""The reads matching needs: families waiting for a buddy, current matches, and the
buddies who could be suggested (with their languages, neighbourhoods and caseload)."""

from __future__ import annotations

from typing import Any

from domain.matching import BuddyCandidate, BuddyProfile, MatchedFamily, WaitingFamily
from storage.db import Transaction
from storage.repositories.scope import WAITING_SINCE, municipality_scope
from storage.time import from_text

# Current matches with the family and the buddy, as MatchedFamily needs them.
_CURRENT_MATCHES = (
    "SELECT m.id, m.parent_id, m.buddy_id, m.started_at, p.first_name,"
    " pa.municipality, pa.neighbourhood, b.display_name"
    " FROM matches m JOIN parents pa ON pa.person_id = m.parent_id"
    " JOIN people p ON p.id = m.parent_id JOIN buddies b ON b.person_id = m.buddy_id"
    " WHERE m.ended_at IS NULL"
)


class MatchingRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def waiting(self, municipality: str | None) -> list[WaitingFamily]:
        """Parents in the programme without a buddy, longest waiting first."""
        where, params = municipality_scope("pa.municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT pa.person_id, p.first_name, pa.municipality, pa.neighbourhood, p.language, "
            + WAITING_SINCE
            + " AS waiting_since"
            " FROM parents pa JOIN people p ON p.id = pa.person_id"
            " WHERE pa.stopped_at IS NULL AND p.active = 1 AND pa.phase != 'ended'"
            " AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.parent_id = pa.person_id"
            "   AND m.ended_at IS NULL)" + where + " ORDER BY waiting_since, pa.person_id",
            params,
        )
        return [
            WaitingFamily(
                parent_id=row["person_id"],
                first_name=row["first_name"],
                municipality=row["municipality"],
                neighbourhood=row["neighbourhood"],
                language=row["language"],
                waiting_since=from_text(row["waiting_since"]),
            )
            for row in rows
        ]

    async def matched(self, municipality: str | None) -> list[MatchedFamily]:
        where, params = municipality_scope("pa.municipality", municipality)
        rows = await self._tx.fetch_all(
            _CURRENT_MATCHES + where + " ORDER BY p.first_name, m.id",
            params,
        )
        return [_matched(row) for row in rows]

    async def active_match_of(self, parent_id: int) -> MatchedFamily | None:
        row = await self._tx.fetch_one(
            _CURRENT_MATCHES + " AND m.parent_id = ?",
            (parent_id,),
        )
        return _matched(row) if row else None

    async def candidates(self, municipality: str) -> list[BuddyCandidate]:
        """Active buddies of ``municipality`` with what the ranking needs."""
        rows = await self._tx.fetch_all(
            "SELECT b.person_id, b.display_name,"
            " (SELECT COUNT(*) FROM matches m WHERE m.buddy_id = b.person_id"
            "  AND m.ended_at IS NULL) AS caseload,"
            " (SELECT GROUP_CONCAT(language) FROM buddy_languages l"
            "  WHERE l.buddy_id = b.person_id) AS languages,"
            " (SELECT GROUP_CONCAT(neighbourhood) FROM buddy_neighbourhoods n"
            "  WHERE n.buddy_id = b.person_id) AS neighbourhoods"
            " FROM buddies b JOIN people p ON p.id = b.person_id"
            " WHERE b.municipality = ? AND p.active = 1",
            (municipality,),
        )
        return [
            BuddyCandidate(
                buddy_id=row["person_id"],
                display_name=row["display_name"],
                languages=_set(row["languages"]),
                neighbourhoods=_set(row["neighbourhoods"]),
                caseload=row["caseload"],
            )
            for row in rows
        ]

    async def buddy(self, buddy_id: int) -> BuddyProfile | None:
        row = await self._tx.fetch_one(
            "SELECT b.person_id, b.display_name, b.municipality, p.active"
            " FROM buddies b JOIN people p ON p.id = b.person_id WHERE b.person_id = ?",
            (buddy_id,),
        )
        if row is None:
            return None
        return BuddyProfile(
            buddy_id=row["person_id"],
            display_name=row["display_name"],
            municipality=row["municipality"],
            active=bool(row["active"]),
        )


def _set(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(",")) if joined else frozenset()


def _matched(row: dict[str, Any]) -> MatchedFamily:
    return MatchedFamily(
        match_id=row["id"],
        parent_id=row["parent_id"],
        first_name=row["first_name"],
        municipality=row["municipality"],
        neighbourhood=row["neighbourhood"],
        buddy_id=row["buddy_id"],
        buddy_name=row["display_name"],
        started_at=from_text(row["started_at"]),
    )
