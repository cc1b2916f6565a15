"""Retention on a real database: who is erased when, and old audit entries."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.matches import EndReason
from services.retention import months_before
from storage.repositories.audit import AuditRepository
from storage.repositories.matches import MatchRepository
from tests.builders import add_buddy, add_parent, match
from tests.harness import BotHarness


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(datetime(2027, 3, 31, 12, tzinfo=UTC), 1) == datetime(
        2027, 2, 28, 12, tzinfo=UTC
    )
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 12) == datetime(2026, 1, 15, tzinfo=UTC)


async def test_parents_are_erased_a_year_after_their_match_ended(harness: BotHarness) -> None:
    buddy = await add_buddy(harness, 10)
    ended = await add_parent(harness, 11, first_name="Ended")
    running = await add_parent(harness, 12, first_name="Running")
    never_matched = await add_parent(harness, 13, first_name="Waiting")
    ended_match = await match(harness, parent=ended, buddy=buddy)
    await match(harness, parent=running, buddy=buddy)
    async with harness.services.db.transaction() as tx:
        await MatchRepository(tx).end(ended_match, EndReason.GOALS_REACHED, harness.clock.now())
        await AuditRepository(tx).record(
            actor_id=None, action="old", subject_id=None, now=harness.clock.now()
        )

    harness.clock.advance(days=300)
    assert (await harness.services.retention.apply()).parents_erased == 0

    harness.clock.advance(days=70)
    report = await harness.services.retention.apply()
    assert report.parents_erased == 1
    async with harness.services.db.read() as tx:
        remaining = {
            row["person_id"] for row in await tx.fetch_all("SELECT person_id FROM parents")
        }
    assert remaining == {running.id, never_matched.id}

    harness.clock.advance(days=365 * 5)
    assert (await harness.services.retention.apply()).audit_entries_deleted >= 1
