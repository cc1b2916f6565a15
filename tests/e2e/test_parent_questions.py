"""Questions from a parent reach their buddy (or the coordinators) and the answers come
back, through the bot: nobody needs anyone's phone number."""

from __future__ import annotations

import pytest

from domain.errors import NotAllowed
from domain.people import Person
from flows.common.replies import ReplyToThread
from flows.parent.callbacks import ParentReply
from tests.builders import add_buddy, add_coordinator, add_parent, match
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

QUESTION = "Mijn baby slaapt slecht. Wat kan ik doen?"


async def family(harness: BotHarness, *, matched: bool = True) -> tuple[SimUser, Person, SimUser]:
    """Fatima (pregnant, Beijum) and, when matched, her buddy Bram."""
    fatima = harness.user("Fatima", "nl")
    parent = await add_parent(harness, fatima.id, first_name="Fatima")
    bram = harness.user("Bram", "nl")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    if matched:
        await match(harness, parent=parent, buddy=buddy)
    return fatima, parent, bram


async def thread_messages(harness: BotHarness, parent: Person) -> list[tuple[str, str]]:
    async with harness.services.db.read() as tx:
        rows = await tx.fetch_all(
            "SELECT m.author_role, m.body_text FROM thread_messages m"
            " JOIN threads t ON t.id = m.thread_id WHERE t.parent_id = ? ORDER BY m.id",
            (parent.id,),
        )
    cipher = harness.services.cipher
    return [(row["author_role"], cipher.decrypt(row["body_text"])) for row in rows]


async def test_question_reaches_the_buddy_and_the_answer_comes_back(harness: BotHarness) -> None:
    fatima, parent, bram = await family(harness)
    await fatima.send("/start")
    await fatima.tap("💬 Vraag het mijn buddy")
    assert "Wat wil je aan Bram vragen?" in fatima.last.text
    await fatima.send(QUESTION)
    assert "Verstuurd naar Bram" in fatima.last.text

    assert "Nieuwe vraag van Fatima (Beijum)" in bram.last.text
    assert QUESTION in bram.last.text
    await bram.tap("↩️ Antwoorden")
    assert "Typ je antwoord aan Fatima" in bram.last.text
    await bram.send("Probeer elke avond hetzelfde ritme: badje, voeden, slapen.")
    assert any("Je antwoord is verstuurd" in text for text in bram.texts()[-2:])

    answer = fatima.last.text
    assert "Antwoord van je buddy Bram" in answer
    assert "hetzelfde ritme" in answer
    await fatima.tap("↩️ Antwoorden")
    await fatima.send("Dank je, ik ga het proberen!")
    assert "Fatima (Beijum) schrijft:" in bram.last.text
    assert "ik ga het proberen" in bram.last.text

    assert [role for role, _ in await thread_messages(harness, parent)] == [
        "parent",
        "buddy",
        "parent",
    ]
    # The buddy saw no Telegram id or phone number of the parent, nor she of him.
    assert str(fatima.id) not in "".join(bram.texts())
    assert str(bram.id) not in "".join(fatima.texts())


async def test_without_a_buddy_the_coordinators_of_the_municipality_answer(
    harness: BotHarness,
) -> None:
    fatima, parent, _ = await family(harness, matched=False)
    local = harness.user("Lotte", "nl")
    await add_coordinator(harness, local.id, municipality="groningen")
    elsewhere = harness.user("Els", "nl")
    await add_coordinator(harness, elsewhere.id, municipality="eemsdelta")
    province = harness.coordinator()

    await fatima.send("/start")
    await fatima.tap("💬 Stel een vraag")
    assert "Een coördinator van Groningen geeft je antwoord" in fatima.last.text
    await fatima.send(QUESTION)
    assert "Verstuurd naar een coördinator van Groningen" in fatima.last.text

    for coordinator in (local, province):
        assert "Vraag van Fatima (Beijum) in Groningen, zonder buddy" in coordinator.last.text
        assert QUESTION in coordinator.last.text
    assert not elsewhere.messages

    await local.tap("↩️ Antwoorden")
    await local.send("Ik bel het consultatiebureau voor je.")
    assert "Antwoord van het team van Kansrijk" in fatima.last.text
    await fatima.tap("↩️ Antwoorden")
    await fatima.send("Fijn, dank je wel.")
    assert "reageert op je antwoord" in local.last.text  # back to who answered
    assert "Fijn, dank je wel." not in province.last.text


async def test_unanswered_question_goes_to_the_coordinators_after_a_day(
    harness: BotHarness,
) -> None:
    fatima, parent, bram = await family(harness)
    province = harness.coordinator()
    await harness.services.questions.ask(parent.id, QUESTION)
    await harness.deliver_due()
    assert QUESTION in bram.last.text
    assert not province.messages

    await harness.tick(hours=23)
    assert not province.messages
    await harness.tick(hours=2)
    assert "heeft nog geen antwoord" in province.last.text
    assert QUESTION in province.last.text
    await harness.tick(hours=25)
    assert len(province.messages) == 1  # passed on once

    await province.tap("↩️ Antwoorden")
    await province.send("Ik neem contact met je op.")
    assert "Ik neem contact met je op." in fatima.last.text


