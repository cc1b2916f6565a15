"""Who is in the middle of a conversation, read from the persisted conversation states
(``bot/persistence.py`` writes them)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from storage.db import Transaction


class ConversationStateRepository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def in_conversation(self, telegram_ids: Iterable[int]) -> set[int]:
        """Those of these private chats with any conversation in progress. In a private
        chat the chat id is the user id, so a conversation's key is ``[id]`` (per chat or
        per user) or ``[id, id]`` (per chat and user)."""
        keys = {}
        for telegram_id in set(telegram_ids):
            keys[json.dumps([telegram_id])] = telegram_id
            keys[json.dumps([telegram_id, telegram_id])] = telegram_id
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = await self._tx.fetch_all(
            f"SELECT DISTINCT key FROM conversation_states WHERE key IN ({marks})", list(keys)
        )
        return {keys[row["key"]] for row in rows}
