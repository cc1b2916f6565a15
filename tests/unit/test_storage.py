"""The database on a real temporary SQLite file: pragmas, migrations, transactions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.people import Role
from storage.db import Database
from storage.repositories.people import CoordinatorRepository, PeopleRepository

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def test_open_creates_folders_and_sets_pragmas(db: Database) -> None:
    assert db.path.is_file()
    async with db.read() as tx:
        assert await tx.fetch_value("PRAGMA journal_mode") == "wal"
        assert await tx.fetch_value("PRAGMA foreign_keys") == 1
        assert await tx.fetch_value("PRAGMA busy_timeout") == 5000


async def test_migrations_apply_once(tmp_path: Path) -> None:
    first = Database(tmp_path / "db.sqlite3")
    await first.open()
    async with first.read() as tx:
        applied = await tx.fetch_all("SELECT name FROM schema_migrations")
    assert [row["name"] for row in applied][0] == "0001_initial"
    await first.close()

    second = Database(tmp_path / "db.sqlite3")
    await second.open()
    assert await second.migrate() == []
    async with second.read() as tx:
        again = await tx.fetch_all("SELECT name FROM schema_migrations")
    assert again == applied
    await second.close()


async def test_failed_transaction_rolls_back(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await PeopleRepository(tx).add(
                telegram_id=1, role=Role.PARENT, language="nl", first_name="A", now=NOW
            )
            raise RuntimeError("boom")
    async with db.read() as tx:
        assert await PeopleRepository(tx).by_telegram_id(1) is None


async def test_people_and_coordinator_scope(db: Database) -> None:
    async with db.transaction() as tx:
        people = PeopleRepository(tx)
        local = await people.add(
            telegram_id=10, role=Role.COORDINATOR, language="nl", first_name=None, now=NOW
        )
        province = await people.add(
            telegram_id=11, role=Role.COORDINATOR, language="en", first_name=None, now=NOW
        )
        coordinators = CoordinatorRepository(tx)
        await coordinators.add(
            local.id, municipality="westerkwartier", display_name=None, from_config=False
        )
        await coordinators.add(province.id, municipality=None, display_name=None, from_config=True)
    async with db.read() as tx:
        coordinators = CoordinatorRepository(tx)
        in_city = await coordinators.in_scope_of("groningen")
        in_westerkwartier = await coordinators.in_scope_of("westerkwartier")
    assert [c.person_id for c in in_city] == [province.id]
    assert {c.person_id for c in in_westerkwartier} == {local.id, province.id}
    assert not in_westerkwartier[0].covers("groningen")


async def test_set_active_reports_change(db: Database) -> None:
    async with db.transaction() as tx:
        people = PeopleRepository(tx)
        person = await people.add(
            telegram_id=5, role=Role.PARENT, language=None, first_name=None, now=NOW
        )
        assert await people.set_active(person.id, False, NOW) is True
        assert await people.set_active(person.id, False, NOW) is False
        assert (await people.by_id(person.id)).active is False


async def test_a_cancelled_transaction_does_not_poison_the_next(db: Database) -> None:
    import asyncio

    async def slow_write() -> None:
        async with db.transaction() as tx:
            await PeopleRepository(tx).add(
                telegram_id=77, role=Role.PARENT, language=None, first_name=None, now=NOW
            )
            await asyncio.sleep(10)

    task = asyncio.create_task(slow_write())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # A connection left inside a transaction is cleaned up by the next user.
    await db.connection.execute("BEGIN")
    async with db.transaction() as tx:
        assert await PeopleRepository(tx).by_telegram_id(77) is None
