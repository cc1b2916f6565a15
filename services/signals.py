"""Raising signals: stored, then announced to every coordinator in scope."""

from __future__ import annotations

from domain.clock import Clock
from domain.signals import SignalKind
from services.outbox import OutboxService, Outgoing
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.people import CoordinatorRepository
from storage.repositories.signals import SignalRepository

SIGNAL_RAISED = "signal_raised"  # outbox kind; payload {"signal_id": …}


class SignalService:
    def __init__(
        self, db: Database, clock: Clock, cipher: TextCipher, outbox: OutboxService
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox

    async def raise_signal(
        self,
        *,
        municipality: str,
        kind: SignalKind,
        urgent: bool,
        parent_id: int | None = None,
        raised_by: int | None = None,
        note: str | None = None,
    ) -> int:
        """Store the signal and tell the coordinators of ``municipality`` (local and
        province-wide). Urgent signals ignore quiet hours."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            signal_id = await SignalRepository(tx, self._cipher).add(
                municipality=municipality,
                parent_id=parent_id,
                raised_by=raised_by,
                kind=kind,
                urgent=urgent,
                note=note,
                now=now,
            )
            coordinators = await CoordinatorRepository(tx).in_scope_of(municipality)
            await self._outbox.enqueue_in(
                tx,
                *[
                    Outgoing(
                        person_id=coordinator.person_id,
                        kind=SIGNAL_RAISED,
                        payload={"signal_id": signal_id},
                        urgent=urgent,
                        dedupe_key=f"signal:{signal_id}:to:{coordinator.person_id}:0",
                    )
                    for coordinator in coordinators
                ],
            )
        self._outbox.notify()
        return signal_id
