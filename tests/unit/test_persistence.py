"""Conversation states and drafts survive a new persistence object on the same file."""

from __future__ import annotations

from pathlib import Path

from bot.persistence import SQLitePersistence
from storage.db import Database


async def test_conversations_and_drafts_round_trip(tmp_path: Path) -> None:
    db = Database(tmp_path / "p.sqlite3")
    persistence = SQLitePersistence(db)
    await persistence.update_conversation("onboarding", (42, 42), "ask_phase")
    await persistence.update_conversation("onboarding", (7, 7), "ask_date")
    await persistence.update_conversation("onboarding", (7, 7), None)
    await persistence.update_user_data(42, {"phase": "pregnant"})
    await persistence.update_user_data(7, {})
    await db.close()

    reopened_db = Database(tmp_path / "p.sqlite3")
    reopened = SQLitePersistence(reopened_db)
    assert await reopened.get_conversations("onboarding") == {(42, 42): "ask_phase"}
    assert await reopened.get_conversations("other") == {}
    drafts = await reopened.get_user_data()
    assert drafts == {42: {"phase": "pregnant"}}
    await reopened.drop_user_data(42)
    assert await reopened.get_user_data() == {}
    await reopened_db.close()
