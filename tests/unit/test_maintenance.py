"""Backups while the bot writes, key rotation, and encryption visible in the raw file."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config
from bot.maintenance import MaintenanceError, backup, rotate_key
from domain.people import Role
from domain.signals import SignalKind
from storage.crypto import TextCipher, load_keys
from storage.db import Database
from storage.repositories.people import PeopleRepository
from storage.repositories.signals import SignalRepository

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SECRET_NOTE = "Moeder maakt zich zorgen over de huur"


def config_for(tmp_path: Path) -> Config:
    return Config(token="1:x", db_path=tmp_path / "kansrijk.sqlite3")


async def add_signal(db: Database, cipher: TextCipher, telegram_id: int) -> int:
    async with db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=Role.BUDDY, language="nl", first_name=None, now=NOW
        )
        return await SignalRepository(tx, cipher).add(
            municipality="groningen",
            parent_id=None,
            raised_by=person.id,
            kind=SignalKind.BUDDY_CONCERN,
            urgent=False,
            note=SECRET_NOTE,
            now=NOW,
        )


async def test_notes_are_unreadable_in_the_file_without_the_key(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    cipher = TextCipher(load_keys(None, config.key_file))
    assert config.key_file.stat().st_mode & 0o777 == 0o600
    db = Database(config.db_path)
    signal_id = await add_signal(db, cipher, 1)
    async with db.read() as tx:
        assert (await SignalRepository(tx, cipher).get(signal_id)).note == SECRET_NOTE
    await db.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("kansrijk.sqlite3*"))
    assert SECRET_NOTE.encode() not in raw
    assert b"zorgen" not in raw


async def test_backup_during_writes_is_consistent_and_complete(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    cipher = TextCipher(load_keys(None, config.key_file))
    db = Database(config.db_path)
    await add_signal(db, cipher, 1)
    committed_before: list[int] = []
    stop = asyncio.Event()

    async def keep_writing() -> None:
        telegram_id = 100
        while not stop.is_set():
            telegram_id += 1
            committed_before.append(await add_signal(db, cipher, telegram_id))
            await asyncio.sleep(0)

    writer = asyncio.create_task(keep_writing())
    await asyncio.sleep(0.2)
    ids_at_start = list(committed_before)
    target = tmp_path / "backups" / "copy.sqlite3"
    await asyncio.to_thread(backup, config, target)
    stop.set()
    await writer
    await db.close()

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        present = {row[0] for row in copy.execute("SELECT id FROM signals")}
    assert set(ids_at_start) <= present
    with pytest.raises(MaintenanceError, match="exists"):
        backup(config, target)


async def test_restored_backup_opens_and_reads(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    cipher = TextCipher(load_keys(None, config.key_file))
    db = Database(config.db_path)
    signal_id = await add_signal(db, cipher, 1)
    await db.close()
    target = tmp_path / "copy.sqlite3"
    backup(config, target)
    # Restoring is copying the file back into place (with the same key).
    restored = Database(target)
    async with restored.read() as tx:
        assert (await SignalRepository(tx, cipher).get(signal_id)).note == SECRET_NOTE
    await restored.close()


async def test_rotating_the_key_file(tmp_path: Path) -> None:
    config = config_for(tmp_path)
    old_keys = load_keys(None, config.key_file)
    db = Database(config.db_path)
    signal_id = await add_signal(db, TextCipher(old_keys), 1)
    await db.close()

    assert rotate_key(config) == 1
    new_keys = load_keys(None, config.key_file)
    assert len(new_keys) == 1 and new_keys != old_keys
    reopened = Database(config.db_path)
    async with reopened.read() as tx:
        signal = await SignalRepository(tx, TextCipher(new_keys)).get(signal_id)
    await reopened.close()
    assert signal.note == SECRET_NOTE


def test_rotating_an_environment_key_needs_both_keys(tmp_path: Path) -> None:
    config = replace(config_for(tmp_path), secret_key=load_keys(None, tmp_path / "k")[0])
    with pytest.raises(MaintenanceError, match="NEW,OLD"):
        rotate_key(config)
