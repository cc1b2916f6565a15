from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.config import Config
from bot.services import Services, build_services
from domain.settings import load_settings
from storage.crypto import TextCipher
from storage.db import Database
from tests.builders import SERVICES_NOW, ServicesEnv
from tests.harness import TEST_KEY, FakeClock

OpenServices = Callable[[str, FakeClock], Awaitable[Services]]


@pytest.fixture
async def open_services(tmp_path: Path) -> AsyncIterator[OpenServices]:
    """Opens all services on a new database file in tmp_path; closes them after the test,
    passed or failed (an open connection's thread would keep pytest from exiting)."""
    opened: list[Database] = []

    async def open_named(name: str, clock: FakeClock) -> Services:
        config = Config(token="1:test", db_path=tmp_path / f"{name}.sqlite3", secret_key=TEST_KEY)
        db = Database(config.db_path)
        await db.open()
        opened.append(db)
        return build_services(db, clock, load_settings(config.settings_path), config)

    yield open_named
    for db in opened:
        await db.close()


@pytest.fixture
async def env(open_services: OpenServices) -> ServicesEnv:
    """All services on a real temporary SQLite database, the clock at SERVICES_NOW."""
    clock = FakeClock(SERVICES_NOW)
    return ServicesEnv(await open_services("db", clock), clock)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database in a real temporary SQLite file (in a folder still to create)."""
    database = Database(tmp_path / "nested" / "kansrijk.sqlite3")
    await database.open()
    yield database
    await database.close()


@pytest.fixture
def cipher() -> TextCipher:
    return TextCipher([Fernet.generate_key().decode("ascii")])
