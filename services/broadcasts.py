"""Broadcasts: an announcement to a segment, previewed, confirmed, then sent through
the durable outbox (the dispatcher keeps to Telegram's limits), with a final report of
what was delivered, blocked or failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from domain.audience import AudienceRole, Segment
from domain.broadcasts import BODY_MAX, Broadcast, BroadcastProgress
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.outbox import OutboxStatus
from domain.schedule import local_day
from domain.settings import Settings
from services.coordinators import ensure_covers, load_coordinator
from services.outbox import OutboxService, Outgoing
from services.parent_messages import parent_to_message
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.audience import AudienceRepository, Member
from storage.repositories.audit import AuditRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.outbox import BLOCKED_ERROR, OutboxRepository

# Outbox kinds: the announcement (payload {"broadcast_id"}) and the final report to the
# coordinator who sent it (same payload).
BROADCAST = "broadcast"
BROADCAST_REPORT = "broadcast_report"


@dataclass(frozen=True, slots=True)
class BroadcastDraft:
    broadcast_id: int
    recipients: int  # who will get it
    unreachable: int  # in the segment but blocked the bot: reported as blocked


class BroadcastService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        settings: Settings,
        timezone: ZoneInfo,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._settings = settings
        self._timezone = timezone

    async def audience_size(self, coordinator_id: int, segment: Segment) -> int:
        """How many people in the segment can be reached now."""
        self._validate_segment(segment)
        async with self._db.read() as tx:
            members = await self._members(tx, coordinator_id, segment)
        return _reachable(members)

    async def draft(self, coordinator_id: int, segment: Segment, body: str) -> BroadcastDraft:
        """Store the announcement unconfirmed, for the preview."""
        self._validate_segment(segment)
        text = body.strip()
        if not text or len(text) > BODY_MAX:
            raise InvalidInput("body")
        async with self._db.transaction() as tx:
            members = await self._members(tx, coordinator_id, segment)
            broadcast_id = await BroadcastRepository(tx, self._cipher).add(
                created_by=coordinator_id, segment=segment, body=text, now=self._clock.now()
            )
        reachable = _reachable(members)
        return BroadcastDraft(broadcast_id, reachable, len(members) - reachable)

    async def confirm(self, coordinator_id: int, broadcast_id: int) -> BroadcastProgress:
        """Send it: one outbox row per person in the segment (as it is now). People who
        blocked the bot get no attempt: their rows are recorded as blocked at once."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            broadcast = await self._own(tx, coordinator_id, broadcast_id)
            if not await BroadcastRepository(tx, self._cipher).confirm(broadcast_id, now):
                raise InvalidInput("confirmed")
            members = await AudienceRepository(tx).members(broadcast.segment, self._today())
            outbox = OutboxRepository(tx)
            for member in members:
                row_id = await outbox.enqueue(
                    person_id=member.person_id,
                    kind=BROADCAST,
                    payload={"broadcast_id": broadcast_id},
                    due_at=now,
                    now=now,
                    dedupe_key=f"broadcast:{broadcast_id}:{member.person_id}",
                    broadcast_id=broadcast_id,
                )
                if row_id is not None and not member.active:
                    await outbox.mark(row_id, OutboxStatus.FAILED, BLOCKED_ERROR)
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="broadcast_sent",
                subject_id=None,
                now=now,
                detail=f"broadcast {broadcast_id} to {len(members)}",
                municipality=broadcast.segment.municipality,
            )
            progress = BroadcastProgress.from_counts(
                await outbox.counts_for_broadcast(broadcast_id)
            )
        self._outbox.notify()
        return progress

    async def set_progress_message(
        self, coordinator_id: int, broadcast_id: int, chat_id: int, message_id: int
    ) -> None:
        async with self._db.transaction() as tx:
            await self._own(tx, coordinator_id, broadcast_id)
            await BroadcastRepository(tx, self._cipher).set_progress_message(
                broadcast_id, chat_id, message_id
            )

    async def progress(self, broadcast_id: int) -> BroadcastProgress:
        async with self._db.read() as tx:
            counts = await OutboxRepository(tx).counts_for_broadcast(broadcast_id)
        return BroadcastProgress.from_counts(counts)

    async def finish_if_done(self, broadcast_id: int) -> BroadcastProgress | None:
        """When nothing of it is waiting any more: mark it finished and queue the final
        report to its coordinator. Returns the final counts only to the one caller that
        finished it (the progress job or the planner, whichever comes first)."""
        async with self._db.transaction() as tx:
            counts = await OutboxRepository(tx).counts_for_broadcast(broadcast_id)
            progress = BroadcastProgress.from_counts(counts)
            if not progress.done:
                return None
            repository = BroadcastRepository(tx, self._cipher)
            broadcast = await repository.get(broadcast_id)
            if broadcast is None or not await repository.finish(broadcast_id, self._clock.now()):
                return None
            if broadcast.created_by is not None:
                await self._outbox.enqueue_in(
                    tx,
                    Outgoing(
                        person_id=broadcast.created_by,
                        kind=BROADCAST_REPORT,
                        payload={"broadcast_id": broadcast_id},
                        urgent=True,
                        dedupe_key=f"broadcast:{broadcast_id}:report",
                    ),
                )
        self._outbox.notify()
        return progress

    async def finish_all_done(self) -> int:
        """For the planner: finish every broadcast that is done (also after a restart,
        when no progress job is running any more)."""
        async with self._db.read() as tx:
            sending = await BroadcastRepository(tx, self._cipher).sending()
        finished = [await self.finish_if_done(broadcast_id) for broadcast_id in sending]
        return sum(1 for progress in finished if progress is not None)

    async def message_for(self, broadcast_id: int, person_id: int) -> str | None:
        """The text for one recipient, or None when they should not get it any more (a
        parent who stopped or paused since it was confirmed)."""
        async with self._db.read() as tx:
            broadcast = await BroadcastRepository(tx, self._cipher).get(broadcast_id)
            if broadcast is None:
                return None
            if (
                broadcast.segment.role is AudienceRole.PARENTS
                and await parent_to_message(tx, person_id, self._today()) is None
            ):
                return None
        return broadcast.body

    async def get_own(self, coordinator_id: int, broadcast_id: int) -> Broadcast:
        async with self._db.read() as tx:
            return await self._own(tx, coordinator_id, broadcast_id)

    async def _own(self, tx: Transaction, coordinator_id: int, broadcast_id: int) -> Broadcast:
        await load_coordinator(tx, coordinator_id)
        broadcast = await BroadcastRepository(tx, self._cipher).get(broadcast_id)
        if broadcast is None or broadcast.created_by != coordinator_id:
            raise NotFound("broadcast")
        return broadcast

    async def _members(
        self, tx: Transaction, coordinator_id: int, segment: Segment
    ) -> list[Member]:
        """Who is in the segment today; NotAllowed outside the coordinator's area."""
        ensure_covers(await load_coordinator(tx, coordinator_id), segment.municipality)
        return await AudienceRepository(tx).members(segment, self._today())

    def _validate_segment(self, segment: Segment) -> None:
        if segment.municipality is not None:
            self._settings.check_place(segment.municipality, segment.neighbourhood)
        elif segment.neighbourhood is not None:
            raise InvalidInput("neighbourhood")
        if segment.role is AudienceRole.BUDDIES and segment.phase is not None:
            raise InvalidInput("phase")

    def _today(self) -> date:
        return local_day(self._clock.now(), self._timezone)


def _reachable(members: list[Member]) -> int:
    """How many of them have not blocked the bot."""
    return sum(1 for member in members if member.active)
