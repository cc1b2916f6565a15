"""A broadcast as a coordinator sends it: segment with buttons, text, preview, confirm;
sent through the outbox at Telegram's limits with one progress message; a final report."""

from __future__ import annotations

from tests.builders import add_buddy, add_parent, add_parents
from tests.harness import BotHarness

PARENTS = 500
BLOCKED = 10


async def test_broadcast_to_500_parents_of_whom_10_blocked_the_bot(harness: BotHarness) -> None:
    users = [harness.user(f"Parent{i}", "en") for i in range(PARENTS)]
    await add_parents(harness, users, language="en", neighbourhood="beijum")
    for user in users[:BLOCKED]:
        await user.block()
    buddy = harness.user("Bram", "en")
    await add_buddy(harness, buddy.id, display_name="Bram", language="en")

    coco = harness.coordinator("en")
    await coco.send("/language")  # the final report comes later, in the stored language
    await coco.tap("English")
    await coco.send("/broadcast")
    await coco.tap("Parents")
    await coco.tap("Groningen")
    await coco.tap("Beijum")
    await coco.tap("All phases")
    await coco.tap("Every language")
    assert "490 people can be reached" in coco.last.text
    await coco.send("The baby café is open again on <Thursday> & Friday!")
    preview = coco.last.text
    assert "490 people" in preview and "10 more have blocked the bot" in preview
    assert "The baby café is open again on <Thursday> & Friday!" in preview
    assert coco.visible_buttons() == ["Send to 490 people", "Write the text again"]

    await coco.tap("Send to 490 people")  # returns when the outbox has been worked off
    progress = coco.last
    assert progress.text.startswith(("Sending your message", "Your message has been sent"))
    await harness.tick()  # the planner finishes a broadcast that is done

    for user in users[BLOCKED:]:
        assert [m.text for m in user.messages] == [
            "A message from the Kansrijke Start team:\n\n"
            "The baby café is open again on <Thursday> & Friday!"
        ], user
    for user in users[:BLOCKED]:
        assert user.messages == []
    assert buddy.messages == []
    report = coco.last.text
    assert "Your message has been sent to everyone." in report
    assert "Delivered: 490. Blocked the bot: 10. Failed: 0." in report
    # One progress message, edited every few seconds while the messages went out.
    progress_now = next(m for m in coco.messages if m.message_id == progress.message_id)
    assert progress_now.edited
    assert all("Sending your message" in text for text in progress_now.history)


async def test_broadcast_to_buddies_and_editing_the_text(harness: BotHarness) -> None:
    parent = harness.user("Fatima", "en")
    await add_parent(harness, parent.id, language="en")
    buddy = harness.user("Bram", "en")
    await add_buddy(harness, buddy.id, display_name="Bram", language="en")
    coco = harness.coordinator("en")
    await coco.send("/broadcast")
    await coco.send("everyone")  # text where a button is expected
    assert "tap one of the buttons" in coco.texts()[-2]
    await coco.tap("Buddies")
    await coco.tap("The whole province")
    assert "Parents in which phase?" not in coco.texts()  # buddies have no phase
    await coco.tap("Every language")
    await coco.send("x" * 1501)
    assert "under 1500" in coco.last.text
    await coco.send("Training on Monday")
    await coco.tap("Write the text again")
    await coco.send("Training on Tuesday")
    await coco.tap("Send to 1 person")
    await harness.tick()
    assert buddy.last.text.endswith("Training on Tuesday")
    assert len(buddy.messages) == 1
    assert parent.messages == []
