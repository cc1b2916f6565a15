"""The experience survey: planned six weeks into a match, at its end and at the end of
the programme; answered with buttons and an optional comment; read by the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.consent import Purpose
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.schedule import local_day, may_message
from domain.surveys import HELPFULNESS_SCORES, MAX_COMMENT_LENGTH, HelpedMost, Survey, SurveyDue
from services.outbox import OutboxService, Outgoing
from services.parent_messages import parent_to_message
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.consents import ConsentRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.surveys import SurveyRepository

SURVEY = "survey"  # outbox kind; payload {"survey_id": …}
SURVEY_CHUNK = 1000  # matches looked at per transaction by the planner


@dataclass(frozen=True, slots=True)
class SurveyToSend:
    survey: Survey
    first_name: str | None


class SurveyService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        timezone: ZoneInfo,
        cipher: TextCipher,
        outbox: OutboxService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._timezone = timezone
        self._cipher = cipher
        self._outbox = outbox

    # --- planning ----------------------------------------------------------------------

    async def plan_due(self) -> int:
        """Plan the surveys matches call for (six weeks in, at the end); returns how many
        were put in the outbox. A chunk of matches per transaction."""
        now = self._clock.now()
        sent = 0
        after = 0
        while True:
            async with self._db.transaction() as tx:
                dues = await SurveyRepository(tx, self._cipher).due_for_matches(
                    now, after=after, limit=SURVEY_CHUNK
                )
                planned = await self._plan_many_in(tx, dues, now)
            if planned:
                self._outbox.notify()
            sent += planned
            if len(dues) < SURVEY_CHUNK:
                return sent
            after = dues[-1].match_id or 0

    async def _plan_many_in(self, tx: Transaction, dues: list[SurveyDue], due_at: datetime) -> int:
        """:meth:`plan_in` for many surveys, a few statements for all; returns how many
        were put in the outbox."""
        added = await SurveyRepository(tx, self._cipher).add_many(dues)
        parent_ids = {due.parent_id for due in added}
        today = local_day(self._clock.now(), self._timezone)
        parents = await ParentRepository(tx).get_many(parent_ids)
        consents = ConsentRepository(tx)
        messages = await consents.granted_among(parent_ids, Purpose.MESSAGES)
        monitoring = await consents.granted_among(parent_ids, Purpose.MONITORING)
        asked = [
            (due, survey_id)
            for due, survey_id in added.items()
            if due.parent_id in parents
            and may_message(parents[due.parent_id], today, consented=due.parent_id in messages)
            and due.parent_id in monitoring
        ]
        await self._outbox.enqueue_many_in(
            tx,
            [
                _survey_message(due.parent_id, survey_id, due_at)
                for due, survey_id in sorted(asked, key=lambda item: item[1])
            ],
        )
        return len(asked)

    async def plan_in(self, tx: Transaction, due: SurveyDue, due_at: datetime) -> bool:
        """Record the survey moment (once per parent, match and kind) and, when the parent
        can be messaged and consented to monitoring, put it in the outbox. The caller
        calls ``OutboxService.notify`` after its transaction."""
        survey_id = await SurveyRepository(tx, self._cipher).add(due)
        if survey_id is None:
            return False
        if not await self._may_ask(tx, due.parent_id):
            return False  # the row records the moment; it simply was not asked
        await self._outbox.enqueue_in(tx, _survey_message(due.parent_id, survey_id, due_at))
        return True

    async def _may_ask(self, tx: Transaction, parent_id: int) -> bool:
        """The survey is for monitoring: only with that consent, to a reachable parent."""
        today = local_day(self._clock.now(), self._timezone)
        if await parent_to_message(tx, parent_id, today) is None:
            return False
        return await ConsentRepository(tx).granted(parent_id, Purpose.MONITORING)

    # --- delivery ----------------------------------------------------------------------

    async def to_send(self, survey_id: int) -> SurveyToSend | None:
        """The survey to ask now, or None when it should not go out any more."""
        today = local_day(self._clock.now(), self._timezone)
        async with self._db.read() as tx:
            survey = await SurveyRepository(tx, self._cipher).get(survey_id)
            if survey is None or survey.parent_id is None or survey.answered_at is not None:
                return None
            parent = await parent_to_message(tx, survey.parent_id, today)
            consented = await ConsentRepository(tx).granted(survey.parent_id, Purpose.MONITORING)
        if parent is None or not consented:
            return None
        return SurveyToSend(survey=survey, first_name=parent.first_name)

    async def mark_sent_in(self, tx: Transaction, survey_id: int) -> None:
        """Telegram accepted the survey (runs in the dispatcher's transaction)."""
        await SurveyRepository(tx, self._cipher).mark_sent(survey_id, self._clock.now())

    # --- answers -----------------------------------------------------------------------

    async def rate(self, parent_id: int, survey_id: int, helpfulness: int) -> bool:
        """Record "How much did the support help you?" (1-10); False if answered before."""
        if helpfulness not in HELPFULNESS_SCORES:
            raise InvalidInput("score_out_of_range")
        async with self._db.transaction() as tx:
            surveys = SurveyRepository(tx, self._cipher)
            await self._own(surveys, parent_id, survey_id)
            return await surveys.record_helpfulness(survey_id, helpfulness, self._clock.now())

    async def helped_most(self, parent_id: int, survey_id: int, choice: HelpedMost) -> bool:
        """Record "What helped most?"; False when answered before."""
        async with self._db.transaction() as tx:
            surveys = SurveyRepository(tx, self._cipher)
            survey = await self._own(surveys, parent_id, survey_id)
            if survey.helpfulness is None:
                raise InvalidInput("rate_first")
            return await surveys.record_helped_most(survey_id, choice)

    async def comment(self, parent_id: int, survey_id: int, text: str) -> bool:
        """The optional comment (stored encrypted); False when one was given before."""
        text = text.strip()
        if not text:
            raise InvalidInput("empty")
        if len(text) > MAX_COMMENT_LENGTH:
            raise InvalidInput("too_long")
        async with self._db.transaction() as tx:
            surveys = SurveyRepository(tx, self._cipher)
            await self._own(surveys, parent_id, survey_id)
            return await surveys.record_comment(survey_id, text)

    async def get(self, parent_id: int, survey_id: int) -> Survey:
        async with self._db.read() as tx:
            return await self._own(SurveyRepository(tx, self._cipher), parent_id, survey_id)

    @staticmethod
    async def _own(surveys: SurveyRepository, parent_id: int, survey_id: int) -> Survey:
        survey = await surveys.get(survey_id)
        if survey is None:
            raise NotFound("survey")
        if survey.parent_id != parent_id:
            raise NotAllowed("not_your_survey")
        return survey


def _survey_message(parent_id: int, survey_id: int, due_at: datetime) -> Outgoing:
    """The outbox row that asks one survey (its dedupe key makes it once per survey)."""
    return Outgoing(
        person_id=parent_id,
        kind=SURVEY,
        payload={"survey_id": survey_id},
        due_at=due_at,
        dedupe_key=f"survey:{survey_id}",
    )
