"""Contact logs: a buddy logs a contact with one of their families in a few taps, may
correct or delete it for a week, and is reminded when no contact was logged for a while.
A concern raised with a log becomes a signal for the coordinators."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.contacts import (
    CORRECTION_WINDOW,
    Concern,
    Contact,
    ContactDetails,
    PairContact,
    reminder_period,
)
from domain.errors import NotAllowed, NotFound
from domain.schedule import local_day
from domain.settings import ProgrammeRules
from domain.signals import SignalKind
from services.outbox import OutboxService, Outgoing
from services.signals import SignalService
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.contacts import ContactRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.planner_marks import PlannerMarkRepository

CONTACT_REMINDER = "buddy_contact_reminder"  # outbox kind; payload {parent_id, since}
REMINDER_LOCAL_TIME = time(10, 0)
REMINDER_CHUNK = 1000  # pairs per transaction
# What a correction may change: the concern was already passed on to the coordinators.
CORRECTABLE = frozenset({"day", "kind", "duration_minutes", "topics", "parent_mood", "note"})


class ContactService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        signals: SignalService,
        timezone: ZoneInfo,
        rules: ProgrammeRules,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._signals = signals
        self._timezone = timezone
        self._rules = rules

    def today(self) -> date:
        return local_day(self._clock.now(), self._timezone)

    async def log(self, buddy_id: int, parent_id: int, details: ContactDetails) -> Contact:
        """Store a contact with one of the buddy's own families; a concern (some or
        urgent) also raises a signal for the coordinators, with the buddy's note."""
        details.validate(self.today())
        now = self._clock.now()
        async with self._db.transaction() as tx:
            if not await MatchRepository(tx).is_active_pair(buddy_id, parent_id):
                raise NotAllowed("not_your_family")
            parent = await ParentRepository(tx).get(parent_id)
            assert parent is not None  # an active match has a parent
            contacts = ContactRepository(tx, self._cipher)
            contact_id = await contacts.add(
                buddy_id=buddy_id,
                parent_id=parent_id,
                municipality=parent.municipality,
                details=details,
                now=now,
            )
            contact = await contacts.get(contact_id)
        assert contact is not None
        if details.concern is not Concern.NONE:
            await self._signals.raise_signal(
                municipality=parent.municipality,
                kind=SignalKind.BUDDY_CONCERN,
                urgent=details.concern is Concern.URGENT,
                parent_id=parent_id,
                raised_by=buddy_id,
                note=details.note,
            )
        return contact

    async def own(self, buddy_id: int, contact_id: int) -> Contact:
        """One of the buddy's own logs of a family still matched with them; anything
        else is NotFound (it does not say whether the log exists)."""
        async with self._db.read() as tx:
            contact = await ContactRepository(tx, self._cipher).get(contact_id)
            mine = (
                contact is not None
                and contact.buddy_id == buddy_id
                and contact.parent_id is not None
                and await MatchRepository(tx).is_active_pair(buddy_id, contact.parent_id)
            )
        if not mine:
            raise NotFound("contact")
        assert contact is not None
        return contact

    async def correct(self, buddy_id: int, contact_id: int, **changes: object) -> Contact:
        """Change fields of an own log (see CORRECTABLE) within the correction window."""
        unknown = set(changes) - CORRECTABLE
        if unknown:
            raise ValueError(f"not correctable: {sorted(unknown)}")
        contact = await self._correctable(buddy_id, contact_id)
        details = dataclasses.replace(contact.details, **changes)  # type: ignore[arg-type]
        details.validate(self.today())
        async with self._db.transaction() as tx:
            contacts = ContactRepository(tx, self._cipher)
            await contacts.update(contact_id, details, self._clock.now())
            updated = await contacts.get(contact_id)
        assert updated is not None
        return updated

    async def delete(self, buddy_id: int, contact_id: int) -> None:
        await self._correctable(buddy_id, contact_id)
        async with self._db.transaction() as tx:
            await ContactRepository(tx, self._cipher).delete(contact_id)

    async def recent(self, buddy_id: int) -> list[Contact]:
        """The buddy's logs that can still be corrected, newest first."""
        since = self._clock.now() - CORRECTION_WINDOW
        async with self._db.read() as tx:
            contacts = await ContactRepository(tx, self._cipher).created_since(buddy_id, since)
            matches = await MatchRepository(tx).active_for_buddy(buddy_id)
        families = {match.parent_id for match in matches}
        return [contact for contact in contacts if contact.parent_id in families]

    async def _correctable(self, buddy_id: int, contact_id: int) -> Contact:
        contact = await self.own(buddy_id, contact_id)
        if not contact.correctable(self._clock.now()):
            raise NotAllowed("correction_window")
        return contact

    # --- reminders -------------------------------------------------------------------

    async def plan_reminders(self) -> int:
        """Remind buddies of families they logged no contact with for the programme's
        number of days (again after as many days). Dedupe keys name the pair, the day of
        the last contact and the period, so running again (or after a restart) plans
        nothing twice. Only pairs whose next reminder day has come are looked at
        (``matches.next_contact_reminder_on``), a chunk per transaction. Returns how many
        reminders were planned."""
        every = self._rules.buddy_contact_reminder_days
        today = self.today()
        basis = f"contact_reminders tz={self._timezone.key} every={every}"
        async with self._db.transaction() as tx:
            if not await PlannerMarkRepository(tx).still_valid(
                "buddy_contact_reminders", basis, self._clock.now()
            ):
                await ContactRepository(tx, self._cipher).clear_next_reminders()
        planned = 0
        after = None
        while True:
            async with self._db.transaction() as tx:
                contacts = ContactRepository(tx, self._cipher)
                page = await contacts.active_pairs_due(today, after=after, limit=REMINDER_CHUNK)
                messages = []
                next_days = []
                for pair in page.pairs:
                    reference = self._reference_day(pair)
                    due = reminder_period(reference, today, every)
                    period = due[0] if due is not None else 0
                    next_days.append(
                        (
                            pair.buddy_id,
                            pair.parent_id,
                            reference + timedelta(days=(period + 1) * every),
                        )
                    )
                    if due is None:
                        continue
                    day = due[1]
                    messages.append(
                        Outgoing(
                            person_id=pair.buddy_id,
                            kind=CONTACT_REMINDER,
                            payload={"parent_id": pair.parent_id, "since": reference.isoformat()},
                            due_at=datetime.combine(day, REMINDER_LOCAL_TIME, self._timezone),
                            dedupe_key=(
                                f"contact_reminder:{pair.buddy_id}:{pair.parent_id}"
                                f":{reference.isoformat()}:{period}"
                            ),
                        )
                    )
                added = await self._outbox.enqueue_many_in(tx, messages)
                await contacts.set_next_reminders(next_days)
            planned += added
            if added:
                self._outbox.notify()
            if page.after is None:
                return planned
            after = page.after

    async def reminder_still_due(self, buddy_id: int, parent_id: int, since: date) -> bool:
        """Whether a planned reminder still holds when it is sent: the family is still
        matched and no contact was logged since it was planned."""
        async with self._db.read() as tx:
            pairs = await ContactRepository(tx, self._cipher).active_pairs(buddy_id)
        pair = next((p for p in pairs if p.parent_id == parent_id), None)
        return pair is not None and self._reference_day(pair) == since

    def _reference_day(self, pair: PairContact) -> date:
        """The day the quiet period started: the last contact, else the match."""
        matched_on = pair.matched_at.astimezone(self._timezone).date()
        if pair.last_contact is None or pair.last_contact < matched_on:
            return matched_on
        return pair.last_contact
