"""The coordinators' inbox of signals: open ones in scope, claim, resolve with a note,
and announcing unclaimed urgent signals again to every coordinator in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.people import Coordinator
from domain.signals import Signal
from services.coordinators import coordinator_names, load_coordinator
from services.outbox import OutboxService, Outgoing
from services.signals import SIGNAL_RAISED
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.audit import AuditRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import CoordinatorRepository
from storage.repositories.signals import SignalRepository

RESOLUTION_MAX = 1000


@dataclass(frozen=True, slots=True)
class SignalView:
    """A signal as a coordinator in scope sees it."""

    signal: Signal
    parent_first_name: str | None
    neighbourhood: str | None
    claimed_by_name: str | None


class SignalsInbox:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        renotify_after: timedelta,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._renotify_after = renotify_after

    async def open_signals(self, coordinator_id: int) -> list[SignalView]:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            signals = await SignalRepository(tx, self._cipher).open_in_scope(
                coordinator.municipality
            )
            return [await self._view(tx, signal) for signal in signals]

    async def view(self, coordinator_id: int, signal_id: int) -> SignalView:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            signal = await self._in_scope(tx, coordinator, signal_id)
            return await self._view(tx, signal)

    async def for_recipient(self, coordinator_id: int, signal_id: int) -> SignalView | None:
        """For the announcement: None when it no longer needs anyone (resolved or
        claimed), or the recipient is no longer a coordinator in scope."""
        async with self._db.read() as tx:
            coordinator = await CoordinatorRepository(tx).get(coordinator_id)
            signal = await SignalRepository(tx, self._cipher).get(signal_id)
            if (
                coordinator is None
                or signal is None
                or not coordinator.covers(signal.municipality)
                or signal.resolved_at is not None
                or signal.claimed_at is not None
            ):
                return None
            return await self._view(tx, signal)

    async def claim(self, coordinator_id: int, signal_id: int) -> SignalView:
        """Take it on. InvalidInput("claimed") when a colleague was first."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            signals = SignalRepository(tx, self._cipher)
            signal = await self._in_scope(tx, coordinator, signal_id)
            if signal.resolved_at is not None:
                raise InvalidInput("resolved")
            if not await signals.claim(signal_id, coordinator_id, now):
                if signal.claimed_by == coordinator_id:
                    return await self._view(tx, signal)
                raise InvalidInput("claimed")
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="signal_claimed",
                subject_id=signal.parent_id,
                now=now,
                detail=f"signal {signal_id}",
                municipality=signal.municipality,
            )
            claimed = await signals.get(signal_id)
            assert claimed is not None
            return await self._view(tx, claimed)

    async def resolve(self, coordinator_id: int, signal_id: int, note: str) -> None:
        text = note.strip()
        if not text or len(text) > RESOLUTION_MAX:
            raise InvalidInput("note")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            signal = await self._in_scope(tx, coordinator, signal_id)
            if not await SignalRepository(tx, self._cipher).resolve(
                signal_id, coordinator_id, text, now
            ):
                raise InvalidInput("resolved")
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="signal_resolved",
                subject_id=signal.parent_id,
                now=now,
                detail=f"signal {signal_id}",
                municipality=signal.municipality,
            )

    async def renotify_unclaimed(self) -> int:
        """Urgent signals nobody claimed within the configured hours go again to every
        coordinator in scope; one round per period, never twice in a round."""
        now = self._clock.now()
        sent = 0
        async with self._db.transaction() as tx:
            signals = SignalRepository(tx, self._cipher)
            for signal in await signals.unclaimed_urgent_notified_before(
                now - self._renotify_after
            ):
                round_number = await signals.next_notify_round(signal.id, now)
                coordinators = await CoordinatorRepository(tx).in_scope_of(signal.municipality)
                sent += len(
                    await self._outbox.enqueue_in(
                        tx,
                        *[
                            Outgoing(
                                person_id=coordinator.person_id,
                                kind=SIGNAL_RAISED,
                                payload={"signal_id": signal.id, "round": round_number},
                                urgent=True,
                                dedupe_key=(
                                    f"signal:{signal.id}:to:{coordinator.person_id}:{round_number}"
                                ),
                            )
                            for coordinator in coordinators
                        ],
                    )
                )
        if sent:
            self._outbox.notify()
        return sent

    async def open_count(self, coordinator_id: int) -> int:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            return len(
                await SignalRepository(tx, self._cipher).open_in_scope(coordinator.municipality)
            )

    async def _in_scope(self, tx: Transaction, coordinator: Coordinator, signal_id: int) -> Signal:
        signal = await SignalRepository(tx, self._cipher).get(signal_id)
        if signal is None or not coordinator.covers(signal.municipality):
            raise NotFound("signal")
        return signal

    async def _view(self, tx: Transaction, signal: Signal) -> SignalView:
        parent = await ParentRepository(tx).get(signal.parent_id) if signal.parent_id else None
        names = await coordinator_names(tx, {signal.claimed_by} if signal.claimed_by else set())
        return SignalView(
            signal=signal,
            parent_first_name=parent.first_name if parent else None,
            neighbourhood=parent.neighbourhood if parent else None,
            claimed_by_name=names.get(signal.claimed_by) if signal.claimed_by else None,
        )
