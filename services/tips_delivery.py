"""Weekly tips: one a week at the parent's preferred time of day (three days apart from
their check-in), for the stage they are in — the baby track once the baby is born — and
at the child's second birthday a closing message with the final experience survey."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.parents import Parent, Phase, TimeOfDay
from domain.schedule import (
    CATCH_UP_LIMIT,
    PLAN_AHEAD,
    PROGRAMME_YEARS,
    SLOT_TIMES,
    TIP_DAY_OFFSET,
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
from services.parent_messages import (
    ChunkPlan,
    SeriesNow,
    parent_to_message,
    plan_for_due_parents,
)
from services.surveys import SurveyService
from storage.db import Database, Transaction
from storage.repositories.parents import ParentSchedule

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
        final survey) in the outbox; returns how many messages were planned. Only parents
        whose next slot has come are looked at (``parents.next_tip_at``)."""
        now = self._clock.now()
        horizon = now + PLAN_AHEAD

        horizon_day = local_day(horizon, self._timezone)
        # Parents who registered on the same day with the same time of day share a series:
        # (series, next slot after the horizon, slot due now) computed once per run.
        series_for: dict[tuple[date, TimeOfDay], SeriesNow] = {}

        async def plan(tx: Transaction, parents: Sequence[Parent]) -> ChunkPlan:
            result = ChunkPlan()
            tips = []
            for parent in parents:
                if programme_over(parent, horizon_day):
                    # Planned once (dedupe key), or skipped for a pause on that day:
                    # nothing changes that until the parent's settings do.
                    result.planned += await self._plan_closing(tx, parent)
                    result.next_slots[parent.person_id] = None
                    continue
                registered_on = local_day(parent.registered_at, self._timezone)
                key = (registered_on, parent.preferred_time)
                if key not in series_for:
                    series_for[key] = SeriesNow.of(
                        tip_series(registered_on, parent.preferred_time, self._timezone), now
                    )
                series, next_slot, due = series_for[key]
                result.next_slots[parent.person_id] = self._next_look(parent, next_slot)
                if due is None:
                    continue
                week, slot = due
                day = series.day(week)
                if is_paused(parent, day) or current_stage(parent, day) is None:
                    continue
                tips.append(
                    Outgoing(
                        person_id=parent.person_id,
                        kind=WEEKLY_TIP,
                        payload={"week": week},
                        due_at=slot,
                        dedupe_key=f"tip:{parent.person_id}:{week}",
                    )
                )
            result.planned += await self._outbox.enqueue_many_in(tx, tips)
            return result

        return await plan_for_due_parents(
            self._db,
            self._outbox,
            ParentSchedule.TIPS,
            basis=self._basis,
            now=now,
            horizon=horizon,
            plan=plan,
        )

    def _next_look(self, parent: Parent, next_slot: datetime) -> datetime:
        """The next tip slot, or the start of the second birthday when that comes first
        (from then on the closing message replaces the tips)."""
        if parent.phase is Phase.BABY and parent.birth_date is not None:
            over = local_instant(second_birthday(parent.birth_date), time(0, 0), self._timezone)
            return min(next_slot, over)
        return next_slot

    @property
    def _basis(self) -> str:
        """What the stored next tip slots depend on besides the parents' settings."""
        return (
            f"weekly_tips tz={self._timezone.key} at={sorted(SLOT_TIMES.items())}"
            f" offset={TIP_DAY_OFFSET} late<{CATCH_UP_LIMIT} ahead={PLAN_AHEAD}"
            f" years={PROGRAMME_YEARS}"
        )

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
