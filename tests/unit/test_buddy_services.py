"""The buddies' services on a real temporary SQLite database: invites, registering,
contact logs and their correction window, alerts, reminders; and the pure rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.alerts import AlertKind, AlertResponse
from domain.buddies import (
    Availability,
    BuddyProfile,
    family_stage,
    month_bounds,
    previous_month,
)
from domain.contacts import Concern, ContactDetails, ContactKind, Topic, reminder_period
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.invites import InviteExpired, InviteKind, InviteUnknown, InviteUsed
from domain.matches import EndReason
from domain.parents import Phase
from domain.signals import Signal, SignalKind
from services.invites import invite_link
from storage.repositories.matches import MatchRepository
from storage.repositories.signals import SignalRepository
from tests.builders import SERVICES_NOW as NOW
from tests.builders import ServicesEnv, add_buddy, add_coordinator, add_parent, match

PROFILE = BuddyProfile(
    display_name="Bram",
    languages=("nl", "ar"),
    neighbourhoods=("beijum",),
    availability=(Availability.WEEKENDS,),
)


def visit(**changes: object) -> ContactDetails:
    details = ContactDetails(
        day=NOW.date(),
        kind=ContactKind.HOME_VISIT,
        duration_minutes=60,
        topics=(Topic.MONEY, Topic.HOUSING),
        parent_mood=3,
        concern=Concern.NONE,
    )
    return replace(details, **changes)  # type: ignore[arg-type]


async def test_invites_store_only_a_hash_and_work_once(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality="groningen")  # type: ignore[arg-type]
    invites = env.services.invites
    created = await invites.create(coordinator.id, InviteKind.BUDDY, "groningen")
    assert len(created.code) >= 16  # 12 random bytes: 96 bits
    assert created.expires_at == NOW + timedelta(days=14)
    assert invite_link("kansrijk_bot", InviteKind.BUDDY, created.code) == (
        f"https://t.me/kansrijk_bot?start=buddy_{created.code}"
    )
    async with env.services.db.read() as tx:
        stored = await tx.fetch_one("SELECT * FROM invites WHERE id = ?", (created.id,))
    assert stored is not None and created.code not in str(stored)

    with pytest.raises(InviteUnknown):
        await invites.check(InviteKind.COORDINATOR, created.code)
    with pytest.raises(InviteUnknown):
        await invites.check(InviteKind.BUDDY, created.code[:-1])
    redeemed = await invites.redeem(InviteKind.BUDDY, created.code, telegram_id=555)
    assert redeemed.used_at == NOW and redeemed.used_by is None  # not registered yet
    with pytest.raises(InviteUsed):
        await invites.redeem(InviteKind.BUDDY, created.code, telegram_id=556)

    late = await invites.create(coordinator.id, InviteKind.COORDINATOR, None)
    env.clock.advance(days=14)
    with pytest.raises(InviteExpired):
        await invites.check(InviteKind.COORDINATOR, late.code)
    with pytest.raises(ValueError):
        await invites.create(coordinator.id, InviteKind.BUDDY, None)


async def test_registering_uses_the_invite_together_with_the_new_buddy(env: ServicesEnv) -> None:
    coordinator = await add_coordinator(env, 1, municipality="groningen")  # type: ignore[arg-type]
    invites, buddies = env.services.invites, env.services.buddies
    invite = await invites.create(coordinator.id, InviteKind.BUDDY, "groningen")

    with pytest.raises(InvalidInput):  # a neighbourhood of another municipality
        await buddies.register(
            invite_id=invite.id,
            telegram_id=10,
            language="nl",
            profile=replace(PROFILE, neighbourhoods=("oude-pekela",)),
        )
    await add_parent(env, 11)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):  # a parent cannot become a buddy as well
        await buddies.register(invite_id=invite.id, telegram_id=11, language="nl", profile=PROFILE)
    assert (await invites.check(InviteKind.BUDDY, invite.code)).used_at is None

    buddy = await buddies.register(
        invite_id=invite.id, telegram_id=10, language="nl", profile=PROFILE
    )
    assert buddy.municipality == "groningen" and buddy.invited_by == coordinator.id
    assert buddy.languages == ("ar", "nl") and buddy.availability == (Availability.WEEKENDS,)
    with pytest.raises(InviteUsed):
        await invites.check(InviteKind.BUDDY, invite.code)
    with pytest.raises(InviteUsed):
        await buddies.register(invite_id=invite.id, telegram_id=12, language="nl", profile=PROFILE)


async def test_a_contact_log_is_checked_stored_encrypted_and_correctable_for_a_week(
    env: ServicesEnv,
) -> None:
    buddy = await add_buddy(env, 1)  # type: ignore[arg-type]
    other = await add_buddy(env, 2, display_name="Eva")  # type: ignore[arg-type]
    parent = await add_parent(env, 3)  # type: ignore[arg-type]
    await match(env, parent=parent, buddy=buddy)  # type: ignore[arg-type]
    contacts = env.services.contacts

    for bad, reason in [
        (visit(day=NOW.date() + timedelta(days=1)), "date_in_future"),
        (visit(day=NOW.date() - timedelta(days=91)), "date_too_old"),
        (visit(duration_minutes=45), "duration"),
        (visit(topics=()), "no_topics"),
        (visit(parent_mood=6), "mood"),
        (visit(concern=Concern.SOME), "concern_needs_note"),
        (visit(note="x" * 1001), "note_too_long"),
    ]:
        with pytest.raises(InvalidInput) as error:
            await contacts.log(buddy.id, parent.id, bad)
        assert error.value.reason == reason
    with pytest.raises(NotAllowed):
        await contacts.log(other.id, parent.id, visit())

    contact = await contacts.log(buddy.id, parent.id, visit(note="Rent is late"))
    async with env.services.db.read() as tx:
        raw = await tx.fetch_value("SELECT note_text FROM contacts WHERE id = ?", (contact.id,))
    assert b"Rent" not in bytes(raw)
    assert (await contacts.own(buddy.id, contact.id)).details.note == "Rent is late"
    with pytest.raises(NotFound):
        await contacts.own(other.id, contact.id)
    with pytest.raises(NotFound):
        await contacts.correct(other.id, contact.id, parent_mood=1)
    with pytest.raises(ValueError):
        await contacts.correct(buddy.id, contact.id, concern=Concern.URGENT)

    corrected = await contacts.correct(buddy.id, contact.id, parent_mood=5, note=None)
    assert corrected.details.parent_mood == 5 and corrected.details.note is None
    env.clock.advance(days=7, seconds=1)
    with pytest.raises(NotAllowed):
        await contacts.correct(buddy.id, contact.id, parent_mood=2)
    with pytest.raises(NotAllowed):
        await contacts.delete(buddy.id, contact.id)
    assert await contacts.recent(buddy.id) == []


async def test_a_concern_becomes_a_signal_with_the_note(env: ServicesEnv) -> None:
    buddy = await add_buddy(env, 1)  # type: ignore[arg-type]
    parent = await add_parent(env, 3, municipality="veendam", neighbourhood=None)  # type: ignore[arg-type]
    await match(env, parent=parent, buddy=buddy)  # type: ignore[arg-type]
    await env.services.contacts.log(
        buddy.id, parent.id, visit(concern=Concern.SOME, note="Looks exhausted")
    )
    signal = await _only_signal(env)
    assert signal.kind is SignalKind.BUDDY_CONCERN and not signal.urgent
    assert signal.municipality == "veendam" and signal.note == "Looks exhausted"


async def _only_signal(env: ServicesEnv) -> Signal | None:
    async with env.services.db.read() as tx:
        ids = await tx.fetch_all("SELECT id FROM signals")
        assert len(ids) == 1
        return await SignalRepository(tx, env.services.cipher).get(ids[0]["id"])


async def test_alerts_one_open_per_kind_only_for_matched_families(env: ServicesEnv) -> None:
    buddy = await add_buddy(env, 1)  # type: ignore[arg-type]
    parent = await add_parent(env, 3)  # type: ignore[arg-type]
    stranger = await add_parent(env, 4, first_name="Sara")  # type: ignore[arg-type]
    match_id = await match(env, parent=parent, buddy=buddy)  # type: ignore[arg-type]
    alerts = env.services.alerts
    assert await alerts.raise_alert(buddy.id, stranger.id, AlertKind.WANTS_CONTACT) is None
    first = await alerts.raise_alert(buddy.id, parent.id, AlertKind.WANTS_CONTACT)
    assert first is not None
    assert await alerts.raise_alert(buddy.id, parent.id, AlertKind.WANTS_CONTACT) is None
    other_kind = await alerts.raise_alert(buddy.id, parent.id, AlertKind.BLOCKED)
    assert other_kind is not None
    answered = await alerts.respond(buddy.id, first, AlertResponse.HANDLED)
    again = await alerts.respond(buddy.id, first, AlertResponse.WILL_CONTACT)
    assert answered.response is again.response is AlertResponse.HANDLED  # the first counts
    assert await alerts.raise_alert(buddy.id, parent.id, AlertKind.WANTS_CONTACT) is not None

    async with env.services.db.transaction() as tx:
        await MatchRepository(tx).end(match_id, EndReason.OTHER, NOW)
    with pytest.raises(NotFound):  # the family is no longer theirs
        await alerts.own(buddy.id, other_kind)
    assert await alerts.pending(other_kind) is None


async def test_contact_reminders_are_planned_once_per_quiet_period(env: ServicesEnv) -> None:
    buddy = await add_buddy(env, 1)  # type: ignore[arg-type]
    parent = await add_parent(env, 3)  # type: ignore[arg-type]
    await match(env, parent=parent, buddy=buddy)  # type: ignore[arg-type]
    contacts = env.services.contacts
    env.clock.advance(days=13)
    assert await contacts.plan_reminders() == 0
    env.clock.advance(days=1)
    assert await contacts.plan_reminders() == 1
    assert await contacts.plan_reminders() == 0
    env.clock.advance(days=14)
    assert await contacts.plan_reminders() == 1  # still nothing logged: again
    await contacts.log(buddy.id, parent.id, visit(day=env.clock.now().date()))
    assert not await contacts.reminder_still_due(buddy.id, parent.id, NOW.date())


def test_family_stage_and_months() -> None:
    today = date(2026, 11, 23)
    stage = family_stage(Phase.PREGNANT, today, today + timedelta(days=140), None)
    assert stage.pregnancy_week == 20
    assert family_stage(Phase.BABY, today, None, today - timedelta(days=20)).baby_weeks == 2
    assert family_stage(Phase.BABY, today, None, date(2026, 1, 31)).baby_months == 9
    assert family_stage(Phase.WISH, today, None, None).pregnancy_week is None
    assert previous_month(date(2026, 1, 5)) == "2025-12"
    assert month_bounds("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    assert reminder_period(date(2026, 11, 1), date(2026, 11, 14), 14) is None
    assert reminder_period(date(2026, 11, 1), date(2026, 11, 30), 14) == (2, date(2026, 11, 29))


async def test_wellbeing_overview_for_the_coordinators_supervision(env: ServicesEnv) -> None:
    bram = await add_buddy(env, 1)  # type: ignore[arg-type]
    await add_buddy(env, 2, display_name="Eva", municipality="veendam")  # type: ignore[arg-type]
    parent = await add_parent(env, 3)  # type: ignore[arg-type]
    province = await add_coordinator(env, 4, municipality=None)  # type: ignore[arg-type]
    veendam = await add_coordinator(env, 5, municipality="veendam")  # type: ignore[arg-type]
    await match(env, parent=parent, buddy=bram)  # type: ignore[arg-type]
    await env.services.contacts.log(bram.id, parent.id, visit(duration_minutes=90))
    buddies = env.services.buddies
    with pytest.raises(InvalidInput):
        await buddies.record_wellbeing(bram.id, "2026-12", score=4, hours=2)  # not yet begun
    await buddies.record_wellbeing(bram.id, "2026-11", score=2, hours=6)
    overview = await buddies.wellbeing_overview(province.id, "2026-11")
    assert [(w.display_name, w.score, w.hours, w.logged_minutes) for w in overview] == [
        ("Bram", 2, 6.0, 90),
        ("Eva", None, None, 0),
    ]
    only_veendam = await buddies.wellbeing_overview(veendam.id, "2026-11")
    assert [w.display_name for w in only_veendam] == ["Eva"]
    async with env.services.db.read() as tx:
        viewed = await tx.fetch_all(
            "SELECT actor_id, detail FROM audit_log WHERE action = 'buddy_wellbeing_viewed'"
        )
    assert [(row["actor_id"], row["detail"]) for row in viewed] == [
        (province.id, "2026-11"),
        (veendam.id, "2026-11"),
    ]
    with pytest.raises(InvalidInput):
        await buddies.wellbeing_overview(province.id, "2026-13")
    with pytest.raises(InvalidInput):
        await buddies.wellbeing_overview(province.id, "2027-01")  # not begun yet
    with pytest.raises(NotAllowed):
        await buddies.wellbeing_overview(bram.id, "2026-11")
