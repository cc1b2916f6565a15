"""Threads: a parent's questions and the answers, kept together. Bodies are encrypted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.people import Role
from domain.threads import OpenThread, Thread, ThreadMessage
from storage.crypto import TextCipher
from storage.db import Transaction
from storage.time import from_text, optional_from_text, to_text

# The newest message of each thread, joined as "m".
_NEWEST = (
    " JOIN thread_messages m ON m.id = (SELECT MAX(id) FROM thread_messages WHERE thread_id = t.id)"
)


class ThreadRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    async def open(
        self,
        *,
        parent_id: int,
        buddy_id: int | None,
        municipality: str,
        opened_by: Role,
        now: datetime,
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO threads (parent_id, buddy_id, municipality, opened_by, opened_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (parent_id, buddy_id, municipality, opened_by.value, to_text(now)),
        )

    async def add_message(
        self, *, thread_id: int, author_id: int, author_role: Role, body: str, now: datetime
    ) -> int:
        return await self._tx.execute(
            "INSERT INTO thread_messages (thread_id, author_id, author_role, body_text,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (thread_id, author_id, author_role.value, self._cipher.encrypt(body), to_text(now)),
        )

    async def get(self, thread_id: int) -> Thread | None:
        row = await self._tx.fetch_one("SELECT * FROM threads WHERE id = ?", (thread_id,))
        return _thread(row) if row else None

    async def message(self, message_id: int) -> ThreadMessage | None:
        row = await self._tx.fetch_one("SELECT * FROM thread_messages WHERE id = ?", (message_id,))
        return self._message(row) if row else None

    async def is_first_message(self, message_id: int) -> bool:
        found = await self._tx.fetch_value(
            "SELECT 1 FROM thread_messages m WHERE m.id = ? AND NOT EXISTS"
            " (SELECT 1 FROM thread_messages e WHERE e.thread_id = m.thread_id AND e.id < m.id)",
            (message_id,),
        )
        return found is not None

    async def last_answer(self, thread_id: int) -> ThreadMessage | None:
        """The newest message not written by the parent."""
        row = await self._tx.fetch_one(
            "SELECT * FROM thread_messages WHERE thread_id = ? AND author_role != 'parent'"
            " ORDER BY id DESC LIMIT 1",
            (thread_id,),
        )
        return self._message(row) if row else None

    async def mark_answered(self, thread_id: int, now: datetime) -> None:
        """The first answer's time; later answers keep it."""
        await self._tx.execute(
            "UPDATE threads SET answered_at = COALESCE(answered_at, ?) WHERE id = ?",
            (to_text(now), thread_id),
        )

    async def mark_escalated(self, thread_id: int, now: datetime) -> None:
        await self.mark_escalated_many([thread_id], now)

    async def mark_escalated_many(self, thread_ids: Sequence[int], now: datetime) -> None:
        await self._tx.execute_many(
            "UPDATE threads SET escalated_at = ? WHERE id = ?",
            [(to_text(now), thread_id) for thread_id in thread_ids],
        )

    async def waiting_for_buddy(
        self, written_before: datetime, *, among: Sequence[int] | None = None
    ) -> list[tuple[Thread, int]]:
        """Threads whose newest message is the parent's, written before the cutoff, that
        only the buddy was asked to answer: (thread, that message's id), by thread id
        (only those ``among`` these thread ids, when given). A thread passed on since that
        message, or one a coordinator took part in, is not listed. (``waiting_since`` says
        since when a thread waits, kept by triggers: see migration 0006.)"""
        among_sql = "" if among is None else " AND t.id IN (SELECT value FROM json_each(?))"
        rows = await self._tx.fetch_all(
            "SELECT t.*, (SELECT MAX(id) FROM thread_messages WHERE thread_id = t.id)"
            " AS waiting_message_id FROM threads t INDEXED BY threads_waiting"
            " WHERE t.waiting_since <= ?" + among_sql + " ORDER BY t.id",
            (to_text(written_before),) + (() if among is None else (json.dumps(list(among)),)),
        )
        return [(_thread(row), row["waiting_message_id"]) for row in rows]

    async def waiting_ids(self, written_before: datetime) -> list[int]:
        """The ids of the threads :meth:`waiting_for_buddy` lists, in order."""
        rows = await self._tx.fetch_all(
            "SELECT id FROM threads INDEXED BY threads_waiting WHERE waiting_since <= ?"
            " ORDER BY id",
            (to_text(written_before),),
        )
        return [row["id"] for row in rows]

    async def open_for_buddy(self, buddy_id: int) -> list[OpenThread]:
        """The buddy's threads (with families still matched to them) whose newest message
        is the parent's."""
        rows = await self._tx.fetch_all(
            "SELECT t.id AS thread_id, t.parent_id, p.first_name, m.created_at, m.body_text"
            " FROM threads t" + _NEWEST + " JOIN people p ON p.id = t.parent_id"
            " JOIN matches ma ON ma.parent_id = t.parent_id AND ma.buddy_id = t.buddy_id"
            " AND ma.ended_at IS NULL"
            " WHERE t.buddy_id = ? AND t.closed_at IS NULL AND m.author_role = 'parent'"
            " ORDER BY m.created_at",
            (buddy_id,),
        )
        return [
            OpenThread(
                thread_id=row["thread_id"],
                parent_id=row["parent_id"],
                parent_first_name=row["first_name"],
                waiting_since=from_text(row["created_at"]),
                last_message=self._cipher.decrypt(row["body_text"]),
            )
            for row in rows
        ]

    def _message(self, row: dict[str, Any]) -> ThreadMessage:
        return ThreadMessage(
            id=row["id"],
            thread_id=row["thread_id"],
            author_id=row["author_id"],
            author_role=Role(row["author_role"]),
            body=self._cipher.decrypt(row["body_text"]),
            created_at=from_text(row["created_at"]),
        )


def _thread(row: dict[str, Any]) -> Thread:
    return Thread(
        id=row["id"],
        parent_id=row["parent_id"],
        buddy_id=row["buddy_id"],
        municipality=row["municipality"],
        opened_by=Role(row["opened_by"]),
        opened_at=from_text(row["opened_at"]),
        answered_at=optional_from_text(row["answered_at"]),
        escalated_at=optional_from_text(row["escalated_at"]),
        closed_at=optional_from_text(row["closed_at"]),
    )
