"""Updates of different people are handled concurrently; one person's in order.

python-telegram-bot handles one update at a time by default: with Telegram's real
round-trip times that caps the whole province at a few dozen updates a second. Running
everything concurrently would break conversations (a second tap could overtake the
first). This processor does both: a lock per person keeps their updates in arrival order,
while other people's updates proceed alongside (bounded by ``max_concurrent_updates``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    __slots__ = ("_locks", "_waiting")

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        person = _person_key(update)
        if person is None:
            await coroutine
            return
        lock = self._locks.setdefault(person, asyncio.Lock())
        self._waiting[person] = self._waiting.get(person, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[person] -= 1
            if not self._waiting[person]:  # nobody queued: free the memory
                del self._waiting[person]
                del self._locks[person]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _person_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None
