"""Knowing who writes: identify, language, activity (blocked or not), config coordinators."""

from __future__ import annotations

import logging
from datetime import timedelta

from domain.clock import Clock
from domain.people import Person, Role
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository

log = logging.getLogger(__name__)

# last_seen is for reach reports, not a tracker: a coarse resolution saves writes.
LAST_SEEN_RESOLUTION = timedelta(minutes=10)


class PeopleService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def identify(self, telegram_id: int) -> Person | None:
        """Who this Telegram user is to us; notes that they were seen (coarsely)."""
        async with self._db.read() as tx:
            person = await PeopleRepository(tx).by_telegram_id(telegram_id)
        if person is None:
            return None
        now = self._clock.now()
        stale = person.last_seen_at is None or now - person.last_seen_at > LAST_SEEN_RESOLUTION
        if stale or not person.active:
            async with self._db.transaction() as tx:
                people = PeopleRepository(tx)
                await people.touch(person.id, now)
                # Writing to us means they have not blocked the bot (any more).
                await people.set_active(person.id, True, now)
                person = await people.by_id(person.id)
        return person

    async def set_language(self, person_id: int, language: str) -> None:
        async with self._db.transaction() as tx:
            await PeopleRepository(tx).set_language(person_id, language)

    async def set_reachable(self, telegram_id: int, reachable: bool) -> Person | None:
        """Record that the person blocked (or unblocked) the bot. Returns the person when
        this changed anything, else None."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            people = PeopleRepository(tx)
            person = await people.by_telegram_id(telegram_id)
            if person is None or not await people.set_active(person.id, reachable, now):
                return None
            await AuditRepository(tx).record(
                actor_id=person.id,
                action="bot_unblocked" if reachable else "bot_blocked",
                subject_id=person.id,
                now=now,
            )
            return await people.by_id(person.id)

    async def ensure_config_coordinators(self, telegram_ids: tuple[int, ...]) -> list[Person]:
        """Make the configured Telegram users province-wide coordinators (idempotent)."""
        now = self._clock.now()
        made: list[Person] = []
        async with self._db.transaction() as tx:
            people = PeopleRepository(tx)
            coordinators = CoordinatorRepository(tx)
            for telegram_id in telegram_ids:
                person = await people.by_telegram_id(telegram_id)
                if person is None:
                    person = await people.add(
                        telegram_id=telegram_id,
                        role=Role.COORDINATOR,
                        language=None,
                        first_name=None,
                        now=now,
                    )
                elif person.role is not Role.COORDINATOR:
                    log.warning(
                        "KANSRIJK_COORDINATORS lists Telegram user %s, who is registered as a %s;"
                        " left unchanged",
                        telegram_id,
                        person.role.value,
                    )
                    continue
                existing = await coordinators.get(person.id)
                if existing is None:
                    await coordinators.add(
                        person.id, municipality=None, display_name=None, from_config=True
                    )
                    await AuditRepository(tx).record(
                        actor_id=None,
                        action="coordinator_from_config",
                        subject_id=person.id,
                        now=now,
                    )
                made.append(person)
        return made
