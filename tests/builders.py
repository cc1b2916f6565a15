"""Fast test data through the repositories (for tests that need many people quickly).

Shared by every engineer: add functions, don't change existing ones.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.services import Services
from domain.consent import Purpose
from domain.parents import Phase
from domain.people import Person, Role
from storage.db import Transaction
from storage.repositories.consents import ConsentRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository
from storage.time import to_text
from tests.fake_telegram import SimUser
from tests.harness import BotHarness, FakeClock

CONSENT_VERSION = "test-v1"
# Where the clock of the service unit tests starts (the ``env`` fixture).
SERVICES_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@dataclass
class ServicesEnv:
    """What the builders need of a harness, the services and the clock, for unit tests
    of the services without Telegram (the ``env`` fixture of tests/unit)."""

    services: Services
    clock: FakeClock


@asynccontextmanager
async def _new_person(
    harness: BotHarness | ServicesEnv,
    telegram_id: int,
    role: Role,
    language: str,
    first_name: str | None,
) -> AsyncIterator[tuple[Transaction, Person, datetime]]:
    """The transaction every builder shares: it adds the person, then the builder adds
    what their role needs in it (yields the transaction, the person and the time)."""
    now = harness.clock.now()
    async with harness.services.db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=role, language=language, first_name=first_name, now=now
        )
        yield tx, person, now


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
    async with _new_person(harness, telegram_id, Role.PARENT, language, first_name) as added:
        tx, person, now = added
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
    async with _new_person(harness, telegram_id, Role.BUDDY, language, display_name) as added:
        tx, person, now = added
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
    async with _new_person(harness, telegram_id, Role.COORDINATOR, language, None) as added:
        tx, person, _ = added
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
