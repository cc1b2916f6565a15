"""Group activities: a coordinator creates and publishes one for an audience; parents
sign up or join the waitlist; a cancellation promotes the first in line; everyone signed
up is reminded a day before; afterwards the coordinator ticks who came."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from domain.activities import (
    DESCRIPTION_MAX,
    PLACE_MAX,
    REMINDER_BEFORE,
    TITLE_MAX,
    Activity,
    ActivityDraft,
    ParentActivity,
    Signup,
    SignupResult,
    SignupStatus,
)
from domain.audience import AudienceRole, Segment
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.schedule import local_day
from domain.settings import Settings
from services.coordinators import ensure_covers, load_coordinator
from services.outbox import OutboxService, Outgoing
from services.parent_messages import parent_to_message
from storage.db import Database, Transaction
from storage.repositories.activities import ActivityRepository
from storage.repositories.audience import AudienceRepository

# Outbox kinds (to parents); payload {"activity_id": …}.
ACTIVITY_PUBLISHED = "activity_published"
ACTIVITY_PROMOTED = "activity_promoted"
ACTIVITY_REMINDER = "activity_reminder"
# Coordinators see activities from this long ago, to tick who came.
RECENT = timedelta(days=30)


class ActivityService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: OutboxService,
        settings: Settings,
        timezone: ZoneInfo,
    ) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox
        self._settings = settings
        self._timezone = timezone

    # --- coordinators --------------------------------------------------------------

    async def create(self, coordinator_id: int, draft: ActivityDraft) -> int:
        self._validate(draft)
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            ensure_covers(coordinator, draft.municipality)
            return await ActivityRepository(tx).add(
                draft, created_by=coordinator_id, now=self._clock.now()
            )

    async def publish(self, coordinator_id: int, activity_id: int) -> int:
        """Tell every reachable parent in the audience; returns how many. Publishing
        twice tells nobody twice."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await self._in_scope(tx, coordinator_id, activity_id)
            if activity.has_started(now):
                raise InvalidInput("started")
            if not await ActivityRepository(tx).publish(activity_id, now):
                raise InvalidInput("published")
            members = await AudienceRepository(tx).members(_audience(activity), self._today())
            recipients = [member.person_id for member in members if member.active]
            await self._outbox.enqueue_in(
                tx,
                *[
                    Outgoing(
                        person_id=parent_id,
                        kind=ACTIVITY_PUBLISHED,
                        payload={"activity_id": activity_id},
                        dedupe_key=f"activity:{activity_id}:published:{parent_id}",
                    )
                    for parent_id in recipients
                ],
            )
        self._outbox.notify()
        return len(recipients)

    async def in_scope(self, coordinator_id: int) -> list[Activity]:
        """Upcoming activities, and those of the last month (to tick who came)."""
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            return await ActivityRepository(tx).in_scope(
                coordinator.municipality, self._clock.now() - RECENT
            )

    async def get(self, coordinator_id: int, activity_id: int) -> Activity:
        async with self._db.read() as tx:
            return await self._in_scope(tx, coordinator_id, activity_id)

    async def signups(self, coordinator_id: int, activity_id: int) -> list[Signup]:
        """Who signed up, then the waitlist in order."""
        async with self._db.read() as tx:
            await self._in_scope(tx, coordinator_id, activity_id)
            return await ActivityRepository(tx).signups(
                activity_id, (SignupStatus.SIGNED_UP, SignupStatus.WAITLIST)
            )

    async def set_attended(
        self, coordinator_id: int, activity_id: int, parent_id: int, attended: bool
    ) -> None:
        async with self._db.transaction() as tx:
            activity = await self._in_scope(tx, coordinator_id, activity_id)
            if not activity.has_started(self._clock.now()):
                raise InvalidInput("not_started")
            if not await ActivityRepository(tx).set_attended(activity_id, parent_id, attended):
                raise NotFound("signup")

    # --- parents -------------------------------------------------------------------

    async def upcoming_for_parent(self, parent_id: int) -> list[ParentActivity]:
        async with self._db.read() as tx:
            activities = await ActivityRepository(tx).upcoming_for_parent(
                parent_id, self._clock.now()
            )
            return [await self._for_parent(tx, parent_id, activity) for activity in activities]

    async def for_parent(self, parent_id: int, activity_id: int) -> ParentActivity:
        """One activity as the parent sees it; NotFound unless it is meant for them."""
        async with self._db.read() as tx:
            activity = await self._open_for(tx, parent_id, activity_id)
            return await self._for_parent(tx, parent_id, activity)

    async def sign_up(self, parent_id: int, activity_id: int) -> SignupResult:
        """A place if there is one, else the end of the waitlist. Signing up again
        keeps the place one has."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await self._open_for(tx, parent_id, activity_id)
            activities = ActivityRepository(tx)
            status = await activities.signup_status(activity_id, parent_id)
            if status is None or status is SignupStatus.CANCELLED:
                status = SignupStatus.WAITLIST if activity.full else SignupStatus.SIGNED_UP
                await activities.set_signup(activity_id, parent_id, status, now)
            position = (
                await activities.waitlist_position(activity_id, parent_id)
                if status is SignupStatus.WAITLIST
                else None
            )
        return SignupResult(status=status, waitlist_position=position)

    async def cancel_signup(self, parent_id: int, activity_id: int) -> None:
        """Give up a place (or a place in line); the first in line gets a freed place."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await self._open_for(tx, parent_id, activity_id)
            activities = ActivityRepository(tx)
            status = await activities.signup_status(activity_id, parent_id)
            if status not in (SignupStatus.SIGNED_UP, SignupStatus.WAITLIST):
                raise InvalidInput("not_signed_up")
            await activities.set_signup(activity_id, parent_id, SignupStatus.CANCELLED, now)
            promoted = None
            if status is SignupStatus.SIGNED_UP:
                promoted = await activities.first_in_line(activity_id)
                if promoted is not None:
                    await activities.promote(activity_id, promoted)
                    await self._outbox.enqueue_in(
                        tx,
                        Outgoing(
                            person_id=promoted,
                            kind=ACTIVITY_PROMOTED,
                            payload={"activity_id": activity.id},
                        ),
                    )
        if promoted is not None:
            self._outbox.notify()

    async def plan_reminders(self) -> int:
        """Remind everyone signed up for an activity starting within the next 24 hours
        (once: the dedupe key is per activity and parent)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            due = await ActivityRepository(tx).signed_up_starting_between(
                now, now + REMINDER_BEFORE
            )
            ids = await self._outbox.enqueue_in(
                tx,
                *[
                    Outgoing(
                        person_id=parent_id,
                        kind=ACTIVITY_REMINDER,
                        payload={"activity_id": activity_id},
                        dedupe_key=f"activity:{activity_id}:reminder:{parent_id}",
                    )
                    for activity_id, parent_id in due
                ],
            )
        if ids:
            self._outbox.notify()
        return len(ids)

    async def status_for_parent(self, parent_id: int, activity_id: int) -> ParentActivity | None:
        """For renderers: the activity and the parent's place, or None when it is no
        longer relevant (cancelled, started, or not published)."""
        async with self._db.read() as tx:
            activity = await ActivityRepository(tx).get(activity_id)
            if (
                activity is None
                or not activity.published
                or activity.cancelled_at is not None
                or activity.has_started(self._clock.now())
            ):
                return None
            if await parent_to_message(tx, parent_id, self._today()) is None:
                return None
            return await self._for_parent(tx, parent_id, activity)

    # --- helpers -------------------------------------------------------------------

    async def _in_scope(self, tx: Transaction, coordinator_id: int, activity_id: int) -> Activity:
        coordinator = await load_coordinator(tx, coordinator_id)
        activity = await ActivityRepository(tx).get(activity_id)
        if activity is None or not coordinator.covers(activity.municipality):
            raise NotFound("activity")
        return activity

    async def _open_for(self, tx: Transaction, parent_id: int, activity_id: int) -> Activity:
        upcoming = await ActivityRepository(tx).upcoming_for_parent(parent_id, self._clock.now())
        activity = next((a for a in upcoming if a.id == activity_id), None)
        if activity is None:
            raise NotFound("activity")
        return activity

    async def _for_parent(
        self, tx: Transaction, parent_id: int, activity: Activity
    ) -> ParentActivity:
        activities = ActivityRepository(tx)
        status = await activities.signup_status(activity.id, parent_id)
        if status is SignupStatus.CANCELLED:
            status = None
        position = (
            await activities.waitlist_position(activity.id, parent_id)
            if status is SignupStatus.WAITLIST
            else None
        )
        return ParentActivity(activity=activity, status=status, waitlist_position=position)

    def _validate(self, draft: ActivityDraft) -> None:
        self._settings.check_place(draft.municipality, draft.audience_neighbourhood)
        if not 0 < len(draft.title.strip()) <= TITLE_MAX:
            raise InvalidInput("title")
        if len(draft.description) > DESCRIPTION_MAX:
            raise InvalidInput("description")
        if not 0 < len(draft.place.strip()) <= PLACE_MAX:
            raise InvalidInput("place")
        if draft.capacity < 1:
            raise InvalidInput("capacity")
        if draft.starts_at <= self._clock.now():
            raise InvalidInput("date_past")

    def _today(self) -> date:
        return local_day(self._clock.now(), self._timezone)


def _audience(activity: Activity) -> Segment:
    return Segment(
        role=AudienceRole.PARENTS,
        municipality=activity.municipality,
        neighbourhood=activity.audience_neighbourhood,
        phase=activity.audience_phase,
        language=activity.audience_language,
    )
