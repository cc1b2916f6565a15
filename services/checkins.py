"""Check-ins: planning them from each parent's settings, recording answers, and making
sure a parent who is not doing well is noticed (buddy alert, else the coordinators)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.alerts import AlertKind
from domain.checkins import (
    ANSWER_WINDOW,
    UNANSWERED_IN_A_ROW,
    AnswerOutcome,
    Checkin,
    CheckinKind,
    ContactOutcome,
)
from domain.clock import Clock
from domain.consent import Purpose
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.parents import CheckinFrequency, Parent, TimeOfDay
from domain.schedule import (
    CATCH_UP_LIMIT,
    PLAN_AHEAD,
    SLOT_TIMES,
    checkin_series,
    is_paused,
    is_stress_week,
    local_day,
    programme_over,
    slot_label,
)
from domain.signals import SignalKind
from services.alerts import AlertService
from services.outbox import OutboxService, Outgoing
from services.parent_messages import (
    ChunkPlan,
    SeriesNow,
    parent_to_message,
    plan_for_due_parents,
)
from services.signals import SignalService
from storage.db import Database, Transaction
from storage.repositories.checkins import CheckinRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository, ParentSchedule

CHECKIN = "checkin"  # outbox kind; payload {"checkin_id": …}

EVERY_WEEKS = {CheckinFrequency.WEEKLY: 1, CheckinFrequency.BIWEEKLY: 2}


@dataclass(frozen=True, slots=True)
class CheckinToSend:
    """What the renderer needs to ask the question."""

    checkin: Checkin
    first_name: str | None


class CheckinService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        timezone: ZoneInfo,
        outbox: OutboxService,
        signals: SignalService,
        alerts: AlertService,
    ) -> None:
        self._db = db
        self._clock = clock
        self._timezone = timezone
        self._outbox = outbox
        self._signals = signals
        self._alerts = alerts

    # --- planning ----------------------------------------------------------------------

    async def plan_due(self) -> int:
        """Put each parent's due check-in in the outbox (the planner); returns how many.
        Only the latest slot counts, and only if less than a day late (catch-up after
        downtime sends one, not one per missed week). Only parents whose next slot has
        come are looked at (``parents.next_checkin_at``)."""
        now = self._clock.now()
        horizon = now + PLAN_AHEAD

        # Parents who registered on the same day with the same settings share a series:
        # (series, next slot after the horizon, slot due now) computed once per run.
        series_for: dict[tuple[date, TimeOfDay, int], SeriesNow] = {}

        async def plan(tx: Transaction, parents: Sequence[Parent]) -> ChunkPlan:
            result = ChunkPlan()
            due: list[tuple[Parent, CheckinKind, datetime, str]] = []
            for parent in parents:
                every_weeks = EVERY_WEEKS.get(parent.checkin_frequency)
                if every_weeks is None:
                    result.next_slots[parent.person_id] = None
                    continue
                registered_on = local_day(parent.registered_at, self._timezone)
                key = (registered_on, parent.preferred_time, every_weeks)
                if key not in series_for:
                    series_for[key] = SeriesNow.of(
                        checkin_series(
                            registered_on, parent.preferred_time, every_weeks, self._timezone
                        ),
                        now,
                    )
                series, next_slot, found = series_for[key]
                result.next_slots[parent.person_id] = next_slot
                if found is None:
                    continue
                index, slot = found
                day = series.day(index)
                if is_paused(parent, day) or programme_over(parent, day):
                    continue
                kind = CheckinKind.STRESS if is_stress_week(index) else CheckinKind.MOOD
                due.append((parent, kind, slot, day.isoformat()))
            checkins = CheckinRepository(tx)
            planned_already = await checkins.planned_on_days(
                [(parent.person_id, day) for parent, _, _, day in due]
            )
            due = [item for item in due if item[0].person_id not in planned_already]
            added = await checkins.add_many(
                [
                    (parent.person_id, kind, slot_label(slot, self._timezone))
                    for parent, kind, slot, _ in due
                ]
            )
            await self._outbox.enqueue_many_in(
                tx,
                [
                    Outgoing(
                        person_id=parent.person_id,
                        kind=CHECKIN,
                        payload={"checkin_id": added[parent.person_id]},
                        due_at=slot,
                        dedupe_key=f"checkin:{added[parent.person_id]}",
                    )
                    for parent, _, slot, _ in due
                    if parent.person_id in added
                ],
            )
            result.planned = len(added)
            return result

        return await plan_for_due_parents(
            self._db,
            self._outbox,
            ParentSchedule.CHECKINS,
            basis=self._basis,
            now=now,
            horizon=horizon,
            plan=plan,
        )

    @property
    def _basis(self) -> str:
        """What the stored next check-in slots depend on besides the parents' settings."""
        return (
            f"checkins tz={self._timezone.key} every={sorted(EVERY_WEEKS.items())}"
            f" at={sorted(SLOT_TIMES.items())} late<{CATCH_UP_LIMIT} ahead={PLAN_AHEAD}"
        )

    async def count_unanswered(self) -> int:
        """Check-ins left unanswered for ``ANSWER_WINDOW`` count as unanswered; every
        third in a row, the parent's buddy gets an alert. Returns the alerts raised."""
        now = self._clock.now()
        raised = 0
        async with self._db.transaction() as tx:
            checkins = CheckinRepository(tx)
            parent_ids = await checkins.mark_unanswered_sent_before(now - ANSWER_WINDOW, now)
            to_alert = []
            for parent_id in parent_ids:
                streak = await checkins.unanswered_streak(parent_id)
                if streak and streak % UNANSWERED_IN_A_ROW == 0:
                    match = await MatchRepository(tx).active_for_parent(parent_id)
                    if match is not None:
                        to_alert.append((match.buddy_id, parent_id))
        for buddy_id, parent_id in to_alert:
            await self._alerts.raise_alert(
                buddy_id=buddy_id, parent_id=parent_id, kind=AlertKind.UNANSWERED_CHECKINS
            )
            raised += 1
        return raised

    # --- delivery ----------------------------------------------------------------------

    async def to_send(self, checkin_id: int) -> CheckinToSend | None:
        """The check-in to ask now, or None when it should not go out any more (answered,
        or the parent stopped, paused, withdrew consent or switched check-ins off)."""
        today = local_day(self._clock.now(), self._timezone)
        async with self._db.read() as tx:
            checkin = await CheckinRepository(tx).get(checkin_id)
            if checkin is None or checkin.answered:
                return None
            parent = await parent_to_message(tx, checkin.parent_id, today)
        if parent is None or parent.checkin_frequency is CheckinFrequency.OFF:
            return None
        return CheckinToSend(checkin=checkin, first_name=parent.first_name)

    async def mark_sent_in(self, tx: Transaction, checkin_id: int) -> None:
        """Telegram accepted the question (runs in the dispatcher's transaction)."""
        await CheckinRepository(tx).mark_sent(checkin_id, self._clock.now())

    # --- answers -----------------------------------------------------------------------

    async def answer(self, parent_id: int, checkin_id: int, score: int) -> AnswerOutcome:
        """Record the parent's score. A worrying one (low mood, high stress) is shown to a
        buddy the parent shares check-ins with, and the parent is asked whether they would
        like contact."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            checkins = CheckinRepository(tx)
            checkin = await self._own(checkins, parent_id, checkin_id)
            if score not in checkin.kind.scores:
                raise InvalidInput("score_out_of_range")
            if not await checkins.record_score(checkin_id, score, now):
                return AnswerOutcome.ALREADY_ANSWERED
            match = await MatchRepository(tx).active_for_parent(parent_id)
            shares = await ConsentRepository(tx).granted(parent_id, Purpose.SHARE_CHECKINS)
        if not checkin.kind.is_worrying(score):
            return AnswerOutcome.THANKS
        if match is None:
            return AnswerOutcome.ASK_TEAM_CONTACT
        if shares:
            await self._alerts.raise_alert(
                buddy_id=match.buddy_id, parent_id=parent_id, kind=AlertKind.LOW_MOOD
            )
        return AnswerOutcome.ASK_BUDDY_CONTACT

    async def choose_contact(
        self, parent_id: int, checkin_id: int, wants_contact: bool
    ) -> ContactOutcome:
        """After a worrying answer: yes → the buddy is asked to get in touch (without a
        buddy: the coordinators get a signal)."""
        async with self._db.transaction() as tx:
            checkins = CheckinRepository(tx)
            checkin = await self._own(checkins, parent_id, checkin_id)
            if not checkin.worrying:
                raise InvalidInput("not_a_worrying_answer")
            if not await checkins.record_wants_contact(checkin_id, wants_contact):
                return ContactOutcome.ALREADY_ANSWERED
            parent = await ParentRepository(tx).get(parent_id)
            match = await MatchRepository(tx).active_for_parent(parent_id)
            shares = await ConsentRepository(tx).granted(parent_id, Purpose.SHARE_CHECKINS)
        if parent is None:
            raise NotFound("parent")
        if not wants_contact:
            shared = match is not None and shares
            return ContactOutcome.SHARED_WITH_BUDDY if shared else ContactOutcome.NOBODY
        if match is not None:
            await self._alerts.raise_alert(
                buddy_id=match.buddy_id, parent_id=parent_id, kind=AlertKind.WANTS_CONTACT
            )
            return ContactOutcome.BUDDY_TOLD
        await self._signals.raise_signal(
            municipality=parent.municipality,
            kind=SignalKind.LOW_MOOD,
            urgent=False,
            parent_id=parent_id,
            raised_by=parent_id,
        )
        return ContactOutcome.COORDINATOR_TOLD

    async def get(self, parent_id: int, checkin_id: int) -> Checkin:
        """One of the parent's own check-ins (NotFound / NotAllowed otherwise)."""
        async with self._db.read() as tx:
            return await self._own(CheckinRepository(tx), parent_id, checkin_id)

    async def latest_answered(self, parent_id: int) -> Checkin | None:
        async with self._db.read() as tx:
            return await CheckinRepository(tx).latest_answered(parent_id)

    @staticmethod
    async def _own(checkins: CheckinRepository, parent_id: int, checkin_id: int) -> Checkin:
        checkin = await checkins.get(checkin_id)
        if checkin is None:
            raise NotFound("checkin")
        if checkin.parent_id != parent_id:
            raise NotAllowed("not_your_checkin")
        return checkin
