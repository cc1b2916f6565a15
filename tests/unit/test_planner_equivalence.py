"""The planners that look only at rows whose stored next moment has come (migration 0006)
plan exactly what looking at every parent and pair at every run plans (the algorithm they
replaced, kept here as the reference): over six weeks with a daylight saving change,
downtime, and parents and buddies changing their settings, consents and contacts."""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.services import Services
from domain.checkins import CheckinKind
from domain.consent import Purpose
from domain.contacts import reminder_period
from domain.schedule import (
    PLAN_AHEAD,
    checkin_series,
    is_paused,
    is_stress_week,
    local_day,
    programme_over,
    slot_label,
    tip_series,
)
from services.checkins import CHECKIN, EVERY_WEEKS
from services.contacts import CONTACT_REMINDER, REMINDER_LOCAL_TIME
from services.outbox import Outgoing
from services.tips_delivery import WEEKLY_TIP, current_stage
from storage.repositories.checkins import CheckinRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.contacts import ContactRepository
from storage.repositories.parents import ParentRepository
from storage.time import to_text
from tests.harness import FakeClock
from tests.unit.conftest import OpenServices

START = datetime(2026, 10, 14, 6, 0, tzinfo=UTC)  # summer time ends on 25 October
END = START + timedelta(weeks=6)


async def populate(services: Services, seed: int) -> None:
    """The same parents, buddies and matches in every database (a seeded generator)."""
    rng = random.Random(seed)
    async with services.db.transaction() as tx:
        for person in range(1, 41):
            registered = START - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1439))
            await tx.execute(
                "INSERT INTO people (id, telegram_id, role, language, first_name, active,"
                " created_at) VALUES (?, ?, 'parent', 'nl', 'P', 1, ?)",
                (person, 1000 + person, to_text(registered)),
            )
            phase = rng.choice(["pregnant", "baby", "baby", "wish"])
            birth = date(2024, 10, 20) + timedelta(days=rng.randint(0, 40))  # 2nd birthdays
            await tx.execute(
                "INSERT INTO parents (person_id, phase, due_date, birth_date, phase_started_at,"
                " municipality, checkin_frequency, preferred_time, registered_at)"
                " VALUES (?, ?, ?, ?, ?, 'groningen', ?, ?, ?)",
                (
                    person,
                    phase,
                    (START.date() + timedelta(days=rng.randint(-5, 200))).isoformat()
                    if phase == "pregnant"
                    else None,
                    birth.isoformat() if phase == "baby" else None,
                    to_text(registered),
                    rng.choice(["weekly", "weekly", "biweekly", "off"]),
                    rng.choice(["morning", "afternoon", "evening"]),
                    to_text(registered),
                ),
            )
            for purpose in Purpose:
                await ConsentRepository(tx).record(person, purpose, True, "v1", registered)
        for buddy in range(41, 46):
            await tx.execute(
                "INSERT INTO people (id, telegram_id, role, language, first_name, active,"
                " created_at) VALUES (?, ?, 'buddy', 'nl', 'B', 1, ?)",
                (buddy, 1000 + buddy, to_text(START - timedelta(days=90))),
            )
            await tx.execute(
                "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
                " VALUES (?, 'B', 'groningen', ?)",
                (buddy, to_text(START - timedelta(days=90))),
            )
        for parent in range(1, 31):
            started = START - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
            await tx.execute(
                "INSERT INTO matches (parent_id, buddy_id, started_at) VALUES (?, ?, ?)",
                (parent, 41 + parent % 5, to_text(started)),
            )


