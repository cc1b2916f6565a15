"""Experience surveys. The optional comment is free text, encrypted at rest."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.matches import EndReason
from domain.surveys import SIX_WEEKS, HelpedMost, Survey, SurveyDue, SurveyKind
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.time import optional_from_text, to_text


class SurveyRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    async def get(self, survey_id: int) -> Survey | None:
        row = await self._tx.fetch_one("SELECT * FROM surveys WHERE id = ?", (survey_id,))
        return self._survey(row) if row else None

    async def add(self, due: SurveyDue) -> int | None:
        """Plan a survey; None when the parent had this one (for this match) already."""
        changed = await self._tx.execute_rowcount(
            "INSERT OR IGNORE INTO surveys (parent_id, match_id, municipality, kind)"
            " VALUES (?, ?, ?, ?)",
            (due.parent_id, due.match_id, due.municipality, due.kind.value),
        )
        if not changed:
            return None
        return await self._tx.fetch_value("SELECT last_insert_rowid()")

    async def add_many(self, dues: Sequence[SurveyDue]) -> dict[SurveyDue, int]:
        """Plan surveys in one statement; returns the new ones' ids (a survey the parent
        had already, for this match, is left out: see :meth:`add`)."""
        if not dues:
            return {}
        rows = await self._tx.fetch_all(
            "INSERT OR IGNORE INTO surveys (parent_id, match_id, municipality, kind)"
            " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
            " json_extract(value, '$[2]'), json_extract(value, '$[3]')"
            " FROM json_each(?) ORDER BY key RETURNING id, parent_id, match_id, municipality, kind",
            (json.dumps([[d.parent_id, d.match_id, d.municipality, d.kind.value] for d in dues]),),
        )
        return {
            SurveyDue(
                parent_id=row["parent_id"],
                match_id=row["match_id"],
                municipality=row["municipality"],
                kind=SurveyKind(row["kind"]),
            ): row["id"]
            for row in rows
        }

    async def due_for_matches(
        self, now: datetime, *, after: int = 0, limit: int | None = None
    ) -> list[SurveyDue]:
        """Surveys not planned yet: six weeks into a running match, and at a match's end
        (unless the family just moved on to another buddy); by match, from match id
        ``after`` on, at most ``limit``."""
        rows = await self._tx.fetch_all(
            "SELECT m.id AS match_id, m.parent_id, pa.municipality, 'six_weeks' AS kind"
            " FROM matches m JOIN parents pa ON pa.person_id = m.parent_id"
            " WHERE m.id > ? AND m.started_at <= ? AND m.ended_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.match_id = m.id"
            "  AND s.kind = 'six_weeks')"
            " UNION ALL"
            " SELECT m.id, m.parent_id, pa.municipality, 'match_end'"
            " FROM matches m JOIN parents pa ON pa.person_id = m.parent_id"
            " WHERE m.id > ? AND m.ended_at IS NOT NULL AND IFNULL(m.end_reason, '') != ?"
            " AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.match_id = m.id"
            "  AND s.kind = 'match_end')"
            " ORDER BY 1 LIMIT ?",
            (
                after,
                to_text(now - SIX_WEEKS),
                after,
                EndReason.REASSIGNED.value,
                -1 if limit is None else limit,
            ),
        )
        return [
            SurveyDue(
                parent_id=row["parent_id"],
                match_id=row["match_id"],
                municipality=row["municipality"],
                kind=SurveyKind(row["kind"]),
            )
            for row in rows
        ]

    async def had_final(self, parent_id: int) -> bool:
        found = await self._tx.fetch_value(
            "SELECT 1 FROM surveys WHERE parent_id = ? AND kind = 'final'", (parent_id,)
        )
        return found is not None

    async def mark_sent(self, survey_id: int, now: datetime) -> None:
        await self._tx.execute(
            "UPDATE surveys SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            (to_text(now), survey_id),
        )

    async def record_helpfulness(self, survey_id: int, score: int, now: datetime) -> bool:
        """The first score counts; False when the survey was scored before."""
        changed = await self._tx.execute_rowcount(
            "UPDATE surveys SET helpfulness = ?, answered_at = ?"
            " WHERE id = ? AND helpfulness IS NULL",
            (score, to_text(now), survey_id),
        )
        return changed == 1

    async def record_helped_most(self, survey_id: int, choice: HelpedMost) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE surveys SET helped_most = ? WHERE id = ? AND helped_most IS NULL",
            (choice.value, survey_id),
        )
        return changed == 1

    async def record_comment(self, survey_id: int, comment: str) -> bool:
        changed = await self._tx.execute_rowcount(
            "UPDATE surveys SET comment_text = ? WHERE id = ? AND comment_text IS NULL",
            (self._cipher.encrypt(comment), survey_id),
        )
        return changed == 1

    def _survey(self, row: dict[str, Any]) -> Survey:
        return Survey(
            id=row["id"],
            parent_id=row["parent_id"],
            match_id=row["match_id"],
            municipality=row["municipality"],
            kind=SurveyKind(row["kind"]),
            sent_at=optional_from_text(row["sent_at"]),
            answered_at=optional_from_text(row["answered_at"]),
            helpfulness=row["helpfulness"],
            helped_most=HelpedMost(row["helped_most"]) if row["helped_most"] else None,
            comment=self._cipher.decrypt_optional(row["comment_text"]),
        )
