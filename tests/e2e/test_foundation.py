"""The foundation as a new user meets it: language, routing, kind answers to anything."""

from __future__ import annotations

from tests.harness import BotHarness


async def test_start_speaks_the_users_language(harness: BotHarness) -> None:
    for language, greeting in [
        ("nl", "Welkom"),
        ("en", "Welcome"),
        ("de", "Welkom"),
        (None, "Welkom"),
    ]:
        person = harness.user("Sam", language)
        await person.send("/start")
        assert greeting in person.texts()[0], (language, person.texts())


async def test_media_gets_a_kind_answer_in_the_users_language(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send_sticker()
    assert "alleen tekst en knoppen" in anna.last.text
    james = harness.user("James", "en")
    await james.send_photo()
    assert "only read text and buttons" in james.last.text
    await james.send_voice()
    await james.send_location(53.2, 6.56)
    assert len(james.texts()) == 3


async def test_unknown_command_and_edits_are_answered(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send("/bestaatniet")
    assert "/help" in anna.last.text
    await anna.edit_last("iets anders")
    assert "nieuw bericht" in anna.last.text


async def test_huge_message_is_refused_kindly(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send("a" * 4090)
    assert "te lang" in anna.last.text and "4000" in anna.last.text


async def test_language_can_be_chosen_before_registering(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send("/language")
    assert "English" in anna.visible_buttons()
    await anna.tap("English")
    assert any("Welcome" in text for text in anna.texts())
    await anna.send("/help")
    assert "Type /start to begin" in anna.last.text


async def test_stale_button_is_answered(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send("/start")
    await anna.tap_data("zz:1:2")
    assert anna.answers[-1].text == "Deze knop werkt niet meer. Hier is het menu."


async def test_configured_coordinator_exists_and_has_commands(harness: BotHarness) -> None:
    coordinator = harness.coordinator()
    await coordinator.send("/start")
    assert coordinator.last.text
    person = await harness.services.people.identify(coordinator.id)
    assert person is not None and person.role.value == "coordinator"
    assert [c["command"] for c in harness.fake.commands(language_code="nl")][:2] == [
        "start",
        "help",
    ]


async def test_blocking_the_bot_marks_the_person_inactive(harness: BotHarness) -> None:
    coordinator = harness.coordinator()
    await coordinator.send("/start")
    await coordinator.block()
    async with harness.services.db.read() as tx:
        active = await tx.fetch_value(
            "SELECT active FROM people WHERE telegram_id = ?", (coordinator.id,)
        )
    assert active == 0
    await coordinator.unblock()
    async with harness.services.db.read() as tx:
        active = await tx.fetch_value(
            "SELECT active FROM people WHERE telegram_id = ?", (coordinator.id,)
        )
    assert active == 1


async def test_flood_is_ignored_after_one_kind_notice(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    for number in range(24):
        await anna.send(f"bericht {number}")
    notices = [text for text in anna.texts() if "veel berichten" in text]
    assert len(notices) == 1
    replies_to_flood = len(anna.texts())
    await anna.send("nog een")
    assert len(anna.texts()) == replies_to_flood
