"""The parents' services on a real temporary SQLite file: registering, settings, tips,
questions and their routing, and erasure of tables the schema gains later."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import DEFAULT_SETTINGS
from bot.i18n import LOCALES_DIR
from domain.consent import Purpose
from domain.dates import DateRejected
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.parents import Phase, StopReason
from domain.people import Role
from domain.settings import load_settings
from domain.threads import MAX_MESSAGE_LENGTH, Route
from domain.tips import Stage, TipLibrary, Track
from services.outbox import OutboxService, Outgoing
from services.parents import AlreadyRegistered, NoTip, ParentService, Registration
from services.privacy import PrivacyService
from services.questions import QUESTION_TO_BUDDY, QUESTION_TO_COORDINATOR, QuestionService
from services.signals import SignalService
from storage.crypto import TextCipher
from storage.db import Database
from storage.repositories.matches import MatchRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository
from storage.time import to_text
from tests.harness import TEST_KEY, FakeClock

TIMEZONE = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


@dataclass
class World:
    db: Database
    clock: FakeClock
    parents: ParentService
    questions: QuestionService
    privacy: PrivacyService
    tips: TipLibrary


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    db = Database(tmp_path / "kansrijk.sqlite3")
    await db.open()
    clock = FakeClock(START)
    settings = load_settings(DEFAULT_SETTINGS)
    cipher = TextCipher([TEST_KEY])
    outbox = OutboxService(db, clock)
    signals = SignalService(db, clock, cipher, outbox)
    tips = TipLibrary.load(LOCALES_DIR / "tips")
    yield World(
        db=db,
        clock=clock,
        parents=ParentService(db, clock, settings, TIMEZONE, cipher, tips, signals),
        questions=QuestionService(db, clock, cipher, outbox, settings),
        privacy=PrivacyService(db, clock, cipher, settings),
        tips=tips,
    )
    await db.close()


def registration(telegram_id: int = 1, **changes: object) -> Registration:
    base = Registration(
        telegram_id=telegram_id,
        language="nl",
        first_name="Fatima",
        phase=Phase.PREGNANT,
        due_date=TODAY + timedelta(weeks=20),
        birth_date=None,
        municipality="groningen",
        neighbourhood="beijum",
        referral_link_id=None,
        consents={Purpose.MESSAGES: True, Purpose.SHARE_CHECKINS: False},
        consent_version="test",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def add_person(world: World, telegram_id: int, role: Role, name: str) -> int:
    async with world.db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=telegram_id, role=role, language="nl", first_name=name, now=START
        )
        if role is Role.BUDDY:
            await tx.execute(
                "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
                " VALUES (?, ?, 'groningen', ?)",
                (person.id, name, to_text(START)),
            )
    return person.id


async def add_coordinator(world: World, telegram_id: int, municipality: str | None) -> int:
    person_id = await add_person(world, telegram_id, Role.COORDINATOR, "Coco")
    async with world.db.transaction() as tx:
        await CoordinatorRepository(tx).add(
            person_id, municipality=municipality, display_name=None, from_config=False
        )
    return person_id


async def outbox_kinds(world: World) -> list[tuple[int, str]]:
    async with world.db.read() as tx:
        rows = await tx.fetch_all(
            "SELECT person_id, kind FROM outbox WHERE status = 'pending' ORDER BY id"
        )
    return [(row["person_id"], row["kind"]) for row in rows]


# ---------------------------------------------------------------- registering


async def test_register_stores_parent_and_every_consent(world: World) -> None:
    parent = await world.parents.register(registration())
    assert parent.phase is Phase.PREGNANT and parent.first_name == "Fatima"
    consents = await world.parents.consents(parent.person_id)
    assert {p: c.granted for p, c in consents.items()} == {
        Purpose.MESSAGES: True,
        Purpose.SHARE_CHECKINS: False,
        Purpose.MONITORING: False,
    }
    with pytest.raises(AlreadyRegistered):
        await world.parents.register(registration())
    forged = await world.parents.register(registration(telegram_id=2, referral_link_id=999))
    assert forged.referral_link_id is None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"consents": {Purpose.MESSAGES: False}}, InvalidInput),
        ({"municipality": "amsterdam"}, InvalidInput),
        ({"neighbourhood": "delfzijl"}, InvalidInput),  # not a part of Groningen
        ({"first_name": "x" * 41}, InvalidInput),
        ({"due_date": None}, InvalidInput),
        ({"due_date": TODAY + timedelta(weeks=43)}, DateRejected),
        ({"phase": Phase.BABY, "birth_date": TODAY + timedelta(days=1)}, DateRejected),
        ({"phase": Phase.ENDED}, InvalidInput),
    ],
)
async def test_register_refuses_what_does_not_fit(
    world: World, changes: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await world.parents.register(registration(**changes))
    async with world.db.read() as tx:
        assert await tx.fetch_value("SELECT COUNT(*) FROM people") == 0


# ---------------------------------------------------------------- settings and phases


async def test_pause_stop_and_come_back(world: World) -> None:
    parent = await world.parents.register(registration())
    assert await world.parents.pause(parent.person_id, 2) == TODAY + timedelta(weeks=2)
    for weeks in (0, 9):
        with pytest.raises(InvalidInput):
            await world.parents.pause(parent.person_id, weeks)
    await world.parents.resume(parent.person_id)
    assert (await world.parents.get(parent.person_id)).paused_until is None

    outbox = OutboxService(world.db, world.clock)
    await outbox.enqueue(Outgoing(parent.person_id, "weekly_tip", {}))
    await world.parents.stop(parent.person_id, StopReason.MOVED)
    assert (await world.parents.get(parent.person_id)).stopped
    assert await outbox_kinds(world) == []
    with pytest.raises(NotAllowed):
        await world.questions.ask(parent.person_id, "Hallo?")
    assert await world.parents.come_back(parent.person_id) is True
    assert await world.parents.come_back(parent.person_id) is False


async def test_consent_for_messages_is_withdrawn_by_stopping(world: World) -> None:
    parent = await world.parents.register(registration())
    with pytest.raises(InvalidInput):
        await world.parents.set_consent(parent.person_id, Purpose.MESSAGES, False, "v")
    await world.parents.set_consent(parent.person_id, Purpose.SHARE_CHECKINS, True, "v2")
    consents = await world.parents.consents(parent.person_id)
    assert consents[Purpose.SHARE_CHECKINS].granted
    assert consents[Purpose.SHARE_CHECKINS].text_version == "v2"


async def test_tip_follows_the_phase(world: World) -> None:
    parent = await world.parents.register(
        registration(phase=Phase.WISH, due_date=None, consents={Purpose.MESSAGES: True})
    )
    first = await world.parents.tip_of_the_week(parent.person_id, "nl")
    assert first.tip == world.tips.get(Stage(Track.WISH, 1), "nl")
    world.clock.advance(weeks=1)
    second = await world.parents.tip_of_the_week(parent.person_id, "uk")
    assert second.tip == world.tips.get(Stage(Track.WISH, 2), "uk")

    await world.parents.now_pregnant(parent.person_id, TODAY + timedelta(weeks=30))
    pregnant = await world.parents.tip_of_the_week(parent.person_id, "nl")
    assert pregnant.tip is not None and pregnant.tip.key.startswith("pregnancy.")
    ended = await world.parents.pregnancy_ended(parent.person_id)
    assert ended.phase is Phase.ENDED
    assert (await world.parents.tip_of_the_week(parent.person_id, "nl")).no_tip is (
        NoTip.PREGNANCY_ENDED
    )
    with pytest.raises(InvalidInput):
        await world.parents.pregnancy_ended(parent.person_id)


async def test_no_tips_from_the_second_birthday(world: World) -> None:
    born = TODAY - timedelta(days=700)
    parent = await world.parents.register(
        registration(phase=Phase.BABY, due_date=None, birth_date=born)
    )
    assert (await world.parents.tip_of_the_week(parent.person_id, "nl")).tip is not None
    world.clock.advance(days=40)
    assert (await world.parents.tip_of_the_week(parent.person_id, "nl")).no_tip is (
        NoTip.PROGRAMME_OVER
    )


async def test_a_help_request_is_raised_once_a_day(world: World) -> None:
    parent = await world.parents.register(registration())
    first = await world.parents.ask_professional_contact(parent.person_id)
    again = await world.parents.ask_professional_contact(parent.person_id)
    assert not first.already_asked and again.already_asked
    assert again.signal_id == first.signal_id
    world.clock.advance(hours=25)
    assert not (await world.parents.ask_professional_contact(parent.person_id)).already_asked


# ---------------------------------------------------------------- questions


async def test_questions_route_and_check_who_may_answer(world: World) -> None:
    parent = await world.parents.register(registration())
    buddy = await add_person(world, 50, Role.BUDDY, "Bram")
    other_buddy = await add_person(world, 51, Role.BUDDY, "Olaf")
    local = await add_coordinator(world, 60, "groningen")
    elsewhere = await add_coordinator(world, 61, "eemsdelta")

    unmatched = await world.questions.ask(parent.person_id, "  Hoi  ")
    assert unmatched.routed_to is Route.COORDINATORS
    assert await outbox_kinds(world) == [(local, QUESTION_TO_COORDINATOR)]

    async with world.db.transaction() as tx:
        await MatchRepository(tx).start(
            parent_id=parent.person_id, buddy_id=buddy, created_by=None, now=START
        )
    matched = await world.questions.ask(parent.person_id, "Nog een vraag")
    assert (matched.routed_to, matched.buddy_name) == (Route.BUDDY, "Bram")
    assert (buddy, QUESTION_TO_BUDDY) in await outbox_kinds(world)

    for outsider in (other_buddy, elsewhere):
        with pytest.raises(NotAllowed):
            await world.questions.reply(outsider, matched.thread_id, "Antwoord")
    with pytest.raises(NotAllowed):  # the first thread belongs to the coordinators
        await world.questions.reply(buddy, unmatched.thread_id, "Antwoord")
    with pytest.raises(NotFound):
        await world.questions.reply(buddy, 999, "Antwoord")
    await world.questions.reply(local, unmatched.thread_id, "Hallo Fatima")
    await world.questions.reply(buddy, matched.thread_id, "Hallo")

    for text in ("", "   ", "x" * (MAX_MESSAGE_LENGTH + 1)):
        with pytest.raises(InvalidInput):
            await world.questions.ask(parent.person_id, text)
    relayed = await world.questions.relayed(unmatched.message_id)
    assert relayed is not None and relayed.message.body == "Hoi"


async def test_only_questions_the_buddy_leaves_open_are_passed_on_once(world: World) -> None:
    parent = await world.parents.register(registration())
    buddy = await add_person(world, 50, Role.BUDDY, "Bram")
    local = await add_coordinator(world, 60, "groningen")
    async with world.db.transaction() as tx:
        await MatchRepository(tx).start(
            parent_id=parent.person_id, buddy_id=buddy, created_by=None, now=START
        )
    answered = await world.questions.ask(parent.person_id, "Beantwoord")
    waiting = await world.questions.ask(parent.person_id, "Wacht")
    await world.questions.reply(buddy, answered.thread_id, "Antwoord")
    assert [t.thread_id for t in await world.questions.open_threads_for_buddy(buddy)] == [
        waiting.thread_id
    ]

    world.clock.advance(hours=23)
    assert await world.questions.escalate_unanswered() == 0
    world.clock.advance(hours=2)
    assert await world.questions.escalate_unanswered() == 1
    assert await world.questions.escalate_unanswered() == 0
    # A new message from the parent after that may be passed on again, a day later.
    world.clock.advance(minutes=5)
    await world.questions.reply(parent.person_id, waiting.thread_id, "Hallo?")
    world.clock.advance(hours=25)
    assert await world.questions.escalate_unanswered() == 1
    coordinator_rows = [row for row in await outbox_kinds(world) if row[0] == local]
    assert len(coordinator_rows) == 2


# ---------------------------------------------------------------- erasure


async def test_erasure_covers_a_table_added_by_a_later_migration(world: World) -> None:
    parent = await world.parents.register(registration())
    async with world.db.transaction() as tx:
        await tx.execute(
            "CREATE TABLE diary (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES"
            " parents (person_id) ON DELETE SET NULL, mood INTEGER, entry_text BLOB)"
        )
        await tx.execute(
            "CREATE TABLE visits (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL"
            " REFERENCES people (id))"
        )
        await tx.execute(
            "INSERT INTO diary (parent_id, mood, entry_text) VALUES (?, 3, x'00')",
            (parent.person_id,),
        )
        await tx.execute("INSERT INTO visits (person_id) VALUES (?)", (parent.person_id,))
    await world.privacy.erase(parent.person_id)
    async with world.db.read() as tx:
        assert await tx.fetch_all("SELECT parent_id, mood, entry_text FROM diary") == [
            {"parent_id": None, "mood": 3, "entry_text": None}
        ]
        assert await tx.fetch_value("SELECT COUNT(*) FROM visits") == 0
        assert await tx.fetch_value("SELECT COUNT(*) FROM people") == 0
    with pytest.raises(NotFound):
        await world.privacy.erase(parent.person_id)
