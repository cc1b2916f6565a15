"""The coordinators' services on a real temporary SQLite database: scope, the waiting
list of an activity, broadcasts with blocked people, re-announcing signals, audit."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.activities import ActivityDraft, SignupStatus
from domain.audience import AudienceRole, Segment
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.invites import InviteKind, InviteUsed
from domain.parents import Phase
from domain.referrals import SourceKind
from domain.signals import SignalKind
from storage.repositories.people import PeopleRepository
from tests.builders import SERVICES_NOW as NOW
from tests.builders import ServicesEnv, add_buddy, add_coordinator, add_parent

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def outbox_kinds(env: ServicesEnv, person_id: int) -> list[str]:
    async with env.services.db.read() as tx:
        rows = await tx.fetch_all(
            "SELECT kind FROM outbox WHERE person_id = ? ORDER BY id", (person_id,)
        )
    return [row["kind"] for row in rows]


def draft(**changes: object) -> ActivityDraft:
    values: dict[str, object] = {
        "municipality": "groningen",
        "title": "Baby café",
        "description": "",
        "starts_at": NOW + timedelta(days=3),
        "place": "Library",
        "capacity": 1,
    }
    values.update(changes)
    return ActivityDraft(**values)  # type: ignore[arg-type]


async def test_waiting_list_in_order_and_promotion(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality="groningen")  # type: ignore[arg-type]
    parents = [await add_parent(env, 100 + i, first_name=f"P{i}") for i in range(3)]  # type: ignore[arg-type]
    activities = env.services.activities
    activity_id = await activities.create(coordinator.id, draft())
    assert await activities.publish(coordinator.id, activity_id) == 3
    with pytest.raises(InvalidInput):
        await activities.publish(coordinator.id, activity_id)

    first, second, third = (p.id for p in parents)
    assert (await activities.sign_up(first, activity_id)).status is SignupStatus.SIGNED_UP
    env.clock.advance(seconds=1)
    assert (await activities.sign_up(second, activity_id)).waitlist_position == 1
    env.clock.advance(seconds=1)
    assert (await activities.sign_up(third, activity_id)).waitlist_position == 2
    assert (await activities.sign_up(first, activity_id)).status is SignupStatus.SIGNED_UP

    await activities.cancel_signup(first, activity_id)
    assert (await activities.for_parent(second, activity_id)).status is SignupStatus.SIGNED_UP
    assert (await activities.for_parent(third, activity_id)).waitlist_position == 1
    assert "activity_promoted" in await outbox_kinds(env, second)
    await activities.cancel_signup(third, activity_id)  # from the waiting list: nobody moves
    assert "activity_promoted" not in await outbox_kinds(env, third)
    with pytest.raises(InvalidInput):
        await activities.cancel_signup(third, activity_id)

    env.clock.advance(days=2, hours=12)
    assert await activities.plan_reminders() == 1
    assert await activities.plan_reminders() == 0  # planned once
    assert (await outbox_kinds(env, second)).count("activity_reminder") == 1


async def test_publishing_reaches_only_the_audience_that_may_get_messages(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality="groningen")  # type: ignore[arg-type]
    pregnant = await add_parent(env, 101)  # type: ignore[arg-type]
    baby = await add_parent(env, 102, phase=Phase.BABY, birth_date=date(2026, 6, 1))  # type: ignore[arg-type]
    arabic = await add_parent(env, 103, language="ar")  # type: ignore[arg-type]
    stopped = await add_parent(env, 104)  # type: ignore[arg-type]
    paused = await add_parent(env, 105)  # type: ignore[arg-type]
    blocked = await add_parent(env, 106)  # type: ignore[arg-type]
    async with env.services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET stopped_at = '2026-11-01T00:00:00.000000Z' WHERE person_id = ?",
            (stopped.id,),
        )
        await tx.execute(
            "UPDATE parents SET paused_until = '2026-12-01' WHERE person_id = ?", (paused.id,)
        )
        await PeopleRepository(tx).set_active(blocked.id, False, NOW)
    activities = env.services.activities
    activity_id = await activities.create(
        coordinator.id, draft(audience_phase=Phase.PREGNANT, audience_language="nl")
    )
    assert await activities.publish(coordinator.id, activity_id) == 1
    assert await outbox_kinds(env, pregnant.id) == ["activity_published"]
    for person in (baby, arabic, stopped, paused, blocked):
        assert await outbox_kinds(env, person.id) == []
    with pytest.raises(NotFound):
        await activities.sign_up(baby.id, activity_id)


async def test_scope_of_a_local_coordinator(env: ServicesEnv) -> None:
    local = await add_coordinator(env, 1, municipality="westerkwartier")  # type: ignore[arg-type]
    parent = await add_parent(env, 101)  # type: ignore[arg-type]
    buddy = await add_buddy(env, 201)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):
        await env.services.activities.create(local.id, draft())
    with pytest.raises(NotFound):
        await env.services.coordinators.parent_details(local.id, parent.id)
    with pytest.raises(NotFound):
        await env.services.matching.match(local.id, parent.id, buddy.id)
    with pytest.raises(NotAllowed):
        await env.services.broadcasts.draft(local.id, Segment(municipality=None), "Hi")
    with pytest.raises(NotAllowed):
        await env.services.referrals.create(
            local.id, municipality="groningen", source_kind=SourceKind.GP, name="GP"
        )
    assert await env.services.matching.waiting(local.id) == []
    with pytest.raises(NotAllowed):
        await env.services.matching.waiting(parent.id)  # a parent is no coordinator


async def test_broadcast_counts_blocked_people_without_sending_to_them(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality=None)  # type: ignore[arg-type]
    other = await add_coordinator(env, 2, municipality=None)  # type: ignore[arg-type]
    reachable = [await add_parent(env, 100 + i) for i in range(3)]  # type: ignore[arg-type]
    blocked = await add_parent(env, 110)  # type: ignore[arg-type]
    await add_buddy(env, 201)  # type: ignore[arg-type]
    async with env.services.db.transaction() as tx:
        await PeopleRepository(tx).set_active(blocked.id, False, NOW)
    broadcasts = env.services.broadcasts
    segment = Segment(role=AudienceRole.PARENTS, municipality="groningen")
    assert await broadcasts.audience_size(coordinator.id, segment) == 3
    created = await broadcasts.draft(coordinator.id, segment, "Hello")
    assert (created.recipients, created.unreachable) == (3, 1)
    with pytest.raises(NotFound):
        await broadcasts.confirm(other.id, created.broadcast_id)
    progress = await broadcasts.confirm(coordinator.id, created.broadcast_id)
    assert (progress.total, progress.blocked, progress.waiting) == (4, 1, 3)
    with pytest.raises(InvalidInput):
        await broadcasts.confirm(coordinator.id, created.broadcast_id)
    assert await broadcasts.finish_if_done(created.broadcast_id) is None  # still waiting
    async with env.services.db.transaction() as tx:
        await tx.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")
    final = await broadcasts.finish_if_done(created.broadcast_id)
    assert final is not None and (final.delivered, final.blocked, final.failed) == (3, 1, 0)
    assert await broadcasts.finish_if_done(created.broadcast_id) is None  # reported once
    assert await outbox_kinds(env, coordinator.id) == ["broadcast_report"]
    assert await broadcasts.message_for(created.broadcast_id, reachable[0].id) == "Hello"
    async with env.services.db.read() as tx:
        stored = await tx.fetch_value("SELECT body_text FROM broadcasts")
    assert b"Hello" not in stored


async def test_unclaimed_urgent_signals_are_announced_once_per_round(env: ServicesEnv) -> None:
    province = await add_coordinator(env, 1, municipality=None)  # type: ignore[arg-type]
    local = await add_coordinator(env, 2, municipality="groningen")  # type: ignore[arg-type]
    elsewhere = await add_coordinator(env, 3, municipality="eemsdelta")  # type: ignore[arg-type]
    signal_id = await env.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.URGENT_HELP, urgent=True
    )
    inbox = env.services.signals_inbox
    assert await inbox.renotify_unclaimed() == 0
    env.clock.advance(hours=4)
    assert await inbox.renotify_unclaimed() == 2
    assert await inbox.renotify_unclaimed() == 0
    env.clock.advance(hours=4)
    assert await inbox.renotify_unclaimed() == 2
    assert (await outbox_kinds(env, local.id)).count("signal_raised") == 3
    assert await outbox_kinds(env, elsewhere.id) == []
    await inbox.claim(local.id, signal_id)
    with pytest.raises(InvalidInput):
        await inbox.claim(province.id, signal_id)
    env.clock.advance(hours=8)
    assert await inbox.renotify_unclaimed() == 0
    with pytest.raises(NotFound):
        await inbox.view(elsewhere.id, signal_id)
    await inbox.resolve(province.id, signal_id, "Handled by the GP")
    assert await inbox.open_signals(local.id) == []


async def test_opening_a_family_is_audited_in_its_municipality(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality=None)  # type: ignore[arg-type]
    local = await add_coordinator(env, 2, municipality="eemsdelta")  # type: ignore[arg-type]
    parent = await add_parent(env, 101, first_name="Fatima")  # type: ignore[arg-type]
    details = await env.services.coordinators.parent_details(coordinator.id, parent.id)
    assert details.parent.first_name == "Fatima" and details.buddy_name is None
    entries = await env.services.audit.recent_access(coordinator.id)
    assert [(e.parent_first_name, e.municipality) for e in entries] == [("Fatima", "groningen")]
    assert await env.services.audit.recent_access(local.id) == []


async def test_coordinator_invite_is_used_once(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality=None)  # type: ignore[arg-type]
    created = await env.services.coordinators.create_invite(
        coordinator.id, InviteKind.COORDINATOR, "pekela"
    )
    invite = await env.services.coordinators.check_invite(created.code)
    registered = await env.services.coordinators.register(
        invite_id=invite.id, telegram_id=77, display_name="  Petra  ", language="nl"
    )
    assert (registered.municipality, registered.display_name) == ("pekela", "Petra")
    with pytest.raises(InviteUsed):
        await env.services.coordinators.register(
            invite_id=invite.id, telegram_id=78, display_name="Piet", language="nl"
        )
    async with env.services.db.read() as tx:
        assert await PeopleRepository(tx).by_telegram_id(78) is None  # rolled back
