"""Alerts to buddies about one of their families (a low check-in, a wish for contact, a
blocked bot, unanswered check-ins, a question waiting), each answered in one tap. An
alert about how a parent feels that the buddy leaves unanswered goes to the
coordinators."""

from __future__ import annotations

from datetime import timedelta

from domain.alerts import (
    ESCALATING_KINDS,
    QUESTION_WAITING_AFTER,
    Alert,
    AlertKind,
    AlertResponse,
)
from domain.clock import Clock
from domain.consent import Purpose
from domain.errors import NotFound
from domain.settings import ProgrammeRules
from domain.signals import SignalKind
from services.outbox import OutboxService, Outgoing
from services.signals import SignalService
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.alerts import AlertRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository

BUDDY_ALERT = "buddy_alert"  # outbox kind; payload {alert_id}
ALERT_CHUNK = 1000  # alerts raised per transaction by a planner


class AlertService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        signals: SignalService,
        rules: ProgrammeRules,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._signals = signals
        self._rules = rules

    async def raise_alert(self, buddy_id: int, parent_id: int, kind: AlertKind) -> int | None:
        """Tell the buddy (through the outbox). Returns the alert's id, or None when
        nothing was raised: not an active match, an alert of this kind still open for
        the family, or a low mood the parent did not consent to share."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            if not await MatchRepository(tx).is_active_pair(buddy_id, parent_id):
                return None
            if kind is AlertKind.LOW_MOOD and not await ConsentRepository(tx).granted(
                parent_id, Purpose.SHARE_CHECKINS
            ):
                return None
            alerts = AlertRepository(tx)
            if await alerts.open_for(buddy_id, parent_id, kind) is not None:
                return None
            alert_id = await alerts.add(buddy_id=buddy_id, parent_id=parent_id, kind=kind, now=now)
            await self._outbox.enqueue_in(tx, _alert_message(buddy_id, alert_id))
        self._outbox.notify()
        return alert_id

    async def own(self, buddy_id: int, alert_id: int) -> Alert:
        """An alert of this buddy about a family still matched with them; else NotFound."""
        async with self._db.read() as tx:
            alert = await AlertRepository(tx).get(alert_id)
            mine = (
                alert is not None
                and alert.buddy_id == buddy_id
                and await MatchRepository(tx).is_active_pair(buddy_id, alert.parent_id)
            )
        if not mine:
            raise NotFound("alert")
        assert alert is not None
        return alert

    async def respond(self, buddy_id: int, alert_id: int, response: AlertResponse) -> Alert:
        """Record the buddy's one-tap answer. An alert answered before keeps its first
        answer (returned, so the buddy can be told)."""
        await self.own(buddy_id, alert_id)
        async with self._db.transaction() as tx:
            alerts = AlertRepository(tx)
            await alerts.acknowledge(alert_id, response, self._clock.now())
            alert = await alerts.get(alert_id)
        assert alert is not None
        return alert

    async def pending(self, alert_id: int) -> Alert | None:
        """The alert if it is still worth sending: unanswered, family still matched."""
        async with self._db.read() as tx:
            alert = await AlertRepository(tx).get(alert_id)
            if alert is None or not alert.open:
                return None
            if not await MatchRepository(tx).is_active_pair(alert.buddy_id, alert.parent_id):
                return None
        return alert

    async def escalate_overdue(self) -> int:
        """Low-mood and wants-contact alerts the buddy did not answer within the
        programme's low_mood_ack_hours become a signal for the coordinators."""
        now = self._clock.now()
        before = now - timedelta(hours=self._rules.low_mood_ack_hours)
        async with self._db.read() as tx:
            overdue = await AlertRepository(tx).unacknowledged_before(ESCALATING_KINDS, before)
        escalated = 0
        for alert in overdue:
            async with self._db.read() as tx:
                parent = await ParentRepository(tx).get(alert.parent_id)
            if parent is not None:
                # Signal first: after a crash in between the coordinators hear twice
                # rather than never.
                await self._signals.raise_signal(
                    municipality=parent.municipality,
                    kind=SignalKind.LOW_MOOD,
                    urgent=False,
                    parent_id=alert.parent_id,
                )
                escalated += 1
            async with self._db.transaction() as tx:
                await AlertRepository(tx).mark_escalated(alert.id, now)
        return escalated

    async def plan_question_alerts(self) -> int:
        """A message a family sent their buddy that has waited a few hours: alert the
        buddy, once per waiting message. An open question alert whose messages were all
        answered meanwhile counts as handled (the buddy answered by replying). Set-based:
        only threads waiting for their buddy are read (``threads.waiting_since``)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            alerts = AlertRepository(tx)
            await alerts.handle_questions_no_longer_waiting(now)
            due = await alerts.questions_to_alert(now - QUESTION_WAITING_AFTER)
        pairs = list(dict.fromkeys(due))
        raised = 0
        for start in range(0, len(pairs), ALERT_CHUNK):
            async with self._db.transaction() as tx:
                new = await AlertRepository(tx).add_unless_open(
                    AlertKind.QUESTION_WAITING, pairs[start : start + ALERT_CHUNK], now
                )
                await self._outbox.enqueue_many_in(
                    tx,
                    [_alert_message(alert.buddy_id, alert.id) for alert in new],
                )
            if new:
                self._outbox.notify()
            raised += len(new)
        return raised


def _alert_message(buddy_id: int, alert_id: int) -> Outgoing:
    """The outbox row that tells the buddy about one alert (once per alert)."""
    return Outgoing(
        person_id=buddy_id,
        kind=BUDDY_ALERT,
        payload={"alert_id": alert_id},
        dedupe_key=f"buddy_alert:{alert_id}",
    )
