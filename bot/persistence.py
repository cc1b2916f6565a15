"""python-telegram-bot persistence on our own SQLite database.

Only two things are kept: conversation states (so a person continues at the same step
after a restart) and a small per-user draft (``user_data``) of the conversation in
progress. Chat data, bot data and callback data are not persisted: the database tables
are the source of truth for everything else. Written every ``update_interval`` seconds
(default 0.5), so a state change is on disk within a second of its update.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage.db import Database
from storage.time import utc_now_text

ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]

WRITE_INTERVAL_SECONDS = 0.5


class SQLitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database, update_interval: float = WRITE_INTERVAL_SECONDS) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._db = db
        # What the database holds per user (JSON): PTB offers every user's draft for
        # writing after each of their updates; unchanged drafts cost nothing this way.
        self._written: dict[int, str] = {}

    # --- user drafts ---------------------------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        async with self._db.read() as tx:
            rows = await tx.fetch_all("SELECT user_id, data FROM user_drafts")
        self._written = {row["user_id"]: row["data"] for row in rows}
        return defaultdict(dict, {row["user_id"]: json.loads(row["data"]) for row in rows})

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        encoded = json.dumps(data) if data else None
        if self._written.get(user_id) == encoded:
            return
        async with self._db.transaction() as tx:
            if encoded is not None:
                await tx.execute(
                    "INSERT INTO user_drafts (user_id, data, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data,"
                    " updated_at = excluded.updated_at",
                    (user_id, encoded, utc_now_text()),
                )
            else:
                await tx.execute("DELETE FROM user_drafts WHERE user_id = ?", (user_id,))
        if encoded is None:
            self._written.pop(user_id, None)
        else:
            self._written[user_id] = encoded

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """The in-memory draft is authoritative while the bot runs."""

    async def drop_user_data(self, user_id: int) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("DELETE FROM user_drafts WHERE user_id = ?", (user_id,))
        self._written.pop(user_id, None)

    # --- conversations -------------------------------------------------------------

    async def get_conversations(self, name: str) -> ConversationDict:
        async with self._db.read() as tx:
            rows = await tx.fetch_all(
                "SELECT key, state FROM conversation_states WHERE name = ?", (name,)
            )
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        encoded_key = json.dumps(list(key))
        async with self._db.transaction() as tx:
            if new_state is None:
                await tx.execute(
                    "DELETE FROM conversation_states WHERE name = ? AND key = ?",
                    (name, encoded_key),
                )
            else:
                await tx.execute(
                    "INSERT INTO conversation_states (name, key, state) VALUES (?, ?, ?)"
                    " ON CONFLICT (name, key) DO UPDATE SET state = excluded.state",
                    (name, encoded_key, json.dumps(new_state)),
                )

    # --- not persisted -------------------------------------------------------------

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return defaultdict(dict)

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Chat data is not used."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Bot data is not persisted."""

    async def update_callback_data(self, data: Any) -> None:
        """Arbitrary callback data is not used: buttons carry compact typed data."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not used."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Chat data is not used."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Bot data is not persisted."""

    async def flush(self) -> None:
        """Every update is written in its own transaction already."""
