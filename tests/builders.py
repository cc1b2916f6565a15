"""Fast test data through the repositories (for tests that need many people quickly).

Shared by every engineer: add functions, don't change existing ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.consent import Purpose
from domain.parents import Phase
from domain.people import Person, Role
from storage.db import Database
from storage.repositories.consents import ConsentRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository
from storage.time import to_text
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

CONSENT_VERSION = "test-v1"


async def add_parent(
    harness: BotHarness,
    telegram_id: int,
    *,
    first_name: str = "Fatima",
    language: str = "nl",
    municipality: str = "groningen",
    neighbourhood: str | None = "beijum",
    phase: Phase = Phase.PREGNANT,
    due_in_days: int = 140,
    birth_date: date | None = None,
    share_checkins: bool = True,
    monitoring: bool = True,
) -> Person:
    """A registered parent who consented to messages (and by default to the rest)."""
    db: Database = harness.services.db
    now = harness.clock.now()
    async with db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id,
            role=Role.PARENT,
            language=language,
            first_name=first_name,
            now=now,
        )
        await ParentRepository(tx).add(
            person_id=person.id,
            phase=phase,
            due_date=now.date() + timedelta(days=due_in_days) if phase is Phase.PREGNANT else None,
            birth_date=birth_date,
            municipality=municipality,
            neighbourhood=neighbourhood,
            referral_link_id=None,
            now=now,
        )
        consents = ConsentRepository(tx)
        await consents.record(person.id, Purpose.MESSAGES, True, CONSENT_VERSION, now)
        await consents.record(
            person.id, Purpose.SHARE_CHECKINS, share_checkins, CONSENT_VERSION, now
        )
        await consents.record(person.id, Purpose.MONITORING, monitoring, CONSENT_VERSION, now)
    return person


async def add_buddy(
    harness: BotHarness,
    telegram_id: int,
    *,
    display_name: str = "Bram",
    language: str = "nl",
    municipality: str = "groningen",
    languages: tuple[str, ...] = ("nl",),
    neighbourhoods: tuple[str, ...] = ("beijum",),
) -> Person:
    now = harness.clock.now()
    async with harness.services.db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id,
            role=Role.BUDDY,
            language=language,
            first_name=display_name,
            now=now,
        )
        await tx.execute(
            "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
            " VALUES (?, ?, ?, ?)",
            (person.id, display_name, municipality, to_text(now)),
        )
        await tx.execute_many(
            "INSERT INTO buddy_languages (buddy_id, language) VALUES (?, ?)",
            [(person.id, code) for code in languages],
        )
        await tx.execute_many(
            "INSERT INTO buddy_neighbourhoods (buddy_id, neighbourhood) VALUES (?, ?)",
            [(person.id, hood) for hood in neighbourhoods],
        )
    return person


async def add_coordinator(
    harness: BotHarness, telegram_id: int, *, municipality: str | None, language: str = "nl"
) -> Person:
    now = harness.clock.now()
    async with harness.services.db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id,
            role=Role.COORDINATOR,
            language=language,
            first_name=None,
            now=now,
        )
        await CoordinatorRepository(tx).add(
            person.id, municipality=municipality, display_name=None, from_config=False
        )
    return person


async def match(harness: BotHarness, *, parent: Person, buddy: Person) -> int:
    async with harness.services.db.transaction() as tx:
        return await MatchRepository(tx).start(
            parent_id=parent.id, buddy_id=buddy.id, created_by=None, now=harness.clock.now()
        )


async def add_parents(harness: BotHarness, users: list[SimUser], **details: Any) -> list[Person]:
    """Many registered parents at once (one per simulated user), e.g. for a broadcast;
    ``details`` are add_parent's keyword arguments, the same for all."""
    return [
        await add_parent(harness, user.id, first_name=user.first_name, **details) for user in users
    ]
