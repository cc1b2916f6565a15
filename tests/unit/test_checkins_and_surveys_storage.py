"""Check-in and survey repositories on a real temporary SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.checkins import CheckinKind
from domain.matches import EndReason
from domain.parents import Phase
from domain.people import Role
from domain.surveys import HelpedMost, SurveyDue, SurveyKind
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.checkins import CheckinRepository
from storage.repositories.conversations import ConversationStateRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.surveys import SurveyRepository
from storage.time import to_text

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def add_person(db: Database, telegram_id: int, role: Role) -> int:
    async with db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=role, language="nl", first_name="X", now=NOW
        )
        if role is Role.PARENT:
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
        else:
            await tx.execute(
                "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
                " VALUES (?, 'B', 'groningen', ?)",
                (person.id, to_text(NOW)),
            )
    return person.id


async def test_one_checkin_per_slot_and_day(db: Database) -> None:
    parent = await add_person(db, 1, Role.PARENT)
    async with db.transaction() as tx:
        checkins = CheckinRepository(tx)
        first = await checkins.add(parent_id=parent, kind=CheckinKind.MOOD, slot="2026-11-30T09:30")
        assert first is not None
        assert (
            await checkins.add(parent_id=parent, kind=CheckinKind.MOOD, slot="2026-11-30T09:30")
            is None
        )
        assert await checkins.planned_on(parent, "2026-11-30")
        assert not await checkins.planned_on(parent, "2026-12-07")


async def test_first_answer_counts_and_latest_answered(db: Database) -> None:
    parent = await add_person(db, 1, Role.PARENT)
    async with db.transaction() as tx:
        checkins = CheckinRepository(tx)
        older = await checkins.add(parent_id=parent, kind=CheckinKind.MOOD, slot="2026-11-23T09:30")
        newer = await checkins.add(
            parent_id=parent, kind=CheckinKind.STRESS, slot="2026-11-30T09:30"
        )
        assert await checkins.latest_answered(parent) is None
        assert await checkins.record_score(older, 2, NOW)
        assert not await checkins.record_score(older, 5, NOW)
        assert await checkins.record_score(newer, 7, NOW + timedelta(days=7))
        latest = await checkins.latest_answered(parent)
    assert latest is not None and (latest.id, latest.kind, latest.score) == (
        newer,
        CheckinKind.STRESS,
        7,
    )


async def test_unanswered_streak_counts_from_the_newest(db: Database) -> None:
    parent = await add_person(db, 1, Role.PARENT)
    async with db.transaction() as tx:
        checkins = CheckinRepository(tx)
        ids = [
            await checkins.add(
                parent_id=parent, kind=CheckinKind.MOOD, slot=f"2026-11-{day:02d}T09:30"
            )
            for day in (2, 9, 16, 23)
        ]
        for number, checkin_id in enumerate(ids):
            await checkins.mark_sent(checkin_id, NOW + timedelta(days=number))
        await checkins.record_score(ids[0], 4, NOW)
        assert await checkins.mark_unanswered_sent_before(NOW + timedelta(days=3), NOW) == [parent]
        # The newest is still within its answer window: neither counted nor a break.
        assert await checkins.unanswered_streak(parent) == 2
        assert await checkins.mark_unanswered_sent_before(NOW + timedelta(days=9), NOW) == [parent]
        assert await checkins.unanswered_streak(parent) == 3
        assert await checkins.mark_unanswered_sent_before(NOW + timedelta(days=9), NOW) == []


async def test_surveys_once_per_moment_and_the_comment_encrypted(
    db: Database, cipher: TextCipher
) -> None:
    parent = await add_person(db, 1, Role.PARENT)
    buddy = await add_person(db, 2, Role.BUDDY)
    async with db.transaction() as tx:
        match_id = await MatchRepository(tx).start(
            parent_id=parent, buddy_id=buddy, created_by=None, now=NOW - timedelta(weeks=7)
        )
        surveys = SurveyRepository(tx, cipher)
        [due] = await surveys.due_for_matches(NOW)
        assert due == SurveyDue(parent, match_id, "groningen", SurveyKind.SIX_WEEKS)
        survey_id = await surveys.add(due)
        assert await surveys.add(due) is None
        assert await surveys.due_for_matches(NOW) == []

        assert await surveys.record_helpfulness(survey_id, 9, NOW)
        assert not await surveys.record_helpfulness(survey_id, 1, NOW)
        assert await surveys.record_helped_most(survey_id, HelpedMost.TIPS)
        assert await surveys.record_comment(survey_id, "Heel fijn")
        stored = await tx.fetch_value("SELECT comment_text FROM surveys WHERE id = ?", (survey_id,))
        survey = await surveys.get(survey_id)

        await MatchRepository(tx).end(match_id, EndReason.REASSIGNED, NOW)
        assert await surveys.due_for_matches(NOW) == [], "a reassignment is no end"
    assert b"Heel fijn" not in bytes(stored)
    assert survey is not None and (survey.helpfulness, survey.helped_most, survey.comment) == (
        9,
        HelpedMost.TIPS,
        "Heel fijn",
    )


async def test_who_is_in_a_conversation(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO conversation_states (name, key, state) VALUES"
            " ('a', '[11, 11]', '\"x\"'), ('b', '[12]', '\"y\"'), ('c', '[13, 99]', '\"z\"')"
        )
        talking = await ConversationStateRepository(tx).in_conversation([11, 12, 13, 14])
    assert talking == {11, 12}