async def test_text_typed_outside_any_flow_is_offered_to_the_buddy(harness: BotHarness) -> None:
    fatima, parent, bram = await family(harness)
    await fatima.send("hoi, mag ik iets vragen over borstvoeding?")
    assert "Wil je dat ik dit naar je buddy Bram stuur?" in fatima.last.text
    await fatima.tap("✅ Ja, stuur het")
    assert "Verstuurd naar Bram" in fatima.last.text
    assert "borstvoeding" in bram.last.text

    await fatima.send("laat maar")
    await fatima.tap("Nee")
    assert "niet verstuurd" in fatima.last.text
    assert "laat maar" not in bram.last.text
    # The typed text waited encrypted, and is gone from the draft now.
    async with harness.services.db.read() as tx:
        drafts = await tx.fetch_all("SELECT data FROM user_drafts")
    assert all("laat maar" not in row["data"] for row in drafts)


async def test_a_buddy_writes_first_and_the_parent_replies(harness: BotHarness) -> None:
    fatima, parent, bram = await family(harness)
    buddy = await harness.services.people.identify(bram.id)
    assert buddy is not None
    await harness.services.questions.buddy_writes(buddy.id, parent.id, "Hoe gaat het met je?")
    await harness.deliver_due()
    assert "Bericht van je buddy Bram" in fatima.last.text
    await fatima.tap("↩️ Antwoorden")
    assert "Typ je antwoord aan Bram" in fatima.last.text
    await fatima.send("Goed hoor!")
    assert "Goed hoor!" in bram.last.text


async def test_nobody_else_can_answer_or_read_a_thread(harness: BotHarness) -> None:
    fatima, parent, bram = await family(harness)
    result = await harness.services.questions.ask(parent.id, QUESTION)
    await harness.deliver_due()

    other_buddy = harness.user("Olaf", "nl")
    await add_buddy(harness, other_buddy.id, display_name="Olaf")
    await other_buddy.send("/start")
    await other_buddy.tap_data(ReplyToThread(result.thread_id).pack())
    assert other_buddy.answers[-1].text == "Je kunt deze vraag niet meer beantwoorden."

    other_parent = harness.user("Petra", "nl")
    await add_parent(harness, other_parent.id, first_name="Petra")
    await other_parent.send("/start")
    await other_parent.tap_data(ParentReply(result.thread_id).pack())
    assert other_parent.answers[-1].text == "Dit gesprek is gesloten."
    assert QUESTION not in "".join(other_parent.texts() + other_buddy.texts())
    assert [role for role, _ in await thread_messages(harness, parent)] == ["parent"]


async def test_too_long_question_is_refused_kindly_and_nothing_is_lost(
    harness: BotHarness,
) -> None:
    fatima, parent, bram = await family(harness)
    await fatima.send("/start")
    await fatima.tap("💬 Vraag het mijn buddy")
    await fatima.send("a" * 3500)
    assert "Dat is te lang" in fatima.last.text
    await fatima.send("Korter nu.")
    assert "Verstuurd naar Bram" in fatima.last.text
    assert "Korter nu." in bram.last.text


async def test_a_coordinator_writes_after_a_help_request(harness: BotHarness) -> None:
    fatima, parent, _ = await family(harness, matched=False)
    local = harness.user("Lotte", "nl")
    coordinator = await add_coordinator(harness, local.id, municipality="groningen")
    await harness.services.questions.coordinator_writes(
        coordinator.id, parent.id, "Ik bel je morgen om 10 uur, is dat goed?"
    )
    await harness.deliver_due()
    assert "Bericht van het team van Kansrijk" in fatima.last.text
    await fatima.tap("↩️ Antwoorden")
    await fatima.send("Ja, prima!")
    assert "reageert op je antwoord" in local.last.text
    assert "Ja, prima!" in local.last.text

    elsewhere = harness.user("Els", "nl")
    outsider = await add_coordinator(harness, elsewhere.id, municipality="eemsdelta")
    with pytest.raises(NotAllowed):
        await harness.services.questions.coordinator_writes(outsider.id, parent.id, "Hoi")


async def test_a_buddy_command_while_asking_leaves_the_question_kindly(
    harness: BotHarness,
) -> None:
    # The question conversation hands an unknown command on, and the buddies' /families
    # hands on what is not from a buddy: once they handed it to each other forever.
    fatima, parent, bram = await family(harness)
    await fatima.send("/start")
    await fatima.tap("💬 Vraag het mijn buddy")
    for command in ("/families", "/log"):
        await fatima.send(command)
        assert fatima.last.text, command
    assert harness.errors == []
    await fatima.send("Mijn vraag, toch nog.")
    assert all("Mijn vraag" not in text for text in bram.texts())  # the question was left
