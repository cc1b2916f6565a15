"""Group activities as the coordinator and parents meet them: an activity for one
neighbourhood reaches exactly that neighbourhood's parents; sign-ups beyond capacity go
to the waiting list; a cancellation promotes the first in line, who is told; a reminder
the day before; afterwards the coordinator ticks who came."""

from __future__ import annotations

from flows.parent.activities import SignUp
from tests.builders import add_parent
from tests.fake_telegram import SimUser
from tests.harness import BotHarness


async def create_activity(
    coordinator: SimUser, *, title: str, when: str, capacity: str, neighbourhood: str
) -> None:
    await coordinator.send("/start")
    await coordinator.tap("Activities")
    await coordinator.tap("New activity")
    await coordinator.send(title)
    await coordinator.tap("Skip")
    await coordinator.send(when)
    await coordinator.send("Buurthuis De Schakel, Beijum")
    await coordinator.send(capacity)
    await coordinator.tap("Groningen")  # the province-wide coordinator picks the municipality
    await coordinator.tap(neighbourhood)
    await coordinator.tap("All phases")
    await coordinator.tap("Every language")


async def test_activity_reaches_its_neighbourhood_with_waitlist_and_promotion(
    harness: BotHarness,
) -> None:
    beijum = [harness.user(name, "en") for name in ("Amira", "Bo", "Chen")]
    for user in beijum:
        await add_parent(
            harness, user.id, first_name=user.first_name, language="en", neighbourhood="beijum"
        )
    lewenborg = harness.user("Dana", "en")
    await add_parent(
        harness, lewenborg.id, first_name="Dana", language="en", neighbourhood="lewenborg"
    )
    elsewhere = harness.user("Eva", "en")
    await add_parent(harness, elsewhere.id, municipality="westerkwartier", neighbourhood="leek")

    coco = harness.coordinator("en")
    await create_activity(
        coco, title="Baby massage", when="12-12-2026 10:00", capacity="2", neighbourhood="Beijum"
    )
    assert "Baby massage" in coco.last.text and "Places: 2" in coco.last.text
    await coco.tap("Save and tell the parents")
    assert "Signed up: 0" in coco.last.text

    for user in beijum:
        assert "new activity for you" in user.last.text
        assert "Baby massage" in user.last.text
        assert "Saturday, December 12, 2026" in user.last.text
    assert lewenborg.messages == [] and elsewhere.messages == []
    activity_id = int(beijum[0].last.buttons[0][0].value.split(":")[1])
    await lewenborg.send("/start")
    await lewenborg.tap_data(SignUp(activity_id).pack())  # a forged button: not for Dana
    assert "no longer open" in lewenborg.last.text

    amira, bo, chen = beijum
    await amira.tap("Sign me up")
    assert "you are signed up" in amira.last.text
    await bo.tap("Sign me up")
    await chen.tap("Sign me up")  # the button of the announcement, sent before it was full
    assert "waiting list" in chen.last.text and "number 1" in chen.last.text

    await amira.tap("I cannot come")
    assert "no longer on the list" in amira.last.text
    # Chen just tapped a button: a message the bot sends on its own waits a moment.
    await harness.tick(minutes=2)
    assert "a place came free" in chen.last.text
    assert "✅ You are signed up" in chen.last.text

    await coco.tap("« Back")
    await coco.tap(next(label for label in coco.visible_buttons() if "Baby massage" in label))
    assert "Signed up: 2. Waiting list: 0." in coco.last.text
    assert "Signed up: Bo, Chen" in coco.last.text


async def test_reminder_the_day_before_and_ticking_who_came(harness: BotHarness) -> None:
    fatima = harness.user("Fatima", "en")
    await add_parent(harness, fatima.id, first_name="Fatima", language="en", neighbourhood="beijum")
    coco = harness.coordinator("en")
    # The harness starts on Monday 23 November 2026, 10:00 UTC.
    await create_activity(
        coco,
        title="Walk in the park",
        when="25-11-2026 14:00",
        capacity="10",
        neighbourhood="Beijum",
    )
    await coco.tap("Save and tell the parents")
    await fatima.tap("Sign me up")
    reminders_before = len(fatima.messages)

    await harness.tick(hours=20)  # Tuesday 06:00 UTC: more than 24 h before, no reminder
    assert len(fatima.messages) == reminders_before
    await harness.tick(hours=8)  # Tuesday 14:00 UTC: within 24 h
    assert "A reminder" in fatima.last.text and "Walk in the park" in fatima.last.text
    await harness.tick(hours=1)
    assert sum("A reminder" in text for text in fatima.texts()) == 1  # only once

    await harness.tick(hours=26)  # Thursday: the activity is over
    await coco.send("/start")
    await coco.tap("Activities")
    await coco.tap(next(label for label in coco.visible_buttons() if "Walk in the park" in label))
    assert "Who came?" in coco.last.text
    await coco.tap("⬜ Fatima")
    assert "✅ Fatima" in coco.visible_buttons()
    await coco.tap("✅ Fatima")
    assert "⬜ Fatima" in coco.visible_buttons()
    await coco.tap("⬜ Fatima")
    async with harness.services.db.read() as tx:
        attended = await tx.fetch_value("SELECT attended FROM activity_signups")
    assert attended == 1


async def test_unexpected_answers_in_the_activity_conversation(harness: BotHarness) -> None:
    coco = harness.coordinator("en")
    await coco.send("/start")
    await coco.tap("Activities")
    await coco.tap("New activity")
    await coco.send("x" * 81)
    assert "under 80" in coco.last.text
    await coco.send("Coffee morning")
    await coco.tap("Skip")
    await coco.send("next week 10:00")
    assert "could not read that date" in coco.last.text
    await coco.send("12-12-2026")
    assert "add a time" in coco.last.text
    await coco.send("01-01-2020 10:00")
    assert "has passed" in coco.last.text
    await coco.send("12-12-2026 9:30")
    await coco.send("Library")
    await coco.send("many")
    assert "whole number" in coco.last.text
    await coco.tap("8")
    await coco.send("Groningen")  # text where a button is expected
    assert "tap one of the buttons" in coco.texts()[-2]
    assert "Groningen" in coco.visible_buttons()
    await coco.send("/cancel")
    assert "stopped" in coco.texts()[-2]
    assert (
        await harness.services.activities.in_scope(
            (await harness.services.people.identify(coco.id)).id
        )
        == []
    )


async def test_creating_an_activity_survives_a_restart(harness: BotHarness) -> None:
    coco = harness.coordinator("en")
    await coco.send("/start")
    await coco.tap("Activities")
    await coco.tap("New activity")
    await coco.send("Sing-along for babies")
    await harness.restart()
    await coco.tap("Skip")
    assert "When does it start?" in coco.last.text
    await coco.send("12-12-2026 10:00")
    await coco.send("Library Beijum")
    await coco.tap("10")
    await coco.tap("Groningen")
    await coco.tap("All of Groningen")
    await coco.tap("All phases")
    await coco.tap("Every language")
    await coco.tap("Save, publish later")
    assert "Sing-along for babies" in coco.last.text
    assert "Not published yet" in coco.last.text
    assert "Publish: tell the parents" in coco.visible_buttons()
