"""Buddies: registering with an invite, their families as they may see them, the weekly
overview and the monthly "how is buddying going for you?"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.buddies import (
    Buddy,
    BuddyProfile,
    BuddyWellbeing,
    Family,
    SharedCheckin,
    WaitingMessage,
    WeeklyOverview,
    WellbeingMonth,
    family_stage,
    month_bounds,
    month_key,
    previous_month,
    validate_wellbeing,
)
from domain.clock import Clock
from domain.consent import Purpose
from domain.errors import InvalidInput, NotAllowed
from domain.invites import InviteKind, InviteUnknown
from domain.people import Role
from domain.schedule import local_day
from domain.settings import Settings
from services.coordinators import load_coordinator
from services.invites import InviteService
from services.outbox import OutboxService, Outgoing
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.alerts import AlertRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.buddies import BuddyRepository, WellbeingRepository
from storage.repositories.checkins import CheckinRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.contacts import ContactRepository
from storage.repositories.invites import InviteRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.threads import ThreadRepository

BUDDY_REGISTERED = "buddy_registered"  # outbox kind to the inviting coordinator; {buddy_id}
WEEKLY_OVERVIEW = "buddy_weekly_overview"  # outbox kind; payload {week}
WELLBEING_CHECKIN = "buddy_wellbeing"  # outbox kind; payload {month}
OVERVIEW_LOCAL_TIME = time(9, 0)  # Monday morning
WELLBEING_LOCAL_TIME = time(10, 0)  # on the first of the month
WELLBEING_ASK_DAYS = 7  # asked in the first week of the month (also after a stop)


class BuddyService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        invites: InviteService,
        settings: Settings,
        timezone: ZoneInfo,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._invites = invites
        self._settings = settings
        self._timezone = timezone

    def _today(self) -> date:
        return local_day(self._clock.now(), self._timezone)

    def _local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, self._timezone)

    # --- registering -----------------------------------------------------------------

    async def register(
        self, *, invite_id: int, telegram_id: int, language: str | None, profile: BuddyProfile
    ) -> Buddy:
        """Make the Telegram user a buddy of the invite's municipality and use the invite
        up, together or not at all. Raises InviteUsed / InviteExpired when the invite went
        meanwhile, NotAllowed when the person is registered already, InvalidInput for a
        profile that does not fit."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            invite = await InviteRepository(tx).get(invite_id)
            if invite is None or invite.kind is not InviteKind.BUDDY or not invite.municipality:
                raise InviteUnknown(InviteKind.BUDDY.value)
            municipality = self._settings.municipality(invite.municipality)
            hoods = {hood.slug for hood in municipality.neighbourhoods} if municipality else set()
            profile.validate(hoods)
            people = PeopleRepository(tx)
            if await people.by_telegram_id(telegram_id) is not None:
                raise NotAllowed("already_registered")
            person = await people.add(
                telegram_id=telegram_id,
                role=Role.BUDDY,
                language=language,
                first_name=profile.display_name,
                now=now,
            )
            await self._invites.redeem_in(tx, invite_id, InviteKind.BUDDY, person.id)
            buddies = BuddyRepository(tx)
            await buddies.add(
                person.id,
                profile=profile,
                municipality=invite.municipality,
                invited_by=invite.created_by,
                now=now,
            )
            await AuditRepository(tx).record(
                actor_id=person.id,
                action="buddy_registered",
                subject_id=person.id,
                now=now,
                detail=invite.municipality,
            )
            if invite.created_by is not None:
                await self._outbox.enqueue_in(
                    tx,
                    Outgoing(
                        person_id=invite.created_by,
                        kind=BUDDY_REGISTERED,
                        payload={"buddy_id": person.id},
                        dedupe_key=f"buddy_registered:{person.id}",
                    ),
                )
            buddy = await buddies.get(person.id)
        self._outbox.notify()
        assert buddy is not None
        return buddy

    async def get(self, buddy_id: int) -> Buddy | None:
        async with self._db.read() as tx:
            return await BuddyRepository(tx).get(buddy_id)

    # --- families --------------------------------------------------------------------

    async def families(self, buddy_id: int) -> list[Family]:
        """The buddy's matched families, longest matched first."""
        async with self._db.read() as tx:
            matches = await MatchRepository(tx).active_for_buddy(buddy_id)
            last_days = await ContactRepository(tx, self._cipher).last_days(buddy_id)
            families = [
                await self._family(tx, match.parent_id, match.started_at, last_days)
                for match in matches
            ]
        threads = await self._open_threads(buddy_id)
        return [
            _with_threads(family, threads.get(family.parent_id, ()))
            for family in families
            if family is not None
        ]

    async def family(self, buddy_id: int, parent_id: int) -> Family:
        """One of the buddy's own families; NotAllowed for anyone else's (it does not say
        whether that family exists)."""
        async with self._db.read() as tx:
            match = await MatchRepository(tx).active_for_parent(parent_id)
            if match is None or match.buddy_id != buddy_id:
                raise NotAllowed("not_your_family")
            last_days = await ContactRepository(tx, self._cipher).last_days(buddy_id)
            family = await self._family(tx, parent_id, match.started_at, last_days)
        if family is None:
            raise NotAllowed("not_your_family")
        threads = await self._open_threads(buddy_id)
        return _with_threads(family, threads.get(parent_id, ()))

    async def _family(
        self, tx: Transaction, parent_id: int, matched_at: datetime, last_days: dict[int, date]
    ) -> Family | None:
        parent = await ParentRepository(tx).get(parent_id)
        if parent is None:
            return None
        checkin = None
        if await ConsentRepository(tx).granted(parent_id, Purpose.SHARE_CHECKINS):
            latest = await CheckinRepository(tx).latest_answered(parent_id)
            if latest is not None and latest.score is not None and latest.answered_at:
                checkin = SharedCheckin(
                    kind=str(latest.kind), score=latest.score, answered_at=latest.answered_at
                )
        return Family(
            parent_id=parent_id,
            first_name=parent.first_name or "",
            reachable=parent.active and not parent.stopped,
            stage=family_stage(parent.phase, self._today(), parent.due_date, parent.birth_date),
            matched_since=matched_at,
            last_contact=last_days.get(parent_id),
            last_checkin=checkin,
        )

    async def _open_threads(self, buddy_id: int) -> dict[int, tuple[WaitingMessage, ...]]:
        """Per family, the messages that wait for the buddy's answer, oldest first."""
        async with self._db.read() as tx:
            threads = await ThreadRepository(tx, self._cipher).open_for_buddy(buddy_id)
        by_parent: dict[int, list[WaitingMessage]] = {}
        for thread in threads:
            by_parent.setdefault(thread.parent_id, []).append(
                WaitingMessage(
                    thread_id=thread.thread_id, since=thread.waiting_since, text=thread.last_message
                )
            )
        return {parent_id: tuple(waiting) for parent_id, waiting in by_parent.items()}

    # --- the weekly overview ---------------------------------------------------------

    async def weekly_overview(self, buddy_id: int) -> WeeklyOverview:
        """The last seven days: families, contacts and minutes logged, alerts open."""
        families = await self.families(buddy_id)
        today = self._today()
        async with self._db.read() as tx:
            contacts, minutes = await ContactRepository(tx, self._cipher).totals(
                buddy_id, today - timedelta(days=7), today
            )
            open_alerts = await AlertRepository(tx).open_count(buddy_id)
        return WeeklyOverview(
            families=tuple(families),
            contacts_last_week=contacts,
            minutes_last_week=minutes,
            open_alerts=open_alerts,
        )

    async def plan_weekly_overviews(self) -> int:
        """On Monday (local time), an overview for every buddy with families who was
        registered before the week began; delivered at nine. One per buddy per week."""
        today = self._today()
        if today.weekday() != 0:
            return 0
        week_start = self._local(today, time(0, 0))
        year, week, _ = today.isocalendar()
        async with self._db.read() as tx:
            buddy_ids = await BuddyRepository(tx).with_families(registered_before=week_start)
        messages = [
            Outgoing(
                person_id=buddy_id,
                kind=WEEKLY_OVERVIEW,
                payload={"week": f"{year}-W{week:02d}"},
                due_at=self._local(today, OVERVIEW_LOCAL_TIME),
                dedupe_key=f"buddy_weekly:{buddy_id}:{year}-W{week:02d}",
            )
            for buddy_id in buddy_ids
        ]
        return await self._enqueue_new(messages)

    # --- the buddy's own wellbeing ---------------------------------------------------

    async def wellbeing_month(self, buddy_id: int, month: str) -> WellbeingMonth:
        """That month's check-in, with the minutes the buddy logged in it (the hours are
        pre-filled from these)."""
        start, end = _checked_month_bounds(month)
        async with self._db.read() as tx:
            _, minutes = await ContactRepository(tx, self._cipher).totals(buddy_id, start, end)
            score, hours, answered_at = await WellbeingRepository(tx).get(buddy_id, month)
        return WellbeingMonth(
            month=month, logged_minutes=minutes, score=score, hours=hours, answered_at=answered_at
        )

    async def record_wellbeing(
        self, buddy_id: int, month: str, *, score: int, hours: float
    ) -> WellbeingMonth:
        start, _ = _checked_month_bounds(month)
        if start > self._today():
            raise InvalidInput("month")
        validate_wellbeing(score, hours)
        async with self._db.transaction() as tx:
            if await BuddyRepository(tx).get(buddy_id) is None:
                raise NotAllowed("not_a_buddy")
            await WellbeingRepository(tx).record(
                buddy_id, month, score=score, hours=round(hours, 1), now=self._clock.now()
            )
        return await self.wellbeing_month(buddy_id, month)

    async def wellbeing_overview(self, coordinator_id: int, month: str) -> list[BuddyWellbeing]:
        """For a coordinator's supervision: every active buddy in their scope (their
        municipality, or the province) with their answer for ``month`` and the time they
        logged. Opening it is written to the audit log: it is the buddies' own data."""
        start, end = _checked_month_bounds(month)
        if start > self._today():
            raise InvalidInput("month")
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            overview = await WellbeingRepository(tx).for_month(
                month, start, end, coordinator.municipality
            )
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="buddy_wellbeing_viewed",
                subject_id=None,
                now=self._clock.now(),
                detail=month,
                municipality=coordinator.municipality,
            )
        return overview

    async def plan_wellbeing_checkins(self) -> int:
        """In the first days of a month, ask every buddy registered before it began how
        the month before went. One per buddy per month; not after they answered."""
        today = self._today()
        if today.day > WELLBEING_ASK_DAYS:
            return 0
        month = previous_month(today)
        month_start = self._local(today.replace(day=1), time(0, 0))
        async with self._db.read() as tx:
            buddy_ids = await BuddyRepository(tx).wellbeing_unanswered(
                month, registered_before=month_start
            )
        messages = [
            Outgoing(
                person_id=buddy_id,
                kind=WELLBEING_CHECKIN,
                payload={"month": month},
                due_at=self._local(today.replace(day=1), WELLBEING_LOCAL_TIME),
                dedupe_key=f"buddy_wellbeing:{buddy_id}:{month}",
            )
            for buddy_id in buddy_ids
        ]
        return await self._enqueue_new(messages)

    async def _enqueue_new(self, messages: list[Outgoing]) -> int:
        """Put in the outbox those of a planner's messages it did not plan before (their
        dedupe keys are looked up first: the hourly run finds them all planned)."""
        if not messages:
            return 0
        async with self._db.transaction() as tx:
            planned = await OutboxRepository(tx).existing_keys(
                [m.dedupe_key for m in messages if m.dedupe_key]
            )
            added = await self._outbox.enqueue_many_in(
                tx, [m for m in messages if m.dedupe_key not in planned]
            )
        if added:
            self._outbox.notify()
        return added


def _with_threads(family: Family, waiting: tuple[WaitingMessage, ...]) -> Family:
    return replace(family, waiting=waiting)


def _checked_month_bounds(month: str) -> tuple[date, date]:
    try:
        start, end = month_bounds(month)
    except ValueError as error:
        raise InvalidInput("month") from error
    if month_key(start) != month:
        raise InvalidInput("month")
    return start, end
