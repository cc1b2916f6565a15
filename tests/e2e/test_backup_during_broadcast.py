"""Issue 7: a backup taken while a broadcast is being sent restores to a database that
passes ``PRAGMA integrity_check`` and holds every row committed before the backup began.

The coordinator sends a real broadcast through the flow; while the dispatcher drains the
outbox, the same function as ``python -m bot backup PATH`` copies the live file."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bot.maintenance import backup
from domain.outbox import OutboxStatus
from storage.db import Database
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.outbox import OutboxRepository
from tests.builders import add_parents
from tests.harness import BotHarness

# The bot keeps to Telegram's 30 messages a second, so 150 parents take about 5 s.
PARENTS = 150
BODY = "The baby café is open again on Thursday."
# Start the backup once this many messages went out: well into the broadcast, far from
# its end.
SENT_BEFORE_BACKUP = PARENTS // 3
DEADLINE_SECONDS = 30.0
POLL_SECONDS = 0.002

# A row only moves forward: a backup may hold a later status than the snapshot before
# it, never an earlier one.
STATUS_ORDER = {
    OutboxStatus.PENDING: 0,
    OutboxStatus.SENDING: 1,
    OutboxStatus.SENT: 2,
    OutboxStatus.FAILED: 2,
    OutboxStatus.CANCELLED: 2,
}


@dataclass(frozen=True)
class Committed:
    """What the database held (committed) just before the backup began."""

    outbox: dict[int, str]  # the broadcast's outbox rows: id -> status
    people: set[int]
    broadcast_confirmed_at: str | None

    @property
    def sent(self) -> set[int]:
        return {row_id for row_id, status in self.outbox.items() if status == OutboxStatus.SENT}


def read_only(path: Path) -> sqlite3.Connection:
    # A separate plain connection, so the snapshot does not go through the bot's own.
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def sent_count(path: Path, broadcast_id: int) -> int:
    with closing(read_only(path)) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND status = 'sent'",
            (broadcast_id,),
        ).fetchone()[0]


def committed_rows(connection: sqlite3.Connection, broadcast_id: int) -> Committed:
    # One read transaction: every table as of the same commit.
    connection.execute("BEGIN")
    try:
        outbox = dict(
            connection.execute(
                "SELECT id, status FROM outbox WHERE broadcast_id = ?", (broadcast_id,)
            ).fetchall()
        )
        people = {row[0] for row in connection.execute("SELECT id FROM people")}
        confirmed = connection.execute(
            "SELECT confirmed_at FROM broadcasts WHERE id = ?", (broadcast_id,)
        ).fetchone()
    finally:
        connection.execute("COMMIT")
    return Committed(outbox, people, confirmed[0] if confirmed else None)


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {DEADLINE_SECONDS:g} s waiting for {what}")
        await asyncio.sleep(POLL_SECONDS)


async def test_backup_during_a_broadcast_is_consistent_and_restores(
    harness: BotHarness, tmp_path: Path
) -> None:
    live = harness.config.db_path
    users = [harness.user(f"Parent{i}", "en") for i in range(PARENTS)]
    await add_parents(harness, users, language="en", neighbourhood="beijum")

    coco = harness.coordinator("en")
    await coco.send("/language")
    await coco.tap("English")
    await coco.send("/broadcast")
    for label in ("Parents", "Groningen", "Beijum", "All phases", "Every language"):
        await coco.tap(label)
    await coco.send(BODY)
    with closing(read_only(live)) as connection:
        (broadcast_id,) = connection.execute("SELECT id FROM broadcasts").fetchone()

    # The tap returns only when the outbox has been worked off, so it runs as a task and
    # the backup happens while it is under way.
    sending = asyncio.create_task(coco.tap(f"Send to {PARENTS} people"))
    try:
        await wait_for(
            lambda: sending.done() or sent_count(live, broadcast_id) >= SENT_BEFORE_BACKUP,
            f"{SENT_BEFORE_BACKUP} broadcast messages to be sent",
        )
        with closing(read_only(live)) as connection:
            before = committed_rows(connection, broadcast_id)
        assert not sending.done(), "the broadcast ended before the backup could start"
        assert len(before.outbox) == PARENTS
        assert SENT_BEFORE_BACKUP <= len(before.sent) < PARENTS, "backup must start mid-way"
        assert before.broadcast_confirmed_at is not None

        target = tmp_path / "backups" / "during-broadcast.sqlite3"
        started = time.monotonic()
        pages = await asyncio.to_thread(backup, harness.config, target)
        backup_seconds = time.monotonic() - started
        sent_after_backup = sent_count(live, broadcast_id)
    finally:
        await sending
    await harness.tick()  # the planner finishes the broadcast and queues the report

    # The copy: intact, and every row committed before the backup began is in it.
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        in_copy = committed_rows(copy, broadcast_id)
    assert in_copy.broadcast_confirmed_at == before.broadcast_confirmed_at
    assert before.people <= in_copy.people
    assert in_copy.outbox.keys() == before.outbox.keys()
    for row_id, status in before.outbox.items():
        assert (
            STATUS_ORDER[OutboxStatus(in_copy.outbox[row_id])] >= STATUS_ORDER[OutboxStatus(status)]
        ), (row_id, status, in_copy.outbox[row_id])
    assert before.sent <= in_copy.sent
    print(
        f"\nbackup during broadcast: {pages} pages in {backup_seconds:.3f} s;"
        f" sent before {len(before.sent)}, in the copy {len(in_copy.sent)},"
        f" after the backup returned {sent_after_backup} of {PARENTS}"
    )

    # The live database: every parent got the broadcast exactly once, as Telegram saw it.
    with closing(read_only(live)) as connection:
        delivered_to = [
            row[0]
            for row in connection.execute(
                "SELECT people.telegram_id FROM outbox JOIN people ON people.id = outbox.person_id"
                " WHERE outbox.broadcast_id = ? AND outbox.status = 'sent'",
                (broadcast_id,),
            )
        ]
    assert sorted(delivered_to) == sorted(user.id for user in users)
    for user in users:
        assert [m.text for m in user.messages] == [
            f"A message from the Kansrijke Start team:\n\n{BODY}"
        ], user
    assert f"Delivered: {PARENTS}. Blocked the bot: 0. Failed: 0." in coco.last.text
    assert harness.errors == []

    # Restoring is copying the file into place: the project's Database opens it (nothing
    # to migrate) and reads the broadcast back, decrypted with the same key.
    restored_path = tmp_path / "restored" / "kansrijk.sqlite3"
    restored_path.parent.mkdir()
    shutil.copyfile(target, restored_path)
    restored = Database(restored_path)
    try:
        await restored.open()
        assert await restored.migrate() == []
        async with restored.read() as tx:
            broadcast = await BroadcastRepository(tx, harness.services.cipher).get(broadcast_id)
            counts = await OutboxRepository(tx).counts_for_broadcast(broadcast_id)
    finally:
        await restored.close()
    assert broadcast is not None and broadcast.body == BODY
    assert broadcast.confirmed_at is not None
    assert sum(counts.values()) == PARENTS
    assert counts.get(OutboxStatus.SENT, 0) == len(in_copy.sent)
