"""What every kind of scheduled message to parents shares: whether a parent may get one
today, and a planner's round over the parents who may and whose next slot has come."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from domain.consent import Purpose
from domain.parents import Parent
from domain.schedule import PLAN_AHEAD, WeeklySeries, may_message
from services.outbox import OutboxService
from storage.db import Database, Transaction
from storage.repositories.consents import ConsentRepository
from storage.repositories.parents import ParentRepository, ParentSchedule
from storage.repositories.planner_marks import PlannerMarkRepository

# Parents planned per transaction: the database is free for chats between two chunks.
CHUNK = 1000


async def parent_to_message(tx: Transaction, parent_id: int, day: date) -> Parent | None:
    """The parent, if a scheduled message may reach them on ``day`` (consent, not
    stopped, paused or unreachable); shared by every scheduled kind's renderer."""
    parent = await ParentRepository(tx).get(parent_id)
    if parent is None:
        return None
    consented = await ConsentRepository(tx).granted(parent_id, Purpose.MESSAGES)
    return parent if may_message(parent, day, consented=consented) else None


@dataclass
class ChunkPlan:
    """What planning one chunk of parents came to: how many messages were planned, and
    for every parent of the chunk the next slot to look at (None: none, until their
    settings change)."""

    planned: int = 0
    next_slots: dict[int, datetime | None] = field(default_factory=dict)


PlanChunk = Callable[[Transaction, Sequence[Parent]], Awaitable[ChunkPlan]]


async def plan_for_due_parents(
    db: Database,
    outbox: OutboxService,
    schedule: ParentSchedule,
    *,
    basis: str,
    now: datetime,
    horizon: datetime,
    plan: PlanChunk,
) -> int:
    """A planner's round over the parents who may get scheduled messages and whose next
    slot (the ``schedule`` column) is at or before ``horizon``, or not known yet: ``plan``
    puts what is due for a chunk of them in the outbox and says, for each of them, the
    next slot after ``horizon``. One transaction per chunk. ``basis`` names what the
    slots are computed with (time zone, rules): when it changed, or the clock went back,
    every stored slot is forgotten first. Returns how many messages were planned; the
    dispatcher is woken after each chunk that planned any."""
    async with db.transaction() as tx:
        if not await PlannerMarkRepository(tx).still_valid(schedule.value, basis, now):
            await ParentRepository(tx).clear_schedule(schedule)
    planned = 0
    after = None
    while True:
        async with db.transaction() as tx:
            parents = ParentRepository(tx)
            page = await parents.messageable_due(schedule, horizon, after=after, limit=CHUNK)
            result = await plan(tx, page.parents)
            missing = {p.person_id for p in page.parents} - result.next_slots.keys()
            if missing:
                raise AssertionError(f"no next slot for parents {sorted(missing)}")
            await parents.set_schedule(schedule, list(result.next_slots.items()))
        planned += result.planned
        if result.planned:
            outbox.notify()
        if page.after is None:
            return planned
        after = page.after


class SeriesNow(NamedTuple):
    """A weekly series as a planner running at ``now`` sees it."""

    series: WeeklySeries
    next_slot: datetime  # the first slot after now + PLAN_AHEAD: when to look again
    due: tuple[int, datetime] | None  # what to plan now (WeeklySeries.due)

    @classmethod
    def of(cls, series: WeeklySeries, now: datetime) -> SeriesNow:
        latest = series.latest(now + PLAN_AHEAD)
        after = latest[0] + series.every_weeks if latest is not None else series.first
        return cls(series, series.slot(after), series.due(now))