def changes(rng: random.Random, now: datetime, today: date) -> list[tuple[str, tuple[Any, ...]]]:
    """A random change a parent or buddy might make (SQL, as the services would)."""
    parent = rng.randint(1, 40)
    options: list[tuple[str, tuple[Any, ...]]] = [
        (
            "UPDATE parents SET preferred_time = ? WHERE person_id = ?",
            (rng.choice(["morning", "afternoon", "evening"]), parent),
        ),
        (
            "UPDATE parents SET checkin_frequency = ? WHERE person_id = ?",
            (rng.choice(["weekly", "biweekly", "off"]), parent),
        ),
        (
            "UPDATE parents SET paused_until = ? WHERE person_id = ?",
            (
                rng.choice([None, (today + timedelta(days=rng.randint(0, 12))).isoformat()]),
                parent,
            ),
        ),
        (
            "INSERT INTO consents (person_id, purpose, granted, text_version, recorded_at)"
            " VALUES (?, 'messages', ?, 'v1', ?)",
            (parent, rng.choice([0, 1, 1]), to_text(now)),
        ),
        ("UPDATE people SET active = ? WHERE id = ?", (rng.choice([0, 1, 1]), parent)),
        (
            "UPDATE parents SET stopped_at = ? WHERE person_id = ?",
            (rng.choice([None, None, to_text(now)]), parent),
        ),
        (
            "UPDATE parents SET phase = 'baby', due_date = NULL, birth_date = ?"
            " WHERE person_id = ? AND phase = 'pregnant'",
            ((today - timedelta(days=rng.randint(0, 3))).isoformat(), parent),
        ),
    ]
    if parent <= 30:  # a matched family: the buddy logs a contact, or corrects one
        options += [
            (
                "INSERT INTO contacts (buddy_id, parent_id, municipality, contact_date, kind,"
                " duration_minutes, created_at, updated_at)"
                " VALUES (?, ?, 'groningen', ?, 'call', 20, ?, ?)",
                (
                    41 + parent % 5,
                    parent,
                    (today - timedelta(days=rng.randint(0, 3))).isoformat(),
                    to_text(now),
                    to_text(now),
                ),
            ),
            (
                "DELETE FROM contacts WHERE id = (SELECT MAX(id) FROM contacts"
                " WHERE parent_id = ?)",
                (parent,),
            ),
        ]
    return [rng.choice(options)]


# --- the algorithms the planners replaced ---------------------------------------------


async def reference_checkins(services: Services) -> None:
    now = services.checkins._clock.now()
    timezone = services.checkins._timezone
    async with services.db.read() as tx:
        parents = await ParentRepository(tx).messageable()
    async with services.db.transaction() as tx:
        for parent in parents:
            every_weeks = EVERY_WEEKS.get(parent.checkin_frequency)
            if every_weeks is None:
                continue
            series = checkin_series(
                local_day(parent.registered_at, timezone),
                parent.preferred_time,
                every_weeks,
                timezone,
            )
            due = series.due(now)
            if due is None:
                continue
            index, slot = due
            day = series.day(index)
            if is_paused(parent, day) or programme_over(parent, day):
                continue
            checkins = CheckinRepository(tx)
            if await checkins.planned_on(parent.person_id, day.isoformat()):
                continue
            kind = CheckinKind.STRESS if is_stress_week(index) else CheckinKind.MOOD
            checkin_id = await checkins.add(
                parent_id=parent.person_id, kind=kind, slot=slot_label(slot, timezone)
            )
            if checkin_id is None:
                continue
            await services.outbox.enqueue_in(
                tx,
                Outgoing(
                    person_id=parent.person_id,
                    kind=CHECKIN,
                    payload={"checkin_id": checkin_id},
                    due_at=slot,
                    dedupe_key=f"checkin:{checkin_id}",
                ),
            )


async def reference_tips(services: Services) -> None:
    tips = services.tips_delivery
    now = tips._clock.now()
    timezone = tips._timezone
    async with services.db.read() as tx:
        parents = await ParentRepository(tx).messageable()
    async with services.db.transaction() as tx:
        for parent in parents:
            series = tip_series(
                local_day(parent.registered_at, timezone), parent.preferred_time, timezone
            )
            due = series.due(now)
            if programme_over(parent, local_day(now + PLAN_AHEAD, timezone)):
                await tips._plan_closing(tx, parent)
                continue
            if due is None:
                continue
            week, slot = due
            day = series.day(week)
            if is_paused(parent, day) or current_stage(parent, day) is None:
                continue
            await services.outbox.enqueue_in(
                tx,
                Outgoing(
                    person_id=parent.person_id,
                    kind=WEEKLY_TIP,
                    payload={"week": week},
                    due_at=slot,
                    dedupe_key=f"tip:{parent.person_id}:{week}",
                ),
            )


async def reference_contact_reminders(services: Services) -> None:
    contacts = services.contacts
    every = contacts._rules.buddy_contact_reminder_days
    today = contacts.today()
    async with services.db.read() as tx:
        pairs = await ContactRepository(tx, contacts._cipher).active_pairs()
    messages = []
    for pair in pairs:
        reference = contacts._reference_day(pair)
        due = reminder_period(reference, today, every)
        if due is None:
            continue
        period, day = due
        messages.append(
            Outgoing(
                person_id=pair.buddy_id,
                kind=CONTACT_REMINDER,
                payload={"parent_id": pair.parent_id, "since": reference.isoformat()},
                due_at=datetime.combine(day, REMINDER_LOCAL_TIME, contacts._timezone),
                dedupe_key=(
                    f"contact_reminder:{pair.buddy_id}:{pair.parent_id}"
                    f":{reference.isoformat()}:{period}"
                ),
            )
        )
    if messages:
        await services.outbox.enqueue(*messages)


