"""The database handle: one aiosqlite connection, transactions serialised by a lock.

A single connection shared by coroutines is only safe when one coroutine's COMMIT cannot
commit another's half-finished work, so every access goes through :meth:`Database.transaction`
(or :meth:`Database.read`), which holds an asyncio lock for its whole duration. Keep them
short and never await a Telegram call inside one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from storage.time import utc_now_text

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class Transaction:
    """What repositories get: a connection that is theirs until the transaction ends.

    Every method is one hop to aiosqlite's worker thread (``execute_fetchall`` rather
    than execute + fetch + close): the hops, not SQLite, are what a busy bot waits on.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; returns the last inserted row id (0 when none)."""
        cursor = await self._connection.execute(sql, params)
        return cursor.lastrowid or 0

    async def execute_rowcount(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        cursor = await self._connection.execute(sql, params)
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement per row; returns how many rows they changed in all."""
        cursor = await self._connection.executemany(sql, rows)
        changed = cursor.rowcount
        await cursor.close()
        return changed

    async def fetch_one(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> dict[str, Any] | None:
        """The first row (queries by key, or with LIMIT 1)."""
        rows = await self._connection.execute_fetchall(sql, params)
        return dict(rows[0]) if rows else None

    async def fetch_all(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> list[dict[str, Any]]:
        rows = await self._connection.execute_fetchall(sql, params)
        return [dict(row) for row in rows]

    async def fetch_value(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        rows = await self._connection.execute_fetchall(sql, params)
        return rows[0][0] if rows else None


class Database:
    """Owns the connection; opens it, migrates, and hands out transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._open_lock = asyncio.Lock()
        self._closed = False

    async def open(self) -> None:
        """Connect, set the pragmas and apply pending migrations; a no-op when open.

        Also done on first use, so whatever touches the database first (at start that is
        python-telegram-bot loading its persistence) opens it in the running event loop.
        """
        async with self._open_lock:
            if self._connection is not None:
                return
            await self._connect()
            await self.migrate()

    async def _connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        self._connection = await aiosqlite.connect(self.path, isolation_level=None)
        self._connection.row_factory = aiosqlite.Row
        await self._connection.execute("PRAGMA journal_mode=WAL")
        await self._connection.execute("PRAGMA foreign_keys=ON")
        await self._connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await self._connection.execute("PRAGMA synchronous=NORMAL")

    async def close(self) -> None:
        """Close for good: a late straggler must fail, not quietly reopen the file (an
        open connection's worker thread would keep the process from exiting)."""
        self._closed = True
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    @property
    def connection(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError("the database is not open")
        return self._connection

    async def _ensure_open(self) -> None:
        if self._connection is None:
            if self._closed:
                raise RuntimeError("the database was closed")
            await self.open()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction (BEGIN IMMEDIATE), committed when the block ends cleanly."""
        async with self._begin("BEGIN IMMEDIATE") as connection:
            try:
                yield Transaction(connection)
            except BaseException:
                await _rollback(connection)
                raise
            await connection.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Transaction]:
        """Reads that see one state of the database: every access to it goes through this
        connection under the lock, so nothing can write in between (no BEGIN needed,
        which saves two hops to the worker thread)."""
        await self._ensure_open()
        async with self._lock:
            connection = self.connection
            await _rollback(connection)
            yield Transaction(connection)

    @asynccontextmanager
    async def _begin(self, statement: str) -> AsyncIterator[aiosqlite.Connection]:
        """Take the lock and begin a transaction."""
        await self._ensure_open()
        async with self._lock:
            connection = self.connection
            # A task cancelled while its BEGIN/COMMIT was on the worker thread leaves the
            # statement to finish there after the lock is gone: end that transaction first.
            await _rollback(connection)
            await connection.execute(statement)
            yield connection

    async def migrate(self) -> list[str]:
        """Apply every migration not yet recorded; returns the names applied now."""
        applied_now: list[str] = []
        async with self._lock:
            tx = Transaction(self.connection)
            await tx.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = {row["name"] for row in await tx.fetch_all("SELECT name FROM schema_migrations")}
        for name, sql in _migration_scripts():
            if name in done:
                continue
            async with self._lock:
                # executescript commits on its own, so the script carries its own
                # BEGIN/COMMIT together with the bookkeeping row.
                await self.connection.executescript(
                    "BEGIN IMMEDIATE;\n"
                    + sql
                    + "\nINSERT INTO schema_migrations (name, applied_at) VALUES ("
                    + _sql_quote(name)
                    + ", "
                    + _sql_quote(utc_now_text())
                    + ");\nCOMMIT;"
                )
            log.info("applied migration %s", name)
            applied_now.append(name)
        return applied_now


async def _rollback(connection: aiosqlite.Connection) -> None:
    if connection.in_transaction:
        await connection.execute("ROLLBACK")


def _sql_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _migration_scripts() -> list[tuple[str, str]]:
    """Numbered ``NNNN_name.sql`` files shipped in ``storage/migrations``, in order."""
    folder = resources.files("storage") / "migrations"
    scripts = [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    return sorted(scripts)
