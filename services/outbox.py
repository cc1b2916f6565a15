"""Putting messages in the outbox. Delivery itself is :mod:`bot.delivery`'s job."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.clock import Clock
from storage.db import Database, Transaction
from storage.repositories.outbox import NewMessage, OutboxRepository


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to put in the outbox."""

    person_id: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    due_at: datetime | None = None  # None: now
    urgent: bool = False
    dedupe_key: str | None = None
    broadcast_id: int | None = None


class OutboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []

    def on_enqueued(self, listener: Callable[[], None]) -> None:
        """Called after a transaction put something in the outbox (the dispatcher's kick)."""
        self._listeners.append(listener)

    async def enqueue(self, *messages: Outgoing) -> list[int]:
        async with self._db.transaction() as tx:
            ids = await self.enqueue_in(tx, *messages)
        self.notify()
        return ids

    async def enqueue_in(self, tx: Transaction, *messages: Outgoing) -> list[int]:
        """Enqueue inside a caller's transaction; the caller calls :meth:`notify` after."""
        now = self._clock.now()
        outbox = OutboxRepository(tx)
        ids = []
        for message in messages:
            item_id = await outbox.enqueue(
                person_id=message.person_id,
                kind=message.kind,
                payload=message.payload,
                due_at=message.due_at or now,
                now=now,
                urgent=message.urgent,
                dedupe_key=message.dedupe_key,
                broadcast_id=message.broadcast_id,
            )
            if item_id is not None:
                ids.append(item_id)
        return ids

    async def enqueue_many_in(self, tx: Transaction, messages: Sequence[Outgoing]) -> int:
        """Like :meth:`enqueue_in` for many messages at once (a planner's round); returns
        how many were new. The caller calls :meth:`notify` after its transaction."""
        now = self._clock.now()
        return await OutboxRepository(tx).enqueue_many(
            [
                NewMessage(
                    person_id=message.person_id,
                    kind=message.kind,
                    payload=message.payload,
                    due_at=message.due_at or now,
                    urgent=message.urgent,
                    dedupe_key=message.dedupe_key,
                    broadcast_id=message.broadcast_id,
                )
                for message in messages
            ],
            now,
        )

    def notify(self) -> None:
        for listener in self._listeners:
            listener()