async def planned(services: Services) -> tuple[set[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Everything planned so far, without the row ids (they may be numbered otherwise)."""
    async with services.db.read() as tx:
        checkins = await tx.fetch_all("SELECT id, parent_id, kind, slot FROM checkins")
        outbox = await tx.fetch_all(
            "SELECT person_id, kind, payload, due_at, dedupe_key FROM outbox"
        )
    slots = {row["id"]: row["slot"] for row in checkins}
    rows = []
    for row in outbox:
        payload = json.loads(row["payload"])
        key = row["dedupe_key"]
        if "checkin_id" in payload:
            payload["checkin_id"] = slots[payload.pop("checkin_id")]
            key = "checkin"
        if "survey_id" in payload:
            payload.pop("survey_id")
            key = "survey"
        rows.append((row["person_id"], row["kind"], payload, row["due_at"], key))
    return {(r["parent_id"], r["kind"], r["slot"]) for r in checkins}, sorted(rows, key=str)


async def test_the_planners_plan_what_looking_at_everyone_plans(
    open_services: OpenServices,
) -> None:
    clock = FakeClock(START)
    new = await open_services("new", clock)
    old = await open_services("old", clock)
    for services in (new, old):
        await populate(services, seed=7)
    pairs: list[tuple[Callable[[], Awaitable[int]], Callable[[Services], Awaitable[None]]]] = [
        (new.checkins.plan_due, reference_checkins),
        (new.tips_delivery.plan_due, reference_tips),
        (new.contacts.plan_reminders, reference_contact_reminders),
    ]
    rng = random.Random(11)
    steps = 0
    while clock.now() < END:
        for plan, reference in pairs:
            await plan()
            await reference(old)
        assert await planned(new) == await planned(old), f"after {clock.now()}"
        steps += 1
        if rng.random() < 0.4:
            today = local_day(clock.now(), new.checkins._timezone)
            for sql, params in changes(rng, clock.now(), today):
                for services in (new, old):
                    async with services.db.transaction() as tx:
                        await tx.execute(sql, params)
        if rng.random() < 0.03:
            clock.advance(days=rng.randint(1, 3), minutes=rng.randint(0, 600))  # downtime
        else:
            clock.advance(minutes=rng.choice([5, 5, 10, 15, 30, 60, 90, 180, 300]))
    checkins, outbox = await planned(new)
    assert steps > 300
    assert len(checkins) > 50 and len(outbox) > 250  # it planned a lot, the same
    kinds = {CHECKIN, WEEKLY_TIP, CONTACT_REMINDER, "programme_closing", "survey"}
    assert {row[1] for row in outbox} == kinds


async def test_a_pause_lifted_the_day_after_brings_the_skipped_checkin(
    open_services: OpenServices,
) -> None:
    # Registered on Monday 2 November, morning check-ins: Monday 9 November 09:30 local.
    clock = FakeClock(datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    services = await open_services("pause", clock)
    await populate(services, seed=3)
    async with services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET registered_at = ?, checkin_frequency = 'weekly',"
            " preferred_time = 'morning', paused_until = '2026-11-12', stopped_at = NULL"
            " WHERE person_id = 1",
            (to_text(clock.now()),),
        )
    slot = "2026-11-09T09:30"

    async def planned_slots() -> list[str]:
        async with services.db.read() as tx:
            rows = await tx.fetch_all("SELECT slot FROM checkins WHERE parent_id = 1")
        return [row["slot"] for row in rows]

    clock.set(datetime(2026, 11, 9, 8, 25, tzinfo=UTC))  # 09:25 local: planned now, if at all
    await services.checkins.plan_due()
    assert slot not in await planned_slots()  # paused
    clock.set(datetime(2026, 11, 9, 20, 0, tzinfo=UTC))
    await services.checkins.plan_due()
    async with services.db.transaction() as tx:  # back early, the same evening
        await ParentRepository(tx).set_paused_until(1, None)
    await services.checkins.plan_due()
    assert slot in await planned_slots()  # caught up: less than a day late
