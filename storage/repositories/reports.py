"""Anonymous facts for monitoring reports: ids and dates only, never names or free text.
Each read is limited to one municipality, or the whole province (None)."""

from __future__ import annotations

from domain.reports import (
    NO_SOURCE,
    CheckinFact,
    ContactFact,
    MatchFact,
    ParentFact,
    SignupFact,
    SurveyFact,
)
from storage.db import Transaction
from storage.repositories.scope import WAITING_SINCE, municipality_scope
from storage.time import day_from_text, from_text, optional_from_text


class ReportRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def parents(self, municipality: str | None) -> list[ParentFact]:
        where, params = municipality_scope("pa.municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT pa.person_id, pa.municipality, pa.phase, pa.registered_at, pa.stopped_at,"
            " r.source_kind,"
            " (SELECT c.granted FROM consents c WHERE c.person_id = pa.person_id"
            "  AND c.purpose = 'monitoring' ORDER BY c.id DESC LIMIT 1) AS monitoring,"
            " EXISTS (SELECT 1 FROM matches m WHERE m.parent_id = pa.person_id"
            "  AND m.ended_at IS NULL) AS matched, " + WAITING_SINCE + " AS waiting_since"
            " FROM parents pa LEFT JOIN referral_links r ON r.id = pa.referral_link_id"
            " WHERE 1 = 1" + where,
            params,
        )
        return [
            ParentFact(
                parent_id=row["person_id"],
                municipality=row["municipality"],
                phase=row["phase"],
                source=row["source_kind"] or NO_SOURCE,
                registered_at=from_text(row["registered_at"]),
                monitoring=bool(row["monitoring"]),
                waiting_since=None
                if row["matched"] or row["stopped_at"] or row["phase"] == "ended"
                else from_text(row["waiting_since"]),
            )
            for row in rows
        ]

    async def matches(self, municipality: str | None) -> list[MatchFact]:
        where, params = municipality_scope("pa.municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT m.parent_id, m.started_at, m.ended_at, pa.registered_at,"
            " NOT EXISTS (SELECT 1 FROM matches e WHERE e.parent_id = m.parent_id"
            "  AND (e.started_at < m.started_at OR (e.started_at = m.started_at AND e.id < m.id)))"
            " AS first_match"
            " FROM matches m JOIN parents pa ON pa.person_id = m.parent_id WHERE 1 = 1" + where,
            params,
        )
        facts = []
        for row in rows:
            started = from_text(row["started_at"])
            waited = (started - from_text(row["registered_at"])).days
            facts.append(
                MatchFact(
                    parent_id=row["parent_id"],
                    started_at=started,
                    ended_at=optional_from_text(row["ended_at"]),
                    waited_days=max(waited, 0) if row["first_match"] else None,
                )
            )
        return facts

    async def contacts(self, municipality: str | None) -> list[ContactFact]:
        where, params = municipality_scope("municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT parent_id, contact_date FROM contacts WHERE 1 = 1" + where, params
        )
        return [
            ContactFact(parent_id=row["parent_id"], contact_date=day_from_text(row["contact_date"]))
            for row in rows
            if row["contact_date"]
        ]

    async def checkins(self, municipality: str | None) -> list[CheckinFact]:
        where, params = municipality_scope("pa.municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT c.parent_id, c.kind, c.sent_at, c.answered_at, c.score FROM checkins c"
            " JOIN parents pa ON pa.person_id = c.parent_id WHERE c.sent_at IS NOT NULL" + where,
            params,
        )
        return [
            CheckinFact(
                parent_id=row["parent_id"],
                kind=row["kind"],
                sent_at=from_text(row["sent_at"]),
                answered=row["answered_at"] is not None,
                score=row["score"],
            )
            for row in rows
        ]

    async def signups(self, municipality: str | None) -> list[SignupFact]:
        where, params = municipality_scope("a.municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT s.parent_id, a.starts_at, s.attended FROM activity_signups s"
            " JOIN activities a ON a.id = s.activity_id"
            " WHERE s.status = 'signed_up' AND a.cancelled_at IS NULL" + where,
            params,
        )
        return [
            SignupFact(
                parent_id=row["parent_id"],
                starts_at=from_text(row["starts_at"]),
                attended=None if row["attended"] is None else bool(row["attended"]),
            )
            for row in rows
        ]

    async def surveys(self, municipality: str | None) -> list[SurveyFact]:
        where, params = municipality_scope("municipality", municipality)
        rows = await self._tx.fetch_all(
            "SELECT parent_id, kind, helpfulness FROM surveys WHERE answered_at IS NOT NULL"
            + where,
            params,
        )
        return [
            SurveyFact(parent_id=row["parent_id"], kind=row["kind"], helpfulness=row["helpfulness"])
            for row in rows
        ]
