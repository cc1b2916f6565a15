"""Weekly tips: one a week at the parent's preferred time of day (three days apart from
their check-in), for the stage they are in — the baby track once the baby is born — and
at the child's second birthday a closing message with the final experience survey."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.parents import Parent
from domain.schedule import (
    PLAN_AHEAD,
    SLOT_TIMES,
    is_paused,
    local_day,
    local_instant,
    programme_over,
    second_birthday,
    tip_series,
)
from domain.surveys import SurveyDue, SurveyKind
from domain.tips import Stage, Tip, TipLibrary, stage_for
from services.outbox import OutboxService, Outgoing
from services.parent_messages import parent_to_message, plan_for_each_parent
from services.surveys import SurveyService
from storage.db import Database, Transaction

log = logging.getLogger(__name__)

WEEKLY_TIP = "weekly_tip"  # outbox kind; payload {"week": …} (the tip is picked when sent)
PROGRAMME_CLOSING = "programme_closing"  # outbox kind; payload {}


@dataclass(frozen=True, slots=True)
class TipToSend:
    first_name: str | None
    tip: Tip


def current_stage(parent: Parent, today: date) -> Stage | None:
    """The stage whose tip the parent gets today; None when there is none (pregnancy
    ended, programme over, or the data the stage needs is missing)."""
    weeks_in_wish = max((today - parent.phase_started_at.date()).days // 7, 0)
    try:
        return stage_for(
            phase=parent.phase.value,
            today=today,
            due_date=parent.due_date,
            birth_date=parent.birth_date,
            weeks_in_wish_phase=weeks_in_wish,
        )
    except ValueError:
        log.warning("parent %s has no stage for tips", parent.person_id)
        return None


class TipsDeliveryService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        timezone: ZoneInfo,
        outbox: OutboxService,
        tips: TipLibrary,
        surveys: SurveyService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._timezone = timezone
        self._outbox = outbox
        self._tips = tips
        self._surveys = surveys

    async def plan_due(self) -> int:
        """Put each parent's due tip (or, at the second birthday, the closing message and
        final survey) in the outbox; returns how many messages were planned."""
        now = self._clock.now()

        async def plan(tx: Transaction, parent: Parent) -> int:
            registered_on = local_day(parent.registered_at, self._timezone)
            series = tip_series(registered_on, parent.preferred_time, self._timezone)
            due = series.due(now)
            if programme_over(parent, local_day(now + PLAN_AHEAD, self._timezone)):
                return await self._plan_closing(tx, parent)
            if due is None:
                return 0
            week, slot = due
            day = series.day(week)
            if is_paused(parent, day) or current_stage(parent, day) is None:
                return 0
            tip = Outgoing(
                person_id=parent.person_id,
                kind=WEEKLY_TIP,
                payload={"week": week},
                due_at=slot,
                dedupe_key=f"tip:{parent.person_id}:{week}",
            )
            return len(await self._outbox.enqueue_in(tx, tip))

        return await plan_for_each_parent(self._db, self._outbox, plan)

    async def _plan_closing(self, tx: Transaction, parent: Parent) -> int:
        """Once: the closing message at the preferred time on the second birthday, then
        the final survey."""
        assert parent.birth_date is not None
        at = local_instant(
            second_birthday(parent.birth_date), SLOT_TIMES[parent.preferred_time], self._timezone
        )
        if is_paused(parent, local_day(at, self._timezone)):
            return 0
        closing = await self._outbox.enqueue_in(
            tx,
            Outgoing(
                person_id=parent.person_id,
                kind=PROGRAMME_CLOSING,
                due_at=at,
                dedupe_key=f"closing:{parent.person_id}",
            ),
        )
        if not closing:
            return 0
        # The final survey is about the whole programme, not one match.
        survey = SurveyDue(
            parent_id=parent.person_id,
            match_id=None,
            municipality=parent.municipality,
            kind=SurveyKind.FINAL,
        )
        return 1 + await self._surveys.plan_in(tx, survey, at)

    async def tip_to_send(self, parent_id: int, language: str | None) -> TipToSend | None:
        """This week's tip in the parent's language, or None when no tip should go."""
        today = local_day(self._clock.now(), self._timezone)
        async with self._db.read() as tx:
            parent = await parent_to_message(tx, parent_id, today)
        if parent is None or programme_over(parent, today):
            return None
        stage = current_stage(parent, today)
        if stage is None:
            return None
        return TipToSend(first_name=parent.first_name, tip=self._tips.get(stage, language or "nl"))

    async def may_close(self, parent_id: int) -> bool:
        """Whether the closing message may still go to the parent."""
        today = local_day(self._clock.now(), self._timezone)
        async with self._db.read() as tx:
            return await parent_to_message(tx, parent_id, today) is not None
