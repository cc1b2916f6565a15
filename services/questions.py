"""Questions from parents, and the answers: relayed through the bot, kept as threads.

Neither side needs the other's Telegram account or phone number. A parent's message goes
to their matched buddy; without a buddy, to the coordinators of the parent's
municipality; a follow-up after a coordinator's answer goes back to that coordinator. A
message the buddy leaves unanswered for ``question_answer_hours`` is passed on to the
coordinators by :meth:`QuestionService.escalate_unanswered` (a periodic planner).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from domain.clock import Clock
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.parents import Parent
from domain.people import Person, Role
from domain.settings import Settings
from domain.threads import (
    MAX_MESSAGE_LENGTH,
    AskResult,
    CoordinatorReason,
    OpenThread,
    RelayedMessage,
    ReplyTarget,
    Route,
    Thread,
)
from services.outbox import OutboxService, Outgoing
from storage.crypto import TextCipher
from storage.db import Database, Transaction
from storage.repositories.alerts import AlertRepository
from storage.repositories.buddies import BuddyRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository
from storage.repositories.threads import ThreadRepository

log = logging.getLogger(__name__)

ESCALATION_CHUNK = 1000  # threads passed on per transaction by the planner

# Outbox kinds; every payload is {"thread_id": …, "message_id": …} (+ "reason").
QUESTION_TO_BUDDY = "question_to_buddy"
QUESTION_TO_COORDINATOR = "question_to_coordinator"
ANSWER_TO_PARENT = "answer_to_parent"
MESSAGE_FROM_BUDDY = "message_from_buddy"
MESSAGE_FROM_COORDINATOR = "message_from_coordinator"


class QuestionService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        cipher: TextCipher,
        outbox: OutboxService,
        settings: Settings,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cipher = cipher
        self._outbox = outbox
        self._settings = settings

    # ------------------------------------------------------------ parents

    async def ask(self, parent_id: int, text: str) -> AskResult:
        """A new question from a parent, to their buddy or else the coordinators."""
        body = clean_message(text)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            parent = await _active_parent(tx, parent_id)
            buddy = await ParentRepository(tx).buddy_of(parent_id)
            threads = ThreadRepository(tx, self._cipher)
            thread_id = await threads.open(
                parent_id=parent_id,
                buddy_id=buddy.person_id if buddy else None,
                municipality=parent.municipality,
                opened_by=Role.PARENT,
                now=now,
            )
            message_id = await threads.add_message(
                thread_id=thread_id,
                author_id=parent_id,
                author_role=Role.PARENT,
                body=body,
                now=now,
            )
            thread = await threads.get(thread_id)
            assert thread is not None
            route = await self._route_from_parent(tx, thread, message_id)
        self._outbox.notify()
        return AskResult(
            thread_id=thread_id,
            message_id=message_id,
            routed_to=route,
            buddy_name=buddy.display_name if buddy and route is Route.BUDDY else None,
        )

    # ------------------------------------------------------------ answers

    async def reply(self, author_person_id: int, thread_id: int, text: str) -> None:
        """An answer in a thread: by its buddy, a coordinator in scope, or the parent."""
        body = clean_message(text)
        now = self._clock.now()
        async with self._db.transaction() as tx:
            thread, role = await self._replier(tx, author_person_id, thread_id)
            threads = ThreadRepository(tx, self._cipher)
            message_id = await threads.add_message(
                thread_id=thread_id,
                author_id=author_person_id,
                author_role=role,
                body=body,
                now=now,
            )
            if role is Role.PARENT:
                await _active_parent(tx, thread.parent_id)
                await self._route_from_parent(tx, thread, message_id)
            else:
                await threads.mark_answered(thread_id, now)
                await self._to_parent(tx, thread, message_id, ANSWER_TO_PARENT)
        self._outbox.notify()

    async def reply_target(self, person_id: int, thread_id: int) -> ReplyTarget:
        """Whom this person would answer under this thread (raises NotAllowed/NotFound)."""
        async with self._db.read() as tx:
            thread, role = await self._replier(tx, person_id, thread_id)
            parent = await ParentRepository(tx).get(thread.parent_id)
            counterpart = None
            if role is Role.PARENT:
                last = await ThreadRepository(tx, self._cipher).last_answer(thread_id)
                counterpart = (
                    await _author_name(tx, last.author_id, last.author_role) if last else None
                )
        return ReplyTarget(
            thread_id=thread_id,
            parent_first_name=parent.first_name if parent else None,
            counterpart_name=counterpart,
        )

    async def buddy_writes(self, buddy_id: int, parent_id: int, text: str) -> int:
        """A buddy starts a message to one of their families; returns the thread id."""
        body = clean_message(text)
        async with self._db.transaction() as tx:
            if not await MatchRepository(tx).is_active_pair(buddy_id, parent_id):
                raise NotAllowed("not your family")
            thread_id = await self._open_to_parent(
                tx, parent_id, author_id=buddy_id, role=Role.BUDDY, body=body
            )
        self._outbox.notify()
        return thread_id

    async def coordinator_writes(self, coordinator_id: int, parent_id: int, text: str) -> int:
        """A coordinator writes to a parent of their scope (e.g. after a help request)."""
        body = clean_message(text)
        async with self._db.transaction() as tx:
            coordinator = await CoordinatorRepository(tx).get(coordinator_id)
            parent = await ParentRepository(tx).get(parent_id)
            if coordinator is None or parent is None or not coordinator.covers(parent.municipality):
                raise NotAllowed("not in your scope")
            thread_id = await self._open_to_parent(
                tx, parent_id, author_id=coordinator_id, role=Role.COORDINATOR, body=body
            )
        self._outbox.notify()
        return thread_id

    async def open_threads_for_buddy(self, buddy_id: int) -> list[OpenThread]:
        """Messages of the buddy's families that wait for the buddy's answer."""
        async with self._db.read() as tx:
            return await ThreadRepository(tx, self._cipher).open_for_buddy(buddy_id)

    # ------------------------------------------------------------ planner

    async def escalate_unanswered(self) -> int:
        """Pass messages the buddy left unanswered too long on to the coordinators;
        returns how many threads were passed on (a chunk of threads per transaction). A
        question alert about a thread passed on counts as handled then (what the alert
        planner would find at its next run)."""
        now = self._clock.now()
        cutoff = now - timedelta(hours=self._settings.rules.question_answer_hours)
        async with self._db.read() as tx:
            waiting_ids = await ThreadRepository(tx, self._cipher).waiting_ids(cutoff)
        escalated = 0
        for start in range(0, len(waiting_ids), ESCALATION_CHUNK):
            async with self._db.transaction() as tx:
                threads = ThreadRepository(tx, self._cipher)
                waiting = await threads.waiting_for_buddy(
                    cutoff, among=waiting_ids[start : start + ESCALATION_CHUNK]
                )
                await threads.mark_escalated_many([thread.id for thread, _ in waiting], now)
                await AlertRepository(tx).handle_questions_no_longer_waiting(
                    now,
                    pairs=[
                        (thread.buddy_id, thread.parent_id)
                        for thread, _ in waiting
                        if thread.buddy_id is not None
                    ],
                )
                coordinators: dict[str, list[int]] = {}
                messages: list[Outgoing] = []
                for thread, message_id in waiting:
                    if thread.municipality not in coordinators:
                        coordinators[thread.municipality] = [
                            c.person_id
                            for c in await CoordinatorRepository(tx).in_scope_of(
                                thread.municipality
                            )
                        ]
                    messages += self._outgoing(
                        coordinators[thread.municipality],
                        QUESTION_TO_COORDINATOR,
                        thread,
                        message_id,
                        CoordinatorReason.UNANSWERED,
                    )
                await self._outbox.enqueue_many_in(tx, messages)
            for municipality, people in coordinators.items():
                if not people:
                    unserved = [t.id for t, _ in waiting if t.municipality == municipality]
                    log.warning(
                        "no coordinator covers %s; %s threads wait (%s)",
                        municipality,
                        len(unserved),
                        ", ".join(map(str, unserved[:10])) + (", …" if len(unserved) > 10 else ""),
                    )
            if waiting:
                self._outbox.notify()
            escalated += len(waiting)
        return escalated

    # ------------------------------------------------------------ rendering

    async def relayed(self, message_id: int) -> RelayedMessage | None:
        """What a renderer shows for one relayed message; None when it is gone."""
        async with self._db.read() as tx:
            threads = ThreadRepository(tx, self._cipher)
            message = await threads.message(message_id)
            thread = await threads.get(message.thread_id) if message else None
            parent = await ParentRepository(tx).get(thread.parent_id) if thread else None
            if message is None or thread is None or parent is None:
                return None
            author_name = (
                await _author_name(tx, message.author_id, message.author_role)
                if message.author_role is not Role.PARENT
                else None
            )
            return RelayedMessage(
                message=message,
                thread=thread,
                is_first=await threads.is_first_message(message_id),
                parent_first_name=parent.first_name,
                parent_stopped=parent.stopped,
                neighbourhood=self._settings.neighbourhood_name(
                    parent.municipality, parent.neighbourhood
                )
                or None,
                author_name=author_name,
            )

    # ------------------------------------------------------------ helpers

    async def _replier(
        self, tx: Transaction, person_id: int, thread_id: int
    ) -> tuple[Thread, Role]:
        thread = await ThreadRepository(tx, self._cipher).get(thread_id)
        person = await PeopleRepository(tx).by_id(person_id)
        if thread is None or person is None:
            raise NotFound(f"thread {thread_id}")
        if not await self._may_write_in(tx, person, thread):
            raise NotAllowed(f"person {person_id} in thread {thread_id}")
        return thread, person.role

    async def _may_write_in(self, tx: Transaction, person: Person, thread: Thread) -> bool:
        if person.role is Role.PARENT:
            return thread.parent_id == person.id
        if person.role is Role.BUDDY:
            return thread.buddy_id == person.id and await MatchRepository(tx).is_active_pair(
                person.id, thread.parent_id
            )
        coordinator = await CoordinatorRepository(tx).get(person.id)
        return coordinator is not None and coordinator.covers(thread.municipality)

    async def _route_from_parent(self, tx: Transaction, thread: Thread, message_id: int) -> Route:
        """The buddy of the thread while matched; the coordinator who answered last;
        otherwise every coordinator of the municipality."""
        last = await ThreadRepository(tx, self._cipher).last_answer(thread.id)
        if last is not None and last.author_role is Role.COORDINATOR and last.author_id:
            coordinator = await CoordinatorRepository(tx).get(last.author_id)
            if coordinator is not None and coordinator.covers(thread.municipality):
                await self._enqueue(
                    tx,
                    [coordinator.person_id],
                    QUESTION_TO_COORDINATOR,
                    thread,
                    message_id,
                    CoordinatorReason.FOLLOW_UP,
                )
                return Route.COORDINATORS
        if thread.buddy_id is not None and await MatchRepository(tx).is_active_pair(
            thread.buddy_id, thread.parent_id
        ):
            await self._enqueue(tx, [thread.buddy_id], QUESTION_TO_BUDDY, thread, message_id)
            return Route.BUDDY
        await self._to_coordinators(tx, thread, message_id, CoordinatorReason.NO_BUDDY)
        return Route.COORDINATORS

    async def _to_coordinators(
        self, tx: Transaction, thread: Thread, message_id: int, reason: CoordinatorReason
    ) -> None:
        coordinators = await CoordinatorRepository(tx).in_scope_of(thread.municipality)
        if not coordinators:
            log.warning("no coordinator covers %s; thread %s waits", thread.municipality, thread.id)
        await self._enqueue(
            tx,
            [c.person_id for c in coordinators],
            QUESTION_TO_COORDINATOR,
            thread,
            message_id,
            reason,
        )

    async def _to_parent(self, tx: Transaction, thread: Thread, message_id: int, kind: str) -> None:
        await self._enqueue(tx, [thread.parent_id], kind, thread, message_id)

    async def _open_to_parent(
        self, tx: Transaction, parent_id: int, *, author_id: int, role: Role, body: str
    ) -> int:
        now = self._clock.now()
        parent = await _active_parent(tx, parent_id)
        threads = ThreadRepository(tx, self._cipher)
        thread_id = await threads.open(
            parent_id=parent_id,
            buddy_id=author_id if role is Role.BUDDY else None,
            municipality=parent.municipality,
            opened_by=role,
            now=now,
        )
        message_id = await threads.add_message(
            thread_id=thread_id, author_id=author_id, author_role=role, body=body, now=now
        )
        thread = await threads.get(thread_id)
        assert thread is not None
        kind = MESSAGE_FROM_BUDDY if role is Role.BUDDY else MESSAGE_FROM_COORDINATOR
        await self._to_parent(tx, thread, message_id, kind)
        return thread_id

    async def _enqueue(
        self,
        tx: Transaction,
        person_ids: list[int],
        kind: str,
        thread: Thread,
        message_id: int,
        reason: CoordinatorReason | None = None,
    ) -> None:
        await self._outbox.enqueue_in(
            tx, *self._outgoing(person_ids, kind, thread, message_id, reason)
        )

    @staticmethod
    def _outgoing(
        person_ids: list[int],
        kind: str,
        thread: Thread,
        message_id: int,
        reason: CoordinatorReason | None = None,
    ) -> list[Outgoing]:
        payload: dict[str, object] = {"thread_id": thread.id, "message_id": message_id}
        if reason is not None:
            payload["reason"] = reason.value
        return [
            Outgoing(
                person_id=person_id,
                kind=kind,
                payload=payload,
                # The parent asked and waits for this answer; everything else
                # respects quiet hours.
                urgent=kind == ANSWER_TO_PARENT,
                dedupe_key=f"thread_message:{message_id}:{kind}:{person_id}",
            )
            for person_id in person_ids
        ]


def clean_message(text: str) -> str:
    """Trimmed text; raises InvalidInput("empty" / "too_long")."""
    body = text.strip()
    if not body:
        raise InvalidInput("empty")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise InvalidInput("too_long")
    return body


async def _active_parent(tx: Transaction, parent_id: int) -> Parent:
    parent = await ParentRepository(tx).get(parent_id)
    if parent is None:
        raise NotFound(f"parent {parent_id}")
    if parent.stopped:
        raise NotAllowed("the parent stopped")
    return parent


async def _author_name(tx: Transaction, author_id: int | None, role: Role) -> str | None:
    """The name a parent knows a buddy or coordinator by."""
    if author_id is None:
        return None
    if role is Role.BUDDY:
        buddy = await BuddyRepository(tx).get(author_id)
        return buddy.display_name if buddy else None
    coordinator = await CoordinatorRepository(tx).get(author_id)
    return coordinator.display_name if coordinator else None
