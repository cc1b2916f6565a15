"""What every kind of scheduled message to parents shares: whether a parent may get one
today, and a planner's round over all the parents who may."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from domain.consent import Purpose
from domain.parents import Parent
from domain.schedule import may_message
from services.outbox import OutboxService
from storage.db import Database, Transaction
from storage.repositories.consents import ConsentRepository
from storage.repositories.parents import ParentRepository


async def parent_to_message(tx: Transaction, parent_id: int, day: date) -> Parent | None:
    """The parent, if a scheduled message may reach them on ``day`` (consent, not
    stopped, paused or unreachable); shared by every scheduled kind's renderer."""
    parent = await ParentRepository(tx).get(parent_id)
    if parent is None:
        return None
    consented = await ConsentRepository(tx).granted(parent_id, Purpose.MESSAGES)
    return parent if may_message(parent, day, consented=consented) else None


async def plan_for_each_parent(
    db: Database,
    outbox: OutboxService,
    plan: Callable[[Transaction, Parent], Awaitable[int]],
) -> int:
    """A planner's round: ``plan`` puts what is due for one parent in the outbox and
    says how many messages that were; it runs for every parent who may get scheduled
    messages, all in one transaction. Returns the total; the dispatcher is woken when it
    is not zero."""
    async with db.read() as tx:
        parents = await ParentRepository(tx).messageable()
    planned = 0
    async with db.transaction() as tx:
        for parent in parents:
            planned += await plan(tx, parent)
    if planned:
        outbox.notify()
    return planned
