"""A parent's life with the programme: registering, their phase, settings, tips, help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.consent import Consent, Purpose
from domain.dates import check_birth_date, check_due_date
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.parents import (
    BuddyOfParent,
    CheckinFrequency,
    Parent,
    Phase,
    StopReason,
    TimeOfDay,
)
from domain.people import Role
from domain.schedule import local_day
from domain.settings import Settings
from domain.signals import SignalKind
from domain.tips import Tip, TipLibrary, stage_for
from services.signals import SignalService
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.audit import AuditRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.referrals import ReferralRepository
from storage.repositories.signals import SignalRepository

PAUSE_WEEKS = range(1, 9)
FIRST_NAME_MAX = 40
# A second tap on "a professional should contact me" within this time raises nothing new.
HELP_REQUEST_REPEAT_AFTER = timedelta(hours=24)


class AlreadyRegistered(NotAllowed):
    """This Telegram account is known already (as a parent or in another role)."""


class NoTip(StrEnum):
    """Why there is no tip today."""

    PREGNANCY_ENDED = "pregnancy_ended"
    PROGRAMME_OVER = "programme_over"  # the child is two or older


@dataclass(frozen=True, slots=True)
class Registration:
    """What onboarding collected."""

    telegram_id: int
    language: str
    first_name: str | None
    phase: Phase
    due_date: date | None
    birth_date: date | None
    municipality: str
    neighbourhood: str | None
    referral_link_id: int | None
    consents: Mapping[Purpose, bool]
    consent_version: str


@dataclass(frozen=True, slots=True)
class TipToday:
    tip: Tip | None
    no_tip: NoTip | None = None


@dataclass(frozen=True, slots=True)
class HelpRequest:
    signal_id: int
    already_asked: bool  # an earlier request is still open; nothing new was raised


class ParentService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        timezone: ZoneInfo,
        cipher: TextCipher,
        tips: TipLibrary,
        signals: SignalService,
    ) -> None:
        self._db = db
        self._cipher = cipher
        self._clock = clock
        self._settings = settings
        self._timezone = timezone
        self._tips = tips
        self._signals = signals

    def today(self) -> date:
        """The date where the programme runs (not UTC's)."""
        return local_day(self._clock.now(), self._timezone)

    # ------------------------------------------------------------ registering

    async def register(self, registration: Registration) -> Parent:
        """Store a new parent with their consents. Receiving messages must be granted."""
        self._check_registration(registration)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            people = PeopleRepository(tx)
            if await people.by_telegram_id(registration.telegram_id) is not None:
                raise AlreadyRegistered(str(registration.telegram_id))
            # The link's id came through a button: an unknown one records no source.
            referral = registration.referral_link_id
            if referral is not None and await ReferralRepository(tx).get(referral) is None:
                referral = None
            person = await people.add(
                telegram_id=registration.telegram_id,
                role=Role.PARENT,
                language=registration.language,
                first_name=registration.first_name,
                now=now,
            )
            await ParentRepository(tx).add(
                person_id=person.id,
                phase=registration.phase,
                due_date=registration.due_date,
                birth_date=registration.birth_date,
                municipality=registration.municipality,
                neighbourhood=registration.neighbourhood,
                referral_link_id=referral,
                now=now,
            )
            consents = ConsentRepository(tx)
            for purpose in Purpose:
                await consents.record(
                    person.id,
                    purpose,
                    bool(registration.consents.get(purpose, False)),
                    registration.consent_version,
                    now,
                )
            return await _parent(tx, person.id)

    def _check_registration(self, registration: Registration) -> None:
        if not registration.consents.get(Purpose.MESSAGES):
            raise InvalidInput("messages_consent_required")
        municipality = self._settings.municipality(registration.municipality)
        if municipality is None:
            raise InvalidInput("unknown_municipality")
        hood = registration.neighbourhood
        if hood is not None and municipality.neighbourhood(hood) is None:
            raise InvalidInput("unknown_neighbourhood")
        if registration.first_name is not None and not (
            0 < len(registration.first_name) <= FIRST_NAME_MAX
        ):
            raise InvalidInput("first_name_length")
        today = self.today()
        if registration.phase is Phase.PREGNANT:
            if registration.due_date is None:
                raise InvalidInput("due_date_required")
            check_due_date(registration.due_date, today)
        elif registration.phase is Phase.BABY:
            if registration.birth_date is None:
                raise InvalidInput("birth_date_required")
            check_birth_date(registration.birth_date, today)
        elif registration.phase is not Phase.WISH:
            raise InvalidInput("phase")

    # ------------------------------------------------------------ reading

    async def get(self, parent_id: int) -> Parent:
        async with self._db.read() as tx:
            return await _parent(tx, parent_id)

    async def buddy_of(self, parent_id: int) -> BuddyOfParent | None:
        async with self._db.read() as tx:
            return await ParentRepository(tx).buddy_of(parent_id)

    async def consents(self, parent_id: int) -> dict[Purpose, Consent]:
        async with self._db.read() as tx:
            return await ConsentRepository(tx).current(parent_id)

    async def tip_of_the_week(self, parent_id: int, language: str) -> TipToday:
        parent = await self.get(parent_id)
        if parent.phase is Phase.ENDED:
            return TipToday(None, NoTip.PREGNANCY_ENDED)
        today = self.today()
        started = parent.phase_started_at.astimezone(self._timezone).date()
        stage = stage_for(
            phase=parent.phase.value,
            today=today,
            due_date=parent.due_date,
            birth_date=parent.birth_date,
            weeks_in_wish_phase=max((today - started).days // 7, 0),
        )
        if stage is None:
            return TipToday(None, NoTip.PROGRAMME_OVER)
        return TipToday(self._tips.get(stage, language))

    # ------------------------------------------------------------ settings

    async def set_checkin_frequency(self, parent_id: int, frequency: CheckinFrequency) -> None:
        async with self._db.transaction() as tx:
            await _parent(tx, parent_id)
            await ParentRepository(tx).set_checkin_frequency(parent_id, frequency)

    async def set_preferred_time(self, parent_id: int, time_of_day: TimeOfDay) -> None:
        async with self._db.transaction() as tx:
            await _parent(tx, parent_id)
            await ParentRepository(tx).set_preferred_time(parent_id, time_of_day)

    async def pause(self, parent_id: int, weeks: int) -> date:
        """No scheduled messages for ``weeks``; returns the first day they come again."""
        if weeks not in PAUSE_WEEKS:
            raise InvalidInput("pause_weeks")
        first_day_back = self.today() + timedelta(weeks=weeks)
        async with self._db.transaction() as tx:
            await _parent(tx, parent_id)
            await ParentRepository(tx).set_paused_until(parent_id, first_day_back)
        return first_day_back

    async def resume(self, parent_id: int) -> None:
        async with self._db.transaction() as tx:
            await _parent(tx, parent_id)
            await ParentRepository(tx).set_paused_until(parent_id, None)

    async def baby_born(self, parent_id: int, birth_date: date) -> Parent:
        """The baby track starts: tips follow the baby's age from now on."""
        check_birth_date(birth_date, self.today())
        async with self._db.transaction() as tx:
            parent = await _parent(tx, parent_id)
            if parent.phase is Phase.BABY and parent.birth_date == birth_date:
                return parent
            await ParentRepository(tx).set_phase(
                parent_id,
                phase=Phase.BABY,
                due_date=parent.due_date,
                birth_date=birth_date,
                now=self._clock.now(),
            )
            return await _parent(tx, parent_id)

    async def now_pregnant(self, parent_id: int, due_date: date) -> Parent:
        """From the wish phase (or after a loss) to a pregnancy: pregnancy tips from now."""
        check_due_date(due_date, self.today())
        async with self._db.transaction() as tx:
            parent = await _parent(tx, parent_id)
            if parent.phase not in (Phase.WISH, Phase.ENDED):
                raise InvalidInput("not_expecting")
            await ParentRepository(tx).set_phase(
                parent_id,
                phase=Phase.PREGNANT,
                due_date=due_date,
                birth_date=None,
                now=self._clock.now(),
            )
            return await _parent(tx, parent_id)

    async def pregnancy_ended(self, parent_id: int) -> Parent:
        """A pregnancy ended without a baby: no more pregnancy tips."""
        async with self._db.transaction() as tx:
            parent = await _parent(tx, parent_id)
            if parent.phase is not Phase.PREGNANT:
                raise InvalidInput("not_pregnant")
            await ParentRepository(tx).set_phase(
                parent_id,
                phase=Phase.ENDED,
                due_date=parent.due_date,
                birth_date=None,
                now=self._clock.now(),
            )
            return await _parent(tx, parent_id)

    async def stop(self, parent_id: int, reason: StopReason | None) -> None:
        """Opt out: nothing more is sent; what was waiting in the outbox is cancelled."""
        async with self._db.transaction() as tx:
            parent = await _parent(tx, parent_id)
            if parent.stopped:
                return
            await ParentRepository(tx).set_stopped(
                parent_id, stopped_at=self._clock.now(), reason=reason
            )
            await OutboxRepository(tx).cancel_pending_for(parent_id)

    async def come_back(self, parent_id: int) -> bool:
        """Undo a stop; returns whether the parent had stopped."""
        async with self._db.transaction() as tx:
            parent = await _parent(tx, parent_id)
            if not parent.stopped:
                return False
            await ParentRepository(tx).set_stopped(parent_id, stopped_at=None, reason=None)
            return True

    async def set_consent(
        self, parent_id: int, purpose: Purpose, granted: bool, text_version: str
    ) -> None:
        """Change an optional consent. Receiving messages is withdrawn by stopping."""
        if purpose is Purpose.MESSAGES:
            raise InvalidInput("messages_consent_is_stop")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await _parent(tx, parent_id)
            await ConsentRepository(tx).record(parent_id, purpose, granted, text_version, now)
            await AuditRepository(tx).record(
                actor_id=parent_id,
                action=f"consent_{purpose.value}_{'granted' if granted else 'withdrawn'}",
                subject_id=parent_id,
                now=now,
            )

    # ------------------------------------------------------------ help

    async def ask_professional_contact(self, parent_id: int) -> HelpRequest:
        """ "I want a professional to contact me": an urgent signal for the coordinators
        of the parent's municipality, once (a repeated tap while it is open adds none)."""
        return await self._signal_once(parent_id, SignalKind.URGENT_HELP, urgent=True)

    async def ask_contact_after_loss(self, parent_id: int) -> HelpRequest:
        """After a pregnancy ended: the parent would like a professional to get in touch."""
        return await self._signal_once(parent_id, SignalKind.PREGNANCY_ENDED, urgent=False)

    async def _signal_once(self, parent_id: int, kind: SignalKind, *, urgent: bool) -> HelpRequest:
        since = self._clock.now() - HELP_REQUEST_REPEAT_AFTER
        async with self._db.read() as tx:
            parent = await _parent(tx, parent_id)
            existing = await SignalRepository(tx, self._cipher).open_for_parent(
                parent_id, kind, raised_since=since
            )
        if existing is not None:
            return HelpRequest(signal_id=existing, already_asked=True)
        signal_id = await self._signals.raise_signal(
            municipality=parent.municipality,
            kind=kind,
            urgent=urgent,
            parent_id=parent_id,
            raised_by=parent_id,
        )
        return HelpRequest(signal_id=signal_id, already_asked=False)


async def _parent(tx: Transaction, parent_id: int) -> Parent:
    parent = await ParentRepository(tx).get(parent_id)
    if parent is None:
        raise NotFound(f"parent {parent_id}")
    return parent
