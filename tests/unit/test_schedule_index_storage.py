"""The planners' set-based queries and the materialised columns of migration 0006 (kept
by the planners, reset by triggers), on a real temporary SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.alerts import AlertKind, AlertResponse
from domain.checkins import CheckinKind
from domain.consent import Purpose
from domain.contacts import Concern, ContactDetails, ContactKind
from domain.matches import EndReason
from domain.parents import Phase
from domain.people import Role
from domain.surveys import SurveyDue, SurveyKind
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.alerts import AlertRepository
from storage.repositories.buddies import BuddyRepository
from storage.repositories.checkins import CheckinRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.contacts import ContactRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.outbox import NewMessage, OutboxRepository
from storage.repositories.parents import (
    NEVER,
    NOT_KNOWN,
    ParentRepository,
    ParentSchedule,
    parents_past_retention,
)
from storage.repositories.people import PeopleRepository
from storage.repositories.planner_marks import PlannerMarkRepository
from storage.repositories.surveys import SurveyRepository
from storage.repositories.threads import ThreadRepository
from storage.time import to_text

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def add_parent(db: Database, telegram_id: int, *, consent: bool = True) -> int:
    async with db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=Role.PARENT, language="nl", first_name="P", now=NOW
        )
        await ParentRepository(tx).add(
            person_id=person.id,
            phase=Phase.WISH,
            due_date=None,
            birth_date=None,
            municipality="groningen",
            neighbourhood=None,
            referral_link_id=None,
            now=NOW,
        )
        consents = ConsentRepository(tx)
        for purpose in Purpose:
            await consents.record(person.id, purpose, consent, "v1", NOW)
    return person.id


async def add_buddy(db: Database, telegram_id: int) -> int:
    async with db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=Role.BUDDY, language="nl", first_name="B", now=NOW
        )
        await tx.execute(
            "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
            " VALUES (?, 'B', 'groningen', ?)",
            (person.id, to_text(NOW - timedelta(days=30))),
        )
    return person.id


async def match(db: Database, buddy: int, parent: int, started: datetime = NOW) -> int:
    async with db.transaction() as tx:
        return await MatchRepository(tx).start(
            parent_id=parent, buddy_id=buddy, created_by=None, now=started
        )


async def value(db: Database, sql: str, *params: object) -> object:
    async with db.read() as tx:
        return await tx.fetch_value(sql, params)


async def due_ids(db: Database, horizon: datetime, limit: int = 100) -> list[int]:
    """Every page of messageable_due, concatenated."""
    found, after = [], None
    while True:
        async with db.read() as tx:
            page = await ParentRepository(tx).messageable_due(
                ParentSchedule.CHECKINS, horizon, after=after, limit=limit
            )
        found += [parent.person_id for parent in page.parents]
        if page.after is None:
            return found
        after = page.after


# --- parents: next slot per planner ---------------------------------------------------


async def test_new_parents_are_due_until_their_next_slot_is_stored(db: Database) -> None:
    first, second = await add_parent(db, 1), await add_parent(db, 2)
    assert await value(db, "SELECT next_checkin_at FROM parents WHERE person_id = ?", first) == ""
    assert await due_ids(db, NOW) == [first, second]

    async with db.transaction() as tx:
        await ParentRepository(tx).set_schedule(
            ParentSchedule.CHECKINS, [(first, NOW + timedelta(days=3)), (second, None)]
        )
    assert await due_ids(db, NOW) == []
    assert await due_ids(db, NOW + timedelta(days=3)) == [first]  # at the horizon: due
    assert await due_ids(db, NOW + timedelta(days=3000)) == [first]  # None: never
    assert (
        await value(db, "SELECT next_checkin_at FROM parents WHERE person_id = ?", second) == NEVER
    )
    # The other planner's column is untouched.
    async with db.read() as tx:
        page = await ParentRepository(tx).messageable_due(ParentSchedule.TIPS, NOW, limit=10)
    assert [parent.person_id for parent in page.parents] == [first, second]


async def test_due_parents_come_in_pages_and_only_the_messageable(db: Database) -> None:
    ids = [await add_parent(db, telegram_id) for telegram_id in range(1, 8)]
    no_consent = await add_parent(db, 8, consent=False)
    async with db.transaction() as tx:
        await tx.execute("UPDATE people SET active = 0 WHERE id = ?", (ids[1],))
        await tx.execute(
            "UPDATE parents SET stopped_at = ? WHERE person_id = ?", (to_text(NOW), ids[2])
        )
        await ParentRepository(tx).set_schedule(
            ParentSchedule.CHECKINS,
            [(ids[3], NOW - timedelta(hours=1)), (ids[4], NOW - timedelta(hours=2))],
        )
    expected = [ids[0], ids[5], ids[6], ids[4], ids[3]]  # not known first, then by moment
    assert no_consent not in expected
    for limit in (1, 2, 3, 5, 100):
        assert await due_ids(db, NOW, limit=limit) == expected


async def test_schedule_settings_reset_the_stored_slots(db: Database) -> None:
    parent = await add_parent(db, 1)
    later = NOW + timedelta(days=5)

    async def store() -> None:
        async with db.transaction() as tx:
            repository = ParentRepository(tx)
            await repository.set_schedule(ParentSchedule.CHECKINS, [(parent, later)])
            await repository.set_schedule(ParentSchedule.TIPS, [(parent, later)])

    async def stored() -> tuple[object, object]:
        async with db.read() as tx:
            row = await tx.fetch_one(
                "SELECT next_checkin_at, next_tip_at FROM parents WHERE person_id = ?", (parent,)
            )
        assert row is not None
        return row["next_checkin_at"], row["next_tip_at"]

    changes = [
        "preferred_time = 'evening'",
        "checkin_frequency = 'biweekly'",
        "paused_until = '2026-12-01'",
        "phase = 'baby', birth_date = '2026-11-01'",
        "due_date = '2027-01-01'",
        "phase_started_at = '2026-11-20T10:00:00.000000Z'",
        "registered_at = '2026-11-20T10:00:00.000000Z'",
        "stopped_at = '2026-11-20T10:00:00.000000Z'",
        "stopped_at = NULL",
    ]
    for change in changes:
        await store()
        async with db.transaction() as tx:
            await tx.execute(f"UPDATE parents SET {change} WHERE person_id = ?", (parent,))
        assert await stored() == (NOT_KNOWN, NOT_KNOWN), change

    await store()
    async with db.transaction() as tx:  # the same value again, and unrelated columns
        await tx.execute(
            "UPDATE parents SET preferred_time = 'evening', municipality = 'oldambt'"
            " WHERE person_id = ?",
            (parent,),
        )
    assert await stored() == (to_text(later), to_text(later))

    async with db.transaction() as tx:
        assert await ParentRepository(tx).clear_schedule(ParentSchedule.TIPS) == 1
    assert await stored() == (to_text(later), NOT_KNOWN)


async def test_get_many(db: Database) -> None:
    ids = [await add_parent(db, telegram_id) for telegram_id in range(1, 4)]
    async with db.read() as tx:
        found = await ParentRepository(tx).get_many([ids[2], ids[0], 999, ids[0]])
    assert sorted(found) == [ids[0], ids[2]]
    assert found[ids[2]].person_id == ids[2]


async def test_planner_marks_hold_for_the_same_basis_and_a_clock_going_forward(
    db: Database,
) -> None:
    async def valid(basis: str, now: datetime) -> bool:
        async with db.transaction() as tx:
            return await PlannerMarkRepository(tx).still_valid("checkins", basis, now)

    assert not await valid("a", NOW)  # never ran
    assert await valid("a", NOW)
    assert await valid("a", NOW + timedelta(minutes=5))
    assert not await valid("a", NOW)  # the clock went back
    assert await valid("a", NOW + timedelta(minutes=1))
    assert not await valid("b", NOW + timedelta(minutes=2))  # another time zone, say
    assert await valid("b", NOW + timedelta(minutes=2))


# --- check-ins, consents, outbox -----------------------------------------------------


async def test_checkins_planned_on_days_and_added_at_once(db: Database) -> None:
    first, second, third = [await add_parent(db, n) for n in (1, 2, 3)]
    async with db.transaction() as tx:
        checkins = CheckinRepository(tx)
        existing = await checkins.add(
            parent_id=first, kind=CheckinKind.MOOD, slot="2026-11-30T09:30"
        )
        assert await checkins.planned_on_days(
            [(first, "2026-11-30"), (second, "2026-11-30"), (first, "2026-11-29")]
        ) == {first}
        assert await checkins.planned_on_days([]) == set()
        added = await checkins.add_many(
            [
                (first, CheckinKind.MOOD, "2026-11-30T09:30"),  # exists: left out
                (second, CheckinKind.STRESS, "2026-11-30T14:00"),
                (third, CheckinKind.MOOD, "2026-12-01T19:30"),
            ]
        )
        assert sorted(added) == [second, third]
        assert existing not in added.values()
        stress = await checkins.get(added[second])
        assert stress is not None
        assert (stress.kind, stress.slot) == (CheckinKind.STRESS, "2026-11-30T14:00")
        assert await checkins.add_many([]) == {}


async def test_consent_in_force_among_many(db: Database) -> None:
    yes, no = await add_parent(db, 1), await add_parent(db, 2, consent=False)
    withdrew = await add_parent(db, 3)
    async with db.transaction() as tx:
        consents = ConsentRepository(tx)
        await consents.record(withdrew, Purpose.MONITORING, False, "v1", NOW)
        await consents.record(no, Purpose.MONITORING, True, "v1", NOW)
        assert await consents.granted_among([yes, no, withdrew], Purpose.MONITORING) == {yes, no}
        assert await consents.granted_among([yes, no, withdrew], Purpose.MESSAGES) == {
            yes,
            withdrew,
        }


async def test_outbox_enqueue_many_and_existing_keys(db: Database) -> None:
    parent = await add_parent(db, 1)

    def message(key: str | None) -> NewMessage:
        return NewMessage(person_id=parent, kind="k", payload={"a": 1}, due_at=NOW, dedupe_key=key)

    async with db.transaction() as tx:
        outbox = OutboxRepository(tx)
        assert await outbox.enqueue_many([message("x"), message("y"), message(None)], NOW) == 3
        assert await outbox.enqueue_many([message("x"), message("z")], NOW) == 1
        assert await outbox.enqueue_many([], NOW) == 0
        assert await outbox.existing_keys(["x", "z", "w"]) == {"x", "z"}
        assert await outbox.existing_keys([]) == set()


# --- contact reminders: next reminder day per running match --------------------------


async def test_pairs_due_for_a_contact_reminder(db: Database, cipher: TextCipher) -> None:
    buddy = await add_buddy(db, 100)
    parents = [await add_parent(db, n) for n in (1, 2, 3)]
    for parent in parents:
        await match(db, buddy, parent)
    today = date(2026, 11, 23)

    async def due(on: date, limit: int = 10) -> list[int]:
        found, after = [], None
        while True:
            async with db.read() as tx:
                page = await ContactRepository(tx, cipher).active_pairs_due(
                    on, after=after, limit=limit
                )
            found += [pair.parent_id for pair in page.pairs]
            if page.after is None:
                return found
            after = page.after

    assert await due(today) == parents
    assert await due(today, limit=1) == parents
    async with db.transaction() as tx:
        await ContactRepository(tx, cipher).set_next_reminders(
            [(buddy, parents[0], date(2026, 12, 1)), (buddy, parents[1], date(2026, 11, 25))]
        )
    assert await due(today) == [parents[2]]
    assert await due(date(2026, 11, 25)) == [parents[2], parents[1]]

    async def next_day(parent: int) -> object:
        return await value(
            db, "SELECT next_contact_reminder_on FROM matches WHERE parent_id = ?", parent
        )

    # Logging, correcting or deleting a contact of the pair makes it due again.
    details = ContactDetails(
        day=date(2026, 11, 22),
        kind=ContactKind.HOME_VISIT,
        duration_minutes=30,
        topics=(),
        parent_mood=4,
        concern=Concern.NONE,
    )
    async with db.transaction() as tx:
        contact = await ContactRepository(tx, cipher).add(
            buddy_id=buddy, parent_id=parents[0], municipality="groningen", details=details, now=NOW
        )
    assert await next_day(parents[0]) == ""
    for change in ("update", "delete"):
        async with db.transaction() as tx:
            await ContactRepository(tx, cipher).set_next_reminders(
                [(buddy, parents[0], date(2026, 12, 1))]
            )
            if change == "update":
                await tx.execute(
                    "UPDATE contacts SET contact_date = '2026-11-21' WHERE id = ?", (contact,)
                )
            else:
                await ContactRepository(tx, cipher).delete(contact)
        assert await next_day(parents[0]) == "", change
    assert await next_day(parents[1]) == "2026-11-25"

    async with db.transaction() as tx:
        assert await ContactRepository(tx, cipher).clear_next_reminders() == 1
    assert await next_day(parents[1]) == ""


# --- threads waiting for the buddy, question alerts ----------------------------------


async def test_waiting_since_follows_the_thread(db: Database, cipher: TextCipher) -> None:
    buddy = await add_buddy(db, 100)
    parent = await add_parent(db, 1)
    await match(db, buddy, parent)

    async def waiting_since(thread: int) -> object:
        return await value(db, "SELECT waiting_since FROM threads WHERE id = ?", thread)

    async def say(thread: int, role: Role, at: datetime) -> int:
        async with db.transaction() as tx:
            return await ThreadRepository(tx, cipher).add_message(
                thread_id=thread, author_id=parent, author_role=role, body="…", now=at
            )

    async with db.transaction() as tx:
        thread = await ThreadRepository(tx, cipher).open(
            parent_id=parent,
            buddy_id=buddy,
            municipality="groningen",
            opened_by=Role.PARENT,
            now=NOW,
        )
    assert await waiting_since(thread) is None
    asked = await say(thread, Role.PARENT, NOW)
    assert await waiting_since(thread) == to_text(NOW)
    answer = await say(thread, Role.BUDDY, NOW + timedelta(hours=1))
    assert await waiting_since(thread) is None
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM thread_messages WHERE id = ?", (answer,))
    assert await waiting_since(thread) == to_text(NOW)

    async with db.transaction() as tx:
        threads = ThreadRepository(tx, cipher)
        assert await threads.waiting_for_buddy(NOW) == [(await threads.get(thread), asked)]
        assert await threads.waiting_for_buddy(NOW - timedelta(seconds=1)) == []
        assert await threads.waiting_ids(NOW) == [thread]
        assert await threads.waiting_for_buddy(NOW, among=[thread + 1]) == []
        await threads.mark_escalated_many([thread], NOW + timedelta(hours=24))
    assert await waiting_since(thread) is None  # passed on to the coordinators
    again = NOW + timedelta(hours=25)
    await say(thread, Role.PARENT, again)
    assert await waiting_since(thread) == to_text(again)  # a new message after that waits
    await say(thread, Role.COORDINATOR, again)
    await say(thread, Role.PARENT, again + timedelta(hours=1))
    assert await waiting_since(thread) is None  # a coordinator took part: not the buddy's

    async with db.transaction() as tx:
        other = await ThreadRepository(tx, cipher).open(
            parent_id=parent,
            buddy_id=buddy,
            municipality="groningen",
            opened_by=Role.PARENT,
            now=NOW,
        )
    await say(other, Role.PARENT, NOW)
    assert await waiting_since(other) == to_text(NOW)
    async with db.transaction() as tx:
        await tx.execute("UPDATE threads SET closed_at = ? WHERE id = ?", (to_text(NOW), other))
    assert await waiting_since(other) is None
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE threads SET closed_at = NULL, buddy_id = NULL WHERE id = ?", (other,)
        )
    assert await waiting_since(other) is None
    async with db.transaction() as tx:
        await tx.execute("UPDATE threads SET buddy_id = ? WHERE id = ?", (buddy, other))
    assert await waiting_since(other) == to_text(NOW)


async def test_question_alerts_set_based(db: Database, cipher: TextCipher) -> None:
    buddy = await add_buddy(db, 100)
    parents = [await add_parent(db, n) for n in (1, 2, 3)]
    for parent in parents[:2]:
        await match(db, buddy, parent)  # the third is not matched
    threads = {}
    async with db.transaction() as tx:
        repository = ThreadRepository(tx, cipher)
        for parent in parents:
            threads[parent] = await repository.open(
                parent_id=parent,
                buddy_id=buddy,
                municipality="groningen",
                opened_by=Role.PARENT,
                now=NOW,
            )
            await repository.add_message(
                thread_id=threads[parent],
                author_id=parent,
                author_role=Role.PARENT,
                body="?",
                now=NOW,
            )
    later = NOW + timedelta(hours=5)
    async with db.transaction() as tx:
        alerts = AlertRepository(tx)
        due = await alerts.questions_to_alert(NOW)
        assert due == [(buddy, parent) for parent in parents]
        assert await alerts.questions_to_alert(NOW - timedelta(seconds=1)) == []
        raised = await alerts.add_unless_open(AlertKind.QUESTION_WAITING, due, later)
        assert [(a.buddy_id, a.parent_id, a.kind) for a in raised] == [
            (buddy, parents[0], AlertKind.QUESTION_WAITING),
            (buddy, parents[1], AlertKind.QUESTION_WAITING),
        ]  # not the pair without a running match
        assert await alerts.add_unless_open(AlertKind.QUESTION_WAITING, due, later) == []
        assert await alerts.questions_to_alert(later) == [(buddy, parents[2])]
        assert await alerts.add_unless_open(AlertKind.LOW_MOOD, due[:1], later) != []

        # Nothing changed: nothing is handled.
        assert await alerts.handle_questions_no_longer_waiting(later) == 0
        # The buddy answers the first family, the second is passed on.
        await ThreadRepository(tx, cipher).add_message(
            thread_id=threads[parents[0]],
            author_id=buddy,
            author_role=Role.BUDDY,
            body="!",
            now=later,
        )
        await ThreadRepository(tx, cipher).mark_escalated_many([threads[parents[1]]], later)
        assert (
            await alerts.handle_questions_no_longer_waiting(later, pairs=[(buddy, parents[1])]) == 1
        )
        assert await alerts.handle_questions_no_longer_waiting(later) == 1
        assert await alerts.handle_questions_no_longer_waiting(later) == 0
        handled = [await alerts.get(alert.id) for alert in raised]
        assert [(a.response, a.acknowledged_at) for a in handled if a] == [
            (AlertResponse.HANDLED, later),
            (AlertResponse.HANDLED, later),
        ]
        low_mood = await alerts.open_for(buddy, parents[0], AlertKind.LOW_MOOD)
        assert low_mood is not None  # other kinds are left alone


# --- surveys, buddies, retention ------------------------------------------------------


async def test_surveys_due_in_pages_and_added_at_once(db: Database, cipher: TextCipher) -> None:
    buddy = await add_buddy(db, 100)
    parents = [await add_parent(db, n) for n in range(1, 6)]
    started = NOW - timedelta(weeks=7)
    matches = [await match(db, buddy, parent, started) for parent in parents]
    async with db.transaction() as tx:
        await MatchRepository(tx).end(matches[1], EndReason.GOALS_REACHED, NOW)
        await MatchRepository(tx).end(matches[2], EndReason.REASSIGNED, NOW)
    async with db.transaction() as tx:
        surveys = SurveyRepository(tx, cipher)
        everything = await surveys.due_for_matches(NOW)
        assert [(d.match_id, d.kind) for d in everything] == [
            (matches[0], SurveyKind.SIX_WEEKS),
            (matches[1], SurveyKind.MATCH_END),
            (matches[3], SurveyKind.SIX_WEEKS),
            (matches[4], SurveyKind.SIX_WEEKS),
        ]
        paged = await surveys.due_for_matches(NOW, limit=2)
        paged += await surveys.due_for_matches(NOW, after=paged[-1].match_id or 0, limit=2)
        assert paged == everything
        added = await surveys.add_many(everything[:2])
        assert set(added) == set(everything[:2])
        assert added[everything[0]] < added[everything[1]]  # in the order given
        assert list(await surveys.add_many(everything[:3])) == [everything[2]]
        assert await surveys.due_for_matches(NOW) == [everything[3]]
        final = SurveyDue(parents[0], None, "groningen", SurveyKind.FINAL)
        assert list(await surveys.add_many([final])) == [final]
        assert await surveys.add_many([final]) == {}


async def test_buddies_to_ask_for_overview_and_wellbeing(db: Database) -> None:
    matched, idle = await add_buddy(db, 100), await add_buddy(db, 101)
    await match(db, matched, await add_parent(db, 1))
    async with db.transaction() as tx:
        buddies = BuddyRepository(tx)
        assert await buddies.with_families(registered_before=NOW) == [matched]
        assert await buddies.with_families(registered_before=NOW - timedelta(days=31)) == []
        assert await buddies.wellbeing_unanswered("2026-10", registered_before=NOW) == [
            matched,
            idle,
        ]
        await tx.execute(
            "INSERT INTO buddy_wellbeing (buddy_id, month, score, answered_at)"
            " VALUES (?, '2026-10', 4, ?)",
            (idle, to_text(NOW)),
        )
        await tx.execute("UPDATE people SET active = 0 WHERE id = ?", (matched,))
        assert await buddies.wellbeing_unanswered("2026-10", registered_before=NOW) == []
        assert await buddies.with_families(registered_before=NOW) == []


async def test_retention_candidates(db: Database) -> None:
    buddy = await add_buddy(db, 100)
    stopped_long_ago, stopped_lately, ended_long_ago, rematched, running = [
        await add_parent(db, n) for n in range(1, 6)
    ]
    cutoff = NOW - timedelta(days=180)
    long_ago = cutoff - timedelta(days=1)
    async with db.transaction() as tx:
        parents = ParentRepository(tx)
        await parents.set_stopped(stopped_long_ago, stopped_at=long_ago, reason=None)
        await parents.set_stopped(stopped_lately, stopped_at=NOW, reason=None)
    for parent in (ended_long_ago, rematched):
        match_id = await match(db, buddy, parent, long_ago - timedelta(days=10))
        async with db.transaction() as tx:
            await MatchRepository(tx).end(match_id, EndReason.GOALS_REACHED, long_ago)
    await match(db, buddy, rematched)
    await match(db, buddy, running)
    async with db.read() as tx:
        assert await parents_past_retention(tx, cutoff) == [stopped_long_ago, ended_long_ago]
