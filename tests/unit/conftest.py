from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Config
from bot.services import build_services
from domain.settings import load_settings
from storage.db import Database
from tests.builders import SERVICES_NOW, ServicesEnv
from tests.harness import TEST_KEY, FakeClock


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[ServicesEnv]:
    """All services on a real temporary SQLite database, the clock at SERVICES_NOW."""
    config = Config(token="1:test", db_path=tmp_path / "db.sqlite3", secret_key=TEST_KEY)
    db = Database(config.db_path)
    await db.open()
    clock = FakeClock(SERVICES_NOW)
    yield ServicesEnv(build_services(db, clock, load_settings(config.settings_path), config), clock)
    await db.close()
