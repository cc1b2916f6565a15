"""One person's updates stay in order; different people's overlap."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.concurrency import PerPersonUpdateProcessor


def update_from(user_id: int, update_id: int) -> Update:
    user = User(user_id, "Anna", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, datetime(2026, 11, 22, tzinfo=UTC), chat, from_user=user, text="x")
    return Update(update_id, message=message)


async def test_same_person_in_order_others_alongside() -> None:
    processor = PerPersonUpdateProcessor(max_concurrent_updates=8)
    log: list[str] = []
    release = asyncio.Event()

    async def handle(name: str, wait: bool) -> None:
        log.append(f"start {name}")
        if wait:
            await release.wait()
        log.append(f"end {name}")

    first = asyncio.create_task(processor.process_update(update_from(1, 1), handle("a1", True)))
    second = asyncio.create_task(processor.process_update(update_from(1, 2), handle("a2", False)))
    other = asyncio.create_task(processor.process_update(update_from(2, 3), handle("b1", False)))
    await other
    assert log == ["start a1", "start b1", "end b1"]
    release.set()
    await asyncio.gather(first, second)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor._locks == {}
