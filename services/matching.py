"""Matching families with buddies: who waits, who could be their buddy, and the match
itself (with an introduction to both), reassigning and ending one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.matches import EndReason, Match
from domain.matching import MatchedFamily, Suggestion, WaitingFamily, rank_buddies
from domain.parents import Parent
from domain.people import Coordinator
from domain.schedule import is_paused, local_day
from services.coordinators import load_coordinator, parent_in_scope
from services.outbox import OutboxService, Outgoing
from storage.db import Database, Transaction
from storage.repositories.audit import AuditRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.matching import MatchingRepository
from storage.repositories.parents import ParentRepository

# Outbox kinds; payload {"match_id": …}.
MATCH_INTRO_PARENT = "match_intro_parent"
MATCH_INTRO_BUDDY = "match_intro_buddy"
MATCH_ENDED_PARENT = "match_ended_parent"
MATCH_ENDED_BUDDY = "match_ended_buddy"
PAUSE_END_TIME = time(9, 30)


@dataclass(frozen=True, slots=True)
class MatchNotice:
    """What the introduction and farewell messages need."""

    match: Match
    parent: Parent
    buddy_name: str


class MatchingService:
    def __init__(
        self, db: Database, clock: Clock, outbox: OutboxService, timezone: ZoneInfo
    ) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox
        self._timezone = timezone

    async def notice(self, match_id: int) -> MatchNotice | None:
        async with self._db.read() as tx:
            match = await MatchRepository(tx).get(match_id)
            if match is None:
                return None
            parent = await ParentRepository(tx).get(match.parent_id)
            buddy = await MatchingRepository(tx).buddy(match.buddy_id)
        if parent is None or buddy is None:
            return None
        return MatchNotice(match=match, parent=parent, buddy_name=buddy.display_name)

    def _for_parent_after_pause(self, parent: Parent) -> datetime | None:
        """A parent who paused messages hears about their buddy on the morning of their
        first day back; None: now."""
        today = local_day(self._clock.now(), self._timezone)
        if parent.paused_until is None or not is_paused(parent, today):
            return None
        return datetime.combine(parent.paused_until, PAUSE_END_TIME, tzinfo=self._timezone)

    async def waiting(self, coordinator_id: int) -> list[WaitingFamily]:
        """Families in scope without a buddy, longest waiting first."""
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            return await MatchingRepository(tx).waiting(coordinator.municipality)

    async def matched(self, coordinator_id: int) -> list[MatchedFamily]:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            return await MatchingRepository(tx).matched(coordinator.municipality)

    async def suggestions(self, coordinator_id: int, parent_id: int) -> list[Suggestion]:
        """Every buddy of the family's municipality, best first (not their current
        buddy): the coordinator may choose any of them, and sees a page at a time."""
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            parent = await parent_in_scope(tx, coordinator, parent_id)
            current = await MatchRepository(tx).active_for_parent(parent_id)
            candidates = await MatchingRepository(tx).candidates(parent.municipality)
        ranked = rank_buddies(
            language=parent.language or "nl",
            neighbourhood=parent.neighbourhood,
            candidates=[c for c in candidates if not current or c.buddy_id != current.buddy_id],
        )
        return ranked

    async def match(self, coordinator_id: int, parent_id: int, buddy_id: int) -> int:
        """Start a match; the family and the buddy each get an introduction."""
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            if await MatchRepository(tx).active_for_parent(parent_id) is not None:
                await parent_in_scope(tx, coordinator, parent_id)
                raise InvalidInput("already_matched")
            match_id = await self._start(tx, coordinator, parent_id, buddy_id)
        self._outbox.notify()
        return match_id

    async def reassign(self, coordinator_id: int, parent_id: int, buddy_id: int) -> int:
        """End the family's current match (reason: reassigned) and start one with
        ``buddy_id``; the old buddy is told, the family and the new buddy introduced."""
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            await parent_in_scope(tx, coordinator, parent_id)
            current = await MatchRepository(tx).active_for_parent(parent_id)
            if current is None:
                raise InvalidInput("not_matched")
            if current.buddy_id == buddy_id:
                raise InvalidInput("same_buddy")
            await self._end(tx, coordinator, current.id, parent_id, EndReason.REASSIGNED)
            match_id = await self._start(tx, coordinator, parent_id, buddy_id)
        self._outbox.notify()
        return match_id

    async def end_match(self, coordinator_id: int, match_id: int, reason: EndReason) -> None:
        """End a match with a reason; the buddy and the family are told."""
        if reason is EndReason.REASSIGNED:
            raise InvalidInput("reason")
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            match = await MatchRepository(tx).get(match_id)
            if match is None:
                raise NotFound("match")
            await parent_in_scope(tx, coordinator, match.parent_id)
            if not match.active:
                raise InvalidInput("match_ended")
            await self._end(tx, coordinator, match_id, match.parent_id, reason)
        self._outbox.notify()

    async def _start(
        self, tx: Transaction, coordinator: Coordinator, parent_id: int, buddy_id: int
    ) -> int:
        now = self._clock.now()
        parent = await parent_in_scope(tx, coordinator, parent_id)
        if parent.stopped:
            raise InvalidInput("parent_stopped")
        buddy = await MatchingRepository(tx).buddy(buddy_id)
        if buddy is None or not coordinator.covers(buddy.municipality):
            raise NotFound("buddy")
        if not buddy.active:
            raise InvalidInput("buddy_inactive")
        match_id = await MatchRepository(tx).start(
            parent_id=parent_id, buddy_id=buddy_id, created_by=coordinator.person_id, now=now
        )
        await AuditRepository(tx).record(
            actor_id=coordinator.person_id,
            action="match_started",
            subject_id=parent_id,
            now=now,
            detail=f"match {match_id}, buddy {buddy_id}",
            municipality=parent.municipality,
        )
        await self._outbox.enqueue_in(
            tx,
            Outgoing(
                person_id=parent_id,
                kind=MATCH_INTRO_PARENT,
                payload={"match_id": match_id},
                due_at=self._for_parent_after_pause(parent),
                dedupe_key=f"match:{match_id}:intro:parent",
            ),
            Outgoing(
                person_id=buddy_id,
                kind=MATCH_INTRO_BUDDY,
                payload={"match_id": match_id},
                dedupe_key=f"match:{match_id}:intro:buddy",
            ),
        )
        return match_id

    async def _end(
        self,
        tx: Transaction,
        coordinator: Coordinator,
        match_id: int,
        parent_id: int,
        reason: EndReason,
    ) -> None:
        now = self._clock.now()
        match = await MatchRepository(tx).get(match_id)
        assert match is not None
        await MatchRepository(tx).end(match_id, reason, now)
        parent = await parent_in_scope(tx, coordinator, parent_id)
        await AuditRepository(tx).record(
            actor_id=coordinator.person_id,
            action="match_ended",
            subject_id=parent_id,
            now=now,
            detail=f"match {match_id}: {reason.value}",
            municipality=parent.municipality,
        )
        messages = [
            Outgoing(
                person_id=match.buddy_id,
                kind=MATCH_ENDED_BUDDY,
                payload={"match_id": match_id},
                dedupe_key=f"match:{match_id}:ended:buddy",
            )
        ]
        if reason is not EndReason.REASSIGNED:
            # A reassigned family hears about their new buddy instead.
            messages.append(
                Outgoing(
                    person_id=parent_id,
                    kind=MATCH_ENDED_PARENT,
                    payload={"match_id": match_id},
                    due_at=self._for_parent_after_pause(parent),
                    dedupe_key=f"match:{match_id}:ended:parent",
                )
            )
        await self._outbox.enqueue_in(tx, *messages)
